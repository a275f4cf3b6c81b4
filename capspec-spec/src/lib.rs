//! The capspec capability spec format: one TOML file per provider model, parsed and checked
//! into an intermediate representation (IR), with a located diagnostic for every fault.
//!
//! Both of capspec's paths read this IR: `capspec-build` generates typed requests and
//! validators from it at build time, and `capspec::Registry` validates with it at run time.
//! [`plan`] derives from it what both need to agree on (capture slots, which defaults apply
//! when). The format is documented in `specs/README.md`.

mod check;
mod code;
pub mod dims;
pub mod file;
pub mod plan;
pub mod price;
mod raw;
pub mod role;

use std::fmt;
use std::path::{Path, PathBuf};

pub use code::Code;
pub use dims::{Dims, Ratio};
pub use file::{BodyKind, FileField, MediaType};
pub use price::{Price, PriceUnit, Rate};
pub use role::{Carrier, Param, Role};

/// One provider's model, described by one spec file.
#[derive(Clone, Debug, PartialEq)]
pub struct Spec {
    /// `<provider>/<model id>`, e.g. `gccai/qwen-image-2.0`.
    pub id: String,
    /// The provider: the name of the directory holding the file.
    pub provider: String,
    /// `[model] id`, e.g. `qwen-image-2.0` or `Qwen/Qwen-Image`.
    pub model_id: String,
    /// The file the spec was read from, as given to the loader.
    pub file: String,
    /// The doc every rule comes from: a file name in the catalog's `seeds/`, or free text
    /// (a URL, a doc title) in a user's specs.
    pub source: String,
    pub model: Model,
    /// The request body's top-level properties, in file order.
    pub properties: Vec<Property>,
    /// The file parts of a multipart body (`[files]`), in file order; empty for JSON.
    pub files: Vec<FileField>,
    pub rules: Vec<Rule>,
    pub size_table: Option<SizeTable>,
    pub custom_size: Option<CustomSize>,
    pub output: Output,
    /// What a request costs (`[price]`), where the spec says.
    pub price: Option<Price>,
    pub examples: Vec<Example>,
}

/// `[model]`: routing and the metadata of the model document.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Model {
    /// Every `model` value that routes to this spec, canonical id first.
    pub names: Vec<String>,
    /// The name applied when a body names no model (the provider's default model).
    pub default: Option<String>,
    pub name: String,
    pub description: Option<String>,
    pub owned_by: Option<String>,
    /// The release date the doc gives, `YYYY-MM-DD`.
    pub released: Option<String>,
    pub category: Option<String>,
    pub endpoint: Option<Endpoint>,
    /// What the endpoint takes: JSON, or a multipart form with files.
    pub body: BodyKind,
    pub response: Option<Response>,
    pub input_modalities: Vec<String>,
    pub output_modalities: Vec<String>,
    pub features: Vec<String>,
    pub region: Option<String>,
    pub source: String,
}

impl Model {
    /// The release date as Unix time (seconds, midnight UTC); 0 when the spec gives none.
    pub fn created(&self) -> u64 {
        self.released.as_deref().and_then(unix_date).unwrap_or(0)
    }
}

/// `YYYY-MM-DD` as Unix time (seconds at midnight UTC), for dates from 1970 on.
pub fn unix_date(date: &str) -> Option<u64> {
    let mut parts = date.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let (y, m, d): (i64, i64, i64) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days_in_month = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    if y < 1970 || !(1..=12).contains(&m) || d < 1 || d > days_in_month[(m - 1) as usize] {
        return None;
    }
    // Days from civil (Howard Hinnant's algorithm), counted from 1970-01-01.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    u64::try_from(days * 86_400).ok()
}

