//! Request bodies derived from a spec: its minimal valid body, a case at and one past every
//! bound, each enum member and a non-member, each type, each rule, and random bodies.
//!
//! Tests, the JSON Schema conformance check, benchmarks and the fuzzer's seeds take their
//! bodies from here, so no number of a spec is written twice. The expectations are computed
//! from the IR by this module alone, independently of the generated validators they test.

use serde_json::{Map, Value, json};

use crate::error::Code;
use crate::spec::*;

/// A request body and what validation must say about it.
#[derive(Clone, Debug, PartialEq)]
pub struct Case {
    /// What the case exercises, e.g. `n = 7 (maximum + 1)`.
    pub name: String,
    pub body: Value,
    pub expect: Expect,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Expect {
    /// Valid; where the case determines it, with this output size.
    Valid { dims: Option<Dims> },
    /// Exactly one violation, with this code and param.
    Invalid { code: Code, param: Option<String> },
    /// Not predicted (random bodies that may break a rule): for comparing validators.
    Unknown,
}

impl Case {
    fn valid(name: impl Into<String>, body: Map<String, Value>) -> Case {
        Case {
            name: name.into(),
            body: Value::Object(body),
            expect: Expect::Valid { dims: None },
        }
    }

    fn invalid(name: impl Into<String>, body: Map<String, Value>, code: Code, param: &str) -> Case {
        Case {
            name: name.into(),
            body: Value::Object(body),
            expect: Expect::Invalid {
                code,
                param: Some(param.to_owned()),
            },
        }
    }
}

/// A JSON value of a spec literal.
pub fn literal_json(l: &Literal) -> Value {
    match l {
        Literal::Bool(b) => json!(b),
        Literal::Int(i) => json!(i),
        Literal::Str(s) => json!(s),
    }
}

/// The smallest valid body: the canonical model name and every required property.
pub fn minimal(spec: &Spec) -> Map<String, Value> {
    let mut body = Map::new();
    fill_required(spec, &spec.properties, &mut body);
    body
}

fn fill_required(spec: &Spec, props: &[Property], body: &mut Map<String, Value>) {
    for p in props {
        if p.kind == Kind::Model {
            body.insert(p.name.clone(), json!(spec.model_id));
        } else if p.required {
            body.insert(p.name.clone(), valid_value(p));
            if let (Kind::Object(children), Some(Value::Object(inner))) =
                (&p.kind, body.get_mut(&p.name))
            {
                fill_required(spec, children, inner);
            }
        }
    }
}

/// A valid value of a property (its first example, else one made from its rule).
pub fn valid_value(p: &Property) -> Value {
    match p.examples.first() {
        Some(e) => literal_json(e),
        None => kind_value(&p.kind).unwrap_or(Value::Null),
    }
}

/// A valid value of a kind, if the rule admits one.
pub fn kind_value(kind: &Kind) -> Option<Value> {
    Some(match kind {
        Kind::Model => return None,
        Kind::Boolean => json!(true),
        Kind::Integer(r) => json!(0i64.clamp(r.min(), r.max()).max(r.min())),
        Kind::String(r) => match (&r.format, r.enum_values.first()) {
            (_, Some(first)) => json!(first),
            (Some(StringFormat::Size(z)), None) => json!(size_text(z, any_size(z)?)),
            (Some(StringFormat::Url(_)), None) => json!("https://example.com/image.png"),
            (None, None) if r.max_length == Some(0) => json!(""),
            (None, None) => json!("a watercolor fox in the snow"),
        },
        Kind::Array(a) if a.max_items == Some(0) => json!([]),
        Kind::Array(a) => json!([kind_value(&a.items)?]),
        Kind::Object(children) => {
            let mut inner = Map::new();
            for c in children.iter().filter(|c| c.required) {
                inner.insert(c.name.clone(), valid_value(c));
            }
            Value::Object(inner)
        }
    })
}

fn size_text(rule: &SizeRule, d: Dims) -> String {
    format!("{}{}{}", d.width, rule.separator, d.height)
}

/// Which of a free size's bounds `d` breaks: `width`, `height`, `pixels`, `aspect`.
fn size_faults(rule: &SizeRule, d: Dims) -> Vec<&'static str> {
    let mut out = Vec::new();
    if !rule.width.contains(u128::from(d.width)) {
        out.push("width");
    }
    if !rule.height.contains(u128::from(d.height)) {
        out.push("height");
    }
    if !rule.pixels.contains(d.pixels()) {
        out.push("pixels");
    }
    if !rule.aspect_ratio.contains(d.ratio()) {
        out.push("aspect");
    }
    out
}

/// Side lengths worth trying: every bound, the square roots of the pixel bounds, round sizes.
fn side_candidates(rule: &SizeRule) -> Vec<u64> {
    let mut c: Vec<u64> = (1..=128).map(|i| i * 64).collect();
    for b in [rule.width, rule.height] {
        c.extend(b.minimum);
        c.extend(b.maximum);
    }
    for p in [rule.pixels.minimum, rule.pixels.maximum]
        .into_iter()
        .flatten()
    {
        let r = p.isqrt();
        c.extend([r, r + 1]);
    }
    c.retain(|v| *v >= 1);
    c.sort_unstable();
    c.dedup();
    c
}

