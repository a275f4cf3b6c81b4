//! Behaviour that mutation testing (`cargo mutants`, TESTING.md) found unguarded: the words
//! of messages (echoed values, allowed sets, JSON types, character counts, size bounds), the
//! violation cap, parameters another model defines, size-table cells and custom sizes, arrays
//! after arrays, a value judged once, bodies that are not objects, the accessors of the constrained types, and
//! which IP literals a public URL may name. Numbers come from the small specs below (loaded
//! as a `Registry`) or from the shipped specs' IR.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use capspec::spec::{Kind, SizeSource, SourceText, Spec, StringFormat};
use capspec::types::{Integer, Text, Url};
use capspec::{Code, MAX_VIOLATIONS, Registry, Violation, Violations};
use serde_json::{Value, json};

const PROVIDER: &str = "mut";

/// Every keyword whose message a test reads, a size table with a missing cell and a custom
/// size with pixel and aspect bounds.
const ALPHA: &str = r#"
source = "test"

[model]
id = "alpha"
name = "Alpha"
source = "test"

[properties.model]
type = "model"
source = "test"

[properties.prompt]
type = "string"
minLength = 3
maxLength = 5
source = "test"

[properties.style]
type = "string"
enum = ["a", "b", "c"]
source = "test"

[properties.mode]
type = "string"
enum = ["only"]
source = "test"

[properties.first]
type = "array"
items = { type = "string" }
maxItems = 2
source = "test"

[properties.second]
type = "array"
items = { type = "string" }
maxItems = 2
source = "test"

[properties.ratio]
type = "string"
enum = ["1:1", "2:1"]
default = "1:1"
source = "test"

[properties.tier]
type = "string"
enum = ["S", "L"]
default = "S"
source = "test"

[properties.width]
type = "integer"
minimum = 1
maximum = 100
source = "test"

[properties.height]
type = "integer"
minimum = 1
maximum = 100
source = "test"

[properties.extra]
type = "boolean"
source = "test"

[properties.canvas]
type = "string"
format = "size"
width = { minimum = 8, maximum = 64 }
height = { minimum = 8, maximum = 64 }
source = "test"

[properties.strict]
type = "boolean"
source = "test"

[[rules]]
when = { strict = true }
allow = { canvas = ["8x8", "16x16"] }
source = "test"

[size_table]
ratio = "ratio"
tier = "tier"
source = "test"

[size_table.cells]
"1:1" = { "S" = "10x10", "L" = "20x20" }
"2:1" = { "S" = "20x10" }

[custom_size]
width = "width"
height = "height"
pixels = { minimum = 100, maximum = 2000 }
aspect_ratio = { minimum = "1:2", maximum = "2:1" }
source = "test"

[output]
size = ["custom_size", "size_table"]
"#;

/// Another model of the same provider, without `extra`.
const BETA: &str = r#"
source = "test"

[model]
id = "beta"
name = "Beta"
source = "test"

[properties.model]
type = "model"
source = "test"

[properties.prompt]
type = "string"
source = "test"
"#;

fn registry() -> Registry {
    let text = |name: &str, text: &str| SourceText {
        file: format!("{PROVIDER}/{name}.toml"),
        provider: PROVIDER.to_owned(),
        text: text.to_owned(),
    };
    Registry::from_texts(vec![text("alpha", ALPHA), text("beta", BETA)]).unwrap()
}

fn spec_of<'r>(reg: &'r Registry, model: &str) -> &'r Spec {
    reg.specs().iter().find(|s| s.model_id == model).unwrap()
}

/// The violations of `body` (bytes and parsed value agree on them).
fn rejected(reg: &Registry, body: &Value) -> Violations {
    let bytes = serde_json::to_vec(body).unwrap();
    let from_bytes = reg.validate_slice(PROVIDER, &bytes).map(|v| v.to_value());
    let from_value = reg.validate_value(PROVIDER, body).map(|v| v.to_value());
    assert_eq!(from_bytes, from_value, "{body}");
    from_bytes.expect_err(&body.to_string())
}

