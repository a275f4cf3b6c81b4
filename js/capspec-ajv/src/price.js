// What a request costs, from its model document's `pricing` (capspec's `[price]`): the same
// arithmetic as capspec's `cost()`, on exact decimals (BigInt digits and a scale), never on
// binary floats. A form shows it for the input as typed.

/** A decimal string ("0.069") as { digits: BigInt, scale: Number }. */
function parse(text) {
  const [int, frac = ""] = String(text).split(".");
  return { digits: BigInt(int + frac), scale: frac.length };
}

function mul(a, b) {
  return { digits: a.digits * b.digits, scale: a.scale + b.scale };
}

/** As capspec writes a decimal: no trailing zeros, no trailing point. */
function format({ digits, scale }) {
  const negative = digits < 0n;
  let text = (negative ? -digits : digits).toString().padStart(scale + 1, "0");
  let out = scale > 0 ? `${text.slice(0, -scale)}.${text.slice(-scale)}` : text;
  if (out.includes(".")) out = out.replace(/0+$/, "").replace(/\.$/, "");
  return negative ? `-${out}` : out;
}

function at(body, path) {
  return path.split(".").reduce((v, key) => (v && typeof v === "object" ? v[key] : undefined), body);
}

/** The default a schema gives the property at a dotted path. */
function defaultAt(schema, path) {
  let s = schema;
  for (const key of path.split(".")) {
    s = s?.properties?.[key];
  }
  return s?.default;
}

/**
 * The cost of a request body under a model document's `pricing`:
 * `{ amount, currency, per_image, images }` (decimal strings, `currency` null where the source
 * states none), or `{ unknown, images }` with why. `options.schema` supplies defaults for
 * members the body leaves out (the document's `parameters`); `options.output` the output size
 * (`{ width, height, n }`, as validation computed it) where the price is per pixel or megapixel
 * and the cell does not fix it; without `n`, the images are read from the body at
 * `pricing.count` (or its default), else one.
 */
export function estimate(pricing, body, options = {}) {
  const { schema, output } = options;
  const value = (path) => {
    const v = at(body, path);
    return v === undefined || v === null ? defaultAt(schema, path) : v;
  };
  const count = Number.isInteger(output?.n) ? output.n : pricing?.count ? value(pricing.count) : undefined;
  const images = Number.isInteger(count) ? count : 1;
  if (!pricing) return { unknown: "the model states no price", images };
  if (pricing.unknown !== undefined) return { unknown: pricing.unknown, images };
  let cell = pricing;
  if (pricing.cells) {
    const values = {};
    for (const path of pricing.by) {
      const v = value(path);
      if (typeof v !== "string") {
        return { unknown: `${path} is not given and has no default, so no price applies`, images };
      }
      values[path] = v;
    }
    const matches = (when) => Object.entries(when).every(([p, v]) => values[p] === v);
    const gap = pricing.gaps.find((g) => matches(g.when));
    if (gap) return { unknown: gap.reason, images };
    cell = pricing.cells.find((c) => Object.keys(c.when).length === pricing.by.length && matches(c.when));
    if (!cell) return { unknown: "no price cell for these values", images };
  }
  const amount = parse(cell.amount);
  let perImage;
  switch (pricing.unit) {
    case "image":
      perImage = amount;
      break;
    case "call":
      return { amount: format(amount), currency: pricing.currency ?? null, per_image: null, images };
    case "pixel":
    case "megapixel": {
      if (cell.per_image !== undefined) {
        perImage = parse(cell.per_image);
      } else if (output?.width && output?.height) {
        const pixels = { digits: BigInt(output.width) * BigInt(output.height), scale: pricing.unit === "megapixel" ? 6 : 0 };
        perImage = mul(amount, pixels);
      } else {
        return { unknown: `the price is per ${pricing.unit} and this request leaves the output size to the provider`, images };
      }
      break;
    }
    default:
      return { unknown: `unknown price unit ${pricing.unit}`, images };
  }
  return {
    amount: format(mul(perImage, { digits: BigInt(images), scale: 0 })),
    currency: pricing.currency ?? null,
    per_image: format(perImage),
    images,
  };
}