fn find_size(rule: &SizeRule, ok: impl Fn(Dims) -> bool) -> Option<Dims> {
    let sides = side_candidates(rule);
    // Squares first: the most ordinary sizes.
    for &s in &sides {
        let d = Dims {
            width: s,
            height: s,
        };
        if ok(d) {
            return Some(d);
        }
    }
    for &w in &sides {
        for &h in &sides {
            let d = Dims {
                width: w,
                height: h,
            };
            if ok(d) {
                return Some(d);
            }
        }
    }
    None
}

fn any_size(rule: &SizeRule) -> Option<Dims> {
    find_size(rule, |d| size_faults(rule, d).is_empty())
}

/// A size with exactly `pixels` pixels and no fault, searching divisors near the square root.
fn size_with_area(rule: &SizeRule, pixels: u64) -> Option<Dims> {
    let root = pixels.isqrt().max(1);
    (1..=root.min(1_000_000)).rev().find_map(|w| {
        if !pixels.is_multiple_of(w) {
            return None;
        }
        let h = pixels / w;
        [
            Dims {
                width: w,
                height: h,
            },
            Dims {
                width: h,
                height: w,
            },
        ]
        .into_iter()
        .find(|d| size_faults(rule, *d).is_empty())
    })
}

/// Pairs of sizes `(at the edge, one past it)` for every bound of a free size, each past
/// size breaking that bound only.
fn size_edges(rule: &SizeRule) -> Vec<(String, Dims, Dims, Code)> {
    let mut out = Vec::new();
    let ok = |d: Dims| size_faults(rule, d).is_empty();
    let only = |d: Dims, which: &str| size_faults(rule, d) == [which];
    let mut side = |name: &'static str, bounds: Bounds, make: &dyn Fn(u64, u64) -> Dims| {
        if let Some(min) = bounds.minimum {
            let found = find_size(rule, |d| {
                let other = if name == "width" { d.height } else { d.width };
                // A side of 0 is not a size at all (a format error), so the edge needs min ≥ 2.
                min >= 2 && ok(make(min, other)) && only(make(min - 1, other), name)
            });
            if let Some(d) = found {
                let other = if name == "width" { d.height } else { d.width };
                out.push((
                    format!("{name} = minimum {min}"),
                    make(min, other),
                    make(min - 1, other),
                    Code::OutOfRange,
                ));
            }
        }
        if let Some(max) = bounds.maximum {
            let found = find_size(rule, |d| {
                let other = if name == "width" { d.height } else { d.width };
                ok(make(max, other)) && only(make(max + 1, other), name)
            });
            if let Some(d) = found {
                let other = if name == "width" { d.height } else { d.width };
                out.push((
                    format!("{name} = maximum {max}"),
                    make(max, other),
                    make(max + 1, other),
                    Code::OutOfRange,
                ));
            }
        }
    };
    side("width", rule.width, &|v, o| Dims {
        width: v,
        height: o,
    });
    side("height", rule.height, &|v, o| Dims {
        width: o,
        height: v,
    });
    if let Some(min) = rule.pixels.minimum
        && let Some(edge) = size_with_area(rule, min)
    {
        let past = [
            Dims {
                height: edge.height - 1,
                ..edge
            },
            Dims {
                width: edge.width - 1,
                ..edge
            },
        ]
        .into_iter()
        .find(|d| d.width >= 1 && d.height >= 1 && only(*d, "pixels"));
        if let Some(past) = past {
            out.push((
                format!("pixels = minimum {min}"),
                edge,
                past,
                Code::PixelAreaOutOfRange,
            ));
        }
    }
    if let Some(max) = rule.pixels.maximum
        && let Some(edge) = size_with_area(rule, max)
    {
        let past = [
            Dims {
                height: edge.height + 1,
                ..edge
            },
            Dims {
                width: edge.width + 1,
                ..edge
            },
        ]
        .into_iter()
        .find(|d| only(*d, "pixels"));
        if let Some(past) = past {
            out.push((
                format!("pixels = maximum {max}"),
                edge,
                past,
                Code::PixelAreaOutOfRange,
            ));
        }
    }
    let ratio_edge = |r: Ratio, below: bool| -> Option<(Dims, Dims)> {
        (1..=20_000u64).find_map(|k| {
            let edge = Dims {
                width: r.width * k,
                height: r.height * k,
            };
            // Past the minimum: a little narrower; past the maximum: a little wider.
            let past = if below {
                Dims {
                    height: edge.height + 1,
                    ..edge
                }
            } else {
                Dims {
                    width: edge.width + 1,
                    ..edge
                }
            };
            (ok(edge) && only(past, "aspect")).then_some((edge, past))
        })
    };
    if let Some(min) = rule.aspect_ratio.minimum
        && let Some((edge, past)) = ratio_edge(min, true)
    {
        out.push((
            format!("aspect ratio = minimum {min}"),
            edge,
            past,
            Code::AspectRatioOutOfRange,
        ));
    }
    if let Some(max) = rule.aspect_ratio.maximum
        && let Some((edge, past)) = ratio_edge(max, false)
    {
        out.push((
            format!("aspect ratio = maximum {max}"),
            edge,
            past,
            Code::AspectRatioOutOfRange,
        ));
    }
    out
}

