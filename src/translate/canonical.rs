//! The canonical request: OpenAI's `POST /v1/images/generations` body (openai-python's
//! `image_generate_params.py`, in `sources/openai-python/`) with the extensions image APIs
//! share. Only JSON types and shapes are checked here; values are judged by the target model's
//! spec once translated, so no model's rule is restated.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use crate::Code;
use crate::error::Violation;
use crate::spec::role::{Param, ParamType};
use crate::spec::{Dims, MAX_SAFE_INTEGER, Ratio};

/// The members the canonical request takes besides the role parameters.
const MODEL: &str = "model";
const PROVIDER_OPTIONS: &str = "provider_options";

/// A canonical request whose members have the right JSON shapes.
#[derive(Clone, Debug, Default)]
pub(super) struct Canonical {
    /// The parameters a role carries, with their values, in [`Param::ALL`] order (`n`,
    /// `size` and `aspect_ratio` are below).
    pub params: Vec<(Param, Value)>,
    /// The number of images, if given.
    pub n: Option<u64>,
    /// The size asked for, in pixels (`None`: absent or `"auto"`).
    pub size: Option<Dims>,
    /// `size: "auto"` was given.
    pub auto: bool,
    /// `aspect_ratio` as written, and its value.
    pub aspect: Option<(String, Ratio)>,
    /// Members the caller names as the target does, merged into the translated body.
    pub options: Option<Map<String, Value>>,
}

/// Parses and checks a canonical body; every fault is a violation.
pub(super) fn parse(body: &[u8]) -> Result<Canonical, Vec<Violation>> {
    let value = match serde_json::from_slice::<Unique>(body) {
        Ok(Unique(value)) => value,
        Err(e) => {
            return Err(vec![violation(
                None,
                Code::InvalidJson,
                format!("the body is not JSON without repeated keys: {e}"),
            )]);
        }
    };
    let Value::Object(members) = value else {
        return Err(vec![violation(
            None,
            Code::InvalidType,
            "the body must be a JSON object (the canonical request)".to_owned(),
        )]);
    };
    let mut out = Canonical::default();
    let mut faults = Vec::new();
    for (key, value) in &members {
        if value.is_null() && key != "prompt" {
            continue; // OpenAI's optional members are nullable: null is absent.
        }
        match key.as_str() {
            MODEL => {
                if !value.is_string() {
                    faults.push(wrong_type(key, "a string (a spec id)", value));
                }
            }
            PROVIDER_OPTIONS => match value {
                Value::Object(map) => out.options = Some(map.clone()),
                _ => faults.push(wrong_type(
                    key,
                    "an object of the target's own members",
                    value,
                )),
            },
            _ => match Param::parse(key) {
                Some(param) => {
                    if let Err(v) = member(&mut out, param, value) {
                        faults.push(v);
                    }
                }
                None => faults.push(unknown(key)),
            },
        }
    }
    if !members.contains_key("prompt") {
        faults.push(violation(
            Some("prompt"),
            Code::MissingRequired,
            "prompt is required: the text the image is made from".to_owned(),
        ));
    }
    if let (Some(size), Some((written, ratio))) = (out.size, &out.aspect)
        && !size.ratio().near(*ratio)
    {
        faults.push(violation(
            Some("aspect_ratio"),
            Code::ConflictingParameters,
            format!("aspect_ratio {written} contradicts size {size}; give one of them, or a size of that ratio"),
        ));
    }
    out.params
        .sort_by_key(|(p, _)| Param::ALL.iter().position(|q| q == p));
    if faults.is_empty() {
        Ok(out)
    } else {
        Err(faults)
    }
}

/// One role parameter, checked for its JSON shape.
fn member(out: &mut Canonical, param: Param, value: &Value) -> Result<(), Violation> {
    let name = param.as_str();
    match (param, param.value_type()) {
        (Param::N, _) => {
            if !integral(value) {
                return Err(wrong_type(name, "an integer (images)", value));
            }
            let n = value
                .as_f64()
                .filter(|n| (1.0..=MAX_SAFE_INTEGER as f64).contains(n));
            match n {
                Some(n) => out.n = Some(n as u64),
                None => {
                    return Err(violation(
                        Some(name),
                        Code::OutOfRange,
                        format!("n must be between 1 and {MAX_SAFE_INTEGER} (images), got {value}"),
                    ));
                }
            }
        }
        (Param::Size, _) => {
            let Some(text) = value.as_str() else {
                return Err(wrong_type(
                    name,
                    "a string, \"auto\" or WIDTHxHEIGHT",
                    value,
                ));
            };
            if text == "auto" {
                out.auto = true;
            } else {
                let dims = Dims::parse(text, 'x').filter(|d| d.width > 0 && d.height > 0);
                let Some(dims) = dims else {
                    return Err(violation(
                        Some(name),
                        Code::InvalidFormat,
                        format!(
                            "size must be \"auto\" or WIDTHxHEIGHT in pixels (\"1024x1024\"), got {}",
                            echo(text)
                        ),
                    ));
                };
                out.size = Some(dims);
            }
        }
        (Param::AspectRatio, _) => {
            let Some(text) = value.as_str() else {
                return Err(wrong_type(name, "a string written W:H", value));
            };
            let Some(ratio) = Ratio::parse(text) else {
                return Err(violation(
                    Some(name),
                    Code::InvalidFormat,
                    format!(
                        "aspect_ratio must be written W:H with positive whole numbers (\"16:9\"), got {}",
                        echo(text)
                    ),
                ));
            };
            out.aspect = Some((text.to_owned(), ratio));
        }
        (_, ParamType::Text | ParamType::Choice) => {
            if !value.is_string() {
                return Err(wrong_type(name, "a string", value));
            }
            out.params.push((param, value.clone()));
        }
        (_, ParamType::Integer) => {
            if !integral(value) {
                return Err(wrong_type(name, "an integer", value));
            }
            out.params.push((param, value.clone()));
        }
        (_, ParamType::Boolean) => {
            if !value.is_boolean() {
                return Err(wrong_type(name, "a boolean", value));
            }
            out.params.push((param, value.clone()));
        }
        (_, ParamType::Urls) => {
            let Some(items) = value.as_array() else {
                return Err(wrong_type(name, "an array of URL strings", value));
            };
            if let Some(i) = items.iter().position(|v| !v.is_string()) {
                let at = format!("{name}[{i}]");
                return Err(wrong_type(&at, "a URL string", &items[i]));
            }
            out.params.push((param, value.clone()));
        }
        (_, ParamType::Size | ParamType::Ratio) => out.params.push((param, value.clone())),
    }
    Ok(())
}

