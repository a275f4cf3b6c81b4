//! A registry's validation: the steps of a generated `validate()` (`capspec-build`), in the
//! same order, with the same runtime calls, read from a model's program instead of written
//! out as code.

use smallvec::SmallVec;

use super::program::{Check, Fires, Model, Prop, Provider, Source, Step, Table, When};
use super::validated::{Val, Validated};
use crate::error::Violations;
use crate::rt::capture::{Capture, Name, Raw};
use crate::rt::{self, Ctx, Got, Param, Report};
use crate::spec::{Dims, Literal, Spec};
use crate::types::Output;

/// Slots of a capture at run time: most providers have at most 16 members.
type Slots<'a> = SmallVec<[Raw<'a>; 16]>;

fn slots<'a>(p: &Provider) -> Slots<'a> {
    let n = p.slots.count;
    if n <= 16 {
        SmallVec::from_buf_and_len(std::array::from_fn(|_| Raw::Absent), n)
    } else {
        (0..n).map(|_| Raw::Absent).collect()
    }
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
    if !p.routes.is_empty() {
        // The endpoint path selects the spec; the body names no model.
        let Some(i) = only else {
            rt::rules::endpoint_required(report, &p.name, &p.endpoints);
            return None;
        };
        let model = &p.models[i];
        let name = model.names.first().map_or("", String::as_str);
        return validate(model, &specs[model.spec], name, cap, report);
    }
    if p.model_nullable {
        cap.null_is_absent(p.model_slot);
    }
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
#[inline]
fn check_item<'a>(
    cx: &mut Ctx<'_, '_>,
    check: &Check,
    raw: Raw<'a>,
    param: Param<'_>,
) -> Got<Val<'a>> {
    match check {
        Check::Boolean => rt::boolean::boolean(cx, &raw, param).map(Val::Bool),
        Check::Integer { min, max, step } => {
            rt::integer::stepped(cx, &raw, param, *min, *max, *step).map(Val::Int)
        }
        Check::Number(rule) => rt::number::number(cx, &raw, param, rule).map(Val::Number),
        Check::Choice {
            values,
            requirement,
            ..
        } => rt::choice::index(cx, &raw, param, values, requirement).map(Val::Choice),
        Check::Size(rule) => rt::size::sized(cx, raw, param, rule).map(|(t, d)| Val::Size(t, d)),
        Check::Url { public } => rt::url::link(cx, raw, param, *public).map(Val::Str),
        Check::Text { min: 0, max: None } => rt::text::plain(cx, raw, param).map(Val::Str),
        Check::Text { min, max } => {
            rt::text::length(cx, raw, param, *min, max.unwrap_or(usize::MAX)).map(Val::Str)
        }
        Check::Model | Check::Array { .. } | Check::Object | Check::Preset { .. } => Got::Invalid,
    }
}

/// Checks a property's captured value.
fn check<'a>(cx: &mut Ctx<'_, '_>, cap: &mut Capture<'a, '_, Slots<'a>>, p: &Prop) -> Got<Val<'a>> {
    match &p.check {
        Check::Object => rt::object::object(cx, cap.get(p.slot), param(p)).map(|()| Val::Object),
        Check::Array { min, max, item } => {
            let count = rt::array::ItemCount {
                min: *min,
                max: *max,
            };
            rt::array::array(cx, cap, p.slot, name(p), count, |cx, raw, param| {
                check_item(cx, item, raw, param)
            })
            .map(Val::List)
        }
        Check::Preset {
            presets,
            requirement,
            object,
            sides,
            ..
        } => {
            let sides = [
                (sides[0].0, Name::Borrowed(&sides[0].1)),
                (sides[1].0, Name::Borrowed(&sides[1].1)),
            ];
            rt::size::preset_or_object(
                cx,
                cap,
                (p.slot, name(p)),
                sides,
                object,
                || requirement,
                |s| {
                    presets
                        .iter()
                        .position(|(n, _)| n == s)
                        .map(|i| (i, presets[i].1))
                },
            )
            .map(|(i, dims)| Val::Preset(i, dims))
        }
        other => {
            let raw = cap.take(p.slot);
            check_item(cx, other, raw, param(p))
        }
    }
}

