//! Where a canonical size goes in a target's body, found from the spec's own size semantics:
//! the part that carries the `size` role (a fixed list, presets-or-objects, a free size, a
//! ratio × tier table or a custom width and height) and the sizes it can produce, which are
//! the sizes `output()` reads from the same parts.
//!
//! **Nearest size** (`--allow nearest-size`): among the sizes the target can produce, those
//! with the same aspect ratio as the request (within `capspec_spec::dims::RATIO_TOLERANCE`) come first; then the
//! smallest difference in pixel area; then, on a tie, the larger size; then the first in the
//! spec's order. A free size offers the multiples of the requested ratio that fit its bounds
//! (the nearest below and above in area); when no multiple fits, the requested ratio and area
//! moved into the bounds and rounded to the steps.

use serde_json::{Value, json};

use crate::spec::{Bounds, Carrier, Dims, Kind, Param, Ratio, SizeRule, Spec, StringFormat};

/// Members to set in the target's body: `(dotted path, value)`.
pub(super) type Members = Vec<(String, Value)>;

/// The sizes a target can produce and how its body asks for each.
pub(super) struct Sizes {
    /// Sizes from a closed list (fixed members, presets, table cells), in spec order.
    listed: Vec<(Dims, Members)>,
    /// Any size within bounds.
    free: Option<Free>,
}

struct Free {
    rule: SizeRule,
    write: Writer,
}

/// How a free size is written.
enum Writer {
    /// `"<W><sep><H>"` at a path.
    Text { path: String, separator: char },
    /// `{"width": W, "height": H}` at a path.
    Object { path: String },
    /// Two integer properties.
    Pair { width: String, height: String },
}

impl Writer {
    fn members(&self, d: Dims) -> Members {
        match self {
            Writer::Text { path, separator } => {
                vec![(
                    path.clone(),
                    json!(format!("{}{separator}{}", d.width, d.height)),
                )]
            }
            Writer::Object { path } => {
                vec![(path.clone(), json!({"width": d.width, "height": d.height}))]
            }
            Writer::Pair { width, height } => {
                vec![
                    (width.clone(), json!(d.width)),
                    (height.clone(), json!(d.height)),
                ]
            }
        }
    }
}

impl Sizes {
    /// The sizes of the spec's `size` carrier; `None` when it has none.
    pub(super) fn of(spec: &Spec) -> Option<Sizes> {
        let mut sizes = Sizes {
            listed: Vec::new(),
            free: None,
        };
        match spec.carrier(Param::Size)? {
            Carrier::Property(p, _) => match &p.kind {
                Kind::String(s) => {
                    let Some(StringFormat::Size(rule)) = &s.format else {
                        return None;
                    };
                    if s.enum_values.is_empty() {
                        sizes.free = Some(Free {
                            rule: rule.clone(),
                            write: Writer::Text {
                                path: p.path.clone(),
                                separator: rule.separator,
                            },
                        });
                    }
                    for member in &s.enum_values {
                        if let Some(d) = Dims::parse(member, rule.separator) {
                            sizes
                                .listed
                                .push((d, vec![(p.path.clone(), json!(member))]));
                        }
                    }
                }
                Kind::Size(choice) => {
                    for (name, d) in &choice.presets {
                        sizes.listed.push((*d, vec![(p.path.clone(), json!(name))]));
                    }
                    sizes.free = Some(Free {
                        rule: choice.object_rule(),
                        write: Writer::Object {
                            path: p.path.clone(),
                        },
                    });
                }
                _ => return None,
            },
            Carrier::SizeTable => {
                let table = spec.size_table.as_ref()?;
                for (ratio, row) in &table.cells {
                    for (tier, d) in row {
                        let members = vec![
                            (table.ratio.clone(), json!(ratio)),
                            (table.tier.clone(), json!(tier)),
                        ];
                        sizes.listed.push((*d, members));
                    }
                }
            }
            Carrier::CustomSize => {
                let custom = spec.custom_size.as_ref()?;
                let side = |path: &str| match spec.property(path).map(|p| &p.kind) {
                    Some(Kind::Integer(r)) => Bounds {
                        minimum: u64::try_from(r.min()).ok(),
                        maximum: u64::try_from(r.max()).ok(),
                        multiple_of: r.multiple_of.and_then(|m| u64::try_from(m).ok()),
                    },
                    _ => Bounds::default(),
                };
                sizes.free = Some(Free {
                    rule: SizeRule {
                        separator: 'x',
                        width: side(&custom.width),
                        height: side(&custom.height),
                        pixels: custom.pixels,
                        aspect_ratio: custom.aspect_ratio,
                    },
                    write: Writer::Pair {
                        width: custom.width.clone(),
                        height: custom.height.clone(),
                    },
                });
            }
        }
        Some(sizes)
    }

