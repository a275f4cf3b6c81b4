//! Extractors that validate a request body in an [axum](https://docs.rs/axum) service
//! (feature `axum`): a handler receives a valid, normalized request or never runs, and the
//! client gets OpenAI's error body with every violation.
//!
//! - [`Valid<R>`] validates with a compiled request type: a model's or a provider's
//!   `Request<'static>` (the shipped catalog's, or your own specs' through `capspec-build`).
//! - [`Checked`] validates with a [`Registry`] for one provider, which the router's state gives
//!   as [`ProviderSpecs`] (through `FromRef`, so a state that swaps registries on reload hands
//!   each request the registry in service).
//!
//! ```
//! use axum::{Json, Router, routing::post};
//! use capspec::ValidRequest;
//! use capspec::axum::Valid;
//!
//! async fn generate(Valid(request): Valid<capspec::gccai::Request<'static>>) -> Json<serde_json::Value> {
//!     // Only valid requests get here: forward `request` (it serializes to the normalized body).
//!     Json(serde_json::json!({"model": request.spec_id(), "n": request.output().count}))
//! }
//!
//! let app: Router = Router::new().route("/v1/images/generations", post(generate));
//! ```
//!
//! Both read the body with axum's `Bytes` extractor, so `DefaultBodyLimit` bounds it (2 MB
//! unless set). The rejection, [`Rejection`], answers:
//!
//! | status | when | body |
//! |---|---|---|
//! | 400 | the body breaks the spec | `{"error": <first violation>, "errors": [<every violation>]}` |
//! | 413 | the body is over the limit | the same shape, `code: "request_too_large"` |
//! | 400 | the body could not be read | the same shape, `code: "invalid_body"` |
//!
//! To answer in your own shape, wrap the extractor in `axum_extra::extract::WithRejection`
//! with an error type that is `From<Rejection>`.

use std::borrow::Cow;
use std::ops::Deref;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{FromRef, FromRequest, Request};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::Value;

use crate::types::Output;
use crate::{OwnedRequest, Registry, ValidRequest, Violations};

/// A request validated with a compiled request type `R` (e.g.
/// `capspec::gccai::Request<'static>`, or one model's `Request<'static>`).
#[derive(Clone, Debug, PartialEq)]
pub struct Valid<R>(pub R);

impl<R> Valid<R> {
    pub fn into_inner(self) -> R {
        self.0
    }
}

impl<R> Deref for Valid<R> {
    type Target = R;
    fn deref(&self) -> &R {
        &self.0
    }
}

impl<S: Send + Sync, R: OwnedRequest> FromRequest<S> for Valid<R> {
    type Rejection = Rejection;

    async fn from_request(req: Request, state: &S) -> Result<Self, Rejection> {
        let body = Bytes::from_request(req, state).await?;
        R::validate_owned(&body)
            .map(Valid)
            .map_err(Rejection::Invalid)
    }
}

/// The specs [`Checked`] validates with: a registry and the provider whose specs apply. Put it
/// in the router's state, or implement `FromRef<YourState>` for it.
#[derive(Clone, Debug)]
pub struct ProviderSpecs {
    registry: Registry,
    provider: Arc<str>,
}

impl ProviderSpecs {
    /// `None` when the registry has no spec of `provider`.
    pub fn new(registry: Registry, provider: &str) -> Option<ProviderSpecs> {
        if !registry.providers().any(|p| p == provider) {
            return None;
        }
        Some(ProviderSpecs {
            registry,
            provider: provider.into(),
        })
    }

    pub fn registry(&self) -> &Registry {
        &self.registry
    }

    pub fn provider(&self) -> &str {
        &self.provider
    }
}

/// A request validated with a [`Registry`] (from the state's [`ProviderSpecs`]): the spec it
/// matched, its output and the normalized body.
#[derive(Clone, Debug)]
pub struct Checked {
    spec_id: String,
    output: Output,
    body: Value,
    /// The registry it was validated with, for its spec.
    registry: Registry,
}

impl PartialEq for Checked {
    fn eq(&self, other: &Checked) -> bool {
        self.spec_id == other.spec_id && self.output == other.output && self.body == other.body
    }
}

impl Checked {
    /// The normalized body: defaults applied, URLs canonical.
    pub fn body(&self) -> &Value {
        &self.body
    }

    pub fn into_body(self) -> Value {
        self.body
    }
}

