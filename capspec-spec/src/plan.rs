//! What validation derives from the IR before it reads a body: the capture slots of a
//! provider, and per model which properties are always in a valid request and when a default
//! applies.
//!
//! The generated validators (`capspec-build`) and the run-time registry (`capspec::Registry`)
//! both build their validators from this plan, so that the two paths cannot disagree on it.

use crate::{Condition, Kind, Property, Rule, Spec};

/// How one capture pass stores a member.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Shape {
    /// A scalar, captured as given.
    Value,
    /// An array, whose items are captured one by one.
    Array,
    /// An object, whose members have slots of their own.
    Object,
}

impl Shape {
    fn of(kind: &Kind) -> Shape {
        match kind {
            Kind::Array(_) => Shape::Array,
            Kind::Object(_) | Kind::Size(_) => Shape::Object,
            _ => Shape::Value,
        }
    }
}

/// A member some spec of a provider defines: one capture slot.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Slot {
    /// The key in its object.
    pub name: String,
    /// Dotted path from the body.
    pub path: String,
    /// Index of the slot, depth first in the order the specs define members.
    pub index: usize,
    pub shape: Shape,
    /// An object's members.
    pub children: Vec<Slot>,
}

/// The union of the members a provider's specs define: what one capture pass reads before
/// the body is routed to a model.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Slots {
    /// The body's members.
    pub fields: Vec<Slot>,
    /// How many slots there are.
    pub count: usize,
}

impl Slots {
    /// The slots of `specs`, the specs of one provider in their order.
    pub fn of(specs: &[&Spec]) -> Slots {
        let mut fields = Vec::new();
        for spec in specs {
            merge(&mut fields, &spec.properties);
        }
        let mut count = 0;
        number(&mut fields, &mut count);
        Slots { fields, count }
    }

    /// The slot at a dotted path.
    pub fn get(&self, path: &str) -> Option<&Slot> {
        fn go<'s>(slots: &'s [Slot], path: &str) -> Option<&'s Slot> {
            slots.iter().find_map(|s| {
                if s.path == path {
                    Some(s)
                } else {
                    go(&s.children, path)
                }
            })
        }
        go(&self.fields, path)
    }

    /// The slots another spec of the provider defines and `spec` does not: only the
    /// outermost of each (a member inside an undefined object is not reported again).
    pub fn not_defined(&self, spec: &Spec) -> Vec<&Slot> {
        fn go<'s>(slots: &'s [Slot], spec: &Spec, out: &mut Vec<&'s Slot>) {
            for s in slots {
                match spec.property(&s.path) {
                    None => out.push(s),
                    // A size object's sides are the size's own.
                    Some(p) if matches!(p.kind, Kind::Size(_)) => {}
                    Some(_) => go(&s.children, spec, out),
                }
            }
        }
        let mut out = Vec::new();
        go(&self.fields, spec, &mut out);
        out
    }
}

fn merge(slots: &mut Vec<Slot>, props: &[Property]) {
    for p in props {
        let shape = Shape::of(&p.kind);
        let at = match slots.iter().position(|s| s.name == p.name) {
            Some(i) => i,
            None => {
                slots.push(Slot {
                    name: p.name.clone(),
                    path: p.path.clone(),
                    index: 0,
                    shape,
                    children: Vec::new(),
                });
                slots.len() - 1
            }
        };
        let slot = &mut slots[at];
        // A member one model types as an object and another as a scalar is captured as an
        // object: the scalar's check then reports "got object", as it should.
        slot.shape = slot.shape.max(shape);
        match &p.kind {
            Kind::Object(children) => merge(&mut slot.children, children),
            Kind::Size(_) => {
                for side in SIZE_SIDES {
                    if !slot.children.iter().any(|c| c.name == side) {
                        slot.children.push(Slot {
                            name: side.to_owned(),
                            path: format!("{}.{side}", p.path),
                            index: 0,
                            shape: Shape::Value,
                            children: Vec::new(),
                        });
                    }
                }
            }
            _ => {}
        }
    }
}

/// The members of a size given as an object (`type = "size"`), in order.
pub const SIZE_SIDES: [&str; 2] = ["width", "height"];

fn number(slots: &mut [Slot], count: &mut usize) {
    for s in slots {
        s.index = *count;
        *count += 1;
        number(&mut s.children, count);
    }
}

/// A model's plan: its properties with how each is finalized, and the conditions its rules
/// read.
#[derive(Clone, Debug)]
pub struct Model<'s> {
    pub spec: &'s Spec,
    /// Every property, depth first in file order ([`Spec::walk`]).
    pub props: Vec<Prop<'s>>,
    /// The distinct conditions the rules read, each once and unnegated, in rule order: each
    /// is evaluated once per request, on effective values (an absent property has its
    /// default).
    pub conditions: Vec<Condition>,
    /// Per object (`None`: the body), the names of its members, for unknown-parameter
    /// messages (`"model, prompt, size"`).
    pub accepts: Vec<(Option<&'s str>, String)>,
}

/// A property of a model's plan.
#[derive(Clone, Debug)]
pub struct Prop<'s> {
    pub prop: &'s Property,
    /// Position in [`Model::props`].
    pub order: usize,
    /// In every valid request (a plain field of the typed request, not an `Option`): the
    /// routing field, a required property, a default no rule can remove, or an object with
    /// such a member.
    pub always: bool,
    /// Named by a `forbid` or `exclusive` rule: a rule may remove it, so its default applies
    /// only when every one of [`Prop::guards`] holds.
    pub limited: bool,
    /// When a limited property's default applies (all must hold).
    pub guards: Vec<Guard>,
}

