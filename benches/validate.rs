//! `cargo bench --bench validate`: capspec against serde alone and the `jsonschema` crate on
//! the same bodies, in one run (BENCHMARKS.md reads the ratios), and the cost of codegen.
//!
//! The corpus is derived from the shipped specs (`capspec_corpus`): per model, one realistic
//! valid body (the seed doc's example where there is one), the same body with exactly one
//! violation, and with exactly three. Each benchmark runs over all 16 bodies of a kind:
//! `validate/<function>/<valid|one_violation|three_violations>`.

use std::hint::black_box;

use capspec::spec::{Kind, Spec};
use capspec::{Provider, Violations};
use capspec_corpus::{self as corpus, Expect};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use serde_json::{Map, Value, json};

struct Body {
    provider: Provider,
    bytes: Vec<u8>,
    value: Value,
    schema: usize,
}

/// The most complete valid body: the doc's example, else the random valid body with most keys.
fn realistic(spec: &Spec) -> Map<String, Value> {
    let example = spec
        .examples
        .first()
        .and_then(|e| serde_json::to_value(&e.body).ok());
    let random = corpus::random(spec, 3, 400)
        .into_iter()
        .filter(|c| matches!(c.expect, Expect::Valid { .. }))
        .max_by_key(|c| c.body.to_string().len())
        .map(|c| c.body);
    match example.or(random) {
        Some(Value::Object(m)) => m,
        _ => corpus::minimal(spec),
    }
}

/// `body` with `n` violations: an unknown key, then present values broken in spec order
/// (present ones only, so that no rule between parameters adds a violation).
fn broken(spec: &Spec, body: &Map<String, Value>, n: usize) -> Map<String, Value> {
    let mut b = body.clone();
    let mut left = n;
    b.insert("capspec_extra".into(), json!(true));
    left -= 1;
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

fn bodies() -> (Vec<(&'static str, Vec<Body>)>, Vec<jsonschema::Validator>) {
    let specs = capspec::specs();
    let validators: Vec<jsonschema::Validator> = specs
        .iter()
        .map(|s| capspec::schema::validator(&s.id).expect("schema"))
        .collect();
    let mut sets: Vec<(&'static str, Vec<Body>)> = vec![
        ("valid", Vec::new()),
        ("one_violation", Vec::new()),
        ("three_violations", Vec::new()),
    ];
    for (i, spec) in specs.iter().enumerate() {
        let provider: Provider = spec.provider.parse().unwrap();
        let valid = realistic(spec);
        for (k, (_, set)) in sets.iter_mut().enumerate() {
            let body = if k == 0 {
                valid.clone()
            } else {
                broken(spec, &valid, if k == 1 { 1 } else { 3 })
            };
            let value = Value::Object(body);
            let bytes = serde_json::to_vec(&value).unwrap();
            // The corpus is what it says it is.
            let got = provider
                .validate_slice(&bytes)
                .err()
                .map_or(0, |v: Violations| v.len());
            assert_eq!(got, [0, 1, 3][k], "{}: {value}", spec.id);
            set.push(Body {
                provider,
                bytes,
                value,
                schema: i,
            });
        }
    }
    (sets, validators)
}

fn validate(c: &mut Criterion) {
    let (sets, validators) = bodies();
    let mut g = c.benchmark_group("validate");
    for (name, set) in &sets {
        let valid = *name == "valid";
        g.bench_with_input(BenchmarkId::new("capspec_bytes", name), set, |b, set| {
            b.iter(|| {
                for body in set {
                    black_box(body.provider.validate_slice(black_box(&body.bytes)).is_ok());
                }
            })
        });
        g.bench_with_input(BenchmarkId::new("capspec_value", name), set, |b, set| {
            b.iter(|| {
                for body in set {
                    black_box(body.provider.validate_value(black_box(&body.value)).is_ok());
                }
            })
        });
        let registry = capspec::CATALOG.registry();
        g.bench_with_input(BenchmarkId::new("registry_bytes", name), set, |b, set| {
            b.iter(|| {
                for body in set {
                    let provider = body.provider.as_str();
                    black_box(
                        registry
                            .validate_slice(provider, black_box(&body.bytes))
                            .is_ok(),
                    );
                }
            })
        });
        g.bench_with_input(BenchmarkId::new("registry_value", name), set, |b, set| {
            b.iter(|| {
                for body in set {
                    let provider = body.provider.as_str();
                    black_box(
                        registry
                            .validate_value(provider, black_box(&body.value))
                            .is_ok(),
                    );
                }
            })
        });
        g.bench_with_input(BenchmarkId::new("jsonschema_bytes", name), set, |b, set| {
            b.iter(|| {
                for body in set {
                    let value: Value = serde_json::from_slice(black_box(&body.bytes)).unwrap();
                    schema_verdict(&validators[body.schema], &value, valid);
                }
            })
        });
        g.bench_with_input(BenchmarkId::new("jsonschema_value", name), set, |b, set| {
            b.iter(|| {
                for body in set {
                    schema_verdict(&validators[body.schema], black_box(&body.value), valid);
                }
            })
        });
    }
    g.finish();
}

/// `is_valid` for valid bodies; every error collected for invalid ones.
fn schema_verdict(v: &jsonschema::Validator, value: &Value, valid: bool) {
    if valid {
        black_box(v.is_valid(value));
    } else {
        black_box(v.iter_errors(value).collect::<Vec<_>>());
    }
}

fn codegen(c: &mut Criterion) {
    let specs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("specs");
    let config = capspec_build::Config::new().spec_dir(specs);
    let mut g = c.benchmark_group("codegen");
    g.bench_function("shipped_specs", |b| {
        b.iter(|| black_box(config.generate().unwrap().len()))
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().measurement_time(std::time::Duration::from_secs(4)).warm_up_time(std::time::Duration::from_secs(1));
    targets = validate, codegen
}
criterion_main!(benches);
