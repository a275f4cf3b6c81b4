//! The `x-capspec-` keywords for the `jsonschema` crate: the rules of a request that standard
//! JSON Schema cannot express, checked by the same functions the generated validators call.
//!
//! [`options`] registers them; the factories are public for `jsonschema`'s compile-time
//! validator (`#[jsonschema::validator(path = ..., keywords = { "x-capspec-size" =>
//! capspec::schema::keywords::size_factory, ... })]`).

use jsonschema::paths::Location;
use jsonschema::{Keyword, ValidationError, ValidationOptions, Validator};
use serde_json::{Map, Value};

use crate::error::Code;
use crate::rt::capture::Number;
use crate::rt::integer::{Integral, integral};
use crate::rt::{self, Raw};
use crate::spec::{Bounds, Dims, Ratio, RatioBounds, SizeRule};

type Boxed = Box<dyn for<'i> Keyword<'i>>;

/// `jsonschema` options for draft 2020-12 with capspec's keywords registered:
/// `x-capspec-size`, `x-capspec-url`, `x-capspec-size-table` and `x-capspec-custom-size`
/// (documented in `docs/schema-extensions.md`).
pub fn options() -> ValidationOptions<'static> {
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .with_keyword("x-capspec-size", size_factory)
        .with_keyword("x-capspec-url", url_factory)
        .with_keyword("x-capspec-size-table", table_factory)
        .with_keyword("x-capspec-custom-size", custom_factory)
}

/// A validator of a spec's request schema with capspec's keywords: its verdict on any body
/// is capspec's (`None` for an unknown spec id).
pub fn validator(id: &str) -> Option<Validator> {
    options().build(super::request_schema(id)?).ok()
}

fn bad(what: &str) -> ValidationError<'static> {
    ValidationError::schema(format!("invalid capspec keyword value: {what}"))
}

fn bounds(v: Option<&Value>) -> Result<Bounds, ValidationError<'static>> {
    let Some(v) = v else {
        return Ok(Bounds::default());
    };
    let get = |k: &str| match v.get(k) {
        None => Ok(None),
        Some(n) => n
            .as_u64()
            .map(Some)
            .ok_or_else(|| bad(&format!("{k} must be a non-negative integer"))),
    };
    Ok(Bounds {
        minimum: get("minimum")?,
        maximum: get("maximum")?,
        multiple_of: get("multipleOf")?,
    })
}

fn ratio_bounds(v: Option<&Value>) -> Result<RatioBounds, ValidationError<'static>> {
    let Some(v) = v else {
        return Ok(RatioBounds::default());
    };
    let get = |k: &str| match v.get(k) {
        None => Ok(None),
        Some(r) => r
            .as_str()
            .and_then(Ratio::parse)
            .map(Some)
            .ok_or_else(|| bad(&format!("aspect_ratio {k} must be \"W:H\""))),
    };
    Ok(RatioBounds {
        minimum: get("minimum")?,
        maximum: get("maximum")?,
    })
}

/// A keyword's error: `<code>[, <code>…]: <message>[; <message>…]`. The message starts with
/// capspec's violation codes (`docs/schema-extensions.md`), so that a caller can map the
/// error to capspec's `code`; `lead` (a param for keywords on the body) starts each message.
fn error(faults: &[(Code, String)], lead: &str) -> ValidationError<'static> {
    let codes: Vec<&str> = faults.iter().map(|(c, _)| c.as_str()).collect();
    let messages: Vec<String> = faults
        .iter()
        .map(|(_, m)| {
            if lead.is_empty() {
                m.clone()
            } else {
                format!("{lead} {m}")
            }
        })
        .collect();
    ValidationError::custom(format!("{}: {}", codes.join(", "), messages.join("; ")))
}

/// Runs a size check; every fault it finds is in the keyword's one error.
fn faults(
    lead: &str,
    check: impl FnOnce(rt::size::OnFault<'_>),
) -> Result<(), ValidationError<'static>> {
    let mut found = Vec::new();
    check(&mut |code, must, got| found.push((code, format!("{must}, {got}"))));
    if found.is_empty() {
        Ok(())
    } else {
        Err(error(&found, lead))
    }
}

/// A member of a keyword's value that is a dotted path.
fn path_member(value: &Value, k: &str) -> Result<String, ValidationError<'static>> {
    value
        .get(k)
        .and_then(Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| bad(&format!("{k} must be a path")))
}

