//! The catalog in the formats other tools keep by hand (`capspec export`): LiteLLM's price
//! file entries, models.dev model TOML files, and OpenRouter's image-model listing with typed
//! parameter descriptors. Each exporter writes only what the specs state; a model it cannot
//! express without inventing a fact is listed in [`Export::skipped`] with why.

mod litellm;
mod modelsdev;
mod openrouter;

use std::fmt;
use std::str::FromStr;

use serde_json::value::RawValue;

use crate::Registry;
use crate::price::Decimal;

/// An export format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// `litellm/model_prices.json`: entries for LiteLLM's `model_prices_and_context_window.json`.
    Litellm,
    /// `models.dev/models/<provider>/<model>.toml`: models.dev's model metadata files.
    ModelsDev,
    /// `openrouter/images/models.json` and `openrouter/images/models/<id>/endpoints.json`:
    /// OpenRouter's Image API listing and per-endpoint records.
    Openrouter,
}

impl Format {
    pub const NAMES: [&'static str; 3] = ["litellm", "models.dev", "openrouter"];
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Format, String> {
        match s {
            "litellm" => Ok(Format::Litellm),
            "models.dev" => Ok(Format::ModelsDev),
            "openrouter" => Ok(Format::Openrouter),
            other => Err(format!(
                "{other:?} is not an export format; use one of {}",
                Format::NAMES.join(", ")
            )),
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::Litellm => "litellm",
            Format::ModelsDev => "models.dev",
            Format::Openrouter => "openrouter",
        })
    }
}

/// One file of an export: a path relative to the output directory, and its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct File {
    pub path: String,
    pub text: String,
}

/// What an export wrote, and which specs it left out.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Export {
    pub files: Vec<File>,
    /// `(spec id, why)` for each spec the format cannot carry without an invented fact.
    pub skipped: Vec<(String, String)>,
}

/// The specs of `registry` in `format`.
pub fn export(registry: &Registry, format: Format) -> Export {
    match format {
        Format::Litellm => litellm::export(registry),
        Format::ModelsDev => modelsdev::export(registry),
        Format::Openrouter => openrouter::export(registry),
    }
}

/// An exact decimal as a JSON number, written as its digits (not through a binary float).
fn number(d: Decimal) -> Option<Box<RawValue>> {
    RawValue::from_string(d.normalize().to_string()).ok()
}

/// USD, the currency LiteLLM's and OpenRouter's prices are in: a price in another currency,
/// or in none the source states, is not exported as theirs.
fn usd(spec: &crate::spec::Spec) -> Result<&crate::spec::Price, String> {
    let price = spec
        .price
        .as_ref()
        .ok_or_else(|| "the spec states no price".to_owned())?;
    match price.currency.as_deref() {
        Some("USD") => Ok(price),
        Some(other) => Err(format!("its price is in {other}, not USD")),
        None => Err("its source states no currency for its price".to_owned()),
    }
}
