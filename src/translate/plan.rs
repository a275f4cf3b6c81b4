//! From a canonical request to the target's bodies, one per call, with every change the
//! policy allowed and every parameter it blocked. Nothing here validates: the bodies go
//! through the target's own validator afterwards (`mod.rs`).

use std::borrow::Cow;

use serde_json::{Map, Value, json};

use super::canonical::Canonical;
use super::size::{Members, Sizes, ratio_distance};
use super::{Change, ChangeCode, Policy};
use crate::Code;
use crate::error::Violation;
use crate::spec::{Carrier, Condition, Dims, Kind, Param, Rule, Spec};

/// The bodies to validate, and what they must produce.
pub(super) struct Plan {
    /// One body per call.
    pub bodies: Vec<Value>,
    /// The images each call must produce.
    pub counts: Vec<u64>,
    /// The pixels every call must produce, where the request fixes them.
    pub size: Option<Dims>,
    pub changes: Vec<Change>,
    /// `(target path, canonical param)`: where each member of a body came from, so that a
    /// violation of the target is reported at the caller's name for it.
    pub provenance: Vec<(String, String)>,
}

pub(super) fn plan(spec: &Spec, c: &Canonical, policy: &Policy) -> Result<Plan, Vec<Violation>> {
    let mut p = Planner {
        spec,
        policy,
        body: Map::new(),
        blocked: Vec::new(),
        changes: Vec::new(),
        provenance: Vec::new(),
        size: None,
    };
    if let Some(model) = spec.properties.iter().find(|p| p.kind == Kind::Model) {
        let name = spec.model.names.first().cloned().unwrap_or_default();
        p.body.insert(model.name.clone(), Value::String(name));
        p.provenance.push((model.name.clone(), "model".to_owned()));
    }
    for (param, value) in &c.params {
        p.param(*param, value);
    }
    p.size(c);
    let counts = p.counts(c);
    p.options(c);
    if !p.blocked.is_empty() {
        return Err(p.blocked);
    }
    p.switches();
    let count_path = spec.output.count.clone();
    let bodies = counts
        .iter()
        .map(|&n| {
            let mut body = p.body.clone();
            if let (Some(path), true) = (&count_path, p.writes_count(c, counts.len())) {
                set(&mut body, path, json!(n));
            }
            Value::Object(body)
        })
        .collect();
    if let Some(path) = &count_path {
        p.provenance.push((path.clone(), "n".to_owned()));
    }
    Ok(Plan {
        bodies,
        counts,
        size: p.size,
        changes: p.changes,
        provenance: p.provenance,
    })
}

struct Planner<'s, 'p> {
    spec: &'s Spec,
    policy: &'p Policy,
    body: Map<String, Value>,
    blocked: Vec<Violation>,
    changes: Vec<Change>,
    provenance: Vec<(String, String)>,
    size: Option<Dims>,
}

impl Planner<'_, '_> {
    fn block(&mut self, param: &str, why: String) {
        self.blocked.push(Violation::new(
            Some(Cow::Owned(param.to_owned())),
            Code::NotTranslatable,
            why,
        ));
    }

    fn put(&mut self, members: Members, param: &str) {
        for (path, value) in members {
            set(&mut self.body, &path, value);
            self.provenance.push((path, param.to_owned()));
        }
    }

    /// A parameter a role carries (not `n`, `size` or `aspect_ratio`).
    fn param(&mut self, param: Param, value: &Value) {
        let name = param.as_str();
        let Some(Carrier::Property(prop, role)) = self.spec.carrier(param) else {
            if self.policy.drop {
                self.changes.push(Change {
                    param: name.to_owned(),
                    code: ChangeCode::ParameterDropped,
                    from: value.clone(),
                    to: Value::Null,
                    message: format!(
                        "{name} was left out: {} has no parameter for it",
                        self.spec.id
                    ),
                });
            } else {
                self.block(name, format!(
                    "{} has no parameter for {name}; --allow drop leaves it out (capspec-allow: drop)",
                    self.spec.id
                ));
            }
            return;
        };
        let mut value = value.clone();
        if let Some(text) = value.as_str() {
            let spelled = role.to_spec(text);
            if spelled != text {
                self.changes.push(Change {
                    param: name.to_owned(),
                    code: ChangeCode::ValueMapped,
                    from: value.clone(),
                    to: json!(spelled),
                    message: format!(
                        "{name} {text:?} is {spelled:?} at {} on {}",
                        prop.path, self.spec.id
                    ),
                });
                value = json!(spelled);
            }
        }
        self.put(vec![(prop.path.clone(), value)], name);
    }

