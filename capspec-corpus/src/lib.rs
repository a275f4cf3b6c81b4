//! Request bodies derived from a spec: its minimal valid body, a case at and one past every
//! bound, each enum member and a non-member, each type, each rule, and random bodies.
//!
//! Tests, the JSON Schema conformance suite, benchmarks and the fuzzer's seeds take their
//! bodies from here, so no number of a spec is written twice. The expectations are computed
//! from the IR by this crate alone, which depends on the spec format and not on capspec's
//! validators: sizes, faults and outputs are plain integer arithmetic here.

use serde_json::{Map, Value, json};

use capspec_spec::*;

pub mod forms;

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
    /// Valid; where the case determines it, with this output width and height.
    Valid { dims: Option<Wh> },
    /// Exactly these violations, in any order: each a code and a param (`None` for the
    /// whole body). Mostly one; a size one past a bound that other bounds imply breaks those
    /// too.
    Invalid(Vec<(Code, Option<String>)>),
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

    fn valid_value(name: impl Into<String>, body: Value) -> Case {
        Case {
            name: name.into(),
            body,
            expect: Expect::Valid { dims: None },
        }
    }

    fn invalid(name: impl Into<String>, body: Map<String, Value>, code: Code, param: &str) -> Case {
        Case {
            name: name.into(),
            body: Value::Object(body),
            expect: Expect::Invalid(vec![(code, Some(param.to_owned()))]),
        }
    }
}

/// A JSON value of a spec literal.
pub fn literal_json(l: &Literal) -> Value {
    l.to_json()
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
            // The canonical name: the id, but for a form's spec, whose id is its own
            // (`dall-e-2-edit` takes `model` = `dall-e-2`).
            let name = spec.model.names.first().unwrap_or(&spec.model_id);
            body.insert(p.name.clone(), json!(name));
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
        Kind::Integer(r) => json!(integer_near(r, 0)?),
        Kind::Number(r) => number_value(r, number_near(r, 1.0)?),
        Kind::Size(z) => json!(z.presets.first()?.0),
        Kind::String(r) => match (&r.format, r.enum_values.first()) {
            (_, Some(first)) => json!(first),
            (Some(StringFormat::Size(z)), None) => json!(size_text(z, any_size(z)?)),
            (Some(StringFormat::Url(_)), None) => json!("https://example.com/image.png"),
            (None, None) => {
                let text = "a watercolor fox in the snow";
                let n = text.chars().count() as u64;
                let want = n.clamp(r.min_length.unwrap_or(0), r.max_length.unwrap_or(n));
                json!(text.chars().cycle().take(want as usize).collect::<String>())
            }
        },
        Kind::Array(a) => {
            let n = a
                .min_items
                .unwrap_or(0)
                .max(1)
                .min(a.max_items.unwrap_or(u64::MAX));
            json!(vec![kind_value(&a.items)?; n as usize])
        }
        Kind::Object(children) => {
            let mut inner = Map::new();
            for c in children.iter().filter(|c| c.required) {
                inner.insert(c.name.clone(), valid_value(c));
            }
            Value::Object(inner)
        }
    })
}

// ---- numbers ----------------------------------------------------------------------------------

/// The valid integer of `r` nearest `target` (on its step), if it has one.
fn integer_near(r: &IntegerRule, target: i64) -> Option<i64> {
    let step = r.multiple_of.unwrap_or(1).max(1);
    let (lo, hi) = (r.min(), r.max());
    let first = lo.div_euclid(step) * step + if lo.rem_euclid(step) == 0 { 0 } else { step };
    let last = hi.div_euclid(step) * step;
    if first > last {
        return None;
    }
    let near = target.clamp(first, last).div_euclid(step) * step;
    Some(if near < first { first } else { near })
}

/// The faults of an integer `v` under `r`, as the validators report them.
fn integer_faults(r: &IntegerRule, v: i64) -> Vec<Code> {
    let mut out = Vec::new();
    if v < r.min() || v > r.max() {
        out.push(if r.fixed().is_some() {
            Code::InvalidValue
        } else {
            Code::OutOfRange
        });
    }
    if let Some(step) = r.multiple_of
        && step > 1
        && v % step != 0
    {
        out.push(Code::NotMultipleOf);
    }
    out
}

/// Whether `v` is within the number rule's bounds (multipleOf aside): plain comparisons.
fn number_within(r: &NumberRule, v: f64) -> bool {
    r.minimum.is_none_or(|m| v >= m)
        && r.maximum.is_none_or(|m| v <= m)
        && r.exclusive_minimum.is_none_or(|m| v > m)
        && r.exclusive_maximum.is_none_or(|m| v < m)
}

/// Whether `v` is a multiple of a power-of-two step: `v / step` has no fraction (dividing by
/// a power of two is exact).
fn number_on_step(r: &NumberRule, v: f64) -> bool {
    r.multiple_of.is_none_or(|m| (v / m).fract() == 0.0)
}

fn number_faults(r: &NumberRule, v: f64) -> Vec<Code> {
    let mut out = Vec::new();
    if !number_within(r, v) {
        out.push(Code::OutOfRange);
    }
    if !number_on_step(r, v) {
        out.push(Code::NotMultipleOf);
    }
    out
}

/// A valid number near `target`: the target if valid, else a bound or a step near it.
fn number_near(r: &NumberRule, target: f64) -> Option<f64> {
    let step = r.multiple_of.unwrap_or(0.5);
    let lo = r
        .minimum
        .or(r.exclusive_minimum.map(|m| m + step))
        .unwrap_or(target.min(0.0));
    let hi = r
        .maximum
        .or(r.exclusive_maximum.map(|m| m - step))
        .unwrap_or(target.max(lo));
    let mut candidates = vec![target, lo, hi, (lo + hi) / 2.0];
    if r.multiple_of.is_some() {
        candidates.extend(
            candidates
                .clone()
                .into_iter()
                .map(|c| (c / step).ceil() * step),
        );
        candidates.extend(
            candidates
                .clone()
                .into_iter()
                .map(|c| (c / step).floor() * step),
        );
    }
    candidates
        .into_iter()
        .find(|v| v.is_finite() && number_faults(r, *v).is_empty())
}

/// A number as JSON: an integral value as an integer (as most clients write it).
fn number_value(_: &NumberRule, v: f64) -> Value {
    if v.fract() == 0.0 && v.abs() < 9.0e15 {
        json!(v as i64)
    } else {
        json!(v)
    }
}

// ---- sizes, with plain integer arithmetic ------------------------------------------------------
//
// The corpus computes sizes, faults and outputs itself, reading only the spec's numbers: it
// shares no code with the validators (not `Dims::parse`, not `Bounds::contains`), so a fault
// in theirs cannot hide in both.

/// A width and a height in pixels.
pub type Wh = (u64, u64);