/// `x-capspec-size`: a string size's syntax, sides, pixel area and aspect ratio; an object
/// `{width, height}`'s pixel area and aspect ratio (its sides have standard keywords).
struct SizeKeyword {
    rule: SizeRule,
    /// Members of a fixed size list that name no size.
    unsized_values: Vec<String>,
}

/// The `x-capspec-size` keyword, for `ValidationOptions::with_keyword` or the compile-time macro.
pub fn size_factory<'a>(
    _: &'a Map<String, Value>,
    value: &'a Value,
    _: Location,
) -> Result<Boxed, ValidationError<'a>> {
    let mut chars = value
        .get("separator")
        .and_then(Value::as_str)
        .unwrap_or("x")
        .chars();
    let separator = match (chars.next(), chars.next()) {
        (Some(c), None) => c,
        _ => return Err(bad("separator must be one character")),
    };
    let unsized_values = match value.get("unsized") {
        None => Vec::new(),
        Some(list) => list
            .as_array()
            .and_then(|l| l.iter().map(|v| v.as_str().map(str::to_owned)).collect())
            .ok_or_else(|| bad("unsized must be a list of strings"))?,
    };
    Ok(Box::new(SizeKeyword {
        rule: SizeRule {
            separator,
            width: bounds(value.get("width"))?,
            height: bounds(value.get("height"))?,
            pixels: bounds(value.get("pixels"))?,
            aspect_ratio: ratio_bounds(value.get("aspect_ratio"))?,
        },
        unsized_values,
    }))
}

impl<'i> Keyword<'i> for SizeKeyword {
    fn validate(&self, instance: &'i Value) -> Result<(), ValidationError<'i>> {
        match instance {
            Value::String(text) if self.unsized_values.contains(text) => Ok(()),
            Value::String(text) => faults("", |on_fault| {
                rt::size::check(&self.rule, text, on_fault);
            }),
            Value::Object(o) => {
                // Judged, as capspec judges it, once both sides are valid integers.
                let (Some(width), Some(height)) = (side(o.get("width")), side(o.get("height")))
                else {
                    return Ok(());
                };
                let dims = Dims { width, height };
                let side_ok = |v: u64, b: Bounds| {
                    v >= 1 && b.contains(u128::from(v)) && b.steps(u128::from(v))
                };
                if !side_ok(width, self.rule.width) || !side_ok(height, self.rule.height) {
                    return Ok(());
                }
                faults("", |on_fault| {
                    rt::size::check_area(
                        self.rule.pixels,
                        self.rule.aspect_ratio,
                        dims,
                        &rt::size::Pair(dims),
                        on_fault,
                    );
                })
            }
            _ => Ok(()),
        }
    }

    fn is_valid(&self, instance: &'i Value) -> bool {
        self.validate(instance).is_ok()
    }
}

/// `x-capspec-url`: an http(s) URL, with `public`, to a public host.
struct UrlKeyword {
    public: bool,
}

/// The `x-capspec-url` keyword, for `ValidationOptions::with_keyword` or the compile-time macro.
pub fn url_factory<'a>(
    _: &'a Map<String, Value>,
    value: &'a Value,
    _: Location,
) -> Result<Boxed, ValidationError<'a>> {
    let public = value.get("public").map_or(Ok(false), |p| {
        p.as_bool().ok_or_else(|| bad("public must be a boolean"))
    })?;
    Ok(Box::new(UrlKeyword { public }))
}

impl<'i> Keyword<'i> for UrlKeyword {
    fn validate(&self, instance: &'i Value) -> Result<(), ValidationError<'i>> {
        match instance.as_str() {
            Some(text) => rt::url::check(text, self.public)
                .map_err(|f| error(&[(f.code(), f.to_string())], "")),
            None => Ok(()),
        }
    }

    fn is_valid(&self, instance: &'i Value) -> bool {
        self.validate(instance).is_ok()
    }
}

/// The value at a dotted path of an instance.
fn at<'v>(instance: &'v Value, path: &str) -> Option<&'v Value> {
    path.split('.').try_fold(instance, |v, k| v.get(k))
}

/// The `default` of the property at a dotted path of an object schema.
fn default_at<'s>(schema: &'s Map<String, Value>, path: &str) -> Option<&'s Value> {
    let mut props = schema.get("properties")?;
    let mut parts = path.split('.').peekable();
    while let Some(k) = parts.next() {
        let p = props.get(k)?;
        if parts.peek().is_none() {
            return p.get("default");
        }
        props = p.get("properties")?;
    }
    None
}

