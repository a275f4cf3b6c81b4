//! The model catalog, validation and the error routes, over a real socket.

use axum::http::StatusCode;
use capspec::Registry;
use capspec::serve::Config;

use crate::support::{Running, body_with, client, get, post, violations};

#[tokio::test]
async fn healthz_says_ok_with_the_spec_count_and_generation() {
    let server = Running::start(Config::new()).await;
    let (status, body) = get(&server.url("/healthz")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["status"], "ok");
    assert_eq!(body["specs"], capspec::specs().len());
    assert_eq!(body["generation"], 1);
    assert!(body["last_reload_error"].is_null());
    server.stop().await;
}

#[tokio::test]
async fn the_model_list_and_each_model_are_the_registrys_documents() {
    let registry = Registry::from_dir("specs").unwrap();
    let server = Running::start(Config::new()).await;
    let (status, list) = get(&server.url("/v1/models")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list, registry.model_list());
    assert_eq!(list["object"], "list");
    let data = list["data"].as_array().unwrap();
    assert_eq!(data.len(), capspec::specs().len());
    for spec in capspec::specs() {
        let document = registry.document(&spec.id).unwrap();
        // OpenAI's `Model` fields, which the SDKs require.
        assert_eq!(document["id"], spec.id.as_str());
        assert_eq!(document["object"], "model");
        assert!(document["created"].is_u64(), "{}", spec.id);
        assert!(document["owned_by"].is_string(), "{}", spec.id);
        // The OpenAI SDKs send the `/` of an id as `%2F`; both forms answer.
        for path in [spec.id.clone(), spec.id.replace('/', "%2F")] {
            let (status, body) = get(&server.url(&format!("/v1/models/{path}"))).await;
            assert_eq!(status, StatusCode::OK, "{path}");
            assert_eq!(&body, document, "{path}");
        }
    }
    server.stop().await;
}

#[tokio::test]
async fn unknown_models_routes_and_methods_answer_openai_errors() {
    let server = Running::start(Config::new()).await;
    let cases = [
        ("GET", "/v1/models/nobody%2Fnothing", 404, "model_not_found"),
        ("GET", "/v1/models/gccai", 404, "model_not_found"),
        ("POST", "/v1/validate/nobody", 404, "provider_not_found"),
        (
            "POST",
            "/nobody/v1/images/generations",
            404,
            "provider_not_found",
        ),
        // A provider that has specs but no `--upstream`.
        (
            "POST",
            "/gccai/v1/images/generations",
            404,
            "provider_not_found",
        ),
        ("GET", "/nothing", 404, "not_found"),
        // `/<provider>/<path>` needs a path after the provider's segment; the segment itself
        // may be empty (then it names no provider).
        ("POST", "/gccai", 404, "not_found"),
        ("POST", "/gccai/", 404, "not_found"),
        ("POST", "//v1/images/generations", 404, "provider_not_found"),
        ("POST", "/nobody//", 404, "provider_not_found"),
        ("PATCH", "/nobody/x", 404, "provider_not_found"),
        ("DELETE", "/v1/models", 405, "method_not_allowed"),
        ("GET", "/v1/validate/gccai", 405, "method_not_allowed"),
    ];
    for (method, path, status, code) in cases {
        let response = client()
            .request(method.parse().unwrap(), server.url(path))
            .body("{}")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), status, "{method} {path}");
        let body: serde_json::Value = response.json_body().await;
        assert_eq!(violations(&body)[0].1, code, "{method} {path}: {body}");
    }
    server.stop().await;
}

/// `response.json()` needs reqwest's `json` feature; this is the same on bytes.
trait JsonBody {
    async fn json_body(self) -> serde_json::Value;
}

impl JsonBody for reqwest::Response {
    async fn json_body(self) -> serde_json::Value {
        crate::support::json(&self.bytes().await.unwrap())
    }
}

/// On every body of the derived corpus, `/v1/validate` says what the library says: the same
/// spec, output and normalized body, or the same violations in the same order.
#[tokio::test]
async fn validate_answers_what_the_library_answers_on_the_corpus() {
    let registry = Registry::from_dir("specs").unwrap();
    let server = Running::start(Config::new()).await;
    let (mut valid, mut invalid) = (0, 0);
    for spec in capspec::specs() {
        for case in capspec_corpus::cases(spec) {
            let bytes = serde_json::to_vec(&case.body).unwrap();
            let url = server.url(&format!("/v1/validate/{}", spec.provider));
            let (status, _, body) = post(&url, bytes.clone()).await;
            match registry.validate_slice(&spec.provider, &bytes) {
                Ok(request) => {
                    valid += 1;
                    assert_eq!(status, StatusCode::OK, "{}: {body}", case.name);
                    let expected = serde_json::to_value(capspec::Summary::new(&request)).unwrap();
                    assert_eq!(body, expected, "{}", case.name);
                }
                Err(expected) => {
                    invalid += 1;
                    assert_eq!(status, StatusCode::BAD_REQUEST, "{}", case.name);
                    assert_eq!(
                        body,
                        serde_json::to_value(&expected).unwrap(),
                        "{}",
                        case.name
                    );
                    violations(&body);
                }
            }
        }
    }
    assert!(
        valid > 100 && invalid > 100,
        "{valid} valid, {invalid} invalid"
    );
}

#[tokio::test]
async fn metrics_count_requests_violations_by_code_and_latency() {
    let server = Running::start(Config::new()).await;
    let body = body_with("gccai", serde_json::json!({"n": "many"}));
    let (status, _, answer) = post(&server.url("/v1/validate/gccai"), body).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let code = format!(r#"code="{}""#, violations(&answer)[0].1);
    let text = client()
        .get(server.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for needle in [
        r#"model="gccai/"#,
        r#"capspec_requests_total{route="validate",provider="gccai""#,
        r#"capspec_violations_total{provider="gccai""#,
        &code,
        "capspec_request_duration_seconds_bucket",
        "capspec_specs_generation 1",
    ] {
        assert!(text.contains(needle), "{needle} not in\n{text}");
    }
}

/// `/` is the form page (`js/capspec-form/dist/index.html`, tested in a browser by
/// `js/capspec-form`).
#[tokio::test]
async fn the_form_page_is_served_at_the_root() {
    let server = Running::start(Config::new()).await;
    let response = client().get(server.url("/")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()["content-type"],
        "text/html; charset=utf-8"
    );
    let page = response.text().await.unwrap();
    let built = std::fs::read_to_string("js/capspec-form/dist/index.html").unwrap();
    assert_eq!(page, built);
    server.stop().await;
}
