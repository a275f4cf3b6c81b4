//! A registry's validators: each provider's slots and each model's checks, taken from the
//! plan (`capspec_spec::plan`) that generated code is made from too.

use crate::spec::plan::{self, Guard, SIZE_SIDES, Slots};
use crate::spec::{
    BodyKind, Bounds, Condition, Dims, Kind, Literal, NumberRule, RatioBounds, Rule, SizeRule,
    SizeSource, SizeTable, Spec, StringFormat, StringRule,
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
    /// `"model": null` means absent (the specs' `model` property is `nullable`).
    pub model_nullable: bool,
    /// Every `model` value, as messages list them.
    pub names: String,
    /// Where the endpoint path selects the spec (fal), each path with its model's index; empty
    /// for a provider whose bodies name their model.
    pub routes: Vec<(String, usize)>,
    /// `routes`' paths, as messages list them.
    pub endpoints: String,
    /// For a multipart form, the endpoint path its specs take it at; `None` for JSON.
    pub endpoint: Option<String>,
}

/// One model: its checks in spec order, and what its rules need, by property index.
#[derive(Debug)]
pub struct Model {
    /// Index of the spec in the registry.
    pub spec: usize,
    pub names: Vec<String>,
    /// `names`, as messages list them.
    pub names_list: String,
    pub props: Vec<Prop>,
    /// Required properties (not `model`), in order.
    pub required: Vec<usize>,
    /// The slots of nullable properties (`null` is absent).
    pub nullable: Vec<usize>,
    /// Leaves with a default, in order.
    pub defaults: Vec<usize>,
    /// Objects, deepest first (each after its members).
    pub objects: Vec<usize>,
    /// The conditions the rules read: `props[i]` is one of the values, an absent value being
    /// its default.
    pub conditions: Vec<(usize, Vec<Literal>)>,
    pub accepts: Vec<(Option<String>, String)>,
    /// Slots other models of the provider define and this one does not, with their paths.
    pub not_defined: Vec<(usize, String)>,
    pub rules: Vec<Step>,
    pub table: Option<Table>,
    pub custom: Option<Custom>,
    /// Where the output size comes from, first present wins.
    pub sizes: Vec<Source>,
    /// The property counting images.
    pub count: Option<usize>,
}

/// Whether a rule applies: condition `condition` holds (or, `negated`, does not).
#[derive(Clone, Copy, Debug)]
pub struct Fires {
    pub condition: usize,
    pub negated: bool,
}

/// A rule between properties, with its properties' indexes and its message text.
#[derive(Debug)]
pub enum Step {
    Require {
        fires: Fires,
        /// The condition as messages write it (`use_custom_size is true`).
        text: String,
        props: Vec<usize>,
    },
    Forbid {
        fires: Fires,
        /// The condition, unnegated.
        text: String,
        props: Vec<usize>,
    },
    Exclusive {
        props: Vec<usize>,
    },
    Allow {
        fires: Fires,
        prop: usize,
        values: Vec<Literal>,
        /// What the rule allows, as messages say it.
        text: String,
        /// Whether the property's default (if any) is one of the values.
        default_ok: bool,
    },
}

/// A custom size: its two properties and the pair's bounds.
#[derive(Debug)]
pub struct Custom {
    pub width: usize,
    pub height: usize,
    pub pixels: Bounds,
    pub aspect: RatioBounds,
}

/// A source of the output size.
#[derive(Debug)]
pub enum Source {
    Prop(usize),
    Table,
    Custom,
}

/// When a limited property's default applies, by property index.
#[derive(Clone, Copy, Debug)]
pub enum When {
    NotForbidden(Fires),
    EarlierAbsent(usize),
    LaterNotGiven(usize),
}

/// A size table with its properties' indexes.
#[derive(Debug)]
pub struct Table {
    pub ratio: usize,
    pub tier: usize,
    /// `cells[ratio][tier]`, by the enums' member indexes.
    pub cells: Vec<Vec<Option<Dims>>>,
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
    /// `null` means absent.
    pub nullable: bool,
    pub always: bool,
    /// When its default applies, for a property a rule may remove (else: always).
    pub guards: Vec<When>,
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
        step: i64,
    },
    Number(NumberRule),
    Choice {
        values: Vec<String>,
        /// For a fixed size list, the size of each member (`None` for one that names none).
        sizes: Option<Vec<Option<Dims>>>,
        /// What a member must be, as messages say it.
        requirement: String,
    },
    Size(SizeRule),
    /// A preset name or an object `{width, height}`.
    Preset {
        presets: Vec<(String, Dims)>,
        /// The preset names.
        names: Vec<String>,
        /// What a preset name must be, as messages say it.
        requirement: String,
        /// The bounds of the object form.
        object: SizeRule,
        /// The slots and paths of `width` and `height`.
        sides: [(usize, String); 2],
    },
    Url {
        public: bool,
    },
    Text {
        min: usize,
        max: Option<usize>,
    },
    Array {
        min: usize,
        max: Option<usize>,
        item: Box<Check>,
    },
    Object,
}

