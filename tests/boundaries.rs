//! Every boundary of every spec, derived from the spec itself (`capspec_corpus`): each value
//! at a bound passes, one past it fails with the right code and param, every enum member
//! passes and a non-member fails, every rule between parameters is enforced.

use capspec::{Provider, Violations};
use capspec_corpus::{self as corpus, Case, Expect};

fn provider(spec: &capspec::spec::Spec) -> Provider {
    spec.provider
        .parse()
        .expect("every spec's provider is compiled in")
}

fn describe(v: &Violations) -> Vec<(String, String)> {
    v.iter()
        .map(|v| (v.code().to_string(), v.param().unwrap_or("-").to_owned()))
        .collect()
}

/// Checks one case through bytes and through a parsed value; returns a failure message.
fn check(spec: &capspec::spec::Spec, case: &Case) -> Option<String> {
    let p = provider(spec);
    let bytes = serde_json::to_vec(&case.body).expect("a Value serializes");
    let from_bytes = p.validate_slice(&bytes);
    let from_value = p.validate_value(&case.body);
    if from_bytes != from_value {
        return Some(format!(
            "bytes and value disagree: {from_bytes:?} vs {from_value:?}"
        ));
    }
    match (&case.expect, from_bytes) {
        (Expect::Valid { dims }, Ok(request)) => {
            if request.spec_id() != spec.id {
                return Some(format!(
                    "routed to {} instead of {}",
                    request.spec_id(),
                    spec.id
                ));
            }
            // The output, as the corpus computes it from the body's text with plain arithmetic.
            let out = request.output();
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
    let mut failures = Vec::new();
    let mut total = 0;
    let mut gaps = Vec::new();
    for spec in capspec::specs() {
        let derived = corpus::derive(spec);
        gaps.extend(derived.gaps.iter().map(|g| format!("{}: {g}", spec.id)));
        let cases = derived.cases;
        total += cases.len();
        println!("{:<36} {:>4} cases", spec.id, cases.len());
        for case in &cases {
            if let Some(f) = check(spec, case) {
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
    let mut failures = Vec::new();
    let mut valid = 0;
    for spec in capspec::specs() {
        for case in corpus::random(spec, 7, 200) {
            if case.expect == (Expect::Valid { dims: None }) {
                valid += 1;
            }
            if let Some(f) = check(spec, &case) {
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
