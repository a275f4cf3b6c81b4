//! A registry's validation: the steps of a generated `validate()` (`capspec-build`), in the
//! same order, with the same runtime calls, read from a model's program instead of written
//! out as code.

use std::borrow::Cow;

use smallvec::SmallVec;

use super::program::{Check, Model, Prop, Provider, Table, choice_dims};
use super::validated::{Val, Validated};
use crate::error::Violations;
use crate::rt::capture::{Capture, Name, Raw};
use crate::rt::{self, Ctx, Got, Param, Report};
use crate::spec::plan::Guard;
use crate::spec::{Condition, Dims, Literal, Rule, SizeSource, Spec};
use crate::types::Output;

/// Slots of a capture at run time: most providers have fewer than 32 members.
type Slots<'a> = SmallVec<[Raw<'a>; 32]>;

fn slots<'a>(p: &Provider) -> Slots<'a> {
    (0..p.slots.count).map(|_| Raw::Absent).collect()
}

pub fn slice<'r, 'a>(
    p: &'r Provider,
    specs: &'r [Spec],
    body: &'a [u8],
    only: Option<usize>,
) -> Result<Validated<'r, 'a>, Violations> {
    rt::run_slice(body, p.slots.fields.as_slice(), slots(p), |cap, report| {
        route(p, specs, cap, report, only)
    })
}

pub fn value<'r, 'a>(
    p: &'r Provider,
    specs: &'r [Spec],
    body: &'a serde_json::Value,
    only: Option<usize>,
) -> Result<Validated<'r, 'a>, Violations> {
    rt::run_value(body, p.slots.fields.as_slice(), slots(p), |cap, report| {
        route(p, specs, cap, report, only)
    })
}

/// Picks the model the body names (of the provider, or of the one spec `only`), and
/// validates the body as a request to it.
fn route<'r, 'a>(
    p: &'r Provider,
    specs: &'r [Spec],
    cap: &mut Capture<'a, 'r, Slots<'a>>,
    report: &mut Report,
    only: Option<usize>,
) -> Option<Validated<'r, 'a>> {
    let found = match only {
        None => {
            let name = rt::rules::model_name(
                report,
                cap,
                p.model_slot,
                &p.name,
                p.default.as_deref(),
                &p.names,
            )?;
            let found = p
                .models
                .iter()
                .find_map(|m| m.names.iter().find(|n| *n == name).map(|n| (m, n.as_str())));
            if found.is_none() {
                rt::rules::model_not_found(report, name, &p.name, &p.names);
            }
            found
        }
        Some(i) => {
            let m = &p.models[i];
            let spec = &specs[m.spec];
            let name = rt::rules::model_name(
                report,
                cap,
                p.model_slot,
                &p.name,
                spec.model.default.as_deref(),
                &m.names_list,
            )?;
            let found = m.names.iter().find(|n| *n == name).map(|n| (m, n.as_str()));
            if found.is_none() {
                rt::rules::model_not_found(report, name, &spec.id, &m.names_list);
            }
            found
        }
    };
    let (model, name) = found?;
    validate(model, &specs[model.spec], name, cap, report)
}

fn name(p: &Prop) -> Name<'_> {
    Name::Borrowed(&p.path)
}

fn param(p: &Prop) -> Param<'_> {
    Param::Path(name(p))
}

/// Checks one captured scalar (or array item).
fn check_item<'a>(
    cx: &mut Ctx<'_, '_>,
    check: &Check,
    raw: Raw<'a>,
    param: Param<'_>,
) -> Got<Val<'a>> {
    match check {
        Check::Boolean => rt::boolean::boolean(cx, &raw, param).map(Val::Bool),
        Check::Integer { min, max } => {
            rt::integer::within(cx, &raw, param, *min, *max).map(Val::Int)
        }
        Check::Choice { values, .. } => {
            let values: SmallVec<[&str; 16]> = values.iter().map(String::as_str).collect();
            rt::choice::index(cx, &raw, param, &values).map(Val::Choice)
        }
        Check::Size(rule) => rt::size::sized(cx, raw, param, rule).map(|(t, d)| Val::Size(t, d)),
        Check::Url { public } => rt::url::link(cx, raw, param, *public).map(Val::Str),
        Check::Text { max: Some(max) } => rt::text::at_most(cx, raw, param, *max).map(Val::Str),
        Check::Text { max: None } => rt::text::plain(cx, raw, param).map(Val::Str),
        Check::Model | Check::Array { .. } | Check::Object => Got::Invalid,
    }
}

