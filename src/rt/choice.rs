//! `enum`: a closed set of strings, checked by a generated [`Choice`] type.

use super::{Ctx, Got, Param, Piece, Quoted, Raw};
use crate::error::Code;
use crate::types::Choice;

/// Checks a parameter whose value must be one of `C::VALUES`.
pub fn choice<C: Choice>(cx: &mut Ctx<'_>, raw: &Raw<'_>, param: Param) -> Got<C> {
    match raw {
        Raw::Absent => Got::Absent,
        Raw::Str(s) => match C::parse(s) {
            Some(c) => Got::Valid(c),
            None => {
                cx.report(
                    param,
                    Code::InvalidValue,
                    &OneOf(C::VALUES),
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

/// `must be one of "a", "b"` (or `must be "a"` for one value).
pub struct OneOf<'v>(pub &'v [&'v str]);

impl Piece for OneOf<'_> {
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
            Quoted(v).put(out);
        }
    }
}

impl std::fmt::Display for OneOf<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            [one] => write!(f, "must be {one:?}"),
            many => {
                f.write_str("must be one of ")?;
                for (i, v) in many.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{v:?}")?;
                }
                Ok(())
            }
        }
    }
}
