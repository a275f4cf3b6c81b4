//! What a valid request costs, from its spec's `[price]` (`capspec_spec::price`): the amount
//! per unit picked by the request's own values (its model name, enum values, size), times the
//! images and pixels validation computed. Exact decimals throughout: no binary floating point
//! in the arithmetic or the output. A price the spec does not state is `unknown`, with why.
//!
//! ```
//! use capspec::{Provider, ValidRequest};
//!
//! let body = br#"{"model": "gpt-image-1", "prompt": "a fox", "quality": "low", "size": "1024x1024", "n": 2}"#;
//! let request = Provider::Openai.validate_slice(body)?;
//! let cost = request.cost();
//! let known = cost.known().expect("priced");
//! assert_eq!(known.images, 2);
//! assert_eq!(known.amount, known.per_image.unwrap() * capspec::price::Decimal::from(2));
//! # Ok::<(), capspec::Violations>(())
//! ```

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};
use serde_json::{Value, json};

pub use crate::spec::price::Decimal;
use crate::spec::price::{Amount, PriceUnit, Rate};
use crate::spec::{Dims, Kind, Spec, StringFormat};
use crate::types::Output;

/// What a request costs, or why that is not known.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Cost {
    Known(Known),
    Unknown {
        /// Why the amount is not known.
        reason: String,
        /// The images the request makes.
        images: u32,
    },
}

/// A known cost: `{"amount", "currency", "per_image", "images", "basis"}`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Known {
    /// The whole request, in `currency`.
    pub amount: Decimal,
    /// ISO 4217; `None` where the source states no currency.
    pub currency: Option<String>,
    /// One image's share, where the unit makes it exact (not for a price per call).
    pub per_image: Option<Decimal>,
    pub images: u32,
    /// How the amount was reached, in words: rate, unit, quantities, the cell and the source.
    pub basis: String,
}

impl Cost {
    pub fn known(&self) -> Option<&Known> {
        match self {
            Cost::Known(k) => Some(k),
            Cost::Unknown { .. } => None,
        }
    }

    fn unknown(reason: impl Into<String>, images: u32) -> Cost {
        Cost::Unknown {
            reason: reason.into(),
            images,
        }
    }

    /// The images the request makes, known or not.
    pub fn images(&self) -> u32 {
        match self {
            Cost::Known(k) => k.images,
            Cost::Unknown { images, .. } => *images,
        }
    }

    /// The cost of several requests to one spec together (a translation's calls): unknown if
    /// any is.
    pub fn sum<'c>(costs: impl IntoIterator<Item = &'c Cost>) -> Cost {
        let costs: Vec<&Cost> = costs.into_iter().collect();
        let images = costs.iter().map(|c| c.images()).sum();
        if let Some(Cost::Unknown { reason, .. }) = costs.iter().find(|c| c.known().is_none()) {
            return Cost::unknown(reason.clone(), images);
        }
        let mut total: Option<Known> = None;
        for k in costs.iter().filter_map(|c| c.known()) {
            let Some(t) = &mut total else {
                total = Some(k.clone());
                continue;
            };
            let Some(amount) = t.amount.checked_add(k.amount) else {
                return Cost::unknown("the amount is too large to compute exactly", images);
            };
            if t.currency != k.currency {
                return Cost::unknown("the calls are priced in different currencies", images);
            }
            t.amount = amount;
            t.images += k.images;
            if t.per_image != k.per_image {
                t.per_image = None;
            }
        }
        match total {
            Some(mut t) => {
                if costs.len() > 1 {
                    t.basis = format!("{} calls, each {}", costs.len(), t.basis);
                }
                Cost::Known(t)
            }
            None => Cost::unknown("no call", images),
        }
    }
}

/// `{"amount": "0.12", "currency": "USD", "per_image": "0.12", "images": 1, "basis": "..."}`,
/// or `{"unknown": "<why>", "images": N}`. Amounts are decimal strings.
impl Serialize for Cost {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Cost::Known(k) => {
                let mut m = serializer.serialize_map(Some(5))?;
                m.serialize_entry("amount", &k.amount.normalize().to_string())?;
                m.serialize_entry("currency", &k.currency)?;
                m.serialize_entry("per_image", &k.per_image.map(|p| p.normalize().to_string()))?;
                m.serialize_entry("images", &k.images)?;
                m.serialize_entry("basis", &k.basis)?;
                m.end()
            }
            Cost::Unknown { reason, images } => {
                let mut m = serializer.serialize_map(Some(2))?;
                m.serialize_entry("unknown", reason)?;
                m.serialize_entry("images", images)?;
                m.end()
            }
        }
    }
}

