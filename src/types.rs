//! Constrained value types of generated requests. Each is a newtype with a private field: the
//! only ways to get one are validation and its checking constructor, so a value of the type
//! always satisfies its rule (parse, don't validate).
//!
//! String-holding types borrow from the validated input where they can (`'a`): validation
//! copies nothing. `into_owned` gives a `'static` value.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;
use std::ops::Deref;

use serde::{Serialize, Serializer};

use crate::error::Fault;
use crate::spec::{Dims, NumberRule, SizeRule};

/// An integer in `MIN..=MAX` (inclusive) that is a multiple of `STEP` (`multipleOf`; 1 when
/// the spec gives none). `MIN == MAX` is a fixed value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Integer<const MIN: i64, const MAX: i64, const STEP: i64 = 1>(i64);

impl<const MIN: i64, const MAX: i64, const STEP: i64> Integer<MIN, MAX, STEP> {
    pub const MINIMUM: i64 = MIN;
    pub const MAXIMUM: i64 = MAX;
    pub const MULTIPLE_OF: i64 = STEP;

    pub fn new(value: i64) -> Result<Self, Fault> {
        crate::rt::integer::check(MIN, MAX, STEP, value)?;
        Ok(Integer(value))
    }

    pub const fn get(self) -> i64 {
        self.0
    }

    /// The constant `V`, checked when the program is compiled: a `V` outside `MIN..=MAX`, or
    /// not a multiple of `STEP`, does not compile. (Generated code writes defaults this way.)
    pub const fn literal<const V: i64>() -> Self {
        const {
            assert!(
                MIN <= V && V <= MAX && V % STEP == 0,
                "the literal breaks the integer's rule"
            )
        };
        Integer(V)
    }

    /// For values validation has checked.
    pub(crate) const fn checked(value: i64) -> Self {
        Integer(value)
    }
}

impl<const MIN: i64, const MAX: i64, const STEP: i64> TryFrom<i64> for Integer<MIN, MAX, STEP> {
    type Error = Fault;
    fn try_from(value: i64) -> Result<Self, Fault> {
        Self::new(value)
    }
}

impl<const MIN: i64, const MAX: i64, const STEP: i64> From<Integer<MIN, MAX, STEP>> for i64 {
    fn from(v: Integer<MIN, MAX, STEP>) -> i64 {
        v.0
    }
}

impl<const MIN: i64, const MAX: i64, const STEP: i64> fmt::Display for Integer<MIN, MAX, STEP> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// The rule of a number parameter; generated marker types implement it.
pub trait NumberSpec {
    const RULE: NumberRule;
}

/// A JSON number that keeps `R`'s bounds and `multipleOf`. It serializes as written: an
/// integer stays an integer (`4`), a float a float (`3.5`).
pub struct Number<R> {
    value: f64,
    integer: bool,
    rule: PhantomData<R>,
}

impl<R: NumberSpec> Number<R> {
    pub fn new(value: f64) -> Result<Self, Fault> {
        crate::rt::number::check(&R::RULE, value)?;
        Ok(Number {
            value,
            integer: false,
            rule: PhantomData,
        })
    }

    /// A number constant, for `const` items (generated code writes defaults this way).
    ///
    /// # Panics
    /// When `value` breaks `R`'s rule: in a `const` item, that is a compile error. Use
    /// [`Number::new`] for values known at run time.
    pub const fn from_static(value: f64) -> Self {
        assert!(
            R::RULE.admits(value),
            "the constant breaks the number's rule"
        );
        Number {
            value,
            integer: false,
            rule: PhantomData,
        }
    }

    pub(crate) fn from_checked(n: crate::rt::number::Num) -> Self {
        Number {
            value: n.value,
            integer: n.integer,
            rule: PhantomData,
        }
    }
}

impl<R> Number<R> {
    pub const fn get(&self) -> f64 {
        self.value
    }
}

impl<R> Clone for Number<R> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<R> Copy for Number<R> {}

impl<R> fmt::Debug for Number<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Number").field(&self.value).finish()
    }
}

impl<R> PartialEq for Number<R> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl<R> fmt::Display for Number<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.value.fmt(f)
    }
}

impl<R> Serialize for Number<R> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        crate::rt::number::serialize(self.value, self.integer, serializer)
    }
}

/// A string of at most `MAX` and at least `MIN` characters (Unicode scalar values, not
/// bytes).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Text<'a, const MAX: usize, const MIN: usize = 0>(Cow<'a, str>);

impl<'a, const MAX: usize, const MIN: usize> Text<'a, MAX, MIN> {
    pub const MAX_LENGTH: usize = MAX;
    pub const MIN_LENGTH: usize = MIN;

    pub fn new(value: impl Into<Cow<'a, str>>) -> Result<Self, Fault> {
        let value = value.into();
        crate::rt::text::check_length(&value, MIN, MAX)?;
        Ok(Text(value))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_inner(self) -> Cow<'a, str> {
        self.0
    }

