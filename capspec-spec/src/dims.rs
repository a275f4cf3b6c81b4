//! Pixel sizes (`1024x1024`, `1328*1328`) and aspect ratios (`16:9`): the one parser both the
//! spec checker (build time) and the request validator (run time) use.

use std::cmp::Ordering;
use std::fmt;

/// A width and a height in pixels. Sides parsed from a request saturate at `u64::MAX`, so an
/// absurd side is out of range rather than a parse failure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Dims {
    pub width: u64,
    pub height: u64,
}

impl Dims {
    /// Total pixels, exact (`u128` cannot overflow for two `u64` sides).
    pub const fn pixels(self) -> u128 {
        self.width as u128 * self.height as u128
    }

    /// Parses `<W><sep><H>`: two decimal numbers without sign, spaces or leading zeros.
    /// This is exactly the language of [`size_pattern`].
    pub fn parse(text: &str, separator: char) -> Option<Dims> {
        let (w, h) = text.split_once(separator)?;
        Some(Dims {
            width: parse_side(w)?,
            height: parse_side(h)?,
        })
    }

    /// Parses a size written in a spec file, where `x`, `*` and `×` all separate the sides.
    pub fn parse_spec(text: &str) -> Option<Dims> {
        ['x', '*', '×']
            .into_iter()
            .find_map(|sep| Dims::parse(text, sep))
    }

    /// The aspect ratio `width:height`, unreduced.
    pub const fn ratio(self) -> Ratio {
        Ratio {
            width: self.width,
            height: self.height,
        }
    }
}

impl fmt::Display for Dims {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}x{}", self.width, self.height)
    }
}

fn parse_side(digits: &str) -> Option<u64> {
    let bytes = digits.as_bytes();
    match bytes.first() {
        Some(b'1'..=b'9') => {}
        _ => return None,
    }
    let mut value: u64 = 0;
    for &b in bytes {
        if !b.is_ascii_digit() {
            return None;
        }
        value = value.saturating_mul(10).saturating_add(u64::from(b - b'0'));
    }
    Some(value)
}

/// The ECMA-262 regular expression (for JSON Schema `pattern`) that matches exactly the
/// strings [`Dims::parse`] accepts with this separator.
pub fn size_pattern(separator: char) -> String {
    // Only regex syntax characters are escaped: an escaped other character (`\×`, `\:`) is an
    // error in ECMAScript's Unicode mode, which ajv compiles patterns in.
    let sep = if "^$\\.*+?()[]{}|/".contains(separator) {
        format!("\\{separator}")
    } else {
        separator.to_string()
    };
    format!("^[1-9][0-9]*{sep}[1-9][0-9]*$")
}

/// How far a size may stray from a nominal aspect ratio and still be said to have it: the
/// providers' tables round sides to multiples of 8 or 16 (1664×928 is their 16:9); the
/// largest stray in the seeds is 2.8% (2368×1728 for 4:3). The spec checker holds size-table
/// cells to it, and translation calls two sizes the same ratio within it.
pub const RATIO_TOLERANCE: f64 = 0.03;

/// An aspect ratio `width:height` with positive terms, compared by value (`2:1 == 4:2`).
#[derive(Clone, Copy, Debug)]
pub struct Ratio {
    pub width: u64,
    pub height: u64,
}

impl Ratio {
    /// Parses `W:H` with positive decimal terms.
    pub fn parse(text: &str) -> Option<Ratio> {
        let (w, h) = text.split_once(':')?;
        let ratio = Ratio {
            width: parse_side(w)?,
            height: parse_side(h)?,
        };
        Some(ratio)
    }

    /// `self >= other`, exactly: `a/b` against `c/d` as `a*d` against `c*b`.
    pub const fn at_least(self, other: Ratio) -> bool {
        self.width as u128 * other.height as u128 >= other.width as u128 * self.height as u128
    }

    /// `width / height` as a float, for tolerances in spec checks only.
    pub fn value(self) -> f64 {
        self.width as f64 / self.height as f64
    }

    /// Whether `self` is within [`RATIO_TOLERANCE`] of the nominal ratio `nominal`.
    pub fn near(self, nominal: Ratio) -> bool {
        (self.value() / nominal.value() - 1.0).abs() <= RATIO_TOLERANCE
    }
}

impl PartialEq for Ratio {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Ratio {}

impl PartialOrd for Ratio {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Ratio {
    /// Exact: `a/b` against `c/d` as `a*d` against `c*b`.
    fn cmp(&self, other: &Self) -> Ordering {
        (u128::from(self.width) * u128::from(other.height))
            .cmp(&(u128::from(other.width) * u128::from(self.height)))
    }
}

impl fmt::Display for Ratio {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.width, self.height)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_sizes_strictly() {
        assert_eq!(
            Dims::parse("1024x768", 'x'),
            Some(Dims {
                width: 1024,
                height: 768
            })
        );
        for bad in [
            "",
            "x",
            "1024",
            "1024x",
            "x768",
            "01024x768",
            "1024x0",
            "0x1",
            "+1x1",
            "1 x1",
            "1x1 ",
            "1x1x1",
            "1*1",
            "١x1",
        ] {
            assert_eq!(Dims::parse(bad, 'x'), None, "{bad:?}");
        }
        assert_eq!(
            Dims::parse("99999999999999999999999x1", 'x').map(|d| d.width),
            Some(u64::MAX)
        );
        assert_eq!(
            Dims::parse_spec("1280×1280"),
            Some(Dims {
                width: 1280,
                height: 1280
            })
        );
    }

    #[test]
    fn ratios_compare_exactly() {
        let r = |s| Ratio::parse(s).unwrap();
        assert_eq!(r("2:1"), r("4:2"));
        assert!(r("1:4") < r("1:3"));
        assert!(r("4:1") > r("3999999:1000000"));
        assert_eq!(Ratio::parse("0:1"), None);
    }

    #[test]
    fn pattern_escapes_the_separator() {
        assert_eq!(size_pattern('x'), "^[1-9][0-9]*x[1-9][0-9]*$");
        assert_eq!(size_pattern('*'), "^[1-9][0-9]*\\*[1-9][0-9]*$");
        assert_eq!(size_pattern('×'), "^[1-9][0-9]*×[1-9][0-9]*$");
        assert_eq!(size_pattern(':'), "^[1-9][0-9]*:[1-9][0-9]*$");
    }
}
