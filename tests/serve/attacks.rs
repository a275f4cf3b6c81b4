//! The proxy as an attacker meets it, over raw sockets (no client library normalizes what is
//! sent): paths that would escape the upstream's base path, paths that are no endpoint, the
//! environment's proxy, headers that no longer hold, hostile upstream answers, undecodable
//! paths, a reload that removes a provider.

use std::time::Duration;

use axum::http::{Method, StatusCode};
use capspec::serve::{Config, Url};
use nix::sys::signal::Signal;
use serde_json::Value;

use crate::support::{
    Binary, RawUpstream, Running, SpecsDir, Upstream, eventually, get, minimal_body,
    minimal_body_of, raw_request, violations,
};

const AUTH: (&str, &[u8]) = ("authorization", b"Bearer sk-secret");

/// The upstream's URL with a base path: what reaches it must start with `/base/`.
fn based(upstream: &Url) -> Url {
    upstream.join("/base").unwrap()
}

fn proxying(upstream: &Url) -> Config {
    let base = based(upstream);
    Config::new()
        .upstream("bailian", base.clone())
        .upstream("gccai", base)
}

/// The code of an OpenAI error body, checking its shape.
fn code(body: &Value) -> String {
    violations(body)[0].1.clone()
}

/// The spec of `provider` whose endpoint, or poll path, is named.
fn spec_of(provider: &str) -> &'static capspec::spec::Spec {
    capspec::specs()
        .iter()
        .find(|s| s.provider == provider)
        .unwrap()
}

fn endpoint_path(provider: &str) -> Option<String> {
    spec_of(provider).model.endpoint.as_ref()?.path.clone()
}

fn poll_pattern(provider: &str) -> Option<String> {
    spec_of(provider)
        .model
        .response
        .as_ref()?
        .poll
        .first()
        .cloned()
}

/// The poll pattern with `abc` for its placeholder.
fn poll_path(provider: &str) -> String {
    let pattern = poll_pattern(provider).expect("a poll path");
    pattern
        .split('/')
        .map(|s| if s.starts_with('{') { "abc" } else { s })
        .collect::<Vec<_>>()
        .join("/")
}

/// Every escape the attack found, with the valid body of its provider: 400 `invalid_path` on
/// the default server and on one with `--any-path`, and nothing reaches the upstream.
#[tokio::test]
async fn path_escapes_are_refused_and_never_forwarded() {
    let upstream = Upstream::start().await;
    let servers = [
        Running::start(proxying(&upstream.url)).await,
        Running::start(proxying(&upstream.url).any_path(true)).await,
    ];
    let escapes: [(&str, &[u8]); 14] = [
        ("GET", b"/bailian/../v1/secret"),
        ("POST", b"/bailian/%2e%2e/admin"),
        ("POST", b"/bailian/.%2e/admin"),
        ("POST", b"/bailian/%2E./admin"),
        ("POST", b"/bailian/x/../../y"),
        ("POST", b"/bailian/x;/../../y"),
        ("GET", b"/bailian/.."),
        ("POST", b"/gccai/%2e%2e/%2e%2e/escape"),
        ("POST", b"/bailian/..%2fadmin"),
        ("POST", b"/bailian/..%5cadmin"),
        ("GET", b"/gccai/v1/tasks/%252e%252e"),
        ("POST", b"/bailian/..;/admin"),
        ("POST", b"/bailian/..\\x"),
        ("GET", b"/gccai/v1\\..\\..\\x"),
    ];
    for server in &servers {
        for (method, target) in escapes {
            let provider = if target.starts_with(b"/gccai") {
                "gccai"
            } else {
                "bailian"
            };
            let body = if method == "POST" {
                minimal_body(provider)
            } else {
                Vec::new()
            };
            let answer = raw_request(server.addr, method, target, &[AUTH], &body).await;
            let shown = String::from_utf8_lossy(target);
            assert_eq!(answer.status, 400, "{method} {shown}: {:?}", answer.json());
            assert_eq!(code(&answer.json()), "invalid_path", "{method} {shown}");
        }
    }
    assert!(upstream.seen().is_empty(), "{:?}", upstream.seen());
    for server in servers {
        server.stop().await;
    }
}

