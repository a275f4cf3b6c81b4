//! Raw TOML → IR, with every check a spec must pass. Each fault is one diagnostic that points
//! at the offending value and says how to fix it; a property that fails is remembered as
//! broken so that rules naming it do not report a second, derived fault.

use std::collections::{BTreeSet, HashMap};
use std::ops::Range;

use super::raw::*;
use super::*;

mod files;
mod price;
mod roles;

/// How far a size-table cell's `width/height` may stray from its row's ratio.
const CELL_RATIO_TOLERANCE: f64 = dims::RATIO_TOLERANCE;

struct Checker<'a> {
    file: &'a str,
    text: &'a str,
    diagnostics: Vec<Diagnostic>,
    /// Paths of properties that exist but failed their own checks.
    broken: BTreeSet<String>,
    sources: Option<Sources<'a>>,
    /// Where each role is written: a property's path, `[size_table]` or `[custom_size]`.
    role_spans: Vec<(String, Range<usize>)>,
}

impl Checker<'_> {
    fn error(&mut self, span: Range<usize>, message: impl Into<String>) {
        let (line, column) = line_column(self.text, span.start);
        self.diagnostics.push(Diagnostic {
            file: self.file.to_owned(),
            line,
            column,
            message: message.into(),
        });
    }

    fn source(&mut self, source: &Option<S<String>>, at: Range<usize>, what: &str) -> String {
        match source {
            Some(s) if !s.get_ref().trim().is_empty() => s.get_ref().clone(),
            Some(s) => {
                self.error(s.span(), format!("{what}: `source` is empty; name the seed doc table or section this rule comes from"));
                String::new()
            }
            None => {
                self.error(at, format!("{what} has no `source`; add `source = \"<table or section of the seed doc>\"`"));
                String::new()
            }
        }
    }
}

pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
    (line, column)
}

pub(super) fn parse(
    text: &str,
    file: &str,
    provider: &str,
    cx: &Context,
) -> Result<Spec, Vec<Diagnostic>> {
    let mut ck = Checker {
        file,
        text,
        diagnostics: Vec::new(),
        broken: BTreeSet::new(),
        sources: cx.sources,
        role_spans: Vec::new(),
    };
    let raw: RawSpec = match toml::from_str(text) {
        Ok(raw) => raw,
        Err(e) => {
            ck.error(e.span().unwrap_or(0..0), toml_message(&e));
            return Err(ck.diagnostics);
        }
    };
    let spec = ck.spec(raw, provider);
    if ck.diagnostics.is_empty() {
        Ok(spec)
    } else {
        Err(ck.diagnostics)
    }
}

/// toml's message, with a hint where it names an unknown key that differs from a known one
/// only by case or separators (`maxlength` for `maxLength`).
fn toml_message(e: &toml::de::Error) -> String {
    let mut message = e.message().trim().to_owned();
    // serde names Rust types; a spec author writes TOML.
    for (rust, toml) in [
        (
            "expected i64",
            "expected an integer (written without quotes)",
        ),
        ("expected f64", "expected a number (written without quotes)"),
        (
            "expected a boolean",
            "expected true or false (without quotes)",
        ),
    ] {
        if message.ends_with(rust) {
            message = format!("{}{toml}", &message[..message.len() - rust.len()]);
        }
    }
    let Some(rest) = message.strip_prefix("unknown field `") else {
        return message;
    };
    let Some((unknown, expected)) = rest.split_once('`') else {
        return message;
    };
    let squash = |s: &str| s.to_ascii_lowercase().replace(['_', '-'], "");
    let hint = expected
        .split('`')
        .skip(1)
        .step_by(2)
        .find(|known| squash(known) == squash(unknown));
    match hint {
        Some(known) => format!("{message}; did you mean `{known}`?"),
        None => message,
    }
}

