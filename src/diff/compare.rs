//! The structural comparison: what changed between two versions' IR, each change as a check,
//! a parameter and a message, with bodies worth trying as its witness.

use serde_json::{Value, json};

use super::checks::Check;
use crate::Registry;
use crate::spec::{
    Bounds, Dims, IntegerRule, Kind, Literal, NumberRule, Property, RatioBounds, Rule,
    SizeChoiceRule, SizeRule, Spec, StringFormat, StringRule,
};

/// A change found by comparing the IR.
#[derive(Clone, Debug)]
pub struct Finding {
    pub spec: String,
    pub check: Check,
    pub param: Option<String>,
    pub message: String,
    /// Bodies to try first as the witness (OLD's corpus follows).
    pub candidates: Vec<Value>,
    /// For a rule, its position in its spec's `[[rules]]` (to point at it).
    pub rule: Option<usize>,
}

/// What one spec's comparison collects.
struct Found<'s> {
    old: &'s Spec,
    out: Vec<Finding>,
}

impl Found<'_> {
    fn push(&mut self, check: Check, param: Option<&str>, message: String) {
        self.out.push(Finding {
            spec: self.old.id.clone(),
            check,
            param: param.map(str::to_owned),
            message,
            candidates: Vec::new(),
            rule: None,
        });
    }

    /// A finding whose witness is worth trying with `param` set to `value` in OLD's minimal
    /// body (room made for it).
    fn push_with(&mut self, check: Check, param: &str, message: String, value: Value) {
        let minimal = capspec_corpus::minimal(self.old);
        let body = capspec_corpus::with(self.old, &minimal, param, value);
        self.push(check, Some(param), message);
        if let Some(f) = self.out.last_mut() {
            f.candidates.push(Value::Object(body));
        }
    }
}

/// Every structural change from `old` to `new`.
pub fn compare(old: &Registry, new: &Registry) -> Vec<Finding> {
    let mut out = Vec::new();
    for o in old.specs() {
        match new.spec(&o.id) {
            None => {
                let body = Value::Object(capspec_corpus::minimal(o));
                out.push(Finding {
                    spec: o.id.clone(),
                    check: Check::SpecRemoved,
                    param: None,
                    message: format!("spec {} is gone: its model names no longer route", o.id),
                    candidates: vec![body],
                    rule: None,
                });
            }
            Some(n) => {
                let mut found = Found {
                    old: o,
                    out: Vec::new(),
                };
                spec(&mut found, o, n);
                out.append(&mut found.out);
            }
        }
    }
    for n in new.specs() {
        if old.spec(&n.id).is_none() {
            out.push(Finding {
                spec: n.id.clone(),
                check: Check::SpecAdded,
                param: None,
                message: format!("spec {} is new", n.id),
                candidates: Vec::new(),
                rule: None,
            });
        }
    }
    default_models(old, new, &mut out);
    out
}

/// A provider's default model: the name a body without `model` routes to.
fn default_models(old: &Registry, new: &Registry, out: &mut Vec<Finding>) {
    for provider in old.providers() {
        let default = |r: &Registry| -> Option<(String, String)> {
            r.specs()
                .iter()
                .filter(|s| s.provider == provider)
                .find_map(|s| Some((s.model.default.clone()?, s.id.clone())))
        };
        let (before, after) = (default(old), default(new));
        if before == after {
            continue;
        }
        let Some((name, id)) = &before else {
            continue;
        };
        let Some(spec) = old.spec(id) else { continue };
        let mut body = capspec_corpus::minimal(spec);
        body.shift_remove("model");
        let now = after.map_or(
            "no default: such a body is rejected".to_owned(),
            |(n, i)| format!("now {n} ({i})"),
        );
        out.push(Finding {
            spec: id.clone(),
            check: Check::DefaultModelChanged,
            param: Some("model".to_owned()),
            message: format!("a {provider} body without `model` went to {name} ({id}); {now}"),
            candidates: vec![Value::Object(body)],
            rule: None,
        });
    }
}

