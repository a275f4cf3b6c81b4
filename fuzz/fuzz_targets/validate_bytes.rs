//! Arbitrary bytes as a request body, for every provider. Beyond "no panic", two oracles:
//! - a body that parses as a `Value` gets the same violations from the bytes and from the
//!   `Value` (unless the bytes repeat a key, which only bytes can);
//! - a valid request's normalized body is valid and normalizes to itself.

#![no_main]

use capspec::{Code, Provider};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let value = serde_json::from_slice::<serde_json::Value>(data).ok();
    for &provider in Provider::ALL {
        let from_bytes = provider.validate_slice(data);
        if let Some(value) = &value {
            let repeated_key = matches!(&from_bytes, Err(v) if v.iter().any(|v| v.code() == Code::InvalidJson));
            if !repeated_key {
                assert_eq!(from_bytes, provider.validate_value(value), "bytes and value disagree");
            }
        }
        if let Ok(request) = &from_bytes {
            let normalized = serde_json::to_vec(request).expect("a request serializes");
            let again = provider.validate_slice(&normalized).expect("a normalized request is valid");
            assert_eq!(serde_json::to_vec(&again).unwrap(), normalized, "normalizing twice changes the body");
        }
    }
});
