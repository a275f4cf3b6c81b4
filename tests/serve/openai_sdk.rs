//! The official OpenAI Python SDK (pinned in `tests/clients/requirements.txt`, installed into
//! a virtualenv by `scripts/python-env.sh`) against the server and the recording upstream.

use capspec::Registry;
use capspec::serve::Config;
use capspec_corpus::Expect;
use serde_json::Value;

use crate::support::{Running, Upstream, minimal_body_of, sdk_script};

const MODEL: &str = "gccai/qwen-image-2.0";

/// An invalid body of the spec that names its model and prompt (what the SDK's
/// `images.generate` takes) and breaks a rule of another parameter, from the derived corpus.
fn invalid_body(spec: &capspec::spec::Spec) -> Value {
    capspec_corpus::cases(spec)
        .into_iter()
        .find(|case| {
            let Expect::Invalid(violations) = &case.expect else {
                return false;
            };
            violations.iter().all(|(_, param)| {
                param
                    .as_deref()
                    .is_some_and(|p| p != "model" && p != "prompt")
            }) && case.body["model"].is_string()
                && case.body["prompt"].is_string()
        })
        .expect("an invalid case with a model and a prompt")
        .body
}

#[tokio::test]
async fn the_openai_python_sdk_lists_retrieves_generates_and_gets_capspecs_errors() {
    let registry = Registry::from_dir("specs").unwrap();
    let spec = capspec::specs().iter().find(|s| s.id == MODEL).unwrap();
    let upstream = Upstream::start().await;
    let server = Running::start(Config::new().upstream(&spec.provider, upstream.url.clone())).await;

    let valid = minimal_body_of(MODEL);
    let invalid = serde_json::to_vec(&invalid_body(spec)).unwrap();
    let url = server.url("");
    let (valid_text, invalid_text) = (
        String::from_utf8(valid.clone()).unwrap(),
        String::from_utf8(invalid.clone()).unwrap(),
    );
    let out = sdk_script(
        "openai_sdk.py",
        &[
            url.as_ref(),
            spec.provider.as_ref(),
            MODEL.as_ref(),
            valid_text.as_ref(),
            invalid_text.as_ref(),
        ],
    )
    .await;

    // models.list() and models.retrieve() parse the documents as OpenAI `Model`s.
    let list = registry.model_list();
    let ids: Vec<&Value> = list["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| &d["id"])
        .collect();
    assert_eq!(ids.len(), capspec::specs().len());
    assert_eq!(out["listed"], serde_json::json!(ids));
    assert_eq!(out["listed_types"], serde_json::json!(["Model"]));
    let document = registry.document(MODEL).unwrap();
    for field in ["id", "object", "created", "owned_by"] {
        assert_eq!(out["retrieved"][field], document[field], "{field}");
    }
    assert_eq!(out["missing"]["status"], 404);
    assert_eq!(out["missing"]["code"], "model_not_found");

    // images.generate() went through the proxy once, normalized, with the client's key.
    assert_eq!(
        out["generated"],
        serde_json::json!(["https://images.example/1.png"])
    );
    let seen = upstream.seen();
    assert_eq!(seen.len(), 1, "only the valid request reached the upstream");
    assert_eq!(seen[0].target, "/v1/images/generations");
    assert_eq!(seen[0].headers["authorization"], "Bearer sk-upstream");
    let request = registry.validate_slice(&spec.provider, &valid).unwrap();
    assert_eq!(seen[0].body, serde_json::to_vec(&request).unwrap());

    // The invalid one raised openai.BadRequestError with capspec's param and code.
    let expected = registry
        .validate_slice(&spec.provider, &invalid)
        .unwrap_err();
    let expected = serde_json::to_value(&expected).unwrap();
    assert_eq!(out["invalid"]["status"], 400);
    for field in ["param", "code", "message", "type"] {
        assert_eq!(out["invalid"][field], expected["error"][field], "{field}");
    }
    server.stop().await;
}
