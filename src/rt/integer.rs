//! `type: integer` with `minimum`/`maximum` (inclusive), `multipleOf`, or `const`. Integers follow JSON
//! Schema: `2.0` is the integer 2, `2.5` is not an integer. Only integers within
//! ±[`MAX_SAFE_INTEGER`] (2^53 − 1) are read as such: beyond, JSON parsers round (serde_json
//! reads `-9223372036854775809` as −2^63), so those values are out of every range rather
//! than silently rounded into one.

use std::fmt;

use super::capture::Number;
use super::{Ctx, Got, Int, Param, Piece, Raw};
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

/// What `min..=max` allows, in words: `must be between <min> and <max>`, or
/// `is fixed at <min>` when they are equal.
pub struct Range {
    pub min: i64,
    pub max: i64,
}

impl Range {
    /// A fixed value is a closed set of one (`invalid_value`); a range is `out_of_range`.
    pub fn code(&self) -> Code {
        if self.min == self.max {
            Code::InvalidValue
        } else {
            Code::OutOfRange
        }
    }
}

impl Piece for Range {
    fn put(&self, out: &mut String) {
        if self.min == self.max {
            out.push_str("is fixed at ");
            Int(i128::from(self.min)).put(out);
        } else {
            out.push_str("must be between ");
            Int(i128::from(self.min)).put(out);
            out.push_str(" and ");
            Int(i128::from(self.max)).put(out);
        }
    }
}

impl fmt::Display for Range {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = String::new();
        self.put(&mut s);
        f.write_str(&s)
    }
}

/// `must be a multiple of N`.
pub struct MultipleOf(pub i64);

impl Piece for MultipleOf {
    fn put(&self, out: &mut String) {
        out.push_str("must be a multiple of ");
        Int(i128::from(self.0)).put(out);
    }
}

/// The first fault of `value` under `min..=max` and `multipleOf` `step`.
pub fn check(min: i64, max: i64, step: i64, value: i64) -> Result<(), Fault> {
    let piece = |p: &dyn Piece| {
        let mut s = String::new();
        p.put(&mut s);
        s
    };
    let range = Range { min, max };
    if !(min..=max).contains(&value) {
        return Err(Fault::new(
            range.code(),
            range.to_string(),
            format!("got {value}"),
        ));
    }
    if step > 1 && value % step != 0 {
        return Err(Fault::new(
            Code::NotMultipleOf,
            piece(&MultipleOf(step)),
            format!("got {value}"),
        ));
    }
    Ok(())
}

/// Checks an integer parameter with bounds `min..=max`.
#[inline]
pub fn within(
    cx: &mut Ctx<'_, '_>,
    raw: &Raw<'_>,
    param: Param<'_>,
    min: i64,
    max: i64,
) -> Got<i64> {
    stepped(cx, raw, param, min, max, 1)
}

/// Checks an integer parameter with bounds `min..=max` that must be a multiple of `step`;
/// a value both out of range and off the step has both faults.
#[inline]
pub fn stepped(
    cx: &mut Ctx<'_, '_>,
    raw: &Raw<'_>,
    param: Param<'_>,
    min: i64,
    max: i64,
    step: i64,
) -> Got<i64> {
    match raw {
        Raw::Absent => Got::Absent,
        raw => match integral(raw) {
            Some(Integral::Fits(i)) => {
                let in_range = (min..=max).contains(&i);
                let on_step = step <= 1 || i % step == 0;
                if !in_range {
                    out_of_range(cx, param, min, max, &Int(i128::from(i)));
                }
                if !on_step {
                    cx.report(
                        param,
                        Code::NotMultipleOf,
                        &MultipleOf(step),
                        &[&"got " as &dyn Piece, &Int(i128::from(i))],
                    );
                }
                if in_range && on_step {
                    Got::Valid(i)
                } else {
                    Got::Invalid
                }
            }
            Some(Integral::Beyond(n)) => {
                out_of_range(cx, param, min, max, &n);
                Got::Invalid
            }
            None => {
                cx.wrong_type(param, "an integer", raw);
                Got::Invalid
            }
        },
    }
}

/// Checks an integer parameter with bounds `MIN..=MAX`, as its constrained type.
#[inline]
pub fn integer<const MIN: i64, const MAX: i64>(
    cx: &mut Ctx<'_, '_>,
    raw: &Raw<'_>,
    param: Param<'_>,
) -> Got<Integer<MIN, MAX>> {
    within(cx, raw, param, MIN, MAX).map(Integer::checked)
}

/// Checks an integer parameter with bounds `MIN..=MAX` that must be a multiple of `STEP`, as
/// its constrained type.
#[inline]
pub fn multiple<const MIN: i64, const MAX: i64, const STEP: i64>(
    cx: &mut Ctx<'_, '_>,
    raw: &Raw<'_>,
    param: Param<'_>,
) -> Got<Integer<MIN, MAX, STEP>> {
    stepped(cx, raw, param, MIN, MAX, STEP).map(Integer::checked)
}

fn out_of_range(cx: &mut Ctx<'_, '_>, param: Param<'_>, min: i64, max: i64, got: &dyn Piece) {
    let range = Range { min, max };
    cx.report(param, range.code(), &range, &[&"got " as &dyn Piece, got]);
}

/// Checks an integer parameter with no bounds of its own (±[`MAX_SAFE_INTEGER`]).
pub fn int64(cx: &mut Ctx<'_, '_>, raw: &Raw<'_>, param: Param<'_>) -> Got<i64> {
    within(cx, raw, param, -MAX_SAFE_INTEGER, MAX_SAFE_INTEGER)
}
