//! `cargo run --example fuzz_seeds`: writes the fuzzer's seeds and dictionary from the specs.
//!
//! - `fuzz/seeds/<spec>-<n>.json`: a few bodies per spec from `capspec_corpus` (valid ones
//!   and ones with a violation) and the seed docs' example requests;
//! - `fuzz/json.dict`: JSON tokens and every name and value the specs use, so that the fuzzer
//!   builds bodies the validators read deeply.

use std::path::Path;

fn main() -> std::io::Result<()> {
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let seeds = out.join("seeds");
    std::fs::create_dir_all(&seeds)?;
    for spec in capspec::specs() {
        let name = spec.id.replace('/', "_");
        let cases = capspec_corpus::cases(spec);
        let picks = [0, 1, 2, cases.len() / 3, cases.len() / 2, cases.len() - 1];
        let examples = spec
            .examples
            .iter()
            .filter_map(|e| serde_json::to_value(&e.body).ok());
        let bodies = picks.iter().map(|&k| cases[k].body.clone()).chain(examples);
        for (i, body) in bodies.enumerate() {
            std::fs::write(
                seeds.join(format!("{name}-{i}.json")),
                serde_json::to_vec(&body)?,
            )?;
        }
    }
    let (names, values) = capspec_corpus::vocabulary(capspec::specs());
    // libFuzzer's dictionary syntax: one quoted token per line, `\\` and `\"` escaped.
    let tokens = [
        "{",
        "}",
        "[",
        "]",
        ":",
        ",",
        "true",
        "false",
        "null",
        "-0",
        "2.0",
        "1e400",
        "\\\\u0000",
        "\\\\ud800",
        "https://",
        "http://127.0.0.1/",
        "x",
        "*",
    ];
    let mut dict = String::from("# JSON tokens\n");
    for t in tokens {
        dict.push_str(&format!("\"{t}\"\n"));
    }
    dict.push_str("# every name and value the specs use, as JSON strings\n");
    let words: std::collections::BTreeSet<&String> = names.iter().chain(&values).collect();
    for w in words {
        let quoted = format!("\"{w}\"");
        dict.push_str(&format!(
            "\"{}\"\n",
            quoted.replace('\\', "\\\\").replace('"', "\\\"")
        ));
    }
    std::fs::write(out.join("json.dict"), dict)
}
