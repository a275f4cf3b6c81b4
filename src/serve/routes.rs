//! The routes, except the proxy (`proxy.rs`): health, metrics, the model catalog, validation.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use http_body_util::{BodyExt, LengthLimitError, Limited};
use serde_json::json;

use super::State as Shared;
use super::metrics::UNKNOWN;
use super::specs::Specs;
use crate::axum::{ApiError, Rejection, json_response};
use crate::{Summary, ValidRequest};

/// capspec's own routes, and the proxy as the fallback. Bodies are read by [`read_body`],
/// which holds them to `--max-body` itself.
pub(super) fn router(state: Arc<Shared>) -> Router {
    Router::new()
        .route("/", get(form))
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics))
        .route("/v1/models", get(models))
        .route("/v1/models/{*id}", get(model))
        .route("/v1/validate/{*target}", post(validate))
        .route("/v1/translate/{*id}", post(super::translate::translate))
        .route(
            "/v1/images/generations",
            post(super::translate::generations),
        )
        // `/<provider>/<path>` is the proxy's, as the fallback: a route with parameters would
        // copy them into every request's extensions, which the proxy does not read.
        .fallback(proxy_or_not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(state)
}

/// The request body, within the size limit and the body read timeout.
pub(super) async fn read_body(state: &Shared, request: Request) -> Result<Bytes, ApiError> {
    // A body that says it is too large is refused from its headers, before any of it is read.
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > state.max_body as u64) {
        return Err(too_large(state));
    }
    // The limit is this function's own: the proxy's requests do not go through the router
    // (app.rs), and a framework's default limit is not the server's.
    let read = Limited::new(request.into_body(), state.max_body).collect();
    match tokio::time::timeout(state.body_read_timeout, read).await {
        Err(_) => Err(ApiError::new(
            StatusCode::REQUEST_TIMEOUT,
            "request_timeout",
            format!(
                "the request body did not arrive within {}",
                seconds(state.body_read_timeout)
            ),
        )),
        Ok(Ok(body)) => Ok(body.to_bytes()),
        Ok(Err(e)) if e.is::<LengthLimitError>() => Err(too_large(state)),
        Ok(Err(e)) => Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_body",
            Rejection::Unreadable(e.to_string()).to_string(),
        )),
    }
}

fn too_large(state: &Shared) -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "request_too_large",
        format!(
            "the request body is larger than {} bytes, the limit of this server",
            state.max_body
        ),
    )
}

pub(super) fn seconds(d: Duration) -> String {
    format!("{} s", d.as_secs_f64())
}

/// The form page (`js/capspec-form`, built into one file): pick a model, fill in its form,
/// see capspec's verdicts as you type and the server's on submit.
const FORM_PAGE: &str = include_str!("../../js/capspec-form/dist/index.html");

async fn form() -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        )],
        FORM_PAGE,
    )
        .into_response()
}

async fn healthz(State(state): State<Arc<Shared>>) -> Response {
    let start = Instant::now();
    let status = state.specs.status();
    let g = &status.generation;
    let body = json!({
        "status": "ok",
        "specs": g.specs.registry().specs().len(),
        "generation": g.number,
        "loaded_at": g.loaded_at,
        "specs_dir": state.specs.dir().map(|d| d.display().to_string()),
        "last_reload_error": status.last_reload_error,
        "upstreams": state.upstreams.keys().collect::<Vec<_>>(),
        "paths": state
            .upstreams
            .keys()
            .filter_map(|p| Some((p, g.paths.paths(p)?)))
            .collect::<std::collections::BTreeMap<_, _>>(),
    });
    let response = json_response(StatusCode::OK, &body);
    state
        .metrics
        .request("healthz", "", "", 200, start.elapsed().as_secs_f64());
    response
}

async fn metrics(State(state): State<Arc<Shared>>) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; version=0.0.4"),
        )],
        state.metrics.render(),
    )
        .into_response()
}