/// Paths generated from an alphabet of dots, encodings, separators, parameters and letters:
/// whatever reaches the recording upstream starts with the base path and has no dot-segment
/// once decoded, however many times.
#[test]
fn generated_paths_never_leave_the_base_path() {
    use proptest::prelude::*;
    use proptest::test_runner::{Config as Cases, TestRunner};

    let runtime = tokio::runtime::Runtime::new().unwrap();
    let (upstream, server) = runtime.block_on(async {
        let upstream = Upstream::start().await;
        let server = Running::start(proxying(&upstream.url).any_path(true)).await;
        (upstream, server)
    });
    let token = prop::sample::select(vec![
        ".", "..", "%2e", "%2E", "%2f", "%2F", "%5c", "\\", ";", "/", "a", "b", "%25", "%",
    ]);
    let path = prop::collection::vec(token, 1..10).prop_map(|t| format!("/gccai/{}", t.concat()));
    let mut runner = TestRunner::new(Cases {
        cases: 300,
        failure_persistence: None,
        ..Cases::default()
    });
    let forwarded = std::cell::Cell::new(0);
    let refused = std::cell::Cell::new(0);
    runner
        .run(&path, |path| {
            let before = upstream.seen().len();
            let answer =
                runtime.block_on(raw_request(server.addr, "GET", path.as_bytes(), &[], b""));
            let seen = upstream.seen();
            if seen.len() > before {
                forwarded.set(forwarded.get() + 1);
                prop_assert_eq!(answer.status, 200);
                let target = &seen[before].target;
                prop_assert!(target.starts_with("/base/"), "{} reached {}", path, target);
                prop_assert!(!has_dot_segment(target), "{} reached {}", path, target);
            } else {
                refused.set(refused.get() + 1);
                prop_assert_eq!(answer.status, 400, "{} was answered {:?}", path, answer);
            }
            Ok(())
        })
        .unwrap();
    let (forwarded, refused) = (forwarded.get(), refused.get());
    assert!(
        forwarded > 30 && refused > 30,
        "{forwarded} forwarded, {refused} refused"
    );
    runtime.block_on(server.stop());
}

/// A dot-segment in the target, at any depth of percent-decoding, with `\` as a separator
/// and `;` parameters ignored.
fn has_dot_segment(target: &str) -> bool {
    let mut level = target.as_bytes().to_vec();
    for _ in 0..8 {
        let dotted = level
            .split(|&b| b == b'/' || b == b'\\')
            .map(|s| s.split(|&b| b == b';').next().unwrap_or_default())
            .any(|s| s == b"." || s == b"..");
        if dotted {
            return true;
        }
        let decoded: Vec<u8> = percent_encoding::percent_decode(&level).collect();
        if decoded == level {
            return false;
        }
        level = decoded;
    }
    true
}

