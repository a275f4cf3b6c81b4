//! Translation, proved on requests generated from the specs: every size any shipped spec
//! produces and sizes none does, `n` from 1 past every maximum, every canonical parameter
//! present and absent, every aspect ratio a spec names, under the exact policy and with every
//! change allowed, into every shipped spec; the canonical form of every valid corpus body;
//! the compiled catalog against a registry; and the examples hand-checked against the seed
//! tables.

use std::collections::BTreeSet;

use capspec::spec::{Carrier, Kind, Param, Spec};
use capspec::translate::{ChangeCode, Policy, Translation};
use capspec::{Code, Registry, Validated, Violations};
use serde_json::{Map, Value, json};

const ALL: Policy = Policy {
    nearest_size: true,
    split_n: true,
    drop: true,
};

/// The shipped specs that can be translated to: every one whose body is JSON (a form with
/// files, an edit, is no target of a generation request).
fn registry() -> Registry {
    let specs = Registry::from_dir("specs").unwrap().specs().to_vec();
    Registry::from_specs(
        specs
            .into_iter()
            .filter(|s| s.model.body == capspec::spec::BodyKind::Json)
            .collect(),
    )
}

/// `WxH` of an output, where it has both sides.
fn wxh(width: Option<u64>, height: Option<u64>) -> Option<String> {
    Some(format!("{}x{}", width?, height?))
}

/// Every size a shipped spec produces: the outputs of every valid body of the derived corpus.
fn produced_sizes(registry: &Registry) -> BTreeSet<(u64, u64)> {
    let mut sizes = BTreeSet::new();
    for spec in registry.specs() {
        for case in capspec_corpus::cases(spec) {
            if let Some(Ok(r)) = registry.validate_spec_value(&spec.id, &case.body) {
                let out = r.output();
                if let (Some(w), Some(h)) = (out.width, out.height) {
                    sizes.insert((w, h));
                }
            }
        }
    }
    sizes
}

/// Sizes near the produced ones that no spec lists (one pixel off, doubled, halved), and a
/// few far from all.
fn odd_sizes(produced: &BTreeSet<(u64, u64)>) -> BTreeSet<(u64, u64)> {
    let mut odd = BTreeSet::from([(1, 1), (7, 3), (999, 777), (100_000, 100_000), (3000, 1000)]);
    for &(w, h) in produced.iter().step_by(3) {
        odd.insert((w + 1, h));
        odd.insert((w * 2, h * 2));
        odd.insert(((w / 2).max(1), (h / 2).max(1)));
    }
    odd.retain(|s| !produced.contains(s));
    odd
}

/// Every aspect ratio a spec names (ratio enums) or produces, and some none does.
fn ratios(registry: &Registry, produced: &BTreeSet<(u64, u64)>) -> BTreeSet<String> {
    let mut out: BTreeSet<String> = ["21:9", "5:1", "1:7"].map(String::from).into();
    for spec in registry.specs() {
        if let Some(Carrier::Property(p, _)) = spec.carrier(Param::AspectRatio)
            && let Kind::String(s) = &p.kind
        {
            out.extend(s.enum_values.iter().cloned());
        }
    }
    for &(w, h) in produced.iter().step_by(5) {
        let g = gcd(w, h);
        out.insert(format!("{}:{}", w / g, h / g));
    }
    out
}

fn gcd(a: u64, b: u64) -> u64 {
    if b == 0 { a } else { gcd(b, a % b) }
}

