// The rjsf uiSchema of a model document, read from the request schema and its hints.
//
// - Field order: `x-order` (capspec writes it on every property).
// - Labels are the properties' `title`s where the schema has them (rjsf reads `title` itself).
// - Multi-line text: a property whose UI hint says so (`x-capspec-ui`, `x-ui` or `ui` on the
//   property, `ui:widget`-style keys, or a document-level `ui` map keyed by dotted path) gets a
//   textarea. A document without any such hint gets one for prompt-like strings (`prompt`,
//   `*_prompt`, `content`) without a closed set of values.
// - Placeholders: a property's first `examples` entry (`1328*1328`).
// - A property the current data forbids (rjsf resolves the schema's `if`/`then` rules against
//   the data: a forbidden property's schema is `false`) is hidden while it holds no value, and
//   `stripForbidden` removes such values when a change makes them forbidden.

const HINT_KEYS = ["x-capspec-ui", "x-ui", "ui"];
const MULTILINE_WORDS = /^(textarea|text-?area|multi-?line(-?text)?|long-?text|paragraph|prompt)$/i;

/** The UI hints written on one property schema (not its children). */
export function hintsOn(schema) {
  if (!isObject(schema)) return [];
  const hints = [];
  for (const key of HINT_KEYS) if (schema[key] !== undefined) hints.push(schema[key]);
  const colon = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key.startsWith("ui:")) colon[key.slice(3)] = value;
  }
  if (Object.keys(colon).length > 0) hints.push(colon);
  return hints;
}

/** Whether a hint asks for multi-line text. */
export function isMultilineHint(hint) {
  if (typeof hint === "string") return MULTILINE_WORDS.test(hint.trim());
  if (Array.isArray(hint)) return hint.some(isMultilineHint);
  if (!isObject(hint)) return false;
  for (const key of ["multiline", "multi_line", "multi-line", "multiLine", "textarea"]) {
    if (hint[key] === true) return true;
  }
  for (const key of ["widget", "ui:widget", "input", "control", "kind", "type", "format", "text"]) {
    if (typeof hint[key] === "string" && MULTILINE_WORDS.test(hint[key].trim())) return true;
  }
  if (typeof hint.rows === "number" && hint.rows > 1) return true;
  if (isObject(hint["ui:options"]) && isMultilineHint(hint["ui:options"])) return true;
  return false;
}

/** The row count a hint asks for, if any. */
function rowsOf(hints) {
  for (const hint of hints) {
    if (!isObject(hint)) continue;
    const rows = hint.rows ?? hint["ui:options"]?.rows;
    if (Number.isInteger(rows) && rows > 0) return rows;
  }
  return undefined;
}

/**
 * The document-level hints, keyed by dotted property path (`prompt`, `parameters.size`). capspec
 * writes `ui` as an rjsf uiSchema nested like the body (`{"parameters": {"negative_prompt":
 * {"ui:widget": "textarea"}}}`); a map keyed by dotted paths reads the same.
 */
function documentHints(doc) {
  const out = new Map();
  const add = (path, hint) => out.set(path, [...(out.get(path) ?? []), hint]);
  const walk = (node, prefix) => {
    for (const [key, value] of Object.entries(node)) {
      if (key.startsWith("ui:")) continue;
      const path = prefix ? `${prefix}.${key}` : key;
      if (!isObject(value)) {
        add(path, value);
        continue;
      }
      const own = Object.keys(value).filter((k) => k.startsWith("ui:"));
      if (own.length > 0 || Object.keys(value).length === 0) add(path, value);
      walk(value, path);
    }
  };
  for (const source of [doc.ui, doc["x-capspec-ui"], doc.parameters?.["x-capspec-ui"], doc.parameters?.ui]) {
    if (isObject(source)) walk(source, "");
  }
  return out;
}

/** Whether the document carries any UI hint at all (then hints alone decide). */
function hasAnyHint(doc) {
  if (documentHints(doc).size > 0) return true;
  let found = false;
  walkProperties(doc.parameters, "", (schema) => {
    if (hintsOn(schema).length > 0) found = true;
  });
  return found;
}

function walkProperties(schema, prefix, visit) {
  if (!isObject(schema) || !isObject(schema.properties)) return;
  for (const [name, child] of Object.entries(schema.properties)) {
    const path = prefix ? `${prefix}.${name}` : name;
    visit(child, path, name);
    walkProperties(child, path, visit);
  }
}

const PROMPT_LIKE = /^(prompt|content|.+_prompt)$/;

function looksLikePrompt(schema, name) {
  return (
    PROMPT_LIKE.test(name) &&
    typesOf(schema).includes("string") &&
    !Array.isArray(schema.enum) &&
    schema.const === undefined &&
    !(typeof schema.maxLength === "number" && schema.maxLength < 100)
  );
}