    /// The members that produce exactly `want`.
    pub(super) fn exact(&self, want: Dims) -> Option<Members> {
        if let Some((_, members)) = self.listed.iter().find(|(d, _)| *d == want) {
            return Some(members.clone());
        }
        let free = self.free.as_ref()?;
        free.rule.fits(want).then(|| free.write.members(want))
    }

    /// The size nearest to `want` the target produces (module docs), with its members.
    pub(super) fn nearest(&self, want: Dims) -> Option<(Dims, Members)> {
        let mut candidates: Vec<(Dims, Members)> = self.listed.clone();
        if let Some(free) = &self.free {
            for d in free_candidates(&free.rule, want) {
                candidates.push((d, free.write.members(d)));
            }
        }
        let ratio = want.ratio();
        let area = want.pixels();
        candidates
            .into_iter()
            .enumerate()
            .min_by_key(|(i, (d, _))| {
                let same_ratio = d.ratio().near(ratio);
                (
                    !same_ratio,
                    d.pixels().abs_diff(area),
                    std::cmp::Reverse(d.pixels()),
                    *i,
                )
            })
            .map(|(_, c)| c)
    }

    /// For an aspect ratio alone: the first listed size of that ratio (within the tolerance).
    pub(super) fn of_ratio(&self, ratio: Ratio) -> Option<(Dims, Members)> {
        self.listed
            .iter()
            .find(|(d, _)| d.ratio().near(ratio))
            .cloned()
    }

    /// The listed size whose ratio is nearest `ratio`.
    pub(super) fn nearest_ratio(&self, ratio: Ratio) -> Option<(Dims, Members)> {
        self.listed
            .iter()
            .enumerate()
            .min_by(|(i, (a, _)), (j, (b, _))| {
                ratio_distance(a.ratio(), ratio)
                    .total_cmp(&ratio_distance(b.ratio(), ratio))
                    .then(i.cmp(j))
            })
            .map(|(_, c)| c.clone())
    }

    /// What the target produces, for messages.
    pub(super) fn describe(&self) -> String {
        let mut parts = Vec::new();
        if !self.listed.is_empty() {
            let list: Vec<String> = self.listed.iter().map(|(d, _)| d.to_string()).collect();
            parts.push(list.join(", "));
        }
        if let Some(free) = &self.free {
            parts.push(format!("sizes with {}", describe_rule(&free.rule)));
        }
        parts.join("; or ")
    }
}

/// How far apart two ratios are: `|ln(a / b)|`, so 2:1 and 1:2 are as far from 1:1.
pub(super) fn ratio_distance(a: Ratio, b: Ratio) -> f64 {
    (a.value() / b.value()).ln().abs()
}

fn describe_rule(rule: &SizeRule) -> String {
    let bounds = |b: &Bounds| match (b.minimum, b.maximum) {
        (Some(lo), Some(hi)) => Some(format!("{lo}–{hi}")),
        (Some(lo), None) => Some(format!("at least {lo}")),
        (None, Some(hi)) => Some(format!("at most {hi}")),
        (None, None) => None,
    };
    let mut out = Vec::new();
    for (what, b) in [("width", &rule.width), ("height", &rule.height)] {
        if let Some(range) = bounds(b) {
            out.push(format!("{what} {range}"));
        }
        if let Some(step) = b.multiple_of {
            out.push(format!("{what} a multiple of {step}"));
        }
    }
    if let Some(range) = bounds(&rule.pixels) {
        out.push(format!("{range} pixels"));
    }
    let r = rule.aspect_ratio;
    match (r.minimum, r.maximum) {
        (Some(lo), Some(hi)) => out.push(format!("aspect ratio {lo}–{hi}")),
        (Some(lo), None) => out.push(format!("aspect ratio at least {lo}")),
        (None, Some(hi)) => out.push(format!("aspect ratio at most {hi}")),
        (None, None) => {}
    }
    if out.is_empty() {
        "any sides".to_owned()
    } else {
        out.join(", ")
    }
}

/// The most multiples of a ratio tried for one free size.
const MAX_MULTIPLES: u64 = 1 << 16;

