//! Broken specs: each file under `tests/bad_specs/` has one fault and yields one diagnostic
//! with file, line, column and a message that names the fix (snapshot per file). Nothing
//! panics. `base.toml.txt` is the valid spec every file was made from.

use std::path::{Path, PathBuf};

use capspec::spec::{self, Context, SourceText, Sources};

fn seeds() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    names.sort();
    names
}

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad_specs")
}

#[test]
fn the_base_spec_is_valid() {
    let seeds = seeds();
    let text = std::fs::read_to_string(dir().join("base.toml.txt")).unwrap();
    spec::parse(
        &text,
        "base.toml",
        "bad",
        &Context {
            sources: Some(Sources {
                dir: "seeds",
                files: &seeds,
            }),
        },
    )
    .unwrap();
}

#[test]
fn each_broken_spec_yields_one_diagnostic() {
    let seeds = seeds();
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    assert!(files.len() >= 15, "{} broken specs", files.len());
    for path in files {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        let shown = format!("tests/bad_specs/{name}.toml");
        let diagnostics = spec::parse(
            &text,
            &shown,
            "bad",
            &Context {
                sources: Some(Sources {
                    dir: "seeds",
                    files: &seeds,
                }),
            },
        )
        .expect_err(&name);
        assert_eq!(diagnostics.len(), 1, "{name}: {diagnostics:#?}");
        let d = &diagnostics[0];
        assert_eq!(d.file, shown);
        assert!(d.line >= 1 && d.column >= 1, "{name}: {d}");
        insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => false, omit_expression => true }, {
            insta::assert_snapshot!(format!("bad_spec__{name}"), d.to_string());
        });
    }
}

fn source(file: &str, text: String) -> SourceText {
    SourceText {
        file: file.to_owned(),
        provider: "bad".to_owned(),
        text,
    }
}

#[test]
fn faults_across_files_are_diagnosed() {
    let base = std::fs::read_to_string(dir().join("base.toml.txt")).unwrap();
    let cx = Context::default();
    // The same spec id twice.
    let d = spec::load(
        &[
            source("a.toml", base.clone()),
            source("b.toml", base.clone()),
        ],
        &cx,
    )
    .unwrap_err();
    assert_eq!(d.len(), 1, "{d:?}");
    assert!(
        d[0].to_string().starts_with("b.toml:") && d[0].message.contains("also declared by a.toml"),
        "{}",
        d[0]
    );
    // A name that routes to two specs of one provider.
    let other = base.replace(
        "id = \"widget\"",
        "id = \"gadget\"\nnames = [\"gadget\", \"widget\"]",
    );
    let d = spec::load(
        &[source("a.toml", base.clone()), source("c.toml", other)],
        &cx,
    )
    .unwrap_err();
    assert_eq!(d.len(), 1, "{d:?}");
    assert!(
        d[0].message
            .contains("\"widget\" also routes to bad/widget"),
        "{}",
        d[0]
    );
    // Two default models in one provider.
    let one = base.replace(
        "name = \"Widget\"",
        "default = \"widget\"\nname = \"Widget\"",
    );
    let two = one
        .replace("id = \"widget\"", "id = \"gadget\"")
        .replace("default = \"widget\"", "default = \"gadget\"");
    let d = spec::load(&[source("a.toml", one), source("d.toml", two)], &cx).unwrap_err();
    assert_eq!(d.len(), 1, "{d:?}");
    assert!(
        d[0].message.contains("already has a default model"),
        "{}",
        d[0]
    );
    // A spec its endpoint path selects, beside one the body's `model` routes, in one provider;
    // and two specs that one endpoint path would select.
    let routed = |id: &str, path: &str| {
        base.replace(
            "[properties.model]\ntype = \"model\"\nsource = \"test\"\n\n",
            "",
        )
        .replace("id = \"widget\"", &format!("id = \"{id}\""))
        .replace(
            "name = \"Widget\"",
            &format!("name = \"Widget\"\nendpoint = {{ method = \"POST\", path = \"{path}\" }}"),
        )
    };
    let d = spec::load(
        &[
            source("a.toml", base.clone()),
            source("e.toml", routed("gadget", "/g")),
        ],
        &cx,
    )
    .unwrap_err();
    assert_eq!(d.len(), 1, "{d:?}");
    assert!(
        d[0].message.contains("a provider routes one way"),
        "{}",
        d[0]
    );
    let d = spec::load(
        &[
            source("f.toml", routed("gadget", "/same")),
            source("g.toml", routed("gizmo", "/same")),
        ],
        &cx,
    )
    .unwrap_err();
    assert_eq!(d.len(), 1, "{d:?}");
    assert!(
        d[0].to_string().starts_with("g.toml:")
            && d[0].message.contains("\"/same\" also selects bad/gadget"),
        "{}",
        d[0]
    );
}

#[test]
fn no_input_makes_the_loader_panic() {
    // Every prefix of a valid spec: truncated files of every shape.
    let base = std::fs::read_to_string(dir().join("base.toml.txt")).unwrap();
    for cut in (0..base.len()).filter(|i| base.is_char_boundary(*i)) {
        let _ = spec::parse(&base[..cut], "cut.toml", "bad", &Context::default());
    }
}
