// capspec's `x-capspec-` keywords for ajv 8 (docs/schema-extensions.md). Each validation
// keyword judges a value the way capspec's validators do (src/schema/keywords.rs, src/rt) and
// gives one ajv error per fault, each with `params.code`, capspec's violation code.

import { parseRatio, sizeFaults, areaFaults, objectSizeFaults, U64_MAX } from "./size.js";
import { paramOf, pointerOf } from "./text.js";
import { urlFault } from "./url.js";

// ---- the keyword values: what each member may be (checked when a schema compiles) --------

const NON_NEGATIVE = { type: "integer", minimum: 0 };
const RATIO = { type: "string", pattern: "^[1-9][0-9]*:[1-9][0-9]*$" };
const PATH = { type: "string", minLength: 1 };
const SOURCE = { type: "string" };

const bounds = (withStep) => ({
  type: "object",
  properties: {
    minimum: NON_NEGATIVE,
    maximum: NON_NEGATIVE,
    ...(withStep ? { multipleOf: { type: "integer", minimum: 1 } } : {}),
  },
  additionalProperties: false,
});

const RATIO_BOUNDS = {
  type: "object",
  properties: { minimum: RATIO, maximum: RATIO },
  additionalProperties: false,
};

/**
 * The members each validation keyword understands. A member not listed here makes the
 * schema fail to compile: a validator that skipped a rule it does not know would accept
 * requests capspec rejects. (`x-capspec-source` is documentation, allowed everywhere.)
 */
export const KEYWORD_VALUES = {
  "x-capspec-size": {
    type: "object",
    properties: {
      separator: { type: "string", minLength: 1, maxLength: 1 },
      width: bounds(true),
      height: bounds(true),
      pixels: bounds(false),
      aspect_ratio: RATIO_BOUNDS,
      unsized: { type: "array", items: { type: "string" } },
      "x-capspec-source": SOURCE,
    },
    additionalProperties: false,
  },
  "x-capspec-url": {
    type: "object",
    properties: { public: { type: "boolean" }, "x-capspec-source": SOURCE },
    additionalProperties: false,
  },
  "x-capspec-size-table": {
    type: "object",
    properties: {
      ratio: PATH,
      tier: PATH,
      cells: {
        type: "object",
        additionalProperties: { type: "object", additionalProperties: { type: "string" } },
      },
      "x-capspec-source": SOURCE,
    },
    required: ["ratio", "tier", "cells"],
    additionalProperties: false,
  },
  "x-capspec-custom-size": {
    type: "object",
    properties: {
      width: PATH,
      height: PATH,
      pixels: bounds(false),
      aspect_ratio: RATIO_BOUNDS,
      "x-capspec-source": SOURCE,
    },
    required: ["width", "height"],
    additionalProperties: false,
  },
};

/** Annotation keywords: kept for frontends, never validating. */
export const ANNOTATIONS = {
  "x-order": { type: "integer", minimum: 0 },
  "x-capspec-source": { type: "string" },
  "x-capspec-presets": { type: "object", additionalProperties: { type: "string" } },
  "x-capspec-model": { type: "string" },
  // A multipart form's file part: what capspec reads from the file's own bytes.
  "x-capspec-file": {
    type: "object",
    properties: {
      media_types: { type: "array", items: { type: "string" } },
      max_bytes: { type: "integer", minimum: 1 },
      square: { type: "boolean" },
      same_dimensions_as: { type: "string" },
    },
    additionalProperties: false,
  },
  "x-capspec-output": {
    type: "object",
    properties: {
      count: { anyOf: [{ type: "string" }, { const: 1 }] },
      size: { type: "array", items: { type: "string" } },
    },
  },
};

// ---- reading keyword values ---------------------------------------------------------------

const big = (n) => (n === undefined ? undefined : BigInt(n));

function readBounds(b = {}) {
  return { minimum: big(b.minimum), maximum: big(b.maximum), multipleOf: big(b.multipleOf) };
}

function readRatioBounds(b = {}) {
  const r = (t) => (t === undefined ? undefined : parseRatio(t));
  return { minimum: r(b.minimum), maximum: r(b.maximum) };
}

