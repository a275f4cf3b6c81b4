//! Validation semantics that the derived boundary cases do not cover on their own: routing,
//! defaults, the interplay of defaults and rules, the order and shape of violations, and the
//! typed API. Numbers come from the specs (`capspec::spec`), never from this file.

use capspec::spec::{Kind, Spec};
use capspec::types::Choice;
use capspec::{Code, Provider};
use serde_json::{Value, json};

fn spec(id: &str) -> &'static Spec {
    capspec::spec(id).unwrap_or_else(|| panic!("no spec {id}"))
}

fn int_range(spec: &Spec, path: &str) -> (i64, i64) {
    match &spec.property(path).unwrap().kind {
        Kind::Integer(r) => (r.min(), r.max()),
        other => panic!("{path} is {other:?}"),
    }
}

fn default_of(spec: &Spec, path: &str) -> Value {
    capspec_corpus::literal_json(spec.property(path).unwrap().default.as_ref().unwrap())
}

fn codes(result: Result<capspec::Request, capspec::Violations>) -> Vec<(Code, String)> {
    let v = result.expect_err("expected violations");
    v.iter()
        .map(|v| (v.code(), v.param().unwrap_or("-").to_owned()))
        .collect()
}

#[test]
fn every_violation_is_reported_in_a_stable_order() {
    let s = spec("dieyuyun/qwen-image-2.0-pro");
    let (_, n_max) = int_range(s, "n");
    let body = json!({
        "model": "qwen-image-2.0-pro",
        "n": n_max + 1,
        "size": "1x1",
        "watermark": "no",
        "extra": true,
        "parameters": {"watermark": false, "more": 1},
    });
    let got = codes(Provider::Dieyuyun.validate_value(&body));
    // Body-level problems, then present parameters in spec order, then absent required ones,
    // then rules between parameters.
    let expect = vec![
        (Code::UnknownParameter, "extra".to_owned()),
        (Code::UnknownParameter, "parameters.more".to_owned()),
        (Code::OutOfRange, "n".to_owned()),
        (Code::InvalidValue, "size".to_owned()),
        (Code::InvalidType, "watermark".to_owned()),
        (Code::MissingRequired, "prompt".to_owned()),
        (
            Code::ConflictingParameters,
            "parameters.watermark".to_owned(),
        ),
    ];
    assert_eq!(got, expect);
}

#[test]
fn messages_name_what_is_allowed() {
    let s = spec("dieyuyun/qwen-image-2.0-pro");
    let (min, max) = int_range(s, "n");
    let body = json!({"model": "qwen-image-2.0-pro", "prompt": "p", "n": max + 1});
    let v = Provider::Dieyuyun.validate_value(&body).unwrap_err();
    let m = v.first().message();
    assert_eq!(v.first().param(), Some("n"));
    for part in [
        &min.to_string(),
        &max.to_string(),
        &(max + 1).to_string(),
        "qwen-image-2.0-pro",
    ] {
        assert!(m.contains(part), "{m:?} lacks {part}");
    }
}

#[test]
fn the_provider_default_model_applies_when_the_body_names_none() {
    let s = spec("empiriolabs/qwen-image-2-0");
    let default = s.model.default.clone().unwrap();
    let input = json!({"prompt": "p"});
    let r = Provider::Empiriolabs.validate_value(&input).unwrap();
    assert_eq!(r.spec_id(), s.id);
    let normalized = serde_json::to_value(&r).unwrap();
    assert_eq!(normalized["model"], json!(default));
    // Providers without a default need a model.
    let got = codes(Provider::Gccai.validate_value(&json!({"prompt": "p"})));
    assert_eq!(got, [(Code::MissingRequired, "model".to_owned())]);
}

#[test]
fn routing_picks_the_spec_by_model_name() {
    for s in capspec::specs()
        .iter()
        .filter(|s| s.model.body == capspec::spec::BodyKind::Json)
    {
        let provider: Provider = s.provider.parse().unwrap();
        if let Some(path) = s.routed_path() {
            // Its endpoint path selects it; a body alone routes nowhere.
            assert_eq!(provider.spec_for_endpoint(path), Some(s.id.as_str()));
            let body = Value::Object(capspec_corpus::minimal(s));
            let v = provider.validate_value(&body).unwrap_err();
            assert_eq!(v.codes(), [Code::EndpointNotFound], "{}", s.id);
            continue;
        }
        for name in &s.model.names {
            let mut body = capspec_corpus::minimal(s);
            body.insert("model".into(), json!(name));
            let body = Value::Object(body);
            let r = provider.validate_value(&body).unwrap();
            assert_eq!(r.spec_id(), s.id);
        }
    }
    // A name of another provider is not found, and the message lists this provider's names.
    let v = Provider::Gccai
        .validate_value(&json!({"model": "wan2.6-t2i", "prompt": "p"}))
        .unwrap_err();
    assert_eq!(v.first().code(), Code::ModelNotFound);
    assert!(
        v.first().message().contains("qwen-image-2.0-pro"),
        "{}",
        v.first()
    );
}

