// ajv's errors for a capspec schema as capspec's violations: `{param, code, message}` where
// `param` is a dotted path (`parameters.size`, `image[0]`, null for the body) and `code` one
// of capspec's codes (README.md "Errors").

import { STEP_CODE } from "./size.js";
import { describe, echo, paramOf, pointerOf, quoted, valueAt } from "./text.js";
import { NO_NUL } from "./url.js";
import { VALIDATION_KEYWORDS } from "./keywords.js";
import { inCapspecOrder } from "./order.js";
import { precedence } from "./precedence.js";

/** Strings hold no NUL (U+0000): the pattern capspec's schemas carry for it. */
export const NO_NUL_PATTERN = "^[^\\u0000]*$";

/** The codes capspec gives for the standard keywords (the mapping `tests/conformance.rs`
 * makes for `jsonschema`'s errors). Codes of `required`, `additionalProperties`, `enum`,
 * `pattern`, `false schema` and `not` depend on where they are and are set below. */
const STANDARD_CODES = {
  type: "invalid_type",
  required: "missing_required",
  dependentRequired: "missing_required",
  additionalProperties: "unknown_parameter",
  unevaluatedProperties: "unknown_parameter",
  enum: "invalid_value",
  const: "invalid_value",
  minimum: "out_of_range",
  maximum: "out_of_range",
  exclusiveMinimum: "out_of_range",
  exclusiveMaximum: "out_of_range",
  multipleOf: STEP_CODE,
  maxLength: "too_long",
  minLength: "too_short",
  maxItems: "too_many_items",
  minItems: "too_few_items",
  pattern: "invalid_format",
  "false schema": "conflicting_parameters",
};

/** ajv keywords that only report that a subschema failed, whose own errors say why. */
const STRUCTURAL = new Set(["if", "then", "else", "allOf", "anyOf", "oneOf", "$ref", "$dynamicRef"]);

// ---- reading the schema an error comes from -------------------------------------------------

function decodeSegment(s) {
  let t = s;
  try {
    t = decodeURIComponent(s);
  } catch {
    // not percent-encoded
  }
  return t.replace(/~1/g, "/").replace(/~0/g, "~");
}

/** The schema at an ajv `schemaPath` (`#/allOf/0/then/required`) of `root`, or undefined. */
export function schemaAt(root, schemaPath) {
  if (root === undefined || typeof schemaPath !== "string" || !schemaPath.startsWith("#")) {
    return undefined;
  }
  let node = root;
  for (const raw of schemaPath.slice(1).split("/").slice(1)) {
    const key = decodeSegment(raw);
    if (node === null || typeof node !== "object" || !Object.hasOwn(node, key)) return undefined;
    node = node[key];
  }
  return node;
}

/** The schema holding the keyword an error comes from. */
function parentOf(root, error) {
  if (error.parentSchema !== undefined) return error.parentSchema;
  const path = error.schemaPath ?? "";
  return schemaAt(root, path.slice(0, path.lastIndexOf("/")));
}

/** The value of the keyword an error comes from. */
function keywordValue(root, error) {
  if (error.schema !== undefined) return error.schema;
  return schemaAt(root, error.schemaPath);
}

/** The rule (`allOf` member) an error comes from: `{rule, part}` where `part` is "then",
 * "not", or undefined. */