/** The size rule an `x-capspec-size` value describes. */
export function sizeRule(value) {
  return {
    separator: value.separator ?? "x",
    unsized: value.unsized ?? [],
    width: readBounds(value.width),
    height: readBounds(value.height),
    pixels: readBounds(value.pixels),
    aspect_ratio: readRatioBounds(value.aspect_ratio),
  };
}

// ---- errors -------------------------------------------------------------------------------

/** How a message names the value at an instance path (`image[0]`, `the value`). */
function field(instancePath) {
  return paramOf(instancePath) ?? "the value";
}

function keywordError(keyword, instancePath, fault, lead, extra = {}) {
  return {
    instancePath,
    keyword,
    message: `${lead} ${fault.must}, ${fault.got}`,
    // The parts, so that `capspecViolations` can name the model as capspec does.
    params: { code: fault.code, lead, must: fault.must, got: fault.got, ...extra },
  };
}

// ---- the body-level keywords' paths -------------------------------------------------------

/** The value at a dotted path of an object instance (own properties), or undefined. */
function at(instance, path) {
  let node = instance;
  for (const key of path.split(".")) {
    if (node === null || typeof node !== "object" || Array.isArray(node)) return undefined;
    if (!Object.hasOwn(node, key)) return undefined;
    node = node[key];
  }
  return node;
}

/** The schema of the property at a dotted path of an object schema, or undefined. */
function propertySchema(schema, path) {
  let node = schema;
  for (const key of path.split(".")) {
    const props = node?.properties;
    if (props === null || typeof props !== "object" || !Object.hasOwn(props, key)) return undefined;
    node = props[key];
  }
  return node;
}

/** Whether a property schema accepts `null` (`type` naming "null", or `nullable: true`):
 * then a `null` value stands for the absent property, its default applying. */
function acceptsNull(schema) {
  if (schema === null || typeof schema !== "object") return false;
  const t = schema.type;
  return t === "null" || (Array.isArray(t) && t.includes("null")) || schema.nullable === true;
}

/** The exact non-negative integer a JSON number holds as capspec reads it (±(2^53 − 1),
 * `2.0` integral), as BigInt, or null. */
function side(v) {
  if (typeof v !== "number" || !Number.isInteger(v)) return null;
  if (v < 0 || v > Number.MAX_SAFE_INTEGER) return null;
  return BigInt(v);
}

// ---- keyword definitions -------------------------------------------------------------------

function sizeKeyword() {
  const keyword = "x-capspec-size";
  return {
    keyword,
    schemaType: "object",
    metaSchema: KEYWORD_VALUES[keyword],
    compile(value) {
      const rule = sizeRule(value);
      const validate = (data, cxt) => {
        let faults;
        if (typeof data === "string") faults = sizeFaults(rule, data);
        else if (data !== null && typeof data === "object" && !Array.isArray(data)) {
          faults = objectSizeFaults(rule, data.width, data.height);
        } else return true; // the type keyword judges it

        if (faults.length === 0) return true;
        const path = cxt?.instancePath ?? "";
        validate.errors = faults.map((f) => keywordError(keyword, path, f, field(path)));
        return false;
      };
      return validate;
    },
  };
}

function urlKeyword() {
  const keyword = "x-capspec-url";
  return {
    keyword,
    type: "string",
    schemaType: "object",
    metaSchema: KEYWORD_VALUES[keyword],
    compile(value) {
      const isPublic = value.public === true;
      const validate = (data, cxt) => {
        const fault = urlFault(data, isPublic);
        if (fault === null) return true;
        const path = cxt?.instancePath ?? "";
        validate.errors = [keywordError(keyword, path, fault, field(path))];
        return false;
      };
      return validate;
    },
  };
}