    pub fn into_owned(self) -> Text<'static, MAX, MIN> {
        Text(Cow::Owned(self.0.into_owned()))
    }

    pub(crate) fn from_checked(value: Cow<'a, str>) -> Self {
        Text(value)
    }
}

impl<const MAX: usize, const MIN: usize> Text<'static, MAX, MIN> {
    /// A string constant, for `const` items (generated code writes defaults this way).
    ///
    /// # Panics
    /// When `value` has more than `MAX` or fewer than `MIN` characters: in a `const` item,
    /// that is a compile error. Use [`Text::new`] for values known at run time.
    pub const fn from_static(value: &'static str) -> Self {
        let n = chars(value);
        assert!(
            MIN <= n && n <= MAX,
            "the constant's length breaks the text's rule"
        );
        Text(Cow::Borrowed(value))
    }
}

/// The characters (Unicode scalar values) of `s`, in a `const` context: its bytes that do
/// not continue a UTF-8 sequence.
const fn chars(s: &str) -> usize {
    let bytes = s.as_bytes();
    let (mut i, mut n) = (0, 0);
    while i < bytes.len() {
        if bytes[i] & 0xC0 != 0x80 {
            n += 1;
        }
        i += 1;
    }
    n
}

impl<const MAX: usize, const MIN: usize> Deref for Text<'_, MAX, MIN> {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl<const MAX: usize, const MIN: usize> fmt::Display for Text<'_, MAX, MIN> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An `http` or `https` URL, kept as written. With `PUBLIC`, it is one a provider may be
/// asked to fetch: no credentials, no `localhost`, no loopback, private, link-local or other
/// non-public IP literal (see [`crate::rt::url`]). Host names are not resolved: a fetcher must
/// check the address it connects to.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Url<'a, const PUBLIC: bool>(Cow<'a, str>);

impl<'a, const PUBLIC: bool> Url<'a, PUBLIC> {
    pub fn new(value: impl Into<Cow<'a, str>>) -> Result<Self, Fault> {
        let value = value.into();
        crate::rt::url::check(&value, PUBLIC)?;
        Ok(Url(value))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_inner(self) -> Cow<'a, str> {
        self.0
    }

    pub fn into_owned(self) -> Url<'static, PUBLIC> {
        Url(Cow::Owned(self.0.into_owned()))
    }

    pub(crate) fn from_checked(value: Cow<'a, str>) -> Self {
        Url(value)
    }
}

impl<const PUBLIC: bool> Deref for Url<'_, PUBLIC> {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl<const PUBLIC: bool> fmt::Display for Url<'_, PUBLIC> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The rule of a free size parameter; generated marker types implement it.
pub trait SizeSpec {
    const RULE: SizeRule;
}

/// A pixel size written `WxH` (or with the rule's separator), kept as written, that
/// satisfies `R`'s per-side, pixel-area and aspect-ratio bounds.
pub struct Size<'a, R> {
    text: Cow<'a, str>,
    dims: Dims,
    rule: PhantomData<R>,
}

impl<'a, R: SizeSpec> Size<'a, R> {
    /// Every fault of `text` (a bad format is one fault; bounds may give several).
    pub fn new(text: impl Into<Cow<'a, str>>) -> Result<Self, Vec<Fault>> {
        let text = text.into();
        let mut faults = Vec::new();
        let mut collect = |code, must: &dyn fmt::Display, got: &dyn fmt::Display| {
            faults.push(Fault::new(code, must.to_string(), got.to_string()))
        };
        match crate::rt::size::check(&R::RULE, &text, &mut collect) {
            Some(dims) if faults.is_empty() => Ok(Size {
                text,
                dims,
                rule: PhantomData,
            }),
            _ => Err(faults),
        }
    }

    pub(crate) fn from_checked(text: Cow<'a, str>, dims: Dims) -> Self {
        Size {
            text,
            dims,
            rule: PhantomData,
        }
    }
}

impl<R: SizeSpec> Size<'static, R> {
    /// A size constant written `W<sep>H`, for `const` items (generated code writes defaults
    /// this way).
    ///
    /// # Panics
    /// When `text` is not a size of `R`'s rule: in a `const` item, that is a compile error.
    /// Use [`Size::new`] for values known at run time.
    pub const fn from_static(text: &'static str) -> Self {
        let dims = parse_const(text, R::RULE.separator);
        assert!(R::RULE.fits(dims), "the constant breaks the size rule");
        Size {
            text: Cow::Borrowed(text),
            dims,
            rule: PhantomData,
        }
    }
}