fn spec(f: &mut Found<'_>, o: &Spec, n: &Spec) {
    for name in &o.model.names {
        if !n.model.names.contains(name) {
            let mut body = capspec_corpus::minimal(o);
            body.insert("model".into(), json!(name));
            f.push(
                Check::ModelNameRemoved,
                Some("model"),
                format!("model name {name:?} no longer routes to {}", o.id),
            );
            if let Some(last) = f.out.last_mut() {
                last.candidates.push(Value::Object(body));
            }
        }
    }
    for name in &n.model.names {
        if !o.model.names.contains(name) {
            f.push(
                Check::ModelNameAdded,
                Some("model"),
                format!("model name {name:?} routes to {}", o.id),
            );
        }
    }
    metadata(f, o, n);
    // Parameters, by path.
    let (old_props, new_props) = (o.walk(), n.walk());
    for p in &old_props {
        match new_props.iter().find(|q| q.path == p.path) {
            None => {
                let value = capspec_corpus::valid_value(p);
                f.push_with(
                    Check::ParamRemoved,
                    &p.path,
                    format!("`{}` is no longer a parameter", p.path),
                    value,
                );
            }
            Some(q) => property(f, p, q),
        }
    }
    for q in &new_props {
        if !old_props.iter().any(|p| p.path == q.path) {
            if q.required {
                f.push(
                    Check::ParamRequired,
                    Some(&q.path),
                    format!("`{}` is a new required parameter", q.path),
                );
            } else {
                f.push(
                    Check::ParamAdded,
                    Some(&q.path),
                    format!("`{}` is a new parameter", q.path),
                );
            }
        }
    }
    rules(f, o, n);
    size_table(f, o, n);
    custom_size(f, o, n);
    routing(f, o, n);
    files(f, o, n);
    if o.output != n.output {
        f.push(
            Check::OutputChanged,
            None,
            format!(
                "`[output]` changed: count {} → {}, size from {} → {}",
                o.output.count.as_deref().unwrap_or("1"),
                n.output.count.as_deref().unwrap_or("1"),
                sources(&o.output.size),
                sources(&n.output.size)
            ),
        );
    }
}

fn sources(s: &[crate::spec::SizeSource]) -> String {
    let list: Vec<String> = s
        .iter()
        .map(|s| match s {
            crate::spec::SizeSource::Property(p) => p.clone(),
            crate::spec::SizeSource::Table => "size_table".to_owned(),
            crate::spec::SizeSource::Custom => "custom_size".to_owned(),
        })
        .collect();
    format!("[{}]", list.join(", "))
}

fn metadata(f: &mut Found<'_>, o: &Spec, n: &Spec) {
    let (a, b) = (&o.model, &n.model);
    let mut changed = Vec::new();
    let mut note = |what: &str, same: bool| {
        if !same {
            changed.push(what.to_owned());
        }
    };
    note("name", a.name == b.name);
    note("description", a.description == b.description);
    note("owned_by", a.owned_by == b.owned_by);
    note("released", a.released == b.released);
    note("category", a.category == b.category);
    note("endpoint", a.endpoint == b.endpoint);
    note("response", a.response == b.response);
    note(
        "modalities",
        a.input_modalities == b.input_modalities && a.output_modalities == b.output_modalities,
    );
    note("features", a.features == b.features);
    note("region", a.region == b.region);
    note("sources", o.source == n.source && a.source == b.source);
    for p in o.walk() {
        if let Some(q) = n.property(&p.path) {
            let same = p.title == q.title
                && p.description == q.description
                && p.source == q.source
                && p.examples == q.examples;
            note(&format!("`{}` docs", p.path), same);
        }
    }
    if !changed.is_empty() {
        f.push(
            Check::MetadataChanged,
            None,
            format!("metadata changed: {}", changed.join(", ")),
        );
    }
    if o.price != n.price {
        let state = |p: &Option<crate::spec::Price>| match p {
            None => "none".to_owned(),
            Some(p) => format!("per {}", p.unit),
        };
        f.push(
            Check::PricingChanged,
            None,
            format!(
                "pricing changed (before: {}; now: {})",
                state(&o.price),
                state(&n.price)
            ),
        );
    }
}