/// The value at a dotted path.
pub fn get<'a>(body: &'a Map<String, Value>, path: &str) -> Option<&'a Value> {
    match path.split_once('.') {
        None => body.get(path),
        Some((head, rest)) => get(body.get(head)?.as_object()?, rest),
    }
}

/// Sets `path`, creating the objects on the way.
pub fn set(body: &mut Map<String, Value>, path: &str, value: Value) {
    match path.split_once('.') {
        None => {
            body.insert(path.to_owned(), value);
        }
        Some((head, rest)) => {
            let inner = body.entry(head.to_owned()).or_insert_with(|| json!({}));
            if !inner.is_object() {
                *inner = json!({});
            }
            if let Value::Object(inner) = inner {
                set(inner, rest, value);
            }
        }
    }
}

/// Sets `path` to a valid value of its property.
fn set_valid(spec: &Spec, body: &mut Map<String, Value>, path: &str) {
    if let Some(prop) = spec.property(path) {
        set(body, path, valid_value(prop));
    }
}

pub fn remove(body: &mut Map<String, Value>, path: &str) {
    match path.split_once('.') {
        None => {
            body.shift_remove(path);
        }
        Some((head, rest)) => {
            if let Some(Value::Object(inner)) = body.get_mut(head) {
                remove(inner, rest);
            }
        }
    }
}

/// `path`'s value, else its default.
fn effective(spec: &Spec, body: &Map<String, Value>, path: &str) -> Option<Value> {
    get(body, path)
        .cloned()
        .or_else(|| spec.property(path)?.default.as_ref().map(literal_json))
}

/// Whether a rule's condition holds (so that the rule applies) for `body`.
fn fires(spec: &Spec, body: &Map<String, Value>, c: &Condition) -> bool {
    let holds = effective(spec, body, &c.path) == Some(literal_json(&c.value));
    holds != c.negated
}

/// Sets the condition's property so that the rule applies (`apply`) or does not.
fn steer(spec: &Spec, body: &mut Map<String, Value>, c: &Condition, apply: bool) {
    let want_equal = apply != c.negated;
    let target = literal_json(&c.value);
    if want_equal {
        set(body, &c.path, target);
    } else if let Some(other) = spec.property(&c.path).and_then(|p| other_value(p, &target)) {
        set(body, &c.path, other);
    }
}

/// A valid value of `p` different from `not`.
fn other_value(p: &Property, not: &Value) -> Option<Value> {
    match &p.kind {
        Kind::Boolean => Some(json!(!not.as_bool()?)),
        Kind::Integer(r) => [r.min(), r.max()]
            .into_iter()
            .map(|i| json!(i))
            .find(|v| v != not),
        Kind::String(s) if !s.enum_values.is_empty() => {
            s.enum_values.iter().map(|v| json!(v)).find(|v| v != not)
        }
        kind => kind_value(kind).filter(|v| v != not),
    }
}

/// Makes `body` one where `path` may be present, and everything a rule requires once it is:
/// conditions steered away from rules that forbid `path`, exclusive partners removed, required
/// companions added.
fn make_room(spec: &Spec, body: &mut Map<String, Value>, path: &str) {
    // Objects on the way must be present for a nested path.
    for _ in 0..4 {
        for rule in &spec.rules {
            match rule {
                Rule::Forbid { when, paths, .. }
                    if paths.iter().any(|p| p == path) && fires(spec, body, when) =>
                {
                    steer(spec, body, when, false);
                }
                Rule::Exclusive { paths, .. } if paths.iter().any(|p| p == path) => {
                    for other in paths.iter().filter(|p| *p != path) {
                        remove(body, other);
                    }
                }
                _ => {}
            }
        }
        for rule in &spec.rules {
            match rule {
                Rule::Require { when, paths, .. } if fires(spec, body, when) => {
                    let absent: Vec<&String> = paths
                        .iter()
                        .filter(|p| *p != path && get(body, p).is_none())
                        .collect();
                    for p in absent {
                        set_valid(spec, body, p);
                    }
                }
                Rule::Forbid { when, paths, .. } if fires(spec, body, when) => {
                    for p in paths.iter().filter(|p| *p != path) {
                        remove(body, p);
                    }
                }
                _ => {}
            }
        }
    }
}

