//! The catalog set: every shipped spec's realistic body (the doc's example where it prints
//! one), the same with one violation and with three, through capspec (compiled and at run
//! time) and the `jsonschema` crate's run-time validator with capspec's keywords. What
//! `cargo bench --bench validate` measures, and `benches/counts.py` counts.
//!
//! The set is the specs a provider routes to by the body's `model` and that take JSON: a spec
//! selected by its endpoint path (fal) or taking a multipart form (OpenAI's edits) is validated
//! through other entry points, and leaving them out keeps the set comparable across runs.

use std::hint::black_box;

use capspec::Provider;
use serde_json::Value;

use crate::corpus::{self, realistic};

/// One body of the catalog set.
pub struct Body {
    pub provider: Provider,
    pub bytes: Vec<u8>,
    pub value: Value,
    /// Index of its spec's validator in [`Set::validators`].
    pub schema: usize,
}

/// The bodies of each kind (in [`crate::KINDS`] order), one per spec, and each spec's
/// schema validator.
pub struct Set {
    pub kinds: Vec<Vec<Body>>,
    pub validators: Vec<jsonschema::Validator>,
}

/// The catalog set, checked: each body has exactly 0, 1 or 3 violations.
pub fn bodies() -> Set {
    let specs: Vec<&capspec::spec::Spec> = capspec::specs()
        .iter()
        .filter(|s| s.routed_path().is_none() && s.model.body == capspec::spec::BodyKind::Json)
        .collect();
    let validators = specs
        .iter()
        .map(|s| capspec::schema::validator(&s.id).expect("the schema compiles"))
        .collect();
    let mut sets: Vec<Vec<Body>> = vec![Vec::new(), Vec::new(), Vec::new()];
    for (i, spec) in specs.iter().enumerate() {
        let provider: Provider = spec.provider.parse().expect("a shipped provider");
        for (set, (value, bytes)) in sets
            .iter_mut()
            .zip(corpus::kinds(spec, realistic(spec, true)))
        {
            set.push(Body {
                provider,
                bytes,
                value,
                schema: i,
            });
        }
    }
    Set {
        kinds: sets,
        validators,
    }
}

/// What is measured on the catalog set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Function {
    CapspecBytes,
    CapspecValue,
    RegistryBytes,
    RegistryValue,
    JsonschemaBytes,
    JsonschemaValue,
}

impl Function {
    pub const ALL: [Function; 6] = [
        Function::CapspecBytes,
        Function::CapspecValue,
        Function::RegistryBytes,
        Function::RegistryValue,
        Function::JsonschemaBytes,
        Function::JsonschemaValue,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Function::CapspecBytes => "capspec_bytes",
            Function::CapspecValue => "capspec_value",
            Function::RegistryBytes => "registry_bytes",
            Function::RegistryValue => "registry_value",
            Function::JsonschemaBytes => "jsonschema_bytes",
            Function::JsonschemaValue => "jsonschema_value",
        }
    }

    /// Validates every body of one kind once: `is_valid` for the schema validator on valid
    /// bodies, every error collected on invalid ones.
    pub fn run(self, set: &Set, kind: usize) {
        let registry = capspec::CATALOG.registry();
        let valid = kind == 0;
        for body in &set.kinds[kind] {
            let schema = |value: &Value| {
                let v = &set.validators[body.schema];
                if valid {
                    v.is_valid(value)
                } else {
                    black_box(v.iter_errors(value).collect::<Vec<_>>()).is_empty()
                }
            };
            let ok = match self {
                Function::CapspecBytes => {
                    body.provider.validate_slice(black_box(&body.bytes)).is_ok()
                }
                Function::CapspecValue => {
                    body.provider.validate_value(black_box(&body.value)).is_ok()
                }
                Function::RegistryBytes => registry
                    .validate_slice(body.provider.as_str(), black_box(&body.bytes))
                    .is_ok(),
                Function::RegistryValue => registry
                    .validate_value(body.provider.as_str(), black_box(&body.value))
                    .is_ok(),
                Function::JsonschemaBytes => {
                    let value: Value =
                        serde_json::from_slice(black_box(&body.bytes)).unwrap_or_default();
                    schema(&value)
                }
                Function::JsonschemaValue => schema(black_box(&body.value)),
            };
            black_box(ok);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalog_set_builds_and_every_function_runs_on_it() {
        // `bodies()` asserts each body's violation count.
        let set = bodies();
        assert!(set.kinds.iter().all(|k| k.len() == set.validators.len()));
        assert!(set.validators.len() >= 19, "{}", set.validators.len());
        for f in Function::ALL {
            for kind in 0..set.kinds.len() {
                f.run(&set, kind);
            }
        }
    }
}