#[derive(Clone, Debug, PartialEq)]
pub struct Endpoint {
    pub method: String,
    pub path: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Response {
    /// `sync`, `async` or both, in the order the doc gives them.
    pub modes: Vec<ResponseMode>,
    /// Where an async task is polled (GET), e.g. `/v1/tasks/{task_id}`; fal's queue has two,
    /// the status and the result.
    pub poll: Vec<String>,
    /// Where a queued task is cancelled (PUT), e.g. fal's
    /// `/fal-ai/flux/requests/{request_id}/cancel`.
    pub cancel: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResponseMode {
    Sync,
    Async,
}

impl ResponseMode {
    pub fn as_str(self) -> &'static str {
        match self {
            ResponseMode::Sync => "sync",
            ResponseMode::Async => "async",
        }
    }
}

/// A member of the request body.
#[derive(Clone, Debug, PartialEq)]
pub struct Property {
    /// The key in its object.
    pub name: String,
    /// Dotted path from the body, e.g. `parameters.size`.
    pub path: String,
    pub required: bool,
    /// JSON `null` is accepted and means absent (its default applies).
    pub nullable: bool,
    pub default: Option<Literal>,
    pub title: Option<String>,
    pub description: Option<String>,
    /// Free text a person writes over several lines (a prompt): forms show a text area.
    pub multiline: bool,
    /// Where in the seed doc this property and its rules come from.
    pub source: String,
    pub examples: Vec<Literal>,
    pub kind: Kind,
    /// The canonical request parameter it carries (`role`), for translation.
    pub role: Option<Role>,
}

/// A property's JSON type with the rules of that type.
#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    /// The routing field `model`: a string from [`Model::names`].
    Model,
    Boolean,
    Integer(IntegerRule),
    /// A JSON number (`type = "number"`), integral or not.
    Number(NumberRule),
    String(StringRule),
    /// A size given as a preset name or as an object `{"width", "height"}` (`type = "size"`).
    Size(SizeChoiceRule),
    Array(ArrayRule),
    Object(Vec<Property>),
}

impl Kind {
    /// The JSON Schema `type`.
    pub fn json_type(&self) -> &'static str {
        match self {
            Kind::Model | Kind::String(_) => "string",
            Kind::Boolean => "boolean",
            Kind::Integer(_) => "integer",
            Kind::Number(_) => "number",
            Kind::Array(_) => "array",
            Kind::Object(_) | Kind::Size(_) => "object",
        }
    }
}

/// The largest integer JSON carries exactly everywhere: 2^53 − 1 (I-JSON, RFC 7493). Every
/// integer capspec accepts lies within ±this, so no value is rounded on its way to a check.
pub const MAX_SAFE_INTEGER: i64 = 9_007_199_254_740_991;

/// Inclusive bounds of an integer. An absent bound is ±[`MAX_SAFE_INTEGER`];
/// `minimum == maximum` is a fixed value (`const`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IntegerRule {
    pub minimum: Option<i64>,
    pub maximum: Option<i64>,
    /// The value is a multiple of this (positive).
    pub multiple_of: Option<i64>,
}

/// Bounds of a JSON number: inclusive `minimum`/`maximum`, exclusive
/// `exclusiveMinimum`/`exclusiveMaximum`, and `multipleOf`. A `multipleOf` is an integer or a
/// fraction whose denominator is a power of two (0.5, 0.25): numbers every JSON Schema
/// validator divides exactly.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct NumberRule {
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
    pub exclusive_minimum: Option<f64>,
    pub exclusive_maximum: Option<f64>,
    pub multiple_of: Option<f64>,
}

impl NumberRule {
    /// Whether `v` keeps every bound except `multipleOf`.
    pub const fn within(&self, v: f64) -> bool {
        (match self.minimum {
            Some(m) => v >= m,
            None => true,
        }) && (match self.maximum {
            Some(m) => v <= m,
            None => true,
        }) && (match self.exclusive_minimum {
            Some(m) => v > m,
            None => true,
        }) && (match self.exclusive_maximum {
            Some(m) => v < m,
            None => true,
        })
    }

    /// Whether `v` keeps every bound and is a multiple of `multipleOf`.
    pub const fn admits(&self, v: f64) -> bool {
        v.is_finite()
            && self.within(v)
            && match self.multiple_of {
                Some(m) => is_multiple(v, m),
                None => true,
            }
    }
}

/// Whether `value / multiple` is an integer, exactly: both are binary floating-point numbers,
/// so each is an odd integer times a power of two, and the quotient is an integer when the
/// divisor's odd part divides the dividend's and its power of two is not larger.
pub const fn is_multiple(value: f64, multiple: f64) -> bool {
    if value == 0.0 {
        return true;
    }
    if !value.is_finite() || !multiple.is_finite() || multiple <= 0.0 {
        return false;
    }
    let (vm, ve) = odd_part(value.abs());
    let (mm, me) = odd_part(multiple);
    ve >= me && vm % mm == 0
}