/// Whether `body` (whose values are each valid) satisfies every rule between properties.
pub fn consistent(spec: &Spec, body: &Map<String, Value>) -> bool {
    let rules_hold = spec.rules.iter().all(|rule| match rule {
        Rule::Require { when, paths, .. } => {
            !fires(spec, body, when) || paths.iter().all(|p| get(body, p).is_some())
        }
        Rule::Forbid { when, paths, .. } => {
            !fires(spec, body, when) || paths.iter().all(|p| get(body, p).is_none())
        }
        Rule::Exclusive { paths, .. } => {
            paths.iter().filter(|p| get(body, p).is_some()).count() <= 1
        }
    });
    let custom_ok = spec.custom_size.as_ref().is_none_or(|c| {
        match (
            get(body, &c.width).and_then(Value::as_u64),
            get(body, &c.height).and_then(Value::as_u64),
        ) {
            (Some(width), Some(height)) => {
                let d = Dims { width, height };
                c.pixels.contains(d.pixels()) && c.aspect_ratio.contains(d.ratio())
            }
            _ => true,
        }
    });
    let table_ok = spec.size_table.as_ref().is_none_or(|t| {
        let text =
            |path: &str| effective(spec, body, path).and_then(|v| v.as_str().map(str::to_owned));
        match (text(&t.ratio), text(&t.tier)) {
            (Some(r), Some(tier)) => t.cell(&r, &tier).is_some(),
            _ => true,
        }
    });
    rules_hold && custom_ok && table_ok
}

/// Every case derived from the spec.
pub fn cases(spec: &Spec) -> Vec<Case> {
    let mut out = Vec::new();
    let base = minimal(spec);
    out.push(Case::valid("minimal body", base.clone()));
    model_cases(spec, &base, &mut out);
    for p in spec.walk() {
        if p.kind != Kind::Model {
            property_cases(spec, p, &base, &mut out);
        }
    }
    rule_cases(spec, &base, &mut out);
    table_cases(spec, &base, &mut out);
    let mut unknown = base.clone();
    unknown.insert("capspec_unknown".into(), json!(1));
    out.push(Case::invalid(
        "unknown top-level parameter",
        unknown,
        Code::UnknownParameter,
        "capspec_unknown",
    ));
    out.push(Case {
        name: "body is an array".into(),
        body: json!([base.clone()]),
        expect: Expect::Invalid {
            code: Code::InvalidType,
            param: None,
        },
    });
    out.push(Case {
        name: "body is a string".into(),
        body: json!("{}"),
        expect: Expect::Invalid {
            code: Code::InvalidType,
            param: None,
        },
    });
    out
}

fn model_cases(spec: &Spec, base: &Map<String, Value>, out: &mut Vec<Case>) {
    for name in &spec.model.names {
        let mut b = base.clone();
        b.insert("model".into(), json!(name));
        out.push(Case::valid(format!("model = {name:?}"), b));
    }
    let mut b = base.clone();
    b.insert("model".into(), json!("capspec-no-such-model"));
    out.push(Case::invalid(
        "model names no model",
        b,
        Code::ModelNotFound,
        "model",
    ));
    let mut b = base.clone();
    b.insert("model".into(), json!(1));
    out.push(Case::invalid(
        "model is a number",
        b,
        Code::InvalidType,
        "model",
    ));
    let mut b = base.clone();
    b.shift_remove("model");
    if spec.model.default.is_some() {
        out.push(Case::valid("model absent (provider default)", b));
    } else {
        out.push(Case::invalid(
            "model absent",
            b,
            Code::MissingRequired,
            "model",
        ));
    }
}

/// A body with `path` set to `value`, room made for it: rules that would forbid it steered
/// away, exclusive partners removed, and what a rule then requires added.
pub fn with(
    spec: &Spec,
    base: &Map<String, Value>,
    path: &str,
    value: Value,
) -> Map<String, Value> {
    let mut b = base.clone();
    make_room(spec, &mut b, path);
    set(&mut b, path, value);
    // The value may wake a rule (`use_custom_size = true` requires the custom sides).
    make_room(spec, &mut b, path);
    b
}

fn wrong_type(kind: &Kind) -> Value {
    match kind {
        Kind::String(_) | Kind::Model => json!(12),
        _ => json!("12"),
    }
}