    /// `size`, or `aspect_ratio` alone.
    fn size(&mut self, c: &Canonical) {
        let sizes = Sizes::of(self.spec);
        if let Some(want) = c.size {
            let Some(sizes) = sizes else {
                self.block(
                    "size",
                    format!(
                        "{} takes no size; leave size out (or \"auto\") for its default",
                        self.spec.id
                    ),
                );
                return;
            };
            if let Some(members) = sizes.exact(want) {
                self.size = Some(want);
                self.put(members, "size");
            } else if !self.policy.nearest_size {
                self.block("size", format!(
                    "{} cannot produce {want}; it produces {}; --allow nearest-size takes the nearest (capspec-allow: nearest-size)",
                    self.spec.id,
                    sizes.describe()
                ));
            } else if let Some((got, members)) = sizes.nearest(want) {
                self.changes.push(Change {
                    param: "size".to_owned(),
                    code: ChangeCode::SizeChanged,
                    from: json!(want.to_string()),
                    to: json!(got.to_string()),
                    message: format!("{} produces {got}, the nearest to {want}", self.spec.id),
                });
                self.size = Some(got);
                self.put(members, "size");
            } else {
                self.block(
                    "size",
                    format!(
                        "{} produces no size near {want}; it produces {}",
                        self.spec.id,
                        sizes.describe()
                    ),
                );
            }
            return;
        }
        if let Some((written, ratio)) = &c.aspect {
            self.aspect(written, *ratio, sizes.as_ref());
            return;
        }
        if c.auto
            && let Some(Carrier::Property(prop, _)) = self.spec.carrier(Param::Size)
            && let Kind::String(s) = &prop.kind
            && s.unsized_values.iter().any(|v| v == "auto")
        {
            self.put(vec![(prop.path.clone(), json!("auto"))], "size");
        }
    }

    /// An aspect ratio without a size: where the target takes a ratio, that; else its first
    /// listed size of the ratio.
    fn aspect(&mut self, written: &str, ratio: crate::spec::Ratio, sizes: Option<&Sizes>) {
        if let Some(Carrier::Property(prop, _)) = self.spec.carrier(Param::AspectRatio)
            && let Kind::String(s) = &prop.kind
        {
            let ratios: Vec<(&String, crate::spec::Ratio)> = s
                .enum_values
                .iter()
                .filter_map(|v| Some((v, crate::spec::Ratio::parse(v)?)))
                .collect();
            if let Some((member, _)) = ratios.iter().find(|(_, r)| *r == ratio) {
                let members = vec![(prop.path.clone(), json!(member))];
                self.size = self.table_cell(&prop.path, member);
                self.put(members, "aspect_ratio");
                return;
            }
            let nearest = ratios
                .iter()
                .min_by(|a, b| ratio_distance(a.1, ratio).total_cmp(&ratio_distance(b.1, ratio)));
            match nearest {
                Some((member, _)) if self.policy.nearest_size => {
                    self.changes.push(Change {
                        param: "aspect_ratio".to_owned(),
                        code: ChangeCode::SizeChanged,
                        from: json!(written),
                        to: json!(member),
                        message: format!(
                            "{} takes aspect ratio {member}, the nearest to {written}",
                            self.spec.id
                        ),
                    });
                    self.size = self.table_cell(&prop.path, member);
                    self.put(vec![(prop.path.clone(), json!(member))], "aspect_ratio");
                }
                _ => {
                    let list: Vec<&str> = ratios.iter().map(|(m, _)| m.as_str()).collect();
                    self.block("aspect_ratio", format!(
                        "{} takes the aspect ratios {}, not {written}; --allow nearest-size takes the nearest (capspec-allow: nearest-size)",
                        self.spec.id,
                        list.join(", ")
                    ));
                }
            }
            return;
        }
        let found = sizes.and_then(|s| s.of_ratio(ratio));
        if let Some((got, members)) = found {
            self.size = Some(got);
            self.put(members, "aspect_ratio");
            return;
        }
        let nearest = sizes.and_then(|s| s.nearest_ratio(ratio));
        match nearest {
            Some((got, members)) if self.policy.nearest_size => {
                self.changes.push(Change {
                    param: "aspect_ratio".to_owned(),
                    code: ChangeCode::SizeChanged,
                    from: json!(written),
                    to: json!(got.to_string()),
                    message: format!(
                        "{} produces {got}, the size nearest in ratio to {written}",
                        self.spec.id
                    ),
                });
                self.size = Some(got);
                self.put(members, "aspect_ratio");
            }
            _ => {
                let what = sizes.map_or_else(
                    || "takes no size".to_owned(),
                    |s| format!("produces {}", s.describe()),
                );
                self.block(
                    "aspect_ratio",
                    format!(
                        "{} {what}, and no size of ratio {written} without one; give size{}",
                        self.spec.id,
                        if nearest.is_some() {
                            ", or --allow nearest-size (capspec-allow: nearest-size)"
                        } else {
                            ""
                        }
                    ),
                );
            }
        }
    }

    /// The size-table cell a ratio member selects at the tier's default, if the member is the
    /// table's ratio.
    fn table_cell(&self, path: &str, member: &str) -> Option<Dims> {
        let table = self.spec.size_table.as_ref().filter(|t| t.ratio == path)?;
        let tier = self.spec.property(&table.tier)?;
        let default = match &tier.default {
            Some(crate::spec::Literal::Str(t)) => t.clone(),
            _ => return None,
        };
        table.cell(member, &default)
    }