/// Checks a property's captured value.
fn check<'a>(cx: &mut Ctx<'_, '_>, cap: &mut Capture<'a, '_, Slots<'a>>, p: &Prop) -> Got<Val<'a>> {
    match &p.check {
        Check::Object => rt::object::object(cx, cap.get(p.slot), param(p)).map(|()| Val::Object),
        Check::Array { max, item } => {
            rt::array::array(cx, cap, p.slot, name(p), *max, |cx, raw, param| {
                check_item(cx, item, raw, param)
            })
            .map(Val::List)
        }
        other => {
            let raw = cap.take(p.slot);
            check_item(cx, other, raw, param(p))
        }
    }
}

/// Whether a checked value equals a condition's literal.
fn equals(p: &Prop, v: &Val<'_>, literal: &Literal) -> bool {
    match (v, literal) {
        (Val::Bool(b), Literal::Bool(l)) => b == l,
        (Val::Int(i), Literal::Int(l)) => i == l,
        (Val::Choice(i), Literal::Str(l)) => match &p.check {
            Check::Choice { values, .. } => values.get(*i) == Some(l),
            _ => false,
        },
        (Val::Str(s) | Val::Size(s, _), Literal::Str(l)) => s == l,
        _ => false,
    }
}

/// A default as a value of its property.
fn default_of<'a>(p: &Prop, d: &Literal) -> Val<'a> {
    match (&p.check, d) {
        (_, Literal::Bool(b)) => Val::Bool(*b),
        (_, Literal::Int(i)) => Val::Int(*i),
        (Check::Choice { values, .. }, Literal::Str(s)) => {
            Val::Choice(values.iter().position(|v| v == s).unwrap_or(0))
        }
        (Check::Size(rule), Literal::Str(s)) => {
            let dims = Dims::parse(s, rule.separator).unwrap_or(Dims {
                width: 0,
                height: 0,
            });
            Val::Size(Cow::Owned(s.clone()), dims)
        }
        (_, Literal::Str(s)) => Val::Str(Cow::Owned(s.clone())),
    }
}

/// The effective value of an enum property: given, else its default.
fn effective(p: &Prop, got: &Got<Val<'_>>) -> Option<usize> {
    match got {
        Got::Valid(Val::Choice(i)) => Some(*i),
        Got::Absent => match (&p.check, &p.default) {
            (Check::Choice { values, .. }, Some(Literal::Str(d))) => {
                values.iter().position(|v| v == d)
            }
            _ => None,
        },
        _ => None,
    }
}

fn choice_text(p: &Prop, i: usize) -> &str {
    match &p.check {
        Check::Choice { values, .. } => values.get(i).map_or("", String::as_str),
        _ => "",
    }
}