/// A canonical value of `param` that `spec` accepts where it carries it; otherwise one of the
/// parameter's JSON type.
fn value_for(spec: &Spec, param: Param) -> Value {
    if let Some(Carrier::Property(p, role)) = spec.carrier(param) {
        let v = capspec_corpus::valid_value(p);
        if let Some(text) = v.as_str()
            && let Some((canonical, _)) = role.map.iter().find(|(_, s)| s == text)
        {
            return json!(canonical);
        }
        if !v.is_null() {
            return v;
        }
    }
    use capspec::spec::role::ParamType;
    match param.value_type() {
        ParamType::Text => json!("a fox"),
        ParamType::Choice => json!("standard"),
        ParamType::Integer => json!(1),
        ParamType::Boolean => json!(true),
        ParamType::Urls => json!(["https://example.com/a.png"]),
        ParamType::Size => json!("1024x1024"),
        ParamType::Ratio => json!("1:1"),
    }
}

/// The largest image count any shipped spec takes in one call.
fn max_n(registry: &Registry) -> u64 {
    registry
        .specs()
        .iter()
        .filter_map(|s| s.property(s.output.count.as_deref()?))
        .filter_map(|p| match &p.kind {
            Kind::Integer(r) => u64::try_from(r.max()).ok(),
            _ => None,
        })
        .max()
        .unwrap()
}

/// The canonical requests generated for a target.
fn canonical_requests(
    spec: &Spec,
    sizes: &BTreeSet<(u64, u64)>,
    ratios: &BTreeSet<String>,
    max_n: u64,
) -> Vec<Map<String, Value>> {
    let base = || {
        let mut m = Map::new();
        m.insert("prompt".into(), value_for(spec, Param::Prompt));
        m
    };
    let mut out = vec![base()];
    for &(w, h) in sizes {
        let mut m = base();
        m.insert("size".into(), json!(format!("{w}x{h}")));
        out.push(m);
    }
    for ratio in ratios {
        let mut m = base();
        m.insert("aspect_ratio".into(), json!(ratio));
        out.push(m);
    }
    for n in 1..=max_n + 1 {
        let mut m = base();
        m.insert("n".into(), json!(n));
        out.push(m);
    }
    let plain: Vec<Param> = Param::ALL
        .into_iter()
        .filter(|p| {
            !matches!(
                p,
                Param::Prompt | Param::N | Param::Size | Param::AspectRatio
            )
        })
        .collect();
    let mut every = base();
    for &param in &plain {
        let mut m = base();
        m.insert(param.as_str().into(), value_for(spec, param));
        every.insert(param.as_str().into(), value_for(spec, param));
        out.push(m);
    }
    out.push(every);
    let mut auto = base();
    auto.insert("size".into(), json!("auto"));
    out.push(auto);
    out
}

/// Why a translation may fail with every change allowed: no size of the ratio without a size
/// (a free-size target), or no size at all.
fn impossible_even_when_allowed(violations: &Violations) -> bool {
    violations.iter().all(|v| {
        v.code() == Code::NotTranslatable && matches!(v.param(), Some("aspect_ratio" | "size"))
    })
}

