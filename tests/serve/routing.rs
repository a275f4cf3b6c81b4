//! Providers whose endpoint path selects the spec (fal): the path routes the body, the queue's
//! status, result and cancel paths are forwarded, anything else is not, and `/v1/validate`
//! takes a spec id or an endpoint path.

use axum::http::{Method, StatusCode};
use capspec::serve::Config;
use serde_json::{Value, json};

use crate::support::{Running, Upstream, client, post, violations};

fn routed_specs() -> Vec<&'static capspec::spec::Spec> {
    capspec::specs()
        .iter()
        .filter(|s| s.routed_path().is_some())
        .collect()
}

#[tokio::test]
async fn the_endpoint_path_selects_the_spec_and_the_queue_paths_are_forwarded() {
    let specs = routed_specs();
    assert!(specs.len() >= 3, "the fal specs");
    let upstream = Upstream::start().await;
    let server = Running::start(Config::new().upstream("fal", upstream.url.clone())).await;
    for spec in &specs {
        let path = spec.routed_path().unwrap();
        let body = Value::Object(capspec_corpus::minimal(spec));
        let bytes = serde_json::to_vec(&body).unwrap();
        let (status, headers, answer) = post(&server.url(&format!("/fal{path}")), bytes).await;
        assert_eq!(status, StatusCode::OK, "{}: {answer}", spec.id);
        assert!(headers.contains_key("x-upstream-request"));
        let seen = upstream.seen();
        let last = seen.last().unwrap();
        assert_eq!(last.target, path);
        let expected = capspec::validate_spec_value(&spec.id, &body)
            .unwrap()
            .unwrap();
        assert_eq!(
            last.body,
            serde_json::to_vec(&expected).unwrap(),
            "{}",
            spec.id
        );

        // A body that names a model names a parameter fal's specs do not have.
        let mut named = body.clone();
        named["model"] = json!(spec.model_id);
        let (status, _, answer) = post(
            &server.url(&format!("/fal{path}")),
            serde_json::to_vec(&named).unwrap(),
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(
            violations(&answer),
            [(json!("model"), "unknown_parameter".to_owned())]
        );

        // Poll and cancel paths, with one segment per placeholder.
        let response = spec.model.response.as_ref().unwrap();
        for (method, patterns) in [
            (Method::GET, &response.poll),
            (Method::PUT, &response.cancel),
        ] {
            for pattern in patterns {
                let target = pattern.replace("{request_id}", "req-1");
                let answer = client()
                    .request(method.clone(), server.url(&format!("/fal{target}")))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(answer.status(), StatusCode::OK, "{method} {target}");
                let seen = upstream.seen();
                let last = seen.last().unwrap();
                assert_eq!(
                    (&last.method, last.target.as_str()),
                    (&method, target.as_str())
                );
                assert!(last.body.is_empty());
            }
        }
    }
    let forwarded = upstream.seen().len();
    // Not an endpoint: another path, a path the request-id placeholder does not fill, a
    // cancel sent as GET, a poll path sent as POST.
    for (method, path) in [
        (Method::POST, "/fal-ai/flux/pro"),
        (Method::POST, "/fal-ai/flux"),
        (Method::GET, "/fal-ai/flux/requests//status"),
        (Method::GET, "/fal-ai/flux/requests/a/b/status"),
        (Method::PUT, "/fal-ai/flux/requests/a"),
        (Method::POST, "/fal-ai/flux/requests/a/status"),
    ] {
        let answer = client()
            .request(method.clone(), server.url(&format!("/fal{path}")))
            .header("content-type", "application/json")
            .body(r#"{"prompt": "a fox"}"#)
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), StatusCode::NOT_FOUND, "{method} {path}");
        let body: Value = serde_json::from_slice(&answer.bytes().await.unwrap()).unwrap();
        assert_eq!(
            body["error"]["code"], "endpoint_not_found",
            "{method} {path}"
        );
    }
    assert_eq!(
        upstream.seen().len(),
        forwarded,
        "nothing else was forwarded"
    );
    server.stop().await;
}

#[tokio::test]
async fn validate_takes_a_provider_a_spec_id_or_an_endpoint_path() {
    let server = Running::start(Config::new()).await;
    let body = br#"{"prompt": "a fox", "num_inference_steps": 40}"#;
    // An endpoint path, and the spec id it selects: the same verdict.
    for target in ["fal/fal-ai/flux/dev", "fal/flux-dev", "fal%2Fflux-dev"] {
        let (status, _, answer) =
            post(&server.url(&format!("/v1/validate/{target}")), &body[..]).await;
        assert_eq!(status, StatusCode::OK, "{target}: {answer}");
        assert_eq!(answer["model"], "fal/flux-dev");
        assert_eq!(answer["request"]["num_inference_steps"], 40);
    }
    // schnell takes at most 12 steps.
    let (status, _, answer) = post(
        &server.url("/v1/validate/fal/fal-ai/flux/schnell"),
        &body[..],
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        violations(&answer),
        [(json!("num_inference_steps"), "out_of_range".to_owned())]
    );
    // The provider alone routes nowhere: the body names no model.
    let (status, _, answer) = post(&server.url("/v1/validate/fal"), &body[..]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        violations(&answer),
        [(Value::Null, "endpoint_not_found".to_owned())]
    );
    // Neither a spec id nor an endpoint.
    let (status, _, answer) = post(&server.url("/v1/validate/fal/fal-ai/nope"), &body[..]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(answer["error"]["code"], "endpoint_not_found");
    // A model-routed provider's spec id validates exactly that spec.
    let (status, _, answer) = post(
        &server.url("/v1/validate/openai/dall-e-3"),
        &br#"{"model": "dall-e-2", "prompt": "a fox"}"#[..],
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    assert_eq!(
        violations(&answer),
        [(json!("model"), "model_not_found".to_owned())]
    );
    server.stop().await;
}

#[tokio::test]
async fn a_generation_translated_for_fal_is_sent_to_its_endpoint_without_a_model() {
    let upstream = Upstream::start().await;
    let server = Running::start(Config::new().upstream("fal", upstream.url.clone())).await;
    let (status, _, answer) = post(
        &server.url("/v1/images/generations"),
        &br#"{"model": "fal/flux-schnell", "prompt": "a fox", "size": "1024x576", "n": 2}"#[..],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let seen = upstream.seen();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].target, "/fal-ai/flux/schnell");
    let sent: Value = serde_json::from_slice(&seen[0].body).unwrap();
    assert_eq!(sent.get("model"), None, "{sent}");
    assert_eq!(sent["image_size"], "landscape_16_9");
    assert_eq!(sent["num_images"], 2);
    server.stop().await;
}
