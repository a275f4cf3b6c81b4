//! A form's text fields as a JSON object, each read as its property's type.

use std::borrow::Cow;

use serde_json::{Map, Value};

use super::parse::TextPart;
use crate::Code;
use crate::error::{Violation, echo};
use crate::spec::{Kind, Spec};

/// The text fields of `parts` as the JSON object a spec's validator reads (`spec`: the spec
/// the form is routed to, whose property types read the text), and what is wrong with the
/// parts themselves: text that is not UTF-8, a field given twice, text where a file goes.
pub fn fields(spec: Option<&Spec>, parts: &[TextPart]) -> (Map<String, Value>, Vec<Violation>) {
    let mut object = Map::new();
    let mut faults = Vec::new();
    for part in parts {
        let name = part.name.as_str();
        let at = || Some(Cow::Owned(name.to_owned()));
        if spec.is_some_and(|s| {
            s.files
                .iter()
                .any(|f| f.name == name || format!("{}[]", f.name) == name)
        }) {
            faults.push(Violation::new(
                Some(Cow::Owned(name.trim_end_matches("[]").to_owned())),
                Code::InvalidType,
                format!(
                    "{} takes a file (a part with a filename), got a text field",
                    echo(name)
                ),
            ));
            continue;
        }
        let Some(text) = &part.value else {
            faults.push(Violation::new(
                at(),
                Code::InvalidMultipart,
                format!("the text field {} is not UTF-8", echo(name)),
            ));
            continue;
        };
        if object.contains_key(name) {
            faults.push(Violation::new(
                at(),
                Code::InvalidMultipart,
                format!("the text field {} is given twice; give it once", echo(name)),
            ));
            continue;
        }
        let kind = spec.and_then(|s| s.property(name)).map(|p| &p.kind);
        object.insert(name.to_owned(), read(kind, text));
    }
    (object, faults)
}

/// Text as the JSON value of a property of `kind`; text that is not one stays text, and the
/// property's type check reports it.
fn read(kind: Option<&Kind>, text: &str) -> Value {
    let digits = |t: &str| {
        let t = t.strip_prefix('-').unwrap_or(t);
        !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit())
    };
    match kind {
        Some(Kind::Integer(_)) if digits(text) => text
            .parse::<i64>()
            .map_or_else(|_| Value::from(text), Value::from),
        Some(Kind::Number(_)) => match serde_json::from_str::<serde_json::Number>(text) {
            Ok(n) => Value::Number(n),
            Err(_) => Value::from(text),
        },
        Some(Kind::Boolean) if text == "true" => Value::Bool(true),
        Some(Kind::Boolean) if text == "false" => Value::Bool(false),
        _ => Value::from(text),
    }
}
