//! The proxy against a recording upstream: what is forwarded, what never is, and what the
//! client gets back.

use axum::http::{Method, StatusCode};
use capspec::Registry;
use capspec::serve::Config;

use serde_json::json;

use crate::support::{Running, Upstream, body_with, client, minimal_body, post, violations};

/// Every provider's upstream is the recording one.
async fn proxying_all(upstream: &Upstream) -> Running {
    let mut config = Config::new();
    for provider in providers() {
        config = config.upstream(provider, upstream.url.clone());
    }
    Running::start(config).await
}

/// The spec's endpoint path, or OpenAI's where it names none (any path is forwarded then).
pub fn endpoint(spec: &capspec::spec::Spec) -> String {
    spec.model
        .endpoint
        .as_ref()
        .and_then(|e| e.path.clone())
        .unwrap_or_else(|| "/v1/images/generations".to_owned())
}

fn providers() -> Vec<String> {
    let mut providers: Vec<String> = capspec::specs()
        .iter()
        .map(|s| s.provider.clone())
        .collect();
    providers.sort();
    providers.dedup();
    providers
}

/// The whole derived corpus through the proxy: each valid body reaches the upstream once,
/// normalized (exactly what the library serializes), at the path after the provider; each
/// invalid body is answered 400 with the library's violations and never reaches it.
#[tokio::test]
async fn valid_bodies_are_forwarded_normalized_and_invalid_ones_never() {
    let registry = Registry::from_dir("specs").unwrap();
    let upstream = Upstream::start().await;
    let server = proxying_all(&upstream).await;
    let mut forwarded = Vec::new();
    let mut paths = Vec::new();
    let mut refused = 0;
    // JSON bodies; forms: forms.rs.
    for spec in capspec::specs()
        .iter()
        .filter(|s| s.model.body == capspec::spec::BodyKind::Json)
    {
        for case in capspec_corpus::cases(spec) {
            let bytes = serde_json::to_vec(&case.body).unwrap();
            let path = endpoint(spec);
            let url = server.url(&format!("/{}{path}?trace=1", spec.provider));
            let (status, headers, body) = post(&url, bytes.clone()).await;
            let verdict = match spec.routed_path() {
                Some(_) => registry.validate_spec_slice(&spec.id, &bytes).unwrap(),
                None => registry.validate_slice(&spec.provider, &bytes),
            };
            match verdict {
                Ok(request) => {
                    assert_eq!(status, StatusCode::OK, "{}: {body}", case.name);
                    assert!(headers.contains_key("x-upstream-request"), "{}", case.name);
                    forwarded.push(serde_json::to_vec(&request).unwrap());
                    paths.push(path);
                }
                Err(expected) => {
                    refused += 1;
                    assert_eq!(status, StatusCode::BAD_REQUEST, "{}", case.name);
                    assert_eq!(
                        body,
                        serde_json::to_value(&expected).unwrap(),
                        "{}",
                        case.name
                    );
                }
            }
        }
    }
    let seen = upstream.seen();
    assert_eq!(
        seen.len(),
        forwarded.len(),
        "one upstream call per valid body, none else"
    );
    for ((seen, normalized), path) in seen.iter().zip(&forwarded).zip(&paths) {
        assert_eq!(seen.method, Method::POST);
        assert_eq!(seen.target, format!("{path}?trace=1"));
        assert_eq!(seen.body, normalized.as_slice());
        assert_eq!(seen.headers["content-type"], "application/json");
    }
    assert!(
        forwarded.len() > 100 && refused > 100,
        "{} forwarded, {refused} refused",
        forwarded.len()
    );
    server.stop().await;
}

#[tokio::test]
async fn end_to_end_headers_go_upstream_and_hop_by_hop_ones_do_not() {
    let upstream = Upstream::start().await;
    let server = proxying_all(&upstream).await;
    let response = client()
        .post(server.url("/gccai/v1/images/generations"))
        .header("authorization", "Bearer sk-test")
        .header("x-dashscope-async", "enable")
        .header("connection", "keep-alive, x-secret-hop")
        .header("x-secret-hop", "do not forward")
        .header("keep-alive", "timeout=5")
        .header("proxy-authorization", "Basic eA==")
        .header("content-type", "application/json; charset=utf-8")
        .body(minimal_body("gccai"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let seen = &upstream.seen()[0];
    assert_eq!(seen.headers["authorization"], "Bearer sk-test");
    assert_eq!(seen.headers["x-dashscope-async"], "enable");
    for dropped in ["x-secret-hop", "keep-alive", "proxy-authorization"] {
        assert!(
            !seen.headers.contains_key(dropped),
            "{dropped} was forwarded"
        );
    }
    // The normalized body is JSON whatever the client said.
    assert_eq!(seen.headers["content-type"], "application/json");
    assert_eq!(
        seen.headers["host"],
        upstream.url.host_str().unwrap().to_owned()
            + ":"
            + &upstream.url.port().unwrap().to_string()
    );
    server.stop().await;
}

#[tokio::test]
async fn the_upstreams_status_headers_and_body_are_relayed() {
    let upstream = Upstream::start().await;
    let server = proxying_all(&upstream).await;
    let (status, headers, body) = post(&server.url("/gccai/busy"), minimal_body("gccai")).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(headers["retry-after"], "7");
    assert_eq!(body["error"]["code"], "rate_limited");
    // GET passes unvalidated (polling a task, say), with its query.
    let response = client()
        .get(server.url("/gccai/v1/tasks/abc-1?x=y"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let seen = upstream.seen();
    let last = seen.last().unwrap();
    assert_eq!(last.method, Method::GET);
    assert_eq!(last.target, "/v1/tasks/abc-1?x=y");
    assert!(last.body.is_empty());
    // PUT goes only to a cancel path (gccai's specs name none); other methods are not proxied.
    let response = client()
        .put(server.url("/gccai/v1/images/generations"))
        .body(minimal_body("gccai"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let response = client()
        .delete(server.url("/gccai/v1/images/generations"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(upstream.seen().len(), 2);
    server.stop().await;
}

#[tokio::test]
async fn an_invalid_body_gets_every_violation_and_no_upstream_call() {
    let upstream = Upstream::start().await;
    let server = proxying_all(&upstream).await;
    let broken = body_with("gccai", json!({"n": -1, "size": "1*1", "unknown": true}));
    for body in [
        b"{".to_vec(),
        b"[]".to_vec(),
        "\u{FEFF}{}".into(),
        b"{}".to_vec(),
        broken.clone(),
    ] {
        let (status, _, answer) =
            post(&server.url("/gccai/v1/images/generations"), body.clone()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        let found = violations(&answer);
        assert!(!found.is_empty());
        if body == broken {
            let mut params: Vec<_> = found
                .iter()
                .map(|(param, _)| param.as_str().unwrap())
                .collect();
            params.sort_unstable();
            assert_eq!(
                params,
                ["n", "size", "unknown"],
                "every violation: {answer}"
            );
        }
    }
    assert!(upstream.seen().is_empty());
    server.stop().await;
}