/// The one violation of `body`.
fn only(reg: &Registry, body: &Value) -> Violation {
    let v = rejected(reg, body);
    assert_eq!(v.len(), 1, "{body}: {v}");
    v.first().clone()
}

fn enum_values<'s>(spec: &'s Spec, path: &str) -> &'s [String] {
    match &spec.property(path).unwrap().kind {
        Kind::String(r) => &r.enum_values,
        other => panic!("{path} is not a string enum: {other:?}"),
    }
}

#[test]
fn enum_messages_list_the_allowed_values_and_quote_the_given_one() {
    let reg = registry();
    let spec = spec_of(&reg, "alpha");
    let values = enum_values(spec, "style");
    assert!(values.len() > 1);
    let listed = values
        .iter()
        .map(|v| format!("{v:?}"))
        .collect::<Vec<_>>()
        .join(", ");
    for given in ["zz", "\"", "\\", "a\"b", "tab\there", "é"] {
        let v = only(&reg, &json!({"model": "alpha", "style": given}));
        assert_eq!((v.param(), v.code()), (Some("style"), Code::InvalidValue));
        let m = v.message();
        assert!(m.contains(&format!("must be one of {listed}")), "{m}");
        // Escaped exactly where JSON-like quoting needs it (`"` and `\` and controls).
        assert!(m.ends_with(&format!("got {given:?}")), "{m}");
    }
    // One allowed value: `must be "x"`, not a list.
    let single = enum_values(spec, "mode");
    assert_eq!(single.len(), 1);
    let v = only(&reg, &json!({"model": "alpha", "mode": "other"}));
    let m = v.message();
    assert!(m.contains(&format!("must be {:?} for", single[0])), "{m}");
    assert!(!m.contains("one of"), "{m}");
}

#[test]
fn type_messages_name_the_json_type_and_echo_the_value() {
    let reg = registry();
    for (given, got) in [
        (json!(2.5), "got number 2.5"),
        (json!(7), "got number 7"),
        (json!(-3), "got number -3"),
        (json!(true), "got boolean true"),
        (json!(false), "got boolean false"),
        (json!(null), "got null"),
        (json!(["x"]), "got array"),
        (json!({"a": 1}), "got object"),
    ] {
        let v = only(&reg, &json!({"model": "alpha", "prompt": given}));
        assert_eq!((v.param(), v.code()), (Some("prompt"), Code::InvalidType));
        assert!(
            v.message()
                .starts_with("prompt must be a string for alpha, "),
            "{}",
            v.message()
        );
        assert!(v.message().ends_with(got), "{given}: {}", v.message());
    }
    let v = only(&reg, &json!({"model": "alpha", "extra": "yes"}));
    assert!(
        v.message().ends_with("got string \"yes\""),
        "{}",
        v.message()
    );
}

#[test]
fn a_body_that_is_not_an_object_names_its_json_type() {
    let reg = registry();
    for (body, ty) in [
        ("2.5", "number"),
        ("-1", "integer"),
        ("7", "integer"),
        ("2.0", "integer"),
        ("null", "null"),
        ("true", "boolean"),
        ("\"text\"", "string"),
        ("[1, 2]", "array"),
    ] {
        let v = reg.validate_slice(PROVIDER, body.as_bytes()).unwrap_err();
        assert_eq!(v.len(), 1, "{body}: {v}");
        assert_eq!(
            (v.first().param(), v.first().code()),
            (None, Code::InvalidType),
            "{body}"
        );
        assert_eq!(
            v.first().message(),
            format!("the request body must be a JSON object, got {ty}"),
            "{body}"
        );
        let value: Value = serde_json::from_str(body).unwrap();
        let v = reg.validate_value(PROVIDER, &value).unwrap_err();
        assert_eq!(
            v.first().message(),
            format!("the request body must be a JSON object, got {ty}")
        );
    }
}

