//! `type: number`: any JSON number, with `minimum`/`maximum` (inclusive),
//! `exclusiveMinimum`/`exclusiveMaximum` and `multipleOf`, compared exactly as JSON Schema
//! does. A valid number is kept as written (`4` stays an integer, `3.5` a float).

use std::fmt;

use super::capture::Number as Captured;
use super::{Ctx, Got, Param, Piece, Raw};
use crate::error::{Code, Fault};
use crate::spec::{NumberRule, is_multiple};
use crate::types::{Number, NumberSpec};

/// A valid number: its value, and whether it was written as an integer (serialized back as
/// one).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Num {
    pub value: f64,
    pub integer: bool,
}

/// The value of a captured number. Integers beyond 2^53 round, but every bound is within
/// ±(2^53 − 1), so a rounded value is out of range either way.
fn read(n: Captured) -> Num {
    match n {
        Captured::PosInt(u) => Num {
            value: u as f64,
            integer: true,
        },
        Captured::NegInt(i) => Num {
            value: i as f64,
            integer: true,
        },
        Captured::Float(f) => Num {
            value: f,
            integer: false,
        },
    }
}

/// `must be between 1 and 20`, `must be greater than 0`, `must be at most 1`, ...
pub struct Bounds<'r>(pub &'r NumberRule);

impl Piece for Bounds<'_> {
    fn put(&self, out: &mut String) {
        let r = self.0;
        let low = match (r.minimum, r.exclusive_minimum) {
            (Some(m), _) => Some(("at least", m)),
            (None, Some(m)) => Some(("greater than", m)),
            (None, None) => None,
        };
        let high = match (r.maximum, r.exclusive_maximum) {
            (Some(m), _) => Some(("at most", m)),
            (None, Some(m)) => Some(("less than", m)),
            (None, None) => None,
        };
        let _ = match (low, high, r.minimum.zip(r.maximum)) {
            (_, _, Some((lo, hi))) => {
                fmt::Write::write_fmt(out, format_args!("must be between {lo} and {hi}"))
            }
            (Some((a, lo)), Some((b, hi)), None) => {
                fmt::Write::write_fmt(out, format_args!("must be {a} {lo} and {b} {hi}"))
            }
            (Some((a, v)), None, None) | (None, Some((a, v)), None) => {
                fmt::Write::write_fmt(out, format_args!("must be {a} {v}"))
            }
            (None, None, None) => fmt::Write::write_fmt(out, format_args!("must be a number")),
        };
    }
}

/// `must be a multiple of 0.5`.
pub struct MultipleOf(pub f64);

impl Piece for MultipleOf {
    fn put(&self, out: &mut String) {
        let _ = fmt::Write::write_fmt(out, format_args!("must be a multiple of {}", self.0));
    }
}

/// The faults of `value` under `rule`: out of bounds, not a multiple (both when both).
pub fn faults(rule: &NumberRule, value: f64) -> (bool, bool) {
    let out_of_range = !value.is_finite() || !rule.within(value);
    let off_step = rule.multiple_of.is_some_and(|m| !is_multiple(value, m));
    (out_of_range, off_step)
}

/// Checks a number parameter (or array item) against `rule`.
pub fn number(
    cx: &mut Ctx<'_, '_>,
    raw: &Raw<'_>,
    param: Param<'_>,
    rule: &NumberRule,
) -> Got<Num> {
    let n = match raw {
        Raw::Absent => return Got::Absent,
        Raw::Number(n) => *n,
        other => {
            cx.wrong_type(param, "a number", other);
            return Got::Invalid;
        }
    };
    let num = read(n);
    let (out_of_range, off_step) = faults(rule, num.value);
    if out_of_range {
        cx.report(
            param,
            Code::OutOfRange,
            &Bounds(rule),
            &[&"got " as &dyn Piece, &n],
        );
    }
    if let (true, Some(m)) = (off_step, rule.multiple_of) {
        cx.report(
            param,
            Code::NotMultipleOf,
            &MultipleOf(m),
            &[&"got " as &dyn Piece, &n],
        );
    }
    if out_of_range || off_step {
        Got::Invalid
    } else {
        Got::Valid(num)
    }
}

/// Checks a number parameter (or array item) against `R`'s rule, as its constrained type.
#[inline]
pub fn value<R: NumberSpec>(
    cx: &mut Ctx<'_, '_>,
    raw: &Raw<'_>,
    param: Param<'_>,
) -> Got<Number<R>> {
    number(cx, raw, param, &R::RULE).map(Number::from_checked)
}

/// The first fault of `value` under `rule`, for the checking constructor of
/// [`crate::types::Number`].
pub fn check(rule: &NumberRule, value: f64) -> Result<(), Fault> {
    if !value.is_finite() {
        return Err(Fault::new(
            Code::InvalidType,
            "must be a finite number".to_owned(),
            format!("got {value}"),
        ));
    }
    let (out_of_range, off_step) = faults(rule, value);
    let piece = |p: &dyn Piece| {
        let mut s = String::new();
        p.put(&mut s);
        s
    };
    if out_of_range {
        return Err(Fault::new(
            Code::OutOfRange,
            piece(&Bounds(rule)),
            format!("got {value}"),
        ));
    }
    if let (true, Some(m)) = (off_step, rule.multiple_of) {
        return Err(Fault::new(
            Code::NotMultipleOf,
            piece(&MultipleOf(m)),
            format!("got {value}"),
        ));
    }
    Ok(())
}

/// A valid number as it was written: an integer as an integer, else a float.
pub fn serialize<S: serde::Serializer>(
    value: f64,
    integer: bool,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    if integer {
        // Valid numbers are within ±(2^53 − 1): the cast is exact.
        serializer.serialize_i64(value as i64)
    } else {
        serializer.serialize_f64(value)
    }
}
