//! The emitted JSON Schemas against capspec's own validators, on a corpus derived from each
//! spec: every boundary and rule case, random bodies and random mutations of valid ones.
//!
//! - With the `x-capspec-` keywords registered, `jsonschema`'s verdict is capspec's on every
//!   body (no allow-list).
//! - Without them, `jsonschema` accepts every body capspec accepts.
//! - Every schema is valid under the draft 2020-12 meta-schema.

use capspec::corpus;
use serde_json::Value;

#[test]
fn schemas_and_validators_agree_on_every_body() {
    let mut failures = Vec::new();
    let mut total = 0;
    for spec in capspec::specs() {
        let schema = capspec::schema::request_schema(&spec.id).expect("every spec has a schema");
        let with_extensions = capspec::schema::validator(&spec.id).expect("the schema compiles");
        let plain = jsonschema::options()
            .with_draft(jsonschema::Draft::Draft202012)
            .build(schema)
            .expect("the schema compiles without extensions");
        let bodies: Vec<Value> = corpus::cases(spec)
            .into_iter()
            .chain(corpus::random(spec, 11, 300))
            .chain(corpus::mutations(spec, 13, 300))
            .map(|c| c.body)
            .collect();
        let (mut accepted, mut rejected) = (0, 0);
        for body in &bodies {
            let ours = capspec::validate_spec_value(&spec.id, body).expect("known id");
            let theirs = with_extensions.is_valid(body);
            if ours.is_ok() {
                accepted += 1;
            } else {
                rejected += 1;
            }
            if ours.is_ok() != theirs {
                let why = match &ours {
                    Ok(_) => with_extensions
                        .iter_errors(body)
                        .map(|e| e.to_string())
                        .collect::<Vec<_>>()
                        .join("; "),
                    Err(v) => v.to_string().replace('\n', "; "),
                };
                failures.push(format!(
                    "{}: capspec {}, jsonschema {theirs}: {body}\n    {why}",
                    spec.id,
                    ours.is_ok()
                ));
            }
            if ours.is_ok() && !plain.is_valid(body) {
                failures.push(format!(
                    "{}: a plain validator rejects a valid body: {body}",
                    spec.id
                ));
            }
        }
        total += bodies.len();
        println!(
            "{:<36} {:>5} bodies ({accepted} valid, {rejected} invalid)",
            spec.id,
            bodies.len()
        );
        assert!(
            accepted >= 50 && rejected >= 50,
            "{}: a corpus needs both verdicts",
            spec.id
        );
    }
    println!("{total} bodies in all");
    assert!(
        failures.is_empty(),
        "{} disagreements:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_schema_passes_the_draft_2020_12_meta_schema() {
    for spec in capspec::specs() {
        let doc = capspec::schema::model_document(&spec.id).unwrap();
        let schema = &doc["parameters"];
        if let Err(e) = jsonschema::meta::validate(schema) {
            panic!("{}: {e}", spec.id);
        }
        assert_eq!(schema["$schema"], capspec::schema::DIALECT);
    }
}
