//! Translation: one **canonical request** (OpenAI's `POST /v1/images/generations` body with
//! the extensions image APIs share) into any model's dialect, with no silent change.
//!
//! The target's spec says where each canonical parameter goes (its `role`s, `crate::spec::role`)
//! and which sizes it can produce (the parts `output()` reads). The translated bodies are
//! validated by the target's own validator and their `output()` checked against the request:
//! exactly the pixels asked for, image counts that add up to `n`. Where that is impossible
//! the [`Policy`] decides: by default nothing may change and every blocking parameter is a
//! `not_translatable` violation; `nearest-size`, `split-n` and `drop` each allow one kind of
//! change, and every change made is reported as a [`Change`]. docs/translate.md is the
//! contract.
//!
//! ```
//! use capspec::translate::{self, ChangeCode, Policy};
//!
//! let canonical = br#"{"prompt": "a fox", "size": "2048x1152", "n": 2}"#;
//! let t = translate::translate("gccai/qwen-image-2.0", canonical, &Policy::EXACT)?;
//! let body = serde_json::to_value(&t.calls()[0])?;
//! assert_eq!(body["size"], "16:9");
//! assert_eq!(body["resolution"], "2K");
//! assert!(t.changes().is_empty());
//!
//! let strict = translate::translate("openai/dall-e-3", br#"{"prompt": "a fox", "negative_prompt": "rain"}"#, &Policy::EXACT);
//! assert_eq!(strict.unwrap_err().first().code(), capspec::Code::NotTranslatable);
//! let dropped = translate::translate("openai/dall-e-3", br#"{"prompt": "a fox", "negative_prompt": "rain"}"#, &"drop".parse()?)?;
//! assert_eq!(dropped.changes()[0].code, ChangeCode::ParameterDropped);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod canonical;
mod plan;
mod size;

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use serde::Serialize;
use serde::ser::{SerializeStruct, Serializer};
use serde_json::Value;

use crate::error::{Violation, Violations};
use crate::spec::Spec;
use crate::types::Output;
use crate::{Code, ValidRequest};

/// Which changes a translation may make. [`Policy::EXACT`] (the default) allows none.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Policy {
    /// `nearest-size`: the target's size nearest the requested one (same aspect ratio first,
    /// then the smallest difference in pixel area; ties to the larger size, then to the spec's
    /// order).
    pub nearest_size: bool,
    /// `split-n`: ceil(n / max) calls whose image counts add up to `n`.
    pub split_n: bool,
    /// `drop`: leave out a parameter the target has no place for.
    pub drop: bool,
}

impl Policy {
    /// No change allowed.
    pub const EXACT: Policy = Policy {
        nearest_size: false,
        split_n: false,
        drop: false,
    };

    /// The names `--allow` and the `capspec-allow` header take.
    pub const NAMES: [&'static str; 3] = ["nearest-size", "split-n", "drop"];
}

/// `nearest-size,split-n,drop` (any of them, comma-separated; empty is exact).
impl FromStr for Policy {
    type Err = String;

    fn from_str(list: &str) -> Result<Policy, String> {
        let mut policy = Policy::EXACT;
        for name in list.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            match name {
                "nearest-size" => policy.nearest_size = true,
                "split-n" => policy.split_n = true,
                "drop" => policy.drop = true,
                other => {
                    return Err(format!(
                        "{other:?} is not a change translation can allow; allow any of: {}",
                        Policy::NAMES.join(", ")
                    ));
                }
            }
        }
        Ok(policy)
    }
}

impl fmt::Display for Policy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let on = [self.nearest_size, self.split_n, self.drop];
        let names: Vec<&str> = Policy::NAMES
            .into_iter()
            .zip(on)
            .filter_map(|(n, on)| on.then_some(n))
            .collect();
        f.write_str(&names.join(","))
    }
}

/// What a change did. Stable: clients match on these.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeCode {
    /// The output size (or the aspect ratio) differs from the request (`nearest-size`).
    SizeChanged,
    /// `n` images in several calls (`split-n`); `to` lists the calls' counts.
    CountSplit,
    /// A parameter the target cannot carry was left out (`drop`).
    ParameterDropped,
    /// An enum value the target spells otherwise (its `role_map`): not a loss, no policy
    /// needed.
    ValueMapped,
}

impl ChangeCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeCode::SizeChanged => "size_changed",
            ChangeCode::CountSplit => "count_split",
            ChangeCode::ParameterDropped => "parameter_dropped",
            ChangeCode::ValueMapped => "value_mapped",
        }
    }
}

/// One change a translation made: `{"param", "code", "from", "to", "message"}`; `from` is the
/// requested value, `to` the delivered one (`null` for a dropped parameter).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Change {
    /// The canonical parameter, e.g. `size`.
    pub param: String,
    pub code: ChangeCode,
    pub from: Value,
    pub to: Value,
    pub message: String,
}

/// A translated request: the calls to make (each a request validated by the target's spec)
/// and every change made.
#[derive(Clone, Debug)]
pub struct Translation<R> {
    calls: Vec<R>,
    changes: Vec<Change>,
}

impl<R: ValidRequest> Translation<R> {
    /// The calls, at least one; each serializes to the body to send.
    pub fn calls(&self) -> &[R] {
        &self.calls
    }

    pub fn into_calls(self) -> Vec<R> {
        self.calls
    }

    /// The same translation with each call mapped (into a wrapper type, say).
    pub fn map<S: ValidRequest>(self, f: impl FnMut(R) -> S) -> Translation<S> {
        Translation {
            calls: self.calls.into_iter().map(f).collect(),
            changes: self.changes,
        }
    }

    /// Every change, in canonical parameter order; empty for an exact translation.
    pub fn changes(&self) -> &[Change] {
        &self.changes
    }

