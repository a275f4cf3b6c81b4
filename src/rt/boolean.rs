//! `type: boolean`.

use super::{Ctx, Got, Param, Raw};

/// Checks a boolean parameter (or array item).
pub fn boolean(cx: &mut Ctx<'_, '_>, raw: &Raw<'_>, param: Param<'_>) -> Got<bool> {
    match raw {
        Raw::Absent => Got::Absent,
        Raw::Bool(b) => Got::Valid(*b),
        other => {
            cx.wrong_type(param, "a boolean", other);
            Got::Invalid
        }
    }
}
