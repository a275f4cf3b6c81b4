//! The conformance suite as `capspec conformance` writes it (docs/conformance.md): complete,
//! reproducible, and what the compiled validators answer on every case. The JavaScript
//! plugin's tests read the same files.

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

fn write_suite(name: &str) -> PathBuf {
    let out = std::env::temp_dir().join(format!("capspec suite {name} {}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let status = Command::new(env!("CARGO_BIN_EXE_capspec"))
        .args(["conformance", "--out"])
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    out
}

fn read(path: PathBuf) -> Value {
    serde_json::from_slice(&std::fs::read(&path).unwrap())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn the_suite_holds_the_compiled_validators_answers_on_every_case() {
    let out = write_suite("answers");
    let index = read(out.join("index.json"));
    let specs = index["specs"].as_array().unwrap();
    // Every spec whose body is JSON (forms are read by capspec alone).
    let json = capspec::specs()
        .iter()
        .filter(|s| s.model.body == capspec::spec::BodyKind::Json)
        .count();
    assert_eq!(specs.len(), json);
    let (mut total, mut valid, mut bytes) = (0, 0, 0);
    let mut failures = Vec::new();
    for entry in specs {
        let id = entry["spec"].as_str().unwrap();
        let file = read(out.join(entry["file"].as_str().unwrap()));
        assert_eq!(
            &file["schema"],
            capspec::schema::request_schema(id).unwrap()
        );
        for case in file["cases"].as_array().unwrap() {
            total += 1;
            let result = match (case.get("body"), case.get("bytes")) {
                (Some(body), None) => capspec::validate_spec_value(id, body).unwrap(),
                (None, Some(text)) => {
                    bytes += 1;
                    capspec::validate_spec_slice(id, text.as_str().unwrap().as_bytes()).unwrap()
                }
                other => panic!("{id}: a case has a body or bytes: {other:?}"),
            };
            let ok = match (&result, case["valid"].as_bool().unwrap()) {
                (Ok(r), true) => {
                    valid += 1;
                    let out = r.output();
                    case["normalized"] == serde_json::to_value(r).unwrap()
                        && case["output"]["width"] == serde_json::json!(out.width)
                        && case["output"]["height"] == serde_json::json!(out.height)
                        && case["output"]["n"] == out.count
                }
                (Err(v), false) => {
                    let got: Vec<Value> = v
                        .iter()
                        .map(|v| {
                            serde_json::json!({"param": v.param(), "code": v.code(), "message": v.message()})
                        })
                        .collect();
                    case["violations"] == Value::Array(got)
                }
                _ => false,
            };
            if !ok {
                failures.push(format!("{id} / {}: {case}", case["name"]));
            }
        }
    }
    assert_eq!(index["cases"], total);
    println!("{total} cases ({valid} valid, {bytes} as bytes)");
    assert!(
        total >= 10_000 && valid >= 3_000 && bytes >= 2 * specs.len(),
        "{total} {valid} {bytes}"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // Reproducible: a second run writes the same files.
    let again = write_suite("again");
    for entry in specs {
        let file = entry["file"].as_str().unwrap();
        assert_eq!(read(out.join(file)), read(again.join(file)), "{file}");
    }
    std::fs::remove_dir_all(out).unwrap();
    std::fs::remove_dir_all(again).unwrap();
}