function ruleOf(root, error) {
  const m = /^(#\/allOf\/\d+)\/(then|not)(?:\/|$)/.exec(error.schemaPath ?? "");
  if (!m) return undefined;
  const rule = schemaAt(root, m[1]);
  return rule === undefined ? undefined : { rule, part: m[2] };
}

// ---- presence schemas: rules between parameters ---------------------------------------------

/**
 * The member paths a presence schema requires, in order: `{required: [a, b], properties:
 * {b: {required: [c]}}}` requires `a` and `b.c`. A required key whose property schema
 * requires more is a step on the way, not a member.
 */
export function presencePaths(schema, prefix = "") {
  if (schema === null || typeof schema !== "object" || !Array.isArray(schema.required)) return [];
  const out = [];
  for (const key of schema.required) {
    const path = prefix ? `${prefix}.${key}` : key;
    const sub = schema.properties?.[key];
    const deeper = presencePaths(sub, path);
    if (deeper.length > 0) out.push(...deeper);
    else out.push(path);
  }
  return out;
}

/** A literal as capspec writes it in a condition (`true`, `3`, `"1K"`). */
function literal(v) {
  return typeof v === "string" ? quoted(v) : String(v);
}

/** A rule's condition (its `if`) in words (`use_custom_size is true`), and whether it is
 * negated (`unless`). The path is the one the condition's `properties` lead to. */
export function conditionOf(ifSchema) {
  if (ifSchema === null || typeof ifSchema !== "object") return undefined;
  let negated = false;
  let node = ifSchema;
  if (node.not !== undefined && Object.keys(node).length === 1) {
    negated = true;
    node = node.not;
  }
  const path = [];
  // `{"not": {"type": "object", "not": X}}` (a value that is not an object counts as absent)
  // says X.
  const unwrap = (n) =>
    n && typeof n === "object" && Object.keys(n).length === 1 && n.not?.type === "object" && n.not.not ? n.not.not : n;
  node = unwrap(node);
  while (node && typeof node === "object" && node.properties) {
    const keys = Object.keys(node.properties);
    if (keys.length !== 1) return undefined;
    path.push(keys[0]);
    node = unwrap(node.properties[keys[0]]);
  }
  if (!node || typeof node !== "object" || path.length === 0) return undefined;
  let values;
  if (Object.hasOwn(node, "const")) values = [node.const];
  else if (Array.isArray(node.enum)) values = node.enum.filter((v) => v !== null); // null: absent
  else return undefined;
  const p = path.join(".");
  const text = (neg) => {
    if (values.length === 1) return `${p} ${neg ? "is not" : "is"} ${literal(values[0])}`;
    return `${p} ${neg ? "is none of" : "is one of"} ${values.map(literal).join(", ")}`;
  };
  return { negated, positive: text(false), written: text(negated) };
}

// ---- one ajv error as capspec violations ----------------------------------------------------

const ARTICLE = {
  string: "a string",
  integer: "an integer",
  number: "a number",
  boolean: "a boolean",
  array: "an array",
  object: "an object",
  null: "null",
};

function joinPointer(base, key) {
  return `${base}/${String(key).replace(/~/g, "~0").replace(/\//g, "~1")}`;
}

/** How capspec names the object form of a size given as a preset name or an object. */
const OBJECT_SIZE = "an object {width, height}";

/** Whether a schema is a size given as a preset name or an object (`x-capspec-presets`). */
function isPresetSize(schema) {
  return schema !== null && typeof schema === "object" && schema["x-capspec-presets"] !== undefined;
}

/** A number's bounds in capspec's words (`must be between 1 and 20`, `must be greater than 0
 * and at most 20`), or undefined without bounds. */
function boundsInWords(schema) {
  const { minimum, maximum, exclusiveMinimum, exclusiveMaximum } = schema ?? {};
  if (minimum !== undefined && maximum !== undefined) return `must be between ${minimum} and ${maximum}`;
  const low = minimum !== undefined ? `at least ${minimum}` : exclusiveMinimum !== undefined ? `greater than ${exclusiveMinimum}` : null;
  const high = maximum !== undefined ? `at most ${maximum}` : exclusiveMaximum !== undefined ? `less than ${exclusiveMaximum}` : null;
  const words = [low, high].filter((w) => w !== null);
  return words.length > 0 ? `must be ${words.join(" and ")}` : undefined;
}

function oneOf(values) {
  return `${values.length === 1 ? "must be" : "must be one of"} ${values.map((v) => (typeof v === "string" ? quoted(v) : JSON.stringify(v))).join(", ")}`;
}

/**
 * One ajv error as capspec-coded errors, each `{instancePath, code, message, keyword,
 * schemaPath, params}` (instancePath at the param capspec reports), or none for errors that
 * only say a subschema failed.
 */
function mapError(error, ctx) {
  const { schema: root, data } = ctx;
  const keyword = error.keyword;
  const at = error.instancePath ?? "";
  const has = data !== undefined;
  // capspec names the model in its messages (`n must be between 1 and 6 for qwen-image-2.0,
  // got 9`): the body's `model`, else the one the schema pre-fills (the spec's only name or the
  // provider's default). Without the body, messages name neither the model nor the value.
  // (Not in what is said of `model` itself: capspec has not routed the body then.)
  const model = at === "/model" || !has ? undefined : modelNamed(data, root);
  const forModel = model === undefined ? "" : ` for ${model}`;
  const shownValue = (pointer) => (has ? `, got ${describe(valueAt(data, pointer))}` : "");
  const got = (pointer) => forModel + shownValue(pointer);
  // A value of the right type that breaks a bound or a set is shown as it is, without its type.
  const plain = (pointer) => {
    if (!has) return forModel;
    const value = valueAt(data, pointer);
    return `${forModel}, got ${typeof value === "string" ? quoted(echo(value)) : JSON.stringify(value)}`;
  };
  const name = (pointer) => paramOf(pointer, data);
  const base = { keyword, schemaPath: error.schemaPath, params: error.params ?? {} };
  const out = (instancePath, code, message, extra = {}) => ({
    ...base,
    ...extra,
    instancePath,
    code,
    message,
    params: { ...base.params, ...extra.params, code },
  });

  if (VALIDATION_KEYWORDS.includes(keyword) || typeof error.params?.code === "string") {
    const { lead, must, got: given } = error.params ?? {};
    const message = typeof must === "string" ? `${lead} ${must}${forModel}, ${given}` : error.message;
    return [out(at, error.params.code, message)];
  }
  if (STRUCTURAL.has(keyword)) return [];
  if (at === "/model" && ctx.nullableModel && has && valueAt(data, at) === null) {
    // A nullable model's `null` stands for an absent model; where the spec has no default
    // model, its schema admits no `null` and capspec finds the model missing.
    const v = out(at, "missing_required", "model is required (null stands for an absent model)");
    return [keyword === "type" ? v : { ...v, dropped: "one_fault" }];
  }

  switch (keyword) {
    case "type": {
      if (at === "") {
        const kind = data === null ? "null" : Array.isArray(data) ? "array" : typeof data;
        return [out(at, "invalid_type", `the request body must be a JSON object${has ? `, got ${kind}` : ""}`)];
      }
      // A nullable property's `null` stands for its absence: capspec names the other types.
      const types = [].concat(error.params?.type ?? []);
      const named = types.length > 1 ? types.filter((t) => t !== "null") : types;
      const expected = isPresetSize(parentOf(root, error))
        ? `a preset name or ${OBJECT_SIZE}`
        : named.map((t) => ARTICLE[t] ?? t).join(" or ");
      return [out(at, "invalid_type", `${name(at)} must be ${expected}${got(at)}`)];
    }
    case "required":
    case "dependentRequired": {
      const missing = error.params?.missingProperty;
      const pointer = joinPointer(at, missing);
      // In a rule's `then`, a required object on the way to the member stands for the
      // member itself (`parameters` absent: `parameters.x` is what the rule requires).
      const rule = ruleOf(root, error);
      let paths = [paramOf(pointer, data)];
      let when = "";
      if (rule?.part === "then") {
        const holder = parentOf(root, error);
        const deeper = presencePaths(holder?.properties?.[missing], paramOf(pointer, data));
        if (deeper.length > 0) paths = deeper;
        const cond = conditionOf(rule.rule.if);
        if (cond) when = ` when ${cond.written}`;
      }
      return paths.map((p) =>
        out(p === null ? "" : pointerOf(p), "missing_required", `${p} is required${p === "model" ? "" : forModel}${when}`),
      );
    }
    case "additionalProperties":
    case "unevaluatedProperties": {
      const key = error.params?.additionalProperty ?? error.params?.unevaluatedProperty;
      const pointer = joinPointer(at, key);
      const accepted = Object.keys(parentOf(root, error)?.properties ?? {});
      const place = at === "" ? "the body" : `\`${name(at)}\``;
      const list = accepted.length ? `; ${place} accepts: ${accepted.join(", ")}` : "";
      const of = model === undefined ? "" : ` of ${model}`;
      return [out(pointer, "unknown_parameter", `${name(pointer)} is not a parameter${of}${list}`)];
    }
    case "enum":
    case "const": {
      const values = keyword === "enum" ? error.params?.allowedValues : [error.params?.allowedValue];
      // `null` in a nullable property's `enum` stands for its absence, not a value to name.
      const named = (values ?? []).filter((v) => v !== null);
      if (keyword === "enum" && at === "/model") {
        const given = has ? `model ${quoted(echo(String(valueAt(data, at))))}` : "model";
        return [out(at, "model_not_found", `${given} is not a model of this schema; use one of: ${named.join(", ")}`)];
      }
      // A fixed number (`const`, or with `null` an `enum` of two) is `fixed`, as capspec says.
      let must = named.length === 1 && typeof named[0] === "number" ? `is fixed at ${named[0]}` : oneOf(named);
      // An `allow` rule's `then` names the values allowed when its condition holds.
      const rule = ruleOf(root, error);
      const cond = rule?.part === "then" && conditionOf(rule.rule.if);
      if (cond) must += ` when ${cond.written}`;
      // A size given as a preset name (`then: {enum: […]}`) or an object.
      const path = error.schemaPath ?? "";
      if (path.endsWith("/then/enum") && isPresetSize(schemaAt(root, path.slice(0, -"/then/enum".length)))) {
        // capspec names the model before the alternative: `… "wide" for M, or an object …`.
        must += `${forModel}, or ${OBJECT_SIZE}`;
        const given = has ? `, got ${quoted(echo(String(valueAt(data, at))))}` : "";
        return [out(at, "invalid_value", `${name(at)} ${must}${given}`)];
      }
      return [out(at, "invalid_value", `${name(at)} ${must}${plain(at)}`)];
    }
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum": {
      const must = boundsInWords(parentOf(root, error)) ?? `must be ${error.params?.comparison ?? ""} ${error.params?.limit}`;
      return [out(at, "out_of_range", `${name(at)} ${must}${plain(at)}`)];
    }
    case "multipleOf":
      return [out(at, STEP_CODE, `${name(at)} must be a multiple of ${error.params?.multipleOf}${plain(at)}`)];
    case "maxLength": {
      const value = has ? valueAt(data, at) : undefined;
      const count = forModel + (typeof value === "string" ? `, got ${Array.from(value).length} characters` : "");
      return [out(at, "too_long", `${name(at)} must be at most ${error.params?.limit} characters${count}`)];
    }
    case "minLength": {
      const value = has ? valueAt(data, at) : undefined;
      const count = forModel + (typeof value === "string" ? `, got ${Array.from(value).length} characters` : "");
      const n = error.params?.limit;
      const must = n === 1 ? "must not be empty" : `must be at least ${n} characters`;
      return [out(at, "too_short", `${name(at)} ${must}${count}`)];
    }
    case "minItems": {
      const value = has ? valueAt(data, at) : undefined;
      const count = forModel + (Array.isArray(value) ? `, got ${value.length} items` : "");
      const n = error.params?.limit;
      return [out(at, "too_few_items", `${name(at)} must have at least ${n} item${n === 1 ? "" : "s"}${count}`)];
    }
    case "maxItems": {
      const value = has ? valueAt(data, at) : undefined;
      const count = forModel + (Array.isArray(value) ? `, got ${value.length} items` : "");
      return [out(at, "too_many_items", `${name(at)} must have at most ${error.params?.limit} items${count}`)];
    }
    case "pattern": {
      const value = has ? valueAt(data, at) : undefined;
      const shown = forModel + (typeof value === "string" ? `, got ${quoted(echo(value))}` : "");
      if (error.params?.pattern === NO_NUL_PATTERN) {
        return [out(at, "invalid_value", `${name(at)} ${NO_NUL}${shown}`)];
      }
      const size = parentOf(root, error)?.["x-capspec-size"];
      const must = size
        ? `must be a size written WIDTH${size.separator ?? "x"}HEIGHT in pixels, two positive whole numbers without leading zeros or spaces`
        : `must match the pattern ${quoted(error.params?.pattern ?? "")}`;
      return [out(at, "invalid_format", `${name(at)} ${must}${shown}`)];
    }
    case "false schema": {
      // A rule's `then` forbids the parameter: `{then: {properties: {size: false}}}`.
      const rule = ruleOf(root, error);
      const cond = rule && conditionOf(rule.rule.if);
      const what = cond
        ? cond.negated
          ? `is only allowed${forModel} when ${cond.positive}`
          : `is not allowed${forModel} when ${cond.positive}`
        : `is not allowed${forModel}`;
      return [out(at, "conflicting_parameters", `${name(at)} ${what}`)];
    }
    case "not": {
      // `{anyOf: [{not: {type: "object"}}, {type: "object", properties: ...}]}`: a level on a
      // rule's path that need not be an object (capspec's emitter writes it so). The guard
      // failing only says the level is an object; the other branch's errors say why.
      const negated = keywordValue(root, error);
      if (negated && Object.keys(negated).length === 1 && negated.type === "object") return [];
      // An exclusive rule: `{not: {required: [a, b]}}`, one per pair of its members in the
      // rule's order. capspec reports the later member, in conflict with the earlier.
      const members = presencePaths(keywordValue(root, error)).map((p) =>
        at === "" ? p : `${paramOf(at, data)}.${p}`,
      );
      if (members.length >= 2) {
        const [first, later] = [members[0], members[members.length - 1]];
        const message = `${later} cannot be combined with ${first}${forModel}; give only one of them`;
        return [out(pointerOf(later), "conflicting_parameters", message, { params: { conflictsWith: first } })];
      }
      return [out(at, "conflicting_parameters", `${name(at) ?? "the body"} ${error.message ?? "is not allowed"}`)];
    }
    default: {
      const code = STANDARD_CODES[keyword] ?? "invalid_value";
      return [out(at, code, `${name(at) ?? "the body"} ${error.message ?? "is invalid"}`)];
    }
  }
}