fn literal(l: &Option<Literal>) -> String {
    l.as_ref().map_or("none".to_owned(), ToString::to_string)
}

fn property(f: &mut Found<'_>, p: &Property, q: &Property) {
    let path = p.path.as_str();
    match (p.required, q.required) {
        (false, true) => f.push(
            Check::ParamRequired,
            Some(path),
            format!("`{path}` is required now"),
        ),
        (true, false) => f.push(
            Check::ParamOptional,
            Some(path),
            format!("`{path}` is optional now"),
        ),
        _ => {}
    }
    // A `null` model matters only where the spec has a default for it to stand for.
    let null_matters = p.kind != Kind::Model || f.old.model.default.is_some();
    match (p.nullable, q.nullable) {
        _ if !null_matters => {}
        (true, false) => f.push_with(
            Check::NullRejected,
            path,
            format!("`{path}` no longer accepts null"),
            Value::Null,
        ),
        (false, true) => f.push(
            Check::NullAccepted,
            Some(path),
            format!("`{path}` accepts null now"),
        ),
        _ => {}
    }
    if p.default != q.default && p.kind != Kind::Model {
        let body = capspec_corpus::minimal(f.old);
        f.push(
            Check::DefaultChanged,
            Some(path),
            format!(
                "`{path}` default {} → {}: a request that omits it now means something else",
                literal(&p.default),
                literal(&q.default)
            ),
        );
        if let Some(last) = f.out.last_mut() {
            last.candidates.push(Value::Object(body));
        }
    }
    kind(f, path, &p.kind, &q.kind);
}

/// The comparison of two kinds at `path`.
fn kind(f: &mut Found<'_>, path: &str, a: &Kind, b: &Kind) {
    match (a, b) {
        (Kind::Model, Kind::Model) | (Kind::Boolean, Kind::Boolean) => {}
        (Kind::Object(_), Kind::Object(_)) => {}
        (Kind::Integer(x), Kind::Integer(y)) => integer(f, path, x, y),
        (Kind::Number(x), Kind::Number(y)) => number(f, path, x, y),
        (Kind::String(x), Kind::String(y)) => string(f, path, x, y),
        (Kind::Size(x), Kind::Size(y)) => presets(f, path, x, y),
        (Kind::Array(x), Kind::Array(y)) => {
            kind(f, path, &x.items, &y.items);
            count(
                f,
                path,
                (x.min_items, y.min_items),
                (x.max_items, y.max_items),
                true,
            );
        }
        _ => f.push(
            Check::TypeChanged,
            Some(path),
            format!(
                "`{path}` changed type from {} to {}",
                kind_name(a),
                kind_name(b)
            ),
        ),
    }
}

fn kind_name(k: &Kind) -> &'static str {
    match k {
        Kind::Model => "model",
        Kind::Boolean => "boolean",
        Kind::Integer(_) => "integer",
        Kind::Number(_) => "number",
        Kind::String(StringRule {
            format: Some(StringFormat::Size(_)),
            ..
        }) => "size string",
        Kind::String(StringRule {
            format: Some(StringFormat::Url(_)),
            ..
        }) => "URL",
        Kind::String(_) => "string",
        Kind::Size(_) => "preset or size object",
        Kind::Array(_) => "array",
        Kind::Object(_) => "object",
    }
}

/// A lower bound moving: raised (narrowed), lowered or removed (widened).
fn lower<T: PartialOrd + Copy + std::fmt::Display>(
    f: &mut Found<'_>,
    path: &str,
    what: &str,
    values: (Option<T>, Option<T>),
    check: (Check, Check),
    edge: impl Fn(T) -> Option<Value>,
) {
    bound(f, path, what, values, check, edge, |old, new| new > old);
}

