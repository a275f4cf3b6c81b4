//! Specs loaded at run time (`capspec::Registry`) against the same specs compiled in: on every
//! body of the derived corpus, the same violations (param, code, message, order), the same
//! spec, the same normalized body and the same output, from bytes and from a parsed value,
//! routed by provider and validated by spec id. (`examples/own-specs` holds the fixture spec
//! to the same test.)

use capspec::types::Output;
use capspec::{Provider, Registry, ValidRequest, Violations};
use capspec_corpus as corpus;
use serde_json::Value;

/// What a result says, whichever path gave it.
type Verdict = Result<(String, Output, Vec<u8>), Violations>;

fn verdict<R: ValidRequest>(r: Result<R, Violations>) -> Verdict {
    r.map(|r| {
        let normalized = serde_json::to_vec(&r).expect("a request serializes");
        (r.spec_id().to_owned(), r.output(), normalized)
    })
}

fn shipped() -> Registry {
    // Tests run in the crate directory: spec files are named `specs/<provider>/<file>`, as
    // the build names them.
    Registry::from_dir("specs").unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn the_registry_agrees_with_the_compiled_validators_on_every_body() {
    let registry = shipped();
    let mut failures = Vec::new();
    let (mut bodies, mut valid) = (0, 0);
    for spec in capspec::specs() {
        let provider: Provider = spec.provider.parse().unwrap();
        let cases = corpus::cases(spec)
            .into_iter()
            .chain(corpus::random(spec, 11, 300))
            .chain(corpus::mutations(spec, 13, 300));
        for case in cases {
            bodies += 1;
            let bytes = serde_json::to_vec(&case.body).unwrap();
            let pairs: [(&str, Verdict, Verdict); 4] = [
                (
                    "spec, value",
                    verdict(capspec::validate_spec_value(&spec.id, &case.body).unwrap()),
                    verdict(registry.validate_spec_value(&spec.id, &case.body).unwrap()),
                ),
                (
                    "spec, bytes",
                    verdict(capspec::validate_spec_slice(&spec.id, &bytes).unwrap()),
                    verdict(registry.validate_spec_slice(&spec.id, &bytes).unwrap()),
                ),
                (
                    "provider, value",
                    verdict(provider.validate_value(&case.body)),
                    verdict(registry.validate_value(&spec.provider, &case.body)),
                ),
                (
                    "provider, bytes",
                    verdict(provider.validate_slice(&bytes)),
                    verdict(registry.validate_slice(&spec.provider, &bytes)),
                ),
            ];
            valid += usize::from(pairs[0].1.is_ok());
            for (what, compiled, loaded) in pairs {
                if compiled != loaded {
                    failures.push(format!(
                        "{} / {} ({what}): {}\n    compiled: {compiled:?}\n    registry: {loaded:?}",
                        spec.id, case.name, case.body
                    ));
                }
            }
        }
    }
    println!("{bodies} bodies ({valid} valid), each compared four ways");
    assert!(bodies >= 10_000, "{bodies} bodies");
    assert!(valid >= 3_000, "{valid} valid bodies");
    assert!(
        failures.is_empty(),
        "{} disagreements:\n{}",
        failures.len(),
        failures
            .iter()
            .take(20)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn the_registry_gives_the_catalog_documents_and_schemas() {
    let registry = shipped();
    assert_eq!(registry.model_list(), capspec::schema::model_list());
    for id in capspec::SPEC_IDS {
        assert_eq!(
            registry.document(id),
            capspec::schema::model_document(id),
            "{id}"
        );
    }
    assert_eq!(registry.spec_ids().collect::<Vec<_>>(), capspec::SPEC_IDS);
    assert_eq!(
        registry.providers().collect::<Vec<_>>(),
        Provider::ALL.iter().map(|p| p.as_str()).collect::<Vec<_>>()
    );
}

#[test]
fn an_unknown_provider_is_one_violation_naming_the_providers() {
    let v = shipped()
        .validate_slice("acme", br#"{"model": "x"}"#)
        .unwrap_err();
    assert_eq!(v.codes(), [capspec::Code::ModelNotFound]);
    assert_eq!(v.first().param(), None);
    assert!(
        v.first().message().contains("gccai"),
        "{}",
        v.first().message()
    );
}

const PIXEL: &str = r#"
source = "Acme API reference, Images section"

[model]
id = "pixel-1"
name = "Pixel 1"
source = "Models table"

[properties.model]
type = "model"
source = "Body"

[properties.prompt]
type = "string"
required = true
maxLength = 5
source = "Body: prompt"

[properties.n]
type = "integer"
minimum = 1
maximum = 4
default = 1
source = "Body: n"

[output]
count = "n"
"#;

#[test]
fn specs_from_text_validate_with_their_own_rules() {
    let registry = Registry::from_sources([("acme/pixel-1.toml", PIXEL)]).unwrap();
    let ok = registry
        .validate_slice("acme", br#"{"model": "pixel-1", "prompt": "fox", "n": 3}"#)
        .unwrap();
    assert_eq!(ok.spec_id(), "acme/pixel-1");
    assert_eq!(ok.output().count, 3);
    let v = registry
        .validate_slice(
            "acme",
            br#"{"model": "pixel-1", "prompt": "a red fox", "n": 9}"#,
        )
        .unwrap_err();
    assert_eq!(
        v.codes(),
        [capspec::Code::TooLong, capspec::Code::OutOfRange]
    );
    let normalized: Value = ok.to_value();
    assert_eq!(
        normalized,
        serde_json::json!({"model": "pixel-1", "prompt": "fox", "n": 3})
    );
}

#[test]
fn a_broken_set_reports_every_diagnostic_with_its_place() {
    let broken = PIXEL.replace("maximum = 4", "maximum = 0");
    let unknown_key = PIXEL.replace("maxLength = 5", "maxlength = 5");
    let err = Registry::from_sources([
        ("acme/pixel-1.toml", broken.as_str()),
        ("acme/pixel-2.toml", unknown_key.as_str()),
    ])
    .unwrap_err();
    let text = err.to_string();
    assert_eq!(err.diagnostics.len(), 2, "{text}");
    assert!(text.starts_with("acme/pixel-1.toml:"), "{text}");
    assert!(
        text.contains("minimum 1 is greater than maximum 0"),
        "{text}"
    );
    assert!(
        text.contains("acme/pixel-2.toml:") && text.contains("did you mean `maxLength`"),
        "{text}"
    );
    for d in &err.diagnostics {
        assert!(d.line > 1 && d.column >= 1, "{d}");
    }
}

#[test]
fn a_registry_is_shared_cheaply_across_threads() {
    fn shareable<T: Send + Sync + Clone>() {}
    shareable::<Registry>();
    let registry = shipped();
    let copy = registry.clone();
    let handle = std::thread::spawn(move || copy.spec_ids().count());
    assert_eq!(handle.join().unwrap(), registry.spec_ids().count());
}
