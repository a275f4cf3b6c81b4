//! `/{provider}/<path>`: validate, then forward to the provider's upstream and relay its
//! answer. docs/serve.md ("Proxying") is the contract.
//!
//! In order, a request is refused when:
//! 1. the provider has no spec in service (404 `provider_not_found`, whatever the method) or
//!    no upstream on this server (404 `provider_not_found`);
//! 2. its path could be resolved outside the upstream's base path ([`paths::check`]: 400
//!    `invalid_path`);
//! 3. its method is not POST, GET, HEAD or PUT (405);
//! 4. its path is not one of the provider's endpoints ([`paths::Table`]: 404
//!    `endpoint_not_found`); where the endpoint path selects the spec (fal), the path also
//!    picks the spec that validates the body;
//! 5. its `Connection` header is unreadable (400 `invalid_header`);
//! 6. (POST) its body breaks the provider's specs (400, every violation).
//!
//! What is left is forwarded to `<upstream base path><path>[?query]`: a POST with the
//! **normalized** body (what `capspec validate` prints under `request`), a GET, HEAD or PUT
//! with none. Headers follow `headers.rs`. The upstream's status, headers and body are relayed as
//! they come; a body that breaks off upstream breaks off the response (the connection closes
//! before the response is complete, so the client sees an error, never a short body), and an
//! informational status (1xx, 101) as the final answer is a 502.

use std::sync::Arc;
use std::time::Instant;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use percent_encoding::percent_decode_str;

use super::State as Shared;
use super::client::{Paced, SendError};
use super::metrics::{UNKNOWN, status_label};
use super::paths::{self, Action, Verdict};
use super::routes::{read_body, refuse, seconds, unknown_provider};
use super::{forms, headers, specs::Generation};
use crate::ValidRequest;
use crate::axum::ApiError;

pub(super) async fn proxy(State(state): State<Arc<Shared>>, request: Request) -> Response {
    let start = Instant::now();
    let (response, labels) = answer(&state, request).await;
    state.metrics.request(
        "proxy",
        labels.provider.as_deref().unwrap_or(UNKNOWN),
        labels.model.as_deref().unwrap_or(UNKNOWN),
        response.status().as_u16(),
        start.elapsed().as_secs_f64(),
    );
    response
}

/// The provider and model labels of a request's metrics: spec ids in service, or none.
#[derive(Default)]
struct Labels {
    provider: Option<String>,
    model: Option<String>,
}