/** The model a message names: the body's `model`, else the schema's default for it, else
 * (a spec its endpoint path selects, with no `model` property) `x-capspec-model`. */
function modelNamed(data, root) {
  if (data !== null && typeof data === "object" && typeof data.model === "string") return echo(data.model);
  const fallback = root?.properties?.model?.default ?? root?.["x-capspec-model"];
  return typeof fallback === "string" ? fallback : undefined;
}

// ---- the public functions -------------------------------------------------------------------

function inputs(errorsOrValidate, options = {}) {
  const { data, all, nullableModel } = options;
  if (typeof errorsOrValidate === "function") {
    const schema = options.schema ?? errorsOrValidate.schema;
    return { errors: errorsOrValidate.errors ?? [], schema, data, all, nullableModel };
  }
  return { errors: errorsOrValidate ?? [], schema: options.schema, data, all, nullableModel };
}

function mapAll(errors, ctx) {
  const list = [];
  const dropped = [];
  for (const error of errors) {
    for (const e of mapError(error, ctx)) {
      const item = { ...e, original: error, param: paramOf(e.instancePath, ctx.data), limit: e.params.limit };
      if (e.dropped && !ctx.all) {
        dropped.push({ ...item, reason: e.dropped });
        continue;
      }
      // The properties a body-level size keyword reads, as params.
      const paths =
        e.keyword === "x-capspec-custom-size"
          ? [e.params.width, e.params.height]
          : e.keyword === "x-capspec-size-table"
            ? [e.params.ratio, e.params.tier]
            : undefined;
      if (paths) {
        const lead = paths.map(pointerOf).find((p) => e.instancePath.endsWith(p)) ?? "";
        const base = e.instancePath.slice(0, e.instancePath.length - lead.length);
        item.members = paths.map((p) => paramOf(base + pointerOf(p), ctx.data));
      }
      list.push(item);
    }
  }
  return { list, dropped };
}

