//! `POST /v1/translate/{spec id}` (what `capspec translate` prints) and
//! `POST /v1/images/generations` (a canonical request whose `model` is a spec id, translated
//! and forwarded to that spec's endpoint on its provider's upstream). The policy is the
//! `capspec-allow` request header (`nearest-size,split-n,drop`; absent: exact); the changes
//! made are the `capspec-changes` response header (JSON, ASCII). docs/translate.md, "Server".

use std::sync::Arc;
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use super::State as Shared;
use super::client::{Paced, chain};
use super::metrics::UNKNOWN;
use super::proxy::{Upstream, relay, send};
use super::routes::{decoded, read_body};
use super::{headers, paths};
use crate::axum::{ApiError, json_response};
use crate::translate::{Change, Policy};

/// The request header that allows changes.
pub(super) const ALLOW: HeaderName = HeaderName::from_static("capspec-allow");
/// The response header listing the changes made.
pub(super) const CHANGES: HeaderName = HeaderName::from_static("capspec-changes");
/// With several calls, how many of them the upstream answered before the one relayed.
const CALLS_DONE: HeaderName = HeaderName::from_static("capspec-calls-completed");

/// The largest upstream answer read whole to merge several calls' images.
const MAX_MERGED_BODY: usize = 256 * 1024 * 1024;

/// `POST /v1/translate/{spec id}`: 200 with the translation, or 400 with every violation.
pub(super) async fn translate(
    State(state): State<Arc<Shared>>,
    id: Result<Path<String>, PathRejection>,
    request: Request,
) -> Response {
    let start = Instant::now();
    let (response, (provider, model)) = translated(&state, id, request).await;
    let seconds = start.elapsed().as_secs_f64();
    let status = response.status().as_u16();
    state
        .metrics
        .request("translate", &provider, &model, status, seconds);
    response
}

/// `(provider, spec id)` labels.
type Labels = (String, String);

fn unknown_labels() -> Labels {
    (UNKNOWN.to_owned(), UNKNOWN.to_owned())
}

async fn translated(
    state: &Shared,
    id: Result<Path<String>, PathRejection>,
    request: Request,
) -> (Response, Labels) {
    let id = match decoded(id) {
        Ok(id) => id,
        Err(e) => return (e.into_response(), unknown_labels()),
    };
    let policy = match policy(request.headers()) {
        Ok(p) => p,
        Err(e) => return (e.into_response(), unknown_labels()),
    };
    let generation = state.specs.current();
    let specs = &generation.specs;
    let Some(spec) = specs.registry().spec(&id) else {
        return (unknown_model(&id), unknown_labels());
    };
    let labels = (spec.provider.clone(), spec.id.clone());
    let body = match read_body(state, request).await {
        Ok(b) => b,
        Err(e) => return (e.into_response(), labels),
    };
    let response = match specs.translate(&id, &body, &policy) {
        Ok(t) => {
            let mut response = json_response(StatusCode::OK, &t);
            add_changes(&mut response, t.changes());
            response
        }
        Err(violations) => json_response(StatusCode::BAD_REQUEST, &violations),
    };
    (response, labels)
}

/// `POST /v1/images/generations`: translate, forward each call, relay the answer.
pub(super) async fn generations(State(state): State<Arc<Shared>>, request: Request) -> Response {
    let start = Instant::now();
    let (response, (provider, model)) = generate(&state, request).await;
    let seconds = start.elapsed().as_secs_f64();
    let status = response.status().as_u16();
    state
        .metrics
        .request("generations", &provider, &model, status, seconds);
    response
}

async fn generate(state: &Shared, request: Request) -> (Response, Labels) {
    let policy = match policy(request.headers()) {
        Ok(p) => p,
        Err(e) => return (e.into_response(), unknown_labels()),
    };
    let Ok(forwarded) = headers::upstream(request.headers()) else {
        let e = ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_header",
            "the Connection header is not readable text; it must list header names",
        );
        return (e.into_response(), unknown_labels());
    };
    let query = request.uri().query().map(str::to_owned);
    let body = match read_body(state, request).await {
        Ok(b) => b,
        Err(e) => return (e.into_response(), unknown_labels()),
    };
    let generation = state.specs.current();
    let specs = &generation.specs;
    let id = match model_of(&body) {
        Ok(id) => id,
        Err(e) => return (e.into_response(), unknown_labels()),
    };
    let Some(spec) = specs.registry().spec(&id) else {
        return (unknown_model(&id), unknown_labels());
    };
    let labels = (spec.provider.clone(), spec.id.clone());
    let translation = match specs.translate(&id, &body, &policy) {
        Ok(t) => t,
        Err(violations) => return (json_response(StatusCode::BAD_REQUEST, &violations), labels),
    };
    let Some(upstream) = state.upstreams.get(&spec.provider) else {
        let e = ApiError::new(
            StatusCode::NOT_FOUND,
            "provider_not_found",
            format!(
                "provider {} has no upstream on this server (capspec serve --upstream {}=URL)",
                spec.provider, spec.provider
            ),
        );
        return (e.into_response(), labels);
    };
    let endpoint = spec.model.endpoint.as_ref().and_then(|e| e.path.clone());
    let Some(target) = endpoint.and_then(|p| paths::join(upstream, &p, query.as_deref())) else {
        let e = ApiError::new(
            StatusCode::NOT_FOUND,
            "endpoint_not_found",
            format!(
                "{} names no endpoint path to send a generation to; POST the translated body to /{}/<path> yourself (POST /v1/translate/{})",
                spec.id, spec.provider, spec.id
            ),
        );
        return (e.into_response(), labels);
    };
    let mut calls = Vec::with_capacity(translation.calls().len());
    for call in translation.calls() {
        match serde_json::to_vec(call) {
            Ok(bytes) => calls.push(bytes),
            Err(e) => {
                let e = ApiError::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal_error",
                    format!("cannot serialize a call: {e}"),
                );
                return (e.into_response(), labels);
            }
        }
    }
    let changes = translation.changes().to_vec();
    let cost = translation.cost();
    drop(translation);
    drop(generation);
    let mut headers = forwarded;
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    let provider = labels.0.clone();
    let mut response = if calls.len() == 1 {
        let body = calls.pop().map(Bytes::from);
        match send(state, &provider, Method::POST, target, headers, body).await {
            Ok(upstream) => relay(upstream),
            Err(response) => response,
        }
    } else {
        several(state, &provider, target, headers, calls).await
    };
    add_changes(&mut response, &changes);
    super::proxy::priced(state, &mut response, &labels.0, &labels.1, &cost);
    (response, labels)
}