fn property_cases(spec: &Spec, p: &Property, base: &Map<String, Value>, out: &mut Vec<Case>) {
    let path = p.path.as_str();
    let v = |value: Value| with(spec, base, path, value);
    out.push(Case::valid(
        format!("{path} = a valid value"),
        v(valid_value(p)),
    ));
    out.push(Case::invalid(
        format!("{path} has the wrong type"),
        v(wrong_type(&p.kind)),
        Code::InvalidType,
        path,
    ));
    out.push(Case::invalid(
        format!("{path} is null"),
        v(Value::Null),
        Code::InvalidType,
        path,
    ));
    for (i, e) in p.examples.iter().enumerate() {
        out.push(Case::valid(
            format!("{path} = example {i}"),
            v(literal_json(e)),
        ));
    }
    if let Some(d) = &p.default {
        out.push(Case::valid(
            format!("{path} = its default"),
            v(literal_json(d)),
        ));
    }
    if p.required {
        let mut b = base.clone();
        remove(&mut b, path);
        out.push(Case::invalid(
            format!("{path} absent"),
            b,
            Code::MissingRequired,
            path,
        ));
    }
    match &p.kind {
        Kind::Integer(r) => {
            let (min, max) = (r.min(), r.max());
            let fixed = r.fixed().is_some();
            let past_code = if fixed {
                Code::InvalidValue
            } else {
                Code::OutOfRange
            };
            out.push(Case::valid(
                format!("{path} = minimum {min}"),
                v(json!(min)),
            ));
            out.push(Case::valid(
                format!("{path} = maximum {max}"),
                v(json!(max)),
            ));
            out.push(Case::invalid(
                format!("{path} = minimum - 1"),
                v(json!(min - 1)),
                past_code,
                path,
            ));
            out.push(Case::invalid(
                format!("{path} = maximum + 1"),
                v(json!(max + 1)),
                past_code,
                path,
            ));
            out.push(Case::valid(
                format!("{path} = {min}.0 (an integer written as a float)"),
                v(json!(min as f64)),
            ));
            // A fraction f64 can still represent: near ±2^53 it could not.
            let fraction = if (min..=max).contains(&0) {
                0.5
            } else {
                min as f64 + 0.5
            };
            out.push(Case::invalid(
                format!("{path} = {fraction} (not an integer)"),
                v(json!(fraction)),
                Code::InvalidType,
                path,
            ));
            let huge: Value = serde_json::from_str("18446744073709551616").unwrap_or(Value::Null);
            out.push(Case::invalid(
                format!("{path} = 2^64"),
                v(huge),
                past_code,
                path,
            ));
        }
        Kind::String(r) => string_cases(path, r, &v, out),
        Kind::Array(a) => {
            let item = kind_value(&a.items).unwrap_or(Value::Null);
            if let Some(max) = a.max_items {
                let n = usize::try_from(max).unwrap_or(usize::MAX).min(10_000);
                out.push(Case::valid(
                    format!("{path} with maxItems {max} items"),
                    v(json!(vec![item.clone(); n])),
                ));
                out.push(Case::invalid(
                    format!("{path} with maxItems + 1 items"),
                    v(json!(vec![item.clone(); n + 1])),
                    Code::TooManyItems,
                    path,
                ));
            }
            out.push(Case::valid(format!("{path} empty"), v(json!([]))));
            let item_path = format!("{path}[0]");
            out.push(Case::invalid(
                format!("{item_path} has the wrong type"),
                v(json!([wrong_type(&a.items)])),
                Code::InvalidType,
                &item_path,
            ));
            if let Kind::String(r) = &*a.items {
                let mut items = Vec::new();
                string_cases(&item_path, r, &|x| json!([x]), &mut items);
                out.extend(items.into_iter().map(|c| Case {
                    body: Value::Object(v(c.body)),
                    ..c
                }));
            }
        }
        Kind::Object(_) => {
            let mut b = v(kind_value(&p.kind).unwrap_or(json!({})));
            set(&mut b, &format!("{path}.capspec_unknown"), json!(1));
            out.push(Case::invalid(
                format!("unknown parameter in {path}"),
                b,
                Code::UnknownParameter,
                &format!("{path}.capspec_unknown"),
            ));
        }
        Kind::Boolean | Kind::Model => {
            out.push(Case::valid(format!("{path} = false"), v(json!(false))));
        }
    }
}

