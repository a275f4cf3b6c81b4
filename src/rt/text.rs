//! `type: string` with `maxLength`, counted in characters (Unicode scalar values), as JSON
//! Schema counts it: never bytes.

use std::borrow::Cow;

use super::{Ctx, Got, Param, Raw};
use crate::error::{Code, Fault};
use crate::types::Text;

/// The string `raw` holds, moved out of the capture.
pub fn string<'de>(cx: &mut Ctx<'_>, raw: Raw<'de>, param: Param) -> Got<Cow<'de, str>> {
    match raw {
        Raw::Absent => Got::Absent,
        Raw::Str(s) => Got::Valid(s),
        other => {
            cx.wrong_type(param, "a string", &other);
            Got::Invalid
        }
    }
}

/// Any string.
pub fn plain(cx: &mut Ctx<'_>, raw: Raw<'_>, param: Param) -> Got<String> {
    string(cx, raw, param).map(Cow::into_owned)
}

/// A string of at most `MAX` characters.
pub fn text<const MAX: usize>(cx: &mut Ctx<'_>, raw: Raw<'_>, param: Param) -> Got<Text<MAX>> {
    match string(cx, raw, param) {
        Got::Valid(s) => Got::from_result(cx, param, Text::new(s.into_owned())),
        Got::Absent => Got::Absent,
        Got::Invalid => Got::Invalid,
    }
}

pub fn check_length(s: &str, max: usize) -> Result<(), Fault> {
    // Bytes bound characters from above: most strings never need counting.
    if s.len() <= max {
        return Ok(());
    }
    let chars = s.chars().count();
    if chars <= max {
        Ok(())
    } else {
        Err(Fault::new(
            Code::TooLong,
            format!("must be at most {max} characters"),
            format!("got {chars} characters"),
        ))
    }
}