/// What a successful translation must hold.
fn check_translation(
    registry: &Registry,
    spec: &Spec,
    canonical: &Map<String, Value>,
    policy: &Policy,
    t: &Translation<Validated<'_, 'static>>,
) {
    let shown = Value::Object(canonical.clone());
    let codes: Vec<ChangeCode> = t.changes().iter().map(|c| c.code).collect();
    if *policy == Policy::EXACT {
        for code in [
            ChangeCode::SizeChanged,
            ChangeCode::CountSplit,
            ChangeCode::ParameterDropped,
        ] {
            assert!(
                !codes.contains(&code),
                "{}: exact made {code:?}: {shown}",
                spec.id
            );
        }
    }
    assert!(!t.calls().is_empty());
    // Every call is a valid request of the target, and its normalized body is a fixed point.
    let mut total = 0;
    for call in t.calls() {
        let body = serde_json::to_value(call).unwrap();
        let again = registry
            .validate_spec_value(&spec.id, &body)
            .unwrap()
            .unwrap_or_else(|v| panic!("{}: a call does not validate: {v}\n{body}", spec.id));
        assert_eq!(serde_json::to_value(&again).unwrap(), body);
        assert_eq!(again.output(), call.output());
        total += u64::from(call.output().count);
    }
    // Pixels: as asked, or a change says exactly what differs.
    let out = t.calls()[0].output();
    assert!(
        t.calls()
            .iter()
            .all(|c| c.output().width == out.width && c.output().height == out.height)
    );
    let delivered = wxh(out.width, out.height);
    let size_change = t
        .changes()
        .iter()
        .find(|c| c.code == ChangeCode::SizeChanged && c.param == "size");
    if let Some(asked) = canonical
        .get("size")
        .and_then(Value::as_str)
        .filter(|s| *s != "auto")
    {
        match size_change {
            None => assert_eq!(delivered.as_deref(), Some(asked), "{}: {shown}", spec.id),
            Some(c) => {
                assert_eq!(c.from, json!(asked));
                assert_eq!(Some(c.to.as_str().unwrap()), delivered.as_deref());
                assert_ne!(delivered.as_deref(), Some(asked));
            }
        }
    } else {
        assert!(size_change.is_none());
    }
    // Images: the counts add up to n, in one call unless a change says how they were split.
    let n = canonical.get("n").and_then(Value::as_u64).unwrap_or(1);
    assert_eq!(total, n, "{}: {shown}", spec.id);
    let split = t
        .changes()
        .iter()
        .find(|c| c.code == ChangeCode::CountSplit);
    match split {
        None => assert_eq!(t.calls().len(), 1),
        Some(c) => {
            let counts: Vec<u64> = t
                .calls()
                .iter()
                .map(|c| u64::from(c.output().count))
                .collect();
            assert_eq!(c.from, json!(n));
            assert_eq!(c.to, json!(counts));
        }
    }
    // Every parameter given is carried or reported dropped.
    for (name, value) in canonical {
        let Some(param) = Param::parse(name) else {
            continue;
        };
        if matches!(param, Param::N | Param::Size | Param::AspectRatio) {
            continue;
        }
        let dropped = t
            .changes()
            .iter()
            .any(|c| c.code == ChangeCode::ParameterDropped && c.param == *name);
        match spec.carrier(param) {
            Some(Carrier::Property(p, role)) => {
                assert!(!dropped);
                let body = serde_json::to_value(&t.calls()[0]).unwrap();
                let at = capspec_corpus::get(body.as_object().unwrap(), &p.path);
                let want = match value.as_str() {
                    Some(s) => json!(role.to_spec(s)),
                    None => value.clone(),
                };
                assert_eq!(at, Some(&want), "{}: {name} not carried: {body}", spec.id);
            }
            _ => assert!(dropped, "{}: {name} neither carried nor dropped", spec.id),
        }
    }
}

