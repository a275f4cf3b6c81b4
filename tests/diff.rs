//! `capspec diff`: the command's contract (formats, exit codes, the published JSON Schema,
//! `git:REV`), its documented check table, and its soundness on generated mutations of the
//! shipped and fixture specs: every witness proves its change, and where no `ERR` is
//! reported, every request of OLD's corpus keeps its verdict, normalized body and output.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use capspec::diff::{self, Check, Effect, Level, Specs};
use capspec::spec::SourceText;
use capspec::{Registry, Validated};
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn capspec(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_capspec"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("capspec runs")
}

/// A copy of the shipped specs in a temporary directory, changed by `edit`.
fn changed_copy(name: &str, edit: impl Fn(&Path)) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("capspec-diff-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for f in capspec::spec::discover(&root().join("specs")).unwrap() {
        let to = dir.join(&f.provider).join(f.path.file_name().unwrap());
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(&f.path, &to).unwrap();
    }
    edit(&dir);
    dir
}

fn replace(file: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(file).unwrap();
    assert!(text.contains(from), "{}: no {from:?}", file.display());
    std::fs::write(file, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn no_change_exits_0() {
    let out = capspec(&["diff", "specs", "specs"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "0 ERR, 0 WARN, 0 INFO"
    );
}

#[test]
fn the_git_revision_of_the_checkout_compares_with_a_directory() {
    // HEAD's specs against the working tree's (equal unless the tree has spec edits).
    let out = capspec(&["diff", "git:HEAD", "specs", "--format", "json"]);
    assert_ne!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(report["changes"].is_array());
    let bad = capspec(&["diff", "git:no-such-revision-anywhere", "specs"]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn a_breaking_change_exits_1_with_a_witness_in_every_format() {
    let dir = changed_copy("narrow", |d| {
        replace(
            &d.join("gccai/qwen-image-2.0.toml"),
            "maximum = 6",
            "maximum = 4",
        )
    });
    let new = dir.to_str().unwrap();
    let out = capspec(&["diff", "specs", new, "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let schema = capspec::diff::schema();
    let validator = jsonschema::validator_for(&schema).unwrap();
    assert!(validator.is_valid(&report), "{report:#}");
    let change = &report["changes"][0];
    assert_eq!(change["check"], "range-narrowed");
    assert_eq!(change["level"], "ERR");
    assert_eq!(change["param"], "n");
    assert_eq!(change["witness"]["n"], 6);
    assert_eq!(report["summary"]["ERR"], 1);

    // --fail-on never: the same report, exit 0.
    let out = capspec(&["diff", "specs", new, "--fail-on", "never"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with("ERR  range-narrowed gccai/qwen-image-2.0 n:"),
        "{text}"
    );
    assert!(text.contains("witness: {"), "{text}");

    // An annotation at the NEW file and the parameter's line.
    let out = capspec(&["diff", "specs", new, "--format", "github"]);
    let text = String::from_utf8_lossy(&out.stdout);
    let file = dir.join("gccai/qwen-image-2.0.toml");
    let line = std::fs::read_to_string(&file)
        .unwrap()
        .lines()
        .position(|l| l == "[properties.n]")
        .unwrap()
        + 1;
    let want = format!(
        "::error file={},line={line},title=capspec diff%3A range-narrowed::",
        file.display()
    );
    assert!(text.starts_with(&want), "{text}\nwanted {want}");

    let out = capspec(&["diff", "specs", new, "--format", "markdown"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("| ERR | `range-narrowed` | `gccai/qwen-image-2.0` | `n` |"),
        "{text}"
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn form_files_routing_paths_and_body_kinds_are_checked() {
    let dir = changed_copy("forms", |d| {
        let edit = d.join("openai/gpt-image-1-edit.toml");
        replace(&edit, "max_bytes = 52428799", "max_bytes = 4194303");
        replace(
            &edit,
            "media_types = [\"image/png\", \"image/webp\", \"image/jpeg\"]",
            "media_types = [\"image/png\", \"image/webp\"]",
        );
        replace(&d.join("openai/dall-e-2-edit.toml"), "square = true\n", "");
        replace(
            &d.join("fal/flux-dev.toml"),
            "path = \"/fal-ai/flux/dev\"",
            "path = \"/fal-ai/flux/dev2\"",
        );
    });
    let out = capspec(&["diff", "specs", dir.to_str().unwrap(), "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let found: Vec<(String, String, String)> = report["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["check"].as_str().unwrap().to_owned(),
                c["spec"].as_str().unwrap().to_owned(),
                c["level"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    for want in [
        ("file-rule-narrowed", "openai/gpt-image-1-edit", "ERR"),
        ("file-rule-widened", "openai/dall-e-2-edit", "INFO"),
        ("route-path-changed", "fal/flux-dev", "ERR"),
    ] {
        let want = (want.0.to_owned(), want.1.to_owned(), want.2.to_owned());
        assert!(found.contains(&want), "{want:?} not in {found:?}");
    }
    let narrowed = report["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["check"] == "file-rule-narrowed")
        .unwrap();
    assert_eq!(narrowed["param"], "image");
    let message = narrowed["message"].as_str().unwrap();
    assert!(
        message.contains("max_bytes 52428799 → 4194303") && message.contains("image/jpeg removed"),
        "{message}"
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn broken_specs_and_usage_errors_exit_2() {
    let dir = changed_copy("broken", |d| {
        replace(
            &d.join("gccai/qwen-image-2.0.toml"),
            "maximum = 6",
            "maximum = \"6\"",
        )
    });
    let out = capspec(&["diff", "specs", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("qwen-image-2.0.toml:"));
    assert_eq!(capspec(&["diff", "specs"]).status.code(), Some(2));
    assert_eq!(
        capspec(&["diff", "specs", "specs", "--fail-on", "sometimes"])
            .status
            .code(),
        Some(2)
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn the_check_table_is_documented() {
    let doc = std::fs::read_to_string(root().join("docs/diff.md")).unwrap();
    let table = doc.split("## Checks\n\n").nth(1).expect("a Checks section");
    assert_eq!(
        table,
        diff::table(),
        "docs/diff.md's table is not the checks'"
    );
    let ids: Vec<&str> = Check::ALL.iter().map(|c| c.id()).collect();
    let mut unique = ids.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "check ids are unique");
}

// ---- soundness on generated mutations ------------------------------------------------------

/// One spec file of the shipped and fixture specs.
struct Source {
    file: String,
    provider: String,
    text: String,
}

fn sources() -> Vec<Source> {
    let mut out = Vec::new();
    for dir in ["specs", "tests/fixtures/codegen"] {
        for f in capspec::spec::discover(&root().join(dir)).unwrap() {
            out.push(Source {
                file: format!(
                    "{dir}/{}/{}",
                    f.provider,
                    f.path.file_name().unwrap().to_string_lossy()
                ),
                provider: f.provider,
                text: std::fs::read_to_string(&f.path).unwrap(),
            });
        }
    }
    out
}

/// Every property table of a spec, with its dotted path.
fn property_tables(t: &toml::Table) -> Vec<Vec<String>> {
    fn go(props: &toml::Table, prefix: &[String], out: &mut Vec<Vec<String>>) {
        for (name, p) in props {
            let mut path = prefix.to_vec();
            path.push(name.clone());
            out.push(path.clone());
            if let Some(children) = p.get("properties").and_then(toml::Value::as_table) {
                go(children, &path, out);
            }
        }
    }
    let mut out = Vec::new();
    if let Some(props) = t.get("properties").and_then(toml::Value::as_table) {
        go(props, &[], &mut out);
    }
    out
}

fn property_mut<'t>(t: &'t mut toml::Table, path: &[String]) -> &'t mut toml::Table {
    let mut table = t["properties"].as_table_mut().unwrap();
    for (i, name) in path.iter().enumerate() {
        let p = table.get_mut(name).unwrap().as_table_mut().unwrap();
        if i + 1 == path.len() {
            return p;
        }
        table = p["properties"].as_table_mut().unwrap();
    }
    unreachable!("a path names a property")
}

/// Mutations of a number: inward and outward by a step and by a larger move.
fn moves(v: &toml::Value) -> Vec<toml::Value> {
    match v {
        toml::Value::Integer(i) => [-64, -1, 1, 64]
            .iter()
            .map(|d| toml::Value::Integer(i + d))
            .collect(),
        toml::Value::Float(x) => [-1.0, -0.5, 0.5, 1.0]
            .iter()
            .map(|d| toml::Value::Float(x + d))
            .collect(),
        _ => Vec::new(),
    }
}

/// Every mutation of one spec text (some do not load; they are skipped by the caller).
fn mutations(text: &str) -> Vec<(String, String)> {
    let table: toml::Table = toml::from_str(text).unwrap();
    let mut out: Vec<(String, toml::Table)> = Vec::new();
    let mut push = |what: String, t: toml::Table| out.push((what, t));
    for path in property_tables(&table) {
        let name = path.join(".");
        let p = property_mut(&mut table.clone(), &path).clone();
        // Numbers and counts, each bound moved both ways.
        for key in [
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "minLength",
            "maxLength",
            "minItems",
            "maxItems",
            "multipleOf",
        ] {
            if let Some(v) = p.get(key) {
                for m in moves(v) {
                    let mut t = table.clone();
                    property_mut(&mut t, &path).insert(key.into(), m.clone());
                    push(format!("{name}.{key} = {m:?}"), t);
                }
                let mut t = table.clone();
                property_mut(&mut t, &path).remove(key);
                push(format!("{name}.{key} removed"), t);
            }
        }
        let ty = p.get("type").and_then(toml::Value::as_str).unwrap_or("");
        if ty == "integer" && p.get("maximum").is_none() && p.get("const").is_none() {
            let mut t = table.clone();
            property_mut(&mut t, &path).insert("maximum".into(), toml::Value::Integer(100));
            push(format!("{name}.maximum = 100 added"), t);
        }
        if ty == "string" && p.get("maxLength").is_none() && p.get("enum").is_none() {
            let mut t = table.clone();
            property_mut(&mut t, &path).insert("maxLength".into(), toml::Value::Integer(5));
            push(format!("{name}.maxLength = 5 added"), t);
        }
        // Sides, areas and aspect ratios of sizes.
        for key in ["width", "height", "pixels", "aspect_ratio"] {
            let Some(b) = p.get(key).and_then(toml::Value::as_table) else {
                continue;
            };
            for (bound, v) in b {
                let changed: Vec<toml::Value> = match v {
                    toml::Value::String(s) if key == "aspect_ratio" => {
                        let (w, h) = s.split_once(':').unwrap();
                        let (w, h): (i64, i64) = (w.parse().unwrap(), h.parse().unwrap());
                        vec![
                            toml::Value::String(format!("{}:{h}", w + 1)),
                            toml::Value::String(format!("{w}:{}", h + 1)),
                        ]
                    }
                    toml::Value::String(s) => {
                        let (w, h) = s.split_once(['x', '*']).unwrap();
                        let (w, h): (i64, i64) = (w.parse().unwrap(), h.parse().unwrap());
                        vec![
                            toml::Value::Integer(w * h - 4096),
                            toml::Value::Integer(w * h + 4096),
                        ]
                    }
                    other => moves(other),
                };
                for m in changed {
                    let mut t = table.clone();
                    let q = property_mut(&mut t, &path);
                    q[key]
                        .as_table_mut()
                        .unwrap()
                        .insert(bound.clone(), m.clone());
                    push(format!("{name}.{key}.{bound} = {m:?}"), t);
                }
            }
        }
        // Closed sets: a member dropped, one added.
        if let Some(members) = p.get("enum").and_then(toml::Value::as_array) {
            for i in 0..members.len() {
                let mut t = table.clone();
                let q = property_mut(&mut t, &path);
                q["enum"].as_array_mut().unwrap().remove(i);
                push(format!("{name}: enum member {i} dropped"), t);
            }
            let mut t = table.clone();
            let added = if p.get("format").and_then(toml::Value::as_str) == Some("size") {
                "640x640"
            } else {
                "capspec-new"
            };
            property_mut(&mut t, &path)["enum"]
                .as_array_mut()
                .unwrap()
                .push(toml::Value::String(added.into()));
            push(format!("{name}: enum member added"), t);
            // A default set to each other member, or added.
            for m in members {
                if p.get("default") != Some(m) {
                    let mut t = table.clone();
                    property_mut(&mut t, &path).insert("default".into(), m.clone());
                    push(format!("{name}.default = {m:?}"), t);
                }
            }
        }
        if let Some(presets) = p.get("presets").and_then(toml::Value::as_table) {
            for (preset, size) in presets {
                let mut t = table.clone();
                property_mut(&mut t, &path)["presets"]
                    .as_table_mut()
                    .unwrap()
                    .remove(preset);
                push(format!("{name}: preset {preset} dropped"), t);
                let (w, h) = size.as_str().unwrap().split_once('x').unwrap();
                let mut t = table.clone();
                property_mut(&mut t, &path)["presets"]
                    .as_table_mut()
                    .unwrap()
                    .insert(
                        preset.clone(),
                        toml::Value::String(format!("{}x{h}", w.parse::<i64>().unwrap() + 16)),
                    );
                push(format!("{name}: preset {preset} resized"), t);
            }
        }
        // Defaults: removed, or moved for numbers and toggled for booleans.
        if let Some(d) = p.get("default") {
            let mut t = table.clone();
            property_mut(&mut t, &path).remove("default");
            push(format!("{name}.default removed"), t);
            let other = match d {
                toml::Value::Boolean(b) => vec![toml::Value::Boolean(!b)],
                v => moves(v),
            };
            for m in other {
                let mut t = table.clone();
                property_mut(&mut t, &path).insert("default".into(), m.clone());
                push(format!("{name}.default = {m:?}"), t);
            }
        }
        // Presence and null.
        for (key, value) in [
            ("required", true),
            ("required", false),
            ("nullable", true),
            ("nullable", false),
        ] {
            if p.get(key).and_then(toml::Value::as_bool).unwrap_or(false) != value {
                let mut t = table.clone();
                property_mut(&mut t, &path).insert(key.into(), toml::Value::Boolean(value));
                push(format!("{name}.{key} = {value}"), t);
            }
        }
        if p.get("public").is_some() || p.get("items").and_then(|i| i.get("public")).is_some() {
            let mut t = table.clone();
            let q = property_mut(&mut t, &path);
            let target = if q.contains_key("public") {
                q
            } else {
                q["items"].as_table_mut().unwrap()
            };
            let flipped = !target["public"].as_bool().unwrap();
            target.insert("public".into(), toml::Value::Boolean(flipped));
            push(format!("{name}: public = {flipped}"), t);
        }
        // The parameter gone.
        if path.len() == 1 && name != "model" {
            let mut t = table.clone();
            t["properties"].as_table_mut().unwrap().remove(&path[0]);
            push(format!("{name} removed"), t);
        }
    }
    // Rules: each dropped; an exclusive pair of optional top-level parameters added.
    if let Some(rules) = table.get("rules").and_then(toml::Value::as_array) {
        for i in 0..rules.len() {
            let mut t = table.clone();
            t["rules"].as_array_mut().unwrap().remove(i);
            push(format!("rule {i} dropped"), t);
        }
    }
    let optional: Vec<String> = table["properties"]
        .as_table()
        .unwrap()
        .iter()
        .filter(|(n, p)| {
            *n != "model"
                && !p
                    .get("required")
                    .and_then(toml::Value::as_bool)
                    .unwrap_or(false)
                && p.get("default").is_none()
                && p.get("properties").is_none()
        })
        .map(|(n, _)| n.clone())
        .collect();
    for pair in optional.windows(2).take(3) {
        let mut t = table.clone();
        let rule: toml::Table = toml::from_str(&format!(
            "exclusive = [{:?}, {:?}]\nsource = \"mutation\"",
            pair[0], pair[1]
        ))
        .unwrap();
        t.entry("rules")
            .or_insert_with(|| toml::Value::Array(Vec::new()))
            .as_array_mut()
            .unwrap()
            .push(toml::Value::Table(rule));
        push(format!("exclusive {} / {} added", pair[0], pair[1]), t);
    }
    // Size-table cells: each dropped (where the row keeps one) and each resized.
    if let Some(cells) = table
        .get("size_table")
        .and_then(|t| t.get("cells"))
        .and_then(toml::Value::as_table)
    {
        for (ratio, row) in cells {
            for (tier, size) in row.as_table().unwrap() {
                if row.as_table().unwrap().len() > 1 {
                    let mut t = table.clone();
                    t["size_table"]["cells"][ratio]
                        .as_table_mut()
                        .unwrap()
                        .remove(tier);
                    push(format!("cell {ratio} {tier} dropped"), t);
                }
                let (w, h) = size.as_str().unwrap().split_once('x').unwrap();
                let (w, h): (i64, i64) = (w.parse().unwrap(), h.parse().unwrap());
                let mut t = table.clone();
                t["size_table"]["cells"][ratio]
                    .as_table_mut()
                    .unwrap()
                    .insert(
                        tier.clone(),
                        toml::Value::String(format!("{}x{}", w + 8, h + 8 * h / w)),
                    );
                push(format!("cell {ratio} {tier} resized"), t);
            }
        }
    }
    // Model names and metadata.
    if let Some(names) = table["model"].get("names").and_then(toml::Value::as_array) {
        let id = table["model"]["id"].as_str().unwrap().to_owned();
        for (i, n) in names.iter().enumerate() {
            if n.as_str() != Some(&id) && table["model"].get("default") != Some(n) {
                let mut t = table.clone();
                t["model"]["names"].as_array_mut().unwrap().remove(i);
                push(format!("model name {n:?} dropped"), t);
            }
        }
    }
    let mut t = table.clone();
    t["model"]
        .as_table_mut()
        .unwrap()
        .insert("description".into(), toml::Value::String("reworded".into()));
    push("description reworded".into(), t);
    out.into_iter()
        .map(|(what, t)| (what, toml::to_string(&t).unwrap()))
        .collect()
}

fn specs_of(s: &Source, text: &str) -> Option<Specs> {
    Specs::from_texts(vec![SourceText {
        file: s.file.clone(),
        provider: s.provider.clone(),
        text: text.to_owned(),
    }])
    .ok()
}

type Outcome = (String, Value, capspec::types::Output);

fn outcome(r: &Validated<'_, '_>) -> Outcome {
    (r.spec_id().to_owned(), r.to_value(), r.output())
}

/// Whether the witness proves the change, checked with both versions.
fn proves(old: &Registry, new: &Registry, c: &diff::Change, body: &Value) -> bool {
    let provider = old
        .spec(&c.spec)
        .map(|s| s.provider.clone())
        .unwrap_or_default();
    match c.check {
        Check::SpecRemoved | Check::ModelNameRemoved | Check::DefaultModelChanged => {
            let before = old.validate_value(&provider, body).map(|r| outcome(&r));
            let after = new.validate_value(&provider, body).map(|r| outcome(&r));
            before.as_ref().is_ok_and(|b| b.0 == c.spec) && after.ok() != before.ok()
        }
        _ => {
            let Some(Ok(before)) = old.validate_spec_value(&c.spec, body) else {
                return false;
            };
            match (c.check.effect(), new.validate_spec_value(&c.spec, body)) {
                (Effect::Rejects, Some(Err(_))) => true,
                (Effect::Changes, Some(Ok(after))) => outcome(&before) != outcome(&after),
                (Effect::Changes, Some(Err(_))) => true,
                _ => false,
            }
        }
    }
}

#[test]
fn every_witness_proves_its_change_and_no_err_means_no_change_on_mutations() {
    let (mut mutations_run, mut witnesses, mut quiet, mut bodies) = (0, 0, 0, 0);
    let mut failures = Vec::new();
    let mut missing = Vec::new();
    for s in sources() {
        let old = specs_of(&s, &s.text).expect("a shipped spec loads");
        let spec = old.registry.specs()[0].clone();
        // A form's witnesses would be forms, which this corpus of JSON bodies does not make
        // (`form_files_routing_paths_and_body_kinds_are_checked` covers their checks).
        if spec.model.body == capspec::spec::BodyKind::Multipart {
            continue;
        }
        // A larger corpus than the one `capspec diff` searches (another seed, three times the
        // random bodies).
        let corpus: Vec<Value> = capspec_corpus::cases(&spec)
            .into_iter()
            .chain(capspec_corpus::random(&spec, 7, 300))
            .map(|c| c.body)
            .filter(|b| matches!(old.registry.validate_spec_value(&spec.id, b), Some(Ok(_))))
            .collect();
        for (what, text) in mutations(&s.text) {
            let Some(new) = specs_of(&s, &text) else {
                continue;
            };
            mutations_run += 1;
            let report = diff::diff(&old, &new);
            for c in &report.changes {
                match &c.witness {
                    Some(w) => {
                        witnesses += 1;
                        if !proves(&old.registry, &new.registry, c, w) {
                            failures.push(format!(
                                "{}: {what}: {} {} does not prove it: {w}",
                                s.file, c.check, c.message
                            ));
                        }
                    }
                    None if c.level == Level::Err && c.check.effect() != Effect::None => {
                        missing.push(format!("{}: {what}: {} {}", s.file, c.check, c.message));
                    }
                    None => {}
                }
            }
            if !report.reaches(Level::Err) {
                quiet += 1;
                for b in &corpus {
                    bodies += 1;
                    let before = old
                        .registry
                        .validate_spec_value(&spec.id, b)
                        .unwrap()
                        .map(|r| outcome(&r));
                    let after = new
                        .registry
                        .validate_spec_value(&spec.id, b)
                        .unwrap()
                        .map(|r| outcome(&r));
                    if before.ok() != after.ok() {
                        failures.push(format!("{}: {what}: no ERR, yet {b} changes", s.file));
                        break;
                    }
                }
            }
        }
    }
    println!(
        "{mutations_run} mutations: {witnesses} witnesses checked, {quiet} without ERR ({bodies} bodies replayed)"
    );
    assert!(mutations_run >= 1000, "{mutations_run} mutations");
    assert!(
        quiet >= 100 && witnesses >= 500,
        "{quiet} quiet, {witnesses} witnesses"
    );
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(
        missing.is_empty(),
        "{} ERR changes without a witness:\n{}",
        missing.len(),
        missing.join("\n")
    );
}
