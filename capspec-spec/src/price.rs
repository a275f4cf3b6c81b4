//! Prices (`[price]`): what a request costs, as data keyed by what validation already knows
//! (the images a request makes, its output pixels, the values of enum properties and of
//! `model`). A price the doc does not state stays unknown: it is never guessed.
//!
//! ```toml
//! [price]
//! unit = "image"                 # per image, megapixel or pixel of output, or per call
//! currency = "USD"               # ISO 4217, where the source states one
//! by = ["quality", "size"]       # the properties whose values pick the cell
//! not_charged = "failed generations"
//! source = "sources/litellm/ ..."
//!
//! [[price.cells]]
//! when = { quality = "low", size = "1024x1024" }
//! amount = "0.011"               # a decimal string: exact, never a binary float
//! quote = "\"input_cost_per_image\": 0.011"
//!
//! [[price.gaps]]                 # a combination whose price the source does not state
//! when = { quality = "auto" }
//! reason = "auto: the model picks the quality, and the price with it"
//! ```

use std::fmt;

pub use rust_decimal::Decimal;

/// What a spec says a request costs.
#[derive(Clone, Debug, PartialEq)]
pub struct Price {
    pub unit: PriceUnit,
    /// ISO 4217, where the source states it.
    pub currency: Option<String>,
    pub rate: Rate,
    /// What the provider does not charge for, in its doc's words ("failed generations").
    pub not_charged: Option<String>,
    /// Where the prices come from.
    pub source: String,
}

/// What one amount buys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PriceUnit {
    /// One image made.
    Image,
    /// A million pixels of output (`width × height / 1,000,000` per image).
    Megapixel,
    /// One pixel of output (`width × height` per image).
    Pixel,
    /// One request, whatever it makes.
    Call,
}

impl PriceUnit {
    pub const ALL: [PriceUnit; 4] = [
        PriceUnit::Image,
        PriceUnit::Megapixel,
        PriceUnit::Pixel,
        PriceUnit::Call,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PriceUnit::Image => "image",
            PriceUnit::Megapixel => "megapixel",
            PriceUnit::Pixel => "pixel",
            PriceUnit::Call => "call",
        }
    }

    pub fn parse(text: &str) -> Option<PriceUnit> {
        PriceUnit::ALL.into_iter().find(|u| u.as_str() == text)
    }
}

impl fmt::Display for PriceUnit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The amount per unit.
#[derive(Clone, Debug, PartialEq)]
pub enum Rate {
    /// One amount for every request.
    Flat(Amount),
    /// An amount per combination of the values of `by` (given, or their defaults).
    Cells {
        /// Paths of `model` or of string properties with an `enum`.
        by: Vec<String>,
        cells: Vec<Cell>,
        /// Combinations the source gives no price for, with why.
        gaps: Vec<Gap>,
    },
    /// The doc states the unit but not the amount: why.
    Unknown(String),
}

/// An amount per unit, as the source states it.
#[derive(Clone, Debug, PartialEq)]
pub struct Amount {
    pub value: Decimal,
    /// The previous amount, where the doc shows one.
    pub was: Option<Decimal>,
    /// The doc's name for the charge ("Standard", "Pro").
    pub name: Option<String>,
    /// The source's text stating it, verbatim.
    pub quote: Option<String>,
}

/// The amount of one combination: every `by` path with one value.
#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    pub when: Vec<(String, String)>,
    pub amount: Amount,
}

/// Combinations without a price: those matching every `(path, value)` of `when` (a subset of
/// `by`).
#[derive(Clone, Debug, PartialEq)]
pub struct Gap {
    pub when: Vec<(String, String)>,
    pub reason: String,
}

impl Gap {
    pub fn matches(&self, values: &[(&str, &str)]) -> bool {
        self.when
            .iter()
            .all(|(p, v)| values.iter().any(|(q, w)| q == p && w == v))
    }
}

impl Cell {
    pub fn matches(&self, values: &[(&str, &str)]) -> bool {
        self.when.len() == values.len()
            && self
                .when
                .iter()
                .all(|(p, v)| values.iter().any(|(q, w)| q == p && w == v))
    }
}