/// The tiers a size-table row has, as messages list them.
fn tiers_with(t: &Table, ratio: &str) -> String {
    t.source
        .cells
        .iter()
        .find(|(r, _)| r == ratio)
        .map(|(_, row)| {
            row.iter()
                .map(|(t, _)| t.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_default()
}

fn validate<'r, 'a>(
    m: &'r Model,
    spec: &'r Spec,
    model_name: &'r str,
    cap: &mut Capture<'a, 'r, Slots<'a>>,
    report: &mut Report,
) -> Option<Validated<'r, 'a>> {
    let cx = &mut Ctx {
        report,
        model: model_name,
    };
    let before = cx.errors();
    let accepts: SmallVec<[(Option<&str>, &str); 4]> = m
        .accepts
        .iter()
        .map(|(o, l)| (o.as_deref(), l.as_str()))
        .collect();
    rt::rules::unknown(cx, cap, &accepts);
    if !m.not_defined.is_empty() {
        let slots: SmallVec<[(usize, Name<'_>); 8]> = m
            .not_defined
            .iter()
            .map(|(s, p)| (*s, Name::Borrowed(p.as_str())))
            .collect();
        rt::rules::not_defined(cx, cap, &slots);
    }
    // Checks, in spec order.
    let mut got: SmallVec<[Got<Val<'a>>; 16]> = SmallVec::with_capacity(m.props.len());
    for p in &m.props {
        got.push(match p.check {
            Check::Model => Got::Absent,
            _ => check(cx, cap, p),
        });
    }
    // Required properties (nested ones when their object is there).
    for (i, p) in m.props.iter().enumerate() {
        if !p.required || matches!(p.check, Check::Model) {
            continue;
        }
        let parent_valid = p.parent.is_none_or(|q| matches!(got[q], Got::Valid(_)));
        if parent_valid && !got[i].is_present() {
            rt::rules::missing(cx, name(p));
        }
    }
    // Conditions, evaluated once on effective values.
    let conditions: SmallVec<[bool; 4]> = m
        .conditions
        .iter()
        .map(|c| {
            let Some(i) = m.prop(&c.path) else {
                return false;
            };
            match &got[i] {
                Got::Valid(v) => equals(&m.props[i], v, &c.value),
                Got::Absent => m.props[i].default.as_ref() == Some(&c.value),
                Got::Invalid => false,
            }
        })
        .collect();
    let fires = |when: &Condition| {
        let plain = Condition {
            negated: false,
            ..when.clone()
        };
        let held = m
            .conditions
            .iter()
            .position(|c| *c == plain)
            .is_some_and(|i| conditions[i]);
        held != when.negated
    };
    let present = |path: &str| m.prop(path).is_some_and(|i| got[i].is_present());
    for rule in &m.rules {
        match rule {
            Rule::Require { when, paths, .. } => {
                if fires(when) {
                    let text = when.to_string();
                    for path in paths.iter().filter(|p| !present(p)) {
                        rt::rules::missing_when(cx, Name::Borrowed(path), &text);
                    }
                }
            }
            Rule::Forbid { when, paths, .. } => {
                if fires(when) {
                    let text = Condition {
                        negated: false,
                        ..when.clone()
                    }
                    .to_string();
                    for path in paths.iter().filter(|p| present(p)) {
                        rt::rules::forbidden(cx, Name::Borrowed(path), &text, when.negated);
                    }
                }
            }
            Rule::Exclusive { paths, .. } => {
                let members: SmallVec<[(Name<'_>, bool); 4]> = paths
                    .iter()
                    .map(|p| (Name::Borrowed(p.as_str()), present(p)))
                    .collect();
                rt::rules::exclusive(cx, &members);
            }
        }
    }
    // Size table: a ratio × tier with no cell.
    if let Some(t) = &m.table {
        let (rp, tp) = (&m.props[t.ratio], &m.props[t.tier]);
        let tier_given = got[t.tier].is_present();
        if let (Some(r), Some(tr)) = (effective(rp, &got[t.ratio]), effective(tp, &got[t.tier])) {
            let (r, tr) = (choice_text(rp, r), choice_text(tp, tr));
            if t.source.cell(r, tr).is_none() {
                rt::rules::no_cell(
                    cx,
                    (name(tp), tr),
                    (name(rp), r),
                    &tiers_with(t, r),
                    tier_given,
                );
            }
        }
    }
    // Custom size: pixel area and aspect ratio of the two integers.
    if let Some(c) = &m.custom
        && let (Some(wi), Some(hi)) = (m.prop(&c.width), m.prop(&c.height))
        && let (Got::Valid(Val::Int(w)), Got::Valid(Val::Int(h))) = (&got[wi], &got[hi])
    {
        rt::size::custom(
            cx,
            *w,
            *h,
            c.pixels,
            c.aspect_ratio,
            (name(&m.props[wi]), name(&m.props[hi])),
        );
    }
    if cx.errors() > before {
        return None;
    }
    // Defaults: leaves in spec order, then each object after its members.
    let mut values: Vec<Option<Val<'a>>> = Vec::with_capacity(m.props.len());
    values.resize_with(m.props.len(), || None);
    for (i, p) in m.props.iter().enumerate() {
        if matches!(p.check, Check::Model | Check::Object) {
            continue;
        }
        let g = std::mem::replace(&mut got[i], Got::Absent);
        let given = !matches!(g, Got::Absent);
        let valid = match g {
            Got::Valid(v) => Some(v),
            _ => None,
        };
        values[i] = match (&p.default, p.required) {
            (_, true) => Some(valid?),
            (Some(d), false) => match valid {
                Some(v) => Some(v),
                None if !p.limited || allowed(m, p, &conditions, &values, &got, i) => {
                    Some(default_of(p, d))
                }
                None => None,
            },
            (None, false) => valid,
        };
        // Restore presence for later guards (`LaterNotGiven` reads it).
        got[i] = if given { Got::Invalid } else { Got::Absent };
    }
    let output = output(m, &values);
    finalize_objects(m, &mut values, &got);
    Some(Validated::new(m, spec, model_name, values, output))
}

/// Whether the default of a limited property applies: every guard holds.
fn allowed(
    m: &Model,
    _p: &Prop,
    conditions: &[bool],
    values: &[Option<Val<'_>>],
    got: &[Got<Val<'_>>],
    i: usize,
) -> bool {
    m.props[i].guards.iter().all(|g| match g {
        Guard::NotForbidden { condition, negated } => {
            conditions.get(*condition).is_some_and(|c| *c == *negated)
        }
        Guard::EarlierAbsent(path) => m.prop(path).is_none_or(|j| values[j].is_none()),
        Guard::LaterNotGiven(path) => m.prop(path).is_none_or(|j| !got[j].is_present()),
    })
}

/// Objects, deepest first: present when given, when always present, or when a member that
/// is not always present has a value.
fn finalize_objects(m: &Model, values: &mut [Option<Val<'_>>], got: &[Got<Val<'_>>]) {
    for i in (0..m.props.len()).rev() {
        let p = &m.props[i];
        if !matches!(p.check, Check::Object) {
            continue;
        }
        let some = p.always
            || got[i].is_present()
            || p.children
                .iter()
                .any(|&c| !m.props[c].always && values[c].is_some());
        values[i] = some.then_some(Val::Object);
    }
}

/// Output size and image count, from the first size source the request determines.
fn output(m: &Model, values: &[Option<Val<'_>>]) -> Output {
    let int = |path: &str| match m.prop(path).and_then(|i| values[i].as_ref()) {
        Some(Val::Int(n)) => Some(*n),
        _ => None,
    };
    let dims = m.output.size.iter().find_map(|source| match source {
        SizeSource::Property(path) => {
            let i = m.prop(path)?;
            match (values[i].as_ref()?, &m.props[i].check) {
                (Val::Size(_, d), _) => Some(*d),
                (
                    Val::Choice(c),
                    Check::Choice {
                        values,
                        sizes: Some(sep),
                    },
                ) => choice_dims(values.get(*c)?, *sep),
                _ => None,
            }
        }
        SizeSource::Table => {
            let t = m.table.as_ref()?;
            let (r, tr) = match (values[t.ratio].as_ref()?, values[t.tier].as_ref()?) {
                (Val::Choice(r), Val::Choice(tr)) => (*r, *tr),
                _ => return None,
            };
            t.source.cell(
                choice_text(&m.props[t.ratio], r),
                choice_text(&m.props[t.tier], tr),
            )
        }
        SizeSource::Custom => {
            let c = m.custom.as_ref()?;
            rt::dims(int(&c.width)?, int(&c.height)?)
        }
    });
    Output {
        width: dims.map(|d| d.width),
        height: dims.map(|d| d.height),
        count: match &m.output.count {
            Some(path) => rt::count(int(path)),
            None => 1,
        },
    }
}