/// `x` (finite, positive) as `odd × 2^exp`.
const fn odd_part(x: f64) -> (u64, i32) {
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32;
    let frac = bits & ((1 << 52) - 1);
    let (mut mantissa, mut exp) = if exp == 0 {
        (frac, -1074)
    } else {
        (frac | (1 << 52), exp - 1075)
    };
    let zeros = mantissa.trailing_zeros();
    mantissa >>= zeros;
    exp += zeros as i32;
    (mantissa, exp)
}

impl IntegerRule {
    pub fn min(&self) -> i64 {
        self.minimum.unwrap_or(-MAX_SAFE_INTEGER)
    }
    pub fn max(&self) -> i64 {
        self.maximum.unwrap_or(MAX_SAFE_INTEGER)
    }
    /// The fixed value, when the range holds one value.
    pub fn fixed(&self) -> Option<i64> {
        match (self.minimum, self.maximum) {
            (Some(a), Some(b)) if a == b => Some(a),
            _ => None,
        }
    }
    /// The step values must be a multiple of (1 when there is none).
    pub fn step(&self) -> i64 {
        self.multiple_of.unwrap_or(1).max(1)
    }
    /// The smallest valid value: the first multiple of the step in `min..=max`.
    pub fn first_multiple(&self) -> Option<i64> {
        let step = self.step();
        let first = self.min().div_euclid(step) * step;
        let first = if first < self.min() {
            first + step
        } else {
            first
        };
        (first <= self.max()).then_some(first)
    }
    /// The largest valid value: the last multiple of the step in `min..=max`.
    pub fn last_multiple(&self) -> Option<i64> {
        let step = self.step();
        let last = self.max().div_euclid(step) * step;
        (last >= self.min()).then_some(last)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct StringRule {
    /// At least this many Unicode scalar values (characters).
    pub min_length: Option<u64>,
    /// At most this many Unicode scalar values (characters), never bytes.
    pub max_length: Option<u64>,
    /// Members of a fixed size list (`format = "size"` with `enum`) that name no size
    /// (`auto`: the provider picks it).
    pub unsized_values: Vec<String>,
    /// A closed set; empty means any string.
    pub enum_values: Vec<String>,
    pub format: Option<StringFormat>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum StringFormat {
    /// `WxH` (or another separator) in pixels.
    Size(SizeRule),
    /// An http(s) URL the provider fetches.
    Url(UrlRule),
}

#[derive(Clone, Debug, PartialEq)]
pub struct SizeRule {
    pub separator: char,
    pub width: Bounds,
    pub height: Bounds,
    /// Total pixels, `width * height`.
    pub pixels: Bounds,
    pub aspect_ratio: RatioBounds,
}

impl SizeRule {
    /// Whether a size keeps every bound of the rule.
    pub const fn fits(&self, d: Dims) -> bool {
        self.width.contains(d.width as u128)
            && self.width.steps(d.width as u128)
            && self.height.contains(d.height as u128)
            && self.height.steps(d.height as u128)
            && self.pixels.contains(d.pixels())
            && self.aspect_ratio.contains(d.ratio())
    }

    /// The JSON Schema `pattern` equivalent to the syntax this rule accepts.
    pub fn pattern(&self) -> String {
        dims::size_pattern(self.separator)
    }
}

/// Inclusive bounds; `None` is unbounded on that side. A side may also have to be a
/// multiple of a step (`multipleOf`, pixels).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Bounds {
    pub minimum: Option<u64>,
    pub maximum: Option<u64>,
    pub multiple_of: Option<u64>,
}

impl Bounds {
    pub const fn is_unbounded(&self) -> bool {
        self.minimum.is_none() && self.maximum.is_none() && self.multiple_of.is_none()
    }
    /// Whether `value` is a multiple of the step (or there is none).
    pub const fn steps(&self, value: u128) -> bool {
        match self.multiple_of {
            Some(m) if m > 0 => value.is_multiple_of(m as u128),
            _ => true,
        }
    }
    /// Whether `value` is within `minimum..=maximum` (the step aside).
    pub const fn contains(&self, value: u128) -> bool {
        let above = match self.minimum {
            Some(min) => value >= min as u128,
            None => true,
        };
        let below = match self.maximum {
            Some(max) => value <= max as u128,
            None => true,
        };
        above && below
    }
}

/// Inclusive bounds on `width:height`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RatioBounds {
    pub minimum: Option<Ratio>,
    pub maximum: Option<Ratio>,
}

impl RatioBounds {
    pub const fn is_unbounded(&self) -> bool {
        self.minimum.is_none() && self.maximum.is_none()
    }
    pub const fn contains(&self, ratio: Ratio) -> bool {
        let above = match self.minimum {
            Some(min) => ratio.at_least(min),
            None => true,
        };
        let below = match self.maximum {
            Some(max) => max.at_least(ratio),
            None => true,
        };
        above && below
    }
}

/// An `http` or `https` URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UrlRule {
    /// The provider fetches the URL ("publicly accessible"): the host must be public.
    pub public: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ArrayRule {
    /// The items' kind: a boolean, integer, number or string kind.
    pub items: Box<Kind>,
    pub min_items: Option<u64>,
    pub max_items: Option<u64>,
}

/// A size given as a preset name (`"landscape_16_9"`) or as an object
/// `{"width": W, "height": H}` in pixels, whose sides, area and aspect ratio are bounded like
/// a free size's.
#[derive(Clone, Debug, PartialEq)]
pub struct SizeChoiceRule {
    /// The presets, in order, with the size each stands for.
    pub presets: Vec<(String, Dims)>,
    pub width: Bounds,
    pub height: Bounds,
    pub pixels: Bounds,
    pub aspect_ratio: RatioBounds,
}

impl SizeChoiceRule {
    /// The bounds of the object form as a free size's rule (the separator unused).
    pub fn object_rule(&self) -> SizeRule {
        SizeRule {
            separator: 'x',
            width: self.width,
            height: self.height,
            pixels: self.pixels,
            aspect_ratio: self.aspect_ratio,
        }
    }
}

/// A scalar value written in a spec: a default, a `const`, an enum member or an example.
#[derive(Clone, Debug, PartialEq)]
pub enum Literal {
    Bool(bool),
    Int(i64),
    Number(f64),
    Str(String),
}

impl Literal {
    /// The literal as a JSON value.
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Literal::Bool(b) => serde_json::Value::Bool(*b),
            Literal::Int(i) => serde_json::Value::from(*i),
            Literal::Number(n) => serde_json::Value::from(*n),
            Literal::Str(s) => serde_json::Value::from(s.as_str()),
        }
    }
}