/**
 * ajv's errors as capspec's violations: `[{param, code, message}]`.
 *
 * `errorsOrValidate` is an ajv error list or a validate function just run (its `errors` and
 * `schema` are read). `options.schema` (the root schema, when an error list is given) lets
 * rules between parameters name their members and conditions; `options.data` (the body) lets
 * messages echo the given values and tells array indexes from keys of digits.
 * `options.all: true` keeps every error instead of what capspec reports (see `precedence`).
 * `options.nullableModel: true` says the provider's `model` is nullable (`"model": null`
 * routes like a body without `model`): where its spec has no default model, the schema admits
 * no `null`, and ajv's error for a `null` model is capspec's `missing_required` (needs `data`).
 */
export function capspecViolations(errorsOrValidate, options = {}) {
  return triage(errorsOrValidate, options).kept.map(violation);
}

function violation(v) {
  return { param: v.param, code: v.code, message: v.message };
}

function triage(errorsOrValidate, options) {
  const ctx = inputs(errorsOrValidate, options);
  const { list, dropped } = mapAll(ctx.errors, ctx);
  if (options.all) return { kept: inCapspecOrder(list, ctx), dropped };
  const p = precedence(list);
  return { kept: inCapspecOrder(p.kept, ctx), dropped: [...dropped, ...p.dropped] };
}

