//! `multipart/form-data` bodies: OpenAI's image edits take their image(s) and mask as file
//! parts beside text fields. A spec with `[model] body = "multipart"` names its file fields in
//! `[files]` (specs/README.md); its properties are the form's text fields.
//!
//! Validating a form ([`crate::Registry::validate_multipart`],
//! [`crate::Registry::validate_spec_multipart`], or [`validate`] with the compiled catalog):
//!
//! 1. the body is read part by part as it streams (`multer`, fed in windows of the body, so no
//!    file is held twice), at most [`MAX_PARTS`] parts; a body that is not a readable form, or
//!    has a part another parser could read otherwise (a header twice, a
//!    `Content-Transfer-Encoding`, an RFC 2231 `name*=`), is one `invalid_multipart`;
//! 2. the text fields become a JSON object, each read as its property's type: an integer from
//!    decimal digits (an optional leading `-`), a number from JSON number syntax, a boolean
//!    from `true` or `false`, anything else as text (which the type check then reports); it is
//!    validated as a JSON body is, `model` routing among the specs of the endpoint;
//! 3. each file's format is read from its own first bytes (the PNG, JPEG and WebP signatures,
//!    never the part's declared `Content-Type`) and its pixel size from its header (no pixel
//!    data is decoded, so a header claiming 100,000 × 100,000 pixels costs nothing), then its
//!    field's rules are checked: count, bytes, formats, square, the dimensions of another file.
//!
//! Violations come in that order: the form's own, the text fields', then each file field's in
//! spec order. A valid form is a [`Form`]: the normalized text fields and what was read of
//! each file.

mod files;
mod image;
mod parse;
mod text;

use serde::Serialize;

use crate::registry::Validated;
use crate::spec::{MediaType, Spec};
use crate::types::Output;

pub use image::HEAD_LIMIT;
pub use parse::MAX_PARTS;

pub(crate) use files::check as check_files;
pub(crate) use parse::{Parsed, parse};
pub(crate) use text::fields as text_fields;

/// A file of a valid form: what capspec read from it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FilePart {
    /// Its path in violations: `image`, or `image[1]` in a field of several files.
    pub param: String,
    /// The part name as sent: `image`, or `image[]` (OpenAI's SDKs name each file of a list so).
    pub name: String,
    /// The `filename` the part gave.
    pub file_name: Option<String>,
    /// The format its bytes are (`image/png`, `image/jpeg`, `image/webp`).
    #[serde(serialize_with = "media_type")]
    pub media_type: MediaType,
    /// Its size in bytes.
    pub bytes: u64,
    /// Its width and height in pixels, from its header.
    pub width: u64,
    pub height: u64,
}

fn media_type<S: serde::Serializer>(m: &MediaType, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(m.as_str())
}

/// A valid `multipart/form-data` request: its text fields, validated and normalized as a
/// JSON body's would be, and its files. Serializes to the normalized text fields (the files are
/// in [`Form::files`]); a proxy forwards the form's own bytes, which it checked.
#[derive(Clone, Debug)]
pub struct Form<'r> {
    fields: Validated<'r, 'static>,
    files: Vec<FilePart>,
}

impl<'r> Form<'r> {
    pub(crate) fn new(fields: Validated<'r, 'static>, files: Vec<FilePart>) -> Form<'r> {
        Form { fields, files }
    }

    /// The text fields, validated (defaults applied).
    pub fn fields(&self) -> &Validated<'r, 'static> {
        &self.fields
    }

    /// Every file, in the order of the form.
    pub fn files(&self) -> &[FilePart] {
        &self.files
    }

    pub fn spec_id(&self) -> &'r str {
        self.fields.spec_id()
    }

    pub fn output(&self) -> Output {
        self.fields.output()
    }
}

impl crate::ValidRequest for Form<'_> {
    fn spec_id(&self) -> &str {
        self.fields.spec_id()
    }

    fn output(&self) -> Output {
        self.fields.output()
    }

    fn spec(&self) -> Option<&Spec> {
        Some(self.fields.spec())
    }
}

impl Serialize for Form<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.fields.serialize(serializer)
    }
}

/// Validates a form sent to `provider`'s endpoint `path` with the compiled catalog's specs
/// (its `model` field picks the spec among that endpoint's). `None` when no spec of the
/// provider takes a form at that path.
pub fn validate(
    provider: &str,
    path: &str,
    content_type: &str,
    body: &[u8],
) -> Option<Result<Form<'static>, crate::Violations>> {
    crate::CATALOG
        .registry()
        .validate_multipart(provider, path, content_type, body)
}

/// Validates a form as a request to the compiled catalog's spec `id` exactly. `None` for an
/// unknown id.
pub fn validate_spec(
    id: &str,
    content_type: &str,
    body: &[u8],
) -> Option<Result<Form<'static>, crate::Violations>> {
    crate::CATALOG
        .registry()
        .validate_spec_multipart(id, content_type, body)
}
