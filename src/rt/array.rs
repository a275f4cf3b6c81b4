//! `type: array` with `minItems` and `maxItems`; each item (up to `maxItems`) is checked by the item rule.

use super::capture::{Capture, Name, Slots};
use super::{Ctx, Got, Int, Param, Piece, Raw};
use crate::error::Code;

/// How many items an array may have (`minItems`, `maxItems`).
#[derive(Clone, Copy, Debug)]
pub struct ItemCount {
    pub min: usize,
    pub max: Option<usize>,
}

/// Checks an array parameter and each of its items (all of them, so every bad item is
/// reported), collecting the items into a `Vec` when all are valid.
pub fn array<'de, 'p, T, S: Slots<'de>>(
    cx: &mut Ctx<'_, '_>,
    cap: &mut Capture<'de, '_, S>,
    slot: usize,
    path: Name<'p>,
    ItemCount {
        min: min_items,
        max: max_items,
    }: ItemCount,
    mut item: impl FnMut(&mut Ctx<'_, '_>, Raw<'de>, Param<'p>) -> Got<T>,
) -> Got<Vec<T>> {
    let (start, len) = match cap.take(slot) {
        Raw::Absent => return Got::Absent,
        Raw::Array { start, len } => (start, len),
        other => {
            cx.wrong_type(Param::Path(path), "an array", &other);
            return Got::Invalid;
        }
    };
    let mut ok = true;
    if let Some(max) = max_items
        && len > max
    {
        cx.report(
            Param::Path(path),
            Code::TooManyItems,
            &[
                &"must have at most " as &dyn Piece,
                &Int(max as i128),
                &" items",
            ],
            &[&"got " as &dyn Piece, &Int(len as i128), &" items"],
        );
        ok = false;
    }
    if len < min_items {
        cx.report(
            Param::Path(path),
            Code::TooFewItems,
            &[
                &"must have at least " as &dyn Piece,
                &Int(min_items as i128),
                &if min_items == 1 { " item" } else { " items" },
            ],
            &[&"got " as &dyn Piece, &Int(len as i128), &" items"],
        );
        ok = false;
    }
    let mut out = Vec::with_capacity(if ok { len } else { 0 });
    // Past `maxItems` the items are already wrong by their count: only the allowed ones are
    // checked, so a huge array costs its parse and nothing more.
    let checked = max_items.map_or(len, |max| len.min(max));
    for (i, raw) in cap.items_mut(start, checked).iter_mut().enumerate() {
        match item(cx, std::mem::take(raw), Param::Item(path, i)) {
            Got::Valid(v) if ok => out.push(v),
            Got::Valid(_) => {}
            _ => ok = false,
        }
    }
    if ok { Got::Valid(out) } else { Got::Invalid }
}