fn size_text(rule: &SizeRule, (w, h): Wh) -> String {
    format!("{w}{}{h}", rule.separator)
}

/// `W<sep>H` as two positive decimal numbers without sign or leading zero (the format the
/// spec README gives), `None` otherwise. Sides too large for `u64` are `u64::MAX`.
pub fn parse_size(text: &str, separator: char) -> Option<Wh> {
    let (w, h) = text.split_once(separator)?;
    let side = |s: &str| -> Option<u64> {
        let ok = s.starts_with(|c: char| ('1'..='9').contains(&c))
            && s.bytes().all(|b| b.is_ascii_digit());
        ok.then(|| s.parse().unwrap_or(u64::MAX))
    };
    Some((side(w)?, side(h)?))
}

/// `min <= v <= max` for the bounds that are there.
fn within(b: Bounds, v: u128) -> bool {
    b.minimum.is_none_or(|m| v >= u128::from(m)) && b.maximum.is_none_or(|m| v <= u128::from(m))
}

/// `w:h` against a ratio bound, as `w * rh` against `rw * h`.
fn ratio_order((w, h): Wh, r: Ratio) -> std::cmp::Ordering {
    (u128::from(w) * u128::from(r.height)).cmp(&(u128::from(r.width) * u128::from(h)))
}

fn aspect_within(b: RatioBounds, wh: Wh) -> bool {
    b.minimum.is_none_or(|m| ratio_order(wh, m).is_ge())
        && b.maximum.is_none_or(|m| ratio_order(wh, m).is_le())
}

fn area((w, h): Wh) -> u128 {
    u128::from(w) * u128::from(h)
}

/// Which of a free size's bounds `wh` breaks, in the order the validators report them:
/// `width`, `height`, `pixels`, `aspect`.
fn size_faults(rule: &SizeRule, (w, h): Wh) -> Vec<&'static str> {
    let mut out = Vec::new();
    let off_step = |b: Bounds, v: u64| b.multiple_of.is_some_and(|m| m > 0 && !v.is_multiple_of(m));
    if !within(rule.width, u128::from(w)) {
        out.push("width");
    }
    if off_step(rule.width, w) {
        out.push("width step");
    }
    if !within(rule.height, u128::from(h)) {
        out.push("height");
    }
    if off_step(rule.height, h) {
        out.push("height step");
    }
    if !within(rule.pixels, area((w, h))) {
        out.push("pixels");
    }
    if !aspect_within(rule.aspect_ratio, (w, h)) {
        out.push("aspect");
    }
    out
}

/// The violations a free size at `param` gets for `faults`, one per broken bound.
fn size_violations(faults: &[&str], param: &str) -> Vec<(Code, Option<String>)> {
    faults
        .iter()
        .map(|f| {
            let code = match *f {
                "width" | "height" => Code::OutOfRange,
                "width step" | "height step" => Code::NotMultipleOf,
                "pixels" => Code::PixelAreaOutOfRange,
                _ => Code::AspectRatioOutOfRange,
            };
            (code, Some(param.to_owned()))
        })
        .collect()
}