fn string_cases<B>(path: &str, r: &StringRule, v: &dyn Fn(Value) -> B, out: &mut Vec<Case>)
where
    B: Into<Value>,
{
    let mk_valid = |name: String, b: B| Case {
        name,
        body: b.into(),
        expect: Expect::Valid { dims: None },
    };
    let mk_invalid = |name: String, b: B, code| Case {
        name,
        body: b.into(),
        expect: Expect::Invalid {
            code,
            param: Some(path.to_owned()),
        },
    };
    for value in &r.enum_values {
        out.push(mk_valid(format!("{path} = {value:?}"), v(json!(value))));
    }
    if !r.enum_values.is_empty() {
        out.push(mk_invalid(
            format!("{path} not in enum"),
            v(json!("capspec-not-a-member")),
            Code::InvalidValue,
        ));
        // Case matters: an enum value in other case is not a member.
        if let Some(first) = r.enum_values.iter().find(|e| e.to_uppercase() != **e) {
            out.push(mk_invalid(
                format!("{path} = {first:?} in upper case"),
                v(json!(first.to_uppercase())),
                Code::InvalidValue,
            ));
        }
    }
    if let Some(max) = r.max_length {
        let n = usize::try_from(max).unwrap_or(usize::MAX).min(1 << 20);
        // Three bytes per character: a byte count would reject the edge.
        out.push(mk_valid(
            format!("{path} of maxLength {max} characters"),
            v(json!("字".repeat(n))),
        ));
        out.push(mk_invalid(
            format!("{path} of maxLength + 1 characters"),
            v(json!("字".repeat(n + 1))),
            Code::TooLong,
        ));
    }
    match &r.format {
        Some(StringFormat::Size(z)) if r.enum_values.is_empty() => {
            for (name, edge, past, code) in size_edges(z) {
                out.push(mk_valid(
                    format!("{path}: {name} ({})", size_text(z, edge)),
                    v(json!(size_text(z, edge))),
                ));
                out.push(mk_invalid(
                    format!("{path}: one past {name} ({})", size_text(z, past)),
                    v(json!(size_text(z, past))),
                    code,
                ));
            }
            let good = any_size(z).unwrap_or(Dims {
                width: 1,
                height: 1,
            });
            let other_sep = if z.separator == 'x' { '*' } else { 'x' };
            for bad in [
                "capspec-not-a-size".to_owned(),
                good.width.to_string(),
                format!("{}{}", good.width, z.separator),
                format!("0{}{}{}", good.width, z.separator, good.height),
                format!("{}{other_sep}{}", good.width, good.height),
                format!("{} {} {}", good.width, z.separator, good.height),
            ] {
                out.push(mk_invalid(
                    format!("{path} = {bad:?} (bad format)"),
                    v(json!(bad)),
                    Code::InvalidFormat,
                ));
            }
        }
        Some(StringFormat::Size(z)) => {
            if let Some(first) = r
                .enum_values
                .first()
                .and_then(|e| Dims::parse(e, z.separator))
            {
                let off = Dims {
                    width: first.width + 1,
                    ..first
                };
                out.push(mk_invalid(
                    format!("{path}: a size not in the list"),
                    v(json!(size_text(z, off))),
                    Code::InvalidValue,
                ));
            }
        }
        Some(StringFormat::Url(u)) => {
            out.push(mk_invalid(
                format!("{path} = URL with NUL"),
                v(json!("https://example.com/a\u{0}.png")),
                Code::InvalidValue,
            ));
            let public: &[(&str, &str, Option<Code>)] = &[
                (
                    "loopback URL",
                    "http://127.0.0.1/a.png",
                    Some(Code::UrlNotAllowed),
                ),
                (
                    "cloud metadata URL",
                    "http://169.254.169.254/latest",
                    Some(Code::UrlNotAllowed),
                ),
            ];
            let any: &[(&str, &str, Option<Code>)] = &[
                ("https URL", "https://example.com/a.png", None),
                ("http URL", "http://example.com/a.png", None),
                (
                    "data URL",
                    "data:image/png;base64,iVBORw0KGgo=",
                    Some(Code::UrlNotAllowed),
                ),
                (
                    "ftp URL",
                    "ftp://example.com/a.png",
                    Some(Code::UrlNotAllowed),
                ),
                ("not a URL", "a.png", Some(Code::InvalidFormat)),
            ];
            let cases = any.iter().chain(if u.public { public } else { &[] });
            for &(name, url, code) in cases {
                let name = format!("{path} = {name}");
                out.push(match code {
                    None => mk_valid(name, v(json!(url))),
                    Some(code) => mk_invalid(name, v(json!(url)), code),
                });
            }
        }
        None if r.enum_values.is_empty() => {
            out.push(mk_invalid(
                format!("{path} with NUL"),
                v(json!("a\u{0}b")),
                Code::InvalidValue,
            ));
            out.push(mk_valid(
                format!("{path} with other control characters"),
                v(json!("a\tb\u{1}c\u{7f}")),
            ));
        }
        None => {}
    }
}

fn rule_cases(spec: &Spec, base: &Map<String, Value>, out: &mut Vec<Case>) {
    for rule in &spec.rules {
        match rule {
            Rule::Require { when, paths, .. } => {
                for missing in paths {
                    let mut b = base.clone();
                    steer(spec, &mut b, when, true);
                    for p in paths.iter().filter(|p| *p != missing) {
                        make_room(spec, &mut b, p);
                        set_valid(spec, &mut b, p);
                    }
                    remove(&mut b, missing);
                    out.push(Case::invalid(
                        format!("when {when}: {missing} absent"),
                        b,
                        Code::MissingRequired,
                        missing,
                    ));
                }
            }
            Rule::Forbid { when, paths, .. } => {
                for p in paths {
                    let mut b = base.clone();
                    steer(spec, &mut b, when, true);
                    // Satisfy every other rule the steering woke.
                    for r in &spec.rules {
                        if let Rule::Require { when, paths, .. } = r
                            && fires(spec, &b, when)
                        {
                            for q in paths {
                                set_valid(spec, &mut b, q);
                            }
                        }
                    }
                    set_valid(spec, &mut b, p);
                    out.push(Case::invalid(
                        format!("when {when}: {p} given"),
                        b,
                        Code::ConflictingParameters,
                        p,
                    ));
                }
            }
            Rule::Exclusive { paths, .. } => {
                for (i, first) in paths.iter().enumerate() {
                    for second in &paths[i + 1..] {
                        let mut b = base.clone();
                        make_room(spec, &mut b, first);
                        set_valid(spec, &mut b, first);
                        set_valid(spec, &mut b, second);
                        out.push(Case::invalid(
                            format!("{first} with {second}"),
                            b,
                            Code::ConflictingParameters,
                            second,
                        ));
                    }
                }
            }
        }
    }
    if let Some(c) = &spec.custom_size
        && let (Some(w), Some(h)) = (spec.property(&c.width), spec.property(&c.height))
    {
        let mut b = base.clone();
        make_room(spec, &mut b, &c.width);
        make_room(spec, &mut b, &c.height);
        set(&mut b, &c.width, valid_value(w));
        set(&mut b, &c.height, valid_value(h));
        let dims = match (
            get(&b, &c.width).and_then(Value::as_u64),
            get(&b, &c.height).and_then(Value::as_u64),
        ) {
            (Some(width), Some(height)) => Some(Dims { width, height }),
            _ => None,
        };
        out.push(Case {
            name: "custom size".into(),
            body: Value::Object(b),
            expect: Expect::Valid { dims },
        });
    }
}