fn count(n: Option<u64>) -> Option<usize> {
    n.map(|m| usize::try_from(m).unwrap_or(usize::MAX))
}

impl Check {
    fn of(kind: &Kind, path: &str, slots: &Slots) -> Check {
        match kind {
            Kind::Model => Check::Model,
            Kind::Boolean => Check::Boolean,
            Kind::Integer(r) => Check::Integer {
                min: r.min(),
                max: r.max(),
                step: r.step(),
            },
            Kind::Number(r) => Check::Number(*r),
            Kind::Size(z) => {
                let side = |name: &str| {
                    let path = format!("{path}.{name}");
                    (slots.get(&path).map_or(usize::MAX, |s| s.index), path)
                };
                Check::Preset {
                    presets: z.presets.clone(),
                    names: z.presets.iter().map(|(n, _)| n.clone()).collect(),
                    requirement: crate::rt::choice::requirement(
                        &z.presets
                            .iter()
                            .map(|(n, _)| n.as_str())
                            .collect::<Vec<_>>(),
                    ),
                    object: z.object_rule(),
                    sides: SIZE_SIDES.map(side),
                }
            }
            Kind::String(r) if !r.enum_values.is_empty() => Check::Choice {
                requirement: crate::rt::choice::requirement(&r.enum_values),
                values: r.enum_values.clone(),
                sizes: match &r.format {
                    Some(StringFormat::Size(z)) => Some(
                        r.enum_values
                            .iter()
                            .map(|v| Dims::parse(v, z.separator))
                            .collect(),
                    ),
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
                min: count(r.min_length).unwrap_or(0),
                max: count(r.max_length),
            },
            Kind::Array(a) => Check::Array {
                min: count(a.min_items).unwrap_or(0),
                max: count(a.max_items),
                item: Box::new(Check::of(&a.items, path, slots)),
            },
            Kind::Object(_) => Check::Object,
        }
    }
}

/// The providers of `specs` whose bodies are JSON, sorted by id, each with its JSON specs in
/// load order.
pub fn providers(specs: &[Spec]) -> Vec<Provider> {
    let mut names: Vec<&str> = specs
        .iter()
        .filter(|s| s.model.body == BodyKind::Json)
        .map(|s| s.provider.as_str())
        .collect();
    names.sort_unstable();
    names.dedup();
    names
        .into_iter()
        .map(|name| group(specs, name, None))
        .collect()
}

/// The multipart forms of `specs`: one program per provider and endpoint path, whose text
/// fields a body's `model` routes among that endpoint's specs.
pub fn forms(specs: &[Spec]) -> Vec<Provider> {
    let mut keys: Vec<(&str, &str)> = specs
        .iter()
        .filter(|s| s.model.body == BodyKind::Multipart)
        .filter_map(|s| {
            Some((
                s.provider.as_str(),
                s.model.endpoint.as_ref()?.path.as_deref()?,
            ))
        })
        .collect();
    keys.sort_unstable();
    keys.dedup();
    keys.into_iter()
        .map(|(name, path)| group(specs, name, Some(path)))
        .collect()
}

/// The program of one provider's JSON specs (`endpoint` none) or of its multipart specs at one
/// endpoint path.
fn group(specs: &[Spec], name: &str, endpoint: Option<&str>) -> Provider {
    let mine: Vec<(usize, &Spec)> = specs
        .iter()
        .enumerate()
        .filter(|(_, s)| s.provider == name)
        .filter(|(_, s)| match endpoint {
            None => s.model.body == BodyKind::Json,
            Some(path) => {
                s.model.body == BodyKind::Multipart
                    && s.model.endpoint.as_ref().and_then(|e| e.path.as_deref()) == Some(path)
            }
        })
        .collect();
    let refs: Vec<&Spec> = mine.iter().map(|(_, s)| *s).collect();
    let slots = Slots::of(&refs);
    let models: Vec<Model> = mine.iter().map(|&(i, s)| model(i, s, &slots)).collect();
    let routes: Vec<(String, usize)> = refs
        .iter()
        .enumerate()
        .filter_map(|(i, s)| Some((s.routed_path()?.to_owned(), i)))
        .collect();
    let endpoints = routes
        .iter()
        .map(|(p, _)| p.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    Provider {
        endpoint: endpoint.map(str::to_owned),
        routes,
        endpoints,
        name: name.to_owned(),
        model_slot: slots.get("model").map_or(usize::MAX, |s| s.index),
        default: refs.iter().find_map(|s| s.model.default.clone()),
        model_nullable: refs.iter().any(|s| {
            s.properties
                .iter()
                .any(|p| p.kind == Kind::Model && p.nullable)
        }),
        names: refs
            .iter()
            .flat_map(|s| &s.model.names)
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(", "),
        slots,
        models,
    }
}

fn model(index: usize, spec: &Spec, slots: &Slots) -> Model {
    let plan = plan::Model::new(spec);
    // Every path a spec's rules, tables and output name is one of its properties (checked).
    let at = |path: &str| {
        plan.props
            .iter()
            .position(|q| q.prop.path == path)
            .unwrap_or(usize::MAX)
    };
    let fires = |when: &Condition| Fires {
        condition: plan.condition(when).unwrap_or(usize::MAX),
        negated: when.negated,
    };
    let props: Vec<Prop> = plan
        .props
        .iter()
        .map(|p| Prop {
            name: p.prop.name.clone(),
            path: p.prop.path.clone(),
            slot: slots.get(&p.prop.path).map_or(usize::MAX, |s| s.index),
            parent: p.prop.path.rsplit_once('.').map(|(parent, _)| at(parent)),
            children: match &p.prop.kind {
                Kind::Object(children) => children.iter().map(|c| at(&c.path)).collect(),
                _ => Vec::new(),
            },
            check: Check::of(&p.prop.kind, &p.prop.path, slots),
            required: p.prop.required,
            nullable: p.prop.nullable,
            always: p.always,
            guards: p
                .guards
                .iter()
                .map(|g| match g {
                    Guard::NotForbidden { condition, negated } => When::NotForbidden(Fires {
                        condition: *condition,
                        negated: *negated,
                    }),
                    Guard::EarlierAbsent(path) => When::EarlierAbsent(at(path)),
                    Guard::LaterNotGiven(path) => When::LaterNotGiven(at(path)),
                })
                .collect(),
            default: p.prop.default.clone(),
        })
        .collect();
    let rules = spec
        .rules
        .iter()
        .map(|rule| match rule {
            Rule::Require { when, paths, .. } => Step::Require {
                fires: fires(when),
                text: when.to_string(),
                props: paths.iter().map(|p| at(p)).collect(),
            },
            Rule::Forbid { when, paths, .. } => Step::Forbid {
                fires: fires(when),
                text: Condition {
                    negated: false,
                    ..when.clone()
                }
                .to_string(),
                props: paths.iter().map(|p| at(p)).collect(),
            },
            Rule::Exclusive { paths, .. } => Step::Exclusive {
                props: paths.iter().map(|p| at(p)).collect(),
            },
            Rule::Allow {
                when, path, values, ..
            } => Step::Allow {
                fires: fires(when),
                prop: at(path),
                values: values.clone(),
                text: crate::spec::allowed(values, when),
                default_ok: spec
                    .property(path)
                    .and_then(|p| p.default.as_ref())
                    .is_none_or(|d| values.contains(d)),
            },
        })
        .collect();
    Model {
        spec: index,
        names: spec.model.names.clone(),
        names_list: spec.model.names.join(", "),
        conditions: plan
            .conditions
            .iter()
            .map(|c| (at(&c.path), c.values.clone()))
            .collect(),
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
        rules,
        table: spec.size_table.as_ref().map(|t| Table {
            ratio: at(&t.ratio),
            tier: at(&t.tier),
            cells: cell_grid(t, &props[at(&t.ratio)].check, &props[at(&t.tier)].check),
            source: t.clone(),
        }),
        custom: spec.custom_size.as_ref().map(|c| Custom {
            width: at(&c.width),
            height: at(&c.height),
            pixels: c.pixels,
            aspect: c.aspect_ratio,
        }),
        sizes: spec
            .output
            .size
            .iter()
            .map(|s| match s {
                SizeSource::Property(path) => Source::Prop(at(path)),
                SizeSource::Table => Source::Table,
                SizeSource::Custom => Source::Custom,
            })
            .collect(),
        count: spec.output.count.as_deref().map(at),
        required: indexes(&props, |p| p.required && !matches!(p.check, Check::Model)),
        nullable: props
            .iter()
            .filter(|p| p.nullable)
            .map(|p| p.slot)
            .collect(),
        defaults: indexes(&props, |p| {
            p.default.is_some() && !matches!(p.check, Check::Model | Check::Object)
        }),
        objects: indexes(&props, |p| matches!(p.check, Check::Object))
            .into_iter()
            .rev()
            .collect(),
        props,
    }
}

/// The indexes of the properties `keep` keeps, in order.
fn indexes(props: &[Prop], keep: impl Fn(&Prop) -> bool) -> Vec<usize> {
    (0..props.len()).filter(|&i| keep(&props[i])).collect()
}

/// A size table's cells by the member indexes of its ratio and tier enums.
fn cell_grid(t: &SizeTable, ratio: &Check, tier: &Check) -> Vec<Vec<Option<Dims>>> {
    let members = |c: &Check| match c {
        Check::Choice { values, .. } => values.clone(),
        _ => Vec::new(),
    };
    let tiers = members(tier);
    members(ratio)
        .iter()
        .map(|r| tiers.iter().map(|tr| t.cell(r, tr)).collect())
        .collect()
}
