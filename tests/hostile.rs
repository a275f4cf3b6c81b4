//! Hostile request bodies. Each gets a clean result: `Err` with a documented code from the
//! library, exit 1 with that code from the CLI. None panics, overflows the stack or makes the
//! error body grow with the attack. (Time and memory are bounded by the input; tests do not
//! time them.)

use std::io::Write;
use std::process::{Command, Stdio};

use capspec::{Code, MAX_ECHO_CHARS, MAX_VIOLATIONS, Provider, Violations};
use serde_json::{Value, json};

/// The library's verdict on bytes, and the CLI's exit code and stdout on the same bytes.
fn both(provider: Provider, body: &[u8]) -> (Result<(), Violations>, i32, Value) {
    let lib = provider.validate_slice(body).map(|_| ());
    let mut child = Command::new(env!("CARGO_BIN_EXE_capspec"))
        .args(["validate", provider.as_str()])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let input = body.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    let value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (lib, out.status.code().unwrap_or(-1), value)
}

/// Asserts the library and the CLI both reject `body`, first with `code` at `param`; returns
/// the CLI's error body.
fn rejected(provider: Provider, body: &[u8], code: Code, param: Option<&str>) -> Value {
    let (lib, exit, out) = both(provider, body);
    let v = lib.expect_err("the library rejects it");
    assert_eq!((v.first().code(), v.first().param()), (code, param), "{v}");
    assert_eq!(exit, 1, "{out}");
    assert_eq!(out["error"]["code"], code.as_str());
    assert_eq!(
        out["error"]["param"],
        param.map_or(Value::Null, Value::from)
    );
    out
}