/** The static part of a model's uiSchema: order, widgets, placeholders. */
export function baseUiSchema(doc) {
  const byPath = documentHints(doc);
  const hinted = hasAnyHint(doc);
  const build = (schema, prefix) => {
    const ui = {};
    if (!isObject(schema) || !isObject(schema.properties)) return ui;
    const names = Object.keys(schema.properties);
    const order = names
      .map((name, index) => ({ name, index, at: schema.properties[name]?.["x-order"] }))
      .sort((a, b) => (a.at ?? Infinity) - (b.at ?? Infinity) || a.index - b.index)
      .map((entry) => entry.name);
    ui["ui:order"] = [...order, "*"];
    for (const name of names) {
      const child = schema.properties[name];
      if (!isObject(child)) continue;
      const path = prefix ? `${prefix}.${name}` : name;
      const hints = [...hintsOn(child), ...(byPath.get(path) ?? [])];
      const field = build(child, path);
      const multiline = hinted ? hints.some(isMultilineHint) : looksLikePrompt(child, name);
      if (multiline && typesOf(child).includes("string")) {
        field["ui:widget"] = "textarea";
        field["ui:options"] = { rows: rowsOf(hints) ?? 3 };
      }
      const example = Array.isArray(child.examples) ? child.examples[0] : undefined;
      if ((typeof example === "string" || typeof example === "number") && !Array.isArray(child.enum)) {
        field["ui:placeholder"] = `e.g. ${example}`;
      }
      if (isObject(child.items) && child.items["x-capspec-url"] !== undefined) {
        field.items = { "ui:placeholder": "https://…", "ui:options": { inputType: "url" } };
      }
      ui[name] = field;
    }
    return ui;
  };
  // The document's own uiSchema has the last word (its other `ui:` keys pass through as rjsf reads them).
  return isObject(doc.ui) ? mergeUi(build(doc.parameters, ""), doc.ui) : build(doc.parameters, "");
}

/** `over` merged into `base`, as uiSchemas nest: property keys recurse, `ui:options` merge. */
export function mergeUi(base, over) {
  const out = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const nested = !key.startsWith("ui:") || key === "ui:options";
    out[key] = nested && isObject(value) && isObject(out[key]) ? mergeUi(out[key], value) : value;
  }
  return out;
}

/** A component for a field the data forbids: nothing. */
export function Nothing() {
  return null;
}

/**
 * The uiSchema for the current data: `base` with the fields the data forbids (and that hold
 * no value) hidden. `schemaUtils` is rjsf's, for the form's schema and validator.
 */
export function uiSchemaFor(base, schemaUtils, schema, data) {
  const withHidden = (ui, schemaHere, dataHere) => {
    if (!isObject(schemaHere)) return ui;
    const resolved = schemaUtils.retrieveSchema(schemaHere, dataHere ?? {});
    if (!isObject(resolved?.properties)) return ui;
    let out = ui;
    for (const [name, child] of Object.entries(resolved.properties)) {
      const value = isObject(dataHere) ? dataHere[name] : undefined;
      if (child === false && value === undefined) {
        out = { ...out, [name]: { ...(out[name] ?? {}), "ui:widget": "hidden", "ui:field": Nothing } };
      } else if (isObject(child) && isObject(child.properties) && isObject(out[name])) {
        const inner = withHidden(out[name], child, value);
        if (inner !== out[name]) out = { ...out, [name]: inner };
      }
    }
    return out;
  };
  return withHidden(base, schema, data);
}

/**
 * `data` without the values the data itself now forbids (a property whose schema resolves to
 * `false`: `custom_width` once `use_custom_size` is unticked). The same object when nothing
 * is removed.
 */
export function stripForbidden(schemaUtils, schema, data) {
  if (!isObject(schema) || !isObject(data)) return data;
  const resolved = schemaUtils.retrieveSchema(schema, data);
  if (!isObject(resolved?.properties)) return data;
  let out = data;
  for (const [name, child] of Object.entries(resolved.properties)) {
    if (!Object.hasOwn(data, name)) continue;
    if (child === false) {
      if (out === data) out = { ...data };
      delete out[name];
    } else if (isObject(child) && isObject(data[name])) {
      const inner = stripForbidden(schemaUtils, child, data[name]);
      if (inner !== data[name]) {
        if (out === data) out = { ...data };
        out[name] = inner;
      }
    }
  }
  return out;
}

function typesOf(schema) {
  if (Array.isArray(schema.type)) return schema.type;
  return typeof schema.type === "string" ? [schema.type] : [];
}

function isObject(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