/// The response, and the labels of its metrics.
async fn answer(state: &Shared, request: Request) -> (Response, Labels) {
    let generation = state.specs.current();
    let Some((provider, path)) = split(request.uri().path()) else {
        let response = ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_path",
            "the provider segment of the path is not UTF-8 once percent-decoded",
        )
        .into_response();
        return (response, Labels::default());
    };
    let specs = &generation.specs;
    if !specs.has_provider(&provider) {
        return (
            unknown_provider(specs.registry(), &provider),
            Labels::default(),
        );
    }
    let Some(upstream) = state.upstreams.get(&provider) else {
        return (no_upstream(state, &provider), Labels::default());
    };
    let labels = Labels {
        provider: Some(provider.clone()),
        model: None,
    };
    if let Err(refusal) = paths::check(path) {
        let response = ApiError::new(StatusCode::BAD_REQUEST, "invalid_path", refusal.message())
            .into_response();
        return (response, labels);
    }
    let method = request.method().clone();
    let action = match method {
        Method::POST => Action::Generate,
        Method::GET | Method::HEAD => Action::Poll,
        Method::PUT => Action::Cancel,
        ref other => {
            let response = ApiError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                format!(
                    "{other} is not proxied; POST bodies are validated, GET and HEAD poll, PUT cancels"
                ),
            )
            .into_response();
            return (response, labels);
        }
    };
    let selected = match generation.paths.verdict(&provider, action, path) {
        Verdict::NotAnEndpoint => {
            return (
                not_an_endpoint(&generation, &provider, &method, path),
                labels,
            );
        }
        Verdict::Forward { spec } => spec.map(str::to_owned),
    };
    let Some(target) = paths::join(upstream, path, request.uri().query()) else {
        let response = ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_path",
            "the path does not stay under the upstream's base path once appended to it",
        )
        .into_response();
        return (response, labels);
    };
    let Ok(mut forwarded) = headers::upstream(request.headers()) else {
        let response = ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_header",
            "the Connection header is not readable text; it must list header names",
        )
        .into_response();
        return (response, labels);
    };
    if action != Action::Generate {
        let response = forward(state, &provider, method, target, forwarded, None).await;
        return (response, labels);
    }
    let form_path = specs
        .registry()
        .takes_multipart(&provider, path)
        .then(|| path.to_owned());
    let declared = forms::declared(request.headers()).to_owned();
    let body = match read_body(state, request).await {
        Ok(body) => body,
        Err(e) => return (e.into_response(), labels),
    };
    if let Some(path) = form_path {
        // A form: validated part by part, then its exact bytes forwarded with the client's
        // `Content-Type` (forms.rs).
        let (model, cost) =
            match forms::check(state, &generation, &provider, &path, &declared, &body) {
                Ok(checked) => checked,
                Err(refused) => return refused_form(*refused, labels),
            };
        drop(generation);
        forms::forward_headers(&mut forwarded, &declared);
        let mut response = forward(state, &provider, method, target, forwarded, Some(body)).await;
        priced(state, &mut response, &provider, &model, &cost);
        let labels = Labels {
            model: Some(model),
            ..labels
        };
        return (response, labels);
    }
    let verdict = match &selected {
        Some(id) => specs.validate_spec(id, &body),
        None => specs.validate(&provider, &body),
    };
    let (normalized, model, cost) = match verdict {
        None => {
            return (
                unknown_provider(specs.registry(), &provider),
                Labels::default(),
            );
        }
        Some(Err(violations)) => {
            let (response, model) = refuse(
                state,
                specs,
                &provider,
                selected.as_deref(),
                &body,
                &violations,
            );
            let labels = Labels {
                model: Some(model.to_owned()),
                ..labels
            };
            return (response, labels);
        }
        Some(Ok(valid)) => match serde_json::to_vec(&valid) {
            Ok(bytes) => (bytes, valid.spec_id().to_owned(), valid.cost()),
            Err(e) => {
                let response = ApiError::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal_error",
                    format!("cannot serialize the normalized request: {e}"),
                )
                .into_response();
                return (response, labels);
            }
        },
    };
    drop(generation);
    forwarded.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    let mut response = forward(
        state,
        &provider,
        method,
        target,
        forwarded,
        Some(Bytes::from(normalized)),
    )
    .await;
    priced(state, &mut response, &provider, &model, &cost);
    let labels = Labels {
        model: Some(model),
        ..labels
    };
    (response, labels)
}

fn refused_form(response: Response, labels: Labels) -> (Response, Labels) {
    let labels = Labels {
        model: Some(UNKNOWN.to_owned()),
        ..labels
    };
    (response, labels)
}

/// The estimate in `capspec-cost-estimate`, and, when the upstream answered 2xx, in the spend
/// counter (failed generations are not billed by the providers that say so, and an estimate
/// of spend should not count them either).
pub(super) fn priced(
    state: &Shared,
    response: &mut Response,
    provider: &str,
    model: &str,
    cost: &crate::price::Cost,
) {
    if let Some(value) = state.cost_values.value(cost) {
        response.headers_mut().insert(headers::COST_ESTIMATE, value);
    }
    if response.status().is_success() {
        state.metrics.spend(provider, model, cost);
    }
}

/// `/<provider><path>` as sent: the provider decoded (`None` if that is not UTF-8), the path
/// (with its leading `/`) raw.
fn split(raw: &str) -> Option<(String, &str)> {
    let rest = raw.strip_prefix('/').unwrap_or(raw);
    let (segment, path) = rest
        .find('/')
        .map_or((rest, "/"), |i| (&rest[..i], &rest[i..]));
    let provider = percent_decode_str(segment).decode_utf8().ok()?;
    Some((provider.into_owned(), path))
}

