//! `enum`: a closed set of strings, checked by a generated [`Choice`] type.

use super::{Ctx, Got, Param, Piece, Quoted, Raw};
use crate::error::Code;
use crate::types::Choice;

/// Checks a parameter whose value must be one of a closed set: `parse` finds it (a generated
/// match, or a search of the values); `requirement` says what is allowed ([`requirement`],
/// built once per set, and only asked for when a value is not a member).
#[inline]
pub fn pick<'r, T>(
    cx: &mut Ctx<'_, '_>,
    raw: &Raw<'_>,
    param: Param<'_>,
    requirement: impl FnOnce() -> &'r str,
    parse: impl FnOnce(&str) -> Option<T>,
) -> Got<T> {
    match raw {
        Raw::Absent => Got::Absent,
        Raw::Str(s) => match parse(s) {
            Some(c) => Got::Valid(c),
            None => {
                cx.report(
                    param,
                    Code::InvalidValue,
                    &requirement(),
                    &[&"got " as &dyn Piece, &Quoted(s)],
                );
                Got::Invalid
            }
        },
        other => {
            cx.wrong_type(param, "a string", other);
            Got::Invalid
        }
    }
}

/// Checks a parameter whose value must be one of `values`: its index.
pub fn index(
    cx: &mut Ctx<'_, '_>,
    raw: &Raw<'_>,
    param: Param<'_>,
    values: &[String],
    requirement: &str,
) -> Got<usize> {
    pick(
        cx,
        raw,
        param,
        || requirement,
        |s| values.iter().position(|v| v == s),
    )
}

/// Checks a parameter whose value must be one of `C::VALUES`, as its generated enum.
#[inline]
pub fn choice<C: Choice>(cx: &mut Ctx<'_, '_>, raw: &Raw<'_>, param: Param<'_>) -> Got<C> {
    pick(cx, raw, param, C::requirement, C::parse)
}

/// What a member of `values` must be, as messages say it: `must be one of "a", "b"` (or
/// `must be "a"`). Validators build it once per set, not per violation.
pub fn requirement<V: AsRef<str>>(values: &[V]) -> String {
    let mut out = String::new();
    OneOf(values).put(&mut out);
    out
}

/// `must be one of "a", "b"` (or `must be "a"` for one value).
pub struct OneOf<'v, V>(pub &'v [V]);

impl<V: AsRef<str>> Piece for OneOf<'_, V> {
    fn put(&self, out: &mut String) {
        out.push_str(if self.0.len() == 1 {
            "must be "
        } else {
            "must be one of "
        });
        for (i, v) in self.0.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            Quoted(v.as_ref()).put(out);
        }
    }
}