impl Checker<'_> {
    fn spec(&mut self, raw: RawSpec, provider: &str) -> Spec {
        if provider.is_empty()
            || !provider
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
            || !provider.starts_with(|c: char| c.is_ascii_lowercase())
        {
            self.error(0..0, format!("provider directory {provider:?} must be lowercase ASCII letters, digits, `-` or `_`, starting with a letter"));
        }
        let source = raw.source.get_ref().clone();
        if let Some(sources) = self.sources
            && !sources.files.contains(&source)
        {
            self.error(
                raw.source.span(),
                format!(
                    "`source` {source:?} is not a file in {}/; use one of: {}",
                    sources.dir,
                    sources.files.join(", ")
                ),
            );
        }
        let named = [
            raw.model
                .get_ref()
                .names
                .as_ref()
                .map(|n| ("names", n.span())),
            raw.model
                .get_ref()
                .default
                .as_ref()
                .map(|d| ("default", d.span())),
        ];
        let body_at = raw
            .model
            .get_ref()
            .body
            .as_ref()
            .map_or(raw.model.span(), |b| b.span());
        let model = self.model(raw.model.into_inner());
        let mut properties = self.properties(raw.properties.get_ref(), "", true);
        let files = self.files(
            raw.files.as_ref(),
            model.as_ref().map(|(_, m)| m),
            &properties,
            raw.properties.span(),
            body_at,
        );
        self.model_property(
            &properties,
            raw.properties.span(),
            model.as_ref().map(|(_, m)| m),
            &named,
        );
        let rules = raw
            .rules
            .iter()
            .filter_map(|r| self.rule(r, &properties))
            .collect::<Vec<_>>();
        self.condition_fields_are_free(&rules, &raw.rules);
        let size_table = raw
            .size_table
            .as_ref()
            .and_then(|t| self.size_table(t, &properties));
        let custom_size = raw
            .custom_size
            .as_ref()
            .and_then(|c| self.custom_size(c, &properties));
        // Whether the tables are written, broken or not: a broken one is reported once, not
        // again as missing where `[output]` names it.
        let output = self.output(
            raw.output.as_ref(),
            &properties,
            raw.size_table.is_some(),
            raw.custom_size.is_some(),
            raw.size_table.as_ref().map(|t| t.span()),
            raw.custom_size.as_ref().map(|c| c.span()),
        );
        self.roles_agree(&properties, &output);
        let names = model
            .as_ref()
            .map(|(_, m)| m.names.clone())
            .unwrap_or_default();
        let price = raw
            .price
            .as_ref()
            .and_then(|p| self.price(p, &properties, &output, &names));
        let multipart = model
            .as_ref()
            .is_some_and(|(_, m)| m.body == BodyKind::Multipart);
        if multipart && let Some(e) = raw.examples.first() {
            self.error(
                e.span(),
                "`[[examples]]` are JSON bodies, and this spec takes a multipart form; remove them",
            );
        }
        let examples = raw
            .examples
            .iter()
            .filter_map(|e| self.example(e))
            .collect();
        // A broken [model] has been reported; the placeholder only lets the other checks run.
        let (model_id, model) = model.unwrap_or_default();
        // Model properties carry their default from [model].
        if let Some(p) = properties.iter_mut().find(|p| p.kind == Kind::Model) {
            p.required = model.default.is_none();
            p.default = model.default.clone().map(Literal::Str);
        }
        Spec {
            id: format!("{provider}/{model_id}"),
            provider: provider.to_owned(),
            model_id,
            file: self.file.to_owned(),
            source,
            model,
            properties,
            files,
            rules,
            size_table,
            custom_size,
            output,
            price,
            examples,
        }
    }

    fn model(&mut self, raw: RawModel) -> Option<(String, Model)> {
        let id = raw.id.get_ref().clone();
        let mut ok = true;
        if id.is_empty() || id.chars().any(char::is_whitespace) {
            self.error(
                raw.id.span(),
                "`[model] id` must be a non-empty name without whitespace",
            );
            ok = false;
        }
        let body = self.body_kind(raw.body.as_ref());
        let names: Vec<String> = match &raw.names {
            None => vec![id.clone()],
            Some(names) => {
                let mut seen = BTreeSet::new();
                for n in names.get_ref() {
                    if n.get_ref().is_empty() || n.get_ref().chars().any(char::is_whitespace) {
                        self.error(
                            n.span(),
                            "a model name must be non-empty and without whitespace",
                        );
                        ok = false;
                    } else if !seen.insert(n.get_ref().clone()) {
                        self.error(
                            n.span(),
                            format!(
                                "model name {:?} is listed twice in `names`; remove one",
                                n.get_ref()
                            ),
                        );
                        ok = false;
                    }
                }
                // A form's spec shares its model names with the generation spec of the same
                // model (`openai/dall-e-2-edit` takes `model` = `dall-e-2`), so its id need not
                // be one of them.
                let listed = names.get_ref().iter().any(|n| *n.get_ref() == id);
                if !listed && body == BodyKind::Json {
                    self.error(
                        names.span(),
                        format!("`names` must include the model id {id:?}"),
                    );
                    ok = false;
                }
                // Canonical id first, the rest in file order.
                let mut out = if listed { vec![id.clone()] } else { Vec::new() };
                out.extend(
                    names
                        .get_ref()
                        .iter()
                        .map(|n| n.get_ref().clone())
                        .filter(|n| *n != id),
                );
                out
            }
        };
        if let Some(d) = &raw.default
            && !names.contains(d.get_ref())
        {
            self.error(d.span(), format!("default model {:?} is not one of `names` ({}); add it to `names` or fix the default", d.get_ref(), names.join(", ")));
            ok = false;
        }
        let endpoint = raw.endpoint.as_ref().map(|e| {
            let e = e.get_ref();
            let method = e.method.get_ref();
            if !["GET", "POST", "PUT", "PATCH", "DELETE"].contains(&method.as_str()) {
                self.error(
                    e.method.span(),
                    format!("endpoint method {method:?} is not an HTTP method; use e.g. \"POST\""),
                );
            }
            if let Some(p) = &e.path
                && let Err(why) = path_shape(p.get_ref(), false)
            {
                self.error(p.span(), format!("endpoint path {:?} {why}", p.get_ref()));
            }
            Endpoint {
                method: method.clone(),
                path: e.path.as_ref().map(|p| p.get_ref().clone()),
            }
        });
        let response = raw.response.as_ref().map(|r| {
            let r = r.get_ref();
            let mut modes = Vec::new();
            for m in r.modes.get_ref() {
                let mode = match m.get_ref().as_str() {
                    "sync" => ResponseMode::Sync,
                    "async" => ResponseMode::Async,
                    other => {
                        self.error(m.span(), format!("response mode {other:?} is unknown; use \"sync\" or \"async\""));
                        continue;
                    }
                };
                if modes.contains(&mode) {
                    self.error(m.span(), format!("response mode {:?} is listed twice", m.get_ref()));
                }
                modes.push(mode);
            }
            if r.modes.get_ref().is_empty() {
                self.error(r.modes.span(), "`modes` is empty; list \"sync\", \"async\" or both");
            }
            let mut paths = |list: &Option<S<RawPaths>>, key: &str| -> Vec<String> {
                let Some(list) = list else { return Vec::new() };
                if !modes.contains(&ResponseMode::Async) {
                    self.error(list.span(), format!("`{key}` is only meaningful for an async response; add \"async\" to `modes` or remove `{key}`"));
                }
                if list.get_ref().0.is_empty() {
                    self.error(list.span(), format!("`{key}` is empty; name a path or remove `{key}`"));
                }
                let mut out: Vec<String> = Vec::new();
                for p in &list.get_ref().0 {
                    if let Err(why) = path_shape(p, true) {
                        self.error(list.span(), format!("{key} path {p:?} {why}"));
                    } else if out.contains(p) {
                        self.error(list.span(), format!("{key} path {p:?} is listed twice"));
                    } else {
                        out.push(p.clone());
                    }
                }
                out
            };
            let poll = paths(&r.poll, "poll");
            let cancel = paths(&r.cancel, "cancel");
            Response {
                modes,
                poll,
                cancel,
            }
        });
        let source = raw.source.get_ref().clone();
        if source.trim().is_empty() {
            self.error(
                raw.source.span(),
                "`[model] source` is empty; name the seed doc sections the metadata comes from",
            );
        }
        if let Some(r) = &raw.released
            && unix_date(r.get_ref()).is_none()
        {
            self.error(
                r.span(),
                format!(
                    "`released` is a date written \"YYYY-MM-DD\" (1970 or later), got {:?}",
                    r.get_ref()
                ),
            );
        }
        let model = Model {
            default: raw.default.map(|d| d.into_inner()),
            names,
            name: raw.name.into_inner(),
            description: raw.description,
            owned_by: raw.owned_by,
            released: raw.released.map(|r| r.into_inner()),
            category: raw.category,
            endpoint,
            body,
            response,
            input_modalities: raw.input_modalities,
            output_modalities: raw.output_modalities,
            features: raw.features,
            region: raw.region,
            source,
        };
        ok.then_some((id, model))
    }

    /// A body names its model in `[properties.model]`, or (fal) the endpoint path selects the
    /// spec: then there is no body name to list or default to.
    fn model_property(
        &mut self,
        properties: &[Property],
        at: Range<usize>,
        model: Option<&Model>,
        named: &[Option<(&str, Range<usize>)>],
    ) {
        let count = properties.iter().filter(|p| p.kind == Kind::Model).count();
        if count > 0 || self.broken.contains("model") {
            return;
        }
        let Some(model) = model else { return };
        let endpoint = model.endpoint.as_ref();
        match endpoint.and_then(|e| e.path.as_ref().map(|p| (e, p))) {
            None => self.error(at, "the spec has no `[properties.model]`; add one with `type = \"model\"` where the body's `model` field goes, or, for an API that selects the model by its URL path (fal), give its `[model] endpoint` a `path`"),
            Some((e, path)) => {
                if e.method != "POST" {
                    self.error(at, format!("the spec is selected by its endpoint path {path:?} (it has no `[properties.model]`), so its endpoint method must be \"POST\""));
                }
                for (key, span) in named.iter().flatten() {
                    self.error(span.clone(), format!("`[model] {key}` names what a body's `model` routes to, and this spec is selected by its endpoint path {path:?} (it has no `[properties.model]`); remove `{key}`"));
                }
            }
        }
    }

    fn properties(&mut self, raw: &RawProperties, parent: &str, top: bool) -> Vec<Property> {
        raw.0
            .iter()
            .filter_map(|(name, prop)| self.property(name, prop, parent, top))
            .collect()
    }

    fn property(
        &mut self,
        name: &S<String>,
        raw: &S<RawProperty>,
        parent: &str,
        top: bool,
    ) -> Option<Property> {
        let key = name.get_ref();
        let path = if parent.is_empty() {
            key.clone()
        } else {
            format!("{parent}.{key}")
        };
        let before = self.diagnostics.len();
        if key.is_empty() || key.contains(['.', '[', ']']) || key.chars().any(char::is_control) {
            self.error(name.span(), format!("property name {key:?} cannot be empty or contain `.`, `[`, `]` or control characters (they are path syntax)"));
        }
        let what = format!("property `{path}`");
        let source = self.source(&raw.get_ref().source, name.span(), &what);
        let kind = self.kind(raw, &path, top, false);
        let r = raw.get_ref();
        let required = r.required.as_ref().is_some_and(|b| *b.get_ref());
        let nullable = match &r.nullable {
            Some(n) if *n.get_ref() => {
                if required {
                    self.error(n.span(), format!("`{path}` is required, and a null value means absent; remove `nullable` or `required`"));
                } else if matches!(kind, Some(Kind::Object(_))) {
                    self.error(
                        n.span(),
                        format!(
                            "`{path}` is an object; `nullable` applies to the properties inside it"
                        ),
                    );
                }
                true
            }
            _ => false,
        };
        let default = match (&r.default, &kind) {
            (Some(d), Some(kind)) => {
                if required {
                    self.error(d.span(), format!("`{path}` is required, so its default is never used; remove `default` or `required`"));
                }
                let url = matches!(
                    kind,
                    Kind::String(StringRule {
                        format: Some(StringFormat::Url(_)),
                        ..
                    })
                );
                if url {
                    self.error(d.span(), format!("`{path}` is a URL the provider fetches; a default URL would be fetched for every request, so URL properties take no default"));
                    None
                } else if matches!(kind, Kind::Object(_) | Kind::Array(_)) {
                    self.error(d.span(), format!("`default` does not apply to type {:?}; give defaults to the scalar properties inside", r.ty.get_ref()));
                    None
                } else {
                    self.literal(d, kind, &path, "default")
                }
            }
            _ => None,
        };
        let examples = match (&r.examples, &kind) {
            (Some(ex), Some(kind)) => ex
                .get_ref()
                .iter()
                .filter_map(|e| self.literal(e, kind, &path, "example"))
                .collect(),
            _ => Vec::new(),
        };
        let role = kind.as_ref().and_then(|k| self.role(raw, &path, k));
        let Some(kind) = kind.filter(|_| self.diagnostics.len() == before) else {
            // Remembered so that rules naming it report nothing more.
            self.broken.insert(path);
            return None;
        };
        Some(Property {
            name: key.clone(),
            path,
            required,
            nullable,
            default,
            title: r.title.clone(),
            description: r.description.clone(),
            multiline: r.multiline.as_ref().is_some_and(|m| *m.get_ref()),
            source,
            examples,
            role,
            kind,
        })
    }

    /// The kind of a property or of array items, with every keyword checked against the type.
    fn kind(&mut self, raw: &S<RawProperty>, path: &str, top: bool, item: bool) -> Option<Kind> {
        let r = raw.get_ref();
        if let Some(role) = r.role.as_ref().filter(|_| item) {
            self.error(
                role.span(),
                format!("`{path}` items take no `role`; put it on the array property"),
            );
        }
        let ty = r.ty.get_ref().as_str();
        let format = r.format.as_ref().map(|f| f.get_ref().as_str());
        // Keywords present, with where they are.
        let present: Vec<(&str, Range<usize>)> = [
            ("required", r.required.as_ref().map(|v| v.span())),
            ("nullable", r.nullable.as_ref().map(|v| v.span())),
            ("default", r.default.as_ref().map(|v| v.span())),
            ("examples", r.examples.as_ref().map(|v| v.span())),
            ("multiline", r.multiline.as_ref().map(|v| v.span())),
            ("minimum", r.minimum.as_ref().map(|v| v.span())),
            ("maximum", r.maximum.as_ref().map(|v| v.span())),
            (
                "exclusiveMinimum",
                r.exclusive_minimum.as_ref().map(|v| v.span()),
            ),
            (
                "exclusiveMaximum",
                r.exclusive_maximum.as_ref().map(|v| v.span()),
            ),
            ("multipleOf", r.multiple_of.as_ref().map(|v| v.span())),
            ("const", r.const_.as_ref().map(|v| v.span())),
            ("enum", r.enum_.as_ref().map(|v| v.span())),
            ("minLength", r.min_length.as_ref().map(|v| v.span())),
            ("maxLength", r.max_length.as_ref().map(|v| v.span())),
            ("format", r.format.as_ref().map(|v| v.span())),
            ("separator", r.separator.as_ref().map(|v| v.span())),
            ("width", r.width.as_ref().map(|v| v.span())),
            ("height", r.height.as_ref().map(|v| v.span())),
            ("pixels", r.pixels.as_ref().map(|v| v.span())),
            ("aspect_ratio", r.aspect_ratio.as_ref().map(|v| v.span())),
            ("unsized", r.unsized_values.as_ref().map(|v| v.span())),
            ("presets", r.presets.as_ref().map(|v| v.span())),
            ("public", r.public.as_ref().map(|v| v.span())),
            ("items", r.items.as_ref().map(|v| v.span())),
            ("minItems", r.min_items.as_ref().map(|v| v.span())),
            ("maxItems", r.max_items.as_ref().map(|v| v.span())),
            ("properties", r.properties.as_ref().map(|v| v.span())),
        ]
        .into_iter()
        .filter_map(|(k, s)| s.map(|s| (k, s)))
        .collect();
        let common: &[&str] = if item {
            &[]
        } else {
            &["required", "nullable", "default", "examples"]
        };
        let specific: &[&str] = match (ty, format) {
            ("model", _) => &[],
            ("boolean", _) => &[],
            ("integer", _) => &["minimum", "maximum", "multipleOf", "const"],
            ("number", _) => &[
                "minimum",
                "maximum",
                "exclusiveMinimum",
                "exclusiveMaximum",
                "multipleOf",
            ],
            ("string", Some("size")) => &[
                "enum",
                "format",
                "separator",
                "width",
                "height",
                "pixels",
                "aspect_ratio",
                "unsized",
            ],
            ("string", Some("url")) => &["format", "public"],
            ("string", _) => &["enum", "minLength", "maxLength", "format", "multiline"],
            ("size", _) => &["presets", "width", "height", "pixels", "aspect_ratio"],
            ("array", _) => &["items", "minItems", "maxItems"],
            ("object", _) => &["properties", "required"],
            (other, _) => {
                self.error(r.ty.span(), format!("unknown type {other:?}; use one of \"string\", \"integer\", \"number\", \"boolean\", \"size\", \"array\", \"object\" or \"model\""));
                return None;
            }
        };
        let model_ok: &[&str] = &["nullable"];
        let allowed = |k: &str| {
            if ty == "model" {
                model_ok.contains(&k)
            } else {
                common.contains(&k) || specific.contains(&k)
            }
        };
        let mut ok = true;
        for (k, span) in &present {
            if !allowed(k) {
                let why = if ty == "model" {
                    "the `model` property takes its values and default from `[model] names` and `[model] default` (it may be `nullable`)".to_owned()
                } else if item {
                    format!("array items take no `{k}`; put it on the array property")
                } else if ty == "string"
                    && [
                        "separator",
                        "width",
                        "height",
                        "pixels",
                        "aspect_ratio",
                        "unsized",
                    ]
                    .contains(k)
                {
                    format!("`{k}` needs `format = \"size\"` (or `type = \"size\"`)")
                } else if *k == "public" {
                    format!("`{k}` needs `format = \"url\"`")
                } else {
                    format!(
                        "remove it or change `type`; type {ty:?} takes: {}",
                        specific.join(", ")
                    )
                };
                self.error(
                    span.clone(),
                    format!("`{k}` does not apply to type {ty:?} here: {why}"),
                );
                ok = false;
            }
        }
        if !ok {
            return None;
        }
        match ty {
            "model" => {
                if !top || path != "model" || item {
                    self.error(
                        r.ty.span(),
                        "type \"model\" is only for the top-level property named `model`",
                    );
                    return None;
                }
                Some(Kind::Model)
            }
            "boolean" => Some(Kind::Boolean),
            "integer" => self.integer(r),
            "number" => self.number(r),
            "string" => self.string(r, path),
            "size" => self.size_choice(r, path),
            "array" => {
                let Some(items) = &r.items else {
                    self.error(r.ty.span(), "an array needs `items = { type = ... }`");
                    return None;
                };
                let item_ty = items.get_ref().ty.get_ref().as_str();
                if !["string", "integer", "number", "boolean"].contains(&item_ty) {
                    self.error(items.get_ref().ty.span(), format!("array items of type {item_ty:?} are not supported; use \"string\", \"integer\", \"number\" or \"boolean\""));
                    return None;
                }
                if let Some(src) = &items.get_ref().source {
                    self.error(
                        src.span(),
                        "array items take no `source`; it is the array property's",
                    );
                    return None;
                }
                let items = self.kind(items, &format!("{path}[]"), false, true)?;
                let (min_items, max_items) =
                    self.length_bounds(&r.min_items, &r.max_items, "minItems", "maxItems")?;
                Some(Kind::Array(ArrayRule {
                    items: Box::new(items),
                    min_items,
                    max_items,
                }))
            }
            "object" => {
                let Some(props) = &r.properties else {
                    self.error(
                        r.ty.span(),
                        "an object needs `[<path>.properties.<name>]` tables",
                    );
                    return None;
                };
                let children = self.properties(props.get_ref(), path, false);
                Some(Kind::Object(children))
            }
            _ => None,
        }
    }

    fn non_negative(&mut self, v: &S<i64>, what: &str) -> Option<u64> {
        match u64::try_from(*v.get_ref()) {
            Ok(n) => Some(n),
            Err(_) => {
                self.error(
                    v.span(),
                    format!("`{what}` must be at least 0, got {}", v.get_ref()),
                );
                None
            }
        }
    }

    /// `minLength`/`maxLength` or `minItems`/`maxItems`: counts, the minimum not above the
    /// maximum.
    fn length_bounds(
        &mut self,
        min: &Option<S<i64>>,
        max: &Option<S<i64>>,
        min_name: &str,
        max_name: &str,
    ) -> Option<(Option<u64>, Option<u64>)> {
        let minimum = match min {
            Some(m) => Some(self.non_negative(m, min_name)?),
            None => None,
        };
        let maximum = match max {
            Some(m) => Some(self.non_negative(m, max_name)?),
            None => None,
        };
        if let (Some(lo), Some(hi), Some(at)) = (minimum, maximum, min.as_ref())
            && lo > hi
        {
            self.error(
                at.span(),
                format!("{min_name} {lo} is greater than {max_name} {hi}; no value would be valid"),
            );
            return None;
        }
        Some((minimum, maximum))
    }

    /// An integer keyword's value (`minimum`, `multipleOf`, ...), within what JSON carries
    /// exactly.
    fn int_value(&mut self, v: &S<toml::Value>, what: &str) -> Option<i64> {
        let Some(i) = v.get_ref().as_integer() else {
            self.error(
                v.span(),
                format!(
                    "`{what}` of an integer must be an integer, got {}",
                    v.get_ref().type_str()
                ),
            );
            return None;
        };
        if i.abs() > MAX_SAFE_INTEGER {
            self.error(v.span(), format!("{i} is beyond the integers JSON carries exactly (±{MAX_SAFE_INTEGER}, RFC 7493); leave the bound out to mean that limit"));
            return None;
        }
        Some(i)
    }

    fn integer(&mut self, r: &RawProperty) -> Option<Kind> {
        if let Some(c) = &r.const_ {
            if let Some(m) = r
                .minimum
                .as_ref()
                .or(r.maximum.as_ref())
                .or(r.multiple_of.as_ref())
            {
                self.error(
                    m.span(),
                    "`const` fixes the value; remove `minimum`/`maximum`/`multipleOf` or `const`",
                );
                return None;
            }
            let v = self.int_value(c, "const")?;
            return Some(Kind::Integer(IntegerRule {
                minimum: Some(v),
                maximum: Some(v),
                multiple_of: None,
            }));
        }
        let minimum = match &r.minimum {
            Some(m) => Some(self.int_value(m, "minimum")?),
            None => None,
        };
        let maximum = match &r.maximum {
            Some(m) => Some(self.int_value(m, "maximum")?),
            None => None,
        };
        if let (Some(min), Some(max)) = (minimum, maximum)
            && min > max
        {
            let span = r.minimum.as_ref().map(|m| m.span()).unwrap_or(0..0);
            self.error(
                span,
                format!("minimum {min} is greater than maximum {max}; swap them or fix the range"),
            );
            return None;
        }
        let multiple_of = match &r.multiple_of {
            None => None,
            Some(m) => {
                let step = self.int_value(m, "multipleOf")?;
                if step < 1 {
                    self.error(
                        m.span(),
                        format!("`multipleOf` must be at least 1, got {step}"),
                    );
                    return None;
                }
                let rule = IntegerRule {
                    minimum,
                    maximum,
                    multiple_of: Some(step),
                };
                if rule.first_multiple().is_none() {
                    self.error(
                        m.span(),
                        format!(
                            "no multiple of {step} lies in {}..={}, so no value would be valid",
                            rule.min(),
                            rule.max()
                        ),
                    );
                    return None;
                }
                Some(step)
            }
        };
        Some(Kind::Integer(IntegerRule {
            minimum,
            maximum,
            multiple_of,
        }))
    }

    /// A number keyword's value: finite, within what JSON carries exactly.
    fn float_value(&mut self, v: &S<toml::Value>, what: &str) -> Option<f64> {
        let x = match v.get_ref() {
            toml::Value::Integer(i) => *i as f64,
            toml::Value::Float(f) => *f,
            other => {
                self.error(
                    v.span(),
                    format!("`{what}` must be a number, got {}", other.type_str()),
                );
                return None;
            }
        };
        if !x.is_finite() || x.abs() > MAX_SAFE_INTEGER as f64 {
            self.error(
                v.span(),
                format!("`{what}` must be a finite number within ±{MAX_SAFE_INTEGER}, got {x}"),
            );
            return None;
        }
        Some(x)
    }

    fn number(&mut self, r: &RawProperty) -> Option<Kind> {
        let mut get = |v: &Option<S<toml::Value>>, what: &str| -> Option<Option<f64>> {
            match v {
                Some(v) => self.float_value(v, what).map(Some),
                None => Some(None),
            }
        };
        let rule = NumberRule {
            minimum: get(&r.minimum, "minimum")?,
            maximum: get(&r.maximum, "maximum")?,
            exclusive_minimum: get(&r.exclusive_minimum, "exclusiveMinimum")?,
            exclusive_maximum: get(&r.exclusive_maximum, "exclusiveMaximum")?,
            multiple_of: get(&r.multiple_of, "multipleOf")?,
        };
        let at = |v: &Option<S<toml::Value>>| v.as_ref().map(|v| v.span()).unwrap_or(0..0);
        if rule.minimum.is_some() && rule.exclusive_minimum.is_some() {
            self.error(
                at(&r.exclusive_minimum),
                "give `minimum` or `exclusiveMinimum`, not both",
            );
            return None;
        }
        if rule.maximum.is_some() && rule.exclusive_maximum.is_some() {
            self.error(
                at(&r.exclusive_maximum),
                "give `maximum` or `exclusiveMaximum`, not both",
            );
            return None;
        }
        let low = rule.minimum.or(rule.exclusive_minimum);
        let high = rule.maximum.or(rule.exclusive_maximum);
        if let (Some(lo), Some(hi)) = (low, high) {
            let exclusive = rule.exclusive_minimum.is_some() || rule.exclusive_maximum.is_some();
            if lo > hi || (exclusive && lo == hi) {
                self.error(
                    at(&r.minimum).start.min(at(&r.exclusive_minimum).start)
                        ..at(&r.minimum).end.max(at(&r.exclusive_minimum).end),
                    format!("the lower bound {lo} is not below the upper bound {hi}; no value would be valid"),
                );
                return None;
            }
        }
        if let Some(m) = rule.multiple_of {
            let span = at(&r.multiple_of);
            // A power of two divides every binary floating-point number exactly, so every
            // JSON Schema validator (which divides in floating point) agrees with capspec.
            if m <= 0.0 || m.to_bits() & ((1 << 52) - 1) != 0 {
                self.error(span, format!("`multipleOf` of a number must be a power of two (0.25, 0.5, 1, 2, ...), which every validator divides exactly; got {m}. For integer steps use `type = \"integer\"`"));
                return None;
            }
            if low.is_none() || high.is_none() {
                self.error(
                    span,
                    "a number with `multipleOf` needs a lower and an upper bound",
                );
                return None;
            }
        }
        Some(Kind::Number(rule))
    }

    fn string(&mut self, r: &RawProperty, path: &str) -> Option<Kind> {
        let (min_length, max_length) =
            self.length_bounds(&r.min_length, &r.max_length, "minLength", "maxLength")?;
        let format = match r.format.as_ref().map(|f| (f, f.get_ref().as_str())) {
            None => None,
            Some((_, "size")) => Some(StringFormat::Size(self.size_rule(r)?)),
            Some((_, "url")) => Some(StringFormat::Url(self.url_rule(r)?)),
            Some((f, other)) => {
                self.error(
                    f.span(),
                    format!("unknown format {other:?}; use \"size\" or \"url\""),
                );
                return None;
            }
        };
        let unsized_values = match &rule_format_separator(&format) {
            Some(sep) => self.unsized_values(r, *sep)?,
            None => Vec::new(),
        };
        let mut rule = StringRule {
            min_length,
            max_length,
            unsized_values,
            enum_values: Vec::new(),
            format,
        };
        if let Some(values) = &r.enum_ {
            if values.get_ref().is_empty() {
                self.error(values.span(), format!("`enum` of `{path}` is empty, so no value would be valid; list the allowed values or remove `enum`"));
                return None;
            }
            let mut out = Vec::new();
            let kind = Kind::String(rule.clone());
            for v in values.get_ref() {
                let lit = self.literal(v, &kind, path, "enum value")?;
                let Literal::Str(s) = lit else { return None };
                if out.contains(&s) {
                    self.error(
                        v.span(),
                        format!("enum value {s:?} is listed twice; remove one"),
                    );
                    return None;
                }
                out.push(s);
            }
            rule.enum_values = out;
        }
        Some(Kind::String(rule))
    }

    fn size_rule(&mut self, r: &RawProperty) -> Option<SizeRule> {
        let separator = match &r.separator {
            None => 'x',
            Some(s) => {
                let mut chars = s.get_ref().chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) if !c.is_ascii_digit() && !c.is_whitespace() => c,
                    _ => {
                        self.error(s.span(), format!("`separator` must be one character that is not a digit or space (e.g. \"x\" or \"*\"), got {:?}", s.get_ref()));
                        return None;
                    }
                }
            }
        };
        let width = self.side_bounds(r.width.as_ref(), "width")?;
        let height = self.side_bounds(r.height.as_ref(), "height")?;
        let pixels = self.area_bounds(r.pixels.as_ref())?;
        let aspect_ratio = self.ratio_bounds(r.aspect_ratio.as_ref())?;
        // Sides are read saturating at u64::MAX: some maximum must make an absurd side fail.
        let bounded =
            (width.maximum.is_some() && height.maximum.is_some()) || pixels.maximum.is_some();
        if r.enum_.is_none() && !bounded {
            let at = r.format.as_ref().map(|f| f.span()).unwrap_or(0..0);
            self.error(
                at,
                "a free size needs a maximum on both `width` and `height`, or a `pixels` maximum",
            );
            return None;
        }
        Some(SizeRule {
            separator,
            width,
            height,
            pixels,
            aspect_ratio,
        })
    }

    /// `unsized`: the members of a fixed size list that name no size.
    fn unsized_values(&mut self, r: &RawProperty, separator: char) -> Option<Vec<String>> {
        let mut unsized_values = Vec::new();
        if let Some(list) = &r.unsized_values {
            if r.enum_.is_none() {
                self.error(
                    list.span(),
                    "`unsized` names members of a fixed size list; add `enum` or remove `unsized`",
                );
                return None;
            }
            for name in list.get_ref() {
                let n = name.get_ref();
                if Dims::parse(n, separator).is_some() {
                    self.error(name.span(), format!("{n:?} is a size; `unsized` lists the members that name none (such as \"auto\")"));
                    return None;
                }
                if unsized_values.contains(n) {
                    self.error(name.span(), format!("{n:?} is listed twice in `unsized`"));
                    return None;
                }
                if !r.enum_.as_ref().is_some_and(|e| {
                    e.get_ref()
                        .iter()
                        .any(|v| v.get_ref().as_str() == Some(n.as_str()))
                }) {
                    self.error(name.span(), format!("{n:?} is not a member of the `enum`; `unsized` names members of the list"));
                    return None;
                }
                unsized_values.push(n.clone());
            }
        }
        Some(unsized_values)
    }

    fn side_bounds(&mut self, raw: Option<&S<RawBounds>>, what: &str) -> Option<Bounds> {
        let Some(raw) = raw else {
            return Some(Bounds::default());
        };
        let b = raw.get_ref();
        let mut side = |v: &Option<S<i64>>| -> Option<Option<u64>> {
            match v {
                None => Some(None),
                Some(v) if *v.get_ref() >= 1 => Some(Some(*v.get_ref() as u64)),
                Some(v) => {
                    self.error(
                        v.span(),
                        format!(
                            "a {what} bound counts pixels and must be at least 1, got {}",
                            v.get_ref()
                        ),
                    );
                    None
                }
            }
        };
        let bounds = Bounds {
            minimum: side(&b.minimum)?,
            maximum: side(&b.maximum)?,
            multiple_of: side(&b.multiple_of)?,
        };
        let bounds = self.ordered(bounds, b.minimum.as_ref().map(|m| m.span()), what)?;
        if let (Some(step), Some(at)) = (bounds.multiple_of, &b.multiple_of) {
            let lo = bounds.minimum.unwrap_or(1);
            let first = lo.div_ceil(step).saturating_mul(step);
            if bounds.maximum.is_some_and(|hi| first > hi) {
                self.error(
                    at.span(),
                    format!("no {what} that is a multiple of {step} lies within the bounds"),
                );
                return None;
            }
        }
        Some(bounds)
    }

    fn ordered(&mut self, b: Bounds, at: Option<Range<usize>>, what: &str) -> Option<Bounds> {
        if let (Some(min), Some(max)) = (b.minimum, b.maximum)
            && min > max
        {
            self.error(
                at.unwrap_or(0..0),
                format!(
                    "{what} minimum {min} is greater than maximum {max}; swap them or fix the range"
                ),
            );
            return None;
        }
        Some(b)
    }

    fn area_bounds(&mut self, raw: Option<&S<RawAreaBounds>>) -> Option<Bounds> {
        let Some(raw) = raw else {
            return Some(Bounds::default());
        };
        let b = raw.get_ref();
        let mut area = |v: &Option<S<RawArea>>| -> Option<Option<u64>> {
            let Some(v) = v else { return Some(None) };
            let n = match v.get_ref() {
                RawArea::Number(n) => u64::try_from(*n).ok().filter(|n| *n >= 1),
                RawArea::Product(p) => {
                    Dims::parse_spec(p).and_then(|d| u64::try_from(d.pixels()).ok())
                }
            };
            if n.is_none() {
                self.error(v.span(), "a pixel bound must be a positive integer or a product written \"WxH\" (e.g. \"1280x1280\")");
            }
            n.map(Some)
        };
        let bounds = Bounds {
            minimum: area(&b.minimum)?,
            maximum: area(&b.maximum)?,
            multiple_of: None,
        };
        self.ordered(bounds, b.minimum.as_ref().map(|m| m.span()), "pixels")
    }

    fn ratio_bounds(&mut self, raw: Option<&S<RawRatioBounds>>) -> Option<RatioBounds> {
        let Some(raw) = raw else {
            return Some(RatioBounds::default());
        };
        let b = raw.get_ref();
        let mut ratio = |v: &Option<S<String>>| -> Option<Option<Ratio>> {
            let Some(v) = v else { return Some(None) };
            match Ratio::parse(v.get_ref()) {
                Some(r) => Some(Some(r)),
                None => {
                    self.error(v.span(), format!("an aspect ratio is written \"W:H\" with positive integers (e.g. \"1:4\"), got {:?}", v.get_ref()));
                    None
                }
            }
        };
        let bounds = RatioBounds {
            minimum: ratio(&b.minimum)?,
            maximum: ratio(&b.maximum)?,
        };
        if let (Some(min), Some(max)) = (bounds.minimum, bounds.maximum)
            && min > max
        {
            let at = b.minimum.as_ref().map(|m| m.span()).unwrap_or(0..0);
            self.error(
                at,
                format!("aspect_ratio minimum {min} is greater than maximum {max}; swap them"),
            );
            return None;
        }
        Some(bounds)
    }

    /// `type = "size"`: a preset name or an object `{width, height}`.
    fn size_choice(&mut self, r: &RawProperty, path: &str) -> Option<Kind> {
        let width = self.side_bounds(r.width.as_ref(), "width")?;
        let height = self.side_bounds(r.height.as_ref(), "height")?;
        let pixels = self.area_bounds(r.pixels.as_ref())?;
        let aspect_ratio = self.ratio_bounds(r.aspect_ratio.as_ref())?;
        let bounded =
            (width.maximum.is_some() && height.maximum.is_some()) || pixels.maximum.is_some();
        if !bounded {
            self.error(
                r.ty.span(),
                format!("the object form of `{path}` needs a maximum on both `width` and `height`, or a `pixels` maximum"),
            );
            return None;
        }
        let mut presets: Vec<(String, Dims)> = Vec::new();
        for (name, size) in r.presets.iter().flat_map(|p| &p.get_ref().0) {
            let n = name.get_ref();
            if n.is_empty() || n.chars().any(char::is_control) {
                self.error(name.span(), "a preset name must be non-empty text");
                return None;
            }
            if presets.iter().any(|(p, _)| p == n) {
                self.error(name.span(), format!("preset {n:?} is listed twice"));
                return None;
            }
            let Some(dims) = Dims::parse_spec(size.get_ref()) else {
                self.error(
                    size.span(),
                    format!(
                        "preset {n:?} is {:?}; write its size as \"WxH\" in pixels",
                        size.get_ref()
                    ),
                );
                return None;
            };
            presets.push((n.clone(), dims));
        }
        if presets.is_empty() {
            self.error(r.ty.span(), format!("`{path}` has no `presets`; list them as `presets = {{ name = \"WxH\" }}`, or use `type = \"object\"` with integer `width` and `height`"));
            return None;
        }
        Some(Kind::Size(SizeChoiceRule {
            presets,
            width,
            height,
            pixels,
            aspect_ratio,
        }))
    }

    fn url_rule(&mut self, r: &RawProperty) -> Option<UrlRule> {
        Some(UrlRule {
            public: r.public.as_ref().is_some_and(|p| *p.get_ref()),
        })
    }

    /// A literal for `kind`, checked against the kind's rules.
    fn literal(
        &mut self,
        v: &S<toml::Value>,
        kind: &Kind,
        path: &str,
        what: &str,
    ) -> Option<Literal> {
        let fail = |ck: &mut Self, why: String| {
            ck.error(
                v.span(),
                format!("{what} {} of `{path}` {why}", toml_display(v.get_ref())),
            );
            None
        };
        match (kind, v.get_ref()) {
            (Kind::Boolean, toml::Value::Boolean(b)) => Some(Literal::Bool(*b)),
            (Kind::Integer(rule), toml::Value::Integer(i)) => {
                if *i < rule.min() || *i > rule.max() {
                    let range = match rule.fixed() {
                        Some(f) => format!("the fixed value {f}"),
                        None => format!("the range {}..={}", rule.min(), rule.max()),
                    };
                    return fail(
                        self,
                        format!("is outside {range}; change the {what} or the range"),
                    );
                }
                if let Some(step) = rule.multiple_of
                    && i % step != 0
                {
                    return fail(self, format!("is not a multiple of {step}"));
                }
                Some(Literal::Int(*i))
            }
            (Kind::Number(rule), toml::Value::Integer(_) | toml::Value::Float(_)) => {
                let x = match v.get_ref() {
                    toml::Value::Integer(i) => *i as f64,
                    toml::Value::Float(f) => *f,
                    _ => return None,
                };
                if !x.is_finite() || !rule.within(x) {
                    return fail(self, "is outside the property's bounds".to_owned());
                }
                if let Some(step) = rule.multiple_of
                    && !is_multiple(x, step)
                {
                    return fail(self, format!("is not a multiple of {step}"));
                }
                Some(Literal::Number(x))
            }
            (Kind::Size(rule), toml::Value::String(s)) => {
                if !rule.presets.iter().any(|(p, _)| p == s) {
                    let names: Vec<&str> = rule.presets.iter().map(|(p, _)| p.as_str()).collect();
                    return fail(
                        self,
                        format!("is not one of its presets ({})", names.join(", ")),
                    );
                }
                Some(Literal::Str(s.clone()))
            }
            (Kind::String(rule), toml::Value::String(s)) => {
                let chars = s.chars().count() as u64;
                if let Some(max) = rule.max_length
                    && chars > max
                {
                    return fail(self, format!("is longer than maxLength {max}"));
                }
                if let Some(min) = rule.min_length
                    && chars < min
                {
                    return fail(self, format!("is shorter than minLength {min}"));
                }
                if !rule.enum_values.is_empty() && !rule.enum_values.contains(s) {
                    return fail(
                        self,
                        format!("is not in its enum ({})", rule.enum_values.join(", ")),
                    );
                }
                match &rule.format {
                    Some(StringFormat::Size(_)) if rule.unsized_values.contains(s) => {}
                    Some(StringFormat::Size(size)) => {
                        let Some(d) = Dims::parse(s, size.separator) else {
                            return fail(
                                self,
                                format!("is not a size written W{}H", size.separator),
                            );
                        };
                        if let Some(why) = size_fault(size, d) {
                            return fail(self, why);
                        }
                    }
                    Some(StringFormat::Url(_))
                        if !(s.starts_with("http://") || s.starts_with("https://")) =>
                    {
                        return fail(self, "is not an http(s) URL".to_owned());
                    }
                    Some(StringFormat::Url(_)) | None => {}
                }
                Some(Literal::Str(s.clone()))
            }
            (Kind::Model, toml::Value::String(s)) => Some(Literal::Str(s.clone())),
            (kind, other) => fail(
                self,
                format!(
                    "is {}, but the property's type is {:?}",
                    other.type_str(),
                    kind.json_type()
                ),
            ),
        }
    }
}