/// Several calls, one after another. Every answer 2xx JSON with a `data` array: one answer,
/// the first's members with `data` concatenated in call order. Otherwise the first answer that
/// is not, relayed as it came, with `capspec-calls-completed` saying how many calls before it
/// were answered (and may be billed).
async fn several(
    state: &Shared,
    provider: &str,
    target: String,
    headers: HeaderMap,
    calls: Vec<Vec<u8>>,
) -> Response {
    let mut merged: Option<serde_json::Map<String, Value>> = None;
    for (done, body) in calls.into_iter().enumerate() {
        let upstream = match send(
            state,
            provider,
            Method::POST,
            target.clone(),
            headers.clone(),
            Some(Bytes::from(body)),
        )
        .await
        {
            Ok(u) => u,
            Err(response) => return completed(response, done),
        };
        if !upstream.status.is_success() {
            return completed(relay(upstream), done);
        }
        let Upstream {
            status,
            headers: answer_headers,
            body,
        } = upstream;
        let bytes = match read_limited(body).await {
            Ok(b) => b,
            Err(why) => {
                let e = ApiError::new(
                    StatusCode::BAD_GATEWAY,
                    "upstream_invalid_response",
                    format!("the upstream of {provider} {why}"),
                );
                return completed(e.into_response(), done);
            }
        };
        let parsed: Option<serde_json::Map<String, Value>> = serde_json::from_slice(&bytes).ok();
        let Some(mut answer) = parsed.filter(|a| a.get("data").is_some_and(Value::is_array)) else {
            let mut response = Response::new(axum::body::Body::from(bytes));
            *response.status_mut() = status;
            *response.headers_mut() = answer_headers;
            response.headers_mut().remove(header::CONTENT_LENGTH);
            return completed(response, done);
        };
        match &mut merged {
            None => merged = Some(answer),
            Some(first) => {
                let more = answer.remove("data").unwrap_or_default();
                if let (Some(Value::Array(all)), Value::Array(more)) = (first.get_mut("data"), more)
                {
                    all.extend(more);
                }
            }
        }
    }
    json_response(StatusCode::OK, &merged.unwrap_or_default())
}

fn completed(mut response: Response, done: usize) -> Response {
    response
        .headers_mut()
        .insert(CALLS_DONE, HeaderValue::from(done));
    response
}

async fn read_limited(mut body: Paced) -> Result<Bytes, String> {
    use http_body_util::BodyExt as _;
    let mut out = Vec::new();
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|e| format!("broke off its answer: {}", chain(&*e)))?;
        let Ok(chunk) = frame.into_data() else {
            continue; // trailers
        };
        if out.len() + chunk.len() > MAX_MERGED_BODY {
            return Err(format!("answered with more than {MAX_MERGED_BODY} bytes"));
        }
        out.extend_from_slice(&chunk);
    }
    Ok(Bytes::from(out))
}

/// The policy in `capspec-allow`, or 400 `invalid_header`.
fn policy(headers: &HeaderMap) -> Result<Policy, ApiError> {
    let mut policy = Policy::EXACT;
    for value in headers.get_all(ALLOW) {
        let text = value.to_str().map_err(|_| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                "invalid_header",
                "capspec-allow is not readable text",
            )
        })?;
        let more: Policy = text.parse().map_err(|e: String| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                "invalid_header",
                format!("capspec-allow: {e}"),
            )
        })?;
        policy.nearest_size |= more.nearest_size;
        policy.split_n |= more.split_n;
        policy.drop |= more.drop;
    }
    Ok(policy)
}

/// The canonical body's `model`: the spec id to translate to.
fn model_of(body: &[u8]) -> Result<String, ApiError> {
    let parsed: Value = serde_json::from_slice(body).map_err(|e| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_json",
            format!("the body is not JSON: {e}"),
        )
    })?;
    let Value::Object(mut members) = parsed else {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_type",
            "the body must be a JSON object (the canonical request)",
        ));
    };
    match members.remove("model") {
        Some(Value::String(id)) => Ok(id),
        Some(value) if !value.is_null() => Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_type",
            "model must be a spec id, a string such as \"gccai/qwen-image-2.0\"",
        )
        .param("model")),
        _ => Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "missing_required",
            "model is required: the spec id to generate with (GET /v1/models lists them)",
        )
        .param("model")),
    }
}

fn unknown_model(id: &str) -> Response {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "model_not_found",
        format!(
            "the model {:?} does not exist; GET /v1/models lists them",
            crate::error::echo(id)
        ),
    )
    .param("model")
    .into_response()
}

/// `capspec-changes: [...]`, the changes as JSON with every non-ASCII character escaped.
fn add_changes(response: &mut Response, changes: &[Change]) {
    if let Ok(value) = HeaderValue::from_str(&headers::ascii_json(&changes)) {
        response.headers_mut().insert(CHANGES, value);
    }
}