fn table_cases(spec: &Spec, base: &Map<String, Value>, out: &mut Vec<Case>) {
    let Some(t) = &spec.size_table else { return };
    for (ratio, row) in &t.cells {
        for (tier, dims) in row {
            let mut b = base.clone();
            set(&mut b, &t.ratio, json!(ratio));
            set(&mut b, &t.tier, json!(tier));
            out.push(Case {
                name: format!("{} = {ratio}, {} = {tier}", t.ratio, t.tier),
                body: Value::Object(b),
                expect: Expect::Valid { dims: Some(*dims) },
            });
        }
    }
    // Defaults fill the rest: only one of the pair given.
    let default = |path: &str| spec.property(path).and_then(|p| p.default.clone());
    if let (Some(Literal::Str(dr)), Some(Literal::Str(dt))) = (default(&t.ratio), default(&t.tier))
    {
        out.push(Case {
            name: "size table defaults".into(),
            body: Value::Object(base.clone()),
            expect: Expect::Valid {
                dims: t.cell(&dr, &dt),
            },
        });
        for (ratio, _) in &t.cells {
            let mut b = base.clone();
            set(&mut b, &t.ratio, json!(ratio));
            out.push(Case {
                name: format!("{} = {ratio} alone", t.ratio),
                body: Value::Object(b),
                expect: Expect::Valid {
                    dims: t.cell(ratio, &dt),
                },
            });
        }
    }
}

/// Every name and value the specs use: property names, and the strings a body may hold
/// (model names, enum members, examples), each sorted. Fuzzers and property tests draw from
/// them to build bodies the validators read deeply.
pub fn vocabulary(specs: &[Spec]) -> (Vec<String>, Vec<String>) {
    let mut names = std::collections::BTreeSet::new();
    let mut values = std::collections::BTreeSet::new();
    for spec in specs {
        values.extend(spec.model.names.iter().cloned());
        for p in spec.walk() {
            names.insert(p.name.clone());
            if let Kind::String(r) = &p.kind {
                values.extend(r.enum_values.iter().cloned());
            }
            values.extend(p.examples.iter().map(|e| match e {
                Literal::Str(s) => s.clone(),
                other => other.to_string(),
            }));
        }
    }
    (names.into_iter().collect(), values.into_iter().collect())
}

/// A small deterministic generator (SplitMix64): corpora are the same on every run.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    pub fn chance(&mut self, num: u64, den: u64) -> bool {
        self.below(den) < num
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(usize::try_from(self.below(items.len() as u64)).ok()?)
    }
}

/// A random valid value of a property.
fn random_valid(p: &Property, rng: &mut Rng) -> Value {
    match &p.kind {
        Kind::Boolean => json!(rng.chance(1, 2)),
        Kind::Integer(r) => {
            let (min, max) = (r.min(), r.max());
            let span = (max as i128 - min as i128 + 1) as u128;
            let offset = (u128::from(rng.next_u64()) % span) as i128;
            json!((min as i128 + offset) as i64)
        }
        Kind::String(r) if !r.enum_values.is_empty() => json!(rng.pick(&r.enum_values)),
        Kind::String(StringRule {
            format: Some(StringFormat::Size(z)),
            ..
        }) => {
            let sides = side_candidates(z);
            let found = (0..64).find_map(|_| {
                let d = Dims {
                    width: *rng.pick(&sides)?,
                    height: *rng.pick(&sides)?,
                };
                size_faults(z, d).is_empty().then_some(d)
            });
            match found.or_else(|| any_size(z)) {
                Some(d) => json!(size_text(z, d)),
                None => valid_value(p),
            }
        }
        Kind::String(StringRule { max_length, .. }) => {
            let words = [
                "a fox",
                "雪山",
                "ink wash",
                "ÅÄÖ",
                "neon city",
                "🙂",
                "lantern",
            ];
            let mut s = String::new();
            for _ in 0..rng.below(6) {
                s.push_str(rng.pick(&words).copied().unwrap_or(""));
                s.push(' ');
            }
            let limit = max_length.map_or(usize::MAX, |m| usize::try_from(m).unwrap_or(usize::MAX));
            json!(s.chars().take(limit).collect::<String>())
        }
        Kind::Array(a) => {
            let n = rng.below(a.max_items.unwrap_or(4).min(4) + 1);
            json!(
                (0..n)
                    .filter_map(|_| kind_value(&a.items))
                    .collect::<Vec<_>>()
            )
        }
        _ => valid_value(p),
    }
}

/// A random invalid value of a property: a wrong type or one past a bound.
fn random_invalid(p: &Property, rng: &mut Rng) -> Value {
    match (&p.kind, rng.below(3)) {
        (Kind::Integer(r), 0) => json!(r.max().saturating_add(1)),
        (Kind::Integer(r), 1) => json!(r.min().saturating_sub(1)),
        (
            Kind::String(StringRule {
                max_length: Some(m),
                ..
            }),
            0,
        ) => json!("x".repeat(usize::try_from(*m).unwrap_or(0) + 1)),
        (Kind::String(_), 1) => json!("capspec-not-valid"),
        _ => wrong_type(&p.kind),
    }
}

