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
use proptest::strategy::ValueTree;
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
        let (names, values) = capspec_corpus::vocabulary(capspec::specs());
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

/// A property's path, or a side of a preset-or-object size (`image_size.width`), which is
/// required once the object is given.
fn is_property(provider: Provider, path: &str) -> bool {
    let side = path
        .strip_suffix(".width")
        .or_else(|| path.strip_suffix(".height"));
    capspec::specs()
        .iter()
        .filter(|s| s.provider == provider.as_str())
        .any(|s| {
            s.property(path).is_some()
                || side
                    .and_then(|p| s.property(p))
                    .is_some_and(|p| matches!(p.kind, capspec::spec::Kind::Size(_)))
        })
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
        for case in capspec_corpus::random(spec, seed, 4) {
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

// ---- bodies that reach the validators: valid corpus bodies, mutated ------------------------

/// Per spec: its provider and the valid bodies the corpus derives (boundary cases and random
/// valid bodies), which mutations start from.
type Bodies = Vec<(Route, Vec<Map<String, Value>>)>;

/// Where a client sends a spec's body: to its provider (the body's `model` routes), or, for a
/// spec its endpoint path selects, to that spec.
#[derive(Clone, Copy, Debug)]
struct Route {
    provider: Provider,
    spec: Option<&'static str>,
}

impl Route {
    fn of(spec: &'static capspec::spec::Spec) -> Route {
        Route {
            provider: spec.provider.parse().unwrap(),
            spec: spec.routed_path().map(|_| spec.id.as_str()),
        }
    }

    fn validate_slice(self, body: &[u8]) -> Result<capspec::Request<'_>, capspec::Violations> {
        match self.spec {
            Some(id) => capspec::validate_spec_slice(id, body).expect("a shipped spec"),
            None => self.provider.validate_slice(body),
        }
    }

    fn validate_value(self, body: &Value) -> Result<capspec::Request<'_>, capspec::Violations> {
        match self.spec {
            Some(id) => capspec::validate_spec_value(id, body).expect("a shipped spec"),
            None => self.provider.validate_value(body),
        }
    }
}

fn valid_bodies() -> &'static Bodies {
    static V: OnceLock<Bodies> = OnceLock::new();
    V.get_or_init(|| {
        capspec::specs()
            .iter()
            .map(|spec| {
                let bodies = capspec_corpus::cases(spec)
                    .into_iter()
                    .chain(capspec_corpus::random(spec, 17, 40))
                    .filter(|c| matches!(c.expect, capspec_corpus::Expect::Valid { .. }))
                    .filter_map(|c| match c.body {
                        Value::Object(m) => Some(m),
                        _ => None,
                    })
                    .collect();
                (Route::of(spec), bodies)
            })
            .collect()
    })
}

/// Every dotted path of an object (objects included).
fn paths_of(body: &Map<String, Value>, prefix: &str, out: &mut Vec<String>) {
    for (k, v) in body {
        let path = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        if let Value::Object(inner) = v {
            paths_of(inner, &path, out);
        }
        out.push(path);
    }
}

/// One change to a body: `(what, which path, which value)`, indexes taken modulo the choices.
type Mutation = (u8, usize, usize);

fn mutate(provider: Provider, body: &mut Map<String, Value>, (what, at, with): Mutation) {
    let (keys, strings) = vocabulary();
    let mut paths = Vec::new();
    paths_of(body, "", &mut paths);
    // `model` changes only to real names (below): the point is to reach the validators.
    paths.retain(|p| p != "model");
    let path = paths.get(at % paths.len().max(1)).cloned();
    let value = match with % 6 {
        0 => Value::from(strings[with % strings.len()].clone()),
        1 => Value::from(with as i64 - 3),
        2 => Value::Bool(with % 2 == 0),
        3 => Value::Null,
        4 => Value::from(1.5),
        _ => serde_json::json!([strings[with % strings.len()].clone()]),
    };
    match what % 4 {
        0 => {
            if let Some(p) = path {
                capspec_corpus::remove(body, &p);
            }
        }
        1 => {
            if let Some(p) = path {
                capspec_corpus::set(body, &p, value);
            }
        }
        // A provider its endpoint paths route takes no `model`.
        2 if capspec::specs()
            .iter()
            .any(|s| s.provider == provider.as_str() && s.routed_path().is_some()) => {}
        2 => {
            // Another model of the same provider: bodies stay routed.
            let names: Vec<&String> = capspec::specs()
                .iter()
                .filter(|s| s.provider == provider.as_str())
                .flat_map(|s| &s.model.names)
                .collect();
            body.insert(
                "model".into(),
                Value::from(names[with % names.len()].clone()),
            );
        }
        _ => {
            body.insert(keys[with % keys.len()].clone(), value);
        }
    }
}