/// Where a provider's specs name its endpoint and poll paths, only those are forwarded; where
/// they name none of a kind (gccai's doc gives no POST path), that kind keeps any path; a
/// spec that names the path closes it; `--any-path` opens everything.
#[tokio::test]
async fn only_the_endpoints_the_specs_name_are_forwarded() {
    let upstream = Upstream::start().await;
    let server = Running::start(proxying(&upstream.url)).await;
    let bailian = endpoint_path("bailian").expect("bailian's specs name their endpoint");
    assert_eq!(endpoint_path("gccai"), None, "gccai's doc gives no path");
    let poll = poll_path("gccai");
    let cases: Vec<(&str, String, &str, u16)> = vec![
        (
            "POST",
            "/bailian/v1/admin/delete-all".into(),
            "bailian",
            404,
        ),
        ("POST", format!("/bailian{bailian}/x"), "bailian", 404),
        ("POST", format!("/bailian{bailian}"), "bailian", 200),
        ("GET", format!("/bailian{poll}"), "bailian", 404),
        ("GET", "/bailian/v1/secret".into(), "bailian", 404),
        ("GET", format!("/gccai{poll}"), "gccai", 200),
        ("HEAD", format!("/gccai{poll}"), "gccai", 200),
        ("GET", format!("/gccai{poll}/x"), "gccai", 404),
        ("GET", "/gccai/v1/admin".into(), "gccai", 404),
        ("POST", "/gccai/v1/admin/delete-all".into(), "gccai", 200),
    ];
    for (method, path, provider, status) in &cases {
        let body = if *method == "POST" {
            minimal_body(provider)
        } else {
            Vec::new()
        };
        let before = upstream.seen().len();
        let answer = raw_request(server.addr, method, path.as_bytes(), &[AUTH], &body).await;
        assert_eq!(answer.status, *status, "{method} {path}");
        let seen = upstream.seen();
        if *status == 404 {
            assert_eq!(
                code(&answer.json()),
                "endpoint_not_found",
                "{method} {path}"
            );
            assert_eq!(seen.len(), before, "{method} {path} was forwarded");
        } else {
            let rest = path.strip_prefix(&format!("/{provider}")).unwrap();
            assert_eq!(seen[before].target, format!("/base{rest}"));
            assert_eq!(
                seen[before].method,
                Method::from_bytes(method.as_bytes()).unwrap()
            );
        }
    }
    // /healthz says which paths each proxied provider forwards.
    let (_, health) = get(&server.url("/healthz")).await;
    assert_eq!(
        health["paths"]["bailian"]["POST"],
        serde_json::json!([bailian])
    );
    assert_eq!(health["paths"]["bailian"]["GET"], serde_json::json!([]));
    assert_eq!(health["paths"]["gccai"]["POST"], "any");
    assert_eq!(
        health["paths"]["gccai"]["GET"],
        serde_json::json!([poll_pattern("gccai")])
    );
    server.stop().await;

    // A gccai spec that names its path: POST goes only there.
    let dir = SpecsDir::copy("endpoint");
    for file in std::fs::read_dir(dir.path.join("gccai")).unwrap() {
        let file = file.unwrap().path();
        let text = std::fs::read_to_string(&file).unwrap().replace(
            "endpoint = { method = \"POST\" }",
            "endpoint = { method = \"POST\", path = \"/v1/images/generations\" }",
        );
        std::fs::write(&file, text).unwrap();
    }
    let server = Running::start(proxying(&upstream.url).specs_dir(&dir.path)).await;
    let body = minimal_body("gccai");
    let delete = raw_request(
        server.addr,
        "POST",
        b"/gccai/v1/admin/delete-all",
        &[],
        &body,
    )
    .await;
    assert_eq!(delete.status, 404);
    let generate = raw_request(
        server.addr,
        "POST",
        b"/gccai/v1/images/generations",
        &[],
        &body,
    )
    .await;
    assert_eq!(generate.status, 200);
    server.stop().await;

    // --any-path: any checked path.
    let server = Running::start(proxying(&upstream.url).any_path(true)).await;
    let body = minimal_body("bailian");
    let any = raw_request(
        server.addr,
        "POST",
        b"/bailian/v1/admin/delete-all",
        &[],
        &body,
    )
    .await;
    assert_eq!(any.status, 200);
    assert_eq!(
        upstream.seen().last().unwrap().target,
        "/base/v1/admin/delete-all"
    );
    let (_, health) = get(&server.url("/healthz")).await;
    assert_eq!(health["paths"]["bailian"]["POST"], "any");
    server.stop().await;
}

