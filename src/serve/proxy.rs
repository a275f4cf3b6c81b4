//! `/{provider}/{*path}`: validate, then forward to the provider's upstream and relay its
//! answer.
//!
//! - `POST` bodies are validated for the provider; a valid one is forwarded **normalized**
//!   (defaults applied, URLs canonical: what `capspec validate` prints under `request`), an
//!   invalid one is answered 400 and never forwarded.
//! - `GET` and `HEAD` carry no body to validate (polling an asynchronous task, say) and are
//!   forwarded as they are; other methods are answered 405.
//! - The client's end-to-end headers go upstream (`Authorization`, `Accept`, a provider's own
//!   such as `X-DashScope-Async`); hop-by-hop ones (`Connection` and those it names,
//!   `Keep-Alive`, `Proxy-*`, `TE`, `Trailer`, `Transfer-Encoding`, `Upgrade`), `Host` and
//!   `Content-Length` do not. The upstream's status, end-to-end headers and body are relayed
//!   as they come; a body that breaks off upstream breaks off the response (the connection is
//!   closed before the response is complete, so the client sees an error, never a short body).

use std::sync::Arc;
use std::time::Instant;

use axum::body::Body;
use axum::extract::{Path, Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::State as Shared;
use super::metrics::UNKNOWN;
use super::routes::{read_body, refuse, seconds, unknown_provider};
use crate::ValidRequest;
use crate::axum::ApiError;

pub(super) async fn proxy(
    State(state): State<Arc<Shared>>,
    Path((provider, _)): Path<(String, String)>,
    request: Request,
) -> Response {
    let start = Instant::now();
    let (response, provider_label, model) = answer(&state, &provider, request).await;
    state.metrics.request(
        "proxy",
        provider_label,
        &model,
        response.status().as_u16(),
        start.elapsed().as_secs_f64(),
    );
    response
}

/// The response, and the provider and model labels of its metrics.
async fn answer<'p>(
    state: &Shared,
    provider: &'p str,
    request: Request,
) -> (Response, &'p str, String) {
    let generation = state.specs.current();
    let specs = &generation.specs;
    let Some(upstream) = state.upstreams.get(provider) else {
        let response = if specs.has_provider(provider) {
            ApiError::new(
                StatusCode::NOT_FOUND,
                "provider_not_found",
                format!(
                    "provider {provider} has no upstream on this server (capspec serve --upstream {provider}=URL); proxied providers: {}",
                    proxied(state)
                ),
            )
            .into_response()
        } else {
            unknown_provider(specs.registry(), provider)
        };
        return (response, UNKNOWN, UNKNOWN.to_owned());
    };
    let target = target(upstream, request.uri());
    let method = request.method().clone();
    let headers = end_to_end(request.headers());
    match method {
        Method::GET | Method::HEAD => {
            let response = forward(state, provider, method, target, headers, None).await;
            return (response, provider, UNKNOWN.to_owned());
        }
        Method::POST => {}
        other => {
            let response = ApiError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                format!("{other} is not proxied; POST bodies are validated, GET and HEAD pass"),
            )
            .into_response();
            return (response, provider, UNKNOWN.to_owned());
        }
    }
    let body = match read_body(state, request).await {
        Ok(body) => body,
        Err(e) => return (e.into_response(), provider, UNKNOWN.to_owned()),
    };
    let (normalized, model) = match specs.validate(provider, &body) {
        None => {
            // The provider's specs left in a reload.
            let response = unknown_provider(specs.registry(), provider);
            return (response, UNKNOWN, UNKNOWN.to_owned());
        }
        Some(Err(violations)) => {
            let (response, model) = refuse(state, specs, provider, &body, &violations);
            return (response, provider, model.to_owned());
        }
        Some(Ok(valid)) => match serde_json::to_vec(&valid) {
            Ok(bytes) => (bytes, valid.spec_id().to_owned()),
            Err(e) => {
                let response = ApiError::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal_error",
                    format!("cannot serialize the normalized request: {e}"),
                )
                .into_response();
                return (response, provider, UNKNOWN.to_owned());
            }
        },
    };
    drop(generation);
    let mut headers = headers;
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    let response = forward(state, provider, method, target, headers, Some(normalized)).await;
    (response, provider, model)
}

