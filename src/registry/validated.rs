//! A request a registry validated: its values, borrowed from the body where they can be, and
//! the normalized body they serialize to.

use std::borrow::Cow;

use serde::ser::{Serialize, SerializeMap, Serializer};

use super::program::{Check, Model};
use crate::spec::Spec;
use crate::types::Output;

/// A checked value.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Val<'a> {
    Bool(bool),
    Int(i64),
    Number(crate::rt::number::Num),
    /// A size given as a preset (its index) or as an object (`None`).
    Preset(Option<usize>, crate::spec::Dims),
    /// A free size, as given, and its size.
    Size(Cow<'a, str>, crate::spec::Dims),
    /// Text, a URL.
    Str(Cow<'a, str>),
    /// The index of an enum member.
    Choice(usize),
    List(Vec<Val<'a>>),
    /// An object whose members are values of their own.
    Object,
    /// The property's default (a string, held by the registry's spec).
    Default,
}

impl Val<'_> {
    fn into_owned(self) -> Val<'static> {
        match self {
            Val::Bool(b) => Val::Bool(b),
            Val::Int(i) => Val::Int(i),
            Val::Number(n) => Val::Number(n),
            Val::Preset(p, d) => Val::Preset(p, d),
            Val::Str(s) => Val::Str(Cow::Owned(s.into_owned())),
            Val::Size(s, d) => Val::Size(Cow::Owned(s.into_owned()), d),
            Val::Choice(c) => Val::Choice(c),
            Val::List(items) => Val::List(items.into_iter().map(Val::into_owned).collect()),
            Val::Object => Val::Object,
            Val::Default => Val::Default,
        }
    }
}

/// A valid, normalized request to a model of a [`super::Registry`]: defaults applied, every
/// rule of the spec holds. Serializes to the normalized body, as a compiled request does.
#[derive(Clone, Debug)]
pub struct Validated<'r, 'a> {
    model: &'r Model,
    spec: &'r Spec,
    /// The `model` value, as given or defaulted.
    name: &'r str,
    /// Per property of the model (spec order): its value after defaults.
    values: Vec<Option<Val<'a>>>,
    output: Output,
}

impl PartialEq for Validated<'_, '_> {
    fn eq(&self, other: &Self) -> bool {
        self.spec.id == other.spec.id
            && self.name == other.name
            && self.values == other.values
            && self.output == other.output
    }
}

impl<'r, 'a> Validated<'r, 'a> {
    pub(super) fn new(
        model: &'r Model,
        spec: &'r Spec,
        name: &'r str,
        values: Vec<Option<Val<'a>>>,
        output: Output,
    ) -> Self {
        Validated {
            model,
            spec,
            name,
            values,
            output,
        }
    }

    /// The id of the spec the request was validated against.
    pub fn spec_id(&self) -> &'r str {
        &self.spec.id
    }

    /// The spec the request was validated against.
    pub fn spec(&self) -> &'r Spec {
        self.spec
    }

    /// Output width and height in pixels (where the spec determines them) and image count.
    pub fn output(&self) -> Output {
        self.output
    }

    /// The request with every string it borrows from the body copied.
    pub fn into_owned(self) -> Validated<'r, 'static> {
        Validated {
            model: self.model,
            spec: self.spec,
            name: self.name,
            values: self
                .values
                .into_iter()
                .map(|v| v.map(Val::into_owned))
                .collect(),
            output: self.output,
        }
    }

    /// The normalized body as a JSON value.
    pub fn to_value(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or_default()
    }
}

impl crate::ValidRequest for Validated<'_, '_> {
    fn spec_id(&self) -> &str {
        &self.spec.id
    }

    fn spec(&self) -> Option<&Spec> {
        Some(self.spec)
    }

    fn output(&self) -> Output {
        self.output
    }
}

/// The members of one object of the request: top-level properties, or an object's.
struct Members<'v, 'r, 'a> {
    request: &'v Validated<'r, 'a>,
    /// Indexes into the model's properties.
    members: Vec<usize>,
}

impl Serialize for Members<'_, '_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let r = self.request;
        let mut map = serializer.serialize_map(None)?;
        for &i in &self.members {
            let p = &r.model.props[i];
            match (&p.check, &r.values[i]) {
                (Check::Model, _) => map.serialize_entry(&p.name, r.name)?,
                (_, None) => {}
                (Check::Object, Some(_)) => {
                    let inner = Members {
                        request: r,
                        members: p.children.clone(),
                    };
                    map.serialize_entry(&p.name, &inner)?;
                }
                (_, Some(Val::Default)) => {
                    if let Some(d) = &p.default {
                        map.serialize_entry(&p.name, &d.to_json())?;
                    }
                }
                (check, Some(v)) => map.serialize_entry(&p.name, &Typed { check, value: v })?,
            }
        }
        map.end()
    }
}

/// A value with its check, which names an enum member.
struct Typed<'c, 'v, 'a> {
    check: &'c Check,
    value: &'v Val<'a>,
}

impl Serialize for Typed<'_, '_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match (self.value, self.check) {
            (Val::Bool(b), _) => serializer.serialize_bool(*b),
            (Val::Int(i), _) => serializer.serialize_i64(*i),
            (Val::Number(n), _) => crate::rt::number::serialize(n.value, n.integer, serializer),
            (Val::Preset(p, dims), Check::Preset { names, .. }) => {
                crate::rt::size::serialize_preset(
                    p.and_then(|i| names.get(i)).map(String::as_str),
                    *dims,
                    serializer,
                )
            }
            (Val::Str(s) | Val::Size(s, _), _) => serializer.serialize_str(s),
            (Val::Choice(c), Check::Choice { values, .. }) => {
                serializer.serialize_str(values.get(*c).map_or("", String::as_str))
            }
            (Val::List(items), Check::Array { item, .. }) => {
                serializer.collect_seq(items.iter().map(|value| Typed { check: item, value }))
            }
            _ => serializer.serialize_unit(),
        }
    }
}

/// The normalized body: every property with a value, in spec order.
impl Serialize for Validated<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let members = (0..self.model.props.len())
            .filter(|&i| self.model.props[i].parent.is_none())
            .collect();
        Members {
            request: self,
            members,
        }
        .serialize(serializer)
    }
}