/// `HTTP_PROXY` and friends are ignored; `--upstream-proxy` is used.
#[tokio::test]
async fn the_environments_proxy_is_ignored_and_upstream_proxy_is_used() {
    fn via_proxy(_: &str) -> Vec<u8> {
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nx-via-proxy: 1\r\ncontent-length: 2\r\n\r\n{}".to_vec()
    }
    let proxy = RawUpstream::start(via_proxy).await;
    let upstream = Upstream::start().await;
    let flag = format!("gccai={}", based(&upstream.url));
    let proxy_url = proxy.url.as_str().to_owned();
    let env: Vec<(&str, &str)> = [
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "http_proxy",
        "all_proxy",
    ]
    .into_iter()
    .map(|name| (name, proxy_url.as_str()))
    .collect();
    let server = Binary::start_with_env(&["--upstream", &flag], &env).await;
    let body = minimal_body("gccai");
    let direct = raw_request(
        server.addr,
        "POST",
        b"/gccai/v1/images/generations",
        &[AUTH],
        &body,
    )
    .await;
    assert_eq!(direct.status, 200);
    assert_eq!(direct.header("x-via-proxy"), None);
    assert_eq!(upstream.seen().len(), 1);
    assert_eq!(proxy.count(), 0, "the environment's proxy was used");
    drop(server);

    let server = Binary::start(&["--upstream", &flag, "--upstream-proxy", &proxy_url]).await;
    let proxied = raw_request(
        server.addr,
        "POST",
        b"/gccai/v1/images/generations",
        &[AUTH],
        &body,
    )
    .await;
    assert_eq!(proxied.status, 200);
    assert_eq!(proxied.header("x-via-proxy"), Some(&b"1"[..]));
    let heads = proxy.requests.lock().unwrap().clone();
    assert_eq!(heads.len(), 1);
    let line = heads[0].lines().next().unwrap();
    assert_eq!(
        line,
        format!(
            "POST {}/v1/images/generations HTTP/1.1",
            based(&upstream.url)
        )
    );
    assert_eq!(upstream.seen().len(), 1, "through the proxy, not directly");
}

/// Through `--upstream-proxy` with credentials: a plain-HTTP upstream's requests carry them in
/// `Proxy-Authorization`, an HTTPS upstream is reached through a `CONNECT` tunnel that carries
/// them, and a proxy that refuses the tunnel is a 502.
#[tokio::test]
async fn proxy_credentials_go_to_the_proxy_and_https_upstreams_are_tunnelled() {
    fn refuse_tunnels(target: &str) -> Vec<u8> {
        if target.starts_with('/') || target.starts_with("http://") {
            return b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}".to_vec();
        }
        b"HTTP/1.1 407 Proxy Authentication Required\r\ncontent-length: 0\r\n\r\n".to_vec()
    }
    let proxy = RawUpstream::start(refuse_tunnels).await;
    let mut proxy_url = proxy.url.clone();
    proxy_url.set_username("aladdin").unwrap();
    proxy_url.set_password(Some("open%20sesame")).unwrap();
    let plain = Url::parse("http://plain.invalid/base").unwrap();
    let tls = Url::parse("https://tls.invalid/base").unwrap();
    let config = Config::new()
        .upstream("gccai", plain)
        .upstream("bailian", tls)
        .upstream_proxy(proxy_url);
    let server = Running::start(config).await;
    // base64("aladdin:open sesame")
    let credentials = |head: &str| {
        head.lines().any(|line| {
            line.split_once(": ").is_some_and(|(name, value)| {
                name.eq_ignore_ascii_case("proxy-authorization")
                    && value == "Basic YWxhZGRpbjpvcGVuIHNlc2FtZQ=="
            })
        })
    };

    let (status, _, _) = crate::support::post(
        &server.url("/gccai/v1/images/generations"),
        minimal_body("gccai"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _, body) = crate::support::post(
        &server.url("/bailian/v1/images/generations"),
        minimal_body("bailian"),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_GATEWAY, "{body}");
    assert_eq!(violations(&body)[0].1, "upstream_unavailable");

    let heads = proxy.requests.lock().unwrap().clone();
    assert_eq!(heads.len(), 2, "{heads:?}");
    let plain_head = heads[0].to_ascii_lowercase();
    assert!(
        plain_head.starts_with("post http://plain.invalid/base/v1/images/generations http/1.1"),
        "{plain_head}"
    );
    assert!(credentials(&heads[0]), "{plain_head}");
    let tunnel = heads[1].to_ascii_lowercase();
    assert!(
        tunnel.starts_with("connect tls.invalid:443 http/1.1"),
        "{tunnel}"
    );
    assert!(credentials(&heads[1]), "{tunnel}");
    server.stop().await;
}

