//! `[model] body` and `[files.*]`: a multipart body's file parts, and what a form can carry in
//! its text fields (scalars: a text field holds one string).

use std::ops::Range;

use super::super::raw::{RawFiles, S};
use super::Checker;
use crate::file::{BodyKind, FileField, MediaType};
use crate::{Kind, Model, Property};

impl Checker<'_> {
    /// `[model] body`: `json` (the default) or `multipart`.
    pub(super) fn body_kind(&mut self, raw: Option<&S<String>>) -> BodyKind {
        match raw.map(|b| (b.get_ref().as_str(), b.span())) {
            None | Some(("json", _)) => BodyKind::Json,
            Some(("multipart", _)) => BodyKind::Multipart,
            Some((other, span)) => {
                self.error(
                    span,
                    format!("`body` {other:?} is unknown; use \"json\" or \"multipart\""),
                );
                BodyKind::Json
            }
        }
    }

    /// The file fields, checked against the body kind and the text fields.
    pub(super) fn files(
        &mut self,
        raw: Option<&S<RawFiles>>,
        model: Option<&Model>,
        properties: &[Property],
        at: Range<usize>,
        body_at: Range<usize>,
    ) -> Vec<FileField> {
        let body = model.map_or(BodyKind::Json, |m| m.body);
        let Some(raw) = raw else {
            if body == BodyKind::Multipart {
                self.error(at, "a multipart body has file parts; add a `[files.<name>]` table for each, or make the body JSON");
            }
            return Vec::new();
        };
        if body == BodyKind::Json {
            self.error(
                raw.span(),
                "`[files]` are parts of a multipart body; add `body = \"multipart\"` to `[model]`",
            );
        }
        if body == BodyKind::Multipart {
            self.form_fields(properties, model, at, body_at);
        }
        let names: Vec<&str> = raw
            .get_ref()
            .0
            .iter()
            .map(|(n, _)| n.get_ref().as_str())
            .collect();
        let mut out = Vec::new();
        for (name, file) in &raw.get_ref().0 {
            let key = name.get_ref();
            let what = format!("file `{key}`");
            if key.is_empty() || key.contains(['.', '[', ']']) || key.chars().any(char::is_control)
            {
                self.error(name.span(), format!("file name {key:?} cannot be empty or contain `.`, `[`, `]` or control characters"));
            }
            if properties.iter().any(|p| p.name == *key) {
                self.error(name.span(), format!("`{key}` is both a property (a text field) and a file; a form field is one or the other"));
            }
            let f = file.get_ref();
            let source = self.source(&f.source, name.span(), &what);
            let value = |v: &Option<S<u64>>| v.as_ref().map(|v| (*v.get_ref(), v.span()));
            let max_items = match value(&f.max_items) {
                Some((0, span)) => {
                    self.error(span, format!("{what}: `maxItems` is at least 1"));
                    1
                }
                Some((n, _)) => n,
                None => 1,
            };
            let min_items = match value(&f.min_items) {
                Some((n, span)) if n == 0 || n > max_items => {
                    self.error(span, format!("{what}: `minItems` is between 1 and `maxItems` ({max_items}); a field left out is `required = false`"));
                    1
                }
                Some((n, _)) => n,
                None => 1,
            };
            if let Some((0, span)) = value(&f.max_bytes) {
                self.error(span, format!("{what}: `max_bytes` is at least 1"));
            }
            let mut media_types = Vec::new();
            for m in f.media_types.get_ref() {
                match MediaType::parse(m.get_ref()) {
                    Some(t) if media_types.contains(&t) => {
                        self.error(
                            m.span(),
                            format!("{what}: media type {:?} is listed twice", m.get_ref()),
                        );
                    }
                    Some(t) => media_types.push(t),
                    None => {
                        let known: Vec<&str> = MediaType::ALL.iter().map(|m| m.as_str()).collect();
                        self.error(m.span(), format!("{what}: media type {:?} is not one capspec reads from a file's bytes ({})", m.get_ref(), known.join(", ")));
                    }
                }
            }
            if f.media_types.get_ref().is_empty() {
                self.error(
                    f.media_types.span(),
                    format!("{what}: `media_types` is empty; list the formats a file may be"),
                );
            }
            if let Some(other) = &f.same_dimensions_as
                && (other.get_ref() == key || !names.contains(&other.get_ref().as_str()))
            {
                self.error(other.span(), format!("{what}: `same_dimensions_as` names {:?}, which is not another file of this spec ({})", other.get_ref(), names.join(", ")));
            }
            out.push(FileField {
                name: key.clone(),
                required: f.required.as_ref().is_some_and(|r| *r.get_ref()),
                min_items,
                max_items,
                max_bytes: f.max_bytes.as_ref().map(|b| *b.get_ref()),
                media_types,
                square: f.square.as_ref().is_some_and(|s| *s.get_ref()),
                same_dimensions_as: f.same_dimensions_as.as_ref().map(|s| s.get_ref().clone()),
                title: f.title.clone(),
                description: f.description.clone(),
                source,
            });
        }
        out
    }

    /// A form's text fields hold one string each: scalars only, and the endpoint named (the
    /// proxy knows a form by its path).
    fn form_fields(
        &mut self,
        properties: &[Property],
        model: Option<&Model>,
        at: Range<usize>,
        body_at: Range<usize>,
    ) {
        for p in properties {
            if matches!(p.kind, Kind::Object(_) | Kind::Array(_) | Kind::Size(_)) {
                self.error(at.clone(), format!("`{}` is a {}, and a form's text field holds one string; a multipart spec's properties are strings, numbers, integers, booleans or the model", p.path, p.kind.json_type()));
            }
        }
        if model
            .and_then(|m| m.endpoint.as_ref())
            .and_then(|e| e.path.as_ref())
            .is_none()
        {
            self.error(body_at, "a multipart spec names its endpoint path (`[model] endpoint = { method = \"POST\", path = \"...\" }`): a proxy knows a form by where it is sent");
        }
    }
}