fn no_upstream(state: &Shared, provider: &str) -> Response {
    let names: Vec<&str> = state.upstreams.keys().map(String::as_str).collect();
    let proxied = if names.is_empty() {
        "none".to_owned()
    } else {
        names.join(", ")
    };
    ApiError::new(
        StatusCode::NOT_FOUND,
        "provider_not_found",
        format!(
            "provider {provider} has no upstream on this server (capspec serve --upstream {provider}=URL); proxied providers: {proxied}"
        ),
    )
    .into_response()
}

/// 404 `endpoint_not_found`, with the paths the provider's specs name.
fn not_an_endpoint(
    generation: &Generation,
    provider: &str,
    method: &Method,
    path: &str,
) -> Response {
    let named = generation
        .paths
        .paths(provider)
        .map_or_else(|| "no path".to_owned(), super::paths::Paths::describe);
    ApiError::new(
        StatusCode::NOT_FOUND,
        "endpoint_not_found",
        format!(
            "{method} {} is not an endpoint of {provider}; its specs name {named}",
            crate::error::echo(path)
        ),
    )
    .into_response()
}

pub(super) async fn forward(
    state: &Shared,
    provider: &str,
    method: Method,
    target: String,
    headers: HeaderMap,
    body: Option<Bytes>,
) -> Response {
    match send(state, provider, method, target, headers, body).await {
        Ok(upstream) => relay(upstream),
        Err(response) => response,
    }
}

/// An upstream's answer whose status and headers a proxy can relay, or the error response
/// (502, 504) that takes its place.
pub(super) async fn send(
    state: &Shared,
    provider: &str,
    method: Method,
    target: String,
    headers: HeaderMap,
    body: Option<Bytes>,
) -> Result<Upstream, Response> {
    let start = Instant::now();
    let sent = state.client.send(method, target, headers, body).await;
    let elapsed = start.elapsed().as_secs_f64();
    let upstream = match sent {
        Ok(upstream) => upstream,
        Err(SendError::Timeout) => return Err(upstream_timeout(state, provider, elapsed)),
        Err(SendError::Unavailable(why)) => {
            state.metrics.upstream(provider, "unavailable", elapsed);
            tracing::warn!(provider, "upstream unavailable: {why}");
            return Err(ApiError::new(
                StatusCode::BAD_GATEWAY,
                "upstream_unavailable",
                format!("the upstream of {provider} is unavailable: {why}"),
            )
            .into_response());
        }
    };
    let status = upstream.status();
    let relayed = headers::downstream(upstream.headers());
    let why = match relayed {
        _ if status.is_informational() => {
            format!("answered {status} as its final response, which a proxy cannot relay")
        }
        Err(_) => "sent a Connection header that is not readable text".to_owned(),
        Ok(headers) => {
            state
                .metrics
                .upstream(provider, status_label(status.as_u16()), elapsed);
            tracing::debug!(provider, status = status.as_u16(), "forwarded");
            return Ok(Upstream {
                status,
                headers,
                body: upstream.into_body(),
            });
        }
    };
    state.metrics.upstream(provider, "invalid", elapsed);
    tracing::warn!(provider, "upstream answer refused: {why}");
    Err(ApiError::new(
        StatusCode::BAD_GATEWAY,
        "upstream_invalid_response",
        format!("the upstream of {provider} {why}"),
    )
    .into_response())
}

/// An upstream's answer: its status, the headers that reach the client, its body to come.
pub(super) struct Upstream {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Paced,
}

/// The answer streamed to the client as it comes.
pub(super) fn relay(upstream: Upstream) -> Response {
    let mut response = Response::new(Body::new(upstream.body));
    *response.status_mut() = upstream.status;
    *response.headers_mut() = upstream.headers;
    response
}

fn upstream_timeout(state: &Shared, provider: &str, elapsed: f64) -> Response {
    state.metrics.upstream(provider, "timeout", elapsed);
    tracing::warn!(provider, "upstream timed out");
    ApiError::new(
        StatusCode::GATEWAY_TIMEOUT,
        "upstream_timeout",
        format!(
            "the upstream of {provider} did not answer within {}",
            seconds(state.upstream_timeout)
        ),
    )
    .into_response()
}