/// Sizes of a free rule near `want`: the fitting multiples of its ratio nearest below and
/// above in area, or, when none fits, the ratio and area moved into the bounds.
fn free_candidates(rule: &SizeRule, want: Dims) -> Vec<Dims> {
    let g = gcd(want.width, want.height).max(1);
    let (a, b) = (want.width / g, want.height / g);
    let step = |bounds: &Bounds, term: u64| {
        let s = bounds.multiple_of.unwrap_or(1).max(1);
        s / gcd(s, term).max(1)
    };
    let k_step = lcm(step(&rule.width, a), step(&rule.height, b)).max(1);
    let area = want.pixels();
    let mut below: Option<Dims> = None;
    let mut above: Option<Dims> = None;
    let mut k = k_step;
    for _ in 0..MAX_MULTIPLES {
        let (Some(w), Some(h)) = (a.checked_mul(k), b.checked_mul(k)) else {
            break;
        };
        let d = Dims {
            width: w,
            height: h,
        };
        let past = rule.width.maximum.is_some_and(|m| w > m)
            || rule.height.maximum.is_some_and(|m| h > m)
            || rule
                .pixels
                .maximum
                .is_some_and(|m| d.pixels() > u128::from(m));
        if past {
            break;
        }
        if rule.fits(d) {
            if d.pixels() <= area {
                below = Some(d);
            } else if above.is_none() {
                above = Some(d);
            }
        }
        if above.is_some() {
            break;
        }
        k = k.saturating_add(k_step);
    }
    let found: Vec<Dims> = below.into_iter().chain(above).collect();
    if found.is_empty() {
        moved_into(rule, want)
    } else {
        found
    }
}

/// The requested ratio and area moved into the rule's bounds, each side rounded down and up
/// to its step: the combinations that fit.
fn moved_into(rule: &SizeRule, want: Dims) -> Vec<Dims> {
    let mut ratio = want.ratio().value();
    if let Some(min) = rule.aspect_ratio.minimum {
        ratio = ratio.max(min.value());
    }
    if let Some(max) = rule.aspect_ratio.maximum {
        ratio = ratio.min(max.value());
    }
    let mut area = want.pixels() as f64;
    if let Some(min) = rule.pixels.minimum {
        area = area.max(min as f64);
    }
    if let Some(max) = rule.pixels.maximum {
        area = area.min(max as f64);
    }
    let sides = |ideal: f64, b: &Bounds| -> Vec<u64> {
        let s = b.multiple_of.unwrap_or(1).max(1) as f64;
        let lo = b.minimum.unwrap_or(1) as f64;
        let hi = b.maximum.map_or(f64::MAX, |m| m as f64);
        let ideal = ideal.clamp(lo, hi);
        [(ideal / s).floor() * s, (ideal / s).ceil() * s]
            .into_iter()
            .filter(|v| *v >= 1.0 && *v < 1e15)
            .map(|v| v as u64)
            .collect()
    };
    let widths = sides((area * ratio).sqrt(), &rule.width);
    let heights = sides((area / ratio).sqrt(), &rule.height);
    let mut out = Vec::new();
    for &width in &widths {
        for &height in &heights {
            let d = Dims { width, height };
            if rule.fits(d) && !out.contains(&d) {
                out.push(d);
            }
        }
    }
    out
}

fn gcd(mut a: u64, mut b: u64) -> u64 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

fn lcm(a: u64, b: u64) -> u64 {
    if a == 0 || b == 0 {
        return 0;
    }
    (a / gcd(a, b)).saturating_mul(b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::RatioBounds;

    fn d(width: u64, height: u64) -> Dims {
        Dims { width, height }
    }

    fn sides(lo: u64, hi: u64, step: Option<u64>) -> Bounds {
        Bounds {
            minimum: Some(lo),
            maximum: Some(hi),
            multiple_of: step,
        }
    }

    #[test]
    fn a_free_size_offers_the_nearest_multiples_of_the_ratio() {
        let rule = SizeRule {
            separator: 'x',
            width: sides(256, 1536, Some(16)),
            height: sides(256, 1536, Some(16)),
            pixels: Bounds::default(),
            aspect_ratio: RatioBounds::default(),
        };
        // 1000x1000 is not a multiple of 16: 992 below, 1008 above.
        assert_eq!(
            free_candidates(&rule, d(1000, 1000)),
            [d(992, 992), d(1008, 1008)]
        );
        // 2048x1152 (16:9) is too wide: the largest 16:9 that fits.
        assert_eq!(free_candidates(&rule, d(2048, 1152)), [d(1536, 864)]);
        // 20:1 fits no multiple: moved into the bounds.
        assert_eq!(free_candidates(&rule, d(2000, 100)), [d(1536, 256)]);
    }

    #[test]
    fn pixel_and_ratio_bounds_move_the_size() {
        let rule = SizeRule {
            separator: '*',
            width: Bounds::default(),
            height: Bounds::default(),
            pixels: Bounds {
                minimum: Some(1280 * 1280),
                maximum: Some(1440 * 1440),
                multiple_of: None,
            },
            aspect_ratio: RatioBounds {
                minimum: Ratio::parse("1:4"),
                maximum: Ratio::parse("4:1"),
            },
        };
        assert_eq!(free_candidates(&rule, d(1024, 1024)), [d(1280, 1280)]);
        let moved = free_candidates(&rule, d(8000, 1000));
        assert!(
            !moved.is_empty() && moved.iter().all(|m| rule.fits(*m)),
            "{moved:?}"
        );
    }
}
