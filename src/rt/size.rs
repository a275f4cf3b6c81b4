//! Pixel sizes: a string `WxH` (`format = "size"`) or a pair of integer parameters
//! (`[custom_size]`), bounded per side, by total pixel area and by aspect ratio.

use std::borrow::Cow;
use std::fmt;

use serde::Serializer;
use serde::ser::SerializeMap;

use super::capture::{Capture, Slots};
use super::{Ctx, Got, Name, Param, Piece, Quoted, Raw, integer};
use crate::error::{Code, echo};
use crate::spec::{Bounds, Dims, MAX_SAFE_INTEGER, RatioBounds, SizeRule};
use crate::types::{PresetSize, Size, SizePresets, SizeSpec};

/// What a size check reports: code, requirement, given value (formatted by the receiver).
pub type OnFault<'f> = &'f mut dyn FnMut(Code, &dyn fmt::Display, &dyn fmt::Display);

/// Checks `text` against `rule`, giving every fault to `on_fault`. Returns the size when the
/// syntax is right (even if a bound is broken), `None` when it is not `W<sep>H`.
pub fn check(rule: &SizeRule, text: &str, on_fault: OnFault<'_>) -> Option<Dims> {
    let Some(dims) = Dims::parse(text, rule.separator) else {
        on_fault(
            Code::InvalidFormat,
            &format_args!(
                "must be a size written WIDTH{sep}HEIGHT in pixels, two positive whole numbers without leading zeros or spaces",
                sep = rule.separator
            ),
            &format_args!("got {:?}", echo(text)),
        );
        return None;
    };
    check_dims(rule, dims, &Quoted(text), on_fault);
    Some(dims)
}

/// Every fault of `dims` under `rule`: each side's bounds and step, then pixel area and
/// aspect ratio. `given` is how the size was written, for messages.
pub fn check_dims(rule: &SizeRule, dims: Dims, given: &dyn fmt::Display, on_fault: OnFault<'_>) {
    for (side, value, bounds) in [
        ("width", dims.width, rule.width),
        ("height", dims.height, rule.height),
    ] {
        if !bounds.contains(u128::from(value)) {
            on_fault(
                Code::OutOfRange,
                &format_args!("must have a {side} {} pixels", range(bounds)),
                &format_args!("got {value} (in {given})"),
            );
        }
        if let Some(step) = bounds.multiple_of
            && !bounds.steps(u128::from(value))
        {
            on_fault(
                Code::NotMultipleOf,
                &format_args!("must have a {side} that is a multiple of {step} pixels"),
                &format_args!("got {value} (in {given})"),
            );
        }
    }
    check_area(rule.pixels, rule.aspect_ratio, dims, given, on_fault);
}

/// The pixel-area and aspect-ratio faults of `dims`, given in the request as `given`.
pub fn check_area(
    pixels: Bounds,
    aspect: RatioBounds,
    dims: Dims,
    given: &dyn fmt::Display,
    on_fault: OnFault<'_>,
) {
    if !pixels.contains(dims.pixels()) {
        on_fault(
            Code::PixelAreaOutOfRange,
            &format_args!(
                "must have a total pixel area (width × height) {}",
                range(pixels)
            ),
            &format_args!("got {given} = {} pixels", dims.pixels()),
        );
    }
    if !aspect.contains(dims.ratio()) {
        on_fault(
            Code::AspectRatioOutOfRange,
            &format_args!(
                "must have an aspect ratio (width:height) {}",
                Span(aspect.minimum, aspect.maximum)
            ),
            &format_args!("got {given}"),
        );
    }
}

/// Inclusive bounds as words: `between <min> and <max>`, `of at least <min>`, `of at most <max>`.
pub struct Span<T>(pub Option<T>, pub Option<T>);

impl<T: fmt::Display> fmt::Display for Span<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.0, &self.1) {
            (Some(min), Some(max)) => write!(f, "between {min} and {max}"),
            (Some(min), None) => write!(f, "of at least {min}"),
            (None, Some(max)) => write!(f, "of at most {max}"),
            (None, None) => f.write_str("of any value"),
        }
    }
}

/// Pixel bounds as words.
fn range(b: Bounds) -> Span<u64> {
    Span(b.minimum, b.maximum)
}

/// Checks a free size parameter: the text and its size.
pub fn sized<'de>(
    cx: &mut Ctx<'_, '_>,
    raw: Raw<'de>,
    param: Param<'_>,
    rule: &SizeRule,
) -> Got<(Cow<'de, str>, Dims)> {
    let text = match raw {
        Raw::Absent => return Got::Absent,
        Raw::Str(s) => s,
        other => {
            cx.wrong_type(param, "a string", &other);
            return Got::Invalid;
        }
    };
    let mut broken = false;
    let dims = check(rule, &text, &mut |code, must, got| {
        broken = true;
        cx.report(param, code, &format_args!("{must}"), &format_args!("{got}"));
    });
    match dims {
        Some(dims) if !broken => Got::Valid((text, dims)),
        _ => Got::Invalid,
    }
}

/// Checks a free size parameter, as its constrained type.
#[inline]
pub fn size<'de, R: SizeSpec>(
    cx: &mut Ctx<'_, '_>,
    raw: Raw<'de>,
    param: Param<'_>,
) -> Got<Size<'de, R>> {
    sized(cx, raw, param, &R::RULE).map(|(text, dims)| Size::from_checked(text, dims))
}

