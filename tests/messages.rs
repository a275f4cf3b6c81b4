//! Every violation's message says what is allowed: on every invalid case of the corpus that
//! breaks one rule, the message starts with its param, names the model, and carries what the
//! rule allows and what the body gave, in the spec's numbers and the body's values. Tests match
//! codes, not messages; this test checks that the words carry the facts, not their wording.

use capspec::Code;
use capspec::spec::{Kind, Spec, StringFormat};
use capspec_corpus::{self as corpus, Expect};
use serde_json::Value;

fn at<'v>(body: &'v Value, param: &str) -> Option<&'v Value> {
    let mut v = body;
    for part in param.split('.') {
        let (name, index) = match part.split_once('[') {
            Some((n, rest)) => (n, rest.trim_end_matches(']').parse::<usize>().ok()),
            None => (part, None),
        };
        v = v.get(name)?;
        if let Some(i) = index {
            v = v.get(i)?;
        }
    }
    Some(v)
}

/// The property a param names (`image[0]` is an item of `image`).
fn kind_at<'s>(spec: &'s Spec, param: &str) -> Option<&'s Kind> {
    let base = param.split('[').next()?;
    let kind = &spec.property(base)?.kind;
    match (kind, param.contains('[')) {
        (Kind::Array(a), true) => Some(&a.items),
        (k, _) => Some(k),
    }
}

/// What the message of `code` at `param` must contain, beyond the param and the model name.
fn must_contain(spec: &Spec, body: &Value, code: Code, param: &str) -> Vec<String> {
    let given = at(body, param);
    let quoted = |v: &Value| match v {
        Value::String(s) if s.chars().count() <= capspec::MAX_ECHO_CHARS => format!("{s:?}"),
        _ => String::new(),
    };
    let mut out = Vec::new();
    match (code, kind_at(spec, param)) {
        (Code::OutOfRange, Some(Kind::Integer(r))) => {
            out.push(format!("between {} and {}", r.min(), r.max()));
            if let Some(v) = given.and_then(Value::as_i64) {
                out.push(format!("got {v}"));
            }
        }
        (Code::InvalidValue, Some(Kind::Integer(r))) if r.fixed().is_some() => {
            out.push(format!("fixed at {}", r.min()));
        }
        (Code::InvalidValue, Some(Kind::String(r))) if !r.enum_values.is_empty() => {
            out.extend(r.enum_values.iter().map(|v| format!("{v:?}")));
            out.extend(given.map(quoted));
        }
        (Code::TooLong, Some(Kind::String(r))) => {
            out.push(format!("at most {} characters", r.max_length.unwrap()));
            if let Some(s) = given.and_then(Value::as_str) {
                out.push(format!("got {} characters", s.chars().count()));
            }
        }
        (Code::TooShort, Some(Kind::String(r))) => match r.min_length.unwrap() {
            1 => out.push("must not be empty".to_owned()),
            n => out.push(format!("at least {n} characters")),
        },
        (Code::TooFewItems, Some(Kind::Array(a))) => {
            out.push(format!("at least {} item", a.min_items.unwrap()));
            if let Some(items) = given.and_then(Value::as_array) {
                out.push(format!("got {} items", items.len()));
            }
        }
        (Code::NotMultipleOf, Some(Kind::Integer(r))) => {
            out.push(format!("a multiple of {}", r.multiple_of.unwrap()));
        }
        (Code::NotMultipleOf, Some(Kind::Number(r))) => {
            out.push(format!("a multiple of {}", r.multiple_of.unwrap()));
        }
        (Code::TooManyItems, Some(Kind::Array(a))) => {
            out.push(format!("at most {} items", a.max_items.unwrap()));
            if let Some(items) = given.and_then(Value::as_array) {
                out.push(format!("got {} items", items.len()));
            }
        }
        (Code::InvalidType, Some(kind)) => {
            let expected = match kind {
                Kind::Integer(_) => "an integer",
                Kind::Number(_) => "a number",
                Kind::Size(_) => "a preset name or an object {width, height}",
                Kind::Boolean => "a boolean",
                Kind::Array(_) => "an array",
                Kind::Object(_) => "an object",
                Kind::String(_) | Kind::Model => "a string",
            };
            out.push(format!("must be {expected}"));
        }
        (
            Code::OutOfRange | Code::PixelAreaOutOfRange | Code::AspectRatioOutOfRange,
            Some(Kind::String(r)),
        ) => {
            if let Some(StringFormat::Size(z)) = &r.format {
                let (bounds, what) = match code {
                    Code::OutOfRange => (vec![z.width, z.height], "pixels"),
                    _ => (vec![z.pixels], "area"),
                };
                if code == Code::AspectRatioOutOfRange {
                    out.extend(z.aspect_ratio.minimum.map(|m| m.to_string()));
                    out.extend(z.aspect_ratio.maximum.map(|m| m.to_string()));
                } else {
                    // At least one of the bounds is in the message.
                    let numbers: Vec<String> = bounds
                        .iter()
                        .flat_map(|b| [b.minimum, b.maximum])
                        .flatten()
                        .map(|n| n.to_string())
                        .collect();
                    out.push(format!("one of {numbers:?} ({what})"));
                }
            }
            out.extend(given.map(quoted));
        }
        (Code::MissingRequired, _) => out.push("is required".into()),
        (Code::UnknownParameter, _) => out.push("is not a parameter of".into()),
        (Code::ModelNotFound, _) => {
            out.extend(spec.model.names.iter().cloned());
        }
        _ => {}
    }
    out.retain(|s| !s.is_empty());
    out
}

