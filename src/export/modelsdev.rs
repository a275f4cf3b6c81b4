//! models.dev's model metadata files, `models/<provider>/<model id>.toml` (its `ModelMetadata`
//! schema, `sources/models.dev/`): the name, the release date where the spec gives one, and
//! the modalities models.dev names. Prices are left out: models.dev's `cost` is USD per million
//! tokens, which no image price here is. Its provider model files need facts the specs do not
//! hold (release and update dates, context limits, open weights), so they are not written.

use super::{Export, File};
use crate::Registry;
use crate::spec::Spec;

/// The modalities models.dev's schema admits.
const MODALITIES: [&str; 5] = ["text", "audio", "image", "video", "pdf"];

pub(super) fn export(registry: &Registry) -> Export {
    let mut out = Export::default();
    for spec in registry.specs() {
        out.files.push(File {
            path: format!("models.dev/models/{}/{}.toml", spec.provider, spec.model_id),
            text: toml_of(spec),
        });
    }
    out
}

fn toml_of(spec: &Spec) -> String {
    let m = &spec.model;
    let mut out = format!(
        "# Exported by capspec from {} ({}).\nname = {}\n",
        spec.file,
        spec.id,
        quoted(&m.name)
    );
    if let Some(date) = &m.released {
        out.push_str(&format!("release_date = {}\n", quoted(date)));
    }
    let known = |list: &[String]| -> Vec<String> {
        list.iter()
            .filter(|m| MODALITIES.contains(&m.as_str()))
            .map(|m| quoted(m))
            .collect()
    };
    let (input, output) = (known(&m.input_modalities), known(&m.output_modalities));
    if !input.is_empty() && !output.is_empty() {
        out.push_str(&format!(
            "\n[modalities]\ninput = [{}]\noutput = [{}]\n",
            input.join(", "),
            output.join(", ")
        ));
    }
    out
}

/// A TOML basic string (JSON's escapes are TOML's).
fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_default()
}
