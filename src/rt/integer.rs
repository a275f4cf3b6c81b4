//! `type: integer` with `minimum`/`maximum` (inclusive) or `const`. Integers follow JSON
//! Schema: `2.0` is the integer 2, `2.5` is not an integer. Only integers within
//! ±[`MAX_SAFE_INTEGER`] (2^53 − 1) are read as such: beyond, JSON parsers round (serde_json
//! reads `-9223372036854775809` as −2^63), so those values are out of every range rather
//! than silently rounded into one.

use std::fmt;

use super::capture::Number;
use super::{Ctx, Got, Param, Raw};
use crate::error::{Code, Fault};
use crate::spec::MAX_SAFE_INTEGER;
use crate::types::Integer;

/// A JSON number with no fractional part.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Integral {
    /// Within ±[`MAX_SAFE_INTEGER`]: exact.
    Fits(i64),
    /// Integral but beyond ±[`MAX_SAFE_INTEGER`] (e.g. `18446744073709551616`, `1e300`):
    /// out of every range.
    Beyond(Number),
}

/// The integer `raw` holds, or `None` if it holds no integer.
pub fn integral(raw: &Raw<'_>) -> Option<Integral> {
    const SAFE: f64 = MAX_SAFE_INTEGER as f64;
    let Raw::Number(n) = *raw else { return None };
    let fits = match n {
        Number::PosInt(u) => i64::try_from(u).ok().filter(|i| *i <= MAX_SAFE_INTEGER),
        Number::NegInt(i) => Some(i).filter(|i| *i >= -MAX_SAFE_INTEGER),
        Number::Float(f) if f.is_finite() && f.fract() == 0.0 => {
            (-SAFE..=SAFE).contains(&f).then_some(f as i64)
        }
        Number::Float(_) => return None,
    };
    Some(match fits {
        Some(i) => Integral::Fits(i),
        None => Integral::Beyond(n),
    })
}

/// The fault of a value outside `min..=max`.
pub fn range_fault(min: i64, max: i64, got: impl fmt::Display) -> Fault {
    let (code, must) = if min == max {
        (Code::InvalidValue, format!("is fixed at {min}"))
    } else {
        (Code::OutOfRange, format!("must be between {min} and {max}"))
    };
    Fault::new(code, must, format!("got {got}"))
}

/// Checks an integer parameter with bounds `MIN..=MAX`.
pub fn integer<const MIN: i64, const MAX: i64>(
    cx: &mut Ctx<'_>,
    raw: &Raw<'_>,
    param: Param,
) -> Got<Integer<MIN, MAX>> {
    match raw {
        Raw::Absent => Got::Absent,
        raw => match integral(raw) {
            Some(Integral::Fits(i)) => Got::from_result(cx, param, Integer::new(i)),
            Some(Integral::Beyond(n)) => {
                cx.fault(param, range_fault(MIN, MAX, n));
                Got::Invalid
            }
            None => {
                cx.wrong_type(param, "an integer", raw);
                Got::Invalid
            }
        },
    }
}

/// Checks an integer parameter with no bounds of its own (±[`MAX_SAFE_INTEGER`]).
pub fn int64(cx: &mut Ctx<'_>, raw: &Raw<'_>, param: Param) -> Got<i64> {
    integer::<{ -MAX_SAFE_INTEGER }, MAX_SAFE_INTEGER>(cx, raw, param).map(Integer::get)
}
