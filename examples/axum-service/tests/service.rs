//! The example service over a real socket: what its handlers receive and what clients get.

use capspec::axum::ProviderSpecs;
use capspec_example_axum_service::{BODY_LIMIT, app, shipped};
use serde_json::{Value, json};

async fn start(specs: ProviderSpecs) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app(specs)).await.unwrap() });
    format!("http://{addr}")
}

async fn post(url: &str, body: impl Into<reqwest::Body>) -> (u16, Value) {
    let response = reqwest::Client::builder()
        .no_proxy()
        .build()
        .unwrap()
        .post(url)
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (
        status,
        serde_json::from_slice(&response.bytes().await.unwrap()).unwrap(),
    )
}

/// The smallest valid body of each spec of `provider` (the derived corpus's), checked with
/// the library first.
fn valid_bodies(provider: &str) -> Vec<Vec<u8>> {
    let registry = capspec::CATALOG.registry();
    capspec::specs()
        .iter()
        .filter(|s| s.provider == provider)
        .map(|spec| {
            let body = serde_json::to_vec(&capspec_corpus::minimal(spec)).unwrap();
            assert!(
                registry.validate_slice(provider, &body).is_ok(),
                "{}",
                spec.id
            );
            body
        })
        .collect()
}

#[tokio::test]
async fn valid_requests_reach_the_handlers_normalized() {
    let base = start(shipped("dieyuyun").unwrap()).await;
    let registry = capspec::CATALOG.registry();
    for (provider, path) in [
        ("gccai", "/v1/images/generations"),
        ("gccai", "/custom/v1/images/generations"),
        ("dieyuyun", "/registry/v1/images/generations"),
    ] {
        let bodies = valid_bodies(provider);
        assert!(!bodies.is_empty());
        for body in bodies {
            let (status, answer) = post(&format!("{base}{path}"), body.clone()).await;
            assert_eq!(status, 200, "{path}: {answer}");
            let expected = registry.validate_slice(provider, &body).unwrap();
            assert_eq!(answer, json!(capspec::Summary::new(&expected)), "{path}");
        }
    }
}

#[tokio::test]
async fn invalid_requests_get_every_violation_in_the_openai_shape_or_the_services_own() {
    let base = start(shipped("dieyuyun").unwrap()).await;
    let registry = capspec::CATALOG.registry();
    let mut body: serde_json::Map<String, Value> =
        serde_json::from_slice(&valid_bodies("gccai")[0]).unwrap();
    body.insert("n".into(), json!(0));
    body.insert("style".into(), json!("noir"));
    let body = serde_json::to_vec(&body).unwrap();
    let expected = registry.validate_slice("gccai", &body).unwrap_err();
    assert_eq!(expected.iter().count(), 2);

    let (status, answer) = post(&format!("{base}/v1/images/generations"), body.clone()).await;
    assert_eq!(status, 400);
    assert_eq!(answer, serde_json::to_value(&expected).unwrap());

    let (status, answer) = post(&format!("{base}/custom/v1/images/generations"), body).await;
    assert_eq!(status, 422);
    let problems: Vec<String> = expected
        .iter()
        .map(|v| format!("{}: {}", v.param().unwrap(), v.message()))
        .collect();
    assert_eq!(answer, json!({"ok": false, "problems": problems}));
}

#[tokio::test]
async fn a_body_over_the_limit_is_a_413() {
    let base = start(shipped("dieyuyun").unwrap()).await;
    let mut body = valid_bodies("gccai").remove(0);
    body.resize(BODY_LIMIT + 1, b' ');
    let (status, answer) = post(&format!("{base}/v1/images/generations"), body.clone()).await;
    assert_eq!(status, 413);
    assert_eq!(answer["error"]["code"], "request_too_large");
    let (status, answer) = post(&format!("{base}/registry/v1/images/generations"), body).await;
    assert_eq!(status, 413);
    assert_eq!(answer["error"]["code"], "request_too_large");
}

#[test]
fn a_provider_without_specs_has_no_provider_specs() {
    assert!(shipped("nobody").is_none());
}