#[test]
fn length_messages_give_the_bound_and_the_count() {
    let reg = registry();
    let spec = spec_of(&reg, "alpha");
    let Kind::String(rule) = &spec.property("prompt").unwrap().kind else {
        panic!("prompt is a string")
    };
    let (min, max) = (rule.min_length.unwrap(), rule.max_length.unwrap());
    assert!(min > 2);
    let long = "x".repeat(max as usize + 1);
    let v = only(&reg, &json!({"model": "alpha", "prompt": long}));
    assert_eq!(v.code(), Code::TooLong);
    assert_eq!(
        v.message(),
        format!(
            "prompt must be at most {max} characters for alpha, got {} characters",
            max + 1
        )
    );
    for n in [1, min - 1] {
        let v = only(
            &reg,
            &json!({"model": "alpha", "prompt": "é".repeat(n as usize)}),
        );
        assert_eq!(v.code(), Code::TooShort);
        let unit = if n == 1 { "character" } else { "characters" };
        assert_eq!(
            v.message(),
            format!("prompt must be at least {min} characters for alpha, got {n} {unit}")
        );
    }
}

#[test]
fn constructor_faults_say_what_is_allowed() {
    let f = Integer::<1, 6>::new(7).unwrap_err();
    assert_eq!(
        (f.code(), f.requirement(), f.got()),
        (Code::OutOfRange, "must be between 1 and 6", "got 7")
    );
    let f = Integer::<3, 3>::new(4).unwrap_err();
    assert_eq!(
        (f.code(), f.requirement()),
        (Code::InvalidValue, "is fixed at 3")
    );
    let f = Text::<3>::new("abcd").unwrap_err();
    assert_eq!(
        (f.code(), f.requirement(), f.got()),
        (
            Code::TooLong,
            "must be at most 3 characters",
            "got 4 characters"
        )
    );
    let f = Text::<10, 2>::new("a").unwrap_err();
    assert_eq!(
        (f.code(), f.requirement()),
        (Code::TooShort, "must be at least 2 characters")
    );
    let f = Text::<10, 1>::new("").unwrap_err();
    assert_eq!(f.requirement(), "must not be empty");
    assert_eq!(f.to_string(), "must not be empty, got 0 characters");
}

#[test]
fn constrained_values_give_back_what_they_hold() {
    let n = Integer::<1, 6>::new(5).unwrap();
    assert_eq!(i64::from(n), 5);
    assert_eq!(n.to_string(), "5");

    let t = Text::<10>::new("héllo").unwrap();
    assert_eq!(&*t, "héllo");
    assert_eq!(t.to_string(), "héllo");
    assert_eq!(t.into_inner(), "héllo");

    let text = "https://example.com/a.png?x=1";
    let u = Url::<true>::new(text).unwrap();
    assert_eq!(u.as_str(), text);
    assert_eq!(&*u, text);
    assert_eq!(u.to_string(), text);
    assert_eq!(u.into_inner(), text);
}

/// A free size of a shipped spec: sides and text as given, equal and hashed by its text.
#[test]
fn sizes_give_back_their_sides_and_text() {
    use capspec::empiriolabs::qwen_image_2_0 as m;
    let spec = capspec::spec(m::SPEC_ID).unwrap();
    let Kind::String(r) = &spec.property("size").unwrap().kind else {
        panic!("size is a string")
    };
    let Some(StringFormat::Size(rule)) = &r.format else {
        panic!("size is a free size")
    };
    let (w, h) = (rule.width.minimum.unwrap(), rule.height.minimum.unwrap());
    let sep = rule.separator;
    let (a_text, b_text) = (format!("{w}{sep}{}", h + 8), format!("{}{sep}{h}", w + 8));
    let a = m::Size::new(a_text.as_str()).unwrap();
    let b = m::Size::new(b_text.as_str()).unwrap();
    assert_eq!((a.width(), a.height()), (w, h + 8));
    assert_eq!((b.width(), b.height()), (w + 8, h));
    assert_eq!(a.as_str(), a_text);
    assert_eq!(a.to_string(), a_text);
    assert_eq!(format!("{a:?}"), format!("Size({a_text:?})"));
    assert_ne!(a, b);
    let a2 = m::Size::new(a_text.clone()).unwrap();
    assert_eq!(a, a2);
    let hash = |s: &m::Size<'_>| {
        let mut h = DefaultHasher::new();
        s.hash(&mut h);
        h.finish()
    };
    assert_eq!(hash(&a), hash(&a2));
    assert_ne!(hash(&a), hash(&b));
    // Through a request: the accessor hands back the size as written.
    let body = json!({"model": spec.model.names[0], "prompt": "p", "size": a_text});
    let req = m::Request::validate_value(&body).unwrap();
    let got = req.size().unwrap();
    assert_eq!(
        (got.width(), got.height(), got.as_str()),
        (w, h + 8, a_text.as_str())
    );
}