fn gccai(extra: &str) -> String {
    format!(r#"{{"model": "qwen-image-2.0", "prompt": "p"{extra}}}"#)
}

#[test]
fn nesting_100_000_levels_deep() {
    let deep = "[".repeat(100_000) + &"]".repeat(100_000);
    // As a whole body, inside a known parameter, inside an unknown one.
    rejected(Provider::Gccai, deep.as_bytes(), Code::InvalidType, None);
    let body = gccai(&format!(r#", "negative_prompt": {deep}"#));
    rejected(
        Provider::Gccai,
        body.as_bytes(),
        Code::InvalidType,
        Some("negative_prompt"),
    );
    let objects = r#"{"a":"#.repeat(100_000) + "1" + &"}".repeat(100_000);
    let body = gccai(&format!(r#", "x": {objects}"#));
    rejected(
        Provider::Gccai,
        body.as_bytes(),
        Code::UnknownParameter,
        Some("x"),
    );
    let body =
        format!(r#"{{"model": "wan2.6-t2i", "content": "c", "parameters": {{"n": {deep}}}}}"#);
    rejected(
        Provider::Bailian,
        body.as_bytes(),
        Code::InvalidType,
        Some("parameters.n"),
    );

    // A parsed value that deep, built and taken apart without recursion (`json!` would
    // recurse through `to_value`, and dropping it would recurse too).
    let mut value = json!(1);
    for _ in 0..100_000 {
        value = Value::Array(vec![value]);
    }
    let mut body = json!({"model": "qwen-image-2.0", "prompt": "p"});
    body.as_object_mut()
        .unwrap()
        .insert("negative_prompt".into(), value);
    let v = Provider::Gccai.validate_value(&body).unwrap_err();
    assert_eq!(
        (v.first().code(), v.first().param()),
        (Code::InvalidType, Some("negative_prompt"))
    );
    let mut next = body
        .as_object_mut()
        .unwrap()
        .shift_remove("negative_prompt");
    while let Some(Value::Array(mut items)) = next {
        next = items.pop();
    }
}

#[test]
fn a_10_mb_prompt() {
    let prompt = "字".repeat(10 * 1024 * 1024 / 3);
    let body = format!(r#"{{"model": "qwen-image-2.0", "prompt": "{prompt}"}}"#);
    let out = rejected(
        Provider::Gccai,
        body.as_bytes(),
        Code::TooLong,
        Some("prompt"),
    );
    assert!(
        out.to_string().len() < 2_000,
        "the error body does not echo the prompt"
    );
}

#[test]
fn a_1_mb_key() {
    let key = "k".repeat(1024 * 1024);
    let body = gccai(&format!(r#", "{key}": 1"#));
    // The param and message echo the key cut to MAX_ECHO_CHARS characters.
    let cut = format!("{}…", &key[..MAX_ECHO_CHARS]);
    let out = rejected(
        Provider::Gccai,
        body.as_bytes(),
        Code::UnknownParameter,
        Some(&cut),
    );
    assert!(
        out.to_string().len() < 2_000,
        "{} bytes",
        out.to_string().len()
    );
}

#[test]
fn a_100_000_unknown_keys() {
    let keys: String = (0..100_000).map(|i| format!(r#", "k{i}": {i}"#)).collect();
    let body = gccai(&keys);
    let out = rejected(
        Provider::Gccai,
        body.as_bytes(),
        Code::UnknownParameter,
        Some("k0"),
    );
    let errors = out["errors"].as_array().unwrap();
    assert_eq!(errors.len(), MAX_VIOLATIONS, "the list is capped");
    assert!(out.to_string().len() < 64 * 1024);
    let v = Provider::Gccai.validate_slice(body.as_bytes()).unwrap_err();
    assert_eq!(v.len() + v.omitted(), 100_000, "every one counted");
}

#[test]
fn an_array_of_1_000_000_urls() {
    let urls = vec!["https://example.com/a.png"; 1_000_000];
    let body = serde_json::to_vec(&json!({"prompt": "p", "image": urls})).unwrap();
    let out = rejected(
        Provider::Empiriolabs,
        &body,
        Code::TooManyItems,
        Some("image"),
    );
    assert_eq!(out["errors"].as_array().unwrap().len(), 1);
}

#[test]
fn numbers() {
    // Beyond what f64 holds: not JSON serde can read.
    rejected(
        Provider::Gccai,
        gccai(r#", "n": 1e400"#).as_bytes(),
        Code::InvalidJson,
        None,
    );
    // -0 is the integer 0: below n's minimum, and a valid seed where 0 is allowed.
    rejected(
        Provider::Gccai,
        gccai(r#", "n": -0"#).as_bytes(),
        Code::OutOfRange,
        Some("n"),
    );
    Provider::Empiriolabs
        .validate_slice(br#"{"prompt": "p", "seed": -0}"#)
        .unwrap();
    // 2.0 is an integer.
    Provider::Gccai
        .validate_slice(gccai(r#", "n": 2.0"#).as_bytes())
        .unwrap();
    for n in ["18446744073709551616", "-9223372036854775809"] {
        rejected(
            Provider::Gccai,
            gccai(&format!(r#", "n": {n}"#)).as_bytes(),
            Code::OutOfRange,
            Some("n"),
        );
        let body = format!(r#"{{"model": "Qwen/Qwen-Image", "prompt": "p", "seed": {n}}}"#);
        rejected(
            Provider::Modelverse,
            body.as_bytes(),
            Code::OutOfRange,
            Some("seed"),
        );
    }
    let seed = capspec::spec("empiriolabs/qwen-image-2-0")
        .unwrap()
        .property("seed")
        .unwrap();
    let capspec::spec::Kind::Integer(rule) = &seed.kind else {
        panic!()
    };
    let body = format!(r#"{{"prompt": "p", "seed": {}}}"#, rule.max() + 1);
    rejected(
        Provider::Empiriolabs,
        body.as_bytes(),
        Code::OutOfRange,
        Some("seed"),
    );
}

#[test]
fn strings() {
    rejected(
        Provider::Gccai,
        br#"{"model": "qwen-image-2.0", "prompt": "a\u0000b"}"#,
        Code::InvalidValue,
        Some("prompt"),
    );
    rejected(
        Provider::Gccai,
        br#"{"model": "qwen-image-2.0", "prompt": "\ud800"}"#,
        Code::InvalidJson,
        None,
    );
    rejected(
        Provider::Gccai,
        b"{\"model\": \"qwen-image-2.0\", \"prompt\": \"\xff\xfe\"}",
        Code::InvalidJson,
        None,
    );
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(gccai("").as_bytes());
    rejected(Provider::Gccai, &bom, Code::InvalidJson, None);
    // NUL in a parsed value too, and in a URL.
    let v = Provider::Gccai
        .validate_value(&json!({"model": "qwen-image-2.0", "prompt": "a\u{0}"}))
        .unwrap_err();
    assert_eq!(v.first().code(), Code::InvalidValue);
    let v = Provider::Gccai
        .validate_value(&json!({"model": "qwen-image-2.0", "prompt": "p", "image": ["https://example.com/\u{0}.png"]}))
        .unwrap_err();
    assert_eq!(
        (v.first().code(), v.first().param()),
        (Code::InvalidValue, Some("image[0]"))
    );
}

#[test]
fn duplicate_keys_are_invalid_json_at_their_path() {
    rejected(
        Provider::Gccai,
        gccai(r#", "n": 1, "n": 9"#).as_bytes(),
        Code::InvalidJson,
        Some("n"),
    );
    let body = br#"{"model": "wan2.6-t2i", "content": "c", "parameters": {"n": 1, "n": 4}}"#;
    rejected(
        Provider::Bailian,
        body,
        Code::InvalidJson,
        Some("parameters.n"),
    );
    let body = br#"{"model": "qwen-image-2.0", "model": "qwen-image-2.0-pro", "prompt": "p"}"#;
    rejected(Provider::Gccai, body, Code::InvalidJson, Some("model"));
    // Found by the fuzzer: an unknown key repeated is repeated too (a parsed Value would
    // keep one copy, and the two entry points must agree).
    let body = br#"{"model":"wanx2.1-t2i-turbo","c&ntent":"a","c&ntent":"b","parameters":{"prompt_extend":false}}"#;
    let v = Provider::Bailian.validate_slice(body).unwrap_err();
    let got: Vec<(Code, Option<&str>)> = v.iter().map(|v| (v.code(), v.param())).collect();
    assert_eq!(
        got,
        [
            (Code::InvalidJson, Some("c&ntent")),
            (Code::UnknownParameter, Some("c&ntent")),
            (Code::MissingRequired, Some("content")),
        ]
    );
}

#[test]
fn valid_json_that_is_not_an_object() {
    for body in [
        "[]",
        "\"{}\"",
        "1",
        "null",
        "true",
        "[{\"model\": \"qwen-image-2.0\"}]",
    ] {
        rejected(Provider::Gccai, body.as_bytes(), Code::InvalidType, None);
    }
}