/// The cost of a valid request to `spec` whose normalized body is `body` and output `output`.
pub fn cost(spec: &Spec, body: &Value, output: Output) -> Cost {
    cost_of(spec, output, || Some(std::borrow::Cow::Borrowed(body)))
}

/// The cost of a valid request, its normalized body made by `body` only where a price cell
/// needs the values in it (a spec without a price, with an unknown or a flat one, needs none).
pub(crate) fn cost_of<'b>(
    spec: &Spec,
    output: Output,
    body: impl FnOnce() -> Option<std::borrow::Cow<'b, Value>>,
) -> Cost {
    let images = output.count;
    let Some(price) = &spec.price else {
        return Cost::unknown(format!("{} states no price", spec.id), images);
    };
    let (amount, cell) = match &price.rate {
        Rate::Unknown(reason) => return Cost::unknown(reason.clone(), images),
        Rate::Flat(a) => (a, String::new()),
        Rate::Cells { by, cells, gaps } => {
            let Some(body) = body() else {
                return Cost::unknown(format!("the request to {} cannot be read", spec.id), images);
            };
            let mut values: Vec<(&str, &str)> = Vec::with_capacity(by.len());
            for path in by {
                match lookup(&body, path).and_then(Value::as_str) {
                    Some(v) => values.push((path, v)),
                    None => {
                        return Cost::unknown(
                            format!("{path} is not given and has no default, so no price applies"),
                            images,
                        );
                    }
                }
            }
            if let Some(gap) = gaps.iter().find(|g| g.matches(&values)) {
                return Cost::unknown(gap.reason.clone(), images);
            }
            let Some(c) = cells.iter().find(|c| c.matches(&values)) else {
                return Cost::unknown("no price cell for these values", images);
            };
            let shown: Vec<String> = values.iter().map(|(p, v)| format!("{p} = {v:?}")).collect();
            (&c.amount, format!(", {}", shown.join(", ")))
        }
    };
    let currency = price.currency.clone();
    let unit = price.unit;
    let rate = amount.value;
    let of = |what: String| {
        format!(
            "{} {} per {unit}{what}{cell}{}; {}",
            rate.normalize(),
            currency.as_deref().unwrap_or("(currency not stated)"),
            amount
                .name
                .as_ref()
                .map(|n| format!(" ({n})"))
                .unwrap_or_default(),
            price.source
        )
    };
    let n = Decimal::from(images);
    let known = |amount: Option<Decimal>, per_image: Option<Decimal>, basis: String| match amount {
        Some(amount) => Cost::Known(Known {
            amount,
            currency: currency.clone(),
            per_image,
            images,
            basis,
        }),
        None => Cost::unknown("the amount is too large to compute exactly", images),
    };
    match unit {
        PriceUnit::Image => known(
            rate.checked_mul(n),
            Some(rate),
            of(format!(" × {images} image(s)")),
        ),
        PriceUnit::Call => known(Some(rate), None, of(" × 1 call".to_owned())),
        PriceUnit::Pixel | PriceUnit::Megapixel => {
            let (Some(w), Some(h)) = (output.width, output.height) else {
                return Cost::unknown(
                    format!(
                        "the price is per {unit} and this request leaves the output size to the provider"
                    ),
                    images,
                );
            };
            let pixels = Decimal::from(w).checked_mul(Decimal::from(h));
            let per_image = match unit {
                PriceUnit::Megapixel => pixels
                    .and_then(|p| rate.checked_mul(p))
                    .and_then(|x| x.checked_div(Decimal::from(1_000_000))),
                _ => pixels.and_then(|p| rate.checked_mul(p)),
            };
            let what = format!(" × {w}×{h} pixels × {images} image(s)");
            known(
                per_image.and_then(|p| p.checked_mul(n)),
                per_image,
                of(what),
            )
        }
    }
}