/// After a reload that removes a provider's specs, every method on its paths is 404
/// `provider_not_found`, and nothing is forwarded.
#[tokio::test]
async fn a_provider_gone_after_a_reload_is_not_found_for_every_method() {
    let upstream = Upstream::start().await;
    let dir = SpecsDir::copy("gone");
    let flag = format!("gccai={}", based(&upstream.url));
    let server = Binary::start(&[
        "--specs",
        dir.arg(),
        "--watch-interval",
        "0",
        "--upstream",
        &flag,
    ])
    .await;
    let poll = poll_path("gccai");
    let before = raw_request(
        server.addr,
        "GET",
        format!("/gccai{poll}").as_bytes(),
        &[],
        b"",
    )
    .await;
    assert_eq!(before.status, 200);
    std::fs::remove_dir_all(dir.path.join("gccai")).unwrap();
    server.signal(Signal::SIGHUP);
    let reloaded = eventually(Duration::from_secs(20), || async {
        get(&server.url("/healthz")).await.1["generation"] == 2
    })
    .await;
    assert!(reloaded);
    for method in ["GET", "HEAD", "POST", "PUT", "DELETE"] {
        let body = if method == "POST" {
            minimal_body("gccai")
        } else {
            Vec::new()
        };
        let target = format!("/gccai{poll}");
        let answer = raw_request(server.addr, method, target.as_bytes(), &[], &body).await;
        assert_eq!(answer.status, 404, "{method}");
        if method != "HEAD" {
            assert_eq!(code(&answer.json()), "provider_not_found", "{method}");
        }
    }
    assert_eq!(
        upstream.seen().len(),
        1,
        "only the request before the reload"
    );
}

/// What described the client's body, proxy hops and claimed origins do not reach the
/// upstream; an unreadable `Connection` is 400.
#[tokio::test]
async fn headers_that_no_longer_hold_are_not_forwarded() {
    let upstream = Upstream::start().await;
    let server = Running::start(proxying(&upstream.url)).await;
    let body = minimal_body_of("gccai/qwen-image-2.0");
    let dropped: [(&str, &[u8]); 10] = [
        ("content-encoding", b"identity"),
        ("content-md5", b"Q2hlY2sgSW50ZWdyaXR5IQ=="),
        (
            "digest",
            b"sha-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=",
        ),
        (
            "content-digest",
            b"sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:",
        ),
        ("content-range", b"bytes 0-10/11"),
        ("proxy-connection", b"keep-alive"),
        ("x-forwarded-for", b"10.0.0.1"),
        ("forwarded", b"for=10.0.0.1"),
        ("x-real-ip", b"10.0.0.1"),
        ("expect", b"100-continue"),
    ];
    let mut headers = dropped.to_vec();
    headers.push(AUTH);
    headers.push(("content-type", b"application/json"));
    let answer = raw_request(
        server.addr,
        "POST",
        b"/gccai/v1/images/generations",
        &headers,
        &body,
    )
    .await;
    assert_eq!(
        answer.status,
        200,
        "{:?}",
        String::from_utf8_lossy(&answer.body)
    );
    let seen = upstream.seen().pop().unwrap();
    for (name, _) in dropped {
        assert!(!seen.headers.contains_key(name), "{name} was forwarded");
    }
    assert_eq!(seen.headers["authorization"], "Bearer sk-secret");
    assert_eq!(seen.headers["content-length"], seen.body.len().to_string());

    let unreadable: [(&str, &[u8]); 2] = [("connection", b"x-secret\xff"), ("x-secret", b"1")];
    let answer = raw_request(
        server.addr,
        "POST",
        b"/gccai/v1/images/generations",
        &unreadable,
        &body,
    )
    .await;
    assert_eq!(answer.status, 400);
    assert_eq!(code(&answer.json()), "invalid_header");
    assert_eq!(upstream.seen().len(), 1);
    server.stop().await;
}