impl fmt::Display for Literal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Literal::Bool(b) => write!(f, "{b}"),
            Literal::Int(i) => write!(f, "{i}"),
            Literal::Number(n) => write!(f, "{n}"),
            Literal::Str(s) => write!(f, "{s:?}"),
        }
    }
}

/// A conditional rule between properties. Paths are dotted.
#[derive(Clone, Debug, PartialEq)]
pub enum Rule {
    /// When the condition holds, each path must be present.
    Require {
        when: Condition,
        paths: Vec<String>,
        source: String,
    },
    /// When the condition holds, no path may be present.
    Forbid {
        when: Condition,
        paths: Vec<String>,
        source: String,
    },
    /// At most one of the paths may be present.
    Exclusive { paths: Vec<String>, source: String },
    /// When the condition holds, the effective value of `path` (given, or its default) must
    /// be one of `values`.
    Allow {
        when: Condition,
        path: String,
        values: Vec<Literal>,
        source: String,
    },
}

/// `path` is one of `values` (or, negated, none of them), where an absent property has its
/// default.
#[derive(Clone, Debug, PartialEq)]
pub struct Condition {
    pub path: String,
    /// One value, or several (`when = { output_format = ["webp", "jpeg"] }`).
    pub values: Vec<Literal>,
    /// Written `unless = {...}` rather than `when = {...}`.
    pub negated: bool,
}

impl Condition {
    /// Whether the condition's value set holds `value` (negation aside).
    pub fn matches(&self, value: &Literal) -> bool {
        self.values.contains(value)
    }
}

