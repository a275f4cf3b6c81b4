//! Specs loaded at run time: a gateway that updates model rules without a deploy loads them
//! into a [`Registry`] and validates with it.
//!
//! A registry gives the results the compiled validators give for the same specs (the same
//! violations in the same order with the same messages, the same normalized body, the same
//! output), because both are built from the same plan (`capspec_spec::plan`) and call the
//! same runtime (`crate::rt`) for every keyword; `tests/registry.rs` checks it on the whole
//! derived corpus.
//!
//! A `Registry` is immutable and cheap to clone (an `Arc`). To reload specs in a running
//! service, build a new one and swap it in (with `arc-swap`, or a `RwLock<Registry>`): a
//! reload that fails returns its diagnostics and leaves the registry in service untouched.
//!
//! ```
//! let registry = capspec::Registry::from_sources([(
//!     "acme/pixel-1.toml",
//!     r#"
//!     source = "Acme API reference"
//!     [model]
//!     id = "pixel-1"
//!     name = "Pixel 1"
//!     source = "Models"
//!     [properties.model]
//!     type = "model"
//!     source = "Body"
//!     [properties.prompt]
//!     type = "string"
//!     required = true
//!     maxLength = 100
//!     source = "Body"
//!     "#,
//! )])?;
//! let request = registry.validate_slice("acme", br#"{"model": "pixel-1", "prompt": "a fox"}"#)?;
//! assert_eq!(request.spec_id(), "acme/pixel-1");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#[cfg(feature = "multipart")]
mod form;
mod program;
mod validate;
mod validated;

use std::fmt;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use serde_json::{Value, json};

use crate::error::{Violation, Violations};
use crate::spec::{self, Diagnostic, SourceText, Spec};

pub use validated::Validated;

use program::Provider;

/// Specs loaded at run time, ready to validate with.
#[derive(Clone, Default)]
pub struct Registry {
    inner: Arc<Inner>,
}

#[derive(Default)]
struct Inner {
    specs: Vec<Spec>,
    /// By provider id, sorted: the JSON specs.
    providers: Vec<Provider>,
    /// By provider id and endpoint path: the multipart specs.
    forms: Vec<Provider>,
    /// Every provider id (of JSON specs and of forms), sorted.
    provider_ids: Vec<String>,
    /// Each spec's model document, made on first use.
    documents: Vec<OnceLock<Value>>,
}

impl fmt::Debug for Registry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Registry")
            .field("specs", &self.spec_ids().collect::<Vec<_>>())
            .finish()
    }
}

/// Why a set of specs could not be loaded: every diagnostic, each `file:line:col: message`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadError {
    pub diagnostics: Vec<Diagnostic>,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.diagnostics.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for LoadError {}

impl LoadError {
    fn io(file: &Path, e: &std::io::Error) -> LoadError {
        LoadError {
            diagnostics: vec![Diagnostic {
                file: file.display().to_string(),
                line: 1,
                column: 1,
                message: format!("cannot read: {e}"),
            }],
        }
    }
}

impl Registry {
    /// Loads every spec under `dir`, laid out as capspec's `specs/`: `<dir>/<provider>/*.toml`.
    /// Diagnostics name files as `<dir>/<provider>/<file>`.
    pub fn from_dir(dir: impl AsRef<Path>) -> Result<Registry, LoadError> {
        let dir = dir.as_ref();
        let found = spec::discover(dir).map_err(|e| LoadError::io(dir, &e))?;
        let mut texts = Vec::with_capacity(found.len());
        for f in found {
            let text = std::fs::read_to_string(&f.path).map_err(|e| LoadError::io(&f.path, &e))?;
            texts.push(SourceText {
                file: f.path.display().to_string(),
                provider: f.provider,
                text,
            });
        }
        Registry::from_texts(texts)
    }

    /// Loads specs given as `(file name, text)`: the provider is the directory the name puts
    /// the file in (`acme/pixel-1.toml` is a spec of provider `acme`).
    pub fn from_sources<F, T>(
        sources: impl IntoIterator<Item = (F, T)>,
    ) -> Result<Registry, LoadError>
    where
        F: Into<String>,
        T: Into<String>,
    {
        let texts = sources
            .into_iter()
            .map(|(file, text)| {
                let file: String = file.into();
                let provider = Path::new(&file)
                    .parent()
                    .and_then(Path::file_name)
                    .map(|p| p.to_string_lossy().into_owned())
                    .unwrap_or_default();
                SourceText {
                    file,
                    provider,
                    text: text.into(),
                }
            })
            .collect();
        Registry::from_texts(texts)
    }

