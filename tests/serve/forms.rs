//! Multipart forms through the proxy (OpenAI's image edits): every form case the specs derive
//! answered as the library answers it, valid forms forwarded byte for byte with their boundary,
//! invalid ones never; the body limit; `/v1/validate` of a form; the OpenAI Python SDK's
//! `images.edit` as the client.

use axum::http::StatusCode;
use capspec::serve::Config;
use capspec::spec::{BodyKind, MediaType};
use capspec_corpus::forms::{self, Part};
use serde_json::Value;

use crate::support::{Running, Upstream, client, json, raw_request, sdk_script};

fn form_specs() -> Vec<&'static capspec::spec::Spec> {
    capspec::specs()
        .iter()
        .filter(|s| s.model.body == BodyKind::Multipart)
        .collect()
}

async fn post_form(url: &str, content_type: &str, body: Vec<u8>) -> (StatusCode, Value) {
    let response = client()
        .post(url)
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    let status = response.status();
    (status, json(&response.bytes().await.unwrap()))
}

#[tokio::test]
async fn forms_are_forwarded_as_sent_when_valid_and_never_when_not() {
    let upstream = Upstream::start().await;
    // Room for the 50 MB cases at the edge of gpt-image-1's limit.
    let server = Running::start(
        Config::new()
            .upstream("openai", upstream.url.clone())
            .max_body(64 * 1024 * 1024),
    )
    .await;
    let registry = capspec::CATALOG.registry();
    let ct = forms::content_type();
    let (mut forwarded, mut refused) = (0, 0);
    for spec in form_specs() {
        let path = spec
            .model
            .endpoint
            .as_ref()
            .and_then(|e| e.path.clone())
            .unwrap();
        for case in forms::cases(spec) {
            // The proxy routes by the form's `model`: cases without it go to the default.
            let named = case.parts.iter().any(|p| p.name() == "model");
            if !named {
                continue;
            }
            let body = forms::encode(&case.parts);
            let expected = registry
                .validate_multipart(&spec.provider, &path, &ct, &body)
                .unwrap();
            let before = upstream.seen().len();
            let (status, answer) =
                post_form(&server.url(&format!("/openai{path}")), &ct, body.clone()).await;
            match expected {
                Ok(form) => {
                    assert_eq!(status, StatusCode::OK, "{}: {answer}", case.name);
                    let seen = upstream.seen();
                    assert_eq!(seen.len(), before + 1, "{}", case.name);
                    let last = seen.last().unwrap();
                    assert_eq!(last.target, path);
                    assert!(
                        last.body == body,
                        "{}: the bytes checked are the bytes sent",
                        case.name
                    );
                    assert_eq!(last.headers["content-type"], ct.as_str());
                    assert_eq!(form.spec_id(), spec.id);
                    forwarded += 1;
                }
                Err(violations) => {
                    assert_eq!(status, StatusCode::BAD_REQUEST, "{}", case.name);
                    assert_eq!(
                        answer,
                        serde_json::to_value(&violations).unwrap(),
                        "{}",
                        case.name
                    );
                    assert_eq!(
                        upstream.seen().len(),
                        before,
                        "{}: never forwarded",
                        case.name
                    );
                    refused += 1;
                }
            }
        }
    }
    assert!(
        forwarded > 20 && refused > 20,
        "{forwarded} forwarded, {refused} refused"
    );
    // A JSON body where a form goes, and a form without its boundary.
    let before = upstream.seen().len();
    let (status, answer) = post_form(
        &server.url("/openai/v1/images/edits"),
        "application/json",
        br#"{"model": "dall-e-2", "prompt": "a fox"}"#.to_vec(),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(answer["error"]["code"], "invalid_multipart");
    let spec = capspec::spec("openai/dall-e-2-edit").unwrap();
    let (status, answer) = post_form(
        &server.url("/openai/v1/images/edits"),
        "multipart/form-data",
        forms::encode(&forms::minimal(spec)),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(answer["error"]["code"], "invalid_multipart");
    assert_eq!(upstream.seen().len(), before);
    server.stop().await;
}

#[tokio::test]
async fn a_form_over_the_body_limit_is_refused_before_it_is_read() {
    let upstream = Upstream::start().await;
    let server = Running::start(Config::new().upstream("openai", upstream.url.clone())).await;
    let spec = capspec::spec("openai/gpt-image-1-edit").unwrap();
    // 12 MB of image: within gpt-image-1's 50 MB, past the server's 10 MB default.
    let mut parts = forms::minimal(spec);
    parts.push(Part::file(
        "image[]",
        MediaType::Png,
        forms::png(64, 64, 12 << 20),
    ));
    let (status, answer) = post_form(
        &server.url("/openai/v1/images/edits"),
        &forms::content_type(),
        forms::encode(&parts),
    )
    .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(answer["error"]["code"], "request_too_large");
    // A request that declares 10 GB: answered from its headers, with no body sent.
    let ct = forms::content_type();
    let response = raw_request(
        server.addr,
        "POST",
        b"/openai/v1/images/edits",
        &[
            ("content-type", ct.as_bytes()),
            ("content-length", b"10737418240"),
        ],
        b"",
    )
    .await;
    assert_eq!(response.status, 413);
    assert!(upstream.seen().is_empty());
    server.stop().await;
}

#[tokio::test]
async fn validate_answers_a_form_with_what_was_read_of_each_file() {
    let server = Running::start(Config::new()).await;
    let spec = capspec::spec("openai/dall-e-2-edit").unwrap();
    let body = forms::encode(&forms::minimal(spec));
    for target in ["openai/v1/images/edits", "openai/dall-e-2-edit"] {
        let (status, answer) = post_form(
            &server.url(&format!("/v1/validate/{target}")),
            &forms::content_type(),
            body.clone(),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{target}: {answer}");
        assert_eq!(answer["model"], "openai/dall-e-2-edit");
        assert_eq!(answer["files"][0]["param"], "image");
        assert_eq!(answer["files"][0]["media_type"], "image/png");
        assert_eq!(answer["files"][0]["width"], 512);
    }
    server.stop().await;
}

#[tokio::test]
async fn the_openai_python_sdk_edits_images_through_the_proxy() {
    let upstream = Upstream::start().await;
    let server = Running::start(Config::new().upstream("openai", upstream.url.clone())).await;
    let dir = std::env::temp_dir().join(format!("capspec edit {}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("image.png"), forms::png(256, 256, 64)).unwrap();
    std::fs::write(dir.join("mask.png"), forms::png(256, 256, 0)).unwrap();
    std::fs::write(dir.join("oblong.png"), forms::png(256, 128, 0)).unwrap();
    std::fs::write(dir.join("photo.jpg"), forms::jpeg(640, 480, 200)).unwrap();
    let url = server.url("");
    let out = sdk_script("openai_edit.py", &[url.as_ref(), dir.as_os_str()]).await;
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(
        out["dall-e-2"],
        serde_json::json!(["https://images.example/1.png"])
    );
    assert_eq!(
        out["gpt-image-1"],
        serde_json::json!(["https://images.example/1.png"])
    );
    assert_eq!(out["oblong"]["status"], 400);
    assert_eq!(out["oblong"]["code"], "aspect_ratio_out_of_range");
    assert_eq!(out["oblong"]["param"], "image");

    // Two edits reached the upstream, each the SDK's own form, which capspec validated.
    let seen = upstream.seen();
    assert_eq!(seen.len(), 2);
    let registry = capspec::CATALOG.registry();
    for (request, spec) in seen
        .iter()
        .zip(["openai/dall-e-2-edit", "openai/gpt-image-1-edit"])
    {
        assert_eq!(request.target, "/v1/images/edits");
        assert_eq!(request.headers["authorization"], "Bearer sk-upstream");
        let ct = request.headers["content-type"].to_str().unwrap();
        assert!(ct.starts_with("multipart/form-data; boundary="), "{ct}");
        let form = registry
            .validate_multipart("openai", "/v1/images/edits", ct, &request.body)
            .unwrap()
            .unwrap();
        assert_eq!(form.spec_id(), spec);
    }
    let form = registry
        .validate_multipart(
            "openai",
            "/v1/images/edits",
            seen[1].headers["content-type"].to_str().unwrap(),
            &seen[1].body,
        )
        .unwrap()
        .unwrap();
    let read: Vec<(&str, &str, u64, u64)> = form
        .files()
        .iter()
        .map(|f| (f.name.as_str(), f.media_type.as_str(), f.width, f.height))
        .collect();
    assert_eq!(
        read,
        [
            ("image[]", "image/png", 256, 256),
            ("image[]", "image/jpeg", 640, 480)
        ]
    );
    server.stop().await;
}
