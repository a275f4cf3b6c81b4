// Values echoed in messages, as capspec echoes them (src/error.rs `echo`, src/rt `Quoted`).

/** How many characters of a value a message echoes (capspec's `MAX_ECHO_CHARS`). */
export const MAX_ECHO_CHARS = 64;

/** `s` cut to 64 characters (Unicode code points) with a trailing `…` when longer. */
export function echo(s) {
  if (s.length <= MAX_ECHO_CHARS) return s;
  const chars = Array.from(s);
  return chars.length <= MAX_ECHO_CHARS ? s : `${chars.slice(0, MAX_ECHO_CHARS).join("")}…`;
}

/**
 * A string in double quotes, escaped as capspec (Rust's `{:?}`) escapes it: `\"`, `\\`, `\t`,
 * `\r`, `\n`, `\0`, other control characters as `\u{1b}`. (Rust also escapes the other
 * characters Unicode calls non-printable, such as U+200B; those are shown as they are here.)
 */
export function quoted(s) {
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0);
    if (ch === '"' || ch === "\\") out += `\\${ch}`;
    else if (ch === "\t") out += "\\t";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\n") out += "\\n";
    else if (code === 0) out += "\\0";
    else if (code < 0x20 || code === 0x7f || (code >= 0x80 && code < 0xa0)) out += `\\u{${code.toString(16)}}`;
    else if (code >= 0xd800 && code <= 0xdfff) out += `\\u{${code.toString(16)}}`;
    else out += ch;
  }
  return `${out}"`;
}

/** How capspec names a JSON value's type in `got …` (`number 3`, `string "a"`, `array`). */
export function describe(value) {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  switch (typeof value) {
    case "boolean":
      return `boolean ${value}`;
    case "number":
      return `number ${value}`;
    case "string":
      return `string ${quoted(echo(value))}`;
    case "object":
      return "object";
    default:
      return typeof value;
  }
}

/** A JSON pointer (`/parameters/size`, `/image/0`) as a capspec param (`parameters.size`,
 * `image[0]`); null for the whole body. Array indexes are told apart from keys that are
 * digits by the data when it is given, else by the digits alone. */
export function paramOf(pointer, data) {
  if (!pointer) return null;
  const parts = pointer.split("/").slice(1).map(unescapePointer);
  let out = "";
  let node = data;
  for (const part of parts) {
    const isIndex = node !== undefined ? Array.isArray(node) : /^(0|[1-9][0-9]*)$/.test(part);
    if (isIndex && out !== "") out += `[${part}]`;
    else out += out === "" ? part : `.${part}`;
    node = node !== undefined && node !== null && typeof node === "object" ? node[part] : undefined;
  }
  return out;
}

/** A dotted param (`parameters.size`) as a JSON pointer (`/parameters/size`). */
export function pointerOf(path) {
  return path
    .split(".")
    .map((k) => `/${k.replace(/~/g, "~0").replace(/\//g, "~1")}`)
    .join("");
}

function unescapePointer(part) {
  return part.replace(/~1/g, "/").replace(/~0/g, "~");
}

/** The value at a JSON pointer in `data` (own properties only), or undefined. */
export function valueAt(data, pointer) {
  if (!pointer) return data;
  let node = data;
  for (const raw of pointer.split("/").slice(1)) {
    const part = unescapePointer(raw);
    if (node === null || typeof node !== "object" || !Object.hasOwn(node, part)) return undefined;
    node = node[part];
  }
  return node;
}