/// Side lengths worth trying: every bound, the square roots of the pixel bounds, round sizes.
fn side_candidates(rule: &SizeRule) -> Vec<u64> {
    let mut c: Vec<u64> = (1..=128).map(|i| i * 64).collect();
    for b in [rule.width, rule.height] {
        c.extend(b.minimum);
        c.extend(b.maximum);
        // The extreme multiples of a step within the bounds.
        if let Some(m) = b.multiple_of.filter(|m| *m > 0) {
            c.extend(b.minimum.map(|v| v.div_ceil(m) * m));
            c.extend(b.maximum.map(|v| v / m * m));
        }
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

/// The first size `ok` accepts: squares first (the most ordinary sizes), then any pair.
fn find_size(rule: &SizeRule, ok: impl Fn(Wh) -> bool) -> Option<Wh> {
    let sides = side_candidates(rule);
    sides
        .iter()
        .map(|&s| (s, s))
        .chain(
            sides
                .iter()
                .flat_map(|&w| sides.iter().map(move |&h| (w, h))),
        )
        .find(|&wh| ok(wh))
}

fn any_size(rule: &SizeRule) -> Option<Wh> {
    find_size(rule, |wh| size_faults(rule, wh).is_empty())
}

/// A valid size whose width and height differ (portrait first), if the rule has one: a size
/// whose sides a validator swapped would then give the wrong output.
fn oblong_size(rule: &SizeRule) -> Option<Wh> {
    find_size(rule, |(w, h)| w < h && size_faults(rule, (w, h)).is_empty())
}

/// A valid size with exactly `pixels` pixels, from the divisors near the square root.
fn size_with_area(rule: &SizeRule, pixels: u64) -> Option<Wh> {
    let root = pixels.isqrt().max(1);
    (1..=root.min(1_000_000)).rev().find_map(|w| {
        if !pixels.is_multiple_of(w) {
            return None;
        }
        let h = pixels / w;
        [(w, h), (h, w)]
            .into_iter()
            .find(|wh| size_faults(rule, *wh).is_empty())
    })
}

/// One bound of a free size: its name, and `(at the edge, one past it)`: a valid size on the
/// bound and one that breaks it, alone where any size can (where other bounds imply this
/// one, the size past it breaks those too).
struct Edge {
    name: String,
    pair: Option<(Wh, Wh)>,
}

/// An edge pair for every bound the rule declares; a bound without one has `pair: None`, and
/// the corpus reports it as a gap instead of leaving it untested.
fn size_edges(rule: &SizeRule) -> Vec<Edge> {
    let mut out = Vec::new();
    let ok = |wh: Wh| size_faults(rule, wh).is_empty();
    // Breaks `which`, alone if it can: the search runs twice, alone first.
    let breaks = |wh: Wh, which: &str, alone: bool| {
        let f = size_faults(rule, wh);
        if alone {
            f == [which]
        } else {
            f.contains(&which)
        }
    };
    let find_pair =
        |search: &dyn Fn(bool) -> Option<(Wh, Wh)>| search(true).or_else(|| search(false));
    // Sides: the bound on one side, some other side that keeps the edge valid.
    for (name, bounds, is_width) in [("width", rule.width, true), ("height", rule.height, false)] {
        let make = |v: u64, other: u64| if is_width { (v, other) } else { (other, v) };
        let other_of = |(w, h): Wh| if is_width { h } else { w };
        // With a step, the edge is the extreme multiple within the bound.
        let step = bounds.multiple_of.filter(|m| *m > 0).unwrap_or(1);
        for (which, bound, past) in [
            (
                "minimum",
                bounds.minimum.map(|m| m.div_ceil(step) * step),
                bounds.minimum.and_then(|m| m.checked_sub(1)),
            ),
            (
                "maximum",
                bounds.maximum.map(|m| m / step * step),
                bounds.maximum.map(|m| m + 1),
            ),
        ] {
            let Some(bound) = bound else { continue };
            // A side of 0 is no size at all (a format error): a minimum of 1 has no past.
            let pair = past.filter(|p| *p >= 1).and_then(|past| {
                find_pair(&|alone| {
                    let o = find_size(rule, |wh| {
                        ok(make(bound, other_of(wh)))
                            && breaks(make(past, other_of(wh)), name, alone)
                    })?;
                    Some((make(bound, other_of(o)), make(past, other_of(o))))
                })
            });
            out.push(Edge {
                name: format!("{name} {which} {bound}"),
                pair,
            });
        }
        // The step: a valid side, and one more.
        if step > 1 {
            let step_fault = if is_width {
                "width step"
            } else {
                "height step"
            };
            let pair = find_pair(&|alone| {
                let o = find_size(rule, |wh| {
                    let side = if is_width { wh.0 } else { wh.1 };
                    ok(wh) && {
                        let f = size_faults(rule, make(side + 1, other_of(wh)));
                        if alone {
                            f == [step_fault]
                        } else {
                            f.contains(&step_fault)
                        }
                    }
                })?;
                let side = if is_width { o.0 } else { o.1 };
                Some((o, make(side + 1, other_of(o))))
            });
            out.push(Edge {
                name: format!("{name} multipleOf {step}"),
                pair,
            });
        }
    }
    // Pixel area: a size with exactly that many pixels, then one row or column more or less.
    for (which, bound, grow) in [
        ("minimum", rule.pixels.minimum, false),
        ("maximum", rule.pixels.maximum, true),
    ] {
        let Some(bound) = bound else { continue };
        let pair = size_with_area(rule, bound).and_then(|(w, h)| {
            let past = if grow {
                [(w, h + 1), (w + 1, h)]
            } else {
                [(w, h.saturating_sub(1)), (w.saturating_sub(1), h)]
            };
            find_pair(&|alone| {
                past.into_iter()
                    .find(|p| p.0 >= 1 && p.1 >= 1 && breaks(*p, "pixels", alone))
                    .map(|p| ((w, h), p))
            })
        });
        out.push(Edge {
            name: format!("pixels {which} {bound}"),
            pair,
        });
    }
    // Aspect ratio: a multiple of the ratio, then a little narrower (below the minimum) or
    // wider (above the maximum).
    for (which, bound, wider) in [
        ("minimum", rule.aspect_ratio.minimum, false),
        ("maximum", rule.aspect_ratio.maximum, true),
    ] {
        let Some(r) = bound else { continue };
        let pair = find_pair(&|alone| {
            (1..=20_000u64).find_map(|k| {
                let edge = (r.width * k, r.height * k);
                let past = if wider {
                    (edge.0 + 1, edge.1)
                } else {
                    (edge.0, edge.1 + 1)
                };
                (ok(edge) && breaks(past, "aspect", alone)).then_some((edge, past))
            })
        });
        out.push(Edge {
            name: format!("aspect ratio {which} {}:{}", r.width, r.height),
            pair,
        });
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

/// `path`'s value, else its default (a `null` of a nullable property is absent).
fn effective(spec: &Spec, body: &Map<String, Value>, path: &str) -> Option<Value> {
    get(body, path)
        .filter(|v| !(v.is_null() && spec.property(path).is_some_and(|p| p.nullable)))
        .cloned()
        .or_else(|| spec.property(path)?.default.as_ref().map(literal_json))
}

/// Whether `body` gives `path` (a `null` of a nullable property does not).
fn given(spec: &Spec, body: &Map<String, Value>, path: &str) -> bool {
    get(body, path)
        .is_some_and(|v| !(v.is_null() && spec.property(path).is_some_and(|p| p.nullable)))
}

/// Whether a value is one of a rule's literals.
fn one_of(values: &[Literal], v: &Value) -> bool {
    values.iter().any(|l| literal_json(l) == *v)
}

/// Whether a rule's condition holds (so that the rule applies) for `body`.
fn fires(spec: &Spec, body: &Map<String, Value>, c: &Condition) -> bool {
    let holds = effective(spec, body, &c.path).is_some_and(|v| one_of(&c.values, &v));
    holds != c.negated
}

/// Sets the condition's property so that the rule applies (`apply`) or does not.
fn steer(spec: &Spec, body: &mut Map<String, Value>, c: &Condition, apply: bool) {
    let want_member = apply != c.negated;
    if want_member {
        if let Some(first) = c.values.first() {
            set(body, &c.path, literal_json(first));
        }
    } else if let Some(other) = spec
        .property(&c.path)
        .and_then(|p| other_value(p, &c.values))
    {
        set(body, &c.path, other);
    }
}

/// A valid value of `p` that is none of `not`.
fn other_value(p: &Property, not: &[Literal]) -> Option<Value> {
    let fresh = |v: &Value| !one_of(not, v);
    match &p.kind {
        Kind::Boolean => [json!(true), json!(false)].into_iter().find(fresh),
        Kind::Integer(r) => [integer_near(r, r.min()), integer_near(r, r.max())]
            .into_iter()
            .flatten()
            .map(|i| json!(i))
            .find(fresh),
        Kind::String(s) if !s.enum_values.is_empty() => {
            s.enum_values.iter().map(|v| json!(v)).find(fresh)
        }
        kind => kind_value(kind).filter(fresh),
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
            !fires(spec, body, when) || paths.iter().all(|p| given(spec, body, p))
        }
        Rule::Forbid { when, paths, .. } => {
            !fires(spec, body, when) || paths.iter().all(|p| !given(spec, body, p))
        }
        Rule::Exclusive { paths, .. } => paths.iter().filter(|p| given(spec, body, p)).count() <= 1,
        Rule::Allow {
            when, path, values, ..
        } => {
            !fires(spec, body, when)
                || effective(spec, body, path).is_none_or(|v| one_of(values, &v))
        }
    });
    let custom_ok = spec.custom_size.as_ref().is_none_or(|c| {
        match (
            get(body, &c.width).and_then(Value::as_u64),
            get(body, &c.height).and_then(Value::as_u64),
        ) {
            (Some(width), Some(height)) => {
                within(c.pixels, area((width, height)))
                    && aspect_within(c.aspect_ratio, (width, height))
            }
            _ => true,
        }
    });
    let table_ok = spec.size_table.as_ref().is_none_or(|t| {
        let text =
            |path: &str| effective(spec, body, path).and_then(|v| v.as_str().map(str::to_owned));
        match (text(&t.ratio), text(&t.tier)) {
            (Some(r), Some(tier)) => cell(t, &r, &tier).is_some(),
            _ => true,
        }
    });
    rules_hold && custom_ok && table_ok
}

/// The output width and height a valid `body` asks for, computed from the body's text and
/// the spec's numbers alone: the first of `[output] size` that the body determines.
pub fn expected_output(spec: &Spec, body: &Value) -> Option<Wh> {
    let body = body.as_object()?;
    // `512.0` is the integer 512 (JSON Schema's reading).
    let int = |path: &str| {
        let v = effective(spec, body, path)?;
        v.as_u64().or_else(|| {
            v.as_f64()
                .filter(|f| f.fract() == 0.0 && *f >= 1.0)
                .map(|f| f as u64)
        })
    };
    for source in &spec.output.size {
        match source {
            SizeSource::Property(path) => {
                let Some(value) = effective(spec, body, path) else {
                    continue;
                };
                let found = match spec.property(path).map(|p| &p.kind) {
                    Some(Kind::String(StringRule {
                        format: Some(StringFormat::Size(z)),
                        ..
                    })) => parse_size(value.as_str()?, z.separator),
                    Some(Kind::Size(z)) => match &value {
                        Value::String(name) => z
                            .presets
                            .iter()
                            .find(|(p, _)| p == name)
                            .map(|(_, d)| (d.width, d.height)),
                        Value::Object(o) => {
                            let side = |k: &str| {
                                let v = o.get(k)?;
                                v.as_u64().or_else(|| {
                                    v.as_f64()
                                        .filter(|f| f.fract() == 0.0 && *f >= 1.0)
                                        .map(|f| f as u64)
                                })
                            };
                            Some((side("width")?, side("height")?))
                        }
                        _ => None,
                    },
                    _ => None,
                };
                // A member that names no size (`auto`) leaves the output to the next source.
                if found.is_some() {
                    return found;
                }
            }
            SizeSource::Custom => {
                let c = spec.custom_size.as_ref()?;
                if let (Some(w), Some(h)) = (int(&c.width), int(&c.height)) {
                    return Some((w, h));
                }
            }
            SizeSource::Table => {
                let t = spec.size_table.as_ref()?;
                let text = |path: &str| {
                    effective(spec, body, path).and_then(|v| v.as_str().map(str::to_owned))
                };
                if let (Some(r), Some(tier)) = (text(&t.ratio), text(&t.tier)) {
                    return cell(t, &r, &tier);
                }
            }
        }
    }
    None
}

/// The cases derived from a spec, and the bounds it could derive no case for.
#[derive(Clone, Debug, Default)]
pub struct Derived {
    pub cases: Vec<Case>,
    /// A bound of the spec with no case at its edge and one past it (e.g. no size breaks a
    /// pixel bound alone). Tests fail on any: an untested bound must not pass silently.
    pub gaps: Vec<String>,
}

/// Every case derived from the spec (its gaps left out: see [`derive()`]).
pub fn cases(spec: &Spec) -> Vec<Case> {
    derive(spec).cases
}

/// Every case derived from the spec, with every bound it could not derive a case for.
pub fn derive(spec: &Spec) -> Derived {
    let mut out = Vec::new();
    let mut gaps = Vec::new();
    let base = minimal(spec);
    out.push(Case::valid("minimal body", base.clone()));
    model_cases(spec, &base, &mut out);
    for p in spec.walk() {
        if p.kind != Kind::Model {
            property_cases(spec, p, &base, &mut out, &mut gaps);
        }
    }
    rule_cases(spec, &base, &mut out, &mut gaps);
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
        expect: Expect::Invalid(vec![(Code::InvalidType, None)]),
    });
    out.push(Case {
        name: "body is a string".into(),
        body: json!("{}"),
        expect: Expect::Invalid(vec![(Code::InvalidType, None)]),
    });
    Derived { cases: out, gaps }
}

