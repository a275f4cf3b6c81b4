//! Faults on either side of the proxy: each gets its documented answer, the server keeps
//! serving, and nothing invalid reaches the upstream.

use std::time::Duration;

use axum::http::StatusCode;
use capspec::serve::Config;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::support::{
    CUT_CHUNK, Running, Upstream, chunked_post, client, get, minimal_body, post, violations,
};

/// A response's body as far as it came, and whether it ended cleanly or broke off.
async fn read_body(mut response: reqwest::Response) -> (Vec<u8>, Result<(), reqwest::Error>) {
    let mut received = Vec::new();
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => received.extend_from_slice(&chunk),
            Ok(None) => return (received, Ok(())),
            Err(e) => return (received, Err(e)),
        }
    }
}

/// The server still answers after a fault.
async fn still_serving(server: &Running) {
    let (status, body) = get(&server.url("/healthz")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["status"], "ok");
}

#[tokio::test]
async fn an_upstream_that_is_down_is_a_502() {
    let server = Running::start(Config::new().upstream("gccai", Upstream::down().await)).await;
    let (status, _, body) = post(
        &server.url("/gccai/v1/images/generations"),
        minimal_body("gccai"),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_GATEWAY);
    assert_eq!(violations(&body)[0].1, "upstream_unavailable");
    assert_eq!(body["error"]["type"], "api_error");
    still_serving(&server).await;
    server.stop().await;
}

#[tokio::test]
async fn an_upstream_that_hangs_past_the_timeout_is_a_504() {
    let upstream = Upstream::start().await;
    let config = Config::new()
        .upstream("gccai", upstream.url.clone())
        .upstream_timeout(Duration::from_millis(300));
    let server = Running::start(config).await;
    let (status, _, body) = post(&server.url("/gccai/hang"), minimal_body("gccai")).await;
    assert_eq!(status, StatusCode::GATEWAY_TIMEOUT);
    assert_eq!(violations(&body)[0].1, "upstream_timeout");
    assert_eq!(upstream.seen().len(), 1);
    still_serving(&server).await;
    server.stop().await;
}

/// An upstream body that pauses longer than `--upstream-timeout` breaks off the client's
/// response: the proxy does not hold the connection open for as long as the upstream does.
#[tokio::test]
async fn an_upstream_body_that_stalls_past_the_timeout_breaks_off() {
    let upstream = Upstream::start().await;
    let config = Config::new()
        .upstream("gccai", upstream.url.clone())
        .upstream_timeout(Duration::from_millis(300));
    let server = Running::start(config).await;
    let response = client()
        .post(server.url("/gccai/stall"))
        .body(minimal_body("gccai"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    // A bound on a hang, not a measurement: the stall is an hour long.
    let (received, outcome) = tokio::time::timeout(Duration::from_secs(30), read_body(response))
        .await
        .expect("the response broke off instead of waiting for the upstream");
    assert!(outcome.is_err(), "the body ended cleanly: {received:?}");
    assert_eq!(received, CUT_CHUNK.as_bytes());
    still_serving(&server).await;
    server.stop().await;
}

/// An upstream body that breaks off breaks off the client's response: the client sees an
/// error, never a short body that looks complete.
#[tokio::test]
async fn an_upstream_closing_mid_body_is_an_error_for_the_client() {
    let upstream = Upstream::start().await;
    let server = Running::start(Config::new().upstream("gccai", upstream.url.clone())).await;
    let response = client()
        .post(server.url("/gccai/cut"))
        .body(minimal_body("gccai"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.status(),
        StatusCode::OK,
        "headers came before the break"
    );
    let (received, outcome) = read_body(response).await;
    assert!(outcome.is_err(), "the body ended cleanly: {received:?}");
    assert!(
        CUT_CHUNK.as_bytes().starts_with(&received) || received.starts_with(CUT_CHUNK.as_bytes())
    );
    still_serving(&server).await;
    server.stop().await;
}

/// A client that sends its headers too slowly is disconnected; one that sends its body too
/// slowly gets a 408. Nothing reaches the upstream.
#[tokio::test]
async fn slow_clients_time_out() {
    let upstream = Upstream::start().await;
    let config = Config::new()
        .upstream("gccai", upstream.url.clone())
        .header_read_timeout(Duration::from_millis(300))
        .body_read_timeout(Duration::from_millis(300));
    let server = Running::start(config).await;

    // Headers: half a request line, then silence.
    let mut socket = TcpStream::connect(server.addr).await.unwrap();
    socket
        .write_all(b"POST /gccai/v1/images/gen")
        .await
        .unwrap();
    let mut rest = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(10), socket.read_to_end(&mut rest)).await;
    let read = read.expect("the server closes the connection");
    // Closed (possibly with a 408 from hyper, never a forwarded request).
    assert!(
        read.is_err() || !String::from_utf8_lossy(&rest).contains(" 200 "),
        "{rest:?}"
    );

    // Body: the headers promise 100 bytes, 10 come.
    let body = minimal_body("gccai");
    let mut socket = TcpStream::connect(server.addr).await.unwrap();
    let head = format!(
        "POST /gccai/v1/images/generations HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
        body.len() + 100
    );
    socket.write_all(head.as_bytes()).await.unwrap();
    socket.write_all(&body[..10]).await.unwrap();
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(10), socket.read_to_end(&mut answer)).await;
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("request_timeout"), "{answer}");

    assert!(upstream.seen().is_empty());
    still_serving(&server).await;
    server.stop().await;
}

