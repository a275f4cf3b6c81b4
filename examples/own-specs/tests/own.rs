//! A user's crate validating with its own specs: through the typed requests its build
//! generated, through a `Registry` loaded from the same files, and the two against each other
//! on the whole derived corpus of every spec it compiled (its own and capspec's fixture).

use capspec::{Registry, ValidRequest, Violations};
use own_specs::models::{self, CATALOG, Provider, acme};
use serde_json::json;

#[test]
fn typed_requests_validate_with_the_crates_own_rules() {
    let body = br#"{"prompt": "a lighthouse at dusk", "size": "1536x1024", "style": "sketch"}"#;
    let request = acme::pixel_1::Request::validate_slice(body).unwrap();
    assert_eq!(request.size().width(), 1536);
    assert_eq!(request.style(), acme::pixel_1::Style::Sketch);
    assert_eq!(request.n().get(), 1, "the default");
    let out = request.output();
    assert_eq!(
        (out.width, out.height, out.count),
        (Some(1536), Some(1024), 1)
    );
    assert_eq!(
        serde_json::to_value(&request).unwrap(),
        json!({"model": "pixel-1", "prompt": "a lighthouse at dusk", "size": "1536x1024", "style": "sketch", "n": 1})
    );

    let bad =
        br#"{"prompt": "x", "size": "2048x2048", "n": 9, "reference": ["http://127.0.0.1/a.png"]}"#;
    let v = acme::pixel_1::Request::validate_slice(bad).unwrap_err();
    let codes: Vec<&str> = v.iter().map(|v| v.code().as_str()).collect();
    assert_eq!(
        codes,
        ["pixel_area_out_of_range", "out_of_range", "url_not_allowed"]
    );
    assert!(
        v.first().message().contains(&(2048 * 1536).to_string()),
        "{}",
        v.first().message()
    );
}

#[test]
fn the_crate_routes_by_provider_and_lists_its_specs() {
    assert_eq!(models::SPEC_IDS, ["acme/pixel-1", "demo/widget-1"]);
    let p: Provider = "acme".parse().unwrap();
    let r = p
        .validate_slice(br#"{"model": "pixel-1-2026-06-01", "prompt": "p"}"#)
        .unwrap();
    assert_eq!(r.spec_id(), "acme/pixel-1");
    assert!(
        "gccai"
            .parse::<Provider>()
            .unwrap_err()
            .to_string()
            .contains("acme, demo")
    );
}

#[test]
fn the_catalog_gives_model_documents_and_schemas() {
    let doc = CATALOG.document("acme/pixel-1").unwrap();
    println!("{doc:#}");
    assert_eq!(doc["owned_by"], "Acme");
    assert_eq!(
        doc["source"]["doc"],
        "https://docs.acme.example/images/pixel-1"
    );
    let schema = &doc["parameters"];
    assert_eq!(
        schema["properties"]["size"]["x-capspec-size"]["pixels"]["maximum"],
        2048 * 1536
    );
    assert_eq!(CATALOG.specs().len(), 2);
}

type Verdict = Result<(String, capspec::types::Output, Vec<u8>), Violations>;

fn verdict<R: ValidRequest>(r: Result<R, Violations>) -> Verdict {
    r.map(|r| {
        (
            r.spec_id().to_owned(),
            r.output(),
            serde_json::to_vec(&r).unwrap(),
        )
    })
}

#[test]
fn a_registry_of_the_same_files_agrees_on_every_corpus_body() {
    let registry = Registry::from_sources(CATALOG.files().iter().map(|f| {
        (
            format!("{}/{}", f.provider, f.file.rsplit('/').next().unwrap()),
            f.text,
        )
    }))
    .unwrap();
    let mut compared = 0;
    for spec in CATALOG.specs() {
        let provider: Provider = spec.provider.parse().unwrap();
        let cases = capspec_corpus::cases(spec)
            .into_iter()
            .chain(capspec_corpus::random(spec, 5, 300))
            .chain(capspec_corpus::mutations(spec, 7, 300));
        for case in cases {
            let bytes = serde_json::to_vec(&case.body).unwrap();
            compared += 1;
            assert_eq!(
                verdict(models::validate_spec_value(&spec.id, &case.body).unwrap()),
                verdict(registry.validate_spec_value(&spec.id, &case.body).unwrap()),
                "{} {}: {}",
                spec.id,
                case.name,
                case.body
            );
            assert_eq!(
                verdict(provider.validate_slice(&bytes)),
                verdict(registry.validate_slice(&spec.provider, &bytes)),
                "{} {}: {}",
                spec.id,
                case.name,
                case.body
            );
        }
    }
    assert!(compared > 1000, "{compared}");
}