/// The separator of a size format.
fn rule_format_separator(format: &Option<StringFormat>) -> Option<char> {
    match format {
        Some(StringFormat::Size(z)) => Some(z.separator),
        _ => None,
    }
}

fn toml_display(v: &toml::Value) -> String {
    match v {
        toml::Value::String(s) => format!("{s:?}"),
        toml::Value::Integer(i) => i.to_string(),
        toml::Value::Float(f) => f.to_string(),
        toml::Value::Boolean(b) => b.to_string(),
        other => format!("({})", other.type_str()),
    }
}

/// Why `d` breaks `rule`, if it does (spec-time checks of enum members and defaults).
fn size_fault(rule: &SizeRule, d: Dims) -> Option<String> {
    for (side, value, b) in [
        ("width", d.width, rule.width),
        ("height", d.height, rule.height),
    ] {
        if !b.contains(u128::from(value)) {
            return Some(format!("has a {side} outside {b:?}"));
        }
        if !b.steps(u128::from(value)) {
            return Some(format!(
                "has a {side} that is not a multiple of {:?}",
                b.multiple_of
            ));
        }
    }
    if !rule.pixels.contains(d.pixels()) {
        return Some(format!("has a pixel area outside {:?}", rule.pixels));
    }
    if !rule.aspect_ratio.contains(d.ratio()) {
        return Some("has an aspect ratio outside its bounds".to_owned());
    }
    None
}

