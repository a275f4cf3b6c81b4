//! A registry's multipart forms: the text fields validated by the form program of the
//! endpoint (`program::forms`), the files by the spec's `[files]` (`crate::multipart`).

use serde_json::Value;

use super::program::Provider;
use super::validate;
use crate::error::{Violation, Violations};
use crate::multipart::{self, Form};
use crate::spec::Spec;
use crate::{Code, MAX_VIOLATIONS};

/// Validates `body` (a form whose `Content-Type` is `content_type`) for the form program `p`:
/// routed by its `model` field, or for its spec `only`.
pub(super) fn validate<'r>(
    p: &'r Provider,
    specs: &'r [Spec],
    only: Option<usize>,
    content_type: &str,
    body: &[u8],
) -> Result<Form<'r>, Violations> {
    let parsed = multipart::parse(content_type, body).map_err(|why| {
        Violations::new(
            vec![Violation::new(None, Code::InvalidMultipart, why.message())],
            0,
        )
    })?;
    let spec = only
        .or_else(|| routed(p, &parsed))
        .map(|i| &specs[p.models[i].spec]);
    let (object, mut faults) = multipart::text_fields(spec, &parsed.text);
    let fields =
        validate::value(p, specs, &Value::Object(object), only).map(super::Validated::into_owned);
    if let Err(v) = &fields {
        faults.extend(v.iter().cloned());
    }
    // Files are judged by the spec the form is routed to; a form routed nowhere has only its
    // `model` judged, as a JSON body does.
    let files = match spec {
        Some(spec) => {
            let (files, file_faults) = multipart::check_files(spec, &parsed.files);
            faults.extend(file_faults);
            files
        }
        None => Vec::new(),
    };
    match fields {
        Ok(fields) if faults.is_empty() => Ok(Form::new(fields, files)),
        _ => {
            let omitted = faults.len().saturating_sub(MAX_VIOLATIONS);
            faults.truncate(MAX_VIOLATIONS);
            Err(Violations::new(faults, omitted))
        }
    }
}

/// The model (index in `p`) a form's `model` field, or the default, names.
fn routed(p: &Provider, parsed: &multipart::Parsed) -> Option<usize> {
    let named = parsed
        .text
        .iter()
        .find(|t| t.name == "model")
        .and_then(|t| t.value.as_deref())
        .or(p.default.as_deref())?;
    p.models
        .iter()
        .position(|m| m.names.iter().any(|n| n == named))
}