/// A provider and a body: a valid body of one of its specs with zero to two mutations.
fn spec_body() -> impl Strategy<Value = (Route, Value)> {
    let mutations = prop_oneof![
        2 => Just(Vec::new()),
        2 => prop::collection::vec(any::<Mutation>(), 1..=1),
        1 => prop::collection::vec(any::<Mutation>(), 2..=2),
    ];
    (0..valid_bodies().len(), any::<usize>(), mutations).prop_map(|(spec, pick, mutations)| {
        let (provider, bodies) = &valid_bodies()[spec];
        let mut body = bodies[pick % bodies.len()].clone();
        for m in mutations {
            mutate(provider.provider, &mut body, m);
        }
        (*provider, Value::Object(body))
    })
}

/// Whether validation got as far as a model's validator.
fn routed(result: &Result<capspec::Request<'_>, capspec::Violations>) -> bool {
    match result {
        Ok(_) => true,
        Err(v) => !v
            .iter()
            .any(|v| v.param() == Some("model") || v.param().is_none()),
    }
}

#[test]
fn mutated_corpus_bodies_are_mostly_valid_and_routed() {
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let strategy = spec_body();
    let (mut valid, mut routed_count, total) = (0, 0, 2000);
    for _ in 0..total {
        let (provider, body) = strategy.new_tree(&mut runner).unwrap().current();
        let result = provider.validate_value(&body);
        valid += usize::from(result.is_ok());
        routed_count += usize::from(routed(&result));
    }
    println!("{valid} valid and {routed_count} routed of {total}");
    assert!(valid * 100 >= total * 30, "{valid} of {total} valid");
    assert!(
        routed_count * 100 >= total * 90,
        "{routed_count} of {total} routed"
    );
}

/// `body` as JSON text with the object at `path` (`[]` for the body) giving `key` twice: first
/// `extra`, then its own value.
fn with_repeated_key(body: &Value, path: &[&str], key: &str, extra: &Value) -> String {
    match body {
        Value::Object(map) => {
            let mut parts = Vec::new();
            if path.is_empty() {
                parts.push(format!("{}:{extra}", Value::from(key)));
            }
            for (k, v) in map {
                let text = match path.split_first() {
                    Some((head, rest)) if head == k => with_repeated_key(v, rest, key, extra),
                    _ => v.to_string(),
                };
                parts.push(format!("{}:{text}", Value::from(k.as_str())));
            }
            format!("{{{}}}", parts.join(","))
        }
        other => other.to_string(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn mutated_corpus_bodies_hold_the_oracles((provider, body) in spec_body()) {
        let bytes = serde_json::to_vec(&body).unwrap();
        let checked = capspec_corpus::oracle(
            &bytes,
            |b| provider.validate_slice(b).map(|r| r.into_owned()),
            |v| provider.validate_value(v).map(|r| r.into_owned()),
            |r| serde_json::to_vec(r).unwrap(),
        );
        prop_assert_eq!(checked, Ok(()));
        if let Err(violations) = provider.validate_value(&body) {
            for v in &violations {
                let Some(param) = v.param() else { continue };
                let ok = exists(&body, param) || (v.code() == Code::MissingRequired && is_property(provider.provider, param));
                prop_assert!(ok, "{} at {:?} is not a path of {}", v.code(), param, body);
            }
        }
    }

    #[test]
    fn a_repeated_key_is_invalid_json_at_its_path((provider, body) in spec_body(), pick in any::<usize>()) {
        let mut paths = Vec::new();
        paths_of(body.as_object().unwrap(), "", &mut paths);
        prop_assume!(!paths.is_empty());
        let path = paths[pick % paths.len()].clone();
        let parts: Vec<&str> = path.split('.').collect();
        let (key, parent) = parts.split_last().unwrap();
        let bytes = with_repeated_key(&body, parent, key, &Value::from("capspec"));
        prop_assert!(capspec_corpus::repeats_a_key(bytes.as_bytes()));
        let violations = provider.validate_slice(bytes.as_bytes()).expect_err("a repeated key is never valid");
        // A key inside an object the spec does not define is skipped unread, so only known
        // objects report the repeat at its path.
        let known = parent.is_empty() || is_property(provider.provider, &parent.join("."));
        if known {
            prop_assert!(
                violations.iter().any(|v| v.code() == Code::InvalidJson && v.param() == Some(path.as_str())),
                "{} in {}: {:?}", path, bytes, violations.codes()
            );
        }
    }
}
