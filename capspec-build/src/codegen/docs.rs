//! Doc comments of generated items: a property's rule in words, with units and source.

use capspec_spec::{Bounds, Kind, Property, StringFormat};

/// A property's doc comment: path, rule in words, description, source.
pub fn property_doc(p: &Property) -> String {
    let description = p
        .description
        .as_deref()
        .map(|d| format!(" {d}"))
        .unwrap_or_default();
    format!(
        "`{}`: {}.{description}\n\nSource: {}.",
        p.path,
        summary(p),
        p.source
    )
}

/// A one-line comment on a property's check: `` `path`: rule (source). ``
pub fn check_comment(p: &Property) -> String {
    format!(" `{}`: {} ({}).", p.path, summary(p), p.source)
}

/// The rule of a property in words: shapes and units.
pub fn summary(p: &Property) -> String {
    let mut s = kind_summary(&p.kind);
    if p.required {
        s.push_str(", required");
    }
    if let Some(d) = &p.default {
        s.push_str(&format!(", default {d}"));
    }
    s
}

pub fn kind_summary(kind: &Kind) -> String {
    match kind {
        Kind::Model => "model name".to_owned(),
        Kind::Boolean => "boolean".to_owned(),
        Kind::Integer(r) => match (r.minimum, r.maximum, r.fixed()) {
            (_, _, Some(f)) => format!("integer fixed at {f}"),
            (Some(a), Some(b), _) => format!("integer from {a} to {b}"),
            (Some(a), None, _) => format!("integer of at least {a}"),
            (None, Some(b), _) => format!("integer of at most {b}"),
            (None, None, _) => "integer".to_owned(),
        },
        Kind::String(r) => {
            let mut s = match &r.format {
                Some(StringFormat::Size(z)) if !r.enum_values.is_empty() => format!(
                    "size in pixels written W{}H, one of {:?}",
                    z.separator, r.enum_values
                ),
                Some(StringFormat::Size(z)) => {
                    let mut parts = vec![format!("size in pixels written W{}H", z.separator)];
                    if !z.width.is_unbounded() {
                        parts.push(format!("width {}", range(z.width)));
                    }
                    if !z.height.is_unbounded() {
                        parts.push(format!("height {}", range(z.height)));
                    }
                    if !z.pixels.is_unbounded() {
                        parts.push(format!("total pixels {}", range(z.pixels)));
                    }
                    if let (Some(a), Some(b)) = (z.aspect_ratio.minimum, z.aspect_ratio.maximum) {
                        parts.push(format!("aspect ratio from {a} to {b}"));
                    }
                    parts.join(", ")
                }
                Some(StringFormat::Url(u)) if u.public => "public http(s) URL".to_owned(),
                Some(StringFormat::Url(_)) => "http(s) URL".to_owned(),
                None if !r.enum_values.is_empty() => format!("one of {:?}", r.enum_values),
                None => "string".to_owned(),
            };
            if let Some(m) = r.max_length {
                s.push_str(&format!(", at most {m} characters"));
            }
            s
        }
        Kind::Array(a) => {
            let mut s = format!("array of {}", kind_summary(&a.items));
            if let Some(m) = a.max_items {
                s.push_str(&format!(", at most {m} items"));
            }
            s
        }
        Kind::Object(_) => "object".to_owned(),
    }
}

fn range(b: Bounds) -> String {
    match (b.minimum, b.maximum) {
        (Some(a), Some(b)) => format!("from {a} to {b}"),
        (Some(a), None) => format!("at least {a}"),
        (None, Some(b)) => format!("at most {b}"),
        (None, None) => "unbounded".to_owned(),
    }
}
