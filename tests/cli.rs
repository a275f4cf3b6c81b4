//! The `capspec` command-line contract, which other tools call: exact output shapes and exit
//! codes.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use capspec::ValidRequest;
use serde_json::Value;

fn capspec(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_capspec"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("capspec runs");
    {
        let mut input = child.stdin.take().unwrap();
        if let Some(bytes) = stdin {
            input.write_all(bytes).unwrap();
        }
    }
    child.wait_with_output().unwrap()
}

/// stdout is exactly one JSON object (and a newline).
fn one_object(out: &Output) -> Value {
    let text = String::from_utf8(out.stdout.clone()).unwrap();
    let mut stream = serde_json::Deserializer::from_str(&text).into_iter::<Value>();
    let value = stream.next().expect("one value").expect("valid JSON");
    assert!(stream.next().is_none(), "more than one value: {text}");
    assert!(value.is_object(), "{text}");
    value
}

fn example(name: &str) -> String {
    format!("{}/examples/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn models_lists_every_spec_id_one_per_line() {
    let out = capspec(&["models"], None);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines, capspec::SPEC_IDS);
    for id in [
        "dieyuyun/qwen-image-2.0-pro",
        "dieyuyun/qwen-image-2.0",
        "dieyuyun/qwen-image-max",
        "dieyuyun/qwen-image-plus",
        "dieyuyun/qwen-image",
        "gccai/qwen-image-2.0",
        "gccai/qwen-image-2.0-pro",
        "empiriolabs/qwen-image-2-0",
        "bailian/wan2.6-t2i",
        "bailian/wan2.5-t2i-preview",
        "bailian/wan2.2-t2i-flash",
        "bailian/wan2.2-t2i-plus",
        "bailian/wanx2.1-t2i-turbo",
        "bailian/wanx2.1-t2i-plus",
        "bailian/wanx2.0-t2i-turbo",
        "modelverse/Qwen/Qwen-Image",
        "openai/dall-e-2",
        "openai/dall-e-3",
        "openai/gpt-image-1",
        "fal/flux-dev",
        "fal/flux-schnell",
        "fal/flux-pro-v1.1",
    ] {
        assert!(lines.contains(&id), "{id} missing");
    }
    assert_eq!(lines.len(), capspec::specs().len());
}

#[test]
fn a_valid_request_exits_0_with_the_normalized_request() {
    let path = example("gccai-16x9-2k.json");
    let out = capspec(&["validate", "gccai", &path], None);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = one_object(&out);
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["model", "width", "height", "n", "request", "cost"]);
    let bytes = std::fs::read(&path).unwrap();
    let lib = capspec::Provider::Gccai.validate_slice(&bytes).unwrap();
    let o = lib.output();
    assert_eq!(v["model"], lib.spec_id());
    assert_eq!(
        (v["width"].as_u64(), v["height"].as_u64(), v["n"].as_u64()),
        (o.width, o.height, Some(u64::from(o.count)))
    );
    assert_eq!(v["request"], serde_json::to_value(&lib).unwrap());
    assert_eq!(v["cost"], serde_json::to_value(lib.cost()).unwrap());
}