/// `x-capspec-size-table`: the ratio × tier combination (given, or defaulted) has a cell.
struct TableKeyword {
    ratio: String,
    tier: String,
    ratio_default: Option<String>,
    tier_default: Option<String>,
    cells: Map<String, Value>,
}

/// The `x-capspec-size-table` keyword, for `ValidationOptions::with_keyword` or the compile-time macro.
pub fn table_factory<'a>(
    parent: &'a Map<String, Value>,
    value: &'a Value,
    _: Location,
) -> Result<Boxed, ValidationError<'a>> {
    let text = |k: &str| path_member(value, k);
    let (ratio, tier) = (text("ratio")?, text("tier")?);
    let cells = value
        .get("cells")
        .and_then(Value::as_object)
        .cloned()
        .ok_or_else(|| bad("cells must be an object"))?;
    let default = |p: &str| {
        default_at(parent, p)
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    Ok(Box::new(TableKeyword {
        ratio_default: default(&ratio),
        tier_default: default(&tier),
        ratio,
        tier,
        cells,
    }))
}

impl<'i> Keyword<'i> for TableKeyword {
    fn validate(&self, instance: &'i Value) -> Result<(), ValidationError<'i>> {
        // Absent (or `null`, which a nullable property reads as absent): the default.
        let given = |path: &str| at(instance, path).filter(|v| !v.is_null());
        let effective = |path: &str, default: &Option<String>| match given(path) {
            None => default.clone(),
            Some(v) => v.as_str().map(str::to_owned),
        };
        let (Some(ratio), Some(tier)) = (
            effective(&self.ratio, &self.ratio_default),
            effective(&self.tier, &self.tier_default),
        ) else {
            return Ok(());
        };
        match self.cells.get(&ratio) {
            Some(row) if row.get(&tier).is_none() => {
                // Reported at the tier when the request gives one, else at the ratio.
                let lead = if given(&self.tier).is_some() {
                    &self.tier
                } else {
                    &self.ratio
                };
                let message = format!(
                    "is not available: {} {tier:?} with {} {ratio:?}",
                    self.tier, self.ratio
                );
                Err(error(&[(Code::InvalidValue, message)], lead))
            }
            _ => Ok(()),
        }
    }

    fn is_valid(&self, instance: &'i Value) -> bool {
        self.validate(instance).is_ok()
    }
}

/// `x-capspec-custom-size`: the pixel area and aspect ratio of two integer properties.
struct CustomKeyword {
    width: String,
    height: String,
    pixels: Bounds,
    aspect: RatioBounds,
}

/// The `x-capspec-custom-size` keyword, for `ValidationOptions::with_keyword` or the compile-time macro.
pub fn custom_factory<'a>(
    _: &'a Map<String, Value>,
    value: &'a Value,
    _: Location,
) -> Result<Boxed, ValidationError<'a>> {
    let text = |k: &str| path_member(value, k);
    Ok(Box::new(CustomKeyword {
        width: text("width")?,
        height: text("height")?,
        pixels: bounds(value.get("pixels"))?,
        aspect: ratio_bounds(value.get("aspect_ratio"))?,
    }))
}

/// The exact integer a JSON number holds, as capspec reads it.
fn side(v: Option<&Value>) -> Option<u64> {
    let n = v?.as_number()?;
    let raw = if let Some(u) = n.as_u64() {
        Raw::Number(Number::PosInt(u))
    } else if let Some(i) = n.as_i64() {
        Raw::Number(Number::NegInt(i))
    } else {
        Raw::Number(Number::Float(n.as_f64()?))
    };
    match integral(&raw)? {
        Integral::Fits(i) => u64::try_from(i).ok(),
        Integral::Beyond(_) => None,
    }
}

impl<'i> Keyword<'i> for CustomKeyword {
    fn validate(&self, instance: &'i Value) -> Result<(), ValidationError<'i>> {
        let (Some(width), Some(height)) = (
            side(at(instance, &self.width)),
            side(at(instance, &self.height)),
        ) else {
            return Ok(());
        };
        let lead = format!("{} × {}", self.width, self.height);
        faults(&lead, |on_fault| {
            let given = format!("{width} × {height}");
            rt::size::check_area(
                self.pixels,
                self.aspect,
                Dims { width, height },
                &given,
                on_fault,
            );
        })
    }

    fn is_valid(&self, instance: &'i Value) -> bool {
        self.validate(instance).is_ok()
    }
}
