//! What a Rust user would write instead of capspec, run on the same bodies as capspec, for
//! `cargo bench --bench peers` and the instruction counts of `benches/counts.py`:
//!
//! - hand-written serde request structs, without checks (the floor) and with `garde` rules
//!   plus the rules between parameters garde cannot say ([`garde_models`]);
//! - `jsonschema`'s compile-time validator (`#[jsonschema::validator]`) on the emitted request
//!   schemas (`schemas/`, kept equal to the emitted ones by a test), with capspec's keywords;
//! - capspec itself, compiled and at run time (`Registry`).
//!
//! Three models of different shape: a size table (`gccai/qwen-image-2.0`), a free size bounded
//! by area and aspect ratio inside a `parameters` object (`bailian/wan2.6-t2i`), and a custom
//! size with rules between parameters (`empiriolabs/qwen-image-2-0`). Per model, one realistic
//! valid body, the same with one violation, and with three.

pub mod catalog;
mod corpus;
pub mod garde_models;

use std::hint::black_box;

use capspec::Provider;
use garde::Validate;
use serde_json::Value;

use corpus::{kinds, realistic};

use garde_models::{Bailian, Empiriolabs, Gccai};

/// A compile-time `jsonschema` validator of an emitted schema, with capspec's keywords.
macro_rules! schema_validator {
    ($name:ident, $path:literal) => {
        #[jsonschema::validator(
                    path = $path,
                    draft = Draft202012,
                    keywords = {
                        "x-capspec-size" => ::capspec::schema::keywords::size_factory,
                        "x-capspec-url" => ::capspec::schema::keywords::url_factory,
                        "x-capspec-size-table" => ::capspec::schema::keywords::table_factory,
                        "x-capspec-custom-size" => ::capspec::schema::keywords::custom_factory,
                    }
                )]
        pub struct $name;
    };
}

schema_validator!(GccaiSchema, "schemas/gccai__qwen-image-2.0.json");
schema_validator!(BailianSchema, "schemas/bailian__wan2.6-t2i.json");
schema_validator!(
    EmpiriolabsSchema,
    "schemas/empiriolabs__qwen-image-2-0.json"
);

/// The three models.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Model {
    Gccai,
    Bailian,
    Empiriolabs,
}

/// Each model with its spec id.
pub const MODELS: [(Model, &str); 3] = [
    (Model::Gccai, "gccai/qwen-image-2.0"),
    (Model::Bailian, "bailian/wan2.6-t2i"),
    (Model::Empiriolabs, "empiriolabs/qwen-image-2-0"),
];

impl Model {
    /// serde alone: whether the body reads into the struct.
    pub fn serde(self, bytes: &[u8]) -> bool {
        match self {
            Model::Gccai => serde_json::from_slice::<Gccai<'_>>(bytes).is_ok(),
            Model::Bailian => serde_json::from_slice::<Bailian<'_>>(bytes).is_ok(),
            Model::Empiriolabs => serde_json::from_slice::<Empiriolabs<'_>>(bytes).is_ok(),
        }
    }

    /// serde and garde (and the rules garde cannot say): whether the body is valid.
    pub fn garde(self, bytes: &[u8]) -> bool {
        match self {
            Model::Gccai => serde_json::from_slice::<Gccai<'_>>(bytes).is_ok_and(|r| {
                let ok = r.validate().is_ok();
                black_box(r.dims());
                ok
            }),
            Model::Bailian => {
                serde_json::from_slice::<Bailian<'_>>(bytes).is_ok_and(|r| r.validate().is_ok())
            }
            Model::Empiriolabs => serde_json::from_slice::<Empiriolabs<'_>>(bytes)
                .is_ok_and(|r| r.validate().is_ok() && r.validate_rules().is_ok()),
        }
    }

    /// The compile-time schema validator: `is_valid` on a body expected valid, every error
    /// collected otherwise (as a caller reporting them would). Whether the body is valid.
    pub fn schema(self, value: &Value, expect_valid: bool) -> bool {
        if expect_valid {
            match self {
                Model::Gccai => GccaiSchema::is_valid(value),
                Model::Bailian => BailianSchema::is_valid(value),
                Model::Empiriolabs => EmpiriolabsSchema::is_valid(value),
            }
        } else {
            let errors: Vec<_> = match self {
                Model::Gccai => GccaiSchema::iter_errors(value).collect(),
                Model::Bailian => BailianSchema::iter_errors(value).collect(),
                Model::Empiriolabs => EmpiriolabsSchema::iter_errors(value).collect(),
            };
            black_box(errors).is_empty()
        }
    }
}

