//! A form's file parts against the `[files]` of its spec.

use std::borrow::Cow;

use super::FilePart;
use super::image::Probe;
use super::parse;
use crate::Code;
use crate::error::{Violation, echo};
use crate::spec::{FileField, Spec};

/// Every file of `parts` checked against `spec`'s file fields, and every violation: parts no
/// field takes, then each field's count and each of its files, in spec order.
pub fn check(spec: &Spec, parts: &[parse::FilePart]) -> (Vec<FilePart>, Vec<Violation>) {
    let mut faults = Vec::new();
    let field_of = |name: &str| {
        spec.files
            .iter()
            .find(|f| f.name == name || name.strip_suffix("[]") == Some(f.name.as_str()))
    };
    for part in parts {
        if field_of(&part.name).is_some() {
            continue;
        }
        let base = part.name.trim_end_matches("[]");
        if spec.property(base).is_some() {
            faults.push(Violation::new(
                Some(Cow::Owned(base.to_owned())),
                Code::InvalidType,
                format!("{} is a text field, got a file part", echo(base)),
            ));
        } else {
            let named: Vec<&str> = spec.files.iter().map(|f| f.name.as_str()).collect();
            faults.push(Violation::new(
                Some(Cow::Owned(base.to_owned())),
                Code::UnknownParameter,
                format!(
                    "{} is not a file {} takes; its files: {}",
                    echo(base),
                    model(spec),
                    named.join(", ")
                ),
            ));
        }
    }
    let mut read = Vec::new();
    for field in &spec.files {
        let mine: Vec<&parse::FilePart> = parts
            .iter()
            .filter(|p| field_of(&p.name).is_some_and(|f| f.name == field.name))
            .collect();
        count(spec, field, mine.len(), &mut faults);
        // Files past the most a field takes are counted above, not judged one by one.
        let judged = usize::try_from(field.max_items).unwrap_or(usize::MAX);
        for (i, part) in mine.iter().enumerate().take(judged) {
            let param = if field.is_array() {
                format!("{}[{i}]", field.name)
            } else {
                field.name.clone()
            };
            if let Some(file) = one(spec, field, part, &param, &mut faults) {
                read.push(file);
            }
        }
    }
    same_dimensions(spec, &read, &mut faults);
    (read, faults)
}

fn count(spec: &Spec, field: &FileField, n: usize, faults: &mut Vec<Violation>) {
    let at = || Some(Cow::Owned(field.name.clone()));
    let n = n as u64;
    if n == 0 {
        if field.required {
            faults.push(Violation::new(
                at(),
                Code::MissingRequired,
                format!(
                    "{} is required for {} (a file part)",
                    field.name,
                    model(spec)
                ),
            ));
        }
    } else if n > field.max_items {
        faults.push(Violation::new(
            at(),
            Code::TooManyItems,
            format!(
                "{} takes at most {} file(s) for {}, got {n}",
                field.name,
                field.max_items,
                model(spec)
            ),
        ));
    } else if n < field.min_items {
        faults.push(Violation::new(
            at(),
            Code::TooFewItems,
            format!(
                "{} takes at least {} file(s) for {}, got {n}",
                field.name,
                field.min_items,
                model(spec)
            ),
        ));
    }
}

/// One file: its bytes, its format, its header, its shape.
fn one(
    spec: &Spec,
    field: &FileField,
    part: &parse::FilePart,
    param: &str,
    faults: &mut Vec<Violation>,
) -> Option<FilePart> {
    let at = || Some(Cow::Owned(param.to_owned()));
    let before = faults.len();
    if let Some(max) = field.max_bytes
        && part.bytes > max
    {
        faults.push(Violation::new(
            at(),
            Code::FileTooLarge,
            format!(
                "{param} must be at most {max} bytes for {}, got {}",
                model(spec),
                part.bytes
            ),
        ));
    }
    let allowed: Vec<&str> = field.media_types.iter().map(|m| m.as_str()).collect();
    let (media_type, width, height) = match part.probe {
        Probe::Unknown => {
            faults.push(Violation::new(
                at(),
                Code::UnsupportedMediaType,
                format!(
                    "{param} must be {} for {}; its bytes are none of PNG, JPEG or WebP",
                    allowed.join(" or "),
                    model(spec)
                ),
            ));
            return None;
        }
        Probe::Unreadable(m) | Probe::Image { media_type: m, .. }
            if !field.media_types.contains(&m) =>
        {
            faults.push(Violation::new(
                at(),
                Code::UnsupportedMediaType,
                format!(
                    "{param} must be {} for {}, got a file whose bytes are {}",
                    allowed.join(" or "),
                    model(spec),
                    m.as_str()
                ),
            ));
            return None;
        }
        Probe::Unreadable(m) => {
            faults.push(Violation::new(
                at(),
                Code::InvalidFormat,
                format!(
                    "{param} starts as {} but its header cannot be read (cut short or corrupt)",
                    m.as_str()
                ),
            ));
            return None;
        }
        Probe::Image {
            media_type,
            width,
            height,
        } => (media_type, width, height),
    };
    if field.square && width != height {
        faults.push(Violation::new(
            at(),
            Code::AspectRatioOutOfRange,
            format!(
                "{param} must be square for {}, got {width}x{height} pixels",
                model(spec)
            ),
        ));
    }
    (faults.len() == before).then(|| FilePart {
        param: param.to_owned(),
        name: part.name.clone(),
        file_name: part.file_name.clone(),
        media_type,
        bytes: part.bytes,
        width,
        height,
    })
}

/// A file that must have another field's (first) file's width and height.
fn same_dimensions(spec: &Spec, read: &[FilePart], faults: &mut Vec<Violation>) {
    for field in &spec.files {
        let Some(other) = &field.same_dimensions_as else {
            continue;
        };
        let first_of = |name: &str| {
            read.iter()
                .find(|f| f.param == name || f.param == format!("{name}[0]"))
        };
        let (Some(this), Some(that)) = (first_of(&field.name), first_of(other)) else {
            continue;
        };
        if (this.width, this.height) != (that.width, that.height) {
            faults.push(Violation::new(
                Some(Cow::Owned(this.param.clone())),
                Code::DimensionsMismatch,
                format!(
                    "{} must have the pixel size of {} ({}x{}) for {}, got {}x{}",
                    this.param,
                    that.param,
                    that.width,
                    that.height,
                    model(spec),
                    this.width,
                    this.height
                ),
            ));
        }
    }
}

/// The model messages name: the spec's first `model` name (`dall-e-2` for
/// `openai/dall-e-2-edit`), as a JSON body's messages do.
fn model(spec: &Spec) -> &str {
    spec.model.names.first().unwrap_or(&spec.model_id)
}
