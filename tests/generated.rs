//! The generated code itself: formatted, marked `@generated`, deterministic, free of machine
//! paths, and readable (a snapshot of one fixture spec's output shows every construct for
//! review; `examples/own-specs` compiles that fixture, so the snapshot is code that builds).

const GENERATED: &str = include_str!(concat!(env!("OUT_DIR"), "/capspec_specs.rs"));

/// The generated source of a spec directory, as `build.rs` names it (relative to the crate;
/// tests run in the crate's directory).
fn generate(dir: &str) -> String {
    capspec_build::Config::new()
        .spec_dir(dir)
        .generate()
        .unwrap_or_else(|e| panic!("{e}"))
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
fn generation_is_deterministic_and_is_what_the_build_wrote() {
    let again = generate("specs");
    assert_eq!(again, generate("specs"));
    assert_eq!(
        again, GENERATED,
        "the build's output differs from a fresh generation"
    );
}

#[test]
fn generated_code_names_no_machine_path_and_no_crate_items() {
    let root = env!("CARGO_MANIFEST_DIR");
    assert!(!GENERATED.contains(root), "the output names {root}");
    for needle in ["crate::", "#[allow(clippy", "unused_variables"] {
        assert!(!GENERATED.contains(needle), "the output has {needle:?}");
    }
}

#[test]
fn generated_code_for_a_fixture_spec() {
    let code = generate("tests/fixtures/codegen");
    insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!("generated_fixture", code);
    });
}

#[test]
fn the_build_reruns_when_any_spec_file_changes() {
    // Cargo keeps a build script's directives next to its OUT_DIR.
    let output = std::path::Path::new(env!("OUT_DIR")).with_file_name("output");
    let directives = std::fs::read_to_string(&output).unwrap();
    let mut watched = 0;
    for provider in std::fs::read_dir("specs").unwrap() {
        let provider = provider.unwrap().path();
        if !provider.is_dir() {
            continue;
        }
        for spec in std::fs::read_dir(&provider).unwrap() {
            let line = format!("cargo::rerun-if-changed={}", spec.unwrap().path().display());
            assert!(
                directives.lines().any(|l| l == line),
                "{line} missing from {}",
                output.display()
            );
            watched += 1;
        }
    }
    assert!(watched >= 16, "{watched}");
    assert!(
        directives
            .lines()
            .any(|l| l == "cargo::rerun-if-changed=seeds")
    );
}