impl Checker<'_> {
    /// Resolves a path a rule names; `None` (with a diagnostic unless the property is broken).
    fn path<'p>(
        &mut self,
        path: &S<String>,
        properties: &'p [Property],
        what: &str,
    ) -> Option<&'p Property> {
        let p = path.get_ref();
        if let Some(prop) = find_property(properties, p) {
            return Some(prop);
        }
        if !self.broken.contains(p) {
            self.error(path.span(), format!("{what} names `{p}`, which is not a property of this spec; use a dotted path such as `parameters.size`"));
        }
        None
    }

    fn paths(
        &mut self,
        list: &S<Vec<S<String>>>,
        properties: &[Property],
        what: &str,
    ) -> Option<Vec<String>> {
        let mut out: Vec<String> = Vec::new();
        let mut ok = true;
        for p in list.get_ref() {
            match self.path(p, properties, what) {
                Some(prop) => {
                    if out.contains(&prop.path) {
                        self.error(p.span(), format!("{what} names `{}` twice", prop.path));
                        ok = false;
                    }
                    if prop.kind == Kind::Model {
                        self.error(
                            p.span(),
                            format!("{what} cannot name `model`, which routes the request"),
                        );
                        ok = false;
                    }
                    if matches!(prop.kind, Kind::Object(_)) {
                        self.error(
                            p.span(),
                            format!(
                                "{what} names the object `{}`; name the properties inside it",
                                prop.path
                            ),
                        );
                        ok = false;
                    }
                    out.push(prop.path.clone());
                }
                None => ok = false,
            }
        }
        if list.get_ref().is_empty() {
            self.error(list.span(), format!("{what} lists no paths"));
            ok = false;
        }
        ok.then_some(out)
    }

    fn rule(&mut self, raw: &S<RawRule>, properties: &[Property]) -> Option<Rule> {
        let r = raw.get_ref();
        let source = self.source(&r.source, raw.span(), "rule");
        let forms = [r.when.is_some(), r.unless.is_some(), r.exclusive.is_some()];
        let effects = [r.require.is_some(), r.forbid.is_some(), r.allow.is_some()];
        let shape_error = "a rule is `when`/`unless` = { <path> = <value or [values]> } with one of `require` = [paths], `forbid` = [paths] or `allow` = { <path> = [values] }, or `exclusive` = [paths] alone";
        if let Some(list) = &r.exclusive {
            if forms[0] || forms[1] || effects.iter().any(|e| *e) {
                self.error(raw.span(), shape_error);
                return None;
            }
            let paths = self.paths(list, properties, "exclusive rule")?;
            if paths.len() < 2 {
                self.error(list.span(), "an exclusive rule needs at least two paths");
                return None;
            }
            let defaulted: Vec<&String> = paths
                .iter()
                .filter(|p| find_property(properties, p).is_some_and(|p| p.default.is_some()))
                .collect();
            if defaulted.len() > 1 {
                self.error(list.span(), format!("{} each have a `default`, but at most one of them may be given: a form that fills in defaults could never submit; keep the default of one (the provider's, where the doc says which)", defaulted.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(", ")));
                return None;
            }
            return Some(Rule::Exclusive { paths, source });
        }
        let (cond, negated) = match (&r.when, &r.unless) {
            (Some(c), None) => (c, false),
            (None, Some(c)) => (c, true),
            _ => {
                self.error(raw.span(), shape_error);
                return None;
            }
        };
        if effects.iter().filter(|e| **e).count() != 1 {
            self.error(raw.span(), shape_error);
            return None;
        }
        let table = cond.get_ref();
        if table.len() != 1 {
            self.error(cond.span(), format!("a condition names exactly one property, e.g. {{ use_custom_size = true }}; this one names {}", table.len()));
            return None;
        }
        let (path, value) = table.iter().next()?;
        let path_s = S::new(cond.span(), path.clone());
        let prop = self.path(&path_s, properties, "condition")?;
        if !matches!(
            prop.kind,
            Kind::Boolean | Kind::Integer(_) | Kind::String(_)
        ) {
            self.error(
                cond.span(),
                format!(
                    "a condition must name a boolean, integer or string property; `{path}` is {:?}",
                    prop.kind.json_type()
                ),
            );
            return None;
        }
        let values = self.literals(
            &S::new(cond.span(), value.clone()),
            &prop.kind.clone(),
            path,
            "condition value",
        )?;
        let when = Condition {
            path: prop.path.clone(),
            values,
            negated,
        };
        if let Some(allow) = &r.allow {
            return self.allow(allow, when, properties, source);
        }
        if let Some(list) = &r.require {
            let paths = self.paths(list, properties, "require")?;
            for (p, s) in paths.iter().zip(list.get_ref()) {
                let prop = find_property(properties, p)?;
                if prop.default.is_some() {
                    self.error(s.span(), format!("`{p}` has a default, so requiring it never fails; remove the default or the rule"));
                    return None;
                }
                if prop.required {
                    self.error(
                        s.span(),
                        format!(
                            "`{p}` is always required (`required = true`); remove it from the rule"
                        ),
                    );
                    return None;
                }
                if prop.nullable {
                    self.error(s.span(), format!("`{p}` is nullable, so `null` would satisfy the rule as JSON Schema's `required` reads it while capspec reads it as absent; remove `nullable` or the rule"));
                    return None;
                }
                if *p == when.path {
                    self.error(
                        s.span(),
                        "a rule cannot require its own condition's property",
                    );
                    return None;
                }
            }
            return Some(Rule::Require {
                when,
                paths,
                source,
            });
        }
        let list = r.forbid.as_ref()?;
        let paths = self.paths(list, properties, "forbid")?;
        for (p, s) in paths.iter().zip(list.get_ref()) {
            let prop = find_property(properties, p)?;
            if prop.required {
                self.error(s.span(), format!("`{p}` is required (`required = true`), so forbidding it makes the condition unsatisfiable; remove `required` or the rule"));
                return None;
            }
            if *p == when.path {
                self.error(
                    s.span(),
                    "a rule cannot forbid its own condition's property",
                );
                return None;
            }
        }
        Some(Rule::Forbid {
            when,
            paths,
            source,
        })
    }

    /// One value, or a list of distinct values (`["webp", "jpeg"]`), each a literal of `kind`.
    fn literals(
        &mut self,
        v: &S<toml::Value>,
        kind: &Kind,
        path: &str,
        what: &str,
    ) -> Option<Vec<Literal>> {
        let items: Vec<toml::Value> = match v.get_ref() {
            toml::Value::Array(items) => items.clone(),
            one => vec![one.clone()],
        };
        if items.is_empty() {
            self.error(
                v.span(),
                format!("the {what}s of `{path}` are an empty list; list at least one value"),
            );
            return None;
        }
        let mut out: Vec<Literal> = Vec::new();
        for item in items {
            let lit = self.literal(&S::new(v.span(), item), kind, path, what)?;
            if out.contains(&lit) {
                self.error(
                    v.span(),
                    format!("{what} {lit} of `{path}` is listed twice"),
                );
                return None;
            }
            out.push(lit);
        }
        Some(out)
    }

    /// `allow = { <path> = [values] }`: when the condition holds, the property's value (given,
    /// or its default) must be one of the values.
    fn allow(
        &mut self,
        raw: &S<toml::Table>,
        when: Condition,
        properties: &[Property],
        source: String,
    ) -> Option<Rule> {
        let table = raw.get_ref();
        if table.len() != 1 {
            self.error(raw.span(), format!("`allow` names exactly one property, e.g. {{ output_format = [\"png\", \"webp\"] }}; this one names {}", table.len()));
            return None;
        }
        let (path, values) = table.iter().next()?;
        let prop = self.path(&S::new(raw.span(), path.clone()), properties, "allow")?;
        if !matches!(
            prop.kind,
            Kind::Boolean | Kind::Integer(_) | Kind::String(_)
        ) || matches!(
            prop.kind,
            Kind::String(StringRule {
                format: Some(StringFormat::Url(_)),
                ..
            })
        ) {
            self.error(
                raw.span(),
                format!(
                    "`allow` must name a boolean, integer or string property; `{path}` is not one"
                ),
            );
            return None;
        }
        if prop.path == when.path {
            self.error(
                raw.span(),
                "a rule cannot limit its own condition's property",
            );
            return None;
        }
        if !matches!(values, toml::Value::Array(_)) {
            self.error(
                raw.span(),
                format!("`allow` lists the values: {{ {path} = [...] }}"),
            );
            return None;
        }
        let values = self.literals(
            &S::new(raw.span(), values.clone()),
            &prop.kind.clone(),
            path,
            "allowed value",
        )?;
        if prop.nullable
            && let Some(d) = &prop.default
            && !values.contains(d)
        {
            self.error(raw.span(), format!("`{path}` is nullable and its default {d} is not allowed here, so `null` would have to be refused as absent; allow the default or remove `nullable`"));
            return None;
        }
        Some(Rule::Allow {
            when,
            path: prop.path.clone(),
            values,
            source,
        })
    }

    /// A property a condition reads must not itself be forbidden or exclusive, so that its
    /// effective value (given, or its default) does not depend on the order rules apply in.
    fn condition_fields_are_free(&mut self, rules: &[Rule], raw: &[S<RawRule>]) {
        let limited: BTreeSet<&String> = rules
            .iter()
            .flat_map(|rule| match rule {
                Rule::Forbid { paths, .. } | Rule::Exclusive { paths, .. } => paths.as_slice(),
                Rule::Require { .. } | Rule::Allow { .. } => &[],
            })
            .collect();
        for (rule, raw) in rules.iter().zip(raw) {
            if let Rule::Require { when, .. } | Rule::Forbid { when, .. } | Rule::Allow { when, .. } =
                rule
                && limited.contains(&when.path)
            {
                self.error(raw.span(), format!("condition property `{}` is itself forbidden or exclusive in another rule; a condition must read a property no rule removes", when.path));
            }
            if let Rule::Allow { path, .. } = rule
                && limited.contains(path)
            {
                self.error(raw.span(), format!("`{path}` is forbidden or exclusive in another rule, so its value may be removed; `allow` must name a property no rule removes"));
            }
        }
    }

    fn enum_property<'p>(
        &mut self,
        path: &S<String>,
        properties: &'p [Property],
        what: &str,
    ) -> Option<&'p [String]> {
        let prop = self.path(path, properties, what)?;
        match &prop.kind {
            Kind::String(StringRule { enum_values, .. }) if !enum_values.is_empty() => {
                Some(enum_values)
            }
            _ => {
                self.error(
                    path.span(),
                    format!(
                        "{what} `{}` must be a string property with an `enum`",
                        prop.path
                    ),
                );
                None
            }
        }
    }

    fn size_table(&mut self, raw: &S<RawSizeTable>, properties: &[Property]) -> Option<SizeTable> {
        let t = raw.get_ref();
        let source = self.source(&t.source, raw.span(), "[size_table]");
        let ratios = self
            .enum_property(&t.ratio, properties, "size_table ratio")?
            .to_vec();
        let tiers = self
            .enum_property(&t.tier, properties, "size_table tier")?
            .to_vec();
        if t.ratio.get_ref() == t.tier.get_ref() {
            self.error(
                t.tier.span(),
                "size_table ratio and tier must be two different properties",
            );
            return None;
        }
        let mut cells = Vec::new();
        let mut ok = true;
        for (row, row_cells) in &t.cells.get_ref().0 {
            let label = row.get_ref();
            if !ratios.contains(label) {
                self.error(
                    row.span(),
                    format!(
                        "row {label:?} is not a value of `{}` ({}); fix the row or add the value",
                        t.ratio.get_ref(),
                        ratios.join(", ")
                    ),
                );
                ok = false;
                continue;
            }
            let Some(ratio) = Ratio::parse(label) else {
                self.error(
                    row.span(),
                    format!("row {label:?} is not an aspect ratio written \"W:H\""),
                );
                ok = false;
                continue;
            };
            let mut out = Vec::new();
            for (tier, cell) in row_cells {
                if !tiers.contains(tier.get_ref()) {
                    self.error(
                        tier.span(),
                        format!(
                            "tier {:?} is not a value of `{}` ({})",
                            tier.get_ref(),
                            t.tier.get_ref(),
                            tiers.join(", ")
                        ),
                    );
                    ok = false;
                    continue;
                }
                let Some(dims) = Dims::parse_spec(cell.get_ref()) else {
                    self.error(
                        cell.span(),
                        format!("cell {:?} is not a size written \"WxH\"", cell.get_ref()),
                    );
                    ok = false;
                    continue;
                };
                let drift = (dims.ratio().value() / ratio.value() - 1.0).abs();
                if drift > CELL_RATIO_TOLERANCE {
                    self.error(cell.span(), format!(
                        "cell {label} × {} is {dims} (ratio {:.4}), which contradicts its row ratio {label} ({:.4}); fix the cell or move it to the right row",
                        tier.get_ref(), dims.ratio().value(), ratio.value()
                    ));
                    ok = false;
                    continue;
                }
                out.push((tier.get_ref().clone(), dims));
            }
            cells.push((label.clone(), out));
        }
        for r in &ratios {
            if !cells.iter().any(|(l, _)| l == r) && ok {
                self.error(
                    t.cells.span(),
                    format!(
                        "`{}` value {r:?} has no row in the table; add `\"{r}\" = {{ ... }}`",
                        t.ratio.get_ref()
                    ),
                );
                ok = false;
            }
        }
        let size_role = self.section_role(t.role.as_ref(), "[size_table]");
        ok.then(|| SizeTable {
            ratio: t.ratio.get_ref().clone(),
            tier: t.tier.get_ref().clone(),
            cells,
            source,
            size_role,
        })
    }

    fn custom_size(
        &mut self,
        raw: &S<RawCustomSize>,
        properties: &[Property],
    ) -> Option<CustomSize> {
        let c = raw.get_ref();
        let source = self.source(&c.source, raw.span(), "[custom_size]");
        let side = |ck: &mut Self, p: &S<String>| -> Option<String> {
            let prop = ck.path(p, properties, "custom_size")?;
            match prop.kind {
                Kind::Integer(IntegerRule {
                    minimum: Some(min), ..
                }) if min >= 1 => Some(prop.path.clone()),
                _ => {
                    ck.error(p.span(), format!("custom_size `{}` must be an integer property with a minimum of at least 1 (pixels)", prop.path));
                    None
                }
            }
        };
        let width = side(self, &c.width)?;
        let height = side(self, &c.height)?;
        if width == height {
            self.error(
                c.height.span(),
                "custom_size width and height must be two different properties",
            );
            return None;
        }
        let pixels = self.area_bounds(c.pixels.as_ref())?;
        let aspect_ratio = self.ratio_bounds(c.aspect_ratio.as_ref())?;
        let size_role = self.section_role(c.role.as_ref(), "[custom_size]");
        Some(CustomSize {
            width,
            height,
            pixels,
            aspect_ratio,
            source,
            size_role,
        })
    }

    fn output(
        &mut self,
        raw: Option<&S<RawOutput>>,
        properties: &[Property],
        has_table: bool,
        has_custom: bool,
        table_at: Option<Range<usize>>,
        custom_at: Option<Range<usize>>,
    ) -> Output {
        let mut out = Output::default();
        if let Some(raw) = raw {
            let o = raw.get_ref();
            if let Some(count) = &o.count
                && let Some(prop) = self.path(count, properties, "output.count")
            {
                match prop.kind {
                    Kind::Integer(IntegerRule { minimum: Some(min), maximum: Some(max), .. })
                        if min >= 1 && max <= i64::from(u32::MAX) =>
                    {
                        out.count = Some(prop.path.clone());
                    }
                    _ => self.error(count.span(), format!("output.count `{}` must be an integer property with a minimum of at least 1 and a maximum (it counts images)", prop.path)),
                }
            }
            for s in o.size.iter().flat_map(|l| l.get_ref()) {
                let source = match s.get_ref().as_str() {
                    "size_table" if has_table => SizeSource::Table,
                    "custom_size" if has_custom => SizeSource::Custom,
                    "size_table" | "custom_size" => {
                        self.error(
                            s.span(),
                            format!(
                                "output.size names {:?}, but the spec has no [{}] table",
                                s.get_ref(),
                                s.get_ref()
                            ),
                        );
                        continue;
                    }
                    _ => {
                        let Some(prop) = self.path(s, properties, "output.size") else {
                            continue;
                        };
                        if !matches!(
                            &prop.kind,
                            Kind::String(StringRule {
                                format: Some(StringFormat::Size(_)),
                                ..
                            }) | Kind::Size(_)
                        ) {
                            self.error(s.span(), format!("output.size `{}` must be a string property with `format = \"size\"` or a `type = \"size\"` property", prop.path));
                            continue;
                        }
                        SizeSource::Property(prop.path.clone())
                    }
                };
                if out.size.contains(&source) {
                    self.error(
                        s.span(),
                        format!("output.size names {:?} twice", s.get_ref()),
                    );
                    continue;
                }
                out.size.push(source);
            }
        }
        if let Some(at) = table_at
            && has_table
            && !out.size.contains(&SizeSource::Table)
        {
            self.error(
                at,
                "[size_table] determines no output; add \"size_table\" to `[output] size`",
            );
        }
        if let Some(at) = custom_at
            && has_custom
            && !out.size.contains(&SizeSource::Custom)
        {
            self.error(
                at,
                "[custom_size] determines no output; add \"custom_size\" to `[output] size`",
            );
        }
        out
    }

    fn example(&mut self, raw: &S<RawExample>) -> Option<Example> {
        let e = raw.get_ref();
        if e.source.get_ref().trim().is_empty() {
            self.error(
                e.source.span(),
                "an example's `source` names where the seed doc prints it",
            );
        }
        let mut expect = |v: &Option<S<i64>>| -> Option<u64> {
            let v = v.as_ref()?;
            match u64::try_from(*v.get_ref()) {
                Ok(n) => Some(n),
                Err(_) => {
                    self.error(v.span(), "an expected output value must be at least 0");
                    None
                }
            }
        };
        let Some(x) = &e.expect else {
            self.error(raw.span(), "an example states its output: add `expect = { width = <pixels>, height = <pixels>, n = <images> }` (width and height left out where the spec does not determine them)");
            return None;
        };
        let x = x.get_ref();
        let (width, height, n) = (expect(&x.width), expect(&x.height), expect(&x.n));
        if x.width.is_some() != x.height.is_some() {
            let at = x
                .width
                .as_ref()
                .or(x.height.as_ref())
                .map(|v| v.span())
                .unwrap_or(0..0);
            self.error(
                at,
                "`expect` gives both `width` and `height`, or neither (output size not determined)",
            );
        }
        let Some(n) = n else {
            if x.n.is_none() {
                self.error(
                    e.expect.as_ref().map(|x| x.span()).unwrap_or(0..0),
                    "`expect` needs `n`, the number of images the example asks for",
                );
            }
            return None;
        };
        let quote = x.quote.as_ref().map(|q| q.get_ref().clone());
        if let (Some(q), Some(w), Some(h)) = (&x.quote, width, height)
            && !['x', '×', '*']
                .iter()
                .any(|sep| q.get_ref().contains(&format!("{w}{sep}{h}")))
        {
            self.error(
                q.span(),
                format!(
                    "`quote` is where the doc prints the resulting size; it should contain {w}×{h}"
                ),
            );
        }
        let added: Vec<String> = e
            .added
            .iter()
            .flat_map(|a| a.get_ref())
            .map(|k| k.get_ref().clone())
            .collect();
        for k in e.added.iter().flat_map(|a| a.get_ref()) {
            if !e.body.get_ref().contains_key(k.get_ref()) {
                self.error(
                    k.span(),
                    format!(
                        "`added` names {:?}, which the example body does not have",
                        k.get_ref()
                    ),
                );
            }
        }
        let body = match serde_json::to_value(e.body.get_ref()) {
            Ok(serde_json::Value::Object(body)) => body,
            _ => {
                self.error(
                    e.body.span(),
                    "an example body must be a table of JSON values (no dates)",
                );
                return None;
            }
        };
        Some(Example {
            source: e.source.get_ref().clone(),
            body,
            added,
            width,
            height,
            n,
            quote,
        })
    }
}

