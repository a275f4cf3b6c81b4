//! `multipart/form-data` bodies (OpenAI's image edits): every case the specs' `[files]` derive
//! (`capspec_corpus::forms`), the JSON corpus's text-field cases sent as forms, what is read
//! from each file's bytes, and hostile forms.

use capspec::spec::{BodyKind, MediaType, Spec};
use capspec::{Code, Registry, Violations};
use capspec_corpus::Expect;
use capspec_corpus::forms::{self, Part};
use serde_json::Value;

fn registry() -> &'static Registry {
    capspec::CATALOG.registry()
}

fn form_specs() -> Vec<&'static Spec> {
    let specs: Vec<&Spec> = capspec::specs()
        .iter()
        .filter(|s| s.model.body == BodyKind::Multipart)
        .collect();
    assert!(specs.len() >= 2, "OpenAI's two edit specs");
    specs
}

fn path_of(spec: &Spec) -> &str {
    spec.model
        .endpoint
        .as_ref()
        .and_then(|e| e.path.as_deref())
        .unwrap()
}

/// Violations as sorted `(code, param)` pairs.
type Pairs = Vec<(Code, Option<String>)>;

fn pairs(v: &Violations) -> Pairs {
    let mut out: Vec<_> = v
        .iter()
        .map(|v| (v.code(), v.param().map(str::to_owned)))
        .collect();
    out.sort();
    out
}

/// The verdict of a form for a spec, by spec id and (where the form names the model, so that
/// the endpoint routes it there) by endpoint: both must agree.
fn verdict(spec: &Spec, parts: &[Part]) -> Vec<(Code, Option<String>)> {
    let body = forms::encode(parts);
    let ct = forms::content_type();
    let by_id = registry()
        .validate_spec_multipart(&spec.id, &ct, &body)
        .expect("a shipped spec");
    let named = parts
        .iter()
        .any(|p| matches!(p, Part::Text { name, value } if name == "model" && spec.model.names.contains(value)));
    if named {
        let by_path = registry()
            .validate_multipart(&spec.provider, path_of(spec), &ct, &body)
            .expect("the spec's endpoint takes forms");
        assert_eq!(
            by_path.as_ref().map(|f| f.spec_id()).map_err(pairs),
            by_id.as_ref().map(|f| f.spec_id()).map_err(pairs),
            "{}",
            spec.id
        );
    }
    match by_id {
        Ok(form) => {
            assert_eq!(form.spec_id(), spec.id);
            Vec::new()
        }
        Err(v) => pairs(&v),
    }
}