/// The member at a dotted path of a body.
fn lookup<'v>(body: &'v Value, path: &str) -> Option<&'v Value> {
    path.split('.').try_fold(body, |v, key| v.get(key))
}

/// The `pricing` member of a model document: the price as data a frontend can compute with,
/// amounts as decimal strings; for a cell that fixes the output size, its `per_image`.
pub fn document(spec: &Spec) -> Option<Value> {
    let price = spec.price.as_ref()?;
    let mut out = json!({"unit": price.unit.as_str()});
    if let Some(c) = &price.currency {
        out["currency"] = json!(c);
    }
    match &price.rate {
        Rate::Flat(a) => amount_into(&mut out, a),
        Rate::Unknown(reason) => out["unknown"] = json!(reason),
        Rate::Cells { by, cells, gaps } => {
            out["by"] = json!(by);
            out["cells"] = Value::Array(
                cells
                    .iter()
                    .map(|c| {
                        let when: serde_json::Map<String, Value> =
                            c.when.iter().map(|(p, v)| (p.clone(), json!(v))).collect();
                        let mut o = json!({"when": when});
                        amount_into(&mut o, &c.amount);
                        if let Some(per_image) =
                            per_image_of_cell(spec, price.unit, &c.amount, &c.when)
                        {
                            o["per_image"] = json!(per_image.normalize().to_string());
                        }
                        o
                    })
                    .collect(),
            );
            out["gaps"] = Value::Array(
                gaps.iter()
                    .map(|g| {
                        let when: serde_json::Map<String, Value> =
                            g.when.iter().map(|(p, v)| (p.clone(), json!(v))).collect();
                        json!({"when": when, "reason": g.reason})
                    })
                    .collect(),
            );
        }
    }
    if let Some(n) = &price.not_charged {
        out["not_charged"] = json!(n);
    }
    if let Some(count) = &spec.output.count {
        out["count"] = json!(count);
    }
    out["source"] = json!(price.source);
    Some(out)
}

fn amount_into(out: &mut Value, a: &Amount) {
    out["amount"] = json!(a.value.normalize().to_string());
    if let Some(w) = a.was {
        out["was"] = json!(w.normalize().to_string());
    }
    if let Some(n) = &a.name {
        out["name"] = json!(n);
    }
}

/// One image's price in a cell: the amount per image, or per pixel or megapixel where one of
/// the cell's values is the output size.
fn per_image_of_cell(
    spec: &Spec,
    unit: PriceUnit,
    amount: &Amount,
    when: &[(String, String)],
) -> Option<Decimal> {
    let size = || {
        when.iter()
            .find_map(|(path, value)| match &spec.property(path)?.kind {
                Kind::String(s) => match &s.format {
                    Some(StringFormat::Size(rule)) => Dims::parse(value, rule.separator),
                    _ => None,
                },
                _ => None,
            })
    };
    match unit {
        PriceUnit::Image => Some(amount.value),
        PriceUnit::Call => None,
        PriceUnit::Pixel => {
            let d = size()?;
            amount
                .value
                .checked_mul(Decimal::from(d.width).checked_mul(Decimal::from(d.height))?)
        }
        PriceUnit::Megapixel => {
            let d = size()?;
            let pixels = Decimal::from(d.width).checked_mul(Decimal::from(d.height))?;
            amount
                .value
                .checked_mul(pixels)?
                .checked_div(Decimal::from(1_000_000))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known(amount: &str, images: u32) -> Cost {
        Cost::Known(Known {
            amount: amount.parse().unwrap(),
            currency: Some("USD".into()),
            per_image: Some("0.011".parse().unwrap()),
            images,
            basis: "b".into(),
        })
    }

    #[test]
    fn sums_are_exact_and_unknown_if_any_part_is() {
        let total = Cost::sum(&[known("0.044", 4), known("0.033", 3)]);
        let k = total.known().unwrap();
        assert_eq!((k.amount.to_string().as_str(), k.images), ("0.077", 7));
        assert!(k.basis.starts_with("2 calls"));
        let unknown = Cost::Unknown {
            reason: "why".into(),
            images: 2,
        };
        let total = Cost::sum(&[known("0.044", 4), unknown]);
        assert_eq!((total.known(), total.images()), (None, 6));
    }
}
