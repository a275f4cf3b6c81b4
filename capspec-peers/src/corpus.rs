//! The benchmarked bodies, derived from a spec by `capspec_corpus`.

use capspec::spec::{Kind, Spec};
use capspec_corpus::{self as corpus, Expect};
use serde_json::{Map, Value, json};

/// A realistic valid body: the doc's example (first, with `example_first`) or the fullest
/// random valid body (the one with most text).
pub fn realistic(spec: &Spec, example_first: bool) -> Map<String, Value> {
    let example = || {
        spec.examples
            .first()
            .and_then(|e| serde_json::to_value(&e.body).ok())
    };
    let random = || {
        corpus::random(spec, 3, 400)
            .into_iter()
            .filter(|c| matches!(c.expect, Expect::Valid { .. }))
            .max_by_key(|c| c.body.to_string().len())
            .map(|c| c.body)
    };
    let found = if example_first {
        example().or_else(random)
    } else {
        random().or_else(example)
    };
    match found {
        Some(Value::Object(m)) => m,
        _ => corpus::minimal(spec),
    }
}

/// `body` with `n` violations: an unknown key, then present values broken in spec order
/// (present ones only, so that no rule between parameters adds a violation).
pub fn broken(spec: &Spec, body: &Map<String, Value>, n: usize) -> Map<String, Value> {
    let mut b = body.clone();
    let mut left = n - 1;
    b.insert("capspec_extra".into(), json!(true));
    for p in spec.walk() {
        if left == 0 {
            break;
        }
        if corpus::get(body, &p.path).is_none() {
            continue;
        }
        let bad = match &p.kind {
            Kind::Integer(r) => json!(r.max() + 1),
            Kind::String(s) if !s.enum_values.is_empty() => json!("capspec-not-a-member"),
            Kind::String(_) => json!(12),
            Kind::Boolean => json!("yes"),
            _ => continue,
        };
        corpus::set(&mut b, &p.path, bad);
        left -= 1;
    }
    b
}

/// The three bodies of a spec, in [`crate::KINDS`] order: `valid`, the same with one violation
/// and with three, each as a value and its bytes, checked: capspec finds exactly 0, 1 and 3
/// violations.
pub fn kinds(spec: &Spec, valid: Map<String, Value>) -> [(Value, Vec<u8>); 3] {
    let provider: capspec::Provider = spec.provider.parse().expect("a shipped provider");
    let one = broken(spec, &valid, 1);
    let three = broken(spec, &valid, 3);
    [(valid, 0), (one, 1), (three, 3)].map(|(body, violations)| {
        let value = Value::Object(body);
        let bytes = serde_json::to_vec(&value).expect("a value serializes");
        let found = provider
            .validate_slice(&bytes)
            .err()
            .map_or(0, |v: capspec::Violations| v.len());
        assert_eq!(found, violations, "{}: {value}", spec.id);
        (value, bytes)
    })
}