    /// The images per call: one call when the target's count allows `n`, else (split-n)
    /// ceil(n / max) calls of at most max.
    fn counts(&mut self, c: &Canonical) -> Vec<u64> {
        let n = c.n.unwrap_or(1);
        let (min, max) = match self
            .spec
            .output
            .count
            .as_deref()
            .and_then(|p| self.spec.property(p))
        {
            Some(p) => match &p.kind {
                Kind::Integer(r) => (
                    u64::try_from(r.min()).unwrap_or(1).max(1),
                    u64::try_from(r.max()).unwrap_or(1).max(1),
                ),
                _ => (1, 1),
            },
            None => (1, 1),
        };
        if n < min {
            self.block(
                "n",
                format!(
                    "{} makes at least {min} images per call, not {n}",
                    self.spec.id
                ),
            );
            return vec![n];
        }
        if n <= max {
            return vec![n];
        }
        if !self.policy.split_n {
            self.block("n", format!(
                "{} makes at most {max} image{} per call, not {n}; --allow split-n makes several calls (capspec-allow: split-n)",
                self.spec.id,
                if max == 1 { "" } else { "s" }
            ));
            return vec![n];
        }
        let mut counts = vec![max; usize::try_from(n / max).unwrap_or(0)];
        if !n.is_multiple_of(max) {
            counts.push(n % max);
        }
        if counts.last().is_some_and(|&last| last < min) {
            self.block(
                "n",
                format!("{n} images cannot be split into calls of {min} to {max}"),
            );
        }
        self.changes.push(Change {
            param: "n".to_owned(),
            code: ChangeCode::CountSplit,
            from: json!(n),
            to: json!(counts),
            message: format!(
                "{} calls to {}, which makes at most {max} per call",
                counts.len(),
                self.spec.id
            ),
        });
        counts
    }

    /// Whether the bodies write the count: when the caller gave `n`, when there are several
    /// calls, or when the target's own default is not OpenAI's one image.
    fn writes_count(&self, c: &Canonical, calls: usize) -> bool {
        if c.n.is_some() || calls > 1 {
            return true;
        }
        let count = self
            .spec
            .output
            .count
            .as_deref()
            .and_then(|p| self.spec.property(p));
        matches!(count.and_then(|p| p.default.as_ref()), Some(d) if *d != crate::spec::Literal::Int(1))
    }

    /// `provider_options`, merged as the target names its members; a member translation set
    /// is a conflict.
    fn options(&mut self, c: &Canonical) {
        let Some(options) = &c.options else {
            return;
        };
        let mut leaves = Vec::new();
        flatten(options, "", &mut leaves);
        for (path, value) in leaves {
            let taken = self.provenance.iter().any(|(p, _)| {
                p == &path
                    || path.starts_with(&format!("{p}."))
                    || p.starts_with(&format!("{path}."))
            }) || (self.spec.output.count.as_deref() == Some(path.as_str()));
            if taken {
                self.blocked.push(Violation::new(
                    Some(Cow::Owned(format!("provider_options.{path}"))),
                    Code::ConflictingParameters,
                    format!("provider_options.{path} sets {path} of {}, which the canonical request already sets; give it once", self.spec.id),
                ));
                continue;
            }
            set(&mut self.body, &path, value);
            self.provenance
                .push((path.clone(), format!("provider_options.{path}")));
        }
    }

    /// `unless = { P = v } forbid = [X]` with X set: P is set to v (a custom size's switch,
    /// `use_custom_size = true`), unless the caller set P.
    fn switches(&mut self) {
        let set_paths: Vec<String> = self.provenance.iter().map(|(p, _)| p.clone()).collect();
        for rule in &self.spec.rules {
            let Rule::Forbid {
                when:
                    Condition {
                        path,
                        values,
                        negated: true,
                    },
                paths,
                ..
            } = rule
            else {
                continue;
            };
            let needed = paths.iter().any(|p| set_paths.contains(p));
            if needed
                && !set_paths.contains(path)
                && let Some(v) = values.first()
            {
                set(&mut self.body, path, v.to_json());
                let from = set_paths
                    .iter()
                    .find(|p| paths.contains(p))
                    .and_then(|p| self.provenance.iter().find(|(q, _)| q == p))
                    .map(|(_, c)| c.clone())
                    .unwrap_or_default();
                self.provenance.push((path.clone(), from));
            }
        }
    }
}

/// Sets a dotted path in a body, making the objects on the way.
fn set(body: &mut Map<String, Value>, path: &str, value: Value) {
    match path.split_once('.') {
        None => {
            body.insert(path.to_owned(), value);
        }
        Some((head, rest)) => {
            let child = body
                .entry(head.to_owned())
                .or_insert_with(|| Value::Object(Map::new()));
            if !child.is_object() {
                *child = Value::Object(Map::new());
            }
            if let Value::Object(map) = child {
                set(map, rest, value);
            }
        }
    }
}

/// Every non-object value of an object, with its dotted path.
fn flatten(map: &Map<String, Value>, prefix: &str, out: &mut Vec<(String, Value)>) {
    for (key, value) in map {
        let path = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        match value {
            Value::Object(inner) if !inner.is_empty() => flatten(inner, &path, out),
            _ => out.push((path, value.clone())),
        }
    }
}