/// One condition for a limited property's default to apply.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Guard {
    /// A `forbid` rule's condition does not fire: condition `condition` of
    /// [`Model::conditions`] is false (or, `negated`, true).
    NotForbidden { condition: usize, negated: bool },
    /// An exclusive partner earlier in spec order has no value after defaults.
    EarlierAbsent(String),
    /// An exclusive partner later in spec order is not in the body.
    LaterNotGiven(String),
}

impl<'s> Model<'s> {
    pub fn new(spec: &'s Spec) -> Model<'s> {
        let limited = limited_paths(spec);
        let mut conditions: Vec<Condition> = Vec::new();
        for rule in &spec.rules {
            if let Rule::Require { when, .. }
            | Rule::Forbid { when, .. }
            | Rule::Allow { when, .. } = rule
            {
                let plain = unnegated(when);
                if !conditions.contains(&plain) {
                    conditions.push(plain);
                }
            }
        }
        let walk = spec.walk();
        let mut props: Vec<Prop<'s>> = walk
            .iter()
            .enumerate()
            .map(|(order, p)| {
                let is_limited = limited.contains(&p.path.as_str());
                let always = p.kind == Kind::Model
                    || p.required
                    || (p.default.is_some() && !is_limited)
                    || matches!(&p.kind, Kind::Object(children) if children_always(children, &limited));
                Prop {
                    prop: p,
                    order,
                    always,
                    limited: is_limited,
                    guards: Vec::new(),
                }
            })
            .collect();
        for i in 0..props.len() {
            if props[i].limited && props[i].prop.default.is_some() {
                let guards = guards(spec, &props, &conditions, i);
                props[i].guards = guards;
            }
        }
        let mut accepts = vec![(None, names(&spec.properties))];
        for p in &walk {
            match &p.kind {
                Kind::Object(children) => accepts.push((Some(p.path.as_str()), names(children))),
                Kind::Size(_) => accepts.push((Some(p.path.as_str()), SIZE_SIDES.join(", "))),
                _ => {}
            }
        }
        Model {
            spec,
            props,
            conditions,
            accepts,
        }
    }

    /// The plan of the property at a dotted path.
    pub fn prop(&self, path: &str) -> Option<&Prop<'s>> {
        self.props.iter().find(|p| p.prop.path == path)
    }

    /// The index in [`Model::conditions`] of a rule's condition (negated or not).
    pub fn condition(&self, when: &Condition) -> Option<usize> {
        let plain = unnegated(when);
        self.conditions.iter().position(|c| *c == plain)
    }

    /// The plans of an object's members, in order.
    pub fn children(&self, object: &Property) -> Vec<&Prop<'s>> {
        match &object.kind {
            Kind::Object(children) => children.iter().filter_map(|c| self.prop(&c.path)).collect(),
            _ => Vec::new(),
        }
    }
}

fn unnegated(c: &Condition) -> Condition {
    Condition {
        negated: false,
        ..c.clone()
    }
}

fn names(props: &[Property]) -> String {
    props
        .iter()
        .map(|p| p.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Paths a rule may remove (forbidden or exclusive): their defaults are conditional.
fn limited_paths(spec: &Spec) -> Vec<&str> {
    spec.rules
        .iter()
        .flat_map(|r| match r {
            Rule::Forbid { paths, .. } | Rule::Exclusive { paths, .. } => paths.as_slice(),
            Rule::Require { .. } | Rule::Allow { .. } => &[],
        })
        .map(String::as_str)
        .collect()
}

fn children_always(children: &[Property], limited: &[&str]) -> bool {
    children.iter().any(|c| {
        c.required
            || (c.default.is_some() && !limited.contains(&c.path.as_str()))
            || matches!(&c.kind, Kind::Object(g) if children_always(g, limited))
    })
}

/// When the default of `props[i]` applies: no `forbid` rule fires for it, and no exclusive
/// partner has a value (an earlier one after its own default, a later one as given). Of an
/// exclusive group with defaults, the first in spec order keeps its default.
fn guards(spec: &Spec, props: &[Prop<'_>], conditions: &[Condition], i: usize) -> Vec<Guard> {
    let me = &props[i];
    let mut out = Vec::new();
    for rule in &spec.rules {
        match rule {
            Rule::Forbid { when, paths, .. } if paths.contains(&me.prop.path) => {
                let plain = unnegated(when);
                if let Some(condition) = conditions.iter().position(|c| *c == plain) {
                    out.push(Guard::NotForbidden {
                        condition,
                        negated: when.negated,
                    });
                }
            }
            Rule::Exclusive { paths, .. } if paths.contains(&me.prop.path) => {
                for other in paths.iter().filter(|o| **o != me.prop.path) {
                    let earlier = props
                        .iter()
                        .find(|p| p.prop.path == *other)
                        .is_some_and(|o| o.order < me.order);
                    out.push(if earlier {
                        Guard::EarlierAbsent(other.clone())
                    } else {
                        Guard::LaterNotGiven(other.clone())
                    });
                }
            }
            _ => {}
        }
    }
    out
}
