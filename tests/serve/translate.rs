//! Translation over HTTP: `POST /v1/translate/{spec id}` answers what the library answers, and
//! `POST /v1/images/generations` forwards each translated call to the spec's endpoint, with
//! the changes in `capspec-changes`; the OpenAI Python SDK as the client.

use axum::http::{Method, StatusCode};
use capspec::serve::Config;
use capspec::translate::Policy;
use serde_json::{Value, json};

use crate::support::{Running, Upstream, client, json, sdk_script, violations};

/// Canonical requests for a spec: its own listed output sizes, a size none lists, n past its
/// maximum, a parameter it may not carry.
fn canonical_requests(registry: &capspec::Registry, spec: &capspec::spec::Spec) -> Vec<Value> {
    let mut out = vec![
        json!({"prompt": "a fox"}),
        json!({"prompt": "a fox", "size": "999x777"}),
        json!({"prompt": "a fox", "n": 11}),
        json!({"prompt": "a fox", "negative_prompt": "rain", "seed": 7}),
        json!({"prompt": "a fox", "aspect_ratio": "16:9"}),
    ];
    for case in capspec_corpus::cases(spec).into_iter().take(40) {
        if let Some(Ok(r)) = registry.validate_spec_value(&spec.id, &case.body) {
            let o = capspec::ValidRequest::output(&r);
            if let (Some(w), Some(h)) = (o.width, o.height) {
                out.push(json!({"prompt": "a fox", "size": format!("{w}x{h}"), "n": o.count}));
            }
        }
    }
    out
}

async fn translate(
    server: &Running,
    id: &str,
    allow: &str,
    body: &Value,
) -> (StatusCode, Option<Value>, Value) {
    let response = client()
        .post(server.url(&format!("/v1/translate/{id}")))
        .header("capspec-allow", allow)
        .header("content-type", "application/json")
        .body(serde_json::to_vec(body).unwrap())
        .send()
        .await
        .unwrap();
    let status = response.status();
    let changes = response
        .headers()
        .get("capspec-changes")
        .map(|v| serde_json::from_slice(v.as_bytes()).unwrap());
    (status, changes, json(&response.bytes().await.unwrap()))
}

