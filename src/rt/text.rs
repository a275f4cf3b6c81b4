//! `type: string` with `minLength` and `maxLength`, counted in characters (Unicode scalar values), as JSON
//! Schema counts it: never bytes. No string may hold NUL (U+0000): an upstream that reads C
//! strings would see a shorter string than the one validated.

use std::borrow::Cow;

use super::{Ctx, Got, Int, Param, Piece, Quoted, Raw};
use crate::error::{Code, Fault};
use crate::types::Text;

/// What every string parameter must not contain.
pub const NO_NUL: &str = "must not contain the NUL character (U+0000)";

/// Whether `s` holds a NUL (U+0000). A byte search (`memchr`, several bytes a step): a UTF-8
/// string holds the byte 0 only as U+0000.
#[inline]
pub fn has_nul(s: &str) -> bool {
    s.as_bytes().contains(&0)
}

/// The string `raw` holds, moved out of the capture.
pub fn string<'de>(cx: &mut Ctx<'_, '_>, raw: Raw<'de>, param: Param<'_>) -> Got<Cow<'de, str>> {
    match raw {
        Raw::Absent => Got::Absent,
        Raw::Str(s) if has_nul(&s) => {
            cx.report(
                param,
                Code::InvalidValue,
                &NO_NUL,
                &[&"got " as &dyn Piece, &Quoted(&s)],
            );
            Got::Invalid
        }
        Raw::Str(s) => Got::Valid(s),
        other => {
            cx.wrong_type(param, "a string", &other);
            Got::Invalid
        }
    }
}

/// Any string.
pub fn plain<'de>(cx: &mut Ctx<'_, '_>, raw: Raw<'de>, param: Param<'_>) -> Got<Cow<'de, str>> {
    string(cx, raw, param)
}

/// A string of at most `max` characters.
#[inline]
pub fn at_most<'de>(
    cx: &mut Ctx<'_, '_>,
    raw: Raw<'de>,
    param: Param<'_>,
    max: usize,
) -> Got<Cow<'de, str>> {
    length(cx, raw, param, 0, max)
}

/// A string of `min..=max` characters.
#[inline]
pub fn length<'de>(
    cx: &mut Ctx<'_, '_>,
    raw: Raw<'de>,
    param: Param<'_>,
    min: usize,
    max: usize,
) -> Got<Cow<'de, str>> {
    match string(cx, raw, param) {
        Got::Valid(s) => {
            if let Some(chars) = too_long(&s, max) {
                cx.report(
                    param,
                    Code::TooLong,
                    &MaxChars(max),
                    &[&"got " as &dyn Piece, &Int(chars as i128), &" characters"],
                );
                return Got::Invalid;
            }
            if let Some(chars) = too_short(&s, min) {
                cx.report(
                    param,
                    Code::TooShort,
                    &MinChars(min),
                    &[&"got " as &dyn Piece, &Int(chars as i128), &Chars(chars)],
                );
                return Got::Invalid;
            }
            Got::Valid(s)
        }
        Got::Absent => Got::Absent,
        Got::Invalid => Got::Invalid,
    }
}

/// A string of at most `MAX` characters, as its constrained type.
#[inline]
pub fn text<'de, const MAX: usize>(
    cx: &mut Ctx<'_, '_>,
    raw: Raw<'de>,
    param: Param<'_>,
) -> Got<Text<'de, MAX>> {
    at_most(cx, raw, param, MAX).map(Text::from_checked)
}

/// A string of `MIN..=MAX` characters, as its constrained type.
#[inline]
pub fn text_range<'de, const MIN: usize, const MAX: usize>(
    cx: &mut Ctx<'_, '_>,
    raw: Raw<'de>,
    param: Param<'_>,
) -> Got<Text<'de, MAX, MIN>> {
    length(cx, raw, param, MIN, MAX).map(Text::from_checked)
}

/// ` character` or ` characters`.
struct Chars(usize);

impl Piece for Chars {
    fn put(&self, out: &mut String) {
        out.push_str(if self.0 == 1 {
            " character"
        } else {
            " characters"
        });
    }
}

/// `must be at least N characters` (`must not be empty` for one).
pub struct MinChars(pub usize);

impl Piece for MinChars {
    fn put(&self, out: &mut String) {
        if self.0 == 1 {
            out.push_str("must not be empty");
        } else {
            out.push_str("must be at least ");
            Int(self.0 as i128).put(out);
            out.push_str(" characters");
        }
    }
}

impl std::fmt::Display for MinChars {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut s = String::new();
        self.put(&mut s);
        f.write_str(&s)
    }
}

/// The number of characters of `s` when there are fewer than `min`.
pub fn too_short(s: &str, min: usize) -> Option<usize> {
    // A character is at most 4 bytes: a string of `4 * min` bytes has `min` characters.
    if min == 0 || s.len() >= min.saturating_mul(4) {
        return None;
    }
    let chars = s.chars().count();
    (chars < min).then_some(chars)
}

/// `must be at most N characters`.
pub struct MaxChars(pub usize);

impl Piece for MaxChars {
    fn put(&self, out: &mut String) {
        out.push_str("must be at most ");
        Int(self.0 as i128).put(out);
        out.push_str(" characters");
    }
}

impl std::fmt::Display for MaxChars {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "must be at most {} characters", self.0)
    }
}

/// The number of characters of `s` when there are more than `max`.
pub fn too_long(s: &str, max: usize) -> Option<usize> {
    // Bytes bound characters from above: most strings never need counting.
    if s.len() <= max {
        return None;
    }
    let chars = s.chars().count();
    (chars > max).then_some(chars)
}

/// The fault of a string outside `min..=max` characters.
pub fn check_length(s: &str, min: usize, max: usize) -> Result<(), Fault> {
    if let Some(chars) = too_long(s, max) {
        return Err(Fault::new(
            Code::TooLong,
            MaxChars(max).to_string(),
            format!("got {chars} characters"),
        ));
    }
    if let Some(chars) = too_short(s, min) {
        return Err(Fault::new(
            Code::TooShort,
            MinChars(min).to_string(),
            format!("got {chars} characters"),
        ));
    }
    Ok(())
}