    /// Loads spec texts with their providers given.
    pub fn from_texts(texts: Vec<SourceText>) -> Result<Registry, LoadError> {
        let specs = spec::load(&texts, &spec::Context::default())
            .map_err(|diagnostics| LoadError { diagnostics })?;
        Ok(Registry::from_specs(specs))
    }

    /// A registry of specs already loaded (and checked) into the IR.
    pub fn from_specs(specs: Vec<Spec>) -> Registry {
        let providers = program::providers(&specs);
        let forms = program::forms(&specs);
        let mut provider_ids: Vec<String> = specs.iter().map(|s| s.provider.clone()).collect();
        provider_ids.sort_unstable();
        provider_ids.dedup();
        let documents = specs.iter().map(|_| OnceLock::new()).collect();
        Registry {
            inner: Arc::new(Inner {
                specs,
                providers,
                forms,
                provider_ids,
                documents,
            }),
        }
    }

    /// Every spec, in load order.
    pub fn specs(&self) -> &[Spec] {
        &self.inner.specs
    }

    /// The spec with this id.
    pub fn spec(&self, id: &str) -> Option<&Spec> {
        self.inner.specs.iter().find(|s| s.id == id)
    }

    /// Every spec id, sorted.
    pub fn spec_ids(&self) -> impl Iterator<Item = &str> {
        let mut ids: Vec<&str> = self.inner.specs.iter().map(|s| s.id.as_str()).collect();
        ids.sort_unstable();
        ids.into_iter()
    }

    /// Every provider id, sorted.
    pub fn providers(&self) -> impl Iterator<Item = &str> {
        self.inner.provider_ids.iter().map(String::as_str)
    }

    /// Whether `provider`'s endpoint `path` takes a multipart form (OpenAI's image edits): some
    /// spec of the provider with `body = "multipart"` names that path.
    pub fn takes_multipart(&self, provider: &str, path: &str) -> bool {
        self.form(provider, path).is_some()
    }

    fn form(&self, provider: &str, path: &str) -> Option<&Provider> {
        self.inner
            .forms
            .iter()
            .find(|p| p.name == provider && p.endpoint.as_deref() == Some(path))
    }