/// An upper bound moving: lowered (narrowed), raised or removed (widened).
fn upper<T: PartialOrd + Copy + std::fmt::Display>(
    f: &mut Found<'_>,
    path: &str,
    what: &str,
    values: (Option<T>, Option<T>),
    check: (Check, Check),
    edge: impl Fn(T) -> Option<Value>,
) {
    bound(f, path, what, values, check, edge, |old, new| new < old);
}

/// A bound moving from `a` to `b`: added or moved the way `narrows(old, new)` says is
/// narrowed (`check.0`, with the old edge as witness where there is one), removed or moved
/// the other way widened (`check.1`).
fn bound<T: PartialOrd + Copy + std::fmt::Display>(
    f: &mut Found<'_>,
    path: &str,
    what: &str,
    (a, b): (Option<T>, Option<T>),
    check: (Check, Check),
    edge: impl Fn(T) -> Option<Value>,
    narrows: impl Fn(T, T) -> bool,
) {
    let narrowed = match (a, b) {
        (None, Some(_)) => true,
        (Some(x), Some(y)) if narrows(x, y) => true,
        (Some(x), Some(y)) if narrows(y, x) => false,
        (Some(_), None) => false,
        _ => return,
    };
    let message = format!("`{path}` {what} {} → {}", show(a), show(b));
    match (narrowed, a.and_then(&edge)) {
        (true, Some(v)) => f.push_with(check.0, path, message, v),
        (true, None) => f.push(check.0, Some(path), message),
        (false, _) => f.push(check.1, Some(path), message),
    }
}

fn show<T: std::fmt::Display>(v: Option<T>) -> String {
    v.map_or("none".to_owned(), |v| v.to_string())
}

const RANGE: (Check, Check) = (Check::RangeNarrowed, Check::RangeWidened);
const SIZE: (Check, Check) = (Check::SizeBoundNarrowed, Check::SizeBoundWidened);

fn integer(f: &mut Found<'_>, path: &str, x: &IntegerRule, y: &IntegerRule) {
    let int = |v: i64| Some(json!(v));
    lower(f, path, "minimum", (x.minimum, y.minimum), RANGE, int);
    upper(f, path, "maximum", (x.maximum, y.maximum), RANGE, int);
    step(
        f,
        path,
        "multipleOf",
        x.multiple_of,
        y.multiple_of,
        RANGE,
        |a, b| a % b == 0,
    );
}

/// A step moving: when every multiple of the old step is one of the new, requests keep
/// their verdict (widened); otherwise some are rejected (narrowed).
fn step<T: PartialEq + Copy + std::fmt::Display>(
    f: &mut Found<'_>,
    path: &str,
    what: &str,
    a: Option<T>,
    b: Option<T>,
    check: (Check, Check),
    divides: impl Fn(T, T) -> bool,
) {
    if a == b {
        return;
    }
    let widened = match (a, b) {
        (_, None) => true,
        (None, Some(_)) => false,
        (Some(x), Some(y)) => divides(x, y),
    };
    let message = format!("`{path}` {what} {} → {}", show(a), show(b));
    f.push(if widened { check.1 } else { check.0 }, Some(path), message);
}

fn number(f: &mut Found<'_>, path: &str, x: &NumberRule, y: &NumberRule) {
    let num = |v: f64| Some(json!(v));
    let none = |_: f64| None;
    lower(f, path, "minimum", (x.minimum, y.minimum), RANGE, num);
    lower(
        f,
        path,
        "exclusiveMinimum",
        (x.exclusive_minimum, y.exclusive_minimum),
        RANGE,
        none,
    );
    upper(f, path, "maximum", (x.maximum, y.maximum), RANGE, num);
    upper(
        f,
        path,
        "exclusiveMaximum",
        (x.exclusive_maximum, y.exclusive_maximum),
        RANGE,
        none,
    );
    step(
        f,
        path,
        "multipleOf",
        x.multiple_of,
        y.multiple_of,
        RANGE,
        crate::spec::is_multiple,
    );
}

