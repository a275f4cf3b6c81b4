// Pixel sizes and aspect ratios, exactly as capspec reads them (capspec-spec/src/dims.rs,
// src/rt/size.rs): sides are unsigned 64-bit integers that saturate at 2^64 - 1, pixel areas
// and ratio comparisons are exact (BigInt, as Rust's u128).

import { echo, quoted } from "./text.js";

/** The largest side: Rust's `u64::MAX`, where an absurd side saturates. */
export const U64_MAX = (1n << 64n) - 1n;

/** Parses one side: a decimal number without sign, space or leading zero (ASCII digits). */
export function parseSide(digits) {
  if (digits.length === 0) return null;
  const first = digits.charCodeAt(0);
  if (first < 0x31 || first > 0x39) return null; // '1'..='9'
  for (let i = 1; i < digits.length; i++) {
    const c = digits.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return null;
  }
  // 21 digits or more are always past u64::MAX; fewer are parsed exactly, then saturated.
  if (digits.length > 20) return U64_MAX;
  const value = BigInt(digits);
  return value > U64_MAX ? U64_MAX : value;
}

/** `<W><sep><H>` as `{width, height}` (BigInt), or null; split at the first separator. */
export function parseDims(text, separator) {
  const at = text.indexOf(separator);
  if (at < 0) return null;
  const width = parseSide(text.slice(0, at));
  if (width === null) return null;
  const height = parseSide(text.slice(at + separator.length));
  if (height === null) return null;
  return { width, height };
}

/** `W:H` with positive decimal terms, as `{width, height}` (BigInt), or null. */
export function parseRatio(text) {
  return parseDims(text, ":");
}

/** `a >= b` for ratios, exactly: `a.w * b.h >= b.w * a.h`. */
export function ratioAtLeast(a, b) {
  return a.width * b.height >= b.width * a.height;
}

/** Inclusive bounds `{minimum, maximum}` (BigInt or undefined) hold `value` (BigInt). */
export function withinBounds(bounds, value) {
  if (bounds.minimum !== undefined && value < bounds.minimum) return false;
  if (bounds.maximum !== undefined && value > bounds.maximum) return false;
  return true;
}

/** `value` is a multiple of the bounds' step (or there is none). */
export function stepsOf(bounds, value) {
  const m = bounds.multipleOf;
  return m === undefined || m === 0n || value % m === 0n;
}

/** Ratio bounds `{minimum, maximum}` (parsed ratios or undefined) hold `ratio`. */
export function withinRatio(bounds, ratio) {
  if (bounds.minimum !== undefined && !ratioAtLeast(ratio, bounds.minimum)) return false;
  if (bounds.maximum !== undefined && !ratioAtLeast(bounds.maximum, ratio)) return false;
  return true;
}

/** Inclusive bounds in words, as capspec writes them (`Span`). */
export function span(min, max) {
  if (min !== undefined && max !== undefined) return `between ${min} and ${max}`;
  if (min !== undefined) return `of at least ${min}`;
  if (max !== undefined) return `of at most ${max}`;
  return "of any value";
}

/** Formats a ratio as `W:H`. */
export function ratioText(r) {
  return r === undefined ? undefined : `${r.width}:${r.height}`;
}

/**
 * The pixel-area and aspect-ratio faults of `dims` given in the request as `given` (rt/size.rs
 * `check_area`): a list of `{code, must, got}`.
 */
export function areaFaults(pixels, aspect, dims, given) {
  const faults = [];
  const area = dims.width * dims.height;
  if (!withinBounds(pixels, area)) {
    faults.push({
      code: "pixel_area_out_of_range",
      must: `must have a total pixel area (width × height) ${span(pixels.minimum, pixels.maximum)}`,
      got: `got ${given} = ${area} pixels`,
    });
  }
  if (!withinRatio(aspect, dims)) {
    faults.push({
      code: "aspect_ratio_out_of_range",
      must: `must have an aspect ratio (width:height) ${span(ratioText(aspect.minimum), ratioText(aspect.maximum))}`,
      got: `got ${given}`,
    });
  }
  return faults;
}

/** The code capspec gives a value (or a size's side) off its `multipleOf` step. */
export const STEP_CODE = "not_multiple_of";

/**
 * Every fault of a size string under a rule (rt/size.rs `check`): `{code, must, got}` in the
 * order invalid_format, or width, height (bounds, then step), pixels, aspect ratio.
 */
export function sizeFaults(rule, text) {
  if (rule.unsized.includes(text)) return [];
  const dims = parseDims(text, rule.separator);
  if (dims === null) {
    return [
      {
        code: "invalid_format",
        must: `must be a size written WIDTH${rule.separator}HEIGHT in pixels, two positive whole numbers without leading zeros or spaces`,
        got: `got ${quoted(echo(text))}`,
      },
    ];
  }
  return dimsFaults(rule, dims, quoted(echo(text)));
}

/** Every fault of `dims` under a rule (each side's bounds and step, then pixel area and
 * aspect ratio); `given` is how the size was written, for messages. */
export function dimsFaults(rule, dims, given) {
  const faults = [];
  for (const [side, value, bounds] of [
    ["width", dims.width, rule.width],
    ["height", dims.height, rule.height],
  ]) {
    if (!withinBounds(bounds, value)) {
      faults.push({
        code: "out_of_range",
        must: `must have a ${side} ${span(bounds.minimum, bounds.maximum)} pixels`,
        got: `got ${value} (in ${given})`,
      });
    }
    if (!stepsOf(bounds, value)) {
      faults.push({
        code: STEP_CODE,
        must: `must have a ${side} that is a multiple of ${bounds.multipleOf} pixels`,
        got: `got ${value} (in ${given})`,
      });
    }
  }
  faults.push(...areaFaults(rule.pixels, rule.aspect_ratio, dims, given));
  return faults;
}

/**
 * The faults of a size given as an object `{width, height}` (its sides have standard
 * keywords): judged, as capspec judges it, once both sides are integers of at least 1 within
 * their bounds and steps; then its pixel area and aspect ratio.
 */
export function objectSizeFaults(rule, width, height) {
  const side = (v, bounds) => {
    if (typeof v !== "number" || !Number.isInteger(v) || v < 1 || v > Number.MAX_SAFE_INTEGER) return null;
    const b = BigInt(v);
    return withinBounds(bounds, b) && stepsOf(bounds, b) ? b : null;
  };
  const w = side(width, rule.width);
  const h = side(height, rule.height);
  if (w === null || h === null) return [];
  return areaFaults(rule.pixels, rule.aspect_ratio, { width: w, height: h }, `${w} × ${h}`);
}
