//! `Config` as a build script uses it: output written only when it changed, every broken
//! spec reported with its place, free-text sources unless a sources directory is given.

use std::path::{Path, PathBuf};

use capspec_build::{Config, Error, OUTPUT_FILE};

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("capspec-build {name} {}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A spec directory with one provider and the given files.
fn specs(dir: &Path, files: &[(&str, &str)]) -> PathBuf {
    let root = dir.join("specs");
    std::fs::create_dir_all(root.join("acme")).unwrap();
    for (name, text) in files {
        std::fs::write(root.join("acme").join(name), text).unwrap();
    }
    root
}

const SPEC: &str = r#"
source = "https://docs.acme.example/pixel"
[model]
id = "pixel-1"
name = "Pixel 1"
source = "Models"
[properties.model]
type = "model"
source = "Body"
[properties.prompt]
type = "string"
required = true
source = "Body"
"#;

#[test]
fn the_output_is_written_only_when_it_changes() {
    let dir = scratch("write");
    let root = specs(&dir, &[("pixel-1.toml", SPEC)]);
    let out = dir.join("out");
    std::fs::create_dir_all(&out).unwrap();
    let config = Config::new()
        .spec_dir(&root)
        .out_dir(&out)
        .cargo_directives(false);
    config.compile().unwrap();
    let file = out.join(OUTPUT_FILE);
    let first = std::fs::metadata(&file).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    config.compile().unwrap();
    assert_eq!(std::fs::metadata(&file).unwrap().modified().unwrap(), first);
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        config.generate().unwrap()
    );
    std::fs::write(
        root.join("acme/pixel-1.toml"),
        SPEC.replace("Pixel 1", "Pixel One"),
    )
    .unwrap();
    config.compile().unwrap();
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .contains("Pixel One")
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn broken_specs_are_every_diagnostic_with_its_place() {
    let dir = scratch("broken");
    let root = specs(
        &dir,
        &[
            ("a.toml", &SPEC.replace("required = true", "required = 1")),
            (
                "b.toml",
                &SPEC
                    .replace("pixel-1", "pixel-2")
                    .replace("type = \"string\"", "type = \"text\""),
            ),
        ],
    );
    let err = Config::new()
        .spec_dir(&root)
        .out_dir(&dir)
        .cargo_directives(false)
        .compile()
        .unwrap_err();
    let Error::Specs(diagnostics) = &err else {
        panic!("{err}")
    };
    assert_eq!(diagnostics.len(), 2, "{err}");
    let text = err.to_string();
    for (line, file) in text.lines().zip(["a.toml", "b.toml"]) {
        let prefix = format!("{}/acme/{file}:", root.display());
        assert!(line.starts_with(&prefix), "{line}");
    }
    assert!(
        !dir.join(OUTPUT_FILE).exists(),
        "nothing is written for broken specs"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_sources_directory_makes_source_name_a_file_in_it() {
    let dir = scratch("sources");
    let root = specs(&dir, &[("pixel-1.toml", SPEC)]);
    std::fs::create_dir_all(dir.join("docs")).unwrap();
    std::fs::write(dir.join("docs/pixel.txt"), "the doc").unwrap();
    let free = Config::new().spec_dir(&root);
    assert!(
        free.generate().is_ok(),
        "free text without a sources directory"
    );
    let err = Config::new()
        .spec_dir(&root)
        .sources_dir(dir.join("docs"))
        .generate()
        .unwrap_err();
    assert!(err.to_string().contains("pixel.txt"), "{err}");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn without_out_dir_or_out_dir_env_there_is_nowhere_to_write() {
    if std::env::var_os("OUT_DIR").is_some() {
        return;
    }
    let err = Config::new()
        .spec_dir("specs")
        .cargo_directives(false)
        .compile()
        .unwrap_err();
    assert!(matches!(err, Error::NoOutDir | Error::Io { .. }), "{err}");
}