async fn models(State(state): State<Arc<Shared>>) -> Response {
    let start = Instant::now();
    let generation = state.specs.current();
    let response = json_response(StatusCode::OK, &generation.specs.registry().model_list());
    state
        .metrics
        .request("models", "", "", 200, start.elapsed().as_secs_f64());
    response
}

/// A path parameter, or 400 `invalid_path` (OpenAI's error body) when it does not decode.
pub(super) fn decoded(param: Result<Path<String>, PathRejection>) -> Result<String, ApiError> {
    param.map(|Path(p)| p).map_err(|e| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_path",
            format!("the path does not decode: {}", e.body_text()),
        )
    })
}

/// `GET /v1/models/{id}`: `id` is a spec id, its `/` raw or as `%2F` (axum decodes it).
async fn model(
    State(state): State<Arc<Shared>>,
    id: Result<Path<String>, PathRejection>,
) -> Response {
    let start = Instant::now();
    let id = match decoded(id) {
        Ok(id) => id,
        Err(error) => {
            let seconds = start.elapsed().as_secs_f64();
            state.metrics.request("model", "", UNKNOWN, 400, seconds);
            return error.into_response();
        }
    };
    let generation = state.specs.current();
    let registry = generation.specs.registry();
    let (response, model) = match registry.document(&id) {
        Some(doc) => (json_response(StatusCode::OK, doc), id.as_str()),
        None => (
            ApiError::new(
                StatusCode::NOT_FOUND,
                "model_not_found",
                format!(
                    "the model {:?} does not exist; GET /v1/models lists them",
                    crate::error::echo(&id)
                ),
            )
            .param("model")
            .into_response(),
            UNKNOWN,
        ),
    };
    state.metrics.request(
        "model",
        "",
        model,
        response.status().as_u16(),
        start.elapsed().as_secs_f64(),
    );
    response
}

/// `POST /v1/validate/{target}`: what `capspec validate` prints, 200 or 400. The target is a
/// provider (the body's `model` routes), a spec id (`fal/flux-dev`: that spec exactly), or a
/// provider and one of its endpoint paths (`fal/fal-ai/flux/dev`: the spec the path selects).
async fn validate(
    State(state): State<Arc<Shared>>,
    target: Result<Path<String>, PathRejection>,
    request: Request,
) -> Response {
    let start = Instant::now();
    let target = match decoded(target) {
        Ok(target) => target,
        Err(error) => {
            let seconds = start.elapsed().as_secs_f64();
            state
                .metrics
                .request("validate", UNKNOWN, UNKNOWN, 400, seconds);
            return error.into_response();
        }
    };
    let (provider, rest) = match target.split_once('/') {
        Some((provider, rest)) => (provider, Some(rest)),
        None => (target.as_str(), None),
    };
    let generation = state.specs.current();
    let specs = &generation.specs;
    let registry = specs.registry();
    let form = super::forms::content_type(request.headers()).map(str::to_owned);
    let chosen = match rest {
        None => Ok(Chosen::Provider),
        Some(_) if registry.spec(&target).is_some() => Ok(Chosen::Spec(target.as_str())),
        Some(rest) if registry.takes_multipart(provider, &format!("/{rest}")) => {
            Ok(Chosen::Form(format!("/{rest}")))
        }
        Some(rest) => registry
            .spec_for_endpoint(provider, &format!("/{rest}"))
            .map(Chosen::Spec)
            .ok_or(rest),
    };
    let refused = if !specs.has_provider(provider) {
        Some(unknown_provider(registry, provider))
    } else if let Err(rest) = chosen {
        Some(
            ApiError::new(
                StatusCode::NOT_FOUND,
                "endpoint_not_found",
                format!(
                    "{:?} is neither a spec id of {provider} nor one of its endpoint paths; POST /v1/validate/{provider} routes by the body's model",
                    crate::error::echo(&format!("{provider}/{rest}"))
                ),
            )
            .into_response(),
        )
    } else {
        None
    };
    if let Some(response) = refused {
        let status = response.status().as_u16();
        let seconds = start.elapsed().as_secs_f64();
        state
            .metrics
            .request("validate", UNKNOWN, UNKNOWN, status, seconds);
        return response;
    }
    let chosen = chosen.unwrap_or(Chosen::Provider);
    let body = match read_body(&state, request).await {
        Ok(body) => body,
        Err(e) => {
            let seconds = start.elapsed().as_secs_f64();
            let status = e.status().as_u16();
            state
                .metrics
                .request("validate", provider, UNKNOWN, status, seconds);
            return e.into_response();
        }
    };
    let spec = match chosen {
        Chosen::Spec(id) => Some(id),
        _ => None,
    };
    let (response, model) = match (&chosen, form.as_deref()) {
        // A form (or a JSON body sent where a form goes): validated as a form.
        (Chosen::Form(path), content_type) => super::forms::answer(
            &state,
            registry.validate_multipart(provider, path, content_type.unwrap_or(""), &body),
            provider,
        ),
        (Chosen::Spec(id), Some(content_type)) => super::forms::answer(
            &state,
            registry.validate_spec_multipart(id, content_type, &body),
            provider,
        ),
        _ => match spec.map_or_else(
            || specs.validate(provider, &body),
            |id| specs.validate_spec(id, &body),
        ) {
            None => (unknown_provider(registry, provider), UNKNOWN.into()),
            Some(Ok(valid)) => (
                json_response(StatusCode::OK, &Summary::new(&valid)),
                valid.spec_id().to_owned(),
            ),
            Some(Err(violations)) => {
                let (response, model) = refuse(&state, specs, provider, spec, &body, &violations);
                (response, model.to_owned())
            }
        },
    };
    state.metrics.request(
        "validate",
        provider,
        &model,
        response.status().as_u16(),
        start.elapsed().as_secs_f64(),
    );
    response
}

