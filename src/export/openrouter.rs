//! OpenRouter's Image API records (`GET /api/v1/images/models` and
//! `GET /api/v1/images/models/{id}/endpoints`, its OpenAPI `ImageModelsListResponse` and
//! `ImageModelEndpointsResponse`, `sources/openrouter/`): one model per spec, id the spec id,
//! with typed descriptors (`enum`, `range`, `boolean`) for the canonical parameters the spec
//! carries (its roles), and USD prices per image (per megapixel where a price per pixel is not
//! fixed by its cell).

use serde::Serialize;
use serde_json::value::RawValue;
use serde_json::{Map, Value, json};

use super::{Export, File, number, usd};
use crate::Registry;
use crate::price::Decimal;
use crate::spec::price::{Amount, PriceUnit, Rate};
use crate::spec::{Carrier, Dims, Kind, Param, Spec, StringFormat};

/// The modalities OpenRouter's image schema admits.
const INPUT: [&str; 5] = ["text", "image", "file", "audio", "video"];
const OUTPUT: [&str; 8] = [
    "text",
    "image",
    "embeddings",
    "audio",
    "video",
    "rerank",
    "speech",
    "transcription",
];

pub(super) fn export(registry: &Registry) -> Export {
    let mut out = Export::default();
    let mut list = Vec::new();
    for spec in registry.specs() {
        let parameters = descriptors(spec);
        let listed = parameters.clone();
        let streams = spec.carrier(Param::Stream).is_some();
        let m = &spec.model;
        let endpoints = format!("/api/v1/images/models/{}/endpoints", spec.id);
        list.push(json!({
            "id": spec.id,
            "name": m.name,
            "description": m.description.clone().unwrap_or_else(|| m.name.clone()),
            "created": m.created(),
            "architecture": {
                "input_modalities": only(&m.input_modalities, &INPUT),
                "output_modalities": only(&m.output_modalities, &OUTPUT),
            },
            "supported_parameters": listed,
            "supports_streaming": streams,
            "endpoints": endpoints,
        }));
        let pricing = match pricing(spec) {
            Ok(p) => p,
            Err(why) => {
                out.skipped
                    .push((spec.id.clone(), format!("pricing left empty: {why}")));
                Vec::new()
            }
        };
        let passthrough: Vec<&str> = spec
            .properties
            .iter()
            .filter(|p| p.role.is_none() && p.kind != Kind::Model)
            .map(|p| p.name.as_str())
            .collect();
        let record = Record {
            id: &spec.id,
            endpoints: vec![Endpoint {
                provider_name: &spec.provider,
                provider_slug: &spec.provider,
                provider_tag: &spec.provider,
                supported_parameters: parameters,
                allowed_passthrough_parameters: passthrough,
                supports_streaming: streams,
                pricing,
            }],
        };
        out.files.push(File {
            path: format!("openrouter/images/models/{}/endpoints.json", spec.id),
            text: serde_json::to_string_pretty(&record).unwrap_or_default() + "\n",
        });
    }
    out.files.insert(
        0,
        File {
            path: "openrouter/images/models.json".to_owned(),
            text: pretty(&json!({"data": list})),
        },
    );
    out
}

/// `ImageModelEndpointsResponse`.
#[derive(Serialize)]
struct Record<'s> {
    id: &'s str,
    endpoints: Vec<Endpoint<'s>>,
}

/// `ImageEndpoint`.
#[derive(Serialize)]
struct Endpoint<'s> {
    provider_name: &'s str,
    provider_slug: &'s str,
    provider_tag: &'s str,
    supported_parameters: Map<String, Value>,
    allowed_passthrough_parameters: Vec<&'s str>,
    supports_streaming: bool,
    pricing: Vec<PricingEntry>,
}

/// `ImagePricingEntry`, its `cost_usd` with the exact digits.
#[derive(Serialize)]
struct PricingEntry {
    billable: &'static str,
    unit: &'static str,
    cost_usd: Box<RawValue>,
    #[serde(skip_serializing_if = "Option::is_none")]
    variant: Option<String>,
}