#[test]
fn the_violation_cap_keeps_the_first_violations_and_counts_the_rest() {
    let reg = registry();
    let mut body = serde_json::Map::new();
    body.insert("model".into(), json!("beta"));
    let unknown = MAX_VIOLATIONS + 5;
    for i in 0..unknown {
        body.insert(format!("k{i}"), json!(i));
    }
    // One parameter only the other model defines, and one of the wrong type.
    body.insert("extra".into(), json!(true));
    body.insert("prompt".into(), json!(1));
    let v = rejected(&reg, &Value::Object(body));
    assert_eq!(v.len(), MAX_VIOLATIONS);
    assert_eq!(v.omitted(), unknown + 2 - MAX_VIOLATIONS);
    assert!(v.iter().all(|v| v.code() == Code::UnknownParameter));
    assert_eq!(v.first().param(), Some("k0"));
}

#[test]
fn a_parameter_of_another_model_is_unknown_to_this_one() {
    let reg = registry();
    assert!(spec_of(&reg, "alpha").property("extra").is_some());
    assert!(spec_of(&reg, "beta").property("extra").is_none());
    let v = only(&reg, &json!({"model": "beta", "extra": true}));
    assert_eq!(
        (v.param(), v.code()),
        (Some("extra"), Code::UnknownParameter)
    );
    assert_eq!(v.message(), "extra is not a parameter of beta");
    // Absent, it is nothing to report; for the model that defines it, it is valid.
    reg.validate_value(PROVIDER, &json!({"model": "beta"}))
        .unwrap();
    reg.validate_value(PROVIDER, &json!({"model": "alpha", "extra": true}))
        .unwrap();
}

#[test]
fn a_ratio_and_tier_without_a_cell_are_rejected_at_the_tier() {
    let reg = registry();
    let t = spec_of(&reg, "alpha").size_table.as_ref().unwrap();
    let tiers: Vec<&str> = enum_values(spec_of(&reg, "alpha"), &t.tier)
        .iter()
        .map(String::as_str)
        .collect();
    let mut missing = 0;
    for (ratio, _) in &t.cells {
        for tier in &tiers {
            let body = json!({"model": "alpha", &t.ratio: ratio, &t.tier: tier});
            match t.cell(ratio, tier) {
                Some(d) => {
                    let ok = reg.validate_value(PROVIDER, &body).unwrap();
                    assert_eq!(
                        (ok.output().width, ok.output().height),
                        (Some(d.width), Some(d.height))
                    );
                }
                None => {
                    missing += 1;
                    let v = only(&reg, &body);
                    assert_eq!(
                        (v.param(), v.code()),
                        (Some(t.tier.as_str()), Code::InvalidValue)
                    );
                    assert!(
                        v.message().starts_with(&format!(
                            "{} {tier:?} is not available with {} {ratio:?}",
                            t.tier, t.ratio
                        )),
                        "{}",
                        v.message()
                    );
                }
            }
        }
    }
    assert!(missing > 0);
}