    /// Validates a `multipart/form-data` body (its `Content-Type`, with the boundary, in
    /// `content_type`) sent to `provider`'s endpoint `path`: routed among that endpoint's specs
    /// by its `model` field ([`crate::multipart`]). `None` when no spec of the provider takes a
    /// form at that path.
    #[cfg(feature = "multipart")]
    pub fn validate_multipart(
        &self,
        provider: &str,
        path: &str,
        content_type: &str,
        body: &[u8],
    ) -> Option<Result<crate::multipart::Form<'_>, Violations>> {
        let p = self.form(provider, path)?;
        Some(form::validate(
            p,
            &self.inner.specs,
            None,
            content_type,
            body,
        ))
    }

    /// Validates a `multipart/form-data` body as a request to the spec `id` exactly. `None`
    /// for an unknown id; a spec whose body is JSON answers one `invalid_multipart`.
    #[cfg(feature = "multipart")]
    pub fn validate_spec_multipart(
        &self,
        id: &str,
        content_type: &str,
        body: &[u8],
    ) -> Option<Result<crate::multipart::Form<'_>, Violations>> {
        let spec = self.spec(id)?;
        let found = self.inner.forms.iter().find_map(|p| {
            let i = p
                .models
                .iter()
                .position(|m| self.inner.specs[m.spec].id == id)?;
            Some((p, i))
        });
        Some(match found {
            Some((p, i)) => form::validate(p, &self.inner.specs, Some(i), content_type, body),
            None => Err(Violations::new(
                vec![Violation::new(
                    None,
                    crate::Code::InvalidMultipart,
                    format!("{} takes a JSON body, not a multipart form", spec.id),
                )],
                0,
            )),
        })
    }

    /// The model document of a spec id (`GET /v1/models/<id>`), with its request schema.
    pub fn document(&self, id: &str) -> Option<&Value> {
        let i = self.inner.specs.iter().position(|s| s.id == id)?;
        let spec = &self.inner.specs[i];
        Some(self.inner.documents[i].get_or_init(|| crate::schema::document(spec)))
    }

    /// The request JSON Schema of a spec id.
    pub fn request_schema(&self, id: &str) -> Option<&Value> {
        self.document(id).and_then(|d| d.get("parameters"))
    }

    /// `{"object": "list", "data": [...every model document, by spec id...]}`.
    pub fn model_list(&self) -> Value {
        let docs: Vec<&Value> = self.spec_ids().filter_map(|id| self.document(id)).collect();
        json!({"object": "list", "data": docs})
    }

    /// The id of the spec a body's `model` value selects for a provider (what validation
    /// routes by), or `None` when no model of the provider has that name.
    pub fn route(&self, provider: &str, model: &str) -> Option<&str> {
        let p = self.inner.providers.iter().find(|p| p.name == provider)?;
        if !p.routes.is_empty() {
            return None;
        }
        let m = p
            .models
            .iter()
            .find(|m| m.names.iter().any(|n| n == model))?;
        Some(&self.inner.specs[m.spec].id)
    }

    /// The spec id an endpoint path selects, for a provider whose bodies name no model (fal:
    /// `spec_for_endpoint("fal", "/fal-ai/flux/dev")` is `fal/flux-dev`). `None` for a path
    /// that is none of its endpoints, and for a provider routed by `model`.
    pub fn spec_for_endpoint(&self, provider: &str, path: &str) -> Option<&str> {
        let p = self.inner.providers.iter().find(|p| p.name == provider)?;
        let (_, i) = p.routes.iter().find(|(route, _)| route == path)?;
        Some(&self.inner.specs[p.models[*i].spec].id)
    }

    fn provider(&self, name: &str) -> Result<&Provider, Violations> {
        self.inner
            .providers
            .iter()
            .find(|p| p.name == name)
            .ok_or_else(|| unknown_provider(name, self.providers()))
    }

    /// Validates a body (JSON bytes) for a provider, routed by its `model` field. An unknown
    /// provider is one `model_not_found` violation naming the providers.
    pub fn validate_slice<'a>(
        &self,
        provider: &str,
        body: &'a [u8],
    ) -> Result<Validated<'_, 'a>, Violations> {
        let p = self.provider(provider)?;
        validate::slice(p, &self.inner.specs, body, None)
    }

    /// Validates an already parsed body for a provider.
    pub fn validate_value<'a>(
        &self,
        provider: &str,
        body: &'a Value,
    ) -> Result<Validated<'_, 'a>, Violations> {
        let p = self.provider(provider)?;
        validate::value(p, &self.inner.specs, body, None)
    }

    /// Validates a body as a request to the spec `id` exactly: its `model` must be one of that
    /// spec's names. `None` for an unknown id.
    pub fn validate_spec_slice<'a>(
        &self,
        id: &str,
        body: &'a [u8],
    ) -> Option<Result<Validated<'_, 'a>, Violations>> {
        let Some((p, model)) = self.model_of(id) else {
            return self.form_only(id);
        };
        Some(validate::slice(p, &self.inner.specs, body, Some(model)))
    }

    /// Validates an already parsed body as a request to the spec `id` exactly.
    pub fn validate_spec_value<'a>(
        &self,
        id: &str,
        body: &'a Value,
    ) -> Option<Result<Validated<'_, 'a>, Violations>> {
        let Some((p, model)) = self.model_of(id) else {
            return self.form_only(id);
        };
        Some(validate::value(p, &self.inner.specs, body, Some(model)))
    }

    /// A JSON body for a spec that takes a form: one `invalid_multipart`.
    fn form_only<T>(&self, id: &str) -> Option<Result<T, Violations>> {
        let spec = self.spec(id)?;
        let path = spec.model.endpoint.as_ref().and_then(|e| e.path.as_deref());
        Some(Err(crate::rt::rules::form_only(id, path.unwrap_or(""))))
    }

    /// Translates a canonical request (JSON bytes) for the spec `id`, validated by this
    /// registry (see [`crate::translate`](mod@crate::translate)). An unknown id is a
    /// `model_not_found` violation.
    pub fn translate(
        &self,
        id: &str,
        body: &[u8],
        policy: &crate::translate::Policy,
    ) -> Result<crate::translate::Translation<Validated<'_, 'static>>, Violations> {
        let unknown = || crate::translate::unknown_spec(id, self.spec_ids());
        let spec = self.spec(id).ok_or_else(unknown)?;
        crate::translate::run(spec, body, policy, |call| {
            self.validate_spec_value(id, call)
                .unwrap_or_else(|| Err(unknown()))
                .map(Validated::into_owned)
        })
    }

    fn model_of(&self, id: &str) -> Option<(&Provider, usize)> {
        self.inner.providers.iter().find_map(|p| {
            p.models
                .iter()
                .position(|m| self.inner.specs[m.spec].id == id)
                .map(|i| (p, i))
        })
    }
}

fn unknown_provider<'a>(name: &str, providers: impl Iterator<Item = &'a str>) -> Violations {
    let list: Vec<&str> = providers.collect();
    Violations::new(
        vec![Violation::new(
            None,
            crate::Code::ModelNotFound,
            format!(
                "unknown provider {:?}; providers: {}",
                crate::error::echo(name),
                list.join(", ")
            ),
        )],
        0,
    )
}
