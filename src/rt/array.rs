//! `type: array` with `maxItems`; each item is checked by the item rule.

use super::capture::Capture;
use super::{Ctx, Got, Param, Raw};
use crate::error::{Code, Fault};

/// Checks an array parameter and each of its items (all of them, so every bad item is
/// reported), collecting the items into a `Vec` when all are valid.
pub fn array<'de, T, const N: usize>(
    cx: &mut Ctx<'_>,
    cap: &mut Capture<'de, N>,
    slot: usize,
    path: &'static str,
    max_items: Option<usize>,
    mut item: impl FnMut(&mut Ctx<'_>, Raw<'de>, Param) -> Got<T>,
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
        cx.fault(
            Param::Path(path),
            Fault::new(
                Code::TooManyItems,
                format!("must have at most {max} items"),
                format!("got {len} items"),
            ),
        );
        ok = false;
    }
    let mut out = Vec::with_capacity(if ok { len } else { 0 });
    for (i, raw) in cap.items_mut(start, len).iter_mut().enumerate() {
        match item(cx, std::mem::take(raw), Param::Item(path, i)) {
            Got::Valid(v) if ok => out.push(v),
            Got::Valid(_) => {}
            _ => ok = false,
        }
    }
    if ok { Got::Valid(out) } else { Got::Invalid }
}
