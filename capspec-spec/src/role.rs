//! Roles: which parts of a spec carry a parameter of the **canonical request**, OpenAI's
//! `POST /v1/images/generations` body with the extensions image APIs share, so that one
//! request can be translated into any model's dialect from data alone.
//!
//! ```toml
//! [properties.content]
//! type = "string"
//! role = "prompt"                          # the canonical prompt goes here
//!
//! [properties.format]
//! type = "string"
//! enum = ["URL", "BASE64"]
//! role = "response_format"
//! role_map = { url = "URL", b64_json = "BASE64" }   # canonical value = this spec's value
//!
//! [size_table]
//! role = "size"                            # canonical sizes are looked up in the table
//! ```
//!
//! A parameter has at most one carrier per spec. `capspec check` refuses a role on a property
//! of the wrong kind, a role used twice, an image count role off `[output] count` and a size
//! role on something `[output] size` does not list.

use std::fmt;

use crate::{Kind, Property, Spec, StringFormat, StringRule};

/// A parameter of the canonical request, named as the request names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Param {
    Prompt,
    NegativePrompt,
    /// The number of images.
    N,
    /// The output size in pixels (`WxH`).
    Size,
    /// `W:H`, used when no size is given: the model's default size for that ratio.
    AspectRatio,
    Seed,
    /// Reference-image URLs.
    Image,
    ResponseFormat,
    Quality,
    Style,
    User,
    Background,
    Moderation,
    OutputFormat,
    OutputCompression,
    PartialImages,
    Stream,
}

/// The JSON a canonical parameter takes, and so the kind of property that can carry it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamType {
    /// Free text: a string property without `enum` or `format`.
    Text,
    /// A name from a set: a string property without `format` (its `enum`, if any, is the
    /// set; `role_map` renames canonical values).
    Choice,
    /// An integer property.
    Integer,
    /// A boolean property.
    Boolean,
    /// An array of URL strings.
    Urls,
    /// `WxH`: a size string (`format = "size"`, fixed or free) or a `type = "size"` property;
    /// also `[size_table]` and `[custom_size]`.
    Size,
    /// `W:H`: a string enum whose members are all aspect ratios.
    Ratio,
}

impl Param {
    /// Every parameter, in the order translation reports them.
    pub const ALL: [Param; 17] = [
        Param::Prompt,
        Param::NegativePrompt,
        Param::N,
        Param::Size,
        Param::AspectRatio,
        Param::Seed,
        Param::Image,
        Param::ResponseFormat,
        Param::Quality,
        Param::Style,
        Param::User,
        Param::Background,
        Param::Moderation,
        Param::OutputFormat,
        Param::OutputCompression,
        Param::PartialImages,
        Param::Stream,
    ];

    /// The name in the canonical request (and in a spec's `role`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Param::Prompt => "prompt",
            Param::NegativePrompt => "negative_prompt",
            Param::N => "n",
            Param::Size => "size",
            Param::AspectRatio => "aspect_ratio",
            Param::Seed => "seed",
            Param::Image => "image",
            Param::ResponseFormat => "response_format",
            Param::Quality => "quality",
            Param::Style => "style",
            Param::User => "user",
            Param::Background => "background",
            Param::Moderation => "moderation",
            Param::OutputFormat => "output_format",
            Param::OutputCompression => "output_compression",
            Param::PartialImages => "partial_images",
            Param::Stream => "stream",
        }
    }

    pub fn parse(name: &str) -> Option<Param> {
        Param::ALL.into_iter().find(|p| p.as_str() == name)
    }

    pub const fn value_type(self) -> ParamType {
        match self {
            Param::Prompt | Param::NegativePrompt | Param::User => ParamType::Text,
            Param::ResponseFormat
            | Param::Quality
            | Param::Style
            | Param::Background
            | Param::Moderation
            | Param::OutputFormat => ParamType::Choice,
            Param::N | Param::Seed | Param::OutputCompression | Param::PartialImages => {
                ParamType::Integer
            }
            Param::Stream => ParamType::Boolean,
            Param::Image => ParamType::Urls,
            Param::Size => ParamType::Size,
            Param::AspectRatio => ParamType::Ratio,
        }
    }

    /// Whether a property of this kind can carry the parameter; `Err` says what it needs.
    pub fn fits(self, kind: &Kind) -> Result<(), &'static str> {
        let plain = |rule: &StringRule| rule.format.is_none();
        let ok = match (self.value_type(), kind) {
            (ParamType::Text, Kind::String(r)) => plain(r) && r.enum_values.is_empty(),
            (ParamType::Choice, Kind::String(r)) => plain(r),
            (ParamType::Integer, Kind::Integer(_)) | (ParamType::Boolean, Kind::Boolean) => true,
            (ParamType::Urls, Kind::Array(a)) => matches!(*a.items, Kind::String(_)),
            (ParamType::Size, Kind::Size(_)) => true,
            (ParamType::Size, Kind::String(r)) => matches!(r.format, Some(StringFormat::Size(_))),
            (ParamType::Ratio, Kind::String(r)) => {
                plain(r)
                    && !r.enum_values.is_empty()
                    && r.enum_values
                        .iter()
                        .all(|v| crate::Ratio::parse(v).is_some())
            }
            _ => false,
        };
        if ok {
            return Ok(());
        }
        Err(match self.value_type() {
            ParamType::Text => "a string property without `enum` or `format` (free text)",
            ParamType::Choice => "a string property without `format`",
            ParamType::Integer => "an integer property",
            ParamType::Boolean => "a boolean property",
            ParamType::Urls => "an array of strings",
            ParamType::Size => {
                "a size: a string with `format = \"size\"` or a `type = \"size\"` property"
            }
            ParamType::Ratio => "a string enum whose members are all aspect ratios written \"W:H\"",
        })
    }
}

impl fmt::Display for Param {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A property's role: the canonical parameter it carries, and the canonical values it spells
/// otherwise (`role_map`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Role {
    pub param: Param,
    /// `(canonical value, this spec's value)`, in file order.
    pub map: Vec<(String, String)>,
}

impl Role {
    /// The spec's spelling of a canonical value: mapped where `role_map` renames it, else the
    /// same.
    pub fn to_spec<'v>(&'v self, canonical: &'v str) -> &'v str {
        self.map
            .iter()
            .find(|(c, _)| c == canonical)
            .map_or(canonical, |(_, s)| s.as_str())
    }
}

/// Where a spec carries a canonical parameter.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Carrier<'s> {
    Property(&'s Property, &'s Role),
    /// `[size_table]` with `role = "size"`.
    SizeTable,
    /// `[custom_size]` with `role = "size"`.
    CustomSize,
}

impl Spec {
    /// Where the spec carries `param`, if anywhere.
    pub fn carrier(&self, param: Param) -> Option<Carrier<'_>> {
        if param == Param::Size {
            if self.size_table.as_ref().is_some_and(|t| t.size_role) {
                return Some(Carrier::SizeTable);
            }
            if self.custom_size.as_ref().is_some_and(|c| c.size_role) {
                return Some(Carrier::CustomSize);
            }
        }
        self.walk().into_iter().find_map(|p| {
            p.role
                .as_ref()
                .filter(|r| r.param == param)
                .map(|r| Carrier::Property(p, r))
        })
    }

    /// The canonical parameters the spec carries, in [`Param::ALL`] order.
    pub fn carried(&self) -> Vec<Param> {
        Param::ALL
            .into_iter()
            .filter(|&p| self.carrier(p).is_some())
            .collect()
    }
}
