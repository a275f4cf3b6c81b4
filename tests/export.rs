//! `capspec export --format litellm` read by LiteLLM itself: its image cost calculator, given
//! capspec's entries, prices every priced cell as capspec does (the pinned `litellm` package in
//! a virtualenv made by `scripts/python-env.sh`). The models.dev and OpenRouter exports are
//! checked against their consumers' own schemas in `js/exports-check`.

use std::process::Command;

use capspec::ValidRequest;
use capspec::export::{Format, export};
use capspec::spec::{Carrier, Param, Rate};
use serde_json::{Value, json};

fn python() -> String {
    let out = Command::new("bash")
        .args([
            "scripts/python-env.sh",
            "target/python-litellm",
            "tests/clients/litellm-requirements.txt",
        ])
        .stderr(std::process::Stdio::inherit())
        .output()
        .unwrap();
    assert!(out.status.success(), "scripts/python-env.sh failed");
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

/// Every priced cell of every USD-priced shipped spec, as a request, with capspec's cost.
fn priced_requests() -> Vec<(Value, capspec::price::Known)> {
    let mut out = Vec::new();
    for spec in capspec::specs() {
        let Some(price) = &spec.price else { continue };
        let Rate::Cells { cells, .. } = &price.rate else {
            continue;
        };
        if price.currency.as_deref() != Some("USD") {
            continue;
        }
        let path = |param| match spec.carrier(param) {
            Some(Carrier::Property(p, _)) => Some(p.path.clone()),
            _ => None,
        };
        let (quality, size) = (path(Param::Quality), path(Param::Size));
        for cell in cells {
            for n in [1, 3] {
                let mut body = capspec_corpus::minimal(spec);
                for (p, v) in &cell.when {
                    capspec_corpus::set(&mut body, p, json!(v));
                }
                body.insert("n".into(), json!(n));
                let bytes = serde_json::to_vec(&body).unwrap();
                let Ok(request) = spec
                    .provider
                    .parse::<capspec::Provider>()
                    .unwrap()
                    .validate_slice(&bytes)
                else {
                    continue; // n = 3 where the model makes one image
                };
                let cost = request
                    .cost()
                    .known()
                    .cloned()
                    .expect("a priced cell has a cost");
                let value = |p: &Option<String>| {
                    p.as_ref()
                        .and_then(|p| cell.when.iter().find(|(q, _)| q == p))
                        .map(|(_, v)| v.clone())
                };
                out.push((
                    json!({
                        "model": spec.model.names[0],
                        "provider": spec.provider,
                        "quality": value(&quality),
                        "size": value(&size),
                        "n": n,
                    }),
                    cost,
                ));
            }
        }
    }
    out
}

#[test]
fn litellm_prices_capspecs_export_as_capspec_does() {
    let exported = export(capspec::CATALOG.registry(), Format::Litellm);
    let dir = std::env::temp_dir().join(format!("capspec litellm export {}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("model_prices.json");
    std::fs::write(&file, &exported.files[0].text).unwrap();
    let requests = priced_requests();
    assert!(requests.len() >= 20, "{} requests", requests.len());
    let list: Vec<&Value> = requests.iter().map(|(r, _)| r).collect();
    let requests_file = dir.join("requests.json");
    std::fs::write(&requests_file, serde_json::to_vec(&list).unwrap()).unwrap();
    let out = Command::new(python())
        .arg("tests/exports/litellm_cost.py")
        .arg(&file)
        .arg(&requests_file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "LiteLLM failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let last = stdout.lines().last().unwrap_or_default();
    let costs: Vec<String> = serde_json::from_str(last).unwrap_or_else(|e| panic!("{e}: {stdout}"));
    assert_eq!(costs.len(), requests.len());
    for ((request, capspec), litellm) in requests.iter().zip(&costs) {
        // LiteLLM multiplies binary floats; capspec's amount is exact. They agree to within
        // the float's rounding.
        let theirs: f64 = litellm.parse().unwrap();
        let ours: f64 = capspec.amount.to_string().parse().unwrap();
        assert!(
            (theirs - ours).abs() <= 1e-12 * ours.max(1.0),
            "{request}: LiteLLM {litellm}, capspec {} ({})",
            capspec.amount,
            capspec.basis
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// The export leaves out what its format cannot state, and says why.
#[test]
fn exports_skip_what_they_cannot_state_and_say_why() {
    let registry = capspec::CATALOG.registry();
    let litellm = export(registry, Format::Litellm);
    let entries: serde_json::Map<String, Value> =
        serde_json::from_str(&litellm.files[0].text).unwrap();
    for spec in registry.specs() {
        let usd = spec
            .price
            .as_ref()
            .is_some_and(|p| p.currency.as_deref() == Some("USD"));
        let skipped = litellm.skipped.iter().any(|(id, _)| id == &spec.id);
        assert_eq!(skipped, !usd, "{}", spec.id);
    }
    // Amounts keep their digits: the exported text has the spec's decimal, not a float's.
    let text = &litellm.files[0].text;
    for (_, entry) in &entries {
        assert_eq!(entry["mode"], "image_generation");
    }
    assert!(text.contains("0.00000006539"), "exact digits");
    let models = export(registry, Format::ModelsDev);
    assert_eq!(models.files.len(), registry.specs().len());
    assert!(models.skipped.is_empty());
}