fn count(
    f: &mut Found<'_>,
    path: &str,
    (min_a, min_b): (Option<u64>, Option<u64>),
    (max_a, max_b): (Option<u64>, Option<u64>),
    items: bool,
) {
    let (check, min, max) = if items {
        (
            (Check::ItemsNarrowed, Check::ItemsWidened),
            "minItems",
            "maxItems",
        )
    } else {
        (
            (Check::LengthNarrowed, Check::LengthWidened),
            "minLength",
            "maxLength",
        )
    };
    lower(f, path, min, (min_a, min_b), check, |_| None);
    upper(f, path, max, (max_a, max_b), check, |_| None);
}

fn string(f: &mut Found<'_>, path: &str, x: &StringRule, y: &StringRule) {
    count(
        f,
        path,
        (x.min_length, y.min_length),
        (x.max_length, y.max_length),
        false,
    );
    let sized = matches!(x.format, Some(StringFormat::Size(_)));
    let (removed, added) = if sized {
        (Check::SizeRemoved, Check::SizeAdded)
    } else {
        (Check::EnumValueRemoved, Check::EnumValueAdded)
    };
    match (x.enum_values.is_empty(), y.enum_values.is_empty()) {
        (false, false) => {
            for v in x.enum_values.iter().filter(|v| !y.enum_values.contains(v)) {
                f.push_with(
                    removed,
                    path,
                    format!("`{path}` no longer accepts {v:?}"),
                    json!(v),
                );
            }
            for v in y.enum_values.iter().filter(|v| !x.enum_values.contains(v)) {
                f.push(added, Some(path), format!("`{path}` accepts {v:?}"));
            }
        }
        (true, false) => f.push(
            removed,
            Some(path),
            format!(
                "`{path}` is limited to a closed set now: {}",
                y.enum_values.join(", ")
            ),
        ),
        (false, true) => f.push(
            added,
            Some(path),
            format!("`{path}` is no longer limited to a closed set"),
        ),
        (true, true) => {}
    }
    for v in x.enum_values.iter().filter(|v| y.enum_values.contains(v)) {
        if x.unsized_values.contains(v) != y.unsized_values.contains(v) {
            f.push_with(
                Check::SizeMeaningChanged,
                path,
                format!("`{path}` member {v:?} changed between naming a size and naming none"),
                json!(v),
            );
        }
    }
    match (&x.format, &y.format) {
        (None, None) => {}
        (Some(StringFormat::Size(a)), Some(StringFormat::Size(b))) => {
            if a.separator != b.separator {
                f.push(
                    Check::TypeChanged,
                    Some(path),
                    format!(
                        "`{path}` sizes are written with {:?} instead of {:?}",
                        b.separator, a.separator
                    ),
                );
            } else if x.enum_values.is_empty() && y.enum_values.is_empty() {
                size_rule(f, path, a, b);
            }
        }
        (Some(StringFormat::Url(a)), Some(StringFormat::Url(b))) => match (a.public, b.public) {
            (false, true) => f.push(
                Check::UrlPolicyTightened,
                Some(path),
                format!("`{path}` refuses local and non-public hosts now"),
            ),
            (true, false) => f.push(
                Check::UrlPolicyLoosened,
                Some(path),
                format!("`{path}` accepts local and non-public hosts now"),
            ),
            _ => {}
        },
        _ => f.push(
            Check::TypeChanged,
            Some(path),
            format!(
                "`{path}` changed from {} to {}",
                kind_name(&Kind::String(x.clone())),
                kind_name(&Kind::String(y.clone()))
            ),
        ),
    }
}

/// Side, step, pixel and aspect bounds of a free size (or a size object).
fn size_rule(f: &mut Found<'_>, path: &str, a: &SizeRule, b: &SizeRule) {
    for (side, x, y) in [("width", a.width, b.width), ("height", a.height, b.height)] {
        bounds(f, path, side, x, y);
    }
    bounds(f, path, "pixels", a.pixels, b.pixels);
    ratio(f, path, a.aspect_ratio, b.aspect_ratio);
}