/// What `/v1/validate/{target}` validates for.
enum Chosen<'t> {
    /// The provider: the body's `model` routes.
    Provider,
    /// A spec id, or the spec an endpoint path selects.
    Spec(&'t str),
    /// An endpoint path that takes multipart forms.
    Form(String),
}

/// The answer to a body that breaks `provider`'s specs: 400 with every violation, counted in
/// the metrics under the spec the body names; and that spec's id (`unknown` if none).
pub(super) fn refuse<'s>(
    state: &Shared,
    specs: &'s Specs,
    provider: &str,
    selected: Option<&'s str>,
    body: &[u8],
    violations: &crate::Violations,
) -> (Response, &'s str) {
    let model = selected
        .or_else(|| specs.spec_named(provider, body))
        .unwrap_or(UNKNOWN);
    state.metrics.violations(provider, model, violations);
    (json_response(StatusCode::BAD_REQUEST, violations), model)
}

pub(super) fn unknown_provider(registry: &crate::Registry, provider: &str) -> Response {
    let known: Vec<&str> = registry.providers().collect();
    ApiError::new(
        StatusCode::NOT_FOUND,
        "provider_not_found",
        format!(
            "no provider {:?}; providers: {}",
            crate::error::echo(provider),
            known.join(", ")
        ),
    )
    .into_response()
}

/// `/<provider>/<path>` ([`super::app::proxied`]) to the proxy, any other path no route took
/// to 404.
async fn proxy_or_not_found(state: State<Arc<Shared>>, request: Request) -> Response {
    if super::app::proxied(request.uri().path()) {
        super::proxy::proxy(state, request).await
    } else {
        not_found(request).await
    }
}

async fn not_found(request: Request<Body>) -> Response {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "not_found",
        format!(
            "no route {} {}; see GET /v1/models, POST /v1/validate/<provider>, POST /<provider>/<path>",
            request.method(),
            crate::error::echo(request.uri().path())
        ),
    )
    .into_response()
}

async fn method_not_allowed(request: Request<Body>) -> Response {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        format!(
            "{} is not allowed on {}",
            request.method(),
            request.uri().path()
        ),
    )
    .into_response()
}
