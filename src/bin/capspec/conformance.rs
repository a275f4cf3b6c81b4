//! `capspec conformance --out DIR`: the shared conformance suite. Per spec, every body the
//! corpus derives (`capspec-corpus`: boundary and rule cases, random bodies, mutations) and
//! bodies only bytes can carry, each with the verdict, violations, normalized body and output
//! capspec gives it. Every implementation of the semantics (the Rust validators, the
//! registry, the JavaScript plugin) is tested against these files. Format: docs/conformance.md.

use std::path::Path;

use capspec::{Registry, ValidRequest, Violations};
use serde_json::{Map, Value, json};

/// Seeds of the corpus's random bodies and mutations: fixed, so the suite is reproducible.
const RANDOM_SEED: u64 = 11;
const MUTATION_SEED: u64 = 13;
const RANDOM_BODIES: usize = 300;
const MUTATIONS: usize = 300;

/// The file a spec's cases go to: its id with `/` as `__`.
pub fn file_name(id: &str) -> String {
    format!("{}.json", id.replace('/', "__"))
}

/// Writes the suite of `registry`'s specs into `out`; returns the number of cases.
pub fn write(registry: &Registry, out: &Path) -> std::io::Result<usize> {
    std::fs::create_dir_all(out)?;
    let mut index = Vec::new();
    let mut total = 0;
    for id in registry.spec_ids() {
        // The suite is of JSON bodies: a form's files are read from their bytes by capspec
        // alone (`capspec::multipart`).
        let Some(spec) = registry
            .spec(id)
            .filter(|s| s.model.body == capspec::spec::BodyKind::Json)
        else {
            continue;
        };
        let mut cases = Vec::new();
        let bodies = capspec_corpus::cases(spec)
            .into_iter()
            .chain(capspec_corpus::random(spec, RANDOM_SEED, RANDOM_BODIES))
            .chain(capspec_corpus::mutations(spec, MUTATION_SEED, MUTATIONS));
        for case in bodies {
            let result = registry.validate_spec_value(id, &case.body);
            let mut c = Map::new();
            c.insert("name".into(), json!(case.name));
            c.insert("body".into(), case.body.clone());
            if let Some(result) = result {
                expect(&mut c, result);
            }
            cases.push(Value::Object(c));
        }
        for (name, bytes) in byte_cases(spec) {
            let Some(result) = registry.validate_spec_slice(id, bytes.as_bytes()) else {
                continue;
            };
            let mut c = Map::new();
            c.insert("name".into(), json!(name));
            c.insert("bytes".into(), json!(bytes));
            expect(&mut c, result);
            cases.push(Value::Object(c));
        }
        total += cases.len();
        let file = file_name(id);
        index.push(
            json!({"spec": id, "provider": spec.provider, "file": file, "cases": cases.len()}),
        );
        let doc = json!({
            "spec": id,
            "provider": spec.provider,
            "schema": registry.request_schema(id),
            "pricing": capspec::price::document(spec),
            "cases": cases,
        });
        std::fs::write(out.join(&file), serde_json::to_vec_pretty(&doc)?)?;
    }
    let index = json!({"format": 1, "specs": index, "cases": total});
    std::fs::write(out.join("index.json"), serde_json::to_vec_pretty(&index)?)?;
    Ok(total)
}

/// The verdict of a case: `valid`, and the output and normalized body, or the violations.
fn expect<R: ValidRequest>(c: &mut Map<String, Value>, result: Result<R, Violations>) {
    match result {
        Ok(request) => {
            let out = request.output();
            c.insert("valid".into(), json!(true));
            c.insert(
                "output".into(),
                json!({"width": out.width, "height": out.height, "n": out.count}),
            );
            c.insert("normalized".into(), json!(request));
            c.insert("cost".into(), json!(request.cost()));
        }
        Err(violations) => {
            c.insert("valid".into(), json!(false));
            let list: Vec<Value> = violations
                .iter()
                .map(|v| json!({"param": v.param(), "code": v.code(), "message": v.message()}))
                .collect();
            c.insert("violations".into(), Value::Array(list));
        }
    }
}

/// Bodies only their bytes can carry: a parsed value loses them. A key given twice (a
/// `Value` keeps one copy; JavaScript's `JSON.parse` keeps the last), and a lone surrogate
/// escape (`"\ud800"`, which JSON parsers treat differently).
fn byte_cases(spec: &capspec::spec::Spec) -> Vec<(String, String)> {
    let base = capspec_corpus::minimal(spec);
    let text = Value::Object(base.clone()).to_string();
    let mut out = Vec::new();
    if let Some((key, value)) = base.iter().next() {
        let repeated = format!("{{{}:{value},{}", json!(key), &text[1..]);
        out.push((format!("{key} given twice"), repeated));
    }
    if let Some(p) = spec.walk().into_iter().find(|p| {
        p.required && !p.path.contains('.') && matches!(p.kind, capspec::spec::Kind::String(_))
    }) {
        let mut body = base.clone();
        body.insert(p.name.clone(), json!("LONE"));
        let lone = Value::Object(body).to_string().replace("LONE", "a\\ud800b");
        out.push((format!("{} holds a lone surrogate", p.path), lone));
    }
    out
}