fn bounds(f: &mut Found<'_>, path: &str, what: &str, x: Bounds, y: Bounds) {
    let none = |_: u64| None;
    lower(
        f,
        path,
        &format!("{what} minimum"),
        (x.minimum, y.minimum),
        SIZE,
        none,
    );
    upper(
        f,
        path,
        &format!("{what} maximum"),
        (x.maximum, y.maximum),
        SIZE,
        none,
    );
    step(
        f,
        path,
        &format!("{what} multipleOf"),
        x.multiple_of,
        y.multiple_of,
        SIZE,
        |a, b| b != 0 && a % b == 0,
    );
}

fn ratio(f: &mut Found<'_>, path: &str, x: RatioBounds, y: RatioBounds) {
    let none = |_| None;
    lower(
        f,
        path,
        "aspect_ratio minimum",
        (x.minimum, y.minimum),
        SIZE,
        none,
    );
    upper(
        f,
        path,
        "aspect_ratio maximum",
        (x.maximum, y.maximum),
        SIZE,
        none,
    );
}

fn presets(f: &mut Found<'_>, path: &str, x: &SizeChoiceRule, y: &SizeChoiceRule) {
    // A preset's size is what a request asks for where the property gives the output;
    // elsewhere the request stays the same text, and the change is documentation.
    let output = f
        .old
        .output
        .size
        .contains(&crate::spec::SizeSource::Property(path.to_owned()));
    for (name, dims) in &x.presets {
        match y.presets.iter().find(|(n, _)| n == name) {
            None => f.push_with(
                Check::SizeRemoved,
                path,
                format!("`{path}` no longer has the preset {name:?}"),
                json!(name),
            ),
            Some((_, d)) if d != dims && output => f.push_with(
                Check::SizeMeaningChanged,
                path,
                format!("`{path}` preset {name:?} is {d} now, not {dims}"),
                json!(name),
            ),
            Some((_, d)) if d != dims => f.push(
                Check::MetadataChanged,
                Some(path),
                format!("`{path}` preset {name:?} is documented as {d} now, not {dims} (not an output size)"),
            ),
            Some(_) => {}
        }
    }
    for (name, _) in &y.presets {
        if !x.presets.iter().any(|(n, _)| n == name) {
            f.push(
                Check::SizeAdded,
                Some(path),
                format!("`{path}` has the preset {name:?} now"),
            );
        }
    }
    size_rule(f, path, &x.object_rule(), &y.object_rule());
}

fn rule_param(r: &Rule) -> Option<&str> {
    match r {
        Rule::Require { paths, .. }
        | Rule::Forbid { paths, .. }
        | Rule::Exclusive { paths, .. } => paths.first().map(String::as_str),
        Rule::Allow { path, .. } => Some(path),
    }
}

fn rule_text(r: &Rule) -> String {
    match r {
        Rule::Require { when, paths, .. } => format!("when {when}, require {}", paths.join(", ")),
        Rule::Forbid { when, paths, .. } => format!("when {when}, forbid {}", paths.join(", ")),
        Rule::Exclusive { paths, .. } => format!("at most one of {}", paths.join(", ")),
        Rule::Allow {
            when, path, values, ..
        } => {
            let list: Vec<String> = values.iter().map(ToString::to_string).collect();
            format!("when {when}, {path} is one of {}", list.join(", "))
        }
    }
}

/// Rules compared without their `source` (a reworded source is metadata).
fn same_rule(a: &Rule, b: &Rule) -> bool {
    let strip = |r: &Rule| {
        let mut r = r.clone();
        match &mut r {
            Rule::Require { source, .. }
            | Rule::Forbid { source, .. }
            | Rule::Exclusive { source, .. }
            | Rule::Allow { source, .. } => source.clear(),
        }
        r
    };
    strip(a) == strip(b)
}

