//! Capability specs for image-generation model APIs: typed request validators and JSON
//! Schemas from one TOML spec per provider model.
//!
//! Two paths lead to the same validators:
//! - **build time**: `capspec-build` compiles a spec directory into typed requests
//!   (`include_specs!()`); this crate's shipped catalog is compiled that way;
//! - **run time**: [`Registry`] loads specs from files or text and validates with them, with
//!   the same violations, normalized bodies and output sizes.
//!
//! ```
//! use capspec::{Code, Provider};
//!
//! let body = br#"{"model": "qwen-image-2.0", "prompt": "a fox", "size": "16:9", "resolution": "2K"}"#;
//! let request = Provider::Gccai.validate_slice(body)?;
//! assert_eq!(request.spec_id(), "gccai/qwen-image-2.0");
//! let out = request.output();                       // pixels and images, from the size table
//! assert!(out.width.is_some() && out.height.is_some());
//!
//! let bad = br#"{"model": "qwen-image-2.0", "prompt": 7, "colour": "red"}"#;
//! let violations = Provider::Gccai.validate_slice(bad).unwrap_err();
//! assert_eq!(violations.codes(), [Code::UnknownParameter, Code::InvalidType]);
//! assert_eq!(violations.first().param(), Some("colour"));
//! # Ok::<(), capspec::Violations>(())
//! ```
//!
//! Typed requests: `capspec::<provider>::<model>::Request` (e.g.
//! [`gccai::qwen_image_2_0::Request`]) has one accessor per parameter and is built only by
//! validation, including through serde's `Deserialize`.

// Generated code names `::capspec::…`, here as in a user's crate.
extern crate self as capspec;

#[cfg(feature = "axum")]
pub mod axum;
mod catalog;
#[cfg(feature = "diff")]
pub mod diff;
mod error;
pub mod export;
#[cfg(feature = "multipart")]
pub mod multipart;
pub mod price;
pub mod registry;
mod rt;
pub mod schema;
#[cfg(feature = "serve")]
pub mod serve;
pub mod translate;
pub mod types;

pub use capspec_spec as spec;
pub use catalog::{Catalog, Embedded};
pub use error::{Code, Fault, MAX_ECHO_CHARS, MAX_VIOLATIONS, Violation, Violations};
pub use registry::{LoadError, Registry, Validated};
pub use translate::translate;

/// Brings in the code `capspec-build` generated from a spec directory (in a build script):
/// a module per provider with a router and a typed `Request` per model, a `Provider` enum,
/// `SPEC_IDS`, and `CATALOG`, the specs themselves (model documents, JSON Schemas).
///
/// ```ignore
/// capspec::include_specs!();          // at the crate root, or in any module
/// let request = acme::pixel_1::Request::validate_slice(body)?;
/// ```
#[macro_export]
macro_rules! include_specs {
    () => {
        include!(concat!(env!("OUT_DIR"), "/capspec_specs.rs"));
    };
}

include_specs!();

/// A provider id that no spec directory has.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown provider {name:?}; providers: {}", providers.join(", "))]
pub struct UnknownProvider {
    /// The id asked for.
    pub name: String,
    /// The ids there are.
    pub providers: &'static [&'static str],
}

impl UnknownProvider {
    pub fn new(name: &str, providers: &'static [&'static str]) -> UnknownProvider {
        UnknownProvider {
            name: name.to_owned(),
            providers,
        }
    }
}

/// What every validated request offers, whichever path validated it (a compiled validator or
/// a [`Registry`]): it serializes to the normalized body.
pub trait ValidRequest: serde::Serialize {
    /// `<provider>/<model id>` of the spec it was validated against.
    fn spec_id(&self) -> &str;
    /// Output width and height in pixels (where the spec determines them) and image count.
    fn output(&self) -> types::Output;
    /// The spec it was validated against (`None` only where a compiled catalog could not be
    /// read back).
    fn spec(&self) -> Option<&spec::Spec>;

    /// What the request costs under its spec's `[price]`, or why that is not known
    /// ([`price`]).
    fn cost(&self) -> price::Cost {
        let output = self.output();
        match self.spec() {
            Some(spec) => price::cost_of(spec, output, || {
                serde_json::to_value(self).ok().map(std::borrow::Cow::Owned)
            }),
            None => price::Cost::Unknown {
                reason: format!("the spec of {} cannot be read", self.spec_id()),
                images: output.count,
            },
        }
    }
}

/// A compiled request type that owns its strings, made by validating a JSON body: what
/// [`axum::Valid`] extracts. `capspec-build` implements it for every
/// model's and every provider's `Request<'static>`.
pub trait OwnedRequest: ValidRequest + Sized + 'static {
    /// Validates a body (JSON bytes); the request copies what it would borrow from it.
    fn validate_owned(body: &[u8]) -> Result<Self, Violations>;
}

/// What `capspec validate` prints for a valid body, and `POST /v1/validate/<provider>`
/// answers: `{"model": <spec id>, "width": W|null, "height": H|null, "n": N, "request": {...},
/// "cost": {...}}`, the normalized request with its output size in pixels, image count and
/// cost ([`price::Cost`]); for a multipart form also `"files": [...]` before `cost`.
#[derive(Debug, serde::Serialize)]
pub struct Summary<'r, R: ValidRequest> {
    model: &'r str,
    width: Option<u64>,
    height: Option<u64>,
    n: u32,
    request: &'r R,
    /// A form's files, as read (`capspec::multipart`).
    #[cfg(feature = "multipart")]
    #[serde(skip_serializing_if = "Option::is_none")]
    files: Option<&'r [multipart::FilePart]>,
    cost: price::Cost,
}

impl<'r, R: ValidRequest> Summary<'r, R> {
    pub fn new(request: &'r R) -> Summary<'r, R> {
        let output = request.output();
        Summary {
            model: request.spec_id(),
            width: output.width,
            height: output.height,
            n: output.count,
            request,
            #[cfg(feature = "multipart")]
            files: None,
            cost: request.cost(),
        }
    }
}

#[cfg(feature = "multipart")]
impl<'r, 'f> Summary<'r, multipart::Form<'f>> {
    /// A valid form's summary: the text fields under `request`, and `files`, what was read of
    /// each file (`param`, `name`, `file_name`, `media_type`, `bytes`, `width`, `height`).
    pub fn of_form(form: &'r multipart::Form<'f>) -> Summary<'r, multipart::Form<'f>> {
        Summary {
            files: Some(form.files()),
            ..Summary::new(form)
        }
    }
}

/// What every generated per-model request type offers.
pub trait ModelRequest: serde::Serialize + Sized {
    /// `<provider>/<model id>`.
    const SPEC_ID: &'static str;
    /// Output width and height in pixels (where the spec determines them) and image count.
    fn output(&self) -> types::Output;
}

/// Every spec of the shipped catalog, parsed into the IR (`capspec::spec`).
pub fn specs() -> &'static [spec::Spec] {
    CATALOG.specs()
}

/// The shipped spec with this id.
pub fn spec(id: &str) -> Option<&'static spec::Spec> {
    CATALOG.spec(id)
}

/// What generated code needs of capspec and users do not: not a stable API.
#[doc(hidden)]
pub mod __private {
    /// The runtime generated validators call.
    pub mod rt {
        pub use crate::rt::*;
    }
    pub use schemars;
    pub use serde;
    pub use serde_json;
}
