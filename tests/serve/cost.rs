//! What requests cost, over HTTP: `capspec-cost-estimate` on proxied answers, the `cost`
//! member of `/v1/validate`, and the exact spend counter of `/metrics`.

use axum::http::StatusCode;
use capspec::ValidRequest;
use capspec::price::Decimal;
use capspec::serve::Config;
use serde_json::Value;

use crate::support::{Running, Upstream, client, post};

/// A valid body of the spec with a priced cell's values (from the spec's own `[price]`).
fn priced_body(id: &str) -> Vec<u8> {
    let spec = capspec::spec(id).unwrap();
    let mut body = capspec_corpus::minimal(spec);
    if let Some(capspec::spec::Price {
        rate: capspec::spec::Rate::Cells { cells, .. },
        ..
    }) = &spec.price
    {
        for (path, value) in &cells[0].when {
            capspec_corpus::set(&mut body, path, Value::from(value.as_str()));
        }
    }
    serde_json::to_vec(&body).unwrap()
}

fn library_cost(provider: &str, body: &[u8]) -> capspec::price::Cost {
    provider
        .parse::<capspec::Provider>()
        .unwrap()
        .validate_slice(body)
        .unwrap()
        .cost()
}

#[tokio::test]
async fn answers_carry_the_estimate_and_the_counter_sums_it_exactly() {
    let upstream = Upstream::start().await;
    let server = Running::start(
        Config::new()
            .upstream("openai", upstream.url.clone())
            .upstream("gccai", upstream.url.clone()),
    )
    .await;
    let body = priced_body("openai/dall-e-3");
    let expected = library_cost("openai", &body);
    let known = expected.known().expect("a priced cell").clone();
    for _ in 0..3 {
        let (status, headers, _) =
            post(&server.url("/openai/v1/images/generations"), body.clone()).await;
        assert_eq!(status, StatusCode::OK);
        let header: Value =
            serde_json::from_slice(headers["capspec-cost-estimate"].as_bytes()).unwrap();
        assert_eq!(header, serde_json::to_value(&expected).unwrap());
    }
    // /v1/validate answers the same cost.
    let (status, _, answer) = post(&server.url("/v1/validate/openai"), body.clone()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(answer["cost"], serde_json::to_value(&expected).unwrap());
    // A request the upstream refuses is not spend; an unpriced one is counted apart.
    let gccai = crate::support::minimal_body("gccai");
    let (status, headers, _) = post(&server.url("/gccai/busy"), gccai.clone()).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(headers.contains_key("capspec-cost-estimate"));
    let (status, _, _) = post(&server.url("/gccai/v1/x"), gccai).await;
    assert_eq!(status, StatusCode::OK);

    let metrics = client()
        .get(server.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let total = known.amount * Decimal::from(3);
    let line = format!(
        "capspec_estimated_spend_total{{provider=\"openai\",model=\"openai/dall-e-3\",currency=\"USD\"}} {}",
        total.normalize()
    );
    assert!(metrics.lines().any(|l| l == line), "{line} in\n{metrics}");
    assert!(
        !metrics.contains("provider=\"gccai\",model=\"gccai/qwen-image-2.0\",currency"),
        "unpriced is not spend"
    );
    assert!(
        metrics
            .lines()
            .any(|l| l.starts_with("capspec_unpriced_requests_total{")
                && l.contains("gccai")
                && l.ends_with(" 1")),
        "{metrics}"
    );
    server.stop().await;
}
