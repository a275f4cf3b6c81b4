//! `multipart/form-data` bodies (OpenAI's image edits) in the proxy and `/v1/validate`: the
//! form is read once (bounded by `--max-body`), validated part by part, and the proxy forwards
//! **the exact bytes it checked**, with the client's `Content-Type` (its boundary), since a
//! form cannot be normalized without re-encoding its files.

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::State as Shared;
use super::metrics::UNKNOWN;
use super::specs::Generation;
use crate::axum::json_response;
use crate::multipart::Form;
use crate::{Summary, ValidRequest, Violations};

/// The request's `Content-Type` where it says `multipart/...` (`None` otherwise).
pub(super) fn content_type(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::CONTENT_TYPE)?
        .to_str()
        .ok()
        .filter(|t| {
            t.trim_start()
                .to_ascii_lowercase()
                .starts_with("multipart/")
        })
}

/// The request's `Content-Type` as text ("" when absent or unreadable, which the form reader
/// refuses as not multipart).
pub(super) fn declared(headers: &HeaderMap) -> &str {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|t| t.to_str().ok())
        .unwrap_or("")
}

/// `/v1/validate`'s answer to a form: 200 with the summary (its `files` too), or 400 with
/// every violation; and the spec id for the metrics.
pub(super) fn answer(
    state: &Shared,
    result: Option<Result<Form<'_>, Violations>>,
    provider: &str,
) -> (Response, String) {
    match result {
        Some(Ok(form)) => (
            json_response(StatusCode::OK, &Summary::of_form(&form)),
            form.spec_id().to_owned(),
        ),
        Some(Err(violations)) => {
            state.metrics.violations(provider, UNKNOWN, &violations);
            (
                json_response(StatusCode::BAD_REQUEST, &violations),
                UNKNOWN.to_owned(),
            )
        }
        None => (
            crate::axum::ApiError::new(
                StatusCode::NOT_FOUND,
                "endpoint_not_found",
                "no spec takes a multipart form there",
            )
            .into_response(),
            UNKNOWN.to_owned(),
        ),
    }
}

/// The headers a validated form goes upstream with: the client's `Content-Type`, boundary
/// and all, since the bytes are the client's.
pub(super) fn forward_headers(forwarded: &mut HeaderMap, content_type: &str) {
    if let Ok(value) = HeaderValue::from_str(content_type) {
        forwarded.insert(header::CONTENT_TYPE, value);
    }
}

/// Validates a form sent to `provider`'s endpoint `path`: its spec id and cost, or the
/// response refusing it (400 with every violation).
pub(super) fn check(
    state: &Shared,
    generation: &Generation,
    provider: &str,
    path: &str,
    content_type: &str,
    body: &[u8],
) -> Result<(String, crate::price::Cost), Box<Response>> {
    let registry = generation.specs.registry();
    match registry.validate_multipart(provider, path, content_type, body) {
        Some(Ok(form)) => Ok((form.spec_id().to_owned(), form.cost())),
        Some(Err(violations)) => {
            state.metrics.violations(provider, UNKNOWN, &violations);
            Err(Box::new(json_response(
                StatusCode::BAD_REQUEST,
                &violations,
            )))
        }
        None => Err(Box::new(
            crate::axum::ApiError::new(
                StatusCode::NOT_FOUND,
                "endpoint_not_found",
                format!("{provider} takes no multipart form at {path}"),
            )
            .into_response(),
        )),
    }
}