/**
 * What `capspecViolations` keeps and what it leaves out, and why: `{violations, dropped}`,
 * each dropped error `{param, code, message, reason}` with `reason` one of `unroutable`,
 * `wrong_type`, `invalid_value`, `past_max_items`, `unjudged_size` or `one_fault` (capspec's
 * precedence). Same arguments as `capspecViolations`.
 */
export function explainViolations(errorsOrValidate, options = {}) {
  const { kept, dropped } = triage(errorsOrValidate, options);
  return {
    violations: kept.map(violation),
    dropped: dropped.map((v) => ({ ...violation(v), reason: v.reason })),
  };
}

/**
 * ajv's errors rewritten the way capspec reports them, still as ajv error objects (for
 * tools that read ajv errors, like react-jsonschema-form): each carries `params.code`, its
 * `instancePath` is the param capspec reports (an exclusive rule's later member, a missing
 * member of a rule), structural errors (`if`) are dropped and capspec's precedence applies.
 */
export function capspecErrors(errorsOrValidate, options = {}) {
  return triage(errorsOrValidate, options).kept.map((v) => {
    const params = { ...v.params, code: v.code };
    let instancePath = v.instancePath;
    if (v.keyword === "required" || v.keyword === "dependentRequired") {
      // As ajv has it: the object that lacks the member, and the member's key.
      const cut = instancePath.lastIndexOf("/");
      params.missingProperty = decodeSegment(instancePath.slice(cut + 1));
      instancePath = instancePath.slice(0, cut);
    }
    return { ...v.original, instancePath, schemaPath: v.schemaPath, keyword: v.keyword, params, message: v.message };
  });
}
