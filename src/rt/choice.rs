//! `enum`: a closed set of strings, checked by a generated [`Choice`] type.

use super::{Ctx, Got, Param, Raw};
use crate::types::{Choice, choice as parse_choice};

/// Checks a parameter whose value must be one of `C::VALUES`.
pub fn choice<C: Choice>(cx: &mut Ctx<'_>, raw: &Raw<'_>, param: Param) -> Got<C> {
    match raw {
        Raw::Absent => Got::Absent,
        Raw::Str(s) => Got::from_result(cx, param, parse_choice::<C>(s)),
        other => {
            cx.wrong_type(param, "a string", other);
            Got::Invalid
        }
    }
}

/// `must be one of "a", "b"` (or `must be "a"` for one value).
pub fn must_be_one_of(values: &[&str]) -> String {
    let quoted: Vec<String> = values.iter().map(|v| format!("{v:?}")).collect();
    match quoted.as_slice() {
        [one] => format!("must be {one}"),
        many => format!("must be one of {}", many.join(", ")),
    }
}