/// Statuses HTTP does not define are relayed but counted as `other`; a 101 as the final
/// answer is a 502; the upstream's Content-Length reaches the client, on HEAD too.
#[tokio::test]
async fn hostile_upstream_answers_are_bounded_and_well_formed() {
    let upstream = Upstream::start().await;
    let server = Running::start(proxying(&upstream.url)).await;
    let body = minimal_body("gccai");
    let mut odd: Vec<u16> = (520..=549).collect();
    odd.extend([599, 999]);
    for status in &odd {
        let target = format!("/gccai/status/{status}");
        let answer = raw_request(server.addr, "POST", target.as_bytes(), &[], &body).await;
        assert_eq!(answer.status, *status);
    }
    let metrics = crate::support::client()
        .get(server.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for status in &odd {
        assert!(
            !metrics.contains(&format!("status=\"{status}\"")),
            "{status}: {metrics}"
        );
    }
    let other = format!(
        "capspec_upstream_responses_total{{provider=\"gccai\",status=\"other\"}} {}",
        odd.len()
    );
    assert!(metrics.lines().any(|l| l == other), "{other} in {metrics}");

    // Content-Length kept, on GET and HEAD.
    let poll = poll_path("gccai");
    let got = raw_request(
        server.addr,
        "GET",
        format!("/gccai{poll}").as_bytes(),
        &[],
        b"",
    )
    .await;
    assert_eq!(
        got.header("content-length"),
        Some(got.body.len().to_string().as_bytes())
    );
    assert!(got.header("transfer-encoding").is_none());
    let head = raw_request(
        server.addr,
        "HEAD",
        format!("/gccai{poll}").as_bytes(),
        &[],
        b"",
    )
    .await;
    assert_eq!(head.header("content-length"), got.header("content-length"));
    server.stop().await;

    // 101 (and any 1xx) as a final answer.
    fn switching(_: &str) -> Vec<u8> {
        b"HTTP/1.1 101 Switching Protocols\r\n\r\n".to_vec()
    }
    let hostile = RawUpstream::start(switching).await;
    let server = Running::start(Config::new().upstream("gccai", hostile.url.clone())).await;
    let answer = raw_request(
        server.addr,
        "POST",
        b"/gccai/v1/images/generations",
        &[],
        &body,
    )
    .await;
    assert_eq!(answer.status, 502);
    assert_eq!(code(&answer.json()), "upstream_invalid_response");
    assert_eq!(hostile.count(), 1);
    server.stop().await;
}

/// Paths and ids that do not decode are answered with OpenAI's error body, not plain text.
#[tokio::test]
async fn undecodable_paths_get_the_openai_error_body() {
    let upstream = Upstream::start().await;
    let server = Running::start(proxying(&upstream.url).any_path(true)).await;
    for (method, target, status, expected) in [
        ("GET", &b"/bailian/%ff/x"[..], 200, None),
        ("GET", b"/v1/models/%ff", 400, Some("invalid_path")),
        ("POST", b"/v1/validate/%ff", 400, Some("invalid_path")),
        ("GET", b"/%ff/x", 400, Some("invalid_path")),
    ] {
        let body = if method == "POST" {
            b"{}".to_vec()
        } else {
            Vec::new()
        };
        let answer = raw_request(server.addr, method, target, &[], &body).await;
        let shown = String::from_utf8_lossy(target);
        assert_eq!(answer.status, status, "{shown}");
        match expected {
            Some(expected) => assert_eq!(code(&answer.json()), expected, "{shown}"),
            None => assert_eq!(upstream.seen().last().unwrap().target, "/base/%ff/x"),
        }
    }
    server.stop().await;
    // Without --any-path, bailian's GET is no endpoint: JSON all the same.
    let server = Running::start(proxying(&upstream.url)).await;
    let answer = raw_request(server.addr, "GET", b"/bailian/%ff/x", &[], b"").await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND.as_u16());
    assert_eq!(code(&answer.json()), "endpoint_not_found");
    server.stop().await;
}