fn pretty(v: &Value) -> String {
    serde_json::to_string_pretty(v).unwrap_or_default() + "\n"
}

fn only(list: &[String], admitted: &[&str]) -> Vec<String> {
    list.iter()
        .filter(|m| admitted.contains(&m.as_str()))
        .cloned()
        .collect()
}

/// A descriptor per canonical parameter the spec carries and OpenRouter can type.
fn descriptors(spec: &Spec) -> Map<String, Value> {
    let mut out = Map::new();
    for param in spec.carried() {
        let descriptor = match spec.carrier(param) {
            Some(Carrier::Property(p, role)) => match &p.kind {
                Kind::Boolean => Some(json!({"type": "boolean"})),
                Kind::Integer(r) => (r.minimum.is_some() && r.maximum.is_some())
                    .then(|| json!({"type": "range", "min": r.min(), "max": r.max()})),
                Kind::Number(r) => match (r.minimum, r.maximum) {
                    (Some(lo), Some(hi)) => Some(json!({"type": "range", "min": lo, "max": hi})),
                    _ => None,
                },
                Kind::String(s) if !s.enum_values.is_empty() => {
                    // The canonical spelling of each value.
                    let values: Vec<&str> = s
                        .enum_values
                        .iter()
                        .map(|v| {
                            role.map
                                .iter()
                                .find(|(_, t)| t == v)
                                .map_or(v.as_str(), |(c, _)| c.as_str())
                        })
                        .collect();
                    Some(json!({"type": "enum", "values": values}))
                }
                _ => None,
            },
            Some(Carrier::SizeTable) => spec.size_table.as_ref().map(|t| {
                let sizes: Vec<String> = t
                    .cells
                    .iter()
                    .flat_map(|(_, row)| row.iter().map(|(_, d)| d.to_string()))
                    .collect();
                json!({"type": "enum", "values": sizes})
            }),
            _ => None,
        };
        if let Some(d) = descriptor
            && param != Param::Prompt
        {
            out.insert(param.as_str().to_owned(), d);
        }
    }
    out
}

/// `ImagePricingEntry` lines: USD per output image, per cell (`variant` names the cell's
/// values), or per megapixel where a price per pixel has no fixed size.
fn pricing(spec: &Spec) -> Result<Vec<PricingEntry>, String> {
    let price = usd(spec)?;
    let line = |amount: &Amount, when: &[(String, String)]| -> Result<PricingEntry, String> {
        let size = when
            .iter()
            .find_map(|(path, value)| match &spec.property(path)?.kind {
                Kind::String(s) => match &s.format {
                    Some(StringFormat::Size(rule)) => Dims::parse(value, rule.separator),
                    _ => None,
                },
                _ => None,
            });
        let million = Decimal::from(1_000_000);
        let (unit, cost) = match (price.unit, size) {
            (PriceUnit::Image, _) => ("image", Some(amount.value)),
            (PriceUnit::Pixel, Some(d)) => (
                "image",
                amount.value.checked_mul(Decimal::from(d.width * d.height)),
            ),
            (PriceUnit::Pixel, None) => ("megapixel", amount.value.checked_mul(million)),
            (PriceUnit::Megapixel, _) => ("megapixel", Some(amount.value)),
            (PriceUnit::Call, _) => {
                return Err("OpenRouter prices images, megapixels or tokens, not calls".to_owned());
            }
        };
        let cost_usd = cost
            .and_then(number)
            .ok_or("an amount does not fit a number")?;
        let variant: Vec<String> = when.iter().map(|(p, v)| format!("{p}={v}")).collect();
        Ok(PricingEntry {
            billable: "output_image",
            unit,
            cost_usd,
            variant: (!variant.is_empty()).then(|| variant.join(",")),
        })
    };
    match &price.rate {
        Rate::Unknown(why) => Err(format!("its price is unknown: {why}")),
        Rate::Flat(a) => Ok(vec![line(a, &[])?]),
        Rate::Cells { cells, .. } => cells.iter().map(|c| line(&c.amount, &c.when)).collect(),
    }
}