fn rules(f: &mut Found<'_>, o: &Spec, n: &Spec) {
    for (i, r) in n.rules.iter().enumerate() {
        if !o.rules.iter().any(|q| same_rule(q, r)) {
            f.push(
                Check::RuleAdded,
                rule_param(r),
                format!("new rule: {}", rule_text(r)),
            );
            if let Some(last) = f.out.last_mut() {
                last.rule = Some(i);
            }
        }
    }
    for r in &o.rules {
        if !n.rules.iter().any(|q| same_rule(q, r)) {
            f.push(
                Check::RuleRemoved,
                rule_param(r),
                format!("rule removed: {}", rule_text(r)),
            );
        }
    }
}

fn size_table(f: &mut Found<'_>, o: &Spec, n: &Spec) {
    let (Some(a), b) = (&o.size_table, &n.size_table) else {
        if let Some(t) = &n.size_table {
            f.push(
                Check::OutputChanged,
                Some(&t.ratio),
                "a size table is new".to_owned(),
            );
        }
        return;
    };
    let cell_of = |t: Option<&crate::spec::SizeTable>, r: &str, tier: &str| -> Option<Dims> {
        t.and_then(|t| t.cell(r, tier))
    };
    for (ratio, row) in &a.cells {
        for (tier, dims) in row {
            let body = |f: &Found<'_>| {
                let mut body = capspec_corpus::minimal(f.old);
                capspec_corpus::set(&mut body, &a.ratio, json!(ratio));
                capspec_corpus::set(&mut body, &a.tier, json!(tier));
                Value::Object(body)
            };
            match cell_of(b.as_ref(), ratio, tier) {
                None => {
                    let witness = body(f);
                    f.push(
                        Check::SizeTableCellRemoved,
                        Some(&a.tier),
                        format!("{ratio} × {tier} has no cell now (was {dims})"),
                    );
                    if let Some(last) = f.out.last_mut() {
                        last.candidates.push(witness);
                    }
                }
                Some(d) if d != *dims => {
                    let witness = body(f);
                    f.push(
                        Check::SizeTableCellChanged,
                        Some(&a.tier),
                        format!("{ratio} × {tier} is {d} now, not {dims}"),
                    );
                    if let Some(last) = f.out.last_mut() {
                        last.candidates.push(witness);
                    }
                }
                Some(_) => {}
            }
        }
    }
    if let Some(t) = b {
        for (ratio, row) in &t.cells {
            for (tier, dims) in row {
                if a.cell(ratio, tier).is_none() {
                    f.push(
                        Check::SizeTableCellAdded,
                        Some(&t.tier),
                        format!("{ratio} × {tier} is {dims}"),
                    );
                }
            }
        }
        if (&a.ratio, &a.tier) != (&t.ratio, &t.tier) {
            f.push(
                Check::OutputChanged,
                Some(&t.ratio),
                format!(
                    "the size table reads {} × {} instead of {} × {}",
                    t.ratio, t.tier, a.ratio, a.tier
                ),
            );
        }
    } else {
        f.push(
            Check::OutputChanged,
            Some(&a.ratio),
            "the size table is gone".to_owned(),
        );
    }
}

fn custom_size(f: &mut Found<'_>, o: &Spec, n: &Spec) {
    match (&o.custom_size, &n.custom_size) {
        (Some(a), Some(b)) if (&a.width, &a.height) == (&b.width, &b.height) => {
            bounds(f, &a.width, "pixels", a.pixels, b.pixels);
            ratio(f, &a.width, a.aspect_ratio, b.aspect_ratio);
        }
        (None, None) => {}
        (Some(a), None) => f.push(
            Check::SizeBoundWidened,
            Some(&a.width),
            format!(
                "the custom size of {} × {} has no pixel or aspect bounds now",
                a.width, a.height
            ),
        ),
        (_, Some(b)) => f.push(
            Check::SizeBoundNarrowed,
            Some(&b.width),
            format!(
                "the custom size of {} × {} is bounded anew",
                b.width, b.height
            ),
        ),
    }
}

