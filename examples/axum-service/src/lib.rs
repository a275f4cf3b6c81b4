//! An image service in front of its own image backend, validating with `capspec::axum`:
//!
//! - `POST /v1/images/generations`: gccai requests, validated by the compiled catalog's types
//!   (`Valid<capspec::gccai::Request<'static>>`); invalid bodies get OpenAI's error body.
//! - `POST /registry/v1/images/generations`: requests for the provider in the state's
//!   [`ProviderSpecs`], validated by a [`Registry`] loaded at run time (`Checked`).
//! - `POST /custom/v1/images/generations`: the same as the first, answering rejections in the
//!   service's own shape through `axum_extra::extract::WithRejection`.
//!
//! Bodies are limited to [`BODY_LIMIT`] bytes with axum's `DefaultBodyLimit`; a larger one is a
//! 413 in the same shape. A real service would forward the request (it serializes to the
//! normalized body); this one answers with what it would forward.

use axum::Router;
use axum::extract::{DefaultBodyLimit, FromRef};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Json, Response};
use axum::routing::post;
use axum_extra::extract::WithRejection;
use capspec::axum::{Checked, ProviderSpecs, Rejection, Valid};
use capspec::{Registry, Summary};
use serde_json::{Value, json};

/// The largest body the service reads, in bytes.
pub const BODY_LIMIT: usize = 64 * 1024;

/// The router's state: the run-time specs `Checked` validates with.
#[derive(Clone)]
pub struct AppState {
    pub specs: ProviderSpecs,
}

impl FromRef<AppState> for ProviderSpecs {
    fn from_ref(state: &AppState) -> ProviderSpecs {
        state.specs.clone()
    }
}

pub fn app(specs: ProviderSpecs) -> Router {
    Router::new()
        .route("/v1/images/generations", post(generate))
        .route("/registry/v1/images/generations", post(generate_checked))
        .route("/custom/v1/images/generations", post(generate_custom))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .with_state(AppState { specs })
}

/// `provider`'s specs from the shipped catalog, as a registry (a gateway would load its own
/// with `Registry::from_dir`).
pub fn shipped(provider: &str) -> Option<ProviderSpecs> {
    let registry: Registry = capspec::CATALOG.registry().clone();
    ProviderSpecs::new(registry, provider)
}

/// Only valid requests get here; `request` serializes to what would go upstream.
async fn generate(Valid(request): Valid<capspec::gccai::Request<'static>>) -> Json<Value> {
    Json(json!(Summary::new(&request)))
}

async fn generate_checked(request: Checked) -> Json<Value> {
    Json(json!(Summary::new(&request)))
}

async fn generate_custom(
    WithRejection(Valid(request), _): WithRejection<
        Valid<capspec::gccai::Request<'static>>,
        Refusal,
    >,
) -> Json<Value> {
    Json(json!(Summary::new(&request)))
}

/// The service's own error shape: `{"ok": false, "problems": ["param: message", ...]}`.
pub struct Refusal(Rejection);

impl From<Rejection> for Refusal {
    fn from(rejection: Rejection) -> Refusal {
        Refusal(rejection)
    }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let (status, problems) = match &self.0 {
            Rejection::Invalid(violations) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                violations
                    .iter()
                    .map(|v| format!("{}: {}", v.param().unwrap_or("body"), v.message()))
                    .collect(),
            ),
            other => (other.status(), vec![other.to_string()]),
        };
        (status, Json(json!({"ok": false, "problems": problems}))).into_response()
    }
}