/// What an `allow` rule allows, as messages say it: `must be one of "png", "webp" when
/// background is "transparent"` (`must be "png" when ...` for one value).
pub fn allowed(values: &[Literal], when: &Condition) -> String {
    let list: Vec<String> = values.iter().map(ToString::to_string).collect();
    let what = if list.len() == 1 {
        "must be"
    } else {
        "must be one of"
    };
    format!("{what} {} when {when}", list.join(", "))
}

impl fmt::Display for Condition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.negated, self.values.as_slice()) {
            (false, [one]) => write!(f, "{} is {one}", self.path),
            (true, [one]) => write!(f, "{} is not {one}", self.path),
            (negated, many) => {
                let list: Vec<String> = many.iter().map(ToString::to_string).collect();
                let op = if negated { "is none of" } else { "is one of" };
                write!(f, "{} {op} {}", self.path, list.join(", "))
            }
        }
    }
}

/// Aspect ratio × resolution tier → pixel size.
#[derive(Clone, Debug, PartialEq)]
pub struct SizeTable {
    /// Path of the string enum holding the ratio (`16:9`).
    pub ratio: String,
    /// Path of the string enum holding the tier (`2K`).
    pub tier: String,
    /// `(ratio, [(tier, size)])`, rows in file order.
    pub cells: Vec<(String, Vec<(String, Dims)>)>,
    pub source: String,
    /// `role = "size"`: the table carries the canonical `size`.
    pub size_role: bool,
}

impl SizeTable {
    pub fn cell(&self, ratio: &str, tier: &str) -> Option<Dims> {
        let (_, row) = self.cells.iter().find(|(r, _)| r == ratio)?;
        row.iter().find(|(t, _)| t == tier).map(|&(_, dims)| dims)
    }
}

/// The output size given as two integer properties.
#[derive(Clone, Debug, PartialEq)]
pub struct CustomSize {
    pub width: String,
    pub height: String,
    pub pixels: Bounds,
    pub aspect_ratio: RatioBounds,
    pub source: String,
    /// `role = "size"`: width and height carry the canonical `size`.
    pub size_role: bool,
}

/// What a valid request asks for: image count and pixel size.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Output {
    /// Path of the integer property holding the image count; absent means one image.
    pub count: Option<String>,
    /// Where the output size comes from, first present source wins.
    pub size: Vec<SizeSource>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SizeSource {
    /// A string property with `format = "size"` (free `WxH` or a fixed list).
    Property(String),
    /// `[size_table]`.
    Table,
    /// `[custom_size]`.
    Custom,
}

/// A request body printed in the seed doc; it must validate.
#[derive(Clone, Debug, PartialEq)]
pub struct Example {
    pub source: String,
    pub body: serde_json::Map<String, serde_json::Value>,
    /// Keys added to a fragment the doc prints, to make it a whole request.
    pub added: Vec<String>,
    /// The output width and height in pixels the body asks for; `None` where the spec does
    /// not determine them.
    pub width: Option<u64>,
    pub height: Option<u64>,
    /// The number of images the body asks for.
    pub n: u64,
    /// Where the doc prints the resulting size (e.g. `→ 1280×720`): that text, verbatim.
    pub quote: Option<String>,
}

impl Spec {
    /// The property at a dotted path.
    pub fn property(&self, path: &str) -> Option<&Property> {
        find_property(&self.properties, path)
    }

    /// Every property, depth first, in file order.
    pub fn walk(&self) -> Vec<&Property> {
        fn go<'a>(props: &'a [Property], out: &mut Vec<&'a Property>) {
            for p in props {
                out.push(p);
                if let Kind::Object(children) = &p.kind {
                    go(children, out);
                }
            }
        }
        let mut out = Vec::new();
        go(&self.properties, &mut out);
        out
    }

    /// The endpoint path that selects this spec, for an API whose body names no model (fal:
    /// `POST /fal-ai/flux/dev`). `None` for a spec routed by its body's `model`.
    pub fn routed_path(&self) -> Option<&str> {
        if self.properties.iter().any(|p| p.kind == Kind::Model) {
            return None;
        }
        self.model.endpoint.as_ref()?.path.as_deref()
    }
}

