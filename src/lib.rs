//! Capability specs for image-generation model APIs, compiled into typed request validators.
//!
//! Each provider model is described once, in a TOML spec under `specs/` (the format:
//! `specs/README.md`); `build.rs` compiles the specs into one module per provider with a typed
//! request per model. Validation reads a body once and reports every violation.
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

pub mod corpus;
mod error;
pub(crate) mod rt;
pub mod schema;
pub mod spec;
pub mod types;

use std::sync::OnceLock;

pub use error::{Code, Fault, MAX_ECHO_CHARS, MAX_VIOLATIONS, Violation, Violations};

include!(concat!(env!("OUT_DIR"), "/capspec_generated.rs"));

/// A provider id that no spec directory has.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown provider {0:?}; providers: {providers}", providers = Provider::ALL.iter().map(|p| p.as_str()).collect::<Vec<_>>().join(", "))]
pub struct UnknownProvider(pub String);

/// What every generated per-model request type offers.
pub trait ModelRequest: serde::Serialize + Sized {
    /// `<provider>/<model id>`.
    const SPEC_ID: &'static str;
    /// Output width and height in pixels (where the spec determines them) and image count.
    fn output(&self) -> types::Output;
}

/// Every spec compiled into this build, parsed into the IR (`capspec::spec`).
pub fn specs() -> &'static [spec::Spec] {
    static SPECS: OnceLock<Vec<spec::Spec>> = OnceLock::new();
    SPECS.get_or_init(|| {
        let files: Vec<spec::SourceText> = EMBEDDED_SPECS
            .iter()
            .map(|e| spec::SourceText {
                file: e.file.to_owned(),
                provider: e.provider.to_owned(),
                text: e.text.to_owned(),
            })
            .collect();
        // build.rs has loaded the same texts without a diagnostic.
        spec::load(&files, &spec::Context::default()).unwrap_or_default()
    })
}

/// The spec with this id.
pub fn spec(id: &str) -> Option<&'static spec::Spec> {
    specs().iter().find(|s| s.id == id)
}
