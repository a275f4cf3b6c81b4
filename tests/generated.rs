//! The generated code itself: formatted, marked `@generated`, deterministic, and readable
//! (a snapshot of one fixture spec's output shows every construct for review).

#[allow(dead_code, unused_imports)]
#[path = "../src/codegen/mod.rs"]
mod codegen;
#[path = "../src/spec/mod.rs"]
mod spec;

use std::path::{Path, PathBuf};

const GENERATED: &str = include_str!(concat!(env!("OUT_DIR"), "/capspec_generated.rs"));

fn load(root: &Path) -> (Vec<spec::Spec>, Vec<String>) {
    let files = spec::discover(root).unwrap();
    let sources: Vec<spec::SourceText> = files
        .iter()
        .map(|f| spec::SourceText {
            file: f
                .path
                .strip_prefix(env!("CARGO_MANIFEST_DIR"))
                .unwrap()
                .display()
                .to_string(),
            provider: f.provider.clone(),
            text: std::fs::read_to_string(&f.path).unwrap(),
        })
        .collect();
    let specs = spec::load(&sources, &spec::Context::default()).unwrap_or_else(|d| panic!("{d:?}"));
    (
        specs,
        files.iter().map(|f| f.path.display().to_string()).collect(),
    )
}

fn generate(root: &Path) -> String {
    let (specs, paths) = load(root);
    let inputs: Vec<codegen::Input> = specs
        .iter()
        .zip(paths)
        .map(|(spec, path)| codegen::Input { spec, path })
        .collect();
    codegen::generate(&inputs)
}

#[test]
fn generated_code_is_marked_and_formatted() {
    assert!(
        GENERATED.starts_with("// @generated"),
        "{}",
        &GENERATED[..80]
    );
    let body = GENERATED.split_once("\n\n").unwrap().1;
    let file = syn::parse_file(body).expect("the generated code parses");
    // prettyplease's output is its own fixed point: the file is as formatted as it gets.
    assert_eq!(prettyplease::unparse(&file), body);
}

#[test]
fn generation_is_deterministic() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("specs");
    let again = generate(&root);
    assert_eq!(again, generate(&root));
    if std::env::var_os("CAPSPEC_EXTRA_SPECS").is_none() {
        assert_eq!(
            again, GENERATED,
            "the build's output differs from a fresh generation"
        );
    }
}

#[test]
fn generated_code_for_a_fixture_spec() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/codegen");
    let code = generate(&root);
    // The include_str! path is machine-specific; the snapshot shows it relative.
    let code = code.replace(env!("CARGO_MANIFEST_DIR"), "$CARGO_MANIFEST_DIR");
    insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!("generated_fixture", code);
    });
}
