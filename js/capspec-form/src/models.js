// Where the page's model documents come from.
//
// Served over http(s) (by `capspec serve`, at `/`): `GET /v1/models` on the page's origin.
// Opened from a file: `window.CAPSPEC_MODELS`, set by the optional sibling script `models.js`
// (`npm run models` writes `dist/models.js`); the page works without it and says how to make it.

/** Whether the page was opened over http(s), so that it can ask the server. */
export function isServed(loc = window.location) {
  return loc.protocol === "http:" || loc.protocol === "https:";
}

/** `{object: "list", data: [...]}` or a bare array, as a list of model documents. Models that
 * take a multipart form with files (`content_type`, OpenAI's image edits) are left out: the
 * page edits JSON request bodies. */
export function documentsOf(value) {
  const list = Array.isArray(value) ? value : value && Array.isArray(value.data) ? value.data : null;
  if (!list) throw new Error("expected {object: \"list\", data: [model documents]} or an array of model documents");
  return list.filter(
    (doc) =>
      doc &&
      typeof doc.id === "string" &&
      doc.parameters &&
      typeof doc.parameters === "object" &&
      doc.content_type === undefined,
  );
}

/**
 * The model documents and where they came from: `{source, docs}` with `source` "server" or
 * "file", or `{source: "file", docs: [], missing: true}` when `models.js` is not there.
 */
export async function loadModels() {
  if (isServed()) {
    const res = await fetch("/v1/models", { headers: { accept: "application/json" } });
    if (!res.ok) throw new Error(`GET /v1/models answered ${res.status} ${res.statusText}`);
    return { source: "server", docs: documentsOf(await res.json()) };
  }
  if (window.CAPSPEC_MODELS === undefined) await loadScript("models.js");
  if (window.CAPSPEC_MODELS === undefined) return { source: "file", docs: [], missing: true };
  return { source: "file", docs: documentsOf(window.CAPSPEC_MODELS) };
}

/** Loads a classic script beside the page; resolves (without throwing) when it is missing. */
function loadScript(src) {
  return new Promise((resolve) => {
    const script = document.createElement("script");
    script.src = src;
    script.onload = () => resolve(true);
    script.onerror = () => {
      script.remove();
      resolve(false);
    };
    document.head.appendChild(script);
  });
}

/** The provider a spec id belongs to: the part before the first `/`. */
export function providerOf(id) {
  const slash = id.indexOf("/");
  return slash < 0 ? id : id.slice(0, slash);
}

/**
 * The form's first data for a model document: the `model` the request takes (the document's
 * `default_model`, else its first `model_names` entry) when the schema has a `model` property
 * that accepts it. Other defaults come from the schema (rjsf fills them in).
 */
export function initialData(doc) {
  const model = doc.parameters?.properties?.model;
  if (!model || typeof model !== "object") return {};
  const names = Array.isArray(doc.model_names) ? doc.model_names : [];
  const name = doc.default_model ?? names[0];
  if (typeof name !== "string") return {};
  if (Array.isArray(model.enum) && !model.enum.includes(name)) return {};
  return { model: name };
}
