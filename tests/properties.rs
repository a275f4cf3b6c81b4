//! Properties over generated bodies (proptest):
//! - validation never panics on arbitrary JSON, and bytes and a parsed value get the same
//!   verdict and violations;
//! - a normalized valid request re-validates as valid and normalizes to itself;
//! - every violation's `param` names a path that exists in the body, or (for
//!   `missing_required`) a property of the provider's specs.
//!
//! Bodies are arbitrary JSON whose keys and strings are drawn mostly from the specs' own
//! names and values, so that they reach deep into the validators.

use std::sync::OnceLock;

use capspec::{Code, Provider};
use proptest::prelude::*;
use serde_json::{Map, Value};

/// Names and values the specs use: property names, enum members, model names, sizes, URLs.
fn vocabulary() -> &'static (Vec<String>, Vec<String>) {
    static V: OnceLock<(Vec<String>, Vec<String>)> = OnceLock::new();
    V.get_or_init(|| {
        let mut keys = vec!["capspec_x".to_owned()];
        let mut strings = vec![
            "1024x1024".to_owned(),
            "1328*1328".to_owned(),
            "https://example.com/a.png".to_owned(),
            "http://127.0.0.1/".to_owned(),
            "a\u{0}b".to_owned(),
            String::new(),
        ];
        let (names, values) = capspec::corpus::vocabulary(capspec::specs());
        keys.extend(names);
        strings.extend(values);
        keys.sort();
        keys.dedup();
        strings.sort();
        strings.dedup();
        (keys, strings)
    })
}

fn leaf() -> impl Strategy<Value = Value> {
    let (_, strings) = vocabulary();
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        (-10i64..5000).prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        (-1e6f64..1e6).prop_map(Value::from),
        prop::sample::select(strings.clone()).prop_map(Value::String),
        "[a-z \\u{0}\\u{7f}é字]{0,12}".prop_map(Value::String),
    ]
}

fn key() -> impl Strategy<Value = String> {
    let (keys, _) = vocabulary();
    prop_oneof![4 => prop::sample::select(keys.clone()), 1 => "[a-z_]{1,6}"]
}

fn json() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::vec((key(), inner), 0..6)
                .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// A body: mostly an object of spec keys, sometimes anything at all.
fn body() -> impl Strategy<Value = Value> {
    prop_oneof![
        6 => prop::collection::vec((key(), json()), 0..10).prop_map(|kv| Value::Object(kv.into_iter().collect())),
        1 => json(),
    ]
}

fn provider() -> impl Strategy<Value = Provider> {
    prop::sample::select(Provider::ALL.to_vec())
}

/// Whether `path` (`a.b`, `image[0]`) names a value in `body`.
fn exists(body: &Value, path: &str) -> bool {
    let mut v = body;
    for part in path.split('.') {
        let (name, index) = match part.split_once('[') {
            Some((name, rest)) => (name, rest.trim_end_matches(']').parse::<usize>().ok()),
            None => (part, None),
        };
        let Some(next) = v.get(name) else {
            return false;
        };
        v = next;
        if let Some(i) = index {
            let Some(item) = v.get(i) else { return false };
            v = item;
        }
    }
    true
}

fn is_property(provider: Provider, path: &str) -> bool {
    capspec::specs()
        .iter()
        .filter(|s| s.provider == provider.as_str())
        .any(|s| s.property(path).is_some())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn never_panics_and_bytes_agree_with_values(provider in provider(), body in body()) {
        let bytes = serde_json::to_vec(&body).unwrap();
        let from_bytes = provider.validate_slice(&bytes);
        let from_value = provider.validate_value(&body);
        prop_assert_eq!(from_bytes, from_value);
    }

    #[test]
    fn every_param_names_a_path_of_the_body_or_a_property(provider in provider(), body in body()) {
        if let Err(violations) = provider.validate_value(&body) {
            for v in &violations {
                let Some(param) = v.param() else { continue };
                let ok = exists(&body, param) || (v.code() == Code::MissingRequired && is_property(provider, param));
                prop_assert!(ok, "{} at {:?} is not a path of {}", v.code(), param, body);
            }
        }
    }

    #[test]
    fn a_normalized_request_revalidates_to_itself(index in 0..capspec::specs().len(), seed in any::<u64>()) {
        let spec = &capspec::specs()[index];
        let provider: Provider = spec.provider.parse().unwrap();
        for case in capspec::corpus::random(spec, seed, 4) {
            let Ok(first) = provider.validate_value(&case.body) else { continue };
            let normalized = serde_json::to_value(&first).unwrap();
            let second = provider.validate_value(&normalized);
            prop_assert!(second.is_ok(), "{} does not revalidate: {:?}", normalized, second.err());
            let second = second.unwrap();
            prop_assert_eq!(&first, &second);
            prop_assert_eq!(&serde_json::to_value(&second).unwrap(), &normalized);
            prop_assert_eq!(first.output(), second.output());
        }
    }
}