/// The generated proof: into every shipped spec, under both policies, through the registry
/// and the compiled catalog alike.
#[test]
fn generated_requests_translate_exactly_or_say_what_changed() {
    let registry = registry();
    let produced = produced_sizes(&registry);
    let mut sizes = produced.clone();
    sizes.extend(odd_sizes(&produced));
    let ratios = ratios(&registry, &produced);
    let max_n = max_n(&registry);
    let (mut exact_ok, mut exact_blocked, mut allowed_ok, mut impossible, mut invalid) =
        (0, 0, 0, 0, 0);
    for spec in registry.specs() {
        for canonical in canonical_requests(spec, &sizes, &ratios, max_n) {
            let bytes = serde_json::to_vec(&canonical).unwrap();
            let shown = Value::Object(canonical.clone());
            let exact = registry.translate(&spec.id, &bytes, &Policy::EXACT);
            let allowed = registry.translate(&spec.id, &bytes, &ALL);
            // One semantics: the compiled catalog translates the same.
            for (policy, result) in [(Policy::EXACT, &exact), (ALL, &allowed)] {
                let compiled = capspec::translate(&spec.id, &bytes, &policy);
                match (result, &compiled) {
                    (Ok(a), Ok(b)) => assert_eq!(
                        serde_json::to_value(a).unwrap(),
                        serde_json::to_value(b).unwrap()
                    ),
                    (Err(a), Err(b)) => assert_eq!(a, b),
                    _ => panic!(
                        "{}: the registry and the compiled catalog disagree on {shown}",
                        spec.id
                    ),
                }
            }
            match &exact {
                Ok(t) => {
                    exact_ok += 1;
                    check_translation(&registry, spec, &canonical, &Policy::EXACT, t);
                    let a = allowed
                        .as_ref()
                        .expect("allowing changes cannot break an exact translation");
                    assert_eq!(
                        serde_json::to_value(a).unwrap(),
                        serde_json::to_value(t).unwrap()
                    );
                }
                Err(blocked) => {
                    exact_blocked += 1;
                    let blocking: BTreeSet<&str> = blocked
                        .iter()
                        .filter(|v| v.code() == Code::NotTranslatable)
                        .filter_map(|v| v.param())
                        .collect();
                    match &allowed {
                        Ok(t) => {
                            // Exactly the blocking parameters are what the changes change.
                            assert!(
                                blocked.iter().all(|v| v.code() == Code::NotTranslatable),
                                "{}: {blocked}",
                                spec.id
                            );
                            let changed: BTreeSet<&str> = t
                                .changes()
                                .iter()
                                .filter(|c| c.code != ChangeCode::ValueMapped)
                                .map(|c| c.param.as_str())
                                .collect();
                            assert_eq!(blocking, changed, "{}: {shown}", spec.id);
                        }
                        Err(still) if impossible_even_when_allowed(still) => impossible += 1,
                        Err(still) => {
                            // A rule of the target broken by the generated values, found
                            // once nothing blocks the translation any more.
                            invalid += 1;
                            assert!(
                                still.iter().all(|v| v.code() != Code::NotTranslatable),
                                "{}: {still}",
                                spec.id
                            );
                        }
                    }
                }
            }
            if let Ok(t) = &allowed {
                allowed_ok += 1;
                check_translation(&registry, spec, &canonical, &ALL, t);
            }
        }
    }
    eprintln!(
        "exact: {exact_ok} translated, {exact_blocked} blocked; all allowed: {allowed_ok} translated, {impossible} impossible, {invalid} breaking a target rule"
    );
    assert!(exact_ok > 300 && exact_blocked > 300 && allowed_ok > 1000);
    assert!(
        invalid * 20 < allowed_ok,
        "few generated values break a target rule"
    );
}

/// The canonical form of every valid corpus body of every spec translates back to that spec
/// with the same carried values, pixels and count, exactly.
#[test]
fn every_valid_body_in_canonical_form_translates_back_exactly() {
    let registry = registry();
    let mut checked = 0;
    for spec in registry.specs() {
        for case in capspec_corpus::cases(spec) {
            let Some(Ok(valid)) = registry.validate_spec_value(&spec.id, &case.body) else {
                continue;
            };
            let normalized = serde_json::to_value(&valid).unwrap();
            let body = normalized.as_object().unwrap();
            let mut canonical = Map::new();
            for param in spec.carried() {
                let Some(Carrier::Property(p, role)) = spec.carrier(param) else {
                    continue;
                };
                if matches!(param, Param::Size | Param::N) {
                    continue;
                }
                if let Some(v) = capspec_corpus::get(body, &p.path) {
                    let v = match v.as_str() {
                        Some(s) => role
                            .map
                            .iter()
                            .find(|(_, t)| t == s)
                            .map_or(v.clone(), |(c, _)| json!(c)),
                        None => v.clone(),
                    };
                    canonical.insert(param.as_str().into(), v);
                }
            }
            let out = valid.output();
            if let Some(size) = wxh(out.width, out.height) {
                canonical.remove("aspect_ratio");
                canonical.insert("size".into(), json!(size));
            }
            canonical.insert("n".into(), json!(out.count));
            let bytes = serde_json::to_vec(&canonical).unwrap();
            let t = registry
                .translate(&spec.id, &bytes, &Policy::EXACT)
                .unwrap_or_else(|v| {
                    panic!(
                        "{} {}: {v}\n{}",
                        spec.id,
                        case.name,
                        Value::Object(canonical.clone())
                    )
                });
            assert!(
                t.changes()
                    .iter()
                    .all(|c| c.code == ChangeCode::ValueMapped)
            );
            assert_eq!(t.calls().len(), 1);
            let call = &t.calls()[0];
            assert_eq!(call.output(), out, "{} {}", spec.id, case.name);
            check_translation(&registry, spec, &canonical, &Policy::EXACT, &t);
            checked += 1;
        }
    }
    eprintln!("{checked} valid corpus bodies translated back exactly");
    assert!(checked > 500, "{checked}");
}