/// Every shipped spec, exact and with every change allowed: the server's answer is the
/// library's, and the header carries the changes.
#[tokio::test]
async fn translate_answers_what_the_library_answers() {
    let server = Running::start(Config::new()).await;
    let registry = capspec::Registry::from_dir("specs").unwrap();
    let mut compared = 0;
    for spec in capspec::specs() {
        for body in canonical_requests(&registry, spec) {
            for allow in ["", "nearest-size,split-n,drop"] {
                let policy: Policy = allow.parse().unwrap();
                let bytes = serde_json::to_vec(&body).unwrap();
                let expected = capspec::translate(&spec.id, &bytes, &policy);
                let (status, changes, answer) = translate(&server, &spec.id, allow, &body).await;
                match expected {
                    Ok(t) => {
                        assert_eq!(status, StatusCode::OK, "{}: {body}", spec.id);
                        assert_eq!(answer, serde_json::to_value(&t).unwrap());
                        assert_eq!(changes, Some(answer["changes"].clone()));
                    }
                    Err(v) => {
                        assert_eq!(status, StatusCode::BAD_REQUEST, "{}: {body}", spec.id);
                        assert_eq!(answer, serde_json::to_value(&v).unwrap());
                    }
                }
                compared += 1;
            }
        }
    }
    assert!(compared > 300, "{compared}");
    // The id may come with its `/` encoded; an unknown id is 404; a bad policy 400.
    let (status, _, _) = translate(
        &server,
        "gccai%2Fqwen-image-2.0",
        "",
        &json!({"prompt": "a"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _, answer) = translate(&server, "gccai/nope", "", &json!({"prompt": "a"})).await;
    assert_eq!(
        (status, violations(&answer)[0].1.as_str()),
        (StatusCode::NOT_FOUND, "model_not_found")
    );
    let (status, _, answer) = translate(
        &server,
        "gccai/qwen-image-2.0",
        "clamp",
        &json!({"prompt": "a"}),
    )
    .await;
    assert_eq!(
        (status, violations(&answer)[0].1.as_str()),
        (StatusCode::BAD_REQUEST, "invalid_header")
    );
    server.stop().await;
}

async fn generate(
    server: &Running,
    allow: &str,
    body: &Value,
) -> (StatusCode, reqwest::header::HeaderMap, Value) {
    let response = client()
        .post(server.url("/v1/images/generations"))
        .header("capspec-allow", allow)
        .header("authorization", "Bearer sk-upstream")
        .header("content-type", "application/json")
        .body(serde_json::to_vec(body).unwrap())
        .send()
        .await
        .unwrap();
    let (status, headers) = (response.status(), response.headers().clone());
    (status, headers, json(&response.bytes().await.unwrap()))
}

/// One call: forwarded to the spec's endpoint under the upstream's base path, the answer
/// relayed; several: each forwarded, the images merged; what cannot be sent is refused.
#[tokio::test]
async fn generations_are_translated_and_forwarded_to_the_specs_endpoint() {
    let upstream = Upstream::start().await;
    let base = upstream.url.join("/base").unwrap();
    let config = Config::new()
        .upstream("bailian", base.clone())
        .upstream("gccai", base.clone());
    let server = Running::start(config).await;
    let id = "bailian/wan2.6-t2i";
    let spec = capspec::spec(id).unwrap();
    let path = spec.model.endpoint.as_ref().unwrap().path.clone().unwrap();

    let body = json!({"model": id, "prompt": "a fox", "negative_prompt": "rain"});
    let (status, headers, answer) = generate(&server, "", &body).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["data"].as_array().unwrap().len(), 1);
    assert_eq!(headers["capspec-changes"], "[]");
    let seen = upstream.seen();
    assert_eq!(seen.len(), 1);
    assert_eq!(
        (seen[0].method.clone(), seen[0].target.clone()),
        (Method::POST, format!("/base{path}"))
    );
    assert_eq!(seen[0].headers["authorization"], "Bearer sk-upstream");
    let expected =
        capspec::translate(id, &serde_json::to_vec(&body).unwrap(), &Policy::EXACT).unwrap();
    assert_eq!(
        seen[0].body,
        serde_json::to_vec(&expected.calls()[0]).unwrap()
    );

    // Several calls: each sent, the images merged in order.
    let body = json!({"model": id, "prompt": "a fox", "n": 7});
    let (status, headers, answer) = generate(&server, "split-n", &body).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let split = capspec::translate(
        id,
        &serde_json::to_vec(&body).unwrap(),
        &"split-n".parse().unwrap(),
    )
    .unwrap();
    let calls = split.calls().len();
    assert!(calls > 1);
    assert_eq!(
        answer["data"].as_array().unwrap().len(),
        calls,
        "one image per recorded call"
    );
    assert_eq!(upstream.seen().len(), 1 + calls);
    let changes: Value = serde_json::from_slice(headers["capspec-changes"].as_bytes()).unwrap();
    assert_eq!(changes[0]["code"], "count_split");

    // Refused before any upstream call: not translatable, unknown model, no endpoint path.
    let before = upstream.seen().len();
    let (status, _, answer) = generate(&server, "", &body).await;
    assert_eq!(
        (status, violations(&answer)[0].1.as_str()),
        (StatusCode::BAD_REQUEST, "not_translatable")
    );
    let (status, _, answer) = generate(
        &server,
        "",
        &json!({"model": "bailian/nope", "prompt": "a"}),
    )
    .await;
    assert_eq!(
        (status, violations(&answer)[0].1.as_str()),
        (StatusCode::NOT_FOUND, "model_not_found")
    );
    let gccai = json!({"model": "gccai/qwen-image-2.0", "prompt": "a fox"});
    let (status, _, answer) = generate(&server, "", &gccai).await;
    assert_eq!(
        (status, violations(&answer)[0].1.as_str()),
        (StatusCode::NOT_FOUND, "endpoint_not_found")
    );
    let dieyuyun = json!({"model": "dieyuyun/qwen-image", "prompt": "a fox"});
    let (status, _, answer) = generate(&server, "", &dieyuyun).await;
    assert_eq!(
        (status, violations(&answer)[0].1.as_str()),
        (StatusCode::NOT_FOUND, "provider_not_found")
    );
    assert_eq!(upstream.seen().len(), before);
    server.stop().await;
}

/// The OpenAI Python SDK's `images.generate` with a spec id as its model.
#[tokio::test]
async fn the_openai_python_sdk_generates_through_translation() {
    let upstream = Upstream::start().await;
    let id = "bailian/wan2.6-t2i";
    let server = Running::start(Config::new().upstream("bailian", upstream.url.clone())).await;
    let url = server.url("");
    let out = sdk_script("openai_translate.py", &[url.as_ref(), id.as_ref()]).await;
    assert_eq!(
        out["exact"],
        json!({"status": 400, "param": "size", "code": "not_translatable"})
    );
    let canonical =
        br#"{"prompt": "a fox", "size": "1024x1024", "n": 5, "negative_prompt": "rain"}"#;
    let expected =
        capspec::translate(id, canonical, &"nearest-size,split-n".parse().unwrap()).unwrap();
    let changes = serde_json::to_value(expected.changes()).unwrap();
    assert_eq!(out["changes"], changes);
    assert_eq!(
        out["urls"].as_array().unwrap().len(),
        expected.calls().len()
    );
    let seen = upstream.seen();
    assert_eq!(
        seen.len(),
        expected.calls().len(),
        "the refused request never reached the upstream"
    );
    for (seen, call) in seen.iter().zip(expected.calls()) {
        assert_eq!(seen.body, serde_json::to_vec(call).unwrap());
    }
    server.stop().await;
}
