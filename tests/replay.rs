//! The fuzzer's seeds (`fuzz/seeds`) and any crash it saved (`fuzz/artifacts`), replayed
//! through the fuzz target's oracles (`capspec_corpus::oracle`) for every provider, so that
//! `cargo test` holds what `cargo fuzz` checks.

use std::path::{Path, PathBuf};

use capspec::Provider;
use capspec_corpus::{oracle, repeats_a_key};

fn files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

#[test]
fn fuzz_seeds_and_artifacts_hold_the_oracles() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let seeds = files(&root.join("seeds"));
    assert!(seeds.len() >= 50, "{} seeds", seeds.len());
    let inputs = seeds
        .into_iter()
        .chain(files(&root.join("artifacts/validate_bytes")));
    let mut failures = Vec::new();
    for path in inputs {
        let bytes = std::fs::read(&path).unwrap();
        for &provider in Provider::ALL {
            let checked = oracle(
                &bytes,
                |b| provider.validate_slice(b).map(|r| r.into_owned()),
                |v| provider.validate_value(v).map(|r| r.into_owned()),
                |r| serde_json::to_vec(r).unwrap(),
            );
            if let Err(e) = checked {
                failures.push(format!("{} / {provider}: {e}", path.display()));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn repeated_keys_are_found_at_any_depth_and_only_there() {
    for (text, repeated) in [
        (r#"{"a": 1, "a": 2}"#, true),
        (r#"{"a": {"b": 1, "b": 1}}"#, true),
        (r#"[{"x": [], "x": []}]"#, true),
        (r#"{"a": 1, "\u0061": 2}"#, true),
        (r#"{"a": {"a": 1}}"#, false),
        (r#"{"a": 1, "b": {"a": 2}}"#, false),
        (r#"[{"a": 1}, {"a": 2}]"#, false),
        (r#"{"a": 1, "a": 2"#, false),
        ("not json", false),
    ] {
        assert_eq!(repeats_a_key(text.as_bytes()), repeated, "{text}");
    }
}

#[test]
fn the_oracle_catches_a_validator_that_reads_bytes_and_values_differently() {
    let bytes = br#"{"model": "qwen-image-2.0", "prompt": "a fox"}"#;
    let honest = oracle(
        bytes,
        |b| Provider::Gccai.validate_slice(b).map(|r| r.into_owned()),
        |v| Provider::Gccai.validate_value(v).map(|r| r.into_owned()),
        |r| serde_json::to_vec(r).unwrap(),
    );
    assert_eq!(honest, Ok(()));
    // A `Value` path that loses the prompt must be caught.
    let lossy = oracle(
        bytes,
        |b| Provider::Gccai.validate_slice(b).map(|r| r.into_owned()),
        |_| {
            Provider::Gccai
                .validate_slice(br#"{"model": "qwen-image-2.0"}"#)
                .map(|r| r.into_owned())
        },
        |r| serde_json::to_vec(r).unwrap(),
    );
    assert!(lossy.is_err());
}