#[test]
fn every_message_says_what_is_allowed_and_what_was_given() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for spec in capspec::specs() {
        for case in corpus::cases(spec) {
            let Expect::Invalid(want) = &case.expect else {
                continue;
            };
            let [(code, Some(param))] = want.as_slice() else {
                continue;
            };
            let Err(v) = capspec::validate_spec_value(&spec.id, &case.body).unwrap() else {
                continue;
            };
            let Some(violation) = v
                .iter()
                .find(|x| x.code() == *code && x.param() == Some(param))
            else {
                continue;
            };
            checked += 1;
            let m = violation.message();
            let mut missing = Vec::new();
            if !m.starts_with(param.as_str()) && *code != Code::ModelNotFound {
                missing.push(format!("starts with {param}"));
            }
            let model = case
                .body
                .get("model")
                .and_then(Value::as_str)
                .unwrap_or(&spec.model_id);
            let names_model = matches!(code, Code::ModelNotFound)
                || (*code == Code::InvalidType && param == "model");
            if !names_model && !m.contains(model) {
                missing.push(format!("names the model {model}"));
            }
            for needle in must_contain(spec, &case.body, *code, param) {
                if let Some(list) = needle.strip_prefix("one of ") {
                    let list = list.split(" (").next().unwrap();
                    let numbers: Vec<String> = serde_json::from_str(list).unwrap();
                    if !numbers.iter().any(|n| m.contains(n.as_str())) {
                        missing.push(needle.clone());
                    }
                } else if !m.contains(&needle) {
                    missing.push(needle);
                }
            }
            if !missing.is_empty() {
                failures.push(format!(
                    "{} / {}: {m:?} lacks {missing:?}",
                    spec.id, case.name
                ));
            }
        }
    }
    assert!(checked > 600, "{checked} messages");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_violation_cap_keeps_exactly_max_violations() {
    use capspec::MAX_VIOLATIONS;
    for extra in [MAX_VIOLATIONS - 1, MAX_VIOLATIONS, MAX_VIOLATIONS + 1] {
        let mut body = serde_json::Map::new();
        body.insert("model".into(), "qwen-image-2.0".into());
        body.insert("prompt".into(), "a fox".into());
        for i in 0..extra {
            body.insert(format!("capspec_{i}"), Value::from(i));
        }
        let v = capspec::Provider::Gccai
            .validate_value(&Value::Object(body))
            .unwrap_err();
        assert_eq!(v.len(), extra.min(MAX_VIOLATIONS), "{extra} unknown keys");
        assert_eq!(
            v.omitted(),
            extra.saturating_sub(MAX_VIOLATIONS),
            "{extra} unknown keys"
        );
        assert!(v.iter().all(|x| x.code() == Code::UnknownParameter));
    }
}