impl ValidRequest for Checked {
    fn spec_id(&self) -> &str {
        &self.spec_id
    }

    fn output(&self) -> Output {
        self.output
    }

    fn spec(&self) -> Option<&crate::spec::Spec> {
        self.registry.spec(&self.spec_id)
    }
}

/// Serializes to the normalized body, as a compiled request does.
impl Serialize for Checked {
    fn serialize<Ser: serde::Serializer>(&self, serializer: Ser) -> Result<Ser::Ok, Ser::Error> {
        self.body.serialize(serializer)
    }
}

impl<S: Send + Sync> FromRequest<S> for Checked
where
    ProviderSpecs: FromRef<S>,
{
    type Rejection = Rejection;

    async fn from_request(req: Request, state: &S) -> Result<Self, Rejection> {
        let specs = ProviderSpecs::from_ref(state);
        let body = Bytes::from_request(req, state).await?;
        let request = specs
            .registry
            .validate_slice(&specs.provider, &body)
            .map_err(Rejection::Invalid)?;
        Ok(Checked {
            spec_id: request.spec_id().to_owned(),
            output: request.output(),
            body: request.to_value(),
            registry: specs.registry.clone(),
        })
    }
}

/// Why an extractor rejected a request; answers as OpenAI's error body.
#[derive(Debug, thiserror::Error)]
pub enum Rejection {
    /// The body breaks the spec: 400 with every violation.
    #[error("{0}")]
    Invalid(Violations),
    /// The body is over the limit (`DefaultBodyLimit`): 413.
    #[error("the request body is over the size limit")]
    TooLarge,
    /// The body could not be read (the client went away, or sent a broken body): 400.
    #[error("the request body could not be read: {0}")]
    Unreadable(String),
}

impl From<axum::extract::rejection::BytesRejection> for Rejection {
    fn from(r: axum::extract::rejection::BytesRejection) -> Rejection {
        if r.status() == StatusCode::PAYLOAD_TOO_LARGE {
            Rejection::TooLarge
        } else {
            Rejection::Unreadable(r.body_text())
        }
    }
}

impl Rejection {
    /// The status it answers with.
    pub fn status(&self) -> StatusCode {
        match self {
            Rejection::Invalid(_) | Rejection::Unreadable(_) => StatusCode::BAD_REQUEST,
            Rejection::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        }
    }
}

impl IntoResponse for Rejection {
    fn into_response(self) -> Response {
        match self {
            Rejection::Invalid(violations) => json_response(StatusCode::BAD_REQUEST, &violations),
            Rejection::TooLarge => ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "request_too_large",
                "the request body is over the size limit",
            )
            .into_response(),
            Rejection::Unreadable(why) => ApiError::new(
                StatusCode::BAD_REQUEST,
                "invalid_body",
                format!("the request body could not be read: {why}"),
            )
            .into_response(),
        }
    }
}

/// An error that is not a violation of a spec (a body over the limit, an unknown model id, an
/// upstream that does not answer), in the shape of a violation's error body:
/// `{"error": {"message", "type", "param", "code"}, "errors": [<the same>]}`. `type` is
/// `invalid_request_error` for a 4xx status and `api_error` for a 5xx one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    status: StatusCode,
    code: &'static str,
    message: String,
    param: Option<Cow<'static, str>>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            code,
            message: message.into(),
            param: None,
        }
    }

    /// The parameter the error is about (OpenAI's `param`).
    pub fn param(mut self, param: impl Into<Cow<'static, str>>) -> ApiError {
        self.param = Some(param.into());
        self
    }

    pub fn status(&self) -> StatusCode {
        self.status
    }

    pub fn code(&self) -> &'static str {
        self.code
    }

    pub fn message(&self) -> &str {
        &self.message
    }

    /// The error body, as a JSON value.
    pub fn body(&self) -> Value {
        let error = serde_json::json!({
            "message": self.message,
            "type": if self.status.is_server_error() { "api_error" } else { "invalid_request_error" },
            "param": self.param,
            "code": self.code,
        });
        serde_json::json!({"error": error, "errors": [error]})
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        json_response(self.status, &self.body())
    }
}

/// `value` as a JSON response with `status`.
pub(crate) fn json_response(status: StatusCode, value: &impl Serialize) -> Response {
    match serde_json::to_vec(value) {
        Ok(bytes) => (
            status,
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            )],
            bytes,
        )
            .into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}