#[test]
fn a_custom_size_outside_its_area_or_aspect_bounds_is_rejected() {
    let reg = registry();
    let spec = spec_of(&reg, "alpha");
    let c = spec.custom_size.as_ref().unwrap();
    assert!(spec.output.size.contains(&SizeSource::Custom));
    let (min, max) = (c.pixels.minimum.unwrap(), c.pixels.maximum.unwrap());
    let (rmin, rmax) = (
        c.aspect_ratio.minimum.unwrap(),
        c.aspect_ratio.maximum.unwrap(),
    );
    let body = |w: u64, h: u64| json!({"model": "alpha", &c.width: w, &c.height: h});
    // A square whose area is within bounds: valid, and it is the output size.
    let side = (1..=max).find(|s| s * s >= min).unwrap();
    let square = body(side, side);
    let out = reg.validate_value(PROVIDER, &square).unwrap().output();
    assert_eq!((out.width, out.height), (Some(side), Some(side)));
    // Too large an area.
    let big = max.isqrt() + 1;
    let v = only(&reg, &body(big, big));
    assert_eq!(
        (v.param(), v.code()),
        (Some(c.width.as_str()), Code::PixelAreaOutOfRange)
    );
    let m = v.message();
    assert!(
        m.starts_with(&format!("{} × {} ", c.width, c.height)),
        "{m}"
    );
    assert!(m.contains(&format!("between {min} and {max}")), "{m}");
    assert!(m.contains(&format!("{big} × {big}")), "{m}");
    // Too wide an aspect ratio, the area within bounds.
    let (w, h) = (side * 2 + 2, side / 2);
    assert!(w * rmax.height > h * rmax.width && w * h >= min && w * h <= max);
    let v = rejected(&reg, &body(w, h));
    let v = v
        .iter()
        .find(|v| v.code() == Code::AspectRatioOutOfRange)
        .unwrap();
    assert_eq!(v.param(), Some(c.width.as_str()));
    assert!(
        v.message().contains(&format!("between {rmin} and {rmax}")),
        "{}",
        v.message()
    );
}

#[test]
fn an_array_after_an_array_counts_its_own_items() {
    let reg = registry();
    let spec = spec_of(&reg, "alpha");
    let max = |p: &str| match &spec.property(p).unwrap().kind {
        Kind::Array(a) => a.max_items.unwrap() as usize,
        other => panic!("{p}: {other:?}"),
    };
    let items = |n: usize| (0..n).map(|i| format!("i{i}")).collect::<Vec<_>>();
    let body =
        json!({"model": "alpha", "first": items(max("first")), "second": items(max("second"))});
    let bytes = serde_json::to_vec(&body).unwrap();
    let ok = reg.validate_slice(PROVIDER, &bytes).unwrap();
    assert_eq!(ok.to_value()["second"], body["second"]);
    let body =
        json!({"model": "alpha", "first": items(max("first")), "second": items(max("second") + 1)});
    let v = only(&reg, &body);
    assert_eq!((v.param(), v.code()), (Some("second"), Code::TooManyItems));
}

fn public(url: &str) -> bool {
    match Url::<true>::new(url) {
        Ok(_) => true,
        Err(f) => {
            assert_eq!(f.code(), Code::UrlNotAllowed, "{url}: {f}");
            false
        }
    }
}