#[test]
fn every_form_case_of_every_multipart_spec() {
    let mut count = 0;
    let mut failures = Vec::new();
    for spec in form_specs() {
        for case in forms::cases(spec) {
            count += 1;
            let mut want = case.expect.clone();
            want.sort();
            let got = verdict(spec, &case.parts);
            if got != want {
                failures.push(format!(
                    "{} / {}: expected {want:?}, got {got:?}",
                    spec.id, case.name
                ));
            }
        }
    }
    println!("{count} form cases");
    assert!(count > 60, "{count}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The JSON corpus's cases of a multipart spec's text fields, sent as a form's text fields
/// with valid files. A form's text cannot say `null` or a JSON type (`"5"` and `5` are the same
/// text), so cases about those are left out; every other case gets its JSON verdict.
#[test]
fn the_text_fields_get_the_json_corpus_verdicts() {
    let (mut count, mut skipped) = (0, 0);
    let mut failures = Vec::new();
    for spec in form_specs() {
        let files = forms::minimal(spec);
        for case in capspec_corpus::cases(spec) {
            if case.expect == Expect::Unknown {
                continue;
            }
            let typed = matches!(&case.expect, Expect::Invalid(w) if w.iter().any(|(c, _)| *c == Code::InvalidType));
            let Some(body) = case.body.as_object().filter(|_| !typed) else {
                skipped += 1;
                continue;
            };
            // Floats for integers (`2.0`) are JSON's; a form's integer is digits.
            let floats = body.iter().any(|(k, v)| {
                v.is_f64()
                    && spec
                        .property(k)
                        .is_some_and(|p| matches!(p.kind, capspec::spec::Kind::Integer(_)))
            });
            let Some(parts) = forms::with_text(&files, body).filter(|_| !floats) else {
                skipped += 1;
                continue;
            };
            count += 1;
            let mut want = match &case.expect {
                Expect::Invalid(w) => w.clone(),
                _ => Vec::new(),
            };
            want.sort();
            let got = verdict(spec, &parts);
            if got != want {
                failures.push(format!(
                    "{} / {}: expected {want:?}, got {got:?}",
                    spec.id, case.name
                ));
            }
        }
    }
    println!("{count} text-field cases as forms, {skipped} JSON-only");
    assert!(count > 100, "{count}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_valid_form_names_each_file_with_what_was_read() {
    let spec = capspec::spec("openai/gpt-image-1-edit").unwrap();
    let parts = vec![
        Part::text("model", "gpt-image-1"),
        Part::text("prompt", "the fox, in winter"),
        Part::text("n", "2"),
        Part::text("stream", "false"),
        Part::file("image[]", MediaType::Png, forms::png(1024, 1024, 100)),
        Part::file("image[]", MediaType::Jpeg, forms::jpeg(800, 600, 60_000)),
        Part::file("image[]", MediaType::Webp, forms::webp(300, 200)),
        Part::file("mask", MediaType::Png, forms::png(1024, 1024, 0)),
    ];
    let body = forms::encode(&parts);
    let form = registry()
        .validate_multipart("openai", "/v1/images/edits", &forms::content_type(), &body)
        .unwrap()
        .unwrap();
    assert_eq!(form.spec_id(), spec.id);
    let read: Vec<(&str, &str, u64, u64, u64)> = form
        .files()
        .iter()
        .map(|f| {
            (
                f.param.as_str(),
                f.media_type.as_str(),
                f.bytes,
                f.width,
                f.height,
            )
        })
        .collect();
    assert_eq!(
        read,
        [
            ("image[0]", "image/png", 133, 1024, 1024),
            ("image[1]", "image/jpeg", 60_025, 800, 600),
            ("image[2]", "image/webp", 30, 300, 200),
            ("mask", "image/png", 33, 1024, 1024),
        ]
    );
    // The text fields, normalized: integers and booleans read as their types, defaults added.
    let fields = serde_json::to_value(&form).unwrap();
    assert_eq!(fields["n"], 2);
    assert_eq!(fields["stream"], false);
    assert_eq!(fields["output_format"], "png");
    assert_eq!(form.output().count, 2);
    // The summary `capspec validate` prints.
    let summary = serde_json::to_value(capspec::Summary::of_form(&form)).unwrap();
    assert_eq!(summary["files"][1]["file_name"], "image[].jpeg");
    assert_eq!(summary["model"], "openai/gpt-image-1-edit");
}

#[test]
fn text_is_read_as_its_property_type() {
    let spec = capspec::spec("openai/gpt-image-1-edit").unwrap();
    let base = forms::minimal(spec);
    for (name, value, want) in [
        ("n", "3", None),
        ("n", "-1", Some(Code::OutOfRange)),
        ("n", "two", Some(Code::InvalidType)),
        ("n", "2.0", Some(Code::InvalidType)),
        ("n", " 2", Some(Code::InvalidType)),
        ("stream", "true", None),
        ("stream", "True", Some(Code::InvalidType)),
        ("stream", "1", Some(Code::InvalidType)),
        ("output_compression", "0050", None),
        ("quality", "hd", Some(Code::InvalidValue)),
    ] {
        let mut parts = base.clone();
        parts.push(Part::text(name, value));
        if name == "output_compression" {
            parts.push(Part::text("output_format", "jpeg"));
        }
        let got = verdict(spec, &parts);
        let want: Vec<_> = want
            .map(|c| (c, Some(name.to_owned())))
            .into_iter()
            .collect();
        assert_eq!(got, want, "{name} = {value:?}");
    }
}

#[test]
fn forms_that_cannot_be_read_are_one_violation() {
    let spec = capspec::spec("openai/dall-e-2-edit").unwrap();
    let body = forms::encode(&forms::minimal(spec));
    let check = |content_type: &str, body: &[u8]| -> Vec<(Code, Option<String>)> {
        match registry()
            .validate_spec_multipart(&spec.id, content_type, body)
            .unwrap()
        {
            Ok(_) => Vec::new(),
            Err(v) => pairs(&v),
        }
    };
    let one = vec![(Code::InvalidMultipart, None)];
    assert_eq!(check("application/json", &body), one, "not multipart");
    assert_eq!(check("multipart/form-data", &body), one, "no boundary");
    assert_eq!(check(&forms::content_type(), b""), one, "empty");
    // A boundary never closed.
    let open = &body[..body.len() - format!("--{}--\r\n", forms::BOUNDARY).len()];
    assert_eq!(check(&forms::content_type(), open), one, "never closed");
    // A part with no name.
    let unnamed = format!(
        "--{b}\r\nContent-Disposition: form-data\r\n\r\nx\r\n--{b}--\r\n",
        b = forms::BOUNDARY
    );
    assert_eq!(
        check(&forms::content_type(), unnamed.as_bytes()),
        one,
        "unnamed"
    );
    // Text that is not UTF-8.
    let mut bad = forms::encode(&[Part::text("prompt", "a fox")]);
    let at = bad.windows(5).position(|w| w == b"a fox").unwrap();
    bad[at] = 0xFF;
    let got = check(&forms::content_type(), &bad);
    assert!(
        got.contains(&(Code::InvalidMultipart, Some("prompt".into()))),
        "{got:?}"
    );
    // Parts another parser could read otherwise than capspec: a header twice, a transfer
    // encoding, RFC 2231 names. (The proxy forwards the bytes it checked.)
    for headers in [
        "Content-Disposition: form-data; name=\"prompt\"\r\nContent-Disposition: form-data; name=\"user\"",
        "Content-Disposition: form-data; name=\"prompt\"\r\nContent-Transfer-Encoding: base64",
        "Content-Disposition: form-data; name=\"image\"; filename*=UTF-8''a.png\r\nContent-Type: image/png",
        "Content-Disposition: form-data; name=\"image\"; filename=\"a.png\"\r\nContent-Type: image/png\r\nContent-Type: text/plain",
    ] {
        let body = format!(
            "--{b}\r\n{headers}\r\n\r\nx\r\n--{b}--\r\n",
            b = forms::BOUNDARY
        );
        assert_eq!(
            check(&forms::content_type(), body.as_bytes()),
            one,
            "{headers}"
        );
    }
    // A JSON body for the spec: it takes a form.
    let json = capspec::validate_spec_slice(&spec.id, br#"{"prompt": "a fox"}"#).unwrap();
    assert_eq!(json.unwrap_err().codes(), [Code::InvalidMultipart]);
}

#[test]
fn hostile_forms_are_bounded() {
    let spec = capspec::spec("openai/gpt-image-1-edit").unwrap();
    let ct = forms::content_type();
    let codes = |body: &[u8]| -> Result<Vec<(u64, u64)>, Pairs> {
        match registry()
            .validate_spec_multipart(&spec.id, &ct, body)
            .unwrap()
        {
            Ok(form) => Ok(form.files().iter().map(|f| (f.width, f.height)).collect()),
            Err(v) => Err(pairs(&v)),
        }
    };
    // 100,000 parts: refused at the limit, not read to the end.
    let many: Vec<Part> = (0..100_000)
        .map(|i| Part::text(&format!("f{i}"), "x"))
        .collect();
    assert_eq!(
        codes(&forms::encode(&many)),
        Err(vec![(Code::InvalidMultipart, None)])
    );
    // A PNG whose header claims 100,000 × 100,000 pixels: read, not decoded; gpt-image-1's
    // edits state no pixel limit, so it passes with the size it claims.
    let mut parts = vec![
        Part::text("prompt", "p"),
        Part::text("model", "gpt-image-1"),
    ];
    parts.push(Part::file(
        "image",
        MediaType::Png,
        forms::png(100_000, 100_000, 0),
    ));
    assert_eq!(codes(&forms::encode(&parts)), Ok(vec![(100_000, 100_000)]));
    // A part that declares 10 GB: the declaration is not what is counted.
    let declared = format!(
        "--{b}\r\nContent-Disposition: form-data; name=\"prompt\"\r\nContent-Length: 10737418240\r\n\r\na fox\r\n--{b}\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\ngpt-image-1\r\n--{b}--\r\n",
        b = forms::BOUNDARY
    );
    assert_eq!(
        codes(declared.as_bytes()),
        Err(vec![(Code::MissingRequired, Some("image".into()))])
    );
    // A JPEG whose frame header is past the first MiB (APPn segments of 65,533 bytes each):
    // its size is not searched for further.
    let mut far = vec![0xFF, 0xD8];
    for _ in 0..17 {
        far.extend_from_slice(&[0xFF, 0xE1, 0xFF, 0xFF]);
        far.resize(far.len() + 65_533, 0);
    }
    far.extend_from_slice(&forms::jpeg(10, 10, 2)[2..]);
    let mut parts = vec![
        Part::text("prompt", "p"),
        Part::text("model", "gpt-image-1"),
    ];
    parts.push(Part::file("image", MediaType::Jpeg, far));
    assert_eq!(
        codes(&forms::encode(&parts)),
        Err(vec![(Code::InvalidFormat, Some("image[0]".into()))])
    );
}

#[test]
fn the_edit_specs_are_documented_as_forms() {
    for spec in form_specs() {
        let doc = capspec::schema::model_document(&spec.id).unwrap();
        assert_eq!(doc["content_type"], "multipart/form-data");
        for f in &spec.files {
            let s = &doc["parameters"]["properties"][&f.name];
            let file = if f.is_array() { &s["items"] } else { s };
            assert_eq!(file["format"], "binary", "{} {}", spec.id, f.name);
            let types: Vec<&str> = f.media_types.iter().map(|m| m.as_str()).collect();
            assert_eq!(
                file["x-capspec-file"]["media_types"],
                serde_json::json!(types)
            );
            assert_eq!(
                file["x-capspec-file"]
                    .get("max_bytes")
                    .and_then(Value::as_u64),
                f.max_bytes
            );
            let required = doc["parameters"]["required"].as_array().unwrap();
            assert_eq!(required.contains(&Value::from(f.name.as_str())), f.required);
        }
    }
}

/// Arbitrary bytes, and valid forms cut or with a byte changed, never panic and always get
/// an answer (a form or violations).
mod never_panics {
    use proptest::prelude::*;

    use super::*;

    fn valid_form() -> Vec<u8> {
        let spec = capspec::spec("openai/gpt-image-1-edit").unwrap();
        let mut parts = forms::minimal(spec);
        parts.push(Part::file("mask", MediaType::Png, forms::png(512, 512, 0)));
        forms::encode(&parts)
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

        #[test]
        fn on_arbitrary_bytes(body in prop::collection::vec(any::<u8>(), 0..512)) {
            let answer = registry().validate_spec_multipart("openai/gpt-image-1-edit", &forms::content_type(), &body);
            prop_assert!(answer.is_some());
        }

        #[test]
        fn on_cut_or_changed_forms(cut in any::<prop::sample::Index>(), at in any::<prop::sample::Index>(), byte in any::<u8>()) {
            let mut body = valid_form();
            let i = at.index(body.len());
            body[i] = byte;
            body.truncate(cut.index(body.len() + 1).max(1));
            let answer = registry().validate_multipart("openai", "/v1/images/edits", &forms::content_type(), &body);
            prop_assert!(answer.is_some());
        }
    }
}