#[tokio::test]
async fn a_body_over_max_body_is_a_413() {
    let upstream = Upstream::start().await;
    let limit = 4096;
    let config = Config::new()
        .upstream("gccai", upstream.url.clone())
        .max_body(limit);
    let server = Running::start(config).await;
    // A valid body padded with spaces to one byte over the limit.
    let mut body = minimal_body("gccai");
    body.resize(limit + 1, b' ');
    for path in ["/gccai/v1/images/generations", "/v1/validate/gccai"] {
        let (status, _, answer) = post(&server.url(path), body.clone()).await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{path}");
        assert_eq!(violations(&answer)[0].1, "request_too_large");
        assert!(
            answer["error"]["message"]
                .as_str()
                .unwrap()
                .contains(&limit.to_string())
        );
    }
    // At the limit it passes.
    body.truncate(limit);
    let (status, _, _) = post(&server.url("/gccai/v1/images/generations"), body).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(upstream.seen().len(), 1);
    server.stop().await;
}

/// A chunked body declares no length: the limit holds as it is read, on the proxy's path and
/// the router's, and it is the server's own (`--max-body`), not a framework's default (axum's
/// is 2 MiB).
#[tokio::test]
async fn a_chunked_body_is_held_to_max_body_as_it_is_read() {
    let upstream = Upstream::start().await;
    let limit = 3 * 1024 * 1024;
    let config = Config::new()
        .upstream("gccai", upstream.url.clone())
        .max_body(limit);
    let server = Running::start(config).await;
    let mut body = minimal_body("gccai");
    body.resize(limit + 1, b' ');
    for path in ["/gccai/v1/images/generations", "/v1/validate/gccai"] {
        let answer = chunked_post(server.addr, path, &body).await;
        assert_eq!(answer.status, 413, "{path}");
        assert_eq!(
            answer.json()["error"]["code"],
            "request_too_large",
            "{path}"
        );
        // Over 2 MiB and within the limit: read whole, validated.
        let mut within = body.clone();
        within.truncate(limit);
        let answer = chunked_post(server.addr, path, &within).await;
        assert_eq!(answer.status, 200, "{path}: {:?}", answer.json());
    }
    assert_eq!(upstream.seen().len(), 1);
    server.stop().await;
}

/// A thousand connections open at once, then a request on each: the valid half is forwarded,
/// the invalid half refused, every one answered.
#[tokio::test]
async fn a_thousand_concurrent_connections_are_all_answered() {
    // Both ends of each connection live in this process: about 2,500 descriptors.
    raise_open_file_limit(4096);
    let upstream = Upstream::start().await;
    let server = Running::start(Config::new().upstream("gccai", upstream.url.clone())).await;
    let valid = minimal_body("gccai");
    let mut sockets = Vec::with_capacity(1000);
    for _ in 0..1000 {
        sockets.push(TcpStream::connect(server.addr).await.unwrap());
    }
    let tasks: Vec<_> = sockets
        .into_iter()
        .enumerate()
        .map(|(i, mut socket)| {
            let body = if i % 2 == 0 { valid.clone() } else { b"{\"n\": 0}".to_vec() };
            tokio::spawn(async move {
                let head = format!(
                    "POST /gccai/v1/images/generations HTTP/1.1\r\nhost: x\r\nconnection: close\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
                    body.len()
                );
                socket.write_all(head.as_bytes()).await.unwrap();
                socket.write_all(&body).await.unwrap();
                let mut answer = Vec::new();
                socket.read_to_end(&mut answer).await.unwrap();
                String::from_utf8_lossy(&answer[..12.min(answer.len())]).into_owned()
            })
        })
        .collect();
    let mut ok = 0;
    let mut refused = 0;
    for task in tasks {
        let status = tokio::time::timeout(Duration::from_secs(60), task)
            .await
            .unwrap()
            .unwrap();
        match status.as_str() {
            "HTTP/1.1 200" => ok += 1,
            "HTTP/1.1 400" => refused += 1,
            other => panic!("{other:?}"),
        }
    }
    assert_eq!((ok, refused), (500, 500));
    assert_eq!(upstream.seen().len(), 500);
    still_serving(&server).await;
    server.stop().await;
}

/// Raises the soft limit on open files to `wanted` (or the hard limit, if lower: then this
/// fails).
fn raise_open_file_limit(wanted: u64) {
    use nix::sys::resource::{Resource, getrlimit, setrlimit};
    let (soft, hard) = getrlimit(Resource::RLIMIT_NOFILE).unwrap();
    if soft < wanted {
        assert!(
            hard >= wanted,
            "the hard limit on open files is {hard}; this test needs {wanted}"
        );
        setrlimit(Resource::RLIMIT_NOFILE, wanted, hard).unwrap();
    }
}