#[test]
fn public_urls_name_only_public_ip_literals() {
    let private4 = [
        "0.1.2.3",
        "10.0.0.1",
        "127.0.0.1",
        "169.254.169.254",
        "100.64.0.1",
        "100.127.255.254",
        "192.0.0.1",
        "192.0.0.255",
        "192.0.2.1",
        "198.18.0.1",
        "198.19.255.254",
        "224.0.0.1",
        "240.0.0.1",
        "255.255.255.255",
    ];
    let public4 = [
        "8.8.8.8",
        "1.0.0.1",
        "8.0.0.1",
        "8.8.0.8",
        "8.18.0.1",
        "8.64.0.1",
        "100.0.0.1",
        "100.63.255.254",
        "100.128.0.1",
        "192.0.1.1",
        "192.1.0.1",
        "198.17.0.1",
        "198.20.0.1",
        "223.255.255.254",
    ];
    for ip in private4 {
        assert!(!public(&format!("http://{ip}/")), "{ip}");
        // Embedded in IPv6: mapped, compatible, NAT64 and 6to4.
        let o: Vec<u16> = ip.split('.').map(|p| p.parse().unwrap()).collect();
        let (hi, lo) = ((o[0] << 8) | o[1], (o[2] << 8) | o[3]);
        for v6 in [
            format!("::ffff:{hi:x}:{lo:x}"),
            format!("64:ff9b::{hi:x}:{lo:x}"),
            format!("2002:{hi:x}:{lo:x}::1"),
        ] {
            assert!(!public(&format!("http://[{v6}]/")), "{v6}");
        }
    }
    for ip in public4 {
        assert!(public(&format!("http://{ip}/")), "{ip}");
        let o: Vec<u16> = ip.split('.').map(|p| p.parse().unwrap()).collect();
        let (hi, lo) = ((o[0] << 8) | o[1], (o[2] << 8) | o[3]);
        for v6 in [
            format!("::ffff:{hi:x}:{lo:x}"),
            format!("64:ff9b::{hi:x}:{lo:x}"),
            format!("2002:{hi:x}:{lo:x}::1"),
        ] {
            assert!(public(&format!("http://[{v6}]/")), "{v6}");
        }
    }
    for ip in [
        "::",
        "::1",
        "::a00:1",
        "fc00::1",
        "fdff::1",
        "fe80::1",
        "febf::1",
        "fec0::1",
        "feff::1",
        "ff02::1",
        "2001:db8::1",
        "100::1",
    ] {
        assert!(!public(&format!("http://[{ip}]/")), "{ip}");
    }
    for ip in [
        "2606:4700:4700::1111",
        "2001:4860:4860::8888",
        "2001:db9::1",
        "2a00::1",
        "2000::1",
    ] {
        assert!(public(&format!("http://[{ip}]/")), "{ip}");
    }
}

#[test]
fn public_urls_carry_no_credentials() {
    for url in [
        "https://user@example.com/a.png",
        "https://:secret@example.com/a.png",
        "https://user:secret@example.com/a.png",
    ] {
        assert!(!public(url), "{url}");
    }
    assert!(public("https://example.com/a.png"));
}

/// One value that JSON never yields this way: `none` (JSON's `null` is a unit) or bytes.
#[derive(Clone, Copy)]
enum Odd {
    None,
    Bytes,
}

impl<'de> serde::Deserializer<'de> for Odd {
    type Error = serde::de::value::Error;
    fn deserialize_any<V: serde::de::Visitor<'de>>(self, v: V) -> Result<V::Value, Self::Error> {
        match self {
            Odd::None => v.visit_none(),
            Odd::Bytes => v.visit_bytes(b"x"),
        }
    }
    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map struct enum
        identifier ignored_any
    }
}

impl<'de> serde::de::IntoDeserializer<'de, serde::de::value::Error> for Odd {
    type Deserializer = Odd;
    fn into_deserializer(self) -> Odd {
        self
    }
}

/// A map of `(key, value)` pairs as a deserializer.
fn map<K, V>(
    pairs: Vec<(K, V)>,
) -> serde::de::value::MapDeserializer<'static, std::vec::IntoIter<(K, V)>, serde::de::value::Error>
where
    K: serde::de::IntoDeserializer<'static, serde::de::value::Error>,
    V: serde::de::IntoDeserializer<'static, serde::de::value::Error>,
{
    serde::de::value::MapDeserializer::new(pairs.into_iter())
}

/// The first top-level property of `spec` matching `kind`.
fn top_level(spec: &Spec, kind: fn(&Kind) -> bool) -> &str {
    spec.properties
        .iter()
        .find(|p| !p.path.contains('.') && kind(&p.kind))
        .map(|p| p.path.as_str())
        .unwrap()
}