pub(super) fn check_set(specs: &[Spec], texts: &[&str]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut ids: HashMap<&str, &Spec> = HashMap::new();
    // A body's `model` routes among the JSON specs of a provider, or among the multipart specs
    // of one of its endpoint paths: names, defaults and `null` are per such group.
    let group = |spec: &Spec| -> String {
        match spec.model.body {
            BodyKind::Json => spec.provider.clone(),
            BodyKind::Multipart => format!(
                "{} {}",
                spec.provider,
                spec.model
                    .endpoint
                    .as_ref()
                    .and_then(|e| e.path.as_deref())
                    .unwrap_or("")
            ),
        }
    };
    let groups: Vec<String> = specs.iter().map(group).collect();
    let group_of = |spec: &Spec| -> &str {
        specs
            .iter()
            .position(|s| std::ptr::eq(s, spec))
            .map_or("", |i| groups[i].as_str())
    };
    let mut names: HashMap<(&str, &str), &Spec> = HashMap::new();
    let mut defaults: HashMap<&str, &Spec> = HashMap::new();
    let mut nullable: HashMap<&str, (&Spec, bool)> = HashMap::new();
    let at = |spec: &Spec, needle: &str| -> (usize, usize) {
        let text = specs
            .iter()
            .position(|s| std::ptr::eq(s, spec))
            .and_then(|i| texts.get(i))
            .copied()
            .unwrap_or("");
        let quoted = format!("{needle:?}");
        let offset = text.find(&quoted).unwrap_or(0);
        line_column(text, offset)
    };
    let mut push = |spec: &Spec, needle: &str, message: String| {
        let (line, column) = at(spec, needle);
        out.push(Diagnostic {
            file: spec.file.clone(),
            line,
            column,
            message,
        });
    };
    let mut routing: HashMap<&str, &Spec> = HashMap::new();
    let mut routed: HashMap<(&str, &str), &Spec> = HashMap::new();
    for spec in specs {
        if let Some(first) = ids.insert(&spec.id, spec) {
            push(
                spec,
                &spec.model_id,
                format!(
                    "spec id {:?} is also declared by {}; model ids must be unique per provider",
                    spec.id, first.file
                ),
            );
            // Its names clash too, as a consequence: one fault, one diagnostic.
            continue;
        }
        for name in &spec.model.names {
            if let Some(first) = names.insert((group_of(spec), name), spec)
                && !std::ptr::eq(first, spec)
            {
                push(
                    spec,
                    name,
                    format!(
                        "model name {name:?} also routes to {} ({}); a name may route to one spec per provider (per endpoint, for multipart forms)",
                        first.id, first.file
                    ),
                );
            }
        }
        let by_path = spec.routed_path();
        match routing.get(spec.provider.as_str()) {
            Some(first) if first.routed_path().is_some() != by_path.is_some() => {
                let (here, there) = if by_path.is_some() {
                    ("by its endpoint path", "by the body's `model`")
                } else {
                    ("by the body's `model`", "by its endpoint path")
                };
                push(
                    spec,
                    "endpoint",
                    format!(
                        "this spec is selected {here} but {} is selected {there}; a provider routes one way, so give every spec of {} a `[properties.model]` or none",
                        first.file, spec.provider
                    ),
                );
            }
            Some(_) => {}
            None => {
                routing.insert(&spec.provider, spec);
            }
        }
        if let Some(path) = by_path
            && let Some(first) = routed.insert((&spec.provider, path), spec)
        {
            push(
                spec,
                path,
                format!(
                    "endpoint path {path:?} also selects {} ({}); a path may select one spec per provider",
                    first.id, first.file
                ),
            );
        }
        let null = spec
            .properties
            .iter()
            .any(|p| p.kind == Kind::Model && p.nullable);
        if let Some(&(first, theirs)) = nullable.get(group_of(spec))
            && theirs != null
        {
            push(
                spec,
                "model",
                format!(
                    "the `model` property is {}nullable here but {}nullable in {}; a provider routes `\"model\": null` one way, so make them agree",
                    if null { "" } else { "not " },
                    if theirs { "" } else { "not " },
                    first.file
                ),
            );
        } else {
            nullable.insert(group_of(spec), (spec, null));
        }
        if spec.model.default.is_some()
            && let Some(first) = defaults.insert(group_of(spec), spec)
        {
            let d = spec.model.default.as_deref().unwrap_or("");
            push(
                spec,
                d,
                format!(
                    "provider {} already has a default model in {}; keep one `[model] default` per provider",
                    spec.provider, first.file
                ),
            );
        }
    }
    out
}

/// What a proxy can match a path against: `/` then segments of URL-safe characters (letters,
/// digits, `-._~!$&'()*+,;=:@`), none `.` or `..`, and (where `placeholders`) whole-segment
/// `{name}` placeholders.
fn path_shape(path: &str, placeholders: bool) -> Result<(), String> {
    let Some(rest) = path.strip_prefix('/') else {
        return Err("must start with `/`".to_owned());
    };
    for segment in rest.split('/') {
        if segment == "." || segment == ".." {
            return Err("has a `.` or `..` segment; write the path it resolves to".to_owned());
        }
        if let Some(name) = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            let named =
                !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
            if !placeholders {
                return Err("has a placeholder; an endpoint path is matched literally".to_owned());
            }
            if !named {
                return Err(format!(
                    "has the placeholder {segment:?}; name it with letters, digits and `_`"
                ));
            }
            continue;
        }
        let plain = segment
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:@".contains(c));
        if !plain {
            return Err(format!(
                "has the segment {segment:?}; use letters, digits and -._~!$&'()*+,;=:@ (no `%`, `?`, `#` or `\\`){}",
                if placeholders {
                    ", or a whole-segment `{name}` placeholder"
                } else {
                    ""
                }
            ));
        }
    }
    Ok(())
}