fn model_cases(spec: &Spec, base: &Map<String, Value>, out: &mut Vec<Case>) {
    if spec.routed_path().is_some() {
        // The endpoint path selects the spec: a body that names a model names an unknown
        // parameter.
        let mut b = base.clone();
        b.insert("model".into(), json!(spec.model_id));
        out.push(Case::invalid(
            "model in a body the endpoint path routes",
            b,
            Code::UnknownParameter,
            "model",
        ));
        return;
    }
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
    let nullable = spec
        .properties
        .iter()
        .any(|p| p.kind == Kind::Model && p.nullable);
    let mut b = base.clone();
    b.insert("model".into(), Value::Null);
    out.push(match (nullable, spec.model.default.is_some()) {
        (true, true) => Case::valid("model is null (nullable: the default)", b),
        (true, false) => Case::invalid(
            "model is null (nullable)",
            b,
            Code::MissingRequired,
            "model",
        ),
        (false, _) => Case::invalid("model is null", b, Code::InvalidType, "model"),
    });
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
        Kind::String(_) | Kind::Model | Kind::Size(_) => json!(12),
        _ => json!("12"),
    }
}

fn property_cases(
    spec: &Spec,
    p: &Property,
    base: &Map<String, Value>,
    out: &mut Vec<Case>,
    gaps: &mut Vec<String>,
) {
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
    if p.nullable {
        // `null` is absent: valid, and its default applies.
        out.push(Case::valid(
            format!("{path} is null (nullable)"),
            v(Value::Null),
        ));
    } else {
        out.push(Case::invalid(
            format!("{path} is null"),
            v(Value::Null),
            Code::InvalidType,
            path,
        ));
    }
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
            let expect = |i: i64| -> Expect {
                let faults = integer_faults(r, i);
                if faults.is_empty() {
                    Expect::Valid { dims: None }
                } else {
                    Expect::Invalid(
                        faults
                            .into_iter()
                            .map(|c| (c, Some(path.to_owned())))
                            .collect(),
                    )
                }
            };
            let mut push = |name: String, i: i64| {
                out.push(Case {
                    name,
                    body: Value::Object(v(json!(i))),
                    expect: expect(i),
                })
            };
            let (first, last) = (integer_near(r, r.min()), integer_near(r, r.max()));
            if let (Some(first), Some(last)) = (first, last) {
                push(format!("{path} = smallest valid {first}"), first);
                push(format!("{path} = largest valid {last}"), last);
                if let Some(step) = r.multiple_of.filter(|s| *s > 1) {
                    push(
                        format!("{path} = {first} + 1 (off the step {step})"),
                        first + 1,
                    );
                }
            } else {
                gaps.push(format!("{path}: no valid integer"));
            }
            push(format!("{path} = minimum - 1"), r.min() - 1);
            push(format!("{path} = maximum + 1"), r.max() + 1);
            if let Some(first) = first {
                out.push(Case::valid(
                    format!("{path} = {first}.0 (an integer written as a float)"),
                    v(json!(first as f64)),
                ));
            }
            let past_code = if r.fixed().is_some() {
                Code::InvalidValue
            } else {
                Code::OutOfRange
            };
            // A fraction f64 can still represent: near ±2^53 it could not.
            let fraction = if (r.min()..=r.max()).contains(&0) {
                0.5
            } else {
                r.min() as f64 + 0.5
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
        Kind::Number(r) => number_cases(path, r, &v, out, gaps),
        Kind::Size(z) => preset_size_cases(path, z, &v, out, gaps),
        Kind::String(r) => string_cases(path, r, &v, out, gaps),
        Kind::Array(a) => {
            let item = kind_value(&a.items).unwrap_or(Value::Null);
            let min = a.min_items.unwrap_or(0);
            if min > 0 {
                let n = usize::try_from(min).unwrap_or(usize::MAX).min(10_000);
                out.push(Case::valid(
                    format!("{path} with minItems {min} items"),
                    v(json!(vec![item.clone(); n])),
                ));
                out.push(Case::invalid(
                    format!("{path} with minItems - 1 items"),
                    v(json!(vec![item.clone(); n - 1])),
                    Code::TooFewItems,
                    path,
                ));
            }
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
            if min == 0 {
                out.push(Case::valid(format!("{path} empty"), v(json!([]))));
            }
            // Items after the first fill the array to its minimum.
            let filler = vec![item.clone(); usize::try_from(min.saturating_sub(1)).unwrap_or(0)];
            let items_with = |x: Value| {
                let mut list = vec![x];
                list.extend(filler.iter().cloned());
                json!(list)
            };
            let item_path = format!("{path}[0]");
            out.push(Case::invalid(
                format!("{item_path} has the wrong type"),
                v(items_with(wrong_type(&a.items))),
                Code::InvalidType,
                &item_path,
            ));
            let mut items = Vec::new();
            match &*a.items {
                Kind::String(r) => string_cases(&item_path, r, &items_with, &mut items, gaps),
                Kind::Number(r) => number_cases(&item_path, r, &items_with, &mut items, gaps),
                _ => {}
            }
            out.extend(items.into_iter().map(|c| Case {
                body: Value::Object(v(c.body)),
                ..c
            }));
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

fn string_cases<B>(
    path: &str,
    r: &StringRule,
    v: &dyn Fn(Value) -> B,
    out: &mut Vec<Case>,
    gaps: &mut Vec<String>,
) where
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
        expect: Expect::Invalid(vec![(code, Some(path.to_owned()))]),
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
    if let Some(min) = r.min_length.filter(|m| *m > 0) {
        let n = usize::try_from(min).unwrap_or(usize::MAX).min(1 << 20);
        // Four bytes per character: a byte count would accept the short one.
        out.push(mk_valid(
            format!("{path} of minLength {min} characters"),
            v(json!("🙂".repeat(n))),
        ));
        out.push(mk_invalid(
            format!("{path} of minLength - 1 characters"),
            v(json!("🙂".repeat(n - 1))),
            Code::TooShort,
        ));
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
            for edge in size_edges(z) {
                let Some((at, past)) = edge.pair else {
                    gaps.push(format!(
                        "{path}: no size at the edge of its {} breaks it alone one past it",
                        edge.name
                    ));
                    continue;
                };
                out.push(mk_valid(
                    format!("{path}: {} ({})", edge.name, size_text(z, at)),
                    v(json!(size_text(z, at))),
                ));
                out.push(Case {
                    name: format!("{path}: one past {} ({})", edge.name, size_text(z, past)),
                    body: v(json!(size_text(z, past))).into(),
                    expect: Expect::Invalid(size_violations(&size_faults(z, past), path)),
                });
            }
            match oblong_size(z) {
                Some((w, h)) => {
                    for wh in [(w, h), (h, w)] {
                        let fits = size_faults(z, wh).is_empty();
                        let name =
                            format!("{path} = {} (width and height differ)", size_text(z, wh));
                        if fits {
                            out.push(mk_valid(name, v(json!(size_text(z, wh)))));
                        }
                    }
                }
                None => gaps.push(format!(
                    "{path}: no valid size whose width and height differ"
                )),
            }
            let (gw, gh) = any_size(z).unwrap_or((1, 1));
            let other_sep = if z.separator == 'x' { '*' } else { 'x' };
            for bad in [
                "capspec-not-a-size".to_owned(),
                gw.to_string(),
                format!("{gw}{}", z.separator),
                format!("0{gw}{}{gh}", z.separator),
                format!("{gw}{other_sep}{gh}"),
                format!("{gw} {} {gh}", z.separator),
            ] {
                out.push(mk_invalid(
                    format!("{path} = {bad:?} (bad format)"),
                    v(json!(bad)),
                    Code::InvalidFormat,
                ));
            }
        }
        Some(StringFormat::Size(z)) => {
            if let Some((w, h)) = r
                .enum_values
                .first()
                .and_then(|e| parse_size(e, z.separator))
            {
                let off = (w + 1, h);
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
                (
                    "URL on a local network name",
                    "https://storage.internal/a.png",
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
                // Parsers disagree on its host: only the canonical text is accepted.
                (
                    "URL with a backslash before @",
                    "http://example.com\\@169.254.169.254/",
                    Some(Code::InvalidFormat),
                ),
                (
                    "URL not in canonical form",
                    "https://example.com",
                    Some(Code::InvalidFormat),
                ),
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

/// A number's bounds at the edge and one past (exclusive bounds: the bound itself), its
/// step, and an integer written as such.
fn number_cases<B>(
    path: &str,
    r: &NumberRule,
    v: &dyn Fn(Value) -> B,
    out: &mut Vec<Case>,
    gaps: &mut Vec<String>,
) where
    B: Into<Value>,
{
    let case = |name: String, x: f64| -> Case {
        let faults = number_faults(r, x);
        Case {
            name,
            body: v(json!(x)).into(),
            expect: if faults.is_empty() {
                Expect::Valid { dims: None }
            } else {
                Expect::Invalid(
                    faults
                        .into_iter()
                        .map(|c| (c, Some(path.to_owned())))
                        .collect(),
                )
            },
        }
    };
    // The smallest difference worth testing: a step, else a small fraction.
    let nudge = r.multiple_of.unwrap_or(0.001);
    for (name, bound, inside) in [("minimum", r.minimum, 1.0), ("maximum", r.maximum, -1.0)] {
        if let Some(b) = bound {
            out.push(case(format!("{path} = {name} {b}"), b));
            out.push(case(
                format!("{path} = {name} {b} past by {nudge}"),
                b - inside * nudge,
            ));
        }
    }
    for (name, bound, inside) in [
        ("exclusiveMinimum", r.exclusive_minimum, 1.0),
        ("exclusiveMaximum", r.exclusive_maximum, -1.0),
    ] {
        if let Some(b) = bound {
            out.push(case(format!("{path} = {name} {b} (excluded)"), b));
            out.push(case(
                format!("{path} = {name} {b} within by {nudge}"),
                b + inside * nudge,
            ));
        }
    }
    match number_near(r, 1.0) {
        Some(x) => {
            if let Some(m) = r.multiple_of {
                out.push(case(
                    format!("{path} = {x} + half the step {m}"),
                    x + m / 2.0,
                ));
            }
            // The same value as a float and, where integral, as an integer.
            out.push(case(format!("{path} = {x}"), x));
            if x.fract() == 0.0 {
                out.push(Case {
                    name: format!("{path} = {x} written as an integer"),
                    body: v(json!(x as i64)).into(),
                    expect: Expect::Valid { dims: None },
                });
            }
        }
        None => gaps.push(format!("{path}: no valid number")),
    }
}

/// A size given as a preset or an object: each preset (with its size), a non-preset, the
/// object's bounds at the edge and one past (sides at `<path>.width`/`.height`, area and
/// aspect at the path), a missing side, a side of the wrong type, an unknown member.
fn preset_size_cases<B>(
    path: &str,
    z: &SizeChoiceRule,
    v: &dyn Fn(Value) -> B,
    out: &mut Vec<Case>,
    gaps: &mut Vec<String>,
) where
    B: Into<Value>,
{
    let object = |(w, h): Wh| json!({"width": w, "height": h});
    // Each case's output size (the preset's, the object's) is checked where the property is
    // the spec's output, by `expected_output`.
    for (name, _) in &z.presets {
        out.push(Case::valid_value(
            format!("{path} = preset {name:?}"),
            v(json!(name)).into(),
        ));
    }
    out.push(Case {
        name: format!("{path} is not a preset"),
        body: v(json!("capspec-not-a-preset")).into(),
        expect: Expect::Invalid(vec![(Code::InvalidValue, Some(path.to_owned()))]),
    });
    let mut rule = z.object_rule();
    // A side of an object is at least 1 pixel.
    for b in [&mut rule.width, &mut rule.height] {
        b.minimum = Some(b.minimum.unwrap_or(1).max(1));
    }
    let violations = |wh: Wh| -> Vec<(Code, Option<String>)> {
        let faults = size_faults(&rule, wh);
        let sides: Vec<(Code, Option<String>)> = faults
            .iter()
            .filter_map(|f| {
                let (code, side) = match *f {
                    "width" => (Code::OutOfRange, "width"),
                    "height" => (Code::OutOfRange, "height"),
                    "width step" => (Code::NotMultipleOf, "width"),
                    "height step" => (Code::NotMultipleOf, "height"),
                    _ => return None,
                };
                Some((code, Some(format!("{path}.{side}"))))
            })
            .collect();
        // Area and aspect are judged once both sides are valid.
        if sides.is_empty() {
            size_violations(&faults, path)
        } else {
            sides
        }
    };
    let mut valid_object = None;
    for edge in size_edges(&rule) {
        // A side of 0 is a whole number below every minimum: its case is below.
        if edge.pair.is_none() && edge.name.ends_with("minimum 1") {
            continue;
        }
        let Some((at, past)) = edge.pair else {
            gaps.push(format!(
                "{path}: no object at the edge of its {} breaks it alone one past it",
                edge.name
            ));
            continue;
        };
        valid_object = Some(at);
        out.push(Case {
            name: format!("{path}: object at {} ({}x{})", edge.name, at.0, at.1),
            body: v(object(at)).into(),
            expect: Expect::Valid { dims: None },
        });
        out.push(Case {
            name: format!(
                "{path}: object one past {} ({}x{})",
                edge.name, past.0, past.1
            ),
            body: v(object(past)).into(),
            expect: Expect::Invalid(violations(past)),
        });
    }
    let Some((w, h)) = valid_object.or_else(|| any_size(&rule)) else {
        gaps.push(format!("{path}: no valid object"));
        return;
    };
    match oblong_size(&rule) {
        Some((a, b)) => {
            for wh in [(a, b), (b, a)] {
                if size_faults(&rule, wh).is_empty() {
                    out.push(Case {
                        name: format!("{path}: object {}x{} (sides differ)", wh.0, wh.1),
                        body: v(object(wh)).into(),
                        expect: Expect::Valid { dims: None },
                    });
                }
            }
        }
        None => gaps.push(format!("{path}: no valid object whose sides differ")),
    }
    let invalid = |name: String, value: Value, code: Code, param: String| Case {
        name,
        body: v(value).into(),
        expect: Expect::Invalid(vec![(code, Some(param))]),
    };
    for side in ["width", "height"] {
        let mut o = json!({"width": w, "height": h});
        o[side] = json!(0);
        out.push(invalid(
            format!("{path}: object with {side} 0"),
            o,
            Code::OutOfRange,
            format!("{path}.{side}"),
        ));
    }
    out.push(invalid(
        format!("{path}: object without height"),
        json!({"width": w}),
        Code::MissingRequired,
        format!("{path}.height"),
    ));
    out.push(invalid(
        format!("{path}: object with a string width"),
        json!({"width": w.to_string(), "height": h}),
        Code::InvalidType,
        format!("{path}.width"),
    ));
    out.push(invalid(
        format!("{path}: object with an unknown member"),
        json!({"width": w, "height": h, "capspec_unknown": 1}),
        Code::UnknownParameter,
        format!("{path}.capspec_unknown"),
    ));
    out.push(Case {
        name: format!("{path}: object with sides written as floats"),
        body: v(json!({"width": w as f64, "height": h as f64})).into(),
        expect: Expect::Valid { dims: None },
    });
}

fn rule_cases(spec: &Spec, base: &Map<String, Value>, out: &mut Vec<Case>, gaps: &mut Vec<String>) {
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
            Rule::Allow {
                when, path, values, ..
            } => allow_cases(spec, base, when, path, values, out),
        }
    }
    if let Some(c) = &spec.custom_size {
        custom_size_cases(spec, c, base, out, gaps);
    }
}

/// An `allow` rule: when it applies, each value of the property (allowed or not), and the
/// property absent (its default, allowed or not); when it does not, a value it would reject.
fn allow_cases(
    spec: &Spec,
    base: &Map<String, Value>,
    when: &Condition,
    path: &str,
    values: &[Literal],
    out: &mut Vec<Case>,
) {
    let Some(prop) = spec.property(path) else {
        return;
    };
    let mut candidates: Vec<Value> = values.iter().map(literal_json).collect();
    match &prop.kind {
        Kind::String(r) if !r.enum_values.is_empty() => {
            candidates.extend(r.enum_values.iter().map(|v| json!(v)));
        }
        Kind::Boolean => candidates.extend([json!(true), json!(false)]),
        _ => candidates.extend(other_value(prop, values)),
    }
    let mut seen = Vec::new();
    for value in candidates {
        if seen.contains(&value) {
            continue;
        }
        seen.push(value.clone());
        let mut b = base.clone();
        steer(spec, &mut b, when, true);
        let b = with(spec, &b, path, value.clone());
        let allowed = one_of(values, &value);
        out.push(Case {
            name: format!("when {when}: {path} = {value}"),
            body: Value::Object(b.clone()),
            expect: if allowed {
                Expect::Valid { dims: None }
            } else {
                Expect::Invalid(vec![(Code::InvalidValue, Some(path.to_owned()))])
            },
        });
        if !allowed {
            let mut off = b;
            steer(spec, &mut off, when, false);
            out.push(Case::valid(format!("unless {when}: {path} = {value}"), off));
        }
    }
    let mut b = base.clone();
    steer(spec, &mut b, when, true);
    remove(&mut b, path);
    let default_ok = prop
        .default
        .as_ref()
        .is_none_or(|d| one_of(values, &literal_json(d)));
    out.push(Case {
        name: format!("when {when}: {path} absent"),
        body: Value::Object(b),
        expect: if default_ok {
            Expect::Valid { dims: None }
        } else {
            Expect::Invalid(vec![(Code::MissingRequired, Some(path.to_owned()))])
        },
    });
}

/// The two integer sides of a custom size as a free size rule: their own bounds, and the
/// pair's area and aspect bounds.
fn custom_rule(spec: &Spec, c: &CustomSize) -> SizeRule {
    let side = |path: &str| match spec.property(path).map(|p| &p.kind) {
        Some(Kind::Integer(r)) => Bounds {
            minimum: u64::try_from(r.min()).ok(),
            maximum: u64::try_from(r.max()).ok(),
            multiple_of: r.multiple_of.and_then(|m| u64::try_from(m).ok()),
        },
        _ => Bounds::default(),
    };
    SizeRule {
        separator: 'x',
        width: side(&c.width),
        height: side(&c.height),
        pixels: c.pixels,
        aspect_ratio: c.aspect_ratio,
    }
}

/// A custom size whose sides differ (both orders), and its area and aspect bounds at the edge
/// and one past, where they are reported at the width.
fn custom_size_cases(
    spec: &Spec,
    c: &CustomSize,
    base: &Map<String, Value>,
    out: &mut Vec<Case>,
    gaps: &mut Vec<String>,
) {
    let rule = custom_rule(spec, c);
    let body = |(w, h): Wh| {
        let mut b = with(spec, base, &c.width, json!(w));
        b = with(spec, &b, &c.height, json!(h));
        set(&mut b, &c.width, json!(w));
        Value::Object(b)
    };
    match oblong_size(&rule) {
        Some((w, h)) => {
            for wh in [(w, h), (h, w)] {
                if size_faults(&rule, wh).is_empty() {
                    out.push(Case {
                        name: format!("custom size {}x{}", wh.0, wh.1),
                        body: body(wh),
                        expect: Expect::Valid { dims: Some(wh) },
                    });
                }
            }
        }
        None => gaps.push(format!(
            "custom size {} × {}: no valid size whose sides differ",
            c.width, c.height
        )),
    }
    for edge in size_edges(&rule) {
        // The sides' own bounds are the integer properties' cases.
        if edge.name.starts_with("width") || edge.name.starts_with("height") {
            continue;
        }
        let Some((at, past)) = edge.pair else {
            gaps.push(format!(
                "custom size {} × {}: no size at its {} breaks it alone one past it",
                c.width, c.height, edge.name
            ));
            continue;
        };
        out.push(Case {
            name: format!("custom size at {} ({}x{})", edge.name, at.0, at.1),
            body: body(at),
            expect: Expect::Valid { dims: Some(at) },
        });
        out.push(Case {
            name: format!("custom size one past {} ({}x{})", edge.name, past.0, past.1),
            body: body(past),
            expect: Expect::Invalid(custom_violations(&size_faults(&rule, past), c)),
        });
    }
}

/// The violations of a custom size with `faults`: a side out of its range at that side (the
/// pair's area and aspect are then not judged), else area and aspect at the width.
fn custom_violations(faults: &[&str], c: &CustomSize) -> Vec<(Code, Option<String>)> {
    let sides: Vec<(Code, Option<String>)> = faults
        .iter()
        .filter_map(|f| match *f {
            "width" => Some((Code::OutOfRange, Some(c.width.clone()))),
            "height" => Some((Code::OutOfRange, Some(c.height.clone()))),
            "width step" => Some((Code::NotMultipleOf, Some(c.width.clone()))),
            "height step" => Some((Code::NotMultipleOf, Some(c.height.clone()))),
            _ => None,
        })
        .collect();
    if sides.is_empty() {
        size_violations(faults, &c.width)
    } else {
        sides
    }
}

/// The size-table cell of a ratio and tier, read from the table's rows.
fn cell(t: &SizeTable, ratio: &str, tier: &str) -> Option<Wh> {
    let (_, row) = t.cells.iter().find(|(r, _)| r == ratio)?;
    row.iter()
        .find(|(t, _)| t == tier)
        .map(|(_, d)| (d.width, d.height))
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
                expect: Expect::Valid {
                    dims: Some((dims.width, dims.height)),
                },
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
                dims: cell(t, &dr, &dt),
            },
        });
        for (ratio, _) in &t.cells {
            let mut b = base.clone();
            set(&mut b, &t.ratio, json!(ratio));
            out.push(Case {
                name: format!("{} = {ratio} alone", t.ratio),
                body: Value::Object(b),
                expect: Expect::Valid {
                    dims: cell(t, ratio, &dt),
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
            match &p.kind {
                Kind::String(r) => values.extend(r.enum_values.iter().cloned()),
                Kind::Size(z) => values.extend(z.presets.iter().map(|(n, _)| n.clone())),
                _ => {}
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
            let pick = (min as i128 + offset) as i64;
            match integer_near(r, pick) {
                Some(i) => json!(i),
                None => valid_value(p),
            }
        }
        Kind::Number(r) => {
            let lo = r.minimum.or(r.exclusive_minimum).unwrap_or(-100.0);
            let hi = r.maximum.or(r.exclusive_maximum).unwrap_or(100.0);
            let t = (rng.below(1001) as f64) / 1000.0;
            match number_near(r, lo + (hi - lo) * t) {
                Some(x) => json!(x),
                None => valid_value(p),
            }
        }
        Kind::Size(z) => {
            if rng.chance(1, 2) {
                json!(rng.pick(&z.presets).map(|(n, _)| n.clone()))
            } else {
                let rule = z.object_rule();
                let sides = side_candidates(&rule);
                let found = (0..64).find_map(|_| {
                    let wh = (*rng.pick(&sides)?, *rng.pick(&sides)?);
                    size_faults(&rule, wh).is_empty().then_some(wh)
                });
                match found.or_else(|| any_size(&rule)) {
                    Some((w, h)) => json!({"width": w, "height": h}),
                    None => valid_value(p),
                }
            }
        }
        Kind::String(r) if !r.enum_values.is_empty() => json!(rng.pick(&r.enum_values)),
        Kind::String(StringRule {
            format: Some(StringFormat::Size(z)),
            ..
        }) => {
            let sides = side_candidates(z);
            let found = (0..64).find_map(|_| {
                let wh = (*rng.pick(&sides)?, *rng.pick(&sides)?);
                size_faults(z, wh).is_empty().then_some(wh)
            });
            match found.or_else(|| any_size(z)) {
                Some(d) => json!(size_text(z, d)),
                None => valid_value(p),
            }
        }
        Kind::String(StringRule {
            max_length,
            min_length,
            ..
        }) => {
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
            let min = min_length.map_or(0, |m| usize::try_from(m).unwrap_or(usize::MAX));
            while s.chars().count() < min {
                s.push('x');
            }
            json!(s.chars().take(limit).collect::<String>())
        }
        Kind::Array(a) => {
            let min = a.min_items.unwrap_or(0);
            let n = min + rng.below(a.max_items.unwrap_or(4).min(4).saturating_sub(min) + 1);
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
        (Kind::Number(r), 0) => json!(r.maximum.or(r.exclusive_maximum).unwrap_or(1e300) + 1.0),
        (Kind::Size(_), 0) => json!({"width": 0, "height": 0}),
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
            if spec.routed_path().is_none()
                && let Some(name) = rng.pick(&spec.model.names)
            {
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

/// Whether `bytes` are one JSON value in which some object gives a key twice. (A parsed
/// `Value` keeps one copy of a repeated key, so only bytes can show it.) Malformed bytes are
/// `false`.
pub fn repeats_a_key(bytes: &[u8]) -> bool {
    use serde::de::{Deserializer, MapAccess, SeqAccess, Visitor};
    struct Walk;
    impl<'de> Visitor<'de> for Walk {
        type Value = bool;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("JSON")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
            let mut keys = std::collections::HashSet::new();
            let mut repeated = false;
            while let Some(key) = map.next_key::<String>()? {
                repeated |= !keys.insert(key);
                repeated |= map.next_value_seed(Walk)?;
            }
            Ok(repeated)
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<bool, A::Error> {
            let mut repeated = false;
            while let Some(r) = seq.next_element_seed(Walk)? {
                repeated |= r;
            }
            Ok(repeated)
        }
        fn visit_bool<E>(self, _: bool) -> Result<bool, E> {
            Ok(false)
        }
        fn visit_i64<E>(self, _: i64) -> Result<bool, E> {
            Ok(false)
        }
        fn visit_u64<E>(self, _: u64) -> Result<bool, E> {
            Ok(false)
        }
        fn visit_f64<E>(self, _: f64) -> Result<bool, E> {
            Ok(false)
        }
        fn visit_str<E>(self, _: &str) -> Result<bool, E> {
            Ok(false)
        }
        fn visit_unit<E>(self) -> Result<bool, E> {
            Ok(false)
        }
    }
    impl<'de> serde::de::DeserializeSeed<'de> for Walk {
        type Value = bool;
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
            d.deserialize_any(self)
        }
    }
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let repeated = serde::de::DeserializeSeed::deserialize(Walk, &mut de);
    matches!((repeated, de.end()), (Ok(true), Ok(())))
}

/// The oracles the fuzzer and the property tests hold a validator to, beyond "no panic": a
/// body that parses as a `Value` and repeats no key gets the same result from its bytes and
/// from the `Value`; a valid request's normalized body (`normalize`) is valid and normalizes
/// to itself. `Err` says which broke. The closures return owned results (`into_owned`), as
/// a generic closure cannot return a value borrowing its argument.
pub fn oracle<T, E>(
    bytes: &[u8],
    from_slice: impl Fn(&[u8]) -> Result<T, E>,
    from_value: impl Fn(&Value) -> Result<T, E>,
    normalize: impl Fn(&T) -> Vec<u8>,
) -> Result<(), String>
where
    T: PartialEq + std::fmt::Debug,
    E: PartialEq + std::fmt::Debug,
{
    let from_bytes = from_slice(bytes);
    if let Ok(value) = serde_json::from_slice::<Value>(bytes)
        && !repeats_a_key(bytes)
    {
        let parsed = from_value(&value);
        if parsed != from_bytes {
            return Err(format!(
                "bytes and value disagree: {from_bytes:?} vs {parsed:?}"
            ));
        }
    }
    if let Ok(request) = &from_bytes {
        let normalized = normalize(request);
        match from_slice(&normalized) {
            Ok(again) if normalize(&again) == normalized => {}
            Ok(_) => return Err("normalizing twice changes the body".into()),
            Err(e) => return Err(format!("a normalized request is invalid: {e:?}")),
        }
    }
    Ok(())
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
                multiple_of: None,
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
        assert_eq!(edges.len(), 4);
        for Edge { name, pair } in edges {
            let (edge, past) = pair.unwrap_or_else(|| panic!("{name}: no pair"));
            assert!(size_faults(&z, edge).is_empty(), "{name}: {edge:?}");
            assert_eq!(size_faults(&z, past).len(), 1, "{name}: {past:?}");
        }
    }

    #[test]
    fn a_bound_other_bounds_imply_is_tested_with_them() {
        // 512x512 pixels at least, with sides of at least 512: one past the pixel bound also
        // breaks a side bound.
        let z = SizeRule {
            width: Bounds {
                minimum: Some(512),
                maximum: Some(2048),
                multiple_of: None,
            },
            height: Bounds {
                minimum: Some(512),
                maximum: Some(2048),
                multiple_of: None,
            },
            pixels: Bounds {
                minimum: Some(512 * 512),
                maximum: None,
                multiple_of: None,
            },
            ..rule()
        };
        let edge = size_edges(&z)
            .into_iter()
            .find(|e| e.name.starts_with("pixels"))
            .unwrap();
        let (at, past) = edge.pair.unwrap();
        assert_eq!(at, (512, 512));
        assert!(
            size_faults(&z, past).contains(&"pixels") && size_faults(&z, past).len() == 2,
            "{past:?}"
        );
    }

    #[test]
    fn sizes_parse_as_the_format_says() {
        assert_eq!(parse_size("1024x768", 'x'), Some((1024, 768)));
        for bad in [
            "",
            "x",
            "1024",
            "1024x",
            "x768",
            "01024x768",
            "0x1",
            "+1x1",
            "1 x1",
            "1x1x1",
            "1*1",
        ] {
            assert_eq!(parse_size(bad, 'x'), None, "{bad:?}");
        }
    }
}