pub(crate) fn find_property<'a>(props: &'a [Property], path: &str) -> Option<&'a Property> {
    let (head, rest) = match path.split_once('.') {
        Some((head, rest)) => (head, Some(rest)),
        None => (path, None),
    };
    let prop = props.iter().find(|p| p.name == head)?;
    match (rest, &prop.kind) {
        (None, _) => Some(prop),
        (Some(rest), Kind::Object(children)) => find_property(children, rest),
        (Some(_), _) => None,
    }
}

/// A problem in a spec file, with the position of the offending value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.column, self.message
        )
    }
}

impl std::error::Error for Diagnostic {}

/// What the loader needs to know beyond the file itself.
#[derive(Clone, Copy, Debug, Default)]
pub struct Context<'a> {
    /// Where a spec's top-level `source` must name a file, for a spec set that opts in (the
    /// shipped catalog does, with `seeds/`). `None`: `source` is free text.
    pub sources: Option<Sources<'a>>,
}

/// A directory of source docs: as messages show it, and the names of its files.
#[derive(Clone, Copy, Debug)]
pub struct Sources<'a> {
    pub dir: &'a str,
    pub files: &'a [String],
}

/// Parses and checks one spec file. `file` is used in diagnostics and `Spec::file`;
/// `provider` is the directory the file sits in.
pub fn parse(
    text: &str,
    file: &str,
    provider: &str,
    cx: &Context,
) -> Result<Spec, Vec<Diagnostic>> {
    check::parse(text, file, provider, cx)
}

/// Checks what no single file can: unique spec ids, unique model names per provider, at most
/// one default model per provider.
pub fn check_set(specs: &[Spec], texts: &[&str]) -> Vec<Diagnostic> {
    check::check_set(specs, texts)
}

/// A spec file found on disk.
#[derive(Clone, Debug)]
pub struct SpecFile {
    pub path: PathBuf,
    pub provider: String,
}

/// The spec files under `root`: `<root>/<provider>/*.toml`, sorted by path.
pub fn discover(root: &Path) -> std::io::Result<Vec<SpecFile>> {
    let mut files = Vec::new();
    for provider in std::fs::read_dir(root)? {
        let provider = provider?;
        if !provider.file_type()?.is_dir() {
            continue;
        }
        let name = provider.file_name().to_string_lossy().into_owned();
        for entry in std::fs::read_dir(provider.path())? {
            let path = entry?.path();
            if path.extension().is_some_and(|e| e == "toml") {
                files.push(SpecFile {
                    path,
                    provider: name.clone(),
                });
            }
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// A spec file's text, with the name diagnostics use and its provider.
#[derive(Clone, Debug)]
pub struct SourceText {
    pub file: String,
    pub provider: String,
    pub text: String,
}

/// Loads every spec of `files`, returning the specs or every diagnostic.
pub fn load(files: &[SourceText], cx: &Context) -> Result<Vec<Spec>, Vec<Diagnostic>> {
    let mut specs = Vec::new();
    let mut diagnostics = Vec::new();
    for f in files {
        match parse(&f.text, &f.file, &f.provider, cx) {
            Ok(spec) => specs.push(spec),
            Err(mut d) => diagnostics.append(&mut d),
        }
    }
    if diagnostics.is_empty() {
        let texts: Vec<&str> = files.iter().map(|f| f.text.as_str()).collect();
        diagnostics = check_set(&specs, &texts);
    }
    if diagnostics.is_empty() {
        Ok(specs)
    } else {
        Err(diagnostics)
    }
}

#[cfg(test)]
mod tests {
    use super::unix_date;

    #[test]
    fn dates_are_unix_time_at_midnight_utc() {
        assert_eq!(unix_date("1970-01-01"), Some(0));
        assert_eq!(unix_date("2000-03-01"), Some(951_868_800));
        assert_eq!(unix_date("2026-04-22"), Some(1_776_816_000));
        assert_eq!(unix_date("2024-02-29"), Some(1_709_164_800));
        for bad in [
            "2023-02-29",
            "2026-13-01",
            "2026-4-22",
            "1969-12-31",
            "22-04-2026",
            "2026-04-22T00",
            "",
        ] {
            assert_eq!(unix_date(bad), None, "{bad}");
        }
    }
}
