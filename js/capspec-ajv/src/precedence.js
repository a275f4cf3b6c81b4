// capspec's precedence: once it has found a fault, capspec does not look further (src/rt,
// TESTING.md), so some of ajv's errors are not capspec's violations (README.md "Errors").

/** Whether `param` is `root` or inside it (null, the body, holds every param). */
function under(param, root) {
  if (root === null) return true;
  if (param === null) return false;
  return param === root || param.startsWith(`${root}.`) || param.startsWith(`${root}[`);
}

/** Codes of rules between parameters: they judge presence, whatever the value. */
const BETWEEN = new Set(["conflicting_parameters", "missing_required"]);

/**
 * Keeps what capspec reports of `list` (each with `param`, `code`, `keyword`): once it has
 * found a fault capspec does not look further (src/rt, TESTING.md):
 * - a body whose `model` cannot be routed is judged on `model` alone;
 * - a value of the wrong type gets `invalid_type` alone (rules between parameters aside);
 * - a value outside its closed set (`enum`, `const`) or holding NUL gets `invalid_value` alone
 *   (rules between parameters aside);
 * - items past `maxItems` are not checked one by one;
 * - a custom size or size-table cell is judged only when its properties hold valid values;
 * - one fault is one violation (a size's `pattern` and `x-capspec-size`, a URL's NUL
 *   `pattern` and `x-capspec-url`, an exclusive rule's pairs; a `null` model's `type` and
 *   `enum`, left out where the errors are mapped).
 * Returns `{kept, dropped}`, each dropped item with its `reason`.
 */
export function precedence(list) {
  const dropped = [];
  const drop = (items, reason, keep) =>
    items.filter((v) => {
      if (keep(v)) return true;
      dropped.push({ ...v, reason });
      return false;
    });

  const isModel = (v) =>
    v.param === "model" && ["model_not_found", "invalid_type", "missing_required"].includes(v.code);
  let kept = list;
  if (kept.some(isModel)) kept = drop(kept, "unroutable", (v) => v.param === "model");

  const typed = kept.filter((v) => v.code === "invalid_type").map((v) => v.param);
  const bodyTyped = typed.includes(null);
  kept = drop(kept, "wrong_type", (v) => {
    if (!typed.some((t) => under(v.param, t))) return true;
    if (v.code === "invalid_type") return typed.includes(v.param);
    return BETWEEN.has(v.code) && !bodyTyped;
  });

  const closed = new Set(kept.filter((v) => v.code === "invalid_value").map((v) => v.param));
  kept = drop(
    kept,
    "invalid_value",
    (v) => !closed.has(v.param) || v.code === "invalid_value" || BETWEEN.has(v.code),
  );

  const limits = kept.filter((v) => v.code === "too_many_items");
  kept = drop(
    kept,
    "past_max_items",
    (v) =>
      !limits.some((l) => {
        if (v.param === null || l.param === null || !v.param.startsWith(`${l.param}[`)) return false;
        const index = Number.parseInt(v.param.slice(l.param.length + 1), 10);
        return index >= l.limit;
      }),
  );

  // A fault of the value itself (not a rule between parameters, which judges presence).
  const valueFault = (v, params) =>
    kept.some((w) => w.keyword !== v.keyword && !BETWEEN.has(w.code) && params.includes(w.param));
  kept = drop(kept, "unjudged_size", (v) => {
    if (v.keyword === "x-capspec-custom-size" || v.keyword === "x-capspec-size-table") {
      return !valueFault(v, v.members ?? []);
    }
    return true;
  });

  // One fault, one violation: a size's pattern and keyword both say invalid_format, a URL's
  // NUL pattern and keyword both invalid_value; an exclusive rule's pairs name a member once.
  const seen = new Set();
  const ours = (v) => v.keyword.startsWith("x-capspec-");
  const twice = new Set();
  for (const v of [...kept].sort((a, b) => Number(ours(b)) - Number(ours(a)))) {
    const exclusive = v.code === "conflicting_parameters" && v.keyword === "not";
    if (!exclusive && v.code !== "invalid_format" && v.code !== "invalid_value") continue;
    const key = `${exclusive ? "not" : ""}\u0000${v.param}\u0000${v.code}`;
    if (seen.has(key)) twice.add(v);
    seen.add(key);
  }
  kept = drop(kept, "one_fault", (v) => !twice.has(v));
  return { kept, dropped };
}
