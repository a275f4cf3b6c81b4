//! Every example request printed in a seed doc (recorded in the specs' `[[examples]]`)
//! validates against its provider, routes to its spec and yields the output the doc states.

use std::path::Path;

use serde_json::Value;

/// A spec's source doc: a file in `seeds/` or `sources/`.
fn seed_text(source: &str) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let path = ["seeds", "sources"]
        .iter()
        .map(|d| root.join(d).join(source))
        .find(|p| p.exists())
        .unwrap_or_else(|| panic!("{source} is in neither seeds/ nor sources/"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Runs of whitespace as one space.
fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every string in `v` that the example did not add must be in the doc, verbatim.
fn strings<'a>(v: &'a Value, out: &mut Vec<&'a str>) {
    match v {
        Value::String(s) => out.push(s),
        Value::Array(items) => items.iter().for_each(|i| strings(i, out)),
        Value::Object(m) => m.values().for_each(|i| strings(i, out)),
        _ => {}
    }
}

#[test]
fn seed_doc_examples_validate() {
    let mut count = 0;
    for spec in capspec::specs() {
        let provider: capspec::Provider = spec.provider.parse().unwrap();
        let doc = seed_text(&spec.source);
        for ex in &spec.examples {
            count += 1;
            let body = serde_json::to_value(&ex.body).unwrap();
            let request = provider
                .validate_value(&body)
                .unwrap_or_else(|v| panic!("{} example {:?} is invalid:\n{v}", spec.id, ex.source));
            assert_eq!(request.spec_id(), spec.id, "{}", ex.source);
            // Every example states its output; the doc's own numbers where it prints them.
            let out = request.output();
            assert_eq!(
                (out.width, out.height, u64::from(out.count)),
                (ex.width, ex.height, ex.n),
                "{} {}: output",
                spec.id,
                ex.source
            );
            if let Some(quote) = &ex.quote {
                assert!(
                    squash(&doc).contains(&squash(quote)),
                    "{} {}: {quote:?} is not in seeds/{}",
                    spec.id,
                    ex.source,
                    spec.source
                );
            }
            // Copied from the doc, not retyped: the strings are in its text.
            let mut kept = body.clone();
            for k in &ex.added {
                kept.as_object_mut().unwrap().shift_remove(k);
            }
            let mut found = Vec::new();
            strings(&kept, &mut found);
            for s in found {
                assert!(
                    doc.contains(s),
                    "{} example {:?}: {s:?} is not in seeds/{}",
                    spec.id,
                    ex.source,
                    spec.source
                );
            }
        }
    }
    let printed = capspec::specs()
        .iter()
        .flat_map(|s| &s.examples)
        .filter(|e| e.quote.is_some())
        .count();
    assert!(
        printed >= 2,
        "{printed} examples with a printed output size"
    );
    // Every doc but bailian's (whose "Request example" section is empty) prints examples.
    assert!(count >= 8, "{count} examples");
    for provider in ["dieyuyun", "gccai", "empiriolabs", "modelverse"] {
        assert!(
            capspec::specs()
                .iter()
                .any(|s| s.provider == provider && !s.examples.is_empty()),
            "{provider} has no example"
        );
    }
}

#[test]
fn example_files_validate() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let Some(provider) = name
            .split('-')
            .next()
            .and_then(|p| p.parse::<capspec::Provider>().ok())
        else {
            panic!("{name}: example files are named <provider>-<what>.json");
        };
        let bytes = std::fs::read(&path).unwrap();
        provider
            .validate_slice(&bytes)
            .unwrap_or_else(|v| panic!("{name}:\n{v}"));
        seen += 1;
    }
    assert!(seen >= 1);
}

#[test]
fn normalized_examples_revalidate_to_themselves() {
    for spec in capspec::specs() {
        let provider: capspec::Provider = spec.provider.parse().unwrap();
        for ex in &spec.examples {
            let body = serde_json::to_value(&ex.body).unwrap();
            let first = provider.validate_value(&body).unwrap();
            let normalized = serde_json::to_value(&first).unwrap();
            let second = provider.validate_value(&normalized).unwrap();
            assert_eq!(first, second, "{} {}", spec.id, ex.source);
            assert_eq!(normalized, serde_json::to_value(&second).unwrap());
        }
    }
}