/// Whether a checked value is one of a rule's literals.
fn one_of(p: &Prop, v: &Val<'_>, literals: &[Literal]) -> bool {
    literals.iter().any(|l| equals(p, v, l))
}

/// Whether a checked value equals a rule's literal.
fn equals(p: &Prop, v: &Val<'_>, literal: &Literal) -> bool {
    match (v, literal) {
        (Val::Bool(b), Literal::Bool(l)) => b == l,
        (Val::Int(i), Literal::Int(l)) => i == l,
        (Val::Number(n), Literal::Number(l)) => n.value == *l,
        (Val::Choice(i), Literal::Str(l)) => match &p.check {
            Check::Choice { values, .. } => values.get(*i) == Some(l),
            _ => false,
        },
        (Val::Str(s) | Val::Size(s, _), Literal::Str(l)) => s == l,
        (Val::Default, _) => p.default.as_ref() == Some(literal),
        _ => false,
    }
}

/// A default as a value of its property (a string stays the spec's: `Val::Default`).
fn default_of<'a>(p: &Prop, d: &Literal) -> Val<'a> {
    match (&p.check, d) {
        (_, Literal::Bool(b)) => Val::Bool(*b),
        (_, Literal::Int(i)) => Val::Int(*i),
        (_, Literal::Number(x)) => Val::Number(rt::number::Num {
            value: *x,
            integer: false,
        }),
        (Check::Preset { presets, .. }, Literal::Str(s)) => {
            match presets.iter().position(|(n, _)| n == s) {
                Some(i) => Val::Preset(Some(i), presets[i].1),
                None => Val::Default,
            }
        }
        (Check::Choice { values, .. }, Literal::Str(s)) => {
            Val::Choice(values.iter().position(|v| v == s).unwrap_or(0))
        }
        (_, Literal::Str(_)) => Val::Default,
    }
}

/// The effective value of an enum property: given, else its default.
fn effective(p: &Prop, value: &Option<Val<'_>>, given: bool) -> Option<usize> {
    match (value, given) {
        (Some(Val::Choice(i)), _) => Some(*i),
        (None, false) => match (&p.check, &p.default) {
            (Check::Choice { values, .. }, Some(Literal::Str(d))) => {
                values.iter().position(|v| v == d)
            }
            _ => None,
        },
        _ => None,
    }
}

/// A checked value as an allow rule's message shows it: a string quoted.
struct Shown<'p, 'v, 'a>(&'p Prop, &'v Val<'a>);

