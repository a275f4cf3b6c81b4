//! Every boundary of every spec, derived from the spec itself (`capspec_corpus`): each value
//! at a bound passes, one past it fails with the right code and param, every enum member
//! passes and a non-member fails, every rule between parameters is enforced.

use capspec::types::Output;
use capspec::{Provider, Registry, ValidRequest, Violations};
use capspec_corpus::{self as corpus, Case, Expect};
use serde_json::Value;

/// What a validator says of a body: the spec it routed to and the output, or violations.
type Verdict = Result<(String, Output), Violations>;

fn verdict<R: ValidRequest>(r: Result<R, Violations>) -> Verdict {
    r.map(|r| (r.spec_id().to_owned(), r.output()))
}

type FromSlice<'a> = Box<dyn Fn(&[u8]) -> Verdict + 'a>;
type FromValue<'a> = Box<dyn Fn(&Value) -> Verdict + 'a>;

/// A provider's validators from bytes and from a parsed value.
struct Validators<'a> {
    slice: FromSlice<'a>,
    value: FromValue<'a>,
}

/// The compiled validators of a shipped spec: of the spec itself, and of its provider.
fn compiled(spec: &capspec::spec::Spec) -> [Validators<'_>; 2] {
    let p: Provider = spec
        .provider
        .parse()
        .expect("every spec's provider is compiled in");
    let id = spec.id.as_str();
    [
        Validators {
            slice: Box::new(move |b| verdict(capspec::validate_spec_slice(id, b).expect("id"))),
            value: Box::new(move |v| verdict(capspec::validate_spec_value(id, v).expect("id"))),
        },
        Validators {
            slice: Box::new(move |b| verdict(p.validate_slice(b))),
            value: Box::new(move |v| verdict(p.validate_value(v))),
        },
    ]
}

/// The run-time validators of a registry's spec, and of its provider.
fn registered<'a>(registry: &'a Registry, spec: &'a capspec::spec::Spec) -> [Validators<'a>; 2] {
    let (id, provider) = (spec.id.as_str(), spec.provider.as_str());
    [
        Validators {
            slice: Box::new(move |b| verdict(registry.validate_spec_slice(id, b).expect("id"))),
            value: Box::new(move |v| verdict(registry.validate_spec_value(id, v).expect("id"))),
        },
        Validators {
            slice: Box::new(move |b| verdict(registry.validate_slice(provider, b))),
            value: Box::new(move |v| verdict(registry.validate_value(provider, v))),
        },
    ]
}

/// Checks a case as a request to its spec, and, where the body names its model (so that the
/// provider routes it to that spec), as a request to its provider. (A body without one goes
/// to the provider's default model, which may be another spec's.)
fn check_both(spec: &capspec::spec::Spec, v: &[Validators<'_>; 2], case: &Case) -> Option<String> {
    // (A spec its endpoint path selects is not routed by a body at all.)
    let named =
        case.body.get("model").is_some_and(Value::is_string) && spec.routed_path().is_none();
    check(spec, &v[0], case).or_else(|| named.then(|| check(spec, &v[1], case)).flatten())
}

/// Every JSON spec of the catalog with its compiled validators, then every spec of `registry`
/// with its run-time ones (forms: tests/multipart.rs).
fn subjects(
    registry: &Registry,
) -> impl Iterator<Item = (&capspec::spec::Spec, [Validators<'_>; 2])> {
    capspec::specs()
        .iter()
        .filter(|s| s.model.body == capspec::spec::BodyKind::Json)
        .map(|s| (s, compiled(s)))
        .chain(
            registry
                .specs()
                .iter()
                .map(|s| (s, registered(registry, s))),
        )
}

/// The fixture spec that uses every construct of the format, loaded at run time.
fn fixture() -> Registry {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/codegen");
    Registry::from_dir(dir).expect("the fixture loads")
}

fn describe(v: &Violations) -> Vec<(String, String)> {
    v.iter()
        .map(|v| (v.code().to_string(), v.param().unwrap_or("-").to_owned()))
        .collect()
}

/// Checks one case through bytes and through a parsed value; returns a failure message.
fn check(spec: &capspec::spec::Spec, v: &Validators<'_>, case: &Case) -> Option<String> {
    let bytes = serde_json::to_vec(&case.body).expect("a Value serializes");
    let from_bytes = (v.slice)(&bytes);
    let from_value = (v.value)(&case.body);
    if from_bytes != from_value {
        return Some(format!(
            "bytes and value disagree: {from_bytes:?} vs {from_value:?}"
        ));
    }
    match (&case.expect, from_bytes) {
        (Expect::Valid { dims }, Ok((spec_id, out))) => {
            if spec_id != spec.id {
                return Some(format!("routed to {spec_id} instead of {}", spec.id));
            }
            // The output, as the corpus computes it from the body's text with plain arithmetic.
            let expected = corpus::expected_output(spec, &case.body);
            if (out.width, out.height) != (expected.map(|d| d.0), expected.map(|d| d.1)) {
                return Some(format!("output {out:?}, computed {expected:?}"));
            }
            if dims.is_some() && *dims != expected {
                return Some(format!(
                    "the case expects {dims:?}, the body computes {expected:?}"
                ));
            }
            None
        }
        (Expect::Valid { .. }, Err(v)) => Some(format!("expected valid, got {:?}", describe(&v))),
        (Expect::Invalid(want), Err(v)) => {
            let mut got = describe(&v);
            got.sort();
            let mut want: Vec<(String, String)> = want
                .iter()
                .map(|(c, p)| (c.to_string(), p.clone().unwrap_or_else(|| "-".into())))
                .collect();
            want.sort();
            (got != want).then(|| format!("expected {want:?}, got {got:?}: {v}"))
        }
        (Expect::Invalid(want), Ok(_)) => Some(format!("expected {want:?}, got valid")),
        (Expect::Unknown, _) => None,
    }
}

#[test]
fn every_boundary_of_every_spec() {
    let registry = fixture();
    let subjects = subjects(&registry);
    let mut failures = Vec::new();
    let mut total = 0;
    let mut gaps = Vec::new();
    for (spec, validators) in subjects {
        let derived = corpus::derive(spec);
        gaps.extend(derived.gaps.iter().map(|g| format!("{}: {g}", spec.id)));
        let cases = derived.cases;
        total += cases.len();
        println!("{:<36} {:>4} cases", spec.id, cases.len());
        for case in &cases {
            if let Some(f) = check_both(spec, &validators, case) {
                failures.push(format!(
                    "{} / {}: {f}\n    body: {}",
                    spec.id, case.name, case.body
                ));
            }
        }
    }
    assert!(capspec::specs().len() >= 16);
    assert!(
        gaps.is_empty(),
        "bounds without cases:\n{}",
        gaps.join("\n")
    );
    assert!(
        failures.is_empty(),
        "{} of {total} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn random_valid_bodies_are_valid() {
    let registry = fixture();
    let subjects = subjects(&registry);
    let mut failures = Vec::new();
    let mut valid = 0;
    for (spec, validators) in subjects {
        for case in corpus::random(spec, 7, 200) {
            if case.expect == (Expect::Valid { dims: None }) {
                valid += 1;
            }
            if let Some(f) = check_both(spec, &validators, &case) {
                failures.push(format!(
                    "{} / {}: {f}\n    body: {}",
                    spec.id, case.name, case.body
                ));
            }
        }
    }
    assert!(valid > 1000, "only {valid} random bodies were valid");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