#[test]
fn typed_requests_from_other_formats_say_what_they_expected() {
    use capspec::bailian::wan2_2_t2i_flash as objects;
    use capspec::empiriolabs::qwen_image_2_0 as arrays;
    use serde::Deserialize;
    let error = |r: Result<arrays::Request<'static>, serde::de::value::Error>| {
        r.map(|_| ()).unwrap_err().to_string()
    };
    // The body itself.
    let e = error(arrays::Request::deserialize(Odd::Bytes));
    assert!(e.contains("expected a JSON object"), "{e}");
    let e = error(arrays::Request::deserialize(Odd::None));
    assert!(
        e.contains("the request body must be a JSON object, got null"),
        "{e}"
    );
    // A key, a scalar's value, an array's value.
    let e = error(arrays::Request::deserialize(map(vec![(
        Odd::Bytes,
        Odd::Bytes,
    )])));
    assert!(e.contains("expected a string key"), "{e}");
    let spec = capspec::spec(arrays::SPEC_ID).unwrap();
    let scalar = top_level(spec, |k| matches!(k, Kind::String(_)));
    let e = error(arrays::Request::deserialize(map(vec![(
        scalar,
        Odd::Bytes,
    )])));
    assert!(e.contains("expected a JSON value"), "{e}");
    let array = top_level(spec, |k| matches!(k, Kind::Array(_)));
    let e = error(arrays::Request::deserialize(map(vec![(array, Odd::Bytes)])));
    assert!(e.contains("expected a JSON array"), "{e}");
    // An object's value.
    let spec = capspec::spec(objects::SPEC_ID).unwrap();
    let object = top_level(spec, |k| matches!(k, Kind::Object(_)));
    let e = objects::Request::deserialize(map(vec![(object, Odd::Bytes)]))
        .map(|_| ())
        .unwrap_err()
        .to_string();
    assert!(e.contains("expected a JSON object"), "{e}");
}

#[test]
fn a_model_of_the_wrong_type_is_named_with_its_value() {
    let reg = registry();
    for (given, got) in [
        (json!(5), "number 5"),
        (json!(-5), "number -5"),
        (json!(2.5), "number 2.5"),
        (json!(true), "boolean true"),
        (json!(["alpha"]), "array"),
    ] {
        let v = only(&reg, &json!({"model": given}));
        assert_eq!((v.param(), v.code()), (Some("model"), Code::InvalidType));
        assert_eq!(v.message(), format!("model must be a string, got {got}"));
    }
}

#[test]
fn a_size_that_breaks_its_bounds_is_not_judged_again_by_a_rule() {
    let reg = registry();
    let spec = spec_of(&reg, "alpha");
    let Kind::String(r) = &spec.property("canvas").unwrap().kind else {
        panic!("canvas is a string")
    };
    let Some(StringFormat::Size(rule)) = &r.format else {
        panic!("canvas is a free size")
    };
    let (w, h) = (rule.width.maximum.unwrap(), rule.height.minimum.unwrap());
    let sep = rule.separator;
    let allowed = spec
        .rules
        .iter()
        .find_map(|r| match r {
            capspec::spec::Rule::Allow { values, .. } => Some(values.clone()),
            _ => None,
        })
        .unwrap();
    let first = allowed[0].to_json();
    reg.validate_value(
        PROVIDER,
        &json!({"model": "alpha", "strict": true, "canvas": first}),
    )
    .unwrap();
    // Within its bounds but not allowed: the rule reports it.
    let v = only(
        &reg,
        &json!({"model": "alpha", "strict": true, "canvas": format!("{w}{sep}{h}")}),
    );
    assert_eq!(v.param(), Some("canvas"));
    assert_ne!(v.code(), Code::OutOfRange);
    // Past its bounds: reported once, for the bound.
    let v = only(
        &reg,
        &json!({"model": "alpha", "strict": true, "canvas": format!("{}{sep}{h}", w + 1)}),
    );
    assert_eq!((v.param(), v.code()), (Some("canvas"), Code::OutOfRange));
}
