//! `type: string` with `maxLength`, counted in characters (Unicode scalar values), as JSON
//! Schema counts it: never bytes. No string may hold NUL (U+0000): an upstream that reads C
//! strings would see a shorter string than the one validated.

use std::borrow::Cow;

use super::{Ctx, Got, Int, Param, Piece, Quoted, Raw};
use crate::error::{Code, Fault};
use crate::types::Text;

/// What every string parameter must not contain.
pub const NO_NUL: &str = "must not contain the NUL character (U+0000)";

/// The string `raw` holds, moved out of the capture.
pub fn string<'de>(cx: &mut Ctx<'_, '_>, raw: Raw<'de>, param: Param<'_>) -> Got<Cow<'de, str>> {
    match raw {
        Raw::Absent => Got::Absent,
        Raw::Str(s) if s.contains('\0') => {
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
    match string(cx, raw, param) {
        Got::Valid(s) => match too_long(&s, max) {
            None => Got::Valid(s),
            Some(chars) => {
                cx.report(
                    param,
                    Code::TooLong,
                    &MaxChars(max),
                    &[&"got " as &dyn Piece, &Int(chars as i128), &" characters"],
                );
                Got::Invalid
            }
        },
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

pub fn check_length(s: &str, max: usize) -> Result<(), Fault> {
    match too_long(s, max) {
        None => Ok(()),
        Some(chars) => Err(Fault::new(
            Code::TooLong,
            MaxChars(max).to_string(),
            format!("got {chars} characters"),
        )),
    }
}
