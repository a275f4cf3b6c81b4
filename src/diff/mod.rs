//! `capspec diff OLD NEW`: every change between two versions of a spec set, classified by a
//! stable check id and a level, with a request that proves each breaking one.
//!
//! The structural comparison (`compare.rs`) walks both versions' IR: model names, defaults,
//! every parameter's kind and bounds, rules, size tables, custom sizes, outputs, metadata.
//! Every change that rejects requests or changes their meaning then gets a witness
//! (`witness.rs`): a body valid under OLD that NEW rejects (or means something else by),
//! found among OLD's derived corpus or built for the change, and checked with both versions'
//! validators before it is reported. A last pass runs OLD's corpus through NEW and reports
//! what no structural check explains (`requests-rejected`, `requests-changed`), so that "no
//! `ERR`" means OLD's requests keep their verdict and meaning.
//!
//! The checks and their levels are in `checks.rs` and docs/diff.md.

mod checks;
mod compare;
mod format;
mod source;
mod witness;

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

pub use checks::{Check, Effect, Level, table};
pub use format::{Format, render, schema};
pub use source::{SourceError, Specs};

/// One change between two spec sets.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Change {
    /// The spec id the change is in (for a provider's default model, the spec the default
    /// routed to).
    pub spec: String,
    /// The stable check id.
    pub check: Check,
    pub level: Level,
    /// The dotted path of the parameter, where the change is about one.
    pub param: Option<String>,
    pub message: String,
    /// A request body that proves the change: valid under OLD and rejected by NEW, or (for a
    /// change of meaning) read differently by NEW: another normalized body, spec or output.
    pub witness: Option<Value>,
    /// The NEW spec file (the OLD one for what NEW removed) and the line the change is at.
    #[serde(skip)]
    pub file: String,
    #[serde(skip)]
    pub line: usize,
}

/// Every change, ERR first, with a count per level.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    pub changes: Vec<Change>,
    /// `{"ERR": n, "WARN": n, "INFO": n}`.
    pub summary: BTreeMap<String, usize>,
}

impl Report {
    /// Whether some change is at `level` or above.
    pub fn reaches(&self, level: Level) -> bool {
        self.changes.iter().any(|c| c.level >= level)
    }

    pub fn count(&self, level: Level) -> usize {
        self.changes.iter().filter(|c| c.level == level).count()
    }
}

/// The changes from `old` to `new`.
pub fn diff(old: &Specs, new: &Specs) -> Report {
    let pool = witness::Pool::new(&old.registry);
    let mut changes: Vec<Change> = compare::compare(&old.registry, &new.registry)
        .into_iter()
        .map(|f| {
            let witness = match f.check.effect() {
                Effect::None => None,
                _ => witness::find(&old.registry, &new.registry, &pool, &f),
            };
            let (file, line) = source::locate(old, new, &f);
            Change {
                spec: f.spec,
                check: f.check,
                level: f.check.level(),
                param: f.param,
                message: f.message,
                witness,
                file,
                line,
            }
        })
        .collect();
    for f in witness::unexplained(&old.registry, &new.registry, &pool, &changes) {
        let (file, line) = source::locate(old, new, &f.finding);
        changes.push(Change {
            spec: f.finding.spec,
            check: f.finding.check,
            level: f.finding.check.level(),
            param: f.finding.param,
            message: f.finding.message,
            witness: Some(f.witness),
            file,
            line,
        });
    }
    changes.sort_by(|a, b| {
        b.level
            .cmp(&a.level)
            .then_with(|| a.spec.cmp(&b.spec))
            .then_with(|| checks_order(a.check).cmp(&checks_order(b.check)))
            .then_with(|| a.param.cmp(&b.param))
    });
    let mut summary = BTreeMap::new();
    for level in [Level::Err, Level::Warn, Level::Info] {
        let n = changes.iter().filter(|c| c.level == level).count();
        summary.insert(level.as_str().to_owned(), n);
    }
    Report { changes, summary }
}

fn checks_order(c: Check) -> usize {
    Check::ALL
        .iter()
        .position(|x| *x == c)
        .unwrap_or(usize::MAX)
}