function tableKeyword() {
  const keyword = "x-capspec-size-table";
  return {
    keyword,
    type: "object",
    schemaType: "object",
    metaSchema: KEYWORD_VALUES[keyword],
    compile(value, parentSchema) {
      const { ratio, tier, cells } = value;
      const side = (path) => {
        const schema = propertySchema(parentSchema, path);
        const d = schema?.default;
        return { path, fallback: typeof d === "string" ? d : undefined, nullable: acceptsNull(schema) };
      };
      const [r, t] = [side(ratio), side(tier)];
      // The value that selects the cell: the request's string, or the default when absent
      // (or null, where null means absent); undefined (no judgement) for any other value.
      const effective = (instance, s) => {
        const v = at(instance, s.path);
        if (v === undefined || (v === null && s.nullable)) return s.fallback;
        return typeof v === "string" ? v : undefined;
      };
      const validate = (data, cxt) => {
        const ratioValue = effective(data, r);
        const tierValue = effective(data, t);
        if (ratioValue === undefined || tierValue === undefined) return true;
        if (!Object.hasOwn(cells, ratioValue)) return true; // the ratio's enum judges it
        const row = cells[ratioValue];
        if (Object.hasOwn(row, tierValue)) return true;
        // Reported at the tier when the body gives it, else at the ratio (the tier being
        // its default).
        const given = at(data, tier);
        const atTier = given !== undefined && !(given === null && t.nullable);
        const lead = atTier ? tier : ratio;
        const q = JSON.stringify;
        const available = Object.keys(row).map((k) => q(k)).join(", ");
        const message = atTier
          ? `${tier} ${q(tierValue)} is not available with ${ratio} ${q(ratioValue)}; available: ${available}`
          : `${ratio} ${q(ratioValue)} is not available with ${tier} ${q(tierValue)} (its default); available ${tier}: ${available}`;
        validate.errors = [
          {
            instancePath: `${cxt?.instancePath ?? ""}${pointerOf(lead)}`,
            keyword,
            message,
            params: { code: "invalid_value", ratio, tier, available: Object.keys(row) },
          },
        ];
        return false;
      };
      return validate;
    },
  };
}

function customKeyword() {
  const keyword = "x-capspec-custom-size";
  return {
    keyword,
    type: "object",
    schemaType: "object",
    metaSchema: KEYWORD_VALUES[keyword],
    compile(value) {
      const { width, height } = value;
      const pixels = readBounds(value.pixels);
      const aspect = readRatioBounds(value.aspect_ratio);
      const validate = (data, cxt) => {
        const w = side(at(data, width));
        const h = side(at(data, height));
        if (w === null || h === null) return true;
        const faults = areaFaults(pixels, aspect, { width: w, height: h }, `${w} × ${h}`);
        if (faults.length === 0) return true;
        // Reported at the width property, naming both (src/rt/size.rs `custom`).
        const path = `${cxt?.instancePath ?? ""}${pointerOf(width)}`;
        validate.errors = faults.map((f) =>
          keywordError(keyword, path, f, `${width} × ${height}`, { width, height }),
        );
        return false;
      };
      return validate;
    },
  };
}

function annotation(keyword) {
  return { keyword, metaSchema: ANNOTATIONS[keyword] };
}

/** Every keyword definition this package registers. */
export function keywordDefinitions() {
  return [
    sizeKeyword(),
    urlKeyword(),
    tableKeyword(),
    customKeyword(),
    ...Object.keys(ANNOTATIONS).map(annotation),
  ];
}

/** The validation keywords (their errors carry `params.code`). */
export const VALIDATION_KEYWORDS = Object.keys(KEYWORD_VALUES);

/**
 * Registers capspec's keywords on an ajv 8 instance (use `ajv/dist/2020`, the dialect of
 * capspec's schemas) and returns it. Keywords already registered (by an earlier call) are
 * left as they are.
 */
export function addCapspecKeywords(ajv) {
  for (const def of keywordDefinitions()) {
    if (!ajv.getKeyword(def.keyword)) ajv.addKeyword(def);
  }
  // A form's file part (`format: "binary"`, as OpenAPI writes one): its bytes are not JSON, so
  // nothing here checks them; capspec reads the files themselves.
  if (!ajv.formats.binary) ajv.addFormat("binary", true);
  return ajv;
}

export { U64_MAX };
