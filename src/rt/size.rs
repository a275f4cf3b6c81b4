//! Pixel sizes: a string `WxH` (`format = "size"`) or a pair of integer parameters
//! (`[custom_size]`), bounded per side, by total pixel area and by aspect ratio.

use std::fmt;

use super::{Ctx, Got, Param, Raw};
use crate::error::{Code, Fault, echo};
use crate::spec::{Bounds, Dims, RatioBounds, SizeRule};
use crate::types::{Size, SizeSpec};

/// Checks `text` against `rule`, giving every fault to `on_fault`. Returns the size when the
/// syntax is right (even if a bound is broken), `None` when it is not `W<sep>H`.
pub fn check(rule: &SizeRule, text: &str, mut on_fault: impl FnMut(Fault)) -> Option<Dims> {
    let Some(dims) = Dims::parse(text, rule.separator) else {
        on_fault(Fault::new(
            Code::InvalidFormat,
            format!(
                "must be a size written WIDTH{sep}HEIGHT in pixels, two positive whole numbers without leading zeros or spaces",
                sep = rule.separator
            ),
            format!("got {:?}", echo(text)),
        ));
        return None;
    };
    for (side, value, bounds) in [
        ("width", dims.width, rule.width),
        ("height", dims.height, rule.height),
    ] {
        if !bounds.contains(u128::from(value)) {
            on_fault(Fault::new(
                Code::OutOfRange,
                format!("must have a {side} {} pixels", Range(bounds)),
                format!("got {value} (in {:?})", echo(text)),
            ));
        }
    }
    check_area(rule.pixels, rule.aspect_ratio, dims, &mut on_fault);
    Some(dims)
}

/// The pixel-area and aspect-ratio faults of `dims`.
pub fn check_area(
    pixels: Bounds,
    aspect: RatioBounds,
    dims: Dims,
    mut on_fault: impl FnMut(Fault),
) {
    if !pixels.contains(dims.pixels()) {
        on_fault(Fault::new(
            Code::PixelAreaOutOfRange,
            format!(
                "must have a total pixel area (width × height) {}",
                Range(pixels)
            ),
            format!("got {dims} = {}", dims.pixels()),
        ));
    }
    if !aspect.contains(dims.ratio()) {
        let must = match (aspect.minimum, aspect.maximum) {
            (Some(min), Some(max)) => format!("between {min} and {max}"),
            (Some(min), None) => format!("of at least {min}"),
            (None, Some(max)) => format!("of at most {max}"),
            (None, None) => String::new(),
        };
        on_fault(Fault::new(
            Code::AspectRatioOutOfRange,
            format!("must have an aspect ratio (width:height) {must}"),
            format!("got {dims}"),
        ));
    }
}

/// Inclusive bounds as words: `between 1 and 6`, `at least 1`, `at most 6`.
pub struct Range(pub Bounds);

impl fmt::Display for Range {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.0.minimum, self.0.maximum) {
            (Some(min), Some(max)) => write!(f, "between {min} and {max}"),
            (Some(min), None) => write!(f, "of at least {min}"),
            (None, Some(max)) => write!(f, "of at most {max}"),
            (None, None) => f.write_str("of any value"),
        }
    }
}

/// Checks a free size parameter.
pub fn size<R: SizeSpec>(cx: &mut Ctx<'_>, raw: Raw<'_>, param: Param) -> Got<Size<R>> {
    let text = match raw {
        Raw::Absent => return Got::Absent,
        Raw::Str(s) => s,
        other => {
            cx.wrong_type(param, "a string", &other);
            return Got::Invalid;
        }
    };
    let before = cx.errors();
    let dims = check(&R::RULE, &text, |fault| cx.fault(param, fault));
    match dims {
        Some(dims) if cx.errors() == before => {
            Got::Valid(Size::from_checked(text.into_owned(), dims))
        }
        _ => Got::Invalid,
    }
}

/// Checks the pixel area and aspect ratio of a size given as two integer parameters; faults
/// are reported at the width parameter and name both.
pub fn custom(
    cx: &mut Ctx<'_>,
    width: i64,
    height: i64,
    pixels: Bounds,
    aspect: RatioBounds,
    params: (&'static str, &'static str),
) {
    let (Ok(w), Ok(h)) = (u64::try_from(width), u64::try_from(height)) else {
        return;
    };
    let dims = Dims {
        width: w,
        height: h,
    };
    check_area(pixels, aspect, dims, |fault| {
        let model = cx.model;
        cx.report.push(
            Some(params.0.to_owned()),
            fault.code(),
            format_args!(
                "{} × {} {} for {model}, {}",
                params.0,
                params.1,
                fault.requirement(),
                fault.got()
            ),
        );
    });
}
