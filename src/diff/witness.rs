//! Witnesses: for a change that rejects requests, a body valid under OLD that NEW rejects; for
//! one that changes their meaning, a body valid under OLD that NEW reads differently (another
//! normalized body, spec or output) or rejects. Each is checked with both versions'
//! validators before it is reported.

use std::collections::HashMap;

use serde_json::Value;

use super::Change;
use super::checks::{Check, Effect};
use super::compare::Finding;
use crate::Registry;
use crate::registry::Validated;

/// Seed and count of the random bodies OLD's corpus adds to its derived cases.
const SEED: u64 = 1;
const RANDOM: usize = 100;

/// OLD's valid bodies per spec id: the derived cases and random bodies that OLD accepts.
pub struct Pool {
    bodies: HashMap<String, Vec<Value>>,
}

impl Pool {
    pub fn new(old: &Registry) -> Pool {
        let bodies = old
            .specs()
            .iter()
            .map(|spec| {
                let valid = capspec_corpus::cases(spec)
                    .into_iter()
                    .chain(capspec_corpus::random(spec, SEED, RANDOM))
                    .map(|c| c.body)
                    .filter(|b| matches!(old.validate_spec_value(&spec.id, b), Some(Ok(_))))
                    .collect();
                (spec.id.clone(), valid)
            })
            .collect();
        Pool { bodies }
    }

    fn of(&self, id: &str) -> &[Value] {
        self.bodies.get(id).map_or(&[], Vec::as_slice)
    }
}

/// What a validation says, to compare versions: the spec, the normalized body and the output.
fn outcome(r: &Validated<'_, '_>) -> (String, Value, crate::types::Output) {
    (r.spec_id().to_owned(), r.to_value(), r.output())
}

/// Whether a violation's param is (inside) `param`.
fn relates(violation: Option<&str>, param: &str) -> bool {
    violation.is_some_and(|v| {
        v == param
            || v.strip_prefix(param)
                .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
    })
}

/// Whether `body` proves the finding.
fn proves(old: &Registry, new: &Registry, f: &Finding, body: &Value) -> bool {
    let provider = || {
        old.spec(&f.spec)
            .map(|s| s.provider.clone())
            .unwrap_or_default()
    };
    match f.check {
        Check::SpecRemoved | Check::ModelNameRemoved => {
            let before = matches!(old.validate_spec_value(&f.spec, body), Some(Ok(_)));
            let after = new
                .validate_value(&provider(), body)
                .map(|r| r.spec_id().to_owned());
            before && !after.is_ok_and(|id| id == f.spec)
        }
        Check::DefaultModelChanged => {
            if body.get("model").is_some() {
                return false;
            }
            let before = old
                .validate_value(&provider(), body)
                .map(|r| r.spec_id().to_owned());
            let after = new.validate_value(&provider(), body).map(|r| outcome(&r));
            before.is_ok_and(|id| id == f.spec) && !after.is_ok_and(|(id, _, _)| id == f.spec)
        }
        _ => {
            let Some(Ok(before)) = old.validate_spec_value(&f.spec, body) else {
                return false;
            };
            let after = new.validate_spec_value(&f.spec, body);
            match (f.check.effect(), after) {
                (Effect::Rejects, Some(Err(v))) => match (&f.param, f.check) {
                    (_, Check::RuleAdded | Check::RequestsRejected) | (None, _) => true,
                    (Some(p), _) => v.iter().any(|v| relates(v.param(), p)),
                },
                (Effect::Changes, Some(Ok(after))) => outcome(&before) != outcome(&after),
                // A changed meaning may also make NEW reject the request (a default that
                // wakes a rule).
                (Effect::Changes, Some(Err(_))) => true,
                _ => false,
            }
        }
    }
}

/// A witness of the finding, if one is found.
pub fn find(old: &Registry, new: &Registry, pool: &Pool, f: &Finding) -> Option<Value> {
    f.candidates
        .iter()
        .chain(pool.of(&f.spec))
        .find(|b| proves(old, new, f, b))
        .cloned()
}

/// A change no structural check named, with the body that shows it.
pub struct Unexplained {
    pub finding: Finding,
    pub witness: Value,
}

/// Runs OLD's corpus through NEW: for each spec in both, the first body NEW rejects for a
/// reason no reported change names (`requests-rejected`), and the first NEW accepts with
/// another meaning where no reported change says the meaning may change (`requests-changed`).
pub fn unexplained(
    old: &Registry,
    new: &Registry,
    pool: &Pool,
    changes: &[Change],
) -> Vec<Unexplained> {
    let mut out = Vec::new();
    for spec in old.specs() {
        if new.spec(&spec.id).is_none() {
            continue;
        }
        let mine: Vec<&Change> = changes.iter().filter(|c| c.spec == spec.id).collect();
        let changes_meaning = mine.iter().any(|c| c.check.effect() == Effect::Changes);
        let (mut rejected, mut changed) = (false, false);
        for body in pool.of(&spec.id) {
            let Some(Ok(before)) = old.validate_spec_value(&spec.id, body) else {
                continue;
            };
            match new.validate_spec_value(&spec.id, body) {
                Some(Err(v)) if !rejected => {
                    let named = mine.iter().any(|c| {
                        c.check.effect() == Effect::Rejects
                            && (c.check == Check::RuleAdded
                                || c.param
                                    .as_deref()
                                    .is_none_or(|p| v.iter().any(|v| relates(v.param(), p))))
                    });
                    if !named {
                        rejected = true;
                        out.push(Unexplained {
                            finding: Finding {
                                spec: spec.id.clone(),
                                check: Check::RequestsRejected,
                                param: v.first().param().map(str::to_owned),
                                message: format!(
                                    "a request valid before is rejected: {}",
                                    v.first().message()
                                ),
                                candidates: Vec::new(),
                                rule: None,
                            },
                            witness: body.clone(),
                        });
                    }
                }
                Some(Ok(after))
                    if !changed && !changes_meaning && outcome(&before) != outcome(&after) =>
                {
                    changed = true;
                    out.push(Unexplained {
                        finding: Finding {
                            spec: spec.id.clone(),
                            check: Check::RequestsChanged,
                            param: None,
                            message: "a request valid before and now is normalized differently or asks for another output".to_owned(),
                            candidates: Vec::new(),
                            rule: None,
                        },
                        witness: body.clone(),
                    });
                }
                _ => {}
            }
        }
    }
    out
}