#[test]
fn bailian_rejects_the_qwen_names_its_field_table_mentions() {
    for name in ["qwen-image-plus", "qwen-image-max"] {
        let v = Provider::Bailian
            .validate_value(&json!({"model": name, "content": "c"}))
            .unwrap_err();
        assert_eq!(v.first().code(), Code::ModelNotFound, "{name}");
    }
}

#[test]
fn defaults_are_applied_including_inside_absent_objects() {
    let s = spec("bailian/wan2.6-t2i");
    let input = json!({"model": "wan2.6-t2i", "content": "c"});
    let r = Provider::Bailian.validate_value(&input).unwrap();
    let body = serde_json::to_value(&r).unwrap();
    assert_eq!(body["parameters"]["n"], default_of(s, "parameters.n"));
    assert_eq!(
        body["parameters"]["prompt_extend"],
        default_of(s, "parameters.prompt_extend")
    );
    assert!(
        body["parameters"].get("seed").is_none(),
        "no default, not invented: {body}"
    );
    assert_eq!(Value::from(r.output().count), default_of(s, "parameters.n"));
}

#[test]
fn a_default_is_not_applied_where_a_rule_would_forbid_it() {
    let s = spec("dieyuyun/qwen-image-2.0-pro");
    // Neither given: the first of the exclusive pair gets its default, the other stays absent.
    let input = json!({"model": "qwen-image-2.0-pro", "prompt": "p"});
    let r = Provider::Dieyuyun.validate_value(&input).unwrap();
    let body = serde_json::to_value(&r).unwrap();
    assert_eq!(body["watermark"], default_of(s, "watermark"));
    assert!(body.get("parameters").is_none(), "{body}");
    // parameters.watermark given: the top-level default would conflict, so it is not applied.
    let input =
        json!({"model": "qwen-image-2.0-pro", "prompt": "p", "parameters": {"watermark": false}});
    let r = Provider::Dieyuyun.validate_value(&input).unwrap();
    let body = serde_json::to_value(&r).unwrap();
    assert!(body.get("watermark").is_none(), "{body}");
    assert_eq!(body["parameters"]["watermark"], json!(false));
    // And the normalized body is valid as it stands.
    assert_eq!(Provider::Dieyuyun.validate_value(&body).unwrap(), r);
}

#[test]
fn conditional_rules_follow_use_custom_size() {
    let s = spec("empiriolabs/qwen-image-2-0");
    let (w, _) = int_range(s, "custom_width");
    let (h, _) = int_range(s, "custom_height");
    let input =
        json!({"prompt": "p", "use_custom_size": true, "custom_width": w, "custom_height": h});
    let ok = Provider::Empiriolabs.validate_value(&input).unwrap();
    let out = ok.output();
    assert_eq!((out.width, out.height), (Some(w as u64), Some(h as u64)));
    let got =
        codes(Provider::Empiriolabs.validate_value(&json!({"prompt": "p", "custom_width": w})));
    assert_eq!(
        got,
        [(Code::ConflictingParameters, "custom_width".to_owned())]
    );
    let got = codes(
        Provider::Empiriolabs
            .validate_value(&json!({"prompt": "p", "use_custom_size": true, "custom_height": h})),
    );
    assert_eq!(got, [(Code::MissingRequired, "custom_width".to_owned())]);
}

#[test]
fn integers_follow_json_schema() {
    let s = spec("gccai/qwen-image-2.0");
    let (min, _) = int_range(s, "n");
    let input = json!({"model": "qwen-image-2.0", "prompt": "p", "n": min as f64});
    let r = Provider::Gccai.validate_value(&input).unwrap();
    // 2.0 is the integer 2, and normalizes to it.
    assert_eq!(serde_json::to_value(&r).unwrap()["n"], json!(min));
    let got =
        codes(Provider::Gccai.validate_value(
            &json!({"model": "qwen-image-2.0", "prompt": "p", "n": min as f64 + 0.5}),
        ));
    assert_eq!(got, [(Code::InvalidType, "n".to_owned())]);
}