/// `count` random bodies: random subsets of the properties with random values, most valid,
/// some with a broken value or a broken rule. Each is labelled `Valid` when every value is
/// valid and every rule holds, else `Unknown`.
pub fn random(spec: &Spec, seed: u64, count: usize) -> Vec<Case> {
    let mut rng = Rng::new(seed ^ spec.id.len() as u64);
    let props: Vec<&Property> = spec
        .walk()
        .into_iter()
        .filter(|p| p.kind != Kind::Model)
        .collect();
    (0..count)
        .map(|i| {
            let mut body = minimal(spec);
            if let Some(name) = rng.pick(&spec.model.names) {
                body.insert("model".into(), json!(name));
            }
            let mut broken = false;
            for p in &props {
                if matches!(p.kind, Kind::Object(_)) || !rng.chance(1, 2) {
                    continue;
                }
                if rng.chance(1, 12) {
                    set(&mut body, &p.path, random_invalid(p, &mut rng));
                    broken = true;
                } else {
                    if rng.chance(3, 4) {
                        make_room(spec, &mut body, &p.path);
                    }
                    set(&mut body, &p.path, random_valid(p, &mut rng));
                }
            }
            let expect = if !broken && consistent(spec, &body) {
                Expect::Valid { dims: None }
            } else {
                Expect::Unknown
            };
            Case {
                name: format!("random body {i}"),
                body: Value::Object(body),
                expect,
            }
        })
        .collect()
}

/// Random JSON values of every type, for mutations.
fn random_json(rng: &mut Rng) -> Value {
    match rng.below(12) {
        0 => Value::Null,
        1 => json!(rng.chance(1, 2)),
        2 => json!(rng.below(10)),
        3 => json!(-(rng.below(1000) as i64)),
        4 => json!(rng.below(10_000) as f64 + 0.5),
        5 => json!(2.0),
        6 => json!(""),
        7 => json!("1024x1024"),
        8 => json!("https://example.com/a.png"),
        9 => json!([1, "a"]),
        10 => json!({"k": 1}),
        _ => json!("capspec"),
    }
}

/// Every dotted path of an object body (objects included).
fn paths(body: &Map<String, Value>, prefix: &str, out: &mut Vec<String>) {
    for (k, v) in body {
        let path = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        if let Value::Object(inner) = v {
            paths(inner, &path, out);
        }
        out.push(path);
    }
}

/// `count` bodies made from the spec's valid cases by one or two random changes each: a key
/// removed, a value replaced by a random JSON value, a property set to a valid value without
/// making room for it, or an unknown key added. Their verdicts are not predicted (`Unknown`).
pub fn mutations(spec: &Spec, seed: u64, count: usize) -> Vec<Case> {
    let mut rng = Rng::new(seed.wrapping_mul(31) ^ spec.id.len() as u64);
    let valid: Vec<Map<String, Value>> = cases(spec)
        .into_iter()
        .chain(random(spec, seed, 64))
        .filter(|c| matches!(c.expect, Expect::Valid { .. }))
        .filter_map(|c| match c.body {
            Value::Object(m) => Some(m),
            _ => None,
        })
        .collect();
    let props: Vec<&Property> = spec
        .walk()
        .into_iter()
        .filter(|p| p.kind != Kind::Model)
        .collect();
    (0..count)
        .filter_map(|i| {
            let mut body = rng.pick(&valid)?.clone();
            for _ in 0..=rng.below(2) {
                let mut all = Vec::new();
                paths(&body, "", &mut all);
                match rng.below(4) {
                    0 => {
                        if let Some(p) = rng.pick(&all) {
                            remove(&mut body, p);
                        }
                    }
                    1 => {
                        if let Some(p) = rng.pick(&all) {
                            let v = random_json(&mut rng);
                            set(&mut body, p, v);
                        }
                    }
                    2 => {
                        if let Some(p) = rng.pick(&props) {
                            let v = random_valid(p, &mut rng);
                            set(&mut body, &p.path, v);
                        }
                    }
                    _ => {
                        body.insert(format!("capspec_{}", rng.below(3)), random_json(&mut rng));
                    }
                }
            }
            Some(Case {
                name: format!("mutation {i}"),
                body: Value::Object(body),
                expect: Expect::Unknown,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule() -> SizeRule {
        SizeRule {
            separator: '*',
            width: Bounds::default(),
            height: Bounds::default(),
            pixels: Bounds {
                minimum: Some(1000 * 1000),
                maximum: Some(1100 * 1100),
            },
            aspect_ratio: RatioBounds {
                minimum: Ratio::parse("1:4"),
                maximum: Ratio::parse("4:1"),
            },
        }
    }

    #[test]
    fn size_edges_break_one_bound_each() {
        let z = rule();
        let edges = size_edges(&z);
        assert_eq!(edges.len(), 4, "{edges:?}");
        for (name, edge, past, _) in edges {
            assert!(size_faults(&z, edge).is_empty(), "{name}: {edge}");
            assert_eq!(size_faults(&z, past).len(), 1, "{name}: {past}");
        }
    }
}