/// What selects the spec and what its endpoint takes: a form or JSON, the path (fal).
fn routing(f: &mut Found<'_>, o: &Spec, n: &Spec) {
    if o.model.body != n.model.body {
        f.push(
            Check::BodyChanged,
            None,
            format!(
                "the endpoint took {} and takes {} now",
                o.model.body.content_type(),
                n.model.body.content_type()
            ),
        );
    }
    if let Some(before) = o.routed_path()
        && n.routed_path() != Some(before)
    {
        f.push(
            Check::RoutePathChanged,
            None,
            format!(
                "{before} selected {}; now {}",
                o.id,
                n.routed_path()
                    .map_or("the body's `model` does".to_owned(), |p| format!(
                        "{p} does"
                    ))
            ),
        );
    }
}

/// A form's file fields, by name: each rule that takes less is one finding, each that takes
/// more another. (Witnesses are forms, which the JSON corpus does not make: these are reported
/// without one.)
fn files(f: &mut Found<'_>, o: &Spec, n: &Spec) {
    for a in &o.files {
        let Some(b) = n.files.iter().find(|b| b.name == a.name) else {
            f.push(
                Check::ParamRemoved,
                Some(&a.name),
                format!("the file `{}` is no longer taken", a.name),
            );
            continue;
        };
        let mut narrowed = Vec::new();
        let mut widened = Vec::new();
        let mut note = |tighter: bool, looser: bool, what: String| {
            if tighter {
                narrowed.push(what);
            } else if looser {
                widened.push(what);
            }
        };
        note(
            b.required && !a.required,
            a.required && !b.required,
            "required".into(),
        );
        note(
            b.max_items < a.max_items,
            b.max_items > a.max_items,
            format!("maxItems {} → {}", a.max_items, b.max_items),
        );
        note(
            b.min_items > a.min_items,
            b.min_items < a.min_items,
            format!("minItems {} → {}", a.min_items, b.min_items),
        );
        let bytes = |x: Option<u64>| x.unwrap_or(u64::MAX);
        note(
            bytes(b.max_bytes) < bytes(a.max_bytes),
            bytes(b.max_bytes) > bytes(a.max_bytes),
            format!(
                "max_bytes {} → {}",
                a.max_bytes.map_or("none".into(), |x| x.to_string()),
                b.max_bytes.map_or("none".into(), |x| x.to_string())
            ),
        );
        for m in &a.media_types {
            note(
                !b.media_types.contains(m),
                false,
                format!("{} removed", m.as_str()),
            );
        }
        for m in &b.media_types {
            note(
                false,
                !a.media_types.contains(m),
                format!("{} added", m.as_str()),
            );
        }
        note(
            b.square && !a.square,
            a.square && !b.square,
            "square".into(),
        );
        note(
            b.same_dimensions_as.is_some() && a.same_dimensions_as != b.same_dimensions_as,
            a.same_dimensions_as.is_some() && b.same_dimensions_as.is_none(),
            format!(
                "same_dimensions_as {} → {}",
                a.same_dimensions_as.as_deref().unwrap_or("none"),
                b.same_dimensions_as.as_deref().unwrap_or("none")
            ),
        );
        if !narrowed.is_empty() {
            f.push(
                Check::FileRuleNarrowed,
                Some(&a.name),
                format!("the file `{}` takes less: {}", a.name, narrowed.join(", ")),
            );
        }
        if !widened.is_empty() {
            f.push(
                Check::FileRuleWidened,
                Some(&a.name),
                format!("the file `{}` takes more: {}", a.name, widened.join(", ")),
            );
        }
    }
    for b in &n.files {
        if !o.files.iter().any(|a| a.name == b.name) {
            let (check, what) = if b.required {
                (Check::ParamRequired, "a new required file")
            } else {
                (Check::ParamAdded, "a new file")
            };
            f.push(check, Some(&b.name), format!("`{}` is {what}", b.name));
        }
    }
}
