//! A registry's validators: each provider's slots and each model's checks, taken from the
//! plan (`capspec_spec::plan`) that generated code is made from too.

use crate::spec::plan::{self, Guard, Slots};
use crate::spec::{
    Condition, CustomSize, Dims, Kind, Literal, Output, Property, Rule, SizeRule, SizeTable, Spec,
    StringFormat, StringRule,
};

/// One provider: the slots its bodies are captured into, and its models.
#[derive(Debug)]
pub struct Provider {
    pub name: String,
    pub slots: Slots,
    /// The slot of `model`.
    pub model_slot: usize,
    pub models: Vec<Model>,
    /// The name a body without `model` gets.
    pub default: Option<String>,
    /// Every `model` value, as messages list them.
    pub names: String,
}

/// One model: its checks in spec order, and what its rules need.
#[derive(Debug)]
pub struct Model {
    /// Index of the spec in the registry.
    pub spec: usize,
    pub names: Vec<String>,
    /// `names`, as messages list them.
    pub names_list: String,
    pub props: Vec<Prop>,
    pub conditions: Vec<Condition>,
    pub accepts: Vec<(Option<String>, String)>,
    /// Slots other models of the provider define and this one does not, with their paths.
    pub not_defined: Vec<(usize, String)>,
    pub rules: Vec<Rule>,
    pub table: Option<Table>,
    pub custom: Option<CustomSize>,
    pub output: Output,
}

/// A size table with its properties' indexes.
#[derive(Debug)]
pub struct Table {
    pub ratio: usize,
    pub tier: usize,
    pub source: SizeTable,
}

/// One property: how its value is checked, and how it is finalized.
#[derive(Debug)]
pub struct Prop {
    pub name: String,
    pub path: String,
    pub slot: usize,
    /// The enclosing object's index in [`Model::props`].
    pub parent: Option<usize>,
    /// An object's members' indexes.
    pub children: Vec<usize>,
    pub check: Check,
    pub required: bool,
    pub always: bool,
    pub limited: bool,
    pub guards: Vec<Guard>,
    pub default: Option<Literal>,
}

/// The check of a value.
#[derive(Clone, Debug)]
pub enum Check {
    Model,
    Boolean,
    Integer {
        min: i64,
        max: i64,
    },
    Choice {
        values: Vec<String>,
        sizes: Option<char>,
    },
    Size(SizeRule),
    Url {
        public: bool,
    },
    Text {
        max: Option<usize>,
    },
    Array {
        max: Option<usize>,
        item: Box<Check>,
    },
    Object,
}

impl Check {
    fn of(kind: &Kind) -> Check {
        match kind {
            Kind::Model => Check::Model,
            Kind::Boolean => Check::Boolean,
            Kind::Integer(r) => Check::Integer {
                min: r.min(),
                max: r.max(),
            },
            Kind::String(r) if !r.enum_values.is_empty() => Check::Choice {
                values: r.enum_values.clone(),
                sizes: match &r.format {
                    Some(StringFormat::Size(z)) => Some(z.separator),
                    _ => None,
                },
            },
            Kind::String(StringRule {
                format: Some(StringFormat::Size(z)),
                ..
            }) => Check::Size(z.clone()),
            Kind::String(StringRule {
                format: Some(StringFormat::Url(u)),
                ..
            }) => Check::Url { public: u.public },
            Kind::String(r) => Check::Text {
                max: r
                    .max_length
                    .map(|m| usize::try_from(m).unwrap_or(usize::MAX)),
            },
            Kind::Array(a) => Check::Array {
                max: a
                    .max_items
                    .map(|m| usize::try_from(m).unwrap_or(usize::MAX)),
                item: Box::new(Check::of(&a.items)),
            },
            Kind::Object(_) => Check::Object,
        }
    }
}

impl Model {
    pub fn prop(&self, path: &str) -> Option<usize> {
        self.props.iter().position(|p| p.path == path)
    }
}

/// The providers of `specs`, sorted by id, each with its specs in load order.
pub fn providers(specs: &[Spec]) -> Vec<Provider> {
    let mut names: Vec<&str> = specs.iter().map(|s| s.provider.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    names
        .into_iter()
        .map(|name| {
            let mine: Vec<(usize, &Spec)> = specs
                .iter()
                .enumerate()
                .filter(|(_, s)| s.provider == name)
                .collect();
            let refs: Vec<&Spec> = mine.iter().map(|(_, s)| *s).collect();
            let slots = Slots::of(&refs);
            let models: Vec<Model> = mine.iter().map(|&(i, s)| model(i, s, &slots)).collect();
            Provider {
                name: name.to_owned(),
                model_slot: slots.get("model").map_or(usize::MAX, |s| s.index),
                default: refs.iter().find_map(|s| s.model.default.clone()),
                names: refs
                    .iter()
                    .flat_map(|s| &s.model.names)
                    .map(String::as_str)
                    .collect::<Vec<_>>()
                    .join(", "),
                slots,
                models,
            }
        })
        .collect()
}

fn model(index: usize, spec: &Spec, slots: &Slots) -> Model {
    let plan = plan::Model::new(spec);
    let position = |p: &Property| plan.props.iter().position(|q| q.prop.path == p.path);
    let props: Vec<Prop> = plan
        .props
        .iter()
        .map(|p| Prop {
            name: p.prop.name.clone(),
            path: p.prop.path.clone(),
            slot: slots.get(&p.prop.path).map_or(usize::MAX, |s| s.index),
            parent: p
                .prop
                .path
                .rsplit_once('.')
                .and_then(|(parent, _)| plan.props.iter().position(|q| q.prop.path == parent)),
            children: match &p.prop.kind {
                Kind::Object(children) => children.iter().filter_map(position).collect(),
                _ => Vec::new(),
            },
            check: Check::of(&p.prop.kind),
            required: p.prop.required,
            always: p.always,
            limited: p.limited,
            guards: p.guards.clone(),
            default: p.prop.default.clone(),
        })
        .collect();
    let table = spec.size_table.as_ref().map(|t| Table {
        ratio: position_of(&props, &t.ratio),
        tier: position_of(&props, &t.tier),
        source: t.clone(),
    });
    Model {
        spec: index,
        names: spec.model.names.clone(),
        names_list: spec.model.names.join(", "),
        conditions: plan.conditions.clone(),
        accepts: plan
            .accepts
            .iter()
            .map(|(o, list)| (o.map(str::to_owned), list.clone()))
            .collect(),
        not_defined: slots
            .not_defined(spec)
            .into_iter()
            .map(|s| (s.index, s.path.clone()))
            .collect(),
        rules: spec.rules.clone(),
        table,
        custom: spec.custom_size.clone(),
        output: spec.output.clone(),
        props,
    }
}

fn position_of(props: &[Prop], path: &str) -> usize {
    props
        .iter()
        .position(|p| p.path == path)
        .unwrap_or(usize::MAX)
}

/// The size a member of a fixed size list stands for.
pub fn choice_dims(value: &str, separator: char) -> Option<Dims> {
    Dims::parse(value, separator)
}