impl rt::Piece for Shown<'_, '_, '_> {
    fn put(&self, out: &mut String) {
        match self.1 {
            Val::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Val::Int(i) => rt::Int(i128::from(*i)).put(out),
            Val::Str(s) | Val::Size(s, _) => rt::Quoted(s).put(out),
            Val::Choice(i) => rt::Quoted(choice_text(self.0, *i)).put(out),
            _ => {}
        }
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

/// Which properties the body gives (valid or not), one bit each.
enum Given {
    /// Up to 128 properties: every spec in practice.
    Few(u128),
    Many(Vec<bool>),
}

impl Given {
    fn new(n: usize) -> Given {
        if n <= 128 {
            Given::Few(0)
        } else {
            Given::Many(vec![false; n])
        }
    }
    fn set(&mut self, i: usize) {
        match self {
            Given::Few(bits) => *bits |= 1 << (i % 128),
            Given::Many(v) => {
                if let Some(b) = v.get_mut(i) {
                    *b = true;
                }
            }
        }
    }
    fn has(&self, i: usize) -> bool {
        match self {
            Given::Few(bits) => bits & (1 << (i % 128)) != 0,
            Given::Many(v) => v.get(i).copied().unwrap_or(false),
        }
    }
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
    for &slot in &m.nullable {
        cap.null_is_absent(slot);
    }
    if !cap.unknown.is_empty() || cap.unknown_omitted > 0 {
        let accepts: SmallVec<[(Option<&str>, &str); 4]> = m
            .accepts
            .iter()
            .map(|(o, l)| (o.as_deref(), l.as_str()))
            .collect();
        rt::rules::unknown(cx, cap, &accepts);
    }
    if !m.not_defined.is_empty() {
        let slots: SmallVec<[(usize, Name<'_>); 8]> = m
            .not_defined
            .iter()
            .map(|(s, p)| (*s, Name::Borrowed(p.as_str())))
            .collect();
        rt::rules::not_defined(cx, cap, &slots);
    }
    // Checks, in spec order: each value, valid (`Some`) or not, and whether the body gives it.
    let mut values: Vec<Option<Val<'a>>> = Vec::with_capacity(m.props.len());
    let mut given = Given::new(m.props.len());
    for (i, p) in m.props.iter().enumerate() {
        let got = match p.check {
            Check::Model => Got::Absent,
            _ => check(cx, cap, p),
        };
        if got.is_present() {
            given.set(i);
        }
        values.push(got.into_valid());
    }
    // Required properties (nested ones when their object is there).
    for &i in &m.required {
        let p = &m.props[i];
        let parent_valid = p.parent.is_none_or(|q| values[q].is_some());
        if parent_valid && !given.has(i) {
            rt::rules::missing(cx, name(p));
        }
    }
    // Conditions, evaluated once on effective values.
    let conditions: SmallVec<[bool; 4]> = m
        .conditions
        .iter()
        .map(|(i, literals)| match (&values[*i], given.has(*i)) {
            (Some(v), _) => one_of(&m.props[*i], v, literals),
            (None, false) => m.props[*i]
                .default
                .as_ref()
                .is_some_and(|d| literals.contains(d)),
            (None, true) => false,
        })
        .collect();
    let fires = |f: &Fires| conditions.get(f.condition).copied().unwrap_or(false) != f.negated;
    for rule in &m.rules {
        match rule {
            Step::Require {
                fires: f,
                text,
                props,
            } if fires(f) => {
                for &i in props.iter().filter(|&&i| !given.has(i)) {
                    rt::rules::missing_when(cx, name(&m.props[i]), text);
                }
            }
            Step::Forbid {
                fires: f,
                text,
                props,
            } if fires(f) => {
                for &i in props.iter().filter(|&&i| given.has(i)) {
                    rt::rules::forbidden(cx, name(&m.props[i]), text, f.negated);
                }
            }
            Step::Exclusive { props } => {
                let members: SmallVec<[(Name<'_>, bool); 4]> = props
                    .iter()
                    .map(|&i| (name(&m.props[i]), given.has(i)))
                    .collect();
                rt::rules::exclusive(cx, &members);
            }
            Step::Allow {
                fires: f,
                prop,
                values: allowed,
                text,
                default_ok,
            } if fires(f) => {
                let p = &m.props[*prop];
                match (&values[*prop], given.has(*prop)) {
                    (Some(v), _) if !one_of(p, v, allowed) => {
                        rt::rules::disallowed(cx, param(p), text, &Shown(p, v));
                    }
                    (None, false) if !default_ok => {
                        rt::rules::default_disallowed(cx, name(p), text);
                    }
                    _ => {}
                }
            }
            Step::Require { .. } | Step::Forbid { .. } | Step::Allow { .. } => {}
        }
    }
    // Size table: a ratio × tier with no cell.
    if let Some(t) = &m.table {
        let (rp, tp) = (&m.props[t.ratio], &m.props[t.tier]);
        let ratio = effective(rp, &values[t.ratio], given.has(t.ratio));
        if let (Some(r), Some(tr)) = (ratio, effective(tp, &values[t.tier], given.has(t.tier)))
            && t.cells
                .get(r)
                .and_then(|row| row.get(tr))
                .copied()
                .flatten()
                .is_none()
        {
            let (r, tr) = (choice_text(rp, r), choice_text(tp, tr));
            rt::rules::no_cell(
                cx,
                (name(tp), tr),
                (name(rp), r),
                &tiers_with(t, r),
                given.has(t.tier),
            );
        }
    }
    // Custom size: pixel area and aspect ratio of the two integers.
    if let Some(c) = &m.custom
        && let (Some(Val::Int(w)), Some(Val::Int(h))) = (&values[c.width], &values[c.height])
    {
        let params = (name(&m.props[c.width]), name(&m.props[c.height]));
        rt::size::custom(cx, *w, *h, c.pixels, c.aspect, params);
    }
    if cx.errors() > before {
        return None;
    }
    // Defaults, leaves in spec order: a limited property's where its guards hold.
    for &i in &m.defaults {
        let p = &m.props[i];
        if given.has(i) {
            continue;
        }
        if let Some(d) = &p.default
            && p.guards
                .iter()
                .all(|g| holds(g, &conditions, &values, &given))
        {
            values[i] = Some(default_of(p, d));
        }
    }
    let output = output(m, &values);
    finalize_objects(m, &mut values, &given);
    Some(Validated::new(m, spec, model_name, values, output))
}

/// Whether a guard of a limited property's default holds.
fn holds(g: &When, conditions: &[bool], values: &[Option<Val<'_>>], given: &Given) -> bool {
    match g {
        // The forbid rule must not fire.
        When::NotForbidden(f) => conditions.get(f.condition).copied().unwrap_or(false) == f.negated,
        When::EarlierAbsent(j) => values.get(*j).is_none_or(Option::is_none),
        When::LaterNotGiven(j) => !given.has(*j),
    }
}

/// Objects, deepest first: present when given, when always present, or when a member that
/// is not always present has a value.
fn finalize_objects(m: &Model, values: &mut [Option<Val<'_>>], given: &Given) {
    for &i in &m.objects {
        let p = &m.props[i];
        let some = p.always
            || given.has(i)
            || p.children
                .iter()
                .any(|&c| !m.props[c].always && values[c].is_some());
        values[i] = some.then_some(Val::Object);
    }
}

/// Output size and image count, from the first size source the request determines.
fn output(m: &Model, values: &[Option<Val<'_>>]) -> Output {
    let int = |i: usize| match values.get(i) {
        Some(Some(Val::Int(n))) => Some(*n),
        _ => None,
    };
    let dims = m.sizes.iter().find_map(|source| match source {
        Source::Prop(i) => match (values.get(*i)?.as_ref()?, &m.props[*i].check) {
            // A free size, given or defaulted: its text has been checked.
            (Val::Size(_, dims), Check::Size(_)) => Some(*dims),
            (Val::Default, Check::Size(rule)) => match &m.props[*i].default {
                Some(Literal::Str(s)) => Dims::parse(s, rule.separator),
                _ => None,
            },
            (
                Val::Choice(c),
                Check::Choice {
                    sizes: Some(sizes), ..
                },
            ) => *sizes.get(*c)?,
            (Val::Preset(_, dims), Check::Preset { .. }) => Some(*dims),
            _ => None,
        },
        Source::Table => {
            let t = m.table.as_ref()?;
            let (r, tr) = match (values[t.ratio].as_ref()?, values[t.tier].as_ref()?) {
                (Val::Choice(r), Val::Choice(tr)) => (*r, *tr),
                _ => return None,
            };
            *t.cells.get(r)?.get(tr)?
        }
        Source::Custom => {
            let c = m.custom.as_ref()?;
            rt::dims(int(c.width)?, int(c.height)?)
        }
    });
    Output {
        width: dims.map(|d| d.width),
        height: dims.map(|d| d.height),
        count: match m.count {
            Some(i) => rt::count(int(i)),
            None => 1,
        },
    }
}
