//! LiteLLM's `model_prices_and_context_window.json` entries: keys `{quality}/{W}-x-{H}/{model}`
//! (parts the price does not depend on left out, `{provider}/` first for providers other than
//! OpenAI), `mode: "image_generation"`, and the price as `input_cost_per_image` or
//! `input_cost_per_pixel`, the fields LiteLLM's `default_image_cost_calculator` reads, in that
//! order (sources/litellm/README.md).

use serde::Serialize;
use serde::ser::Serializer;
use serde_json::value::RawValue;

use super::{Export, File, number, usd};
use crate::Registry;
use crate::price::Decimal;
use crate::spec::price::{PriceUnit, Rate};
use crate::spec::{Carrier, Kind, Param, Spec};

/// One entry of LiteLLM's file; amounts keep their exact digits.
#[derive(Serialize)]
struct Entry {
    litellm_provider: String,
    mode: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    input_cost_per_image: Option<Box<RawValue>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    input_cost_per_pixel: Option<Box<RawValue>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    supported_endpoints: Option<Vec<String>>,
    source: String,
}

/// Entries in order, as one JSON object.
struct Entries(Vec<(String, Entry)>);

impl Serialize for Entries {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

pub(super) fn export(registry: &Registry) -> Export {
    let mut out = Export::default();
    let mut entries: Vec<(String, Entry)> = Vec::new();
    for spec in registry.specs() {
        match entries_of(spec) {
            Ok(mut e) => entries.append(&mut e),
            Err(why) => out.skipped.push((spec.id.clone(), why)),
        }
    }
    let text = serde_json::to_string_pretty(&Entries(entries)).unwrap_or_default();
    out.files.push(File {
        path: "litellm/model_prices.json".to_owned(),
        text: text + "\n",
    });
    out
}

fn entries_of(spec: &Spec) -> Result<Vec<(String, Entry)>, String> {
    let price = usd(spec)?;
    if price.unit == PriceUnit::Call {
        return Err("LiteLLM has no per-call image price".to_owned());
    }
    let per_field = |amount: Decimal| match price.unit {
        PriceUnit::Megapixel => amount.checked_div(Decimal::from(1_000_000)),
        _ => Some(amount),
    };
    let model = spec.model.names.first().cloned().unwrap_or_default();
    let model = if spec.provider == "openai" {
        model
    } else {
        format!("{}/{model}", spec.provider)
    };
    let quality = carrier_path(spec, Param::Quality);
    let size = carrier_path(spec, Param::Size);
    let entry = |amount: Decimal| -> Result<Entry, String> {
        let raw: Box<RawValue> = per_field(amount)
            .and_then(number)
            .ok_or_else(|| "an amount does not fit LiteLLM's number".to_owned())?;
        let per_image = price.unit == PriceUnit::Image;
        Ok(Entry {
            litellm_provider: spec.provider.clone(),
            mode: "image_generation",
            input_cost_per_image: per_image.then(|| raw.clone()),
            input_cost_per_pixel: (!per_image).then_some(raw),
            supported_endpoints: spec
                .model
                .endpoint
                .as_ref()
                .and_then(|e| e.path.clone())
                .map(|p| vec![p]),
            source: format!("capspec {} ({})", spec.file, price.source),
        })
    };
    match &price.rate {
        Rate::Unknown(why) => Err(format!("its price is unknown: {why}")),
        Rate::Flat(a) => Ok(vec![(model, entry(a.value)?)]),
        Rate::Cells { by, cells, .. } => {
            let mut out = Vec::new();
            for cell in cells {
                let mut key = Vec::new();
                let mut name = model.clone();
                for (path, value) in &cell.when {
                    if Some(path) == quality.as_ref() {
                        key.insert(0, value.clone());
                    } else if Some(path) == size.as_ref() {
                        key.push(value.replace(['x', '*'], "-x-"));
                    } else if is_model(spec, path) {
                        name = if spec.provider == "openai" {
                            value.clone()
                        } else {
                            format!("{}/{value}", spec.provider)
                        };
                    } else {
                        return Err(format!(
                            "its price depends on `{path}`, which LiteLLM's keys cannot say (they carry quality and size)"
                        ));
                    }
                }
                key.push(name);
                out.push((key.join("/"), entry(cell.amount.value)?));
            }
            if by.is_empty() {
                return Err("no price cells".to_owned());
            }
            Ok(out)
        }
    }
}

fn carrier_path(spec: &Spec, param: Param) -> Option<String> {
    match spec.carrier(param)? {
        Carrier::Property(p, _) => Some(p.path.clone()),
        _ => None,
    }
}

fn is_model(spec: &Spec, path: &str) -> bool {
    spec.property(path).is_some_and(|p| p.kind == Kind::Model)
}