/// OpenAI's own models: a valid body, as the canonical request, is the same normalized body.
#[test]
fn an_openai_body_translates_to_its_own_spec_unchanged() {
    let registry = registry();
    let mut checked = 0;
    for spec in registry.specs().iter().filter(|s| s.provider == "openai") {
        for case in capspec_corpus::cases(spec) {
            let Some(Ok(valid)) = registry.validate_spec_value(&spec.id, &case.body) else {
                continue;
            };
            let bytes = serde_json::to_vec(&case.body).unwrap();
            let t = registry
                .translate(&spec.id, &bytes, &Policy::EXACT)
                .unwrap_or_else(|v| panic!("{}: {v}", case.name));
            assert!(t.changes().is_empty(), "{}", case.name);
            assert_eq!(t.calls().len(), 1);
            assert_eq!(
                serde_json::to_value(&t.calls()[0]).unwrap(),
                serde_json::to_value(&valid).unwrap(),
                "{}",
                case.name
            );
            checked += 1;
        }
    }
    assert!(checked > 100, "{checked}");
}

/// Checked by hand against the seed tables (the issue's examples).
#[test]
fn the_seed_tables_examples() {
    let t = capspec::translate(
        "gccai/qwen-image-2.0",
        br#"{"prompt": "a fox", "size": "2048x1152", "n": 2}"#,
        &Policy::EXACT,
    )
    .unwrap();
    let body = serde_json::to_value(&t.calls()[0]).unwrap();
    assert_eq!(
        (&body["size"], &body["resolution"], &body["n"]),
        (&json!("16:9"), &json!("2K"), &json!(2))
    );
    assert!(t.changes().is_empty());

    let t = capspec::translate(
        "dieyuyun/qwen-image-max",
        br#"{"prompt": "a fox", "size": "1328x1328"}"#,
        &Policy::EXACT,
    )
    .unwrap();
    assert_eq!(
        serde_json::to_value(&t.calls()[0]).unwrap()["size"],
        "1328x1328"
    );
    assert!(t.changes().is_empty());

    let square = br#"{"prompt": "a fox", "size": "1024x1024"}"#;
    let refused =
        capspec::translate("dieyuyun/qwen-image-2.0", square, &Policy::EXACT).unwrap_err();
    assert_eq!(
        (refused.first().param(), refused.first().code()),
        (Some("size"), Code::NotTranslatable)
    );
    let nearest = capspec::translate(
        "dieyuyun/qwen-image-2.0",
        square,
        &"nearest-size".parse().unwrap(),
    )
    .unwrap();
    assert_eq!(
        serde_json::to_value(&nearest.calls()[0]).unwrap()["size"],
        "2048x2048"
    );
    let change = &nearest.changes()[0];
    assert_eq!(
        (change.code, &change.from, &change.to),
        (
            ChangeCode::SizeChanged,
            &json!("1024x1024"),
            &json!("2048x2048")
        )
    );

    let negative = br#"{"prompt": "a fox", "negative_prompt": "rain"}"#;
    let refused = capspec::translate("openai/dall-e-3", negative, &Policy::EXACT).unwrap_err();
    assert_eq!(
        (refused.first().param(), refused.first().code()),
        (Some("negative_prompt"), Code::NotTranslatable)
    );
    let dropped =
        capspec::translate("openai/dall-e-3", negative, &"drop".parse().unwrap()).unwrap();
    assert_eq!(dropped.changes()[0].code, ChangeCode::ParameterDropped);
    assert!(
        serde_json::to_value(&dropped.calls()[0])
            .unwrap()
            .get("negative_prompt")
            .is_none()
    );
}