fn proxied(state: &Shared) -> String {
    let names: Vec<&str> = state.upstreams.keys().map(String::as_str).collect();
    if names.is_empty() {
        "none".to_owned()
    } else {
        names.join(", ")
    }
}

/// `<upstream><path after /provider>[?query]`, the path as the client encoded it.
fn target(upstream: &url::Url, uri: &axum::http::Uri) -> String {
    let raw = uri.path();
    // The route matched `/{provider}/...`; `provider` came from the first segment (decoded,
    // so skip the segment as sent).
    let rest = raw
        .strip_prefix('/')
        .and_then(|p| p.find('/').map(|i| &p[i..]))
        .unwrap_or("/");
    let base = upstream.as_str().trim_end_matches('/');
    match uri.query() {
        Some(q) => format!("{base}{rest}?{q}"),
        None => format!("{base}{rest}"),
    }
}

/// Hop-by-hop headers (RFC 9110 §7.6.1), which a proxy does not forward.
const HOP_BY_HOP: [HeaderName; 8] = [
    header::CONNECTION,
    HeaderName::from_static("keep-alive"),
    header::PROXY_AUTHENTICATE,
    header::PROXY_AUTHORIZATION,
    header::TE,
    header::TRAILER,
    header::TRANSFER_ENCODING,
    header::UPGRADE,
];

/// `headers` without hop-by-hop ones, those `Connection` names, `Host` and `Content-Length`.
fn end_to_end(headers: &HeaderMap) -> HeaderMap {
    let named: Vec<String> = headers
        .get_all(header::CONNECTION)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|name| name.trim().to_ascii_lowercase())
        .collect();
    let mut out = HeaderMap::with_capacity(headers.len());
    for (name, value) in headers {
        let hop = HOP_BY_HOP.contains(name)
            || named.iter().any(|n| n == name.as_str())
            || name == header::HOST
            || name == header::CONTENT_LENGTH;
        if !hop {
            out.append(name.clone(), value.clone());
        }
    }
    out
}

async fn forward(
    state: &Shared,
    provider: &str,
    method: Method,
    target: String,
    headers: HeaderMap,
    body: Option<Vec<u8>>,
) -> Response {
    let start = Instant::now();
    let mut request = state.client.request(method, &target).headers(headers);
    if let Some(body) = body {
        request = request.body(body);
    }
    let sent = tokio::time::timeout(state.upstream_timeout, request.send()).await;
    let elapsed = start.elapsed().as_secs_f64();
    let upstream = match sent {
        Ok(Ok(upstream)) => upstream,
        Err(_) => return upstream_timeout(state, provider, elapsed),
        Ok(Err(e)) if e.is_timeout() => return upstream_timeout(state, provider, elapsed),
        Ok(Err(e)) => {
            state.metrics.upstream(provider, "unavailable", elapsed);
            tracing::warn!(provider, "upstream unavailable: {}", chain(&e));
            return ApiError::new(
                StatusCode::BAD_GATEWAY,
                "upstream_unavailable",
                format!("the upstream of {provider} is unavailable: {}", chain(&e)),
            )
            .into_response();
        }
    };
    let status = upstream.status();
    state.metrics.upstream(provider, status.as_str(), elapsed);
    tracing::debug!(provider, status = status.as_u16(), "forwarded");
    let headers = end_to_end(upstream.headers());
    let mut response = Response::new(Body::from_stream(upstream.bytes_stream()));
    *response.status_mut() = status;
    *response.headers_mut() = headers;
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

/// What went wrong, with its causes (`error sending request: client error (Connect):
/// tcp connect error: Connection refused`), without the upstream URL.
fn chain(e: &reqwest::Error) -> String {
    let mut out = e.to_string();
    if let Some(url) = e.url() {
        out = out.replace(&format!(" for url ({url})"), "");
    }
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        out.push_str(": ");
        out.push_str(&s.to_string());
        source = s.source();
    }
    out
}