/// A JSON number without a fractional part (`2.0` is the integer 2, as JSON Schema reads it);
/// its range is the target's to judge.
fn integral(value: &Value) -> bool {
    match value {
        Value::Number(n) => {
            n.is_i64() || n.is_u64() || n.as_f64().is_some_and(|f| f.fract() == 0.0)
        }
        _ => false,
    }
}

fn violation(param: Option<&str>, code: Code, message: String) -> Violation {
    Violation::new(param.map(|p| Cow::Owned(p.to_owned())), code, message)
}

fn wrong_type(param: &str, expected: &str, got: &Value) -> Violation {
    violation(
        Some(param),
        Code::InvalidType,
        format!("{param} must be {expected}, got {}", json_type(got)),
    )
}

fn unknown(key: &str) -> Violation {
    let mut names = vec![MODEL];
    names.extend(Param::ALL.iter().map(|p| p.as_str()));
    names.push(PROVIDER_OPTIONS);
    violation(
        Some(key),
        Code::UnknownParameter,
        format!(
            "{} is not a parameter of the canonical request; it accepts: {} (put a model's own parameters in provider_options)",
            echo(key),
            names.join(", ")
        ),
    )
}

fn echo(text: &str) -> String {
    format!("{:?}", crate::error::echo(text))
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_f64() => "a number",
        Value::Number(_) => "an integer",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A JSON value read with every object's keys unique, at any depth: a repeated key would
/// otherwise be dropped silently (the last one kept).
struct Unique(Value);

impl<'de> serde::Deserialize<'de> for Unique {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Unique, D::Error> {
        deserializer.deserialize_any(UniqueVisitor).map(Unique)
    }
}

struct UniqueVisitor;

impl<'de> Visitor<'de> for UniqueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(Unique(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let Unique(value) = map.next_value()?;
            if out.insert(key.clone(), value).is_some() {
                return Err(de::Error::custom(format!(
                    "the key {:?} is repeated",
                    crate::error::echo(&key)
                )));
            }
        }
        Ok(Value::Object(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_are_checked_and_every_fault_reported() {
        let faults =
            parse(br#"{"n": 0, "size": "big", "aspect_ratio": 3, "seed": "x", "colour": 1}"#)
                .unwrap_err();
        let found: Vec<(Option<&str>, Code)> =
            faults.iter().map(|v| (v.param(), v.code())).collect();
        assert_eq!(
            found,
            [
                (Some("n"), Code::OutOfRange),
                (Some("size"), Code::InvalidFormat),
                (Some("aspect_ratio"), Code::InvalidType),
                (Some("seed"), Code::InvalidType),
                (Some("colour"), Code::UnknownParameter),
                (Some("prompt"), Code::MissingRequired),
            ]
        );
    }

    #[test]
    fn repeated_keys_and_non_objects_are_refused() {
        let repeated = parse(br#"{"prompt": "a", "provider_options": {"x": 1, "x": 2}}"#);
        assert_eq!(repeated.unwrap_err()[0].code(), Code::InvalidJson);
        assert_eq!(parse(b"[]").unwrap_err()[0].code(), Code::InvalidType);
    }

    #[test]
    fn nulls_are_absent_and_auto_is_no_size() {
        let c = parse(br#"{"prompt": "a", "n": null, "size": "auto", "quality": null}"#).unwrap();
        assert!(c.auto && c.size.is_none() && c.n.is_none() && c.params.len() == 1);
        let conflict = parse(br#"{"prompt": "a", "size": "1024x1024", "aspect_ratio": "16:9"}"#);
        assert_eq!(conflict.unwrap_err()[0].code(), Code::ConflictingParameters);
    }
}
