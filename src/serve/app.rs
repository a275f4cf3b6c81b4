//! The server's service: which requests go through axum's router and which go to the proxy
//! directly.
//!
//! The router answers capspec's own routes (`/`, `/healthz`, `/metrics`, `/v1/...`), and its
//! fallback sends `/<provider>/<path>` to the proxy. A proxied request whose first segment is
//! none of the router's ([`OWN`]) goes to the same handler without the router: matching it,
//! boxing it through tower's layers and converting its response cost about 5,000 instructions
//! per request (BENCHMARKS.md, "Second pass"). Both ways give the same answer for the same
//! request; `tests/serve/catalog.rs` asks both.

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::response::Response;
use hyper::body::Incoming;
use tower_service::Service;

use super::State as Shared;

/// The first path segments of the router's own routes (routes.rs). A route added outside them
/// must be added here, or the proxy takes its requests.
const OWN: [&str; 3] = ["v1", "healthz", "metrics"];

/// `/<first segment>/<rest>`, where the rest is one character or more.
fn segments(path: &str) -> Option<(&str, &str)> {
    path.strip_prefix('/')
        .and_then(|rest| rest.split_once('/'))
        .filter(|(_, rest)| !rest.is_empty())
}

/// `/<provider>/<path>`: a path of one character or more after the provider's segment (which
/// may be empty, and then names no provider). What the router leaves to its fallback and is
/// not such goes to 404.
pub(super) fn proxied(path: &str) -> bool {
    segments(path).is_some()
}

/// A proxied path the router has no route for, whatever its method.
fn direct(path: &str) -> bool {
    segments(path).is_some_and(|(first, _)| !first.is_empty() && !OWN.contains(&first))
}

#[derive(Clone)]
pub(super) struct App {
    router: Router,
    state: Arc<Shared>,
}

impl App {
    pub(super) fn new(state: Arc<Shared>) -> App {
        App {
            router: super::routes::router(state.clone()),
            state,
        }
    }
}

type Answer = Pin<Box<dyn Future<Output = Result<Response, Infallible>> + Send>>;

impl hyper::service::Service<hyper::Request<Incoming>> for App {
    type Response = Response;
    type Error = Infallible;
    type Future = Answer;

    fn call(&self, request: hyper::Request<Incoming>) -> Answer {
        let request = request.map(Body::new);
        if direct(request.uri().path()) {
            let state = self.state.clone();
            Box::pin(async move { Ok(super::proxy::proxy(State(state), request).await) })
        } else {
            // A router is always ready (axum's `Router::poll_ready`).
            let mut router = self.router.clone();
            Box::pin(router.call(request))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_proxied_paths_outside_the_routers_own_go_directly() {
        for path in [
            "/gccai/v1/images/generations",
            "/x/y",
            "/nobody//",
            "/v2/x",
            "/v1x/y",
        ] {
            assert!(direct(path), "{path}");
        }
        for path in [
            "/v1/models",
            "/v1/validate/gccai",
            "/healthz/x",
            "/metrics/x",
            "//v1/images/generations",
            "/gccai",
            "/gccai/",
            "/",
            "",
        ] {
            assert!(!direct(path), "{path}");
        }
        assert!(proxied("//v1/images/generations") && proxied("/v1/models/x"));
        assert!(!proxied("/gccai/") && !proxied("/gccai") && !proxied("gccai/x"));
    }
}
