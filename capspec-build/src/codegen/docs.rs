//! Doc comments of generated items: a property's rule in words, with units and source.

use capspec_spec::{Bounds, Kind, Property, SizeRule, StringFormat};

/// A property's doc comment: path, rule in words, description, source.
pub fn property_doc(p: &Property) -> String {
    let description = p
        .description
        .as_deref()
        .map(|d| format!(" {}", prose(d)))
        .unwrap_or_default();
    format!(
        "`{}`: {}.{description}\n\nSource: {}.",
        p.path,
        summary(p),
        prose(&p.source)
    )
}

/// A spec's own words (titles, descriptions, sources, quotes from the docs) as Markdown that
/// rustdoc reads as written: brackets escaped (`Optional[int]`, `FLUX.1 [dev]` are not
/// links) and bare URLs in angle brackets (links, not text rustdoc warns about).
pub fn prose(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for (i, word) in text.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        if word.starts_with("https://") || word.starts_with("http://") {
            let url = word.trim_end_matches(['.', ',', ';', ':', ')', '\'', '"']);
            out.push('<');
            out.push_str(url);
            out.push('>');
            escape_into(&word[url.len()..], &mut out);
        } else {
            escape_into(word, &mut out);
        }
    }
    out
}

fn escape_into(text: &str, out: &mut String) {
    for c in text.chars() {
        if matches!(c, '[' | ']') {
            out.push('\\');
        }
        out.push(c);
    }
}

/// A one-line comment on a property's check: `` `path`: rule (source). ``
pub fn check_comment(p: &Property) -> String {
    format!(" `{}`: {} ({}).", p.path, summary(p), prose(&p.source))
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
        Kind::Integer(r) => {
            let mut s = match (r.minimum, r.maximum, r.fixed()) {
                (_, _, Some(f)) => format!("integer fixed at {f}"),
                (Some(a), Some(b), _) => format!("integer from {a} to {b}"),
                (Some(a), None, _) => format!("integer of at least {a}"),
                (None, Some(b), _) => format!("integer of at most {b}"),
                (None, None, _) => "integer".to_owned(),
            };
            if let Some(m) = r.multiple_of {
                s.push_str(&format!(", a multiple of {m}"));
            }
            s
        }
        Kind::Number(r) => {
            let mut parts = vec!["number".to_owned()];
            for (word, v) in [
                ("at least", r.minimum),
                ("greater than", r.exclusive_minimum),
                ("at most", r.maximum),
                ("less than", r.exclusive_maximum),
                ("a multiple of", r.multiple_of),
            ] {
                if let Some(v) = v {
                    parts.push(format!("{word} {v}"));
                }
            }
            parts.join(", ")
        }
        Kind::Size(z) => {
            let names: Vec<&str> = z.presets.iter().map(|(n, _)| n.as_str()).collect();
            let mut parts = vec![format!(
                "size: a preset ({}) or an object {{width, height}} in pixels",
                names.join(", ")
            )];
            parts.extend(size_parts(&z.object_rule()));
            parts.join(", ")
        }
        Kind::String(r) => {
            let mut s = match &r.format {
                Some(StringFormat::Size(z)) if !r.enum_values.is_empty() => format!(
                    "size in pixels written W{}H, one of {:?}",
                    z.separator, r.enum_values
                ),
                Some(StringFormat::Size(z)) => {
                    let mut parts = vec![format!("size in pixels written W{}H", z.separator)];
                    parts.extend(size_parts(z));
                    parts.join(", ")
                }
                Some(StringFormat::Url(u)) if u.public => "public http(s) URL".to_owned(),
                Some(StringFormat::Url(_)) => "http(s) URL".to_owned(),
                None if !r.enum_values.is_empty() => format!("one of {:?}", r.enum_values),
                None => "string".to_owned(),
            };
            if let Some(m) = r.min_length {
                s.push_str(&format!(", at least {m} characters"));
            }
            if let Some(m) = r.max_length {
                s.push_str(&format!(", at most {m} characters"));
            }
            s
        }
        Kind::Array(a) => {
            let mut s = format!("array of {}", kind_summary(&a.items));
            if let Some(m) = a.min_items {
                s.push_str(&format!(", at least {m} items"));
            }
            if let Some(m) = a.max_items {
                s.push_str(&format!(", at most {m} items"));
            }
            s
        }
        Kind::Object(_) => "object".to_owned(),
    }
}

/// The bounds of a size in words: sides (with steps), pixel area, aspect ratio.
fn size_parts(z: &SizeRule) -> Vec<String> {
    let mut parts = Vec::new();
    for (side, b) in [("width", z.width), ("height", z.height)] {
        if b.minimum.is_some() || b.maximum.is_some() {
            parts.push(format!("{side} {}", range(b)));
        }
        if let Some(m) = b.multiple_of {
            parts.push(format!("{side} a multiple of {m}"));
        }
    }
    if !z.pixels.is_unbounded() {
        parts.push(format!("total pixels {}", range(z.pixels)));
    }
    if let (Some(a), Some(b)) = (z.aspect_ratio.minimum, z.aspect_ratio.maximum) {
        parts.push(format!("aspect ratio from {a} to {b}"));
    }
    parts
}

fn range(b: Bounds) -> String {
    match (b.minimum, b.maximum) {
        (Some(a), Some(b)) => format!("from {a} to {b}"),
        (Some(a), None) => format!("at least {a}"),
        (None, Some(b)) => format!("at most {b}"),
        (None, None) => "unbounded".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::prose;

    #[test]
    fn prose_escapes_brackets_and_links_bare_urls() {
        assert_eq!(prose("FLUX.1 [dev]"), "FLUX.1 \\[dev\\]");
        assert_eq!(
            prose("n: Optional[int], 'Must be between 1 and 10.'"),
            "n: Optional\\[int\\], 'Must be between 1 and 10.'"
        );
        assert_eq!(
            prose("see https://docs.acme.example/images/pixel-1."),
            "see <https://docs.acme.example/images/pixel-1>."
        );
        assert_eq!(prose("no links here"), "no links here");
    }
}
