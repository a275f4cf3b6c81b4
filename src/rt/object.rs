//! `type: object`: a nested object whose members have their own slots.

use super::{Ctx, Got, Param, Raw};

/// Checks that a nested object parameter is an object.
pub fn object(cx: &mut Ctx<'_, '_>, raw: &Raw<'_>, param: Param<'_>) -> Got<()> {
    match raw {
        Raw::Absent => Got::Absent,
        Raw::Object => Got::Valid(()),
        other => {
            cx.wrong_type(param, "an object", other);
            Got::Invalid
        }
    }
}