/// One benchmarked body.
pub struct Body {
    pub model: Model,
    pub provider: Provider,
    pub bytes: Vec<u8>,
    pub value: Value,
}

/// The kinds of body, in order: valid, one violation, three violations.
pub const KINDS: [&str; 3] = ["valid", "one_violation", "three_violations"];

/// The bodies of each kind (in [`KINDS`] order), three per kind, checked: capspec finds 0,
/// 1 or 3 violations, and every peer gives capspec's verdict.
pub fn bodies() -> Vec<Vec<Body>> {
    let mut sets: Vec<Vec<Body>> = vec![Vec::new(), Vec::new(), Vec::new()];
    for (model, id) in MODELS {
        let spec = capspec::spec(id).expect("a shipped spec");
        let provider: Provider = spec.provider.parse().expect("a shipped provider");
        let bodies = kinds(spec, realistic(spec, false));
        for (k, (set, (value, bytes))) in sets.iter_mut().zip(bodies).enumerate() {
            let ok = k == 0;
            assert_eq!(model.garde(&bytes), ok, "garde on {id}: {value}");
            assert_eq!(model.schema(&value, ok), ok, "jsonschema on {id}: {value}");
            set.push(Body {
                model,
                provider,
                bytes,
                value,
            });
        }
    }
    sets
}

/// What is measured: each way of validating a body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Function {
    SerdeTypedBytes,
    GardeBytes,
    CapspecBytes,
    RegistryBytes,
    JsonschemaCompiledBytes,
    CapspecValue,
    RegistryValue,
    JsonschemaCompiledValue,
}

impl Function {
    pub const ALL: [Function; 8] = [
        Function::SerdeTypedBytes,
        Function::GardeBytes,
        Function::CapspecBytes,
        Function::RegistryBytes,
        Function::JsonschemaCompiledBytes,
        Function::CapspecValue,
        Function::RegistryValue,
        Function::JsonschemaCompiledValue,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Function::SerdeTypedBytes => "serde_typed_bytes",
            Function::GardeBytes => "garde_bytes",
            Function::CapspecBytes => "capspec_bytes",
            Function::RegistryBytes => "registry_bytes",
            Function::JsonschemaCompiledBytes => "jsonschema_compiled_bytes",
            Function::CapspecValue => "capspec_value",
            Function::RegistryValue => "registry_value",
            Function::JsonschemaCompiledValue => "jsonschema_compiled_value",
        }
    }

    /// Validates every body of a set once.
    pub fn run(self, set: &[Body], expect_valid: bool) {
        let registry = capspec::CATALOG.registry();
        for body in set {
            let ok = match self {
                Function::SerdeTypedBytes => body.model.serde(black_box(&body.bytes)),
                Function::GardeBytes => body.model.garde(black_box(&body.bytes)),
                Function::CapspecBytes => {
                    body.provider.validate_slice(black_box(&body.bytes)).is_ok()
                }
                Function::RegistryBytes => registry
                    .validate_slice(body.provider.as_str(), black_box(&body.bytes))
                    .is_ok(),
                Function::JsonschemaCompiledBytes => {
                    let value: Value =
                        serde_json::from_slice(black_box(&body.bytes)).unwrap_or_default();
                    body.model.schema(&value, expect_valid)
                }
                Function::CapspecValue => {
                    body.provider.validate_value(black_box(&body.value)).is_ok()
                }
                Function::RegistryValue => registry
                    .validate_value(body.provider.as_str(), black_box(&body.value))
                    .is_ok(),
                Function::JsonschemaCompiledValue => {
                    body.model.schema(black_box(&body.value), expect_valid)
                }
            };
            black_box(ok);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_peer_gives_capspecs_verdict_on_every_body() {
        // `bodies()` asserts it; every function runs without a panic.
        let sets = bodies();
        for (k, set) in sets.iter().enumerate() {
            assert_eq!(set.len(), MODELS.len());
            for f in Function::ALL {
                f.run(set, k == 0);
            }
        }
    }

    #[test]
    fn the_compiled_schemas_are_the_emitted_ones() {
        for (_, id) in MODELS {
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("schemas")
                .join(format!("{}.json", id.replace('/', "__")));
            let emitted = capspec::schema::request_schema(id).expect("a shipped spec");
            let text = format!("{}\n", serde_json::to_string_pretty(emitted).unwrap());
            if std::env::var_os("CAPSPEC_UPDATE_PEERS").is_some() {
                std::fs::write(&path, &text).unwrap();
            }
            let stored = std::fs::read_to_string(&path).unwrap();
            assert!(
                stored == text,
                "{} differs from the emitted schema of {id}; rerun with CAPSPEC_UPDATE_PEERS=1",
                path.display()
            );
        }
    }
}