/// `W<sep>H` parsed in a `const` context (an ASCII separator); panics on anything else.
const fn parse_const(text: &str, separator: char) -> Dims {
    let bytes = text.as_bytes();
    assert!(
        separator.is_ascii(),
        "a constant size needs an ASCII separator"
    );
    let sep = separator as u8;
    let (mut i, mut sides, mut value) = (0, [0u64; 2], 0u64);
    let mut side = 0;
    let mut digits = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == sep && side == 0 && digits > 0 {
            sides[0] = value;
            side = 1;
            value = 0;
            digits = 0;
        } else {
            assert!(
                b.is_ascii_digit() && !(digits == 0 && b == b'0'),
                "not a size"
            );
            value = value * 10 + (b - b'0') as u64;
            digits += 1;
        }
        i += 1;
    }
    assert!(side == 1 && digits > 0, "not a size");
    sides[1] = value;
    Dims {
        width: sides[0],
        height: sides[1],
    }
}

impl<'a, R> Size<'a, R> {
    /// Width in pixels.
    pub fn width(&self) -> u64 {
        self.dims.width
    }

    /// Height in pixels.
    pub fn height(&self) -> u64 {
        self.dims.height
    }

    pub fn dims(&self) -> Dims {
        self.dims
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn into_owned(self) -> Size<'static, R> {
        Size {
            text: Cow::Owned(self.text.into_owned()),
            dims: self.dims,
            rule: PhantomData,
        }
    }
}

impl<R> Clone for Size<'_, R> {
    fn clone(&self) -> Self {
        Size {
            text: self.text.clone(),
            dims: self.dims,
            rule: PhantomData,
        }
    }
}

impl<R> fmt::Debug for Size<'_, R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Size").field(&self.text).finish()
    }
}

impl<R> PartialEq for Size<'_, R> {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl<R> Eq for Size<'_, R> {}

impl<R> std::hash::Hash for Size<'_, R> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.text.hash(state);
    }
}

impl<R> fmt::Display for Size<'_, R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl<R> Serialize for Size<'_, R> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

/// The presets of a size given as a preset name or as an object `{"width", "height"}`
/// (`type = "size"`); generated preset enums implement it.
pub trait SizePresets: Choice {
    /// The bounds of a size given as an object (its separator unused).
    const OBJECT: SizeRule;
    /// The size the preset stands for, in pixels.
    fn dims(self) -> Dims;
}

/// A size given as a preset name (`"landscape_4_3"`) or as an object
/// `{"width": 1024, "height": 768}` whose sides, pixel area and aspect ratio keep the rule of
/// `P`. It serializes as given: the preset name, or the object.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PresetSize<P> {
    preset: Option<P>,
    dims: Dims,
}

impl<P: SizePresets> PresetSize<P> {
    /// The size of a preset (always valid).
    pub fn preset(preset: P) -> Self {
        PresetSize {
            preset: Some(preset),
            dims: preset.dims(),
        }
    }

    /// A size given as an object, with every fault of its sides, area and aspect ratio.
    pub fn object(width: u64, height: u64) -> Result<Self, Vec<Fault>> {
        let dims = Dims { width, height };
        let mut faults = Vec::new();
        crate::rt::size::check_dims(
            &P::OBJECT,
            dims,
            &crate::rt::size::Pair(dims),
            &mut |code, must, got| faults.push(Fault::new(code, must.to_string(), got.to_string())),
        );
        if faults.is_empty() {
            Ok(PresetSize { preset: None, dims })
        } else {
            Err(faults)
        }
    }

    pub(crate) fn from_checked(preset: Option<P>, dims: Dims) -> Self {
        PresetSize { preset, dims }
    }
}

impl<P: Copy> PresetSize<P> {
    /// The preset, when the size was given as one.
    pub fn as_preset(&self) -> Option<P> {
        self.preset
    }

    pub fn dims(&self) -> Dims {
        self.dims
    }

    /// Width in pixels.
    pub fn width(&self) -> u64 {
        self.dims.width
    }

    /// Height in pixels.
    pub fn height(&self) -> u64 {
        self.dims.height
    }
}

impl<P: Choice> Serialize for PresetSize<P> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        crate::rt::size::serialize_preset(self.preset.map(Choice::as_str), self.dims, serializer)
    }
}

/// A closed set of strings (an `enum`); generated enums implement it.
pub trait Choice: Copy + Eq + fmt::Debug + 'static {
    /// Every allowed value, in spec order.
    const VALUES: &'static [&'static str];
    /// The member written `value`.
    fn parse(value: &str) -> Option<Self>;
    /// The member's position in [`Choice::VALUES`].
    fn index(self) -> usize;
    /// What a member must be, as messages say it (`must be one of "a", "b"`): built once
    /// ([`crate::rt::choice::requirement`]).
    fn requirement() -> &'static str;
    /// The value as written in a request.
    fn as_str(self) -> &'static str {
        Self::VALUES.get(self.index()).copied().unwrap_or_default()
    }
}

/// What a valid request asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Output {
    /// Output width in pixels, where the spec determines it.
    pub width: Option<u64>,
    /// Output height in pixels, where the spec determines it.
    pub height: Option<u64>,
    /// Images the request generates (and is billed for).
    pub count: u32,
}