#[test]
fn unknown_size_prints_null_width_and_height() {
    let out = capspec(
        &["validate", "modelverse", "-"],
        Some(br#"{"model": "Qwen/Qwen-Image", "prompt": "p"}"#),
    );
    assert_eq!(out.status.code(), Some(0));
    let v = one_object(&out);
    assert!(v["width"].is_null() && v["height"].is_null());
    assert_eq!(v["n"], 1);
}

#[test]
fn an_invalid_request_exits_1_with_every_violation() {
    for args in [vec!["validate", "gccai"], vec!["validate", "gccai", "-"]] {
        let out = capspec(
            &args,
            Some(br#"{"model": "qwen-image-2.0", "prompt": 5, "bogus": 1}"#),
        );
        assert_eq!(out.status.code(), Some(1));
        let v = one_object(&out);
        let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, ["error", "errors"]);
        assert_eq!(v["error"], v["errors"][0]);
        let codes: Vec<&str> = v["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["code"].as_str().unwrap())
            .collect();
        assert_eq!(codes, ["unknown_parameter", "invalid_type"]);
        for e in v["errors"].as_array().unwrap() {
            assert_eq!(e["type"], "invalid_request_error");
            let keys: Vec<&str> = e.as_object().unwrap().keys().map(String::as_str).collect();
            assert_eq!(keys, ["message", "type", "param", "code"]);
        }
    }
}

#[test]
fn broken_json_exits_1_with_invalid_json() {
    let out = capspec(&["validate", "gccai"], Some(b"{\"model\": "));
    assert_eq!(out.status.code(), Some(1));
    let v = one_object(&out);
    assert_eq!(v["error"]["code"], "invalid_json");
    assert!(v["error"]["param"].is_null());
}

#[test]
fn usage_errors_exit_2_with_a_message_on_stderr() {
    let out = capspec(
        &[
            "validate",
            "no-such-provider",
            &example("gccai-16x9-2k.json"),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no-such-provider"));
    let out = capspec(&["validate", "gccai", "/nonexistent/body.json"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(!out.stderr.is_empty());
}

#[test]
fn schema_prints_the_model_document() {
    for id in capspec::SPEC_IDS {
        let out = capspec(&["schema", id], None);
        assert_eq!(out.status.code(), Some(0), "{id}");
        let v = one_object(&out);
        assert_eq!(&v, capspec::schema::model_document(id).unwrap());
    }
    let out = capspec(&["schema", "gccai/no-such-model"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
}

#[test]
fn models_json_prints_the_model_list() {
    let out = capspec(&["models", "--json"], None);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(one_object(&out), capspec::schema::model_list());
}

/// A fresh directory under the system's temp dir (its name has a space, as a user's may).
fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("capspec cli {name} {}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn specs_loaded_at_run_time_give_the_compiled_answers() {
    // Relative, as the build names the compiled specs (tests run in the crate directory).
    let specs = "specs";
    let bodies: [&[u8]; 4] = [
        br#"{"model": "qwen-image-2.0", "prompt": "a fox", "size": "16:9", "resolution": "2K"}"#,
        br#"{"model": "qwen-image-2.0", "prompt": 5, "bogus": 1}"#,
        br#"{"model": "nope"}"#,
        b"{",
    ];
    for body in bodies {
        let compiled = capspec(&["validate", "gccai"], Some(body));
        let loaded = capspec(&["validate", "gccai", "--specs", specs], Some(body));
        assert_eq!(compiled.status.code(), loaded.status.code());
        assert!(
            compiled.stdout == loaded.stdout,
            "{}",
            String::from_utf8_lossy(body)
        );
    }
    for args in [
        vec!["models"],
        vec!["models", "--json"],
        vec!["schema", "bailian/wan2.6-t2i"],
    ] {
        let compiled = capspec(&args, None);
        let mut with = args.clone();
        with.extend(["--specs", specs]);
        let loaded = capspec(&with, None);
        assert_eq!(loaded.status.code(), Some(0), "{args:?}");
        assert!(compiled.stdout == loaded.stdout, "{args:?}");
    }
}

#[test]
fn check_summarizes_good_specs_and_locates_every_fault() {
    let out = capspec(
        &["check", &format!("{}/specs", env!("CARGO_MANIFEST_DIR"))],
        None,
    );
    assert_eq!(out.status.code(), Some(0));
    let summary = String::from_utf8(out.stdout).unwrap();
    assert_eq!(summary.lines().count(), 1, "{summary}");
    assert!(
        summary.contains(&format!("{} spec(s)", capspec::SPEC_IDS.len())),
        "{summary}"
    );

    let dir = scratch("check");
    std::fs::create_dir_all(dir.join("acme")).unwrap();
    let bad = |name: &str| {
        std::fs::read_to_string(format!(
            "{}/tests/bad_specs/{name}.toml",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
    };
    std::fs::write(dir.join("acme/one.toml"), bad("min_greater_than_max")).unwrap();
    std::fs::write(dir.join("acme/two.toml"), bad("unknown_key")).unwrap();
    let out = capspec(&["check", dir.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8(out.stderr).unwrap();
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{stderr}");
    for (line, file) in lines.iter().zip(["one.toml", "two.toml"]) {
        // `<dir>/acme/<file>:<line>:<col>: <message>`
        let rest = line
            .strip_prefix(&format!("{}/acme/{file}:", dir.display()))
            .unwrap_or_else(|| panic!("{line}"));
        let mut parts = rest.splitn(3, ':');
        assert!(parts.next().unwrap().parse::<usize>().is_ok(), "{line}");
        assert!(parts.next().unwrap().parse::<usize>().is_ok(), "{line}");
        assert!(parts.next().unwrap().starts_with(' '), "{line}");
    }
    // The same specs cannot serve a command: a usage error with the diagnostics.
    let out = capspec(&["models", "--specs", dir.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("one.toml"));
    std::fs::remove_dir_all(dir).unwrap();
}

/// `capspec translate`: 0 with the calls and changes, the library's own answer; 1 with the
/// error body; 2 for an unknown spec id or policy; `--specs` gives the same answers.
#[test]
fn translate_prints_the_calls_and_changes_and_exits_by_verdict() {
    use capspec::translate::Policy;
    let canonical = br#"{"prompt": "a fox", "size": "1024x1024", "n": 3}"#;
    for (to, allow) in [
        ("gccai/qwen-image-2.0", ""),
        ("dieyuyun/qwen-image-2.0", "nearest-size"),
        ("bailian/wan2.6-t2i", "nearest-size,split-n"),
    ] {
        let out = capspec(
            &["translate", "--to", to, "--allow", allow],
            Some(canonical),
        );
        assert_eq!(
            out.status.code(),
            Some(0),
            "{to}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let policy: Policy = allow.parse().unwrap();
        let expected = capspec::translate(to, canonical, &policy).unwrap();
        assert_eq!(one_object(&out), serde_json::to_value(&expected).unwrap());
        let loaded = capspec(
            &[
                "translate",
                "--to",
                to,
                "--allow",
                allow,
                "--specs",
                "specs",
            ],
            Some(canonical),
        );
        assert_eq!(loaded.stdout, out.stdout, "{to}: --specs");
    }
    let refused = capspec(
        &["translate", "--to", "dieyuyun/qwen-image-2.0"],
        Some(canonical),
    );
    assert_eq!(refused.status.code(), Some(1));
    let body = one_object(&refused);
    assert_eq!(body["error"]["code"], "not_translatable");
    let params: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["param"].as_str().unwrap())
        .collect();
    assert_eq!(params, ["size"], "n = 3 fits one call of this model");
    for args in [
        &["translate", "--to", "gccai/nope"][..],
        &[
            "translate",
            "--to",
            "gccai/qwen-image-2.0",
            "--allow",
            "clamp",
        ],
    ] {
        let out = capspec(args, Some(canonical));
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty() && !out.stderr.is_empty());
    }
}

#[test]
fn validate_and_cost_take_a_spec_id_or_an_endpoint_path() {
    let body = br#"{"prompt": "a fox", "num_inference_steps": 40}"#;
    for args in [
        &["validate", "--spec", "fal/flux-dev"][..],
        &["validate", "--endpoint", "/fal-ai/flux/dev"],
        &["validate", "--spec", "fal/flux-dev", "--specs", "specs"],
        &[
            "validate",
            "--endpoint",
            "/fal-ai/flux/dev",
            "--specs",
            "specs",
            "-",
        ],
    ] {
        let out = capspec(args, Some(body));
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v = one_object(&out);
        assert_eq!(v["model"], "fal/flux-dev");
        assert_eq!(
            (v["width"].as_u64(), v["height"].as_u64()),
            (Some(1024), Some(768))
        );
    }
    // The same body at schnell's endpoint: at most 12 steps.
    let out = capspec(
        &["validate", "--endpoint", "/fal-ai/flux/schnell"],
        Some(body),
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(one_object(&out)["error"]["code"], "out_of_range");
    // A body for the provider alone routes nowhere.
    let out = capspec(&["validate", "fal"], Some(body));
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(one_object(&out)["error"]["code"], "endpoint_not_found");
    // Usage errors: an unknown spec, an endpoint no spec has, a provider beside --spec.
    for args in [
        &["validate", "--spec", "fal/flux-9"][..],
        &["validate", "--endpoint", "/fal-ai/flux/nine"],
        &["validate", "--endpoint", "/v1/images/generations"],
        &["validate", "fal", "-", "--spec", "fal/flux-dev"],
        &["validate"],
    ] {
        let out = capspec(args, Some(body));
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
    let out = capspec(&["cost", "--endpoint", "/fal-ai/flux/dev"], Some(body));
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(one_object(&out)["images"], 1);
}

#[test]
fn validate_reads_a_multipart_form_with_its_content_type() {
    use capspec::spec::MediaType;
    use capspec_corpus::forms::{self, Part};
    let dir = std::env::temp_dir().join(format!("capspec cli form {}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("edit form.bin");
    let parts = vec![
        Part::text("prompt", "a fox"),
        Part::file("image", MediaType::Png, forms::png(256, 256, 10)),
        Part::file("mask", MediaType::Png, forms::png(256, 256, 0)),
    ];
    std::fs::write(&file, forms::encode(&parts)).unwrap();
    let ct = forms::content_type();
    let path = file.to_str().unwrap();
    for args in [
        &[
            "validate",
            "--endpoint",
            "/v1/images/edits",
            "--content-type",
            &ct,
            path,
        ][..],
        &[
            "validate",
            "--spec",
            "openai/dall-e-2-edit",
            "--content-type",
            &ct,
            path,
        ],
        &[
            "validate",
            "--spec",
            "openai/dall-e-2-edit",
            "--content-type",
            &ct,
            "--specs",
            "specs",
            path,
        ],
    ] {
        let out = capspec(args, None);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stdout)
        );
        let v = one_object(&out);
        assert_eq!(v["model"], "openai/dall-e-2-edit");
        assert_eq!(v["request"]["model"], "dall-e-2");
        assert_eq!(v["files"][0]["media_type"], "image/png");
        assert_eq!(
            (
                v["files"][1]["param"].as_str(),
                v["files"][1]["width"].as_u64()
            ),
            (Some("mask"), Some(256))
        );
    }
    // The same form as JSON, and a JSON body for the form's spec: refused.
    let out = capspec(&["validate", "--endpoint", "/v1/images/edits", path], None);
    assert_eq!(
        out.status.code(),
        Some(2),
        "the endpoint takes a form: give its content type"
    );
    let out = capspec(
        &["validate", "--spec", "openai/dall-e-2-edit"],
        Some(br#"{"prompt": "a fox"}"#),
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(one_object(&out)["error"]["code"], "invalid_multipart");
    // An oblong image: dall-e-2 edits a square one.
    let parts = vec![
        Part::text("prompt", "a fox"),
        Part::file("image", MediaType::Png, forms::png(256, 128, 0)),
    ];
    std::fs::write(&file, forms::encode(&parts)).unwrap();
    let out = capspec(
        &[
            "validate",
            "--spec",
            "openai/dall-e-2-edit",
            "--content-type",
            &ct,
            path,
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    let v = one_object(&out);
    assert_eq!(
        (v["error"]["code"].as_str(), v["error"]["param"].as_str()),
        (Some("aspect_ratio_out_of_range"), Some("image"))
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
