//! The specs a crate compiled in, read back at run time for what is not code: the IR, model
//! documents and JSON Schemas. Generated code defines `CATALOG`, a [`Catalog`] of its
//! spec files; its registry is built on first use.

use std::sync::OnceLock;

use serde_json::Value;

use crate::Registry;
use crate::spec::Spec;

/// A spec file compiled into a crate: the name it was read under, its provider and its text.
#[derive(Clone, Copy, Debug)]
pub struct Embedded {
    pub file: &'static str,
    pub provider: &'static str,
    pub text: &'static str,
}

/// The spec files a crate compiled in (`CATALOG` in generated code), as a [`Registry`] on
/// demand: the same IR, model documents and schemas a registry loaded from files gives.
#[derive(Debug)]
pub struct Catalog {
    files: &'static [Embedded],
    registry: OnceLock<Registry>,
}

impl Catalog {
    pub const fn new(files: &'static [Embedded]) -> Catalog {
        Catalog {
            files,
            registry: OnceLock::new(),
        }
    }

    /// The compiled spec files.
    pub fn files(&self) -> &'static [Embedded] {
        self.files
    }

    /// The specs as a registry, built on first use. The build checked these texts; were one
    /// to fail now, the registry would be empty rather than the program abort.
    pub fn registry(&self) -> &Registry {
        self.registry.get_or_init(|| {
            let files = self.files.iter().map(|e| crate::spec::SourceText {
                file: e.file.to_owned(),
                provider: e.provider.to_owned(),
                text: e.text.to_owned(),
            });
            Registry::from_texts(files.collect()).unwrap_or_default()
        })
    }

    /// Every spec, parsed into the IR.
    pub fn specs(&self) -> &[Spec] {
        self.registry().specs()
    }

    /// The spec with this id.
    pub fn spec(&self, id: &str) -> Option<&Spec> {
        self.registry().spec(id)
    }

    /// The model document of a spec id.
    pub fn document(&self, id: &str) -> Option<&Value> {
        self.registry().document(id)
    }

    /// The request JSON Schema of a spec id (a model document's `parameters`).
    pub fn request_schema(&self, id: &str) -> Option<&Value> {
        self.registry().request_schema(id)
    }

    /// `{"object": "list", "data": [...every model document...]}`.
    pub fn model_list(&self) -> Value {
        self.registry().model_list()
    }
}