/// A size given as two integers, as messages show it: `<width> × <height>`.
pub struct Pair(pub Dims);

impl fmt::Display for Pair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} × {}", self.0.width, self.0.height)
    }
}

/// Checks the pixel area and aspect ratio of a size given as two integer parameters; faults
/// are reported at the width parameter and name both.
pub fn custom(
    cx: &mut Ctx<'_, '_>,
    width: i64,
    height: i64,
    pixels: Bounds,
    aspect: RatioBounds,
    params: (Name<'_>, Name<'_>),
) {
    let (Ok(w), Ok(h)) = (u64::try_from(width), u64::try_from(height)) else {
        return;
    };
    let dims = Dims {
        width: w,
        height: h,
    };
    check_area(pixels, aspect, dims, &Pair(dims), &mut |code, must, got| {
        let model = cx.model;
        cx.report.push(
            Some(params.0.to_cow()),
            code,
            format_args!(
                "{} × {} {must} for {model}, {got}",
                params.0.as_str(),
                params.1.as_str()
            ),
        );
    });
}

/// The members of a size given as an object: `(slot, path)` of `width` and of `height`.
pub type Sides<'p> = [(usize, Name<'p>); 2];

/// Checks a size given as a preset name or as an object `{"width", "height"}` (`type =
/// "size"`): a name `find` knows, or integer sides within `rule`'s bounds and steps (faults
/// at `<param>.width`, `<param>.height`) whose pixel area and aspect ratio keep the rule's
/// (faults at the param). Gives the preset (`None` for an object) and the size.
pub fn preset_or_object<'de, 'p, T, S: Slots<'de>>(
    cx: &mut Ctx<'_, '_>,
    cap: &Capture<'de, '_, S>,
    (slot, path): (usize, Name<'_>),
    sides: Sides<'_>,
    rule: &SizeRule,
    presets: impl FnOnce() -> &'p str,
    find: impl FnOnce(&str) -> Option<(T, Dims)>,
) -> Got<(Option<T>, Dims)> {
    let param = Param::Path(path);
    match cap.get(slot) {
        Raw::Absent => Got::Absent,
        Raw::Str(s) => match find(s) {
            Some((preset, dims)) => Got::Valid((Some(preset), dims)),
            None => {
                cx.report(
                    param,
                    Code::InvalidValue,
                    &presets(),
                    &[
                        &"or an object {width, height}, got " as &dyn Piece,
                        &Quoted(s),
                    ],
                );
                Got::Invalid
            }
        },
        Raw::Object => {
            let mut side = |(slot, name): (usize, Name<'_>), b: Bounds| -> Option<u64> {
                let raw = cap.get(slot);
                if raw.is_absent() {
                    super::rules::missing(cx, name);
                    return None;
                }
                let min = b
                    .minimum
                    .map_or(1, |m| i64::try_from(m).unwrap_or(MAX_SAFE_INTEGER));
                let max = b.maximum.map_or(MAX_SAFE_INTEGER, |m| {
                    i64::try_from(m).unwrap_or(MAX_SAFE_INTEGER)
                });
                let step = b.multiple_of.map_or(1, |m| i64::try_from(m).unwrap_or(1));
                integer::stepped(cx, raw, Param::Path(name), min.max(1), max, step)
                    .into_valid()
                    .and_then(|v| u64::try_from(v).ok())
            };
            let width = side(sides[0], rule.width);
            let height = side(sides[1], rule.height);
            let (Some(width), Some(height)) = (width, height) else {
                return Got::Invalid;
            };
            let dims = Dims { width, height };
            let mut broken = false;
            check_area(
                rule.pixels,
                rule.aspect_ratio,
                dims,
                &Pair(dims),
                &mut |code, must, got| {
                    broken = true;
                    cx.report(param, code, &format_args!("{must}"), &format_args!("{got}"));
                },
            );
            if broken {
                Got::Invalid
            } else {
                Got::Valid((None, dims))
            }
        }
        other => {
            cx.wrong_type(param, "a preset name or an object {width, height}", other);
            Got::Invalid
        }
    }
}

/// Checks a size given as a preset name or as an object, as its constrained type.
#[inline]
pub fn preset<'de, P: SizePresets, S: Slots<'de>>(
    cx: &mut Ctx<'_, '_>,
    cap: &Capture<'de, '_, S>,
    at: (usize, Name<'_>),
    sides: Sides<'_>,
) -> Got<PresetSize<P>> {
    preset_or_object(cx, cap, at, sides, &P::OBJECT, P::requirement, |s| {
        P::parse(s).map(|p| (p, p.dims()))
    })
    .map(|(p, dims)| PresetSize::from_checked(p, dims))
}

/// A size given as a preset name or an object, as it was given: the name, or
/// `{"width": W, "height": H}`.
pub fn serialize_preset<S: Serializer>(
    preset: Option<&str>,
    dims: Dims,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match preset {
        Some(name) => serializer.serialize_str(name),
        None => {
            let mut map = serializer.serialize_map(Some(2))?;
            map.serialize_entry("width", &dims.width)?;
            map.serialize_entry("height", &dims.height)?;
            map.end()
        }
    }
}