    /// The target's spec id.
    pub fn spec_id(&self) -> &str {
        self.calls.first().map_or("", ValidRequest::spec_id)
    }

    /// What the calls cost together (unknown if any call's cost is).
    pub fn cost(&self) -> crate::price::Cost {
        let costs: Vec<crate::price::Cost> = self.calls.iter().map(ValidRequest::cost).collect();
        crate::price::Cost::sum(&costs)
    }

    /// The pixels every call produces (where the spec determines them) and the images of all
    /// calls together.
    pub fn output(&self) -> Output {
        let first = self.calls.first().map(ValidRequest::output);
        Output {
            width: first.and_then(|o| o.width),
            height: first.and_then(|o| o.height),
            count: self.calls.iter().map(|c| c.output().count).sum(),
        }
    }
}

/// What `capspec translate` prints: `{"model", "width", "height", "n", "calls", "changes",
/// "cost"}`.
impl<R: ValidRequest> Serialize for Translation<R> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let out = self.output();
        let mut s = serializer.serialize_struct("Translation", 7)?;
        s.serialize_field("model", self.spec_id())?;
        s.serialize_field("width", &out.width)?;
        s.serialize_field("height", &out.height)?;
        s.serialize_field("n", &out.count)?;
        s.serialize_field("calls", &self.calls)?;
        s.serialize_field("changes", &self.changes)?;
        s.serialize_field("cost", &self.cost())?;
        s.end()
    }
}

/// Translates a canonical body (JSON bytes) for the spec `spec_id` of the shipped catalog,
/// validated by the compiled validators. An unknown id is a `model_not_found` violation.
pub fn translate(
    spec_id: &str,
    body: &[u8],
    policy: &Policy,
) -> Result<Translation<crate::Request<'static>>, Violations> {
    let Some(spec) = crate::spec(spec_id) else {
        return Err(unknown_spec(spec_id, crate::SPEC_IDS.iter().copied()));
    };
    run(spec, body, policy, |call| {
        crate::validate_spec_value(spec_id, call)
            .unwrap_or_else(|| Err(unknown_spec(spec_id, crate::SPEC_IDS.iter().copied())))
            .map(crate::Request::into_owned)
    })
}

pub(crate) fn unknown_spec<'a>(id: &str, ids: impl Iterator<Item = &'a str>) -> Violations {
    let ids: Vec<&str> = ids.collect();
    Violations::new(
        vec![Violation::new(
            Some(Cow::Borrowed("model")),
            Code::ModelNotFound,
            format!(
                "no spec {:?} to translate to; spec ids: {}",
                crate::error::echo(id),
                ids.join(", ")
            ),
        )],
        0,
    )
}

/// Translation with a target's validator: the canonical request checked, the bodies planned,
/// each validated and its output checked against the plan.
pub(crate) fn run<R: ValidRequest>(
    spec: &Spec,
    body: &[u8],
    policy: &Policy,
    validate: impl Fn(&Value) -> Result<R, Violations>,
) -> Result<Translation<R>, Violations> {
    if spec.model.body == crate::spec::BodyKind::Multipart {
        return Err(Violations::new(
            vec![Violation::new(
                None,
                Code::NotTranslatable,
                format!(
                    "{} takes a form with files (an edit); the canonical request is a generation and has no files to send it",
                    spec.id
                ),
            )],
            0,
        ));
    }
    let canonical = canonical::parse(body).map_err(|v| Violations::new(v, 0))?;
    let plan = plan::plan(spec, &canonical, policy).map_err(|v| Violations::new(v, 0))?;
    let mut calls = Vec::with_capacity(plan.bodies.len());
    for (body, &count) in plan.bodies.iter().zip(&plan.counts) {
        let call = match validate(body) {
            Ok(call) => call,
            Err(violations) => return Err(in_canonical_terms(&violations, &plan.provenance)),
        };
        let out = call.output();
        let size_ok = plan
            .size
            .is_none_or(|d| out.width == Some(d.width) && out.height == Some(d.height));
        if call.spec_id() != spec.id || !size_ok || u64::from(out.count) != count {
            return Err(Violations::new(
                vec![Violation::new(
                    None,
                    Code::NotTranslatable,
                    format!(
                        "the translated body asks {} for {}x{} pixels and {} images, not {} and {count}: a capspec bug, please report it",
                        call.spec_id(),
                        out.width.unwrap_or(0),
                        out.height.unwrap_or(0),
                        out.count,
                        plan.size
                            .map_or_else(|| "its default".to_owned(), |d| d.to_string())
                    ),
                )],
                0,
            ));
        }
        calls.push(call);
    }
    Ok(Translation {
        calls,
        changes: plan.changes,
    })
}

/// The target's violations at the caller's names: a member translation wrote is reported at
/// the canonical parameter it came from (`content` → `prompt`, `parameters.n` → `n`); one the
/// caller can only give through `provider_options` at `provider_options.<path>`.
fn in_canonical_terms(violations: &Violations, provenance: &[(String, String)]) -> Violations {
    let list = violations
        .iter()
        .map(|v| {
            let param = v.param().map(|p| {
                let origin = provenance
                    .iter()
                    .filter(|(target, _)| {
                        p == target
                            || p.strip_prefix(target.as_str())
                                .is_some_and(|rest| rest.starts_with(['.', '[']))
                    })
                    .max_by_key(|(target, _)| target.len());
                match origin {
                    Some((target, canonical)) => format!("{canonical}{}", &p[target.len()..]),
                    None => format!("provider_options.{p}"),
                }
            });
            Violation::new(param.map(Cow::Owned), v.code(), v.message().to_owned())
        })
        .collect();
    Violations::new(list, violations.omitted())
}
