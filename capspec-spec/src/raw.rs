//! The TOML shape of a spec file, as serde reads it, with the span of every value.
//!
//! Nothing here judges a value beyond its TOML type and key name (`deny_unknown_fields`);
//! `check.rs` turns these into the IR and reports what is wrong with a span.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, MapAccess, Visitor};
use toml::Spanned;

pub type S<T> = Spanned<T>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSpec {
    pub source: S<String>,
    pub model: S<RawModel>,
    pub properties: S<RawProperties>,
    pub files: Option<S<RawFiles>>,
    #[serde(default)]
    pub rules: Vec<S<RawRule>>,
    pub size_table: Option<S<RawSizeTable>>,
    pub custom_size: Option<S<RawCustomSize>>,
    pub output: Option<S<RawOutput>>,
    pub price: Option<S<RawPriceTable>>,
    #[serde(default)]
    pub examples: Vec<S<RawExample>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawModel {
    pub id: S<String>,
    pub names: Option<S<Vec<S<String>>>>,
    pub default: Option<S<String>>,
    pub name: S<String>,
    pub description: Option<String>,
    pub owned_by: Option<String>,
    pub released: Option<S<String>>,
    pub category: Option<String>,
    pub endpoint: Option<S<RawEndpoint>>,
    pub body: Option<S<String>>,
    pub response: Option<S<RawResponse>>,
    #[serde(default)]
    pub input_modalities: Vec<String>,
    #[serde(default)]
    pub output_modalities: Vec<String>,
    #[serde(default)]
    pub features: Vec<String>,
    pub region: Option<String>,
    pub source: S<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEndpoint {
    pub method: S<String>,
    pub path: Option<S<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawResponse {
    pub modes: S<Vec<S<String>>>,
    pub poll: Option<S<RawPaths>>,
    pub cancel: Option<S<RawPaths>>,
}

/// One path or a list of them: `poll = "/v1/tasks/{task_id}"` or `poll = ["…/status", "…"]`.
#[derive(Clone, Debug, Default)]
pub struct RawPaths(pub Vec<String>);

impl<'de> Deserialize<'de> for RawPaths {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct PathsVisitor;
        impl<'de> Visitor<'de> for PathsVisitor {
            type Value = RawPaths;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a path or an array of paths")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawPaths, E> {
                Ok(RawPaths(vec![v.to_owned()]))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<RawPaths, A::Error> {
                let mut out = Vec::new();
                while let Some(path) = seq.next_element::<String>()? {
                    out.push(path);
                }
                Ok(RawPaths(out))
            }
        }
        deserializer.deserialize_any(PathsVisitor)
    }
}

/// `[price]`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPriceTable {
    pub unit: S<String>,
    pub currency: Option<S<String>>,
    pub amount: Option<S<toml::Value>>,
    pub was: Option<S<toml::Value>>,
    pub name: Option<String>,
    pub quote: Option<String>,
    pub by: Option<S<Vec<S<String>>>>,
    #[serde(default)]
    pub cells: Vec<S<RawPriceCell>>,
    #[serde(default)]
    pub gaps: Vec<S<RawPriceGap>>,
    pub unknown: Option<S<String>>,
    pub not_charged: Option<String>,
    pub source: Option<S<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPriceCell {
    pub when: S<toml::Table>,
    pub amount: S<toml::Value>,
    pub was: Option<S<toml::Value>>,
    pub name: Option<String>,
    pub quote: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPriceGap {
    pub when: S<toml::Table>,
    pub reason: S<String>,
}

/// An amount with what comes with it, wherever it is written.
pub struct RawAmount {
    pub amount: S<toml::Value>,
    pub was: Option<S<toml::Value>>,
    pub name: Option<String>,
    pub quote: Option<String>,
}

/// `[properties.<name>]` tables, in the order the file writes them.
pub type RawProperties = Ordered<RawProperty>;

/// `[files.*]`: the file parts of a multipart body, in file order.
pub type RawFiles = Ordered<RawFile>;

/// A TOML table of named entries, in file order.
pub struct Ordered<T>(pub Vec<(S<String>, S<T>)>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Ordered<T> {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct InOrder<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for InOrder<T> {
            type Value = Ordered<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a table of named entries")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Ordered<T>, A::Error> {
                let mut entries = Vec::new();
                while let Some(key) = map.next_key::<S<String>>()? {
                    entries.push((key, map.next_value()?));
                }
                Ok(Ordered(entries))
            }
        }
        deserializer.deserialize_map(InOrder(std::marker::PhantomData))
    }
}

/// One file field of a multipart body.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFile {
    pub required: Option<S<bool>>,
    #[serde(rename = "minItems")]
    pub min_items: Option<S<u64>>,
    #[serde(rename = "maxItems")]
    pub max_items: Option<S<u64>>,
    pub max_bytes: Option<S<u64>>,
    pub media_types: S<Vec<S<String>>>,
    pub square: Option<S<bool>>,
    pub same_dimensions_as: Option<S<String>>,
    pub title: Option<String>,
    pub description: Option<String>,
    pub source: Option<S<String>>,
}

/// One property. Every keyword of every type is listed here so that a misspelt key is an
/// "unknown field" error; `check.rs` reports keywords that do not apply to the declared type.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawProperty {
    #[serde(rename = "type")]
    pub ty: S<String>,
    pub required: Option<S<bool>>,
    pub nullable: Option<S<bool>>,
    pub default: Option<S<toml::Value>>,
    pub title: Option<String>,
    pub description: Option<String>,
    pub multiline: Option<S<bool>>,
    pub source: Option<S<String>>,
    pub examples: Option<S<Vec<S<toml::Value>>>>,
    /// An integer or a float, read by the property's type.
    pub minimum: Option<S<toml::Value>>,
    pub maximum: Option<S<toml::Value>>,
    #[serde(rename = "exclusiveMinimum")]
    pub exclusive_minimum: Option<S<toml::Value>>,
    #[serde(rename = "exclusiveMaximum")]
    pub exclusive_maximum: Option<S<toml::Value>>,
    #[serde(rename = "multipleOf")]
    pub multiple_of: Option<S<toml::Value>>,
    #[serde(rename = "const")]
    pub const_: Option<S<toml::Value>>,
    #[serde(rename = "enum")]
    pub enum_: Option<S<Vec<S<toml::Value>>>>,
    #[serde(rename = "minLength")]
    pub min_length: Option<S<i64>>,
    #[serde(rename = "maxLength")]
    pub max_length: Option<S<i64>>,
    pub format: Option<S<String>>,
    pub separator: Option<S<String>>,
    pub width: Option<S<RawBounds>>,
    pub height: Option<S<RawBounds>>,
    pub pixels: Option<S<RawAreaBounds>>,
    pub aspect_ratio: Option<S<RawRatioBounds>>,
    #[serde(rename = "unsized")]
    pub unsized_values: Option<S<Vec<S<String>>>>,
    pub presets: Option<S<RawPresets>>,
    pub public: Option<S<bool>>,
    pub items: Option<Box<S<RawProperty>>>,
    #[serde(rename = "minItems")]
    pub min_items: Option<S<i64>>,
    #[serde(rename = "maxItems")]
    pub max_items: Option<S<i64>>,
    pub properties: Option<S<RawProperties>>,
    /// The canonical request parameter the property carries.
    pub role: Option<S<String>>,
    /// `{ <canonical value> = "<this spec's value>" }`.
    pub role_map: Option<S<toml::Table>>,
}

