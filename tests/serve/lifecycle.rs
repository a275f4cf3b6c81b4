//! The `capspec` binary: reloads (SIGHUP, a change under `--specs`), a broken spec on reload,
//! and SIGTERM draining requests in flight.

use std::time::Duration;

use axum::http::StatusCode;
use nix::sys::signal::Signal;

use crate::support::{
    Binary, SLOW, SpecsDir, Upstream, eventually, get, minimal_body, minimal_body_of, post,
};

async fn health(server: &Binary) -> serde_json::Value {
    let (status, body) = get(&server.url("/healthz")).await;
    assert_eq!(status, StatusCode::OK);
    body
}

async fn wait_for_generation(server: &Binary, generation: u64) {
    let reached = eventually(Duration::from_secs(20), || async {
        health(server).await["generation"] == generation
    })
    .await;
    assert!(
        reached,
        "generation {generation} never came: {}",
        health(server).await
    );
}

#[tokio::test]
async fn sighup_reloads_and_a_broken_spec_keeps_the_previous_specs_in_service() {
    let dir = SpecsDir::copy("sighup");
    let mut server = Binary::start(&["--specs", dir.arg(), "--watch-interval", "0"]).await;
    let before = health(&server).await;
    let count = before["specs"].as_u64().unwrap();
    assert_eq!(before["generation"], 1);
    assert_eq!(before["specs_dir"], dir.arg());

    // A spec removed: gone after the reload.
    std::fs::remove_file(dir.path.join("gccai/qwen-image-2.0-pro.toml")).unwrap();
    server.signal(Signal::SIGHUP);
    wait_for_generation(&server, 2).await;
    assert_eq!(health(&server).await["specs"], count - 1);
    let (status, _) = get(&server.url("/v1/models/gccai%2Fqwen-image-2.0-pro")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // A broken spec: the reload fails, generation 2 keeps serving, healthz says why.
    let broken = dir.path.join("gccai/broken.toml");
    std::fs::write(&broken, "id = \"gccai/broken\"\n[[[ not toml\n").unwrap();
    server.signal(Signal::SIGHUP);
    let reported = eventually(Duration::from_secs(20), || async {
        health(&server).await["last_reload_error"].is_string()
    })
    .await;
    assert!(reported);
    let status = health(&server).await;
    assert_eq!(status["generation"], 2);
    assert_eq!(status["specs"], count - 1);
    assert!(
        status["last_reload_error"]
            .as_str()
            .unwrap()
            .contains("broken.toml"),
        "{status}"
    );
    let (status, _, body) = post(
        &server.url("/v1/validate/gccai"),
        minimal_body_of("gccai/qwen-image-2.0"),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");

    // Fixed: the next reload serves and clears the error.
    std::fs::remove_file(&broken).unwrap();
    server.signal(Signal::SIGHUP);
    wait_for_generation(&server, 3).await;
    assert!(health(&server).await["last_reload_error"].is_null());

    server.signal(Signal::SIGTERM);
    let exit = tokio::time::timeout(Duration::from_secs(20), server.child.wait()).await;
    assert!(exit.unwrap().unwrap().success());
    // Every diagnostic of the failed reload is in the log.
    let logs = server.logs().await;
    assert!(logs.contains("reload failed"), "{logs}");
    assert!(logs.contains("broken.toml"), "{logs}");
}

#[tokio::test]
async fn a_change_under_the_specs_dir_reloads() {
    let dir = SpecsDir::copy("watch");
    let server = Binary::start(&["--specs", dir.arg(), "--watch-interval", "0.1"]).await;
    let count = health(&server).await["specs"].as_u64().unwrap();
    std::fs::remove_file(dir.path.join("gccai/qwen-image-2.0-pro.toml")).unwrap();
    wait_for_generation(&server, 2).await;
    assert_eq!(health(&server).await["specs"], count - 1);
}

/// SIGTERM: the request in flight (waiting on a slow upstream) completes, then the process
/// exits 0 and the port is closed.
#[tokio::test]
async fn sigterm_drains_requests_in_flight_and_exits_0() {
    let upstream = Upstream::start().await;
    let flag = format!("gccai={}", upstream.url);
    let mut server = Binary::start(&["--upstream", &flag]).await;
    let url = server.url("/gccai/slow");
    let in_flight = tokio::spawn(async move { post(&url, minimal_body("gccai")).await });
    assert!(
        eventually(Duration::from_secs(10), || async {
            !upstream.seen().is_empty()
        })
        .await
    );
    server.signal(Signal::SIGTERM);
    let started = tokio::time::Instant::now();
    let (status, headers, _) = in_flight.await.unwrap();
    assert_eq!(status, StatusCode::OK);
    assert!(headers.contains_key("x-upstream-request"));
    let exit = tokio::time::timeout(Duration::from_secs(20), server.child.wait()).await;
    assert!(exit.unwrap().unwrap().success());
    assert!(started.elapsed() < SLOW + Duration::from_secs(10));
    assert!(tokio::net::TcpStream::connect(server.addr).await.is_err());
}