#[test]
fn unbounded_integers_stop_where_json_stops_being_exact() {
    // Beyond ±(2^53 − 1) a JSON parser rounds: serde_json reads -9223372036854775809 as
    // -2^63. Such values are out of range, never rounded into it.
    for text in [
        "-9223372036854775809",
        "9223372036854775808",
        "18446744073709551616",
        "9007199254740992",
        "1e300",
    ] {
        // dieyuyun's seed has no range of its own.
        let body = format!(r#"{{"model": "qwen-image", "prompt": "p", "seed": {text}}}"#);
        let v = Provider::Dieyuyun
            .validate_slice(body.as_bytes())
            .unwrap_err();
        assert_eq!(
            (v.first().code(), v.first().param()),
            (Code::OutOfRange, Some("seed")),
            "{text}"
        );
    }
    let edge = capspec::spec::MAX_SAFE_INTEGER;
    for n in [edge, -edge] {
        let body = json!({"model": "qwen-image", "prompt": "p", "seed": n});
        Provider::Dieyuyun.validate_value(&body).unwrap();
    }
}

#[test]
fn syntax_errors_and_repeated_keys_are_invalid_json() {
    let v = Provider::Gccai.validate_slice(b"{\"model\": ").unwrap_err();
    assert_eq!(
        (v.len(), v.first().code(), v.first().param()),
        (1, Code::InvalidJson, None)
    );
    let v = Provider::Gccai
        .validate_slice(br#"{"model": "qwen-image-2.0", "prompt": "p", "n": 1, "n": 9}"#)
        .unwrap_err();
    assert_eq!(
        (v.first().code(), v.first().param()),
        (Code::InvalidJson, Some("n"))
    );
}

#[test]
fn typed_requests_expose_their_fields() {
    use capspec::gccai::qwen_image_2_0 as m;
    let r = m::Request::validate_slice(
        br#"{"model": "qwen-image-2.0", "prompt": "p", "size": "16:9"}"#,
    )
    .unwrap();
    assert_eq!(r.size(), m::Size::V16_9);
    assert_eq!(r.prompt().as_str(), "p");
    assert_eq!(
        r.resolution().as_str(),
        default_of(spec(m::SPEC_ID), "resolution")
    );
    assert!(r.n().is_none());
    // A body for another model of the provider is not a request to this one.
    let v = m::Request::validate_slice(br#"{"model": "qwen-image-2.0-pro", "prompt": "p"}"#)
        .unwrap_err();
    assert_eq!(v.first().code(), Code::ModelNotFound);
}

#[test]
fn serde_deserialize_validates() {
    use capspec::gccai::qwen_image_2_0 as m;
    let r: m::Request =
        serde_json::from_str(r#"{"model": "qwen-image-2.0", "prompt": "p"}"#).unwrap();
    assert_eq!(r.model(), m::Model::QwenImage2_0);
    let e = serde_json::from_str::<m::Request>(r#"{"model": "qwen-image-2.0", "prompt": 1}"#)
        .unwrap_err();
    assert!(e.to_string().contains("prompt must be a string"), "{e}");
    let any: capspec::gccai::Request =
        serde_json::from_value(json!({"model": "qwen-image-2.0-pro", "prompt": "p"})).unwrap();
    assert_eq!(any.spec_id(), "gccai/qwen-image-2.0-pro");
}

#[test]
fn constrained_types_cannot_hold_invalid_values() {
    use capspec::types::{Integer, Text, Url};
    assert!(Integer::<1, 6>::new(7).is_err());
    assert_eq!(Integer::<1, 6>::new(6).unwrap().get(), 6);
    assert_eq!(Text::<3>::new("字字字").unwrap().as_str(), "字字字");
    assert_eq!(
        Text::<3>::new("字字字字").unwrap_err().code(),
        Code::TooLong
    );
    assert_eq!(
        Url::<true>::new("http://10.0.0.1/").unwrap_err().code(),
        Code::UrlNotAllowed
    );
}

#[test]
fn violations_serialize_as_openai_error_bodies() {
    let v = Provider::Gccai
        .validate_value(&json!({"prompt": 1}))
        .unwrap_err();
    let body = serde_json::to_value(&v).unwrap();
    assert_eq!(body["error"], body["errors"][0]);
    for e in body["errors"].as_array().unwrap() {
        let keys: Vec<&str> = e.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, ["message", "type", "param", "code"]);
        assert_eq!(e["type"], "invalid_request_error");
    }
    let v = Provider::Gccai.validate_slice(b"[]").unwrap_err();
    assert_eq!(
        serde_json::to_value(&v).unwrap()["error"]["param"],
        Value::Null
    );
    assert!(v.to_string().starts_with("body: "), "{v}");
}