/// `presets = { square_hd = "1024x1024", ... }`, in file order.
pub struct RawPresets(pub Vec<(S<String>, S<String>)>);

impl<'de> Deserialize<'de> for RawPresets {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Ordered;
        impl<'de> Visitor<'de> for Ordered {
            type Value = RawPresets;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a table of name = \"WxH\" presets")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawPresets, A::Error> {
                let mut entries = Vec::new();
                while let Some(key) = map.next_key::<S<String>>()? {
                    entries.push((key, map.next_value()?));
                }
                Ok(RawPresets(entries))
            }
        }
        deserializer.deserialize_map(Ordered)
    }
}

/// `{ minimum = <pixels>, maximum = <pixels>, multipleOf = <pixels> }`: bounds of one side.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBounds {
    pub minimum: Option<S<i64>>,
    pub maximum: Option<S<i64>>,
    #[serde(rename = "multipleOf")]
    pub multiple_of: Option<S<i64>>,
}

/// `{ minimum = "<W>*<H>", maximum = <pixels> }`: total pixels, as a number or a product.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAreaBounds {
    pub minimum: Option<S<RawArea>>,
    pub maximum: Option<S<RawArea>>,
}

pub enum RawArea {
    Number(i64),
    Product(String),
}

impl<'de> Deserialize<'de> for RawArea {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct AreaVisitor;
        impl Visitor<'_> for AreaVisitor {
            type Value = RawArea;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a pixel count (integer) or a product written \"WxH\"")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawArea, E> {
                Ok(RawArea::Number(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawArea, E> {
                i64::try_from(v)
                    .map(RawArea::Number)
                    .map_err(|_| E::custom("pixel count too large"))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawArea, E> {
                Ok(RawArea::Product(v.to_owned()))
            }
        }
        deserializer.deserialize_any(AreaVisitor)
    }
}

/// `{ minimum = "1:4", maximum = "4:1" }`: width:height.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRatioBounds {
    pub minimum: Option<S<String>>,
    pub maximum: Option<S<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRule {
    pub when: Option<S<toml::Table>>,
    pub unless: Option<S<toml::Table>>,
    pub require: Option<S<Vec<S<String>>>>,
    pub forbid: Option<S<Vec<S<String>>>>,
    pub exclusive: Option<S<Vec<S<String>>>>,
    /// `allow = { <path> = [values] }`: the values a property may take when the rule applies.
    pub allow: Option<S<toml::Table>>,
    pub source: Option<S<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSizeTable {
    pub ratio: S<String>,
    pub tier: S<String>,
    pub cells: S<RawCells>,
    pub source: Option<S<String>>,
    pub role: Option<S<String>>,
}

/// One row's `tier = "WxH"` cells, in file order.
pub type RawRow = Vec<(S<String>, S<String>)>;

/// `"16:9" = { "1K" = "1280x720", ... }` rows, in file order.
pub struct RawCells(pub Vec<(S<String>, RawRow)>);

impl<'de> Deserialize<'de> for RawCells {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Row(RawRow);
        impl<'de> Deserialize<'de> for Row {
            fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct RowVisitor;
                impl<'de> Visitor<'de> for RowVisitor {
                    type Value = Row;
                    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                        f.write_str("a table of tier = \"WxH\" cells")
                    }
                    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Row, A::Error> {
                        let mut cells = Vec::new();
                        while let Some(key) = map.next_key::<S<String>>()? {
                            cells.push((key, map.next_value()?));
                        }
                        Ok(Row(cells))
                    }
                }
                deserializer.deserialize_map(RowVisitor)
            }
        }
        struct CellsVisitor;
        impl<'de> Visitor<'de> for CellsVisitor {
            type Value = RawCells;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a table of ratio rows")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawCells, A::Error> {
                let mut rows = Vec::new();
                while let Some(key) = map.next_key::<S<String>>()? {
                    let Row(cells) = map.next_value()?;
                    rows.push((key, cells));
                }
                Ok(RawCells(rows))
            }
        }
        deserializer.deserialize_map(CellsVisitor)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCustomSize {
    pub width: S<String>,
    pub height: S<String>,
    pub pixels: Option<S<RawAreaBounds>>,
    pub aspect_ratio: Option<S<RawRatioBounds>>,
    pub source: Option<S<String>>,
    pub role: Option<S<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOutput {
    pub count: Option<S<String>>,
    pub size: Option<S<Vec<S<String>>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawExample {
    pub source: S<String>,
    pub body: S<toml::Table>,
    pub added: Option<S<Vec<S<String>>>>,
    pub expect: Option<S<RawExpect>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawExpect {
    pub width: Option<S<i64>>,
    pub height: Option<S<i64>>,
    pub n: Option<S<i64>>,
    pub quote: Option<S<String>>,
}