/// A target whose default count is not one image gets `n` written out; a violation of the
/// target is reported at the canonical name; provider_options reach the body and may not
/// set what the canonical request sets.
#[test]
fn defaults_violations_and_provider_options() {
    let registry = registry();
    let bailian = registry.spec("bailian/wan2.6-t2i").unwrap();
    let count = bailian.output.count.as_deref().unwrap();
    let default = bailian.property(count).unwrap().default.clone();
    assert!(
        default.is_some_and(|d| d != capspec::spec::Literal::Int(1)),
        "the case needs a default other than 1"
    );
    let t = registry
        .translate(&bailian.id, br#"{"prompt": "a fox"}"#, &Policy::EXACT)
        .unwrap();
    assert_eq!(t.output().count, 1);
    assert_eq!(
        capspec_corpus::get(
            serde_json::to_value(&t.calls()[0])
                .unwrap()
                .as_object()
                .unwrap(),
            count
        ),
        Some(&json!(1))
    );

    let prompt = match bailian.carrier(Param::Prompt) {
        Some(Carrier::Property(p, _)) => p,
        _ => panic!("bailian carries the prompt"),
    };
    assert_ne!(
        prompt.path, "prompt",
        "the case needs a prompt under another name"
    );
    let empty = registry
        .translate(&bailian.id, br#"{"prompt": ""}"#, &Policy::EXACT)
        .unwrap_err();
    assert_eq!(
        (empty.first().param(), empty.first().code()),
        (Some("prompt"), Code::TooShort)
    );

    let options = br#"{"prompt": "a fox", "provider_options": {"parameters": {"watermark": true, "bogus": 1}}}"#;
    let unknown = registry
        .translate(&bailian.id, options, &Policy::EXACT)
        .unwrap_err();
    assert_eq!(
        unknown.first().param(),
        Some("provider_options.parameters.bogus")
    );
    let options =
        br#"{"prompt": "a fox", "provider_options": {"parameters": {"watermark": true}}}"#;
    let t = registry
        .translate(&bailian.id, options, &Policy::EXACT)
        .unwrap();
    assert_eq!(
        serde_json::to_value(&t.calls()[0]).unwrap()["parameters"]["watermark"],
        true
    );
    let twice =
        br#"{"prompt": "a fox", "seed": 1, "provider_options": {"parameters": {"seed": 2}}}"#;
    let conflict = registry
        .translate(&bailian.id, twice, &Policy::EXACT)
        .unwrap_err();
    assert_eq!(
        (conflict.first().param(), conflict.first().code()),
        (
            Some("provider_options.parameters.seed"),
            Code::ConflictingParameters
        )
    );

    let unknown_spec = registry
        .translate("nobody/nothing", br#"{"prompt": "a"}"#, &Policy::EXACT)
        .unwrap_err();
    assert_eq!(unknown_spec.first().code(), Code::ModelNotFound);
}

/// Roles that rename enum values and a custom width and height with its switch, in a spec
/// written for the test.
#[test]
fn mapped_values_and_custom_sizes() {
    let registry = Registry::from_sources([(
        "acme/pixel.toml",
        r#"
        source = "test"
        [model]
        id = "pixel"
        name = "Pixel"
        source = "test"
        [properties.model]
        type = "model"
        source = "test"
        [properties.text]
        type = "string"
        required = true
        role = "prompt"
        source = "test"
        [properties.format]
        type = "string"
        enum = ["URL", "BASE64"]
        role = "response_format"
        role_map = { url = "URL", b64_json = "BASE64" }
        source = "test"
        [properties.custom]
        type = "boolean"
        default = false
        source = "test"
        [properties.w]
        type = "integer"
        minimum = 64
        maximum = 2048
        multipleOf = 64
        source = "test"
        [properties.h]
        type = "integer"
        minimum = 64
        maximum = 2048
        multipleOf = 64
        source = "test"
        [[rules]]
        unless = { custom = true }
        forbid = ["w", "h"]
        source = "test"
        [custom_size]
        width = "w"
        height = "h"
        role = "size"
        source = "test"
        [output]
        size = ["custom_size"]
        "#,
    )])
    .unwrap();
    let t = registry
        .translate(
            "acme/pixel",
            br#"{"prompt": "a", "response_format": "b64_json", "size": "1024x640"}"#,
            &Policy::EXACT,
        )
        .unwrap();
    let body = serde_json::to_value(&t.calls()[0]).unwrap();
    assert_eq!(
        body,
        json!({"model": "pixel", "text": "a", "format": "BASE64", "custom": true, "w": 1024, "h": 640})
    );
    let change = &t.changes()[0];
    assert_eq!(
        (change.code, &change.from, &change.to),
        (
            ChangeCode::ValueMapped,
            &json!("b64_json"),
            &json!("BASE64")
        )
    );
    // 1000x1000 is not a multiple of 64: 1024x1024 is nearer in area than 960x960.
    let near = registry
        .translate(
            "acme/pixel",
            br#"{"prompt": "a", "size": "1000x1000"}"#,
            &ALL,
        )
        .unwrap();
    assert_eq!(near.changes()[0].to, json!("1024x1024"));
    assert_eq!(near.output().width, Some(1024));
}

/// docs/translate.md lists, per shipped spec, the canonical parameters its roles carry and how
/// its size is set.
#[test]
fn the_docs_table_is_what_the_specs_carry() {
    let doc = std::fs::read_to_string("docs/translate.md").unwrap();
    let table = doc
        .split("## Which canonical parameters each shipped model carries")
        .nth(1)
        .expect("the table");
    let rows: Vec<Vec<String>> = table
        .lines()
        .filter(|l| l.starts_with("| `"))
        .map(|l| {
            l.split('|')
                .map(|c| c.trim().trim_matches('`').to_owned())
                .collect()
        })
        .collect();
    let mut ids: Vec<&str> = rows.iter().map(|r| r[1].as_str()).collect();
    ids.sort_unstable();
    let mut shipped: Vec<&str> = capspec::specs()
        .iter()
        .filter(|s| s.model.body == capspec::spec::BodyKind::Json)
        .map(|s| s.id.as_str())
        .collect();
    shipped.sort_unstable();
    assert_eq!(ids, shipped);
    for row in &rows {
        let spec = capspec::spec(&row[1]).unwrap();
        let carried: Vec<&str> = spec.carried().iter().map(|p| p.as_str()).collect();
        assert_eq!(row[2], carried.join(", "), "{}", spec.id);
        let way = match spec.carrier(Param::Size) {
            Some(Carrier::Property(p, _)) => match &p.kind {
                Kind::String(s) if s.enum_values.is_empty() => "free size",
                Kind::String(_) => "fixed list",
                _ => "presets or object",
            },
            Some(Carrier::SizeTable) => "ratio × tier table",
            Some(Carrier::CustomSize) => "custom width and height",
            None => "none",
        };
        assert_eq!(row[3], way, "{}", spec.id);
    }
}
