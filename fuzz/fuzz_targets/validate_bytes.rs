//! Arbitrary bytes as a request body, for every provider. Beyond "no panic", the oracles of
//! `capspec_corpus::oracle`: bytes that parse as a `Value` and repeat no key get the same
//! violations from the bytes and from the `Value`; a valid request's normalized body is valid
//! and normalizes to itself. And the run-time registry of the same specs gives the compiled
//! validators' answer (violations, spec, output, normalized body). `tests/replay.rs` runs
//! `fuzz/seeds` through the same oracles.

#![no_main]

use capspec::{Provider, ValidRequest};
use libfuzzer_sys::fuzz_target;

/// What a result says, whichever path gave it.
fn verdict<R: ValidRequest>(
    r: Result<R, capspec::Violations>,
) -> Result<(String, capspec::types::Output, Vec<u8>), capspec::Violations> {
    r.map(|r| (r.spec_id().to_owned(), r.output(), serde_json::to_vec(&r).unwrap_or_default()))
}

fuzz_target!(|data: &[u8]| {
    let registry = capspec::CATALOG.registry();
    for &provider in Provider::ALL {
        let checked = capspec_corpus::oracle(
            data,
            |b| provider.validate_slice(b).map(|r| r.into_owned()),
            |v| provider.validate_value(v).map(|r| r.into_owned()),
            |r| serde_json::to_vec(r).expect("a request serializes"),
        );
        if let Err(broken) = checked {
            panic!("{provider}: {broken}");
        }
        let compiled = verdict(provider.validate_slice(data));
        let loaded = verdict(registry.validate_slice(provider.as_str(), data));
        assert_eq!(compiled, loaded, "{provider}: the registry disagrees with the compiled validators");
    }
});
