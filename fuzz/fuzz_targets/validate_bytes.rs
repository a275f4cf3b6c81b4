//! Arbitrary bytes as a request body, for every provider. Beyond "no panic", the oracles of
//! `capspec::corpus::oracle`: bytes that parse as a `Value` and repeat no key get the same
//! violations from the bytes and from the `Value`; a valid request's normalized body is valid
//! and normalizes to itself. `tests/replay.rs` runs `fuzz/seeds` through the same oracles.

#![no_main]

use capspec::Provider;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for &provider in Provider::ALL {
        let checked = capspec::corpus::oracle(
            data,
            |b| provider.validate_slice(b).map(|r| r.into_owned()),
            |v| provider.validate_value(v).map(|r| r.into_owned()),
            |r| serde_json::to_vec(r).expect("a request serializes"),
        );
        if let Err(broken) = checked {
            panic!("{provider}: {broken}");
        }
    }
});
