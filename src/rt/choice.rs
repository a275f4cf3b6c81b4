//! `enum`: a closed set of strings, checked by a generated [`Choice`] type.

use super::{Ctx, Got, Param, Piece, Quoted, Raw};
use crate::error::Code;
use crate::types::Choice;

/// Checks a parameter whose value must be one of `values`: `parse` finds it (a generated
/// match, or a search of `values`).
#[inline]
pub fn pick<T, V: AsRef<str>>(
    cx: &mut Ctx<'_, '_>,
    raw: &Raw<'_>,
    param: Param<'_>,
    values: &[V],
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
                    &OneOf(values),
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
) -> Got<usize> {
    pick(cx, raw, param, values, |s| {
        values.iter().position(|v| v == s)
    })
}

/// Checks a parameter whose value must be one of `C::VALUES`, as its generated enum.
#[inline]
pub fn choice<C: Choice>(cx: &mut Ctx<'_, '_>, raw: &Raw<'_>, param: Param<'_>) -> Got<C> {
    pick(cx, raw, param, C::VALUES, C::parse)
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

impl<V: AsRef<str>> std::fmt::Display for OneOf<'_, V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut s = String::new();
        self.put(&mut s);
        f.write_str(&s)
    }
}
