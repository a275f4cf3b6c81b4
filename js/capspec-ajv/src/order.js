// Violations in capspec's order (the repository's README, "stable order").

/** Every property path of an object schema, depth first in schema order (a size given as a
 * preset or an object has its `width` and `height` in its `else`). */
function propertyOrder(schema, prefix = "", out = [], sides = new Set()) {
  const side = !schema?.properties && schema?.else?.properties;
  const properties = schema?.properties ?? schema?.else?.properties ?? {};
  for (const [key, sub] of Object.entries(properties)) {
    const path = prefix ? `${prefix}.${key}` : key;
    out.push(path);
    if (side) sides.add(path);
    if (sub && typeof sub === "object") propertyOrder(sub, path, out, sides);
  }
  return { out, sides };
}

/** Every param of a body in document order (depth first, as capspec reads the body):
 * `parameters`, `parameters.k`, `image`, `image[0]`, … as a map to positions. */
function documentOrder(data) {
  const order = new Map();
  const walk = (node, prefix) => {
    if (node === null || typeof node !== "object") return;
    const array = Array.isArray(node);
    for (const [key, value] of Object.entries(node)) {
      const param = array ? `${prefix}[${key}]` : prefix ? `${prefix}.${key}` : key;
      order.set(param, order.size);
      walk(value, param);
    }
  };
  walk(data, "");
  return order;
}

/**
 * Sorts violations in capspec's order (README "stable order"): unknown keys (in the body's
 * order, when the body is given), then the faults of the parameters present in spec order (a
 * size object's missing side among them), then absent required parameters, then the rules between parameters in spec order, then size
 * tables and custom sizes. Without the schema the order is ajv's.
 */
export function inCapspecOrder(list, { schema, data }) {
  if (!schema || typeof schema !== "object") return list;
  // A missing side of a size object is a fault of the size, judged with it.
  const { out: paths, sides } = propertyOrder(schema);
  const order = new Map(paths.map((p, i) => [p, i]));
  const body = documentOrder(data);
  const position = (param) => {
    if (param === null) return -1;
    const base = param.replace(/\[\d+\]$/, "");
    return order.get(base) ?? order.size;
  };
  const rule = (v) => {
    const m = /^#\/allOf\/(\d+)\//.exec(v.schemaPath ?? "");
    return m ? Number(m[1]) : -1;
  };
  const key = (v, i) => {
    if (v.code === "unknown_parameter") return [0, body.get(v.param) ?? 0, 0, i];
    if (v.keyword === "x-capspec-size-table" || v.keyword === "x-capspec-custom-size") return [4, 0, 0, i];
    const r = rule(v);
    if (r >= 0) return [3, r, 0, i];
    if (v.code === "missing_required" && !sides.has(v.param)) return [2, position(v.param), 0, i];
    const index = /\[(\d+)\]$/.exec(v.param ?? "");
    return [1, position(v.param), index ? Number(index[1]) + 1 : 0, i];
  };
  const keyed = list.map((v, i) => [key(v, i), v]);
  keyed.sort(([a], [b]) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2] || a[3] - b[3]);
  return keyed.map(([, v]) => v);
}
