// The four scenarios, typed and clicked in the page, for each way it is opened.
// Values come from the model documents (examples, defaults, bounds) where the documents
// have them; the scenario values the issue names (`1024*1024`) are written out.

import assert from "node:assert/strict";

import {
  capspec,
  fieldErrors,
  openModel,
  resultBody,
  schemaDefaults,
  screenshot,
  selectByLabel,
  serverVerdict,
  submit,
  verdictOf,
  waitFieldErrors,
} from "./support.mjs";

/** The spec ids the scenarios use, found in `capspec models`. */
export function scenarioIds(docs) {
  const ids = [...docs.keys()];
  const find = (what, test) => {
    const id = ids.find(test);
    assert.ok(id, `no ${what} spec in capspec models: ${ids.join(", ")}`);
    return id;
  };
  return {
    gccai: find("gccai/qwen-image-2.0", (id) => id === "gccai/qwen-image-2.0"),
    wan26: find("bailian wan2.6", (id) => id.startsWith("bailian/") && /wan2\.6/.test(id)),
    empiriolabs: find("empiriolabs", (id) => id.startsWith("empiriolabs/")),
    dieyuyun: find("dieyuyun", (id) => id.startsWith("dieyuyun/")),
    routed: find("a model its endpoint path selects (fal)", (id) => docs.get(id).routed_by === "path"),
    priced: find("a model priced per image in cells", (id) => {
      const pricing = docs.get(id).pricing;
      return pricing?.unit === "image" && pricing?.cells?.length > 0 && pricing.currency;
    }),
  };
}

/** The `model` a document's request takes, as the page fills it in. */
function modelOf(doc) {
  return doc.default_model ?? doc.model_names[0];
}

/** Expects no submit: the refusal note and no body. */
async function expectRefused(page) {
  await page.waitForSelector("#result-refused", { visible: true });
  assert.equal(await page.$("#result-body"), null, "a refused submit shows no body");
}

/** In served mode, the verdict the page shows is the server's 200 for that body. */
async function expectServed200(page, doc, body) {
  const verdict = await serverVerdict(page);
  assert.equal(verdict.status, 200, `server verdict: ${JSON.stringify(verdict.json)}`);
  assert.equal(verdict.json.model, doc.id);
  assert.equal(verdictOf(doc.id.split("/")[0], body), null, "capspec validate agrees that the body is valid");
  return verdict.json;
}

/** A valid gccai/qwen-image-2.0 request (the document's first example) submits. */
export async function validGccai({ page, url, served, docs, ids, mode }) {
  const doc = docs.get(ids.gccai);
  const example = doc.parameters.examples?.[0];
  assert.ok(example?.prompt, `${doc.id} has an example with a prompt`);
  await openModel(page, url, doc.id);
  assert.equal(await page.$eval("#root_prompt", (el) => el.tagName), "TEXTAREA", "the prompt is multi-line text");
  // The document's example prompt, and Unicode typed for real.
  const prompt = `${example.prompt}, 灯塔 🌊`;
  await page.type("#root_prompt", prompt);
  for (const [name, value] of Object.entries(example)) {
    if (name === "model" || name === "prompt") continue;
    await selectByLabel(page, `#root_${name}`, String(value));
  }
  await submit(page);
  await page.waitForSelector("#result-body");
  const body = await resultBody(page);
  assert.deepEqual(body, { ...schemaDefaults(doc.parameters), ...example, prompt, model: modelOf(doc) });
  if (served) {
    const verdict = await expectServed200(page, doc, body);
    assert.deepEqual(verdict.request, body);
  } else {
    assert.equal(verdictOf("gccai", body), null, "capspec validate agrees that the body is valid");
  }
  assert.deepEqual(page.errors, []);
  await screenshot(page, `${mode}-gccai-valid`);
}

/** A wan2.6 size of `1024*1024` is refused at the size field, with capspec's message, before submit. */
export async function wan26Size({ page, url, served, docs, ids, mode }) {
  const doc = docs.get(ids.wan26);
  const size = "1024*1024";
  const content = "a red fox in fresh snow";
  await openModel(page, url, doc.id);
  await page.type("#root_content", content);
  await page.type("#root_parameters_size", size);
  const shown = await waitFieldErrors(page, "root_parameters_size");
  assert.equal(await page.$("#result"), null, "no submit yet");

  // What capspec itself says about that body (the Rust validator, through the CLI).
  const body = { ...schemaDefaults(doc.parameters), model: modelOf(doc), content };
  body.parameters = { ...body.parameters, size };
  const verdict = verdictOf("bailian", body);
  assert.ok(verdict, "capspec refuses the body");
  const atSize = verdict.errors.filter((e) => e.param === "parameters.size");
  assert.equal(atSize.length, 1, JSON.stringify(verdict.errors));
  assert.deepEqual(
    verdict.errors.map((e) => e.param),
    ["parameters.size"],
    "the size is the body's only fault",
  );
  assert.deepEqual(shown, [atSize[0].message], "capspec's own message, at the size field");
  // No other field shows an error while only these two were touched.
  assert.deepEqual(await page.$$eval(".field-errors", (lists) => lists.length), 1);
  await screenshot(page, `${mode}-wan26-size-refused`);

  await submit(page);
  await expectRefused(page);
  assert.deepEqual(await fieldErrors(page, "root_parameters_size"), shown);
  if (served) {
    // The server agrees, for the body the form holds.
    const res = await fetch(new URL(`/v1/validate/bailian`, url), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    assert.equal(res.status, 400);
    const json = await res.json();
    assert.equal(json.error.param, "parameters.size");
    assert.equal(json.error.message, atSize[0].message);
  }
  assert.deepEqual(page.errors, []);
  await screenshot(page, `${mode}-wan26-size-submit-refused`);
}

/** empiriolabs: ticking `use_custom_size` shows the width and height, which are then required. */
export async function empiriolabsCustomSize({ page, url, served, docs, ids, mode }) {
  const doc = docs.get(ids.empiriolabs);
  const props = doc.parameters.properties;
  assert.ok(props.use_custom_size && props.custom_width && props.custom_height);
  const prompt = doc.parameters.examples?.[0]?.prompt ?? "a misty forest at dawn";
  await openModel(page, url, doc.id);
  await page.type("#root_prompt", prompt);
  assert.equal(await page.$("#root_custom_width"), null, "no width before use_custom_size");
  assert.equal(await page.$("#root_custom_height"), null, "no height before use_custom_size");

  await page.click("#root_use_custom_size");
  await page.waitForSelector("#root_custom_width", { visible: true });
  await page.waitForSelector("#root_custom_height", { visible: true });
  await submit(page);
  await expectRefused(page);
  const model = modelOf(doc);
  const verdict = verdictOf("empiriolabs", { ...schemaDefaults(doc.parameters), model, prompt, use_custom_size: true });
  assert.ok(verdict, "capspec refuses use_custom_size without the sides");
  for (const side of ["custom_width", "custom_height"]) {
    const expected = verdict.errors.filter((e) => e.param === side).map((e) => e.message);
    assert.equal(expected.length, 1, JSON.stringify(verdict.errors));
    assert.deepEqual(await waitFieldErrors(page, `root_${side}`), expected);
  }
  await screenshot(page, `${mode}-empiriolabs-custom-size-required`);

  // Sides from the document's example size (else the sides' minimums).
  const [w, h] = String(doc.parameters.examples?.[0]?.size ?? "").split("x").map(Number);
  const width = Number.isInteger(w) ? w : props.custom_width.minimum;
  const height = Number.isInteger(h) ? h : props.custom_height.minimum;
  await page.type("#root_custom_width", String(width));
  await page.type("#root_custom_height", String(height));
  await page.waitForFunction(() => document.querySelectorAll(".field-errors").length === 0);
  await submit(page);
  await page.waitForSelector("#result-body");
  const body = await resultBody(page);
  assert.equal(body.use_custom_size, true);
  assert.equal(body.custom_width, width);
  assert.equal(body.custom_height, height);
  assert.equal(body.prompt, prompt);
  if (served) {
    const json = await expectServed200(page, doc, body);
    assert.equal(json.width, width);
    assert.equal(json.height, height);
  } else {
    assert.equal(verdictOf("empiriolabs", body), null, "capspec validate agrees that the body is valid");
  }
  await screenshot(page, `${mode}-empiriolabs-custom-size-submitted`);

  // Unticking hides the sides again and drops them from the body.
  await page.click("#root_use_custom_size");
  await page.waitForFunction(() => !document.querySelector("#root_custom_width"));
  await submit(page);
  await page.waitForSelector("#result-body");
  const after = await resultBody(page);
  assert.equal(after.use_custom_size, false);
  assert.equal("custom_width" in after || "custom_height" in after, false, JSON.stringify(after));
  assert.deepEqual(page.errors, []);
}

/** The dieyuyun form with its defaults (only the required fields filled) submits. */
export async function dieyuyunDefaults({ page, url, served, docs, ids, mode }) {
  const doc = docs.get(ids.dieyuyun);
  const schema = doc.parameters;
  await openModel(page, url, doc.id);
  const typed = {};
  for (const name of schema.required ?? []) {
    if (name === "model") continue; // the page fills in the model the document names
    assert.equal(schema.properties[name].type, "string", `${doc.id}: required ${name} is text`);
    typed[name] = "a quiet harbour at dawn, watercolour";
    await page.type(`#root_${name}`, typed[name]);
  }
  assert.ok(Object.keys(typed).length > 0, "something to fill");
  await submit(page);
  await page.waitForSelector("#result-body");
  const body = await resultBody(page);
  assert.deepEqual(body, { ...schemaDefaults(schema), ...typed, model: modelOf(doc) });
  if (served) {
    const verdict = await expectServed200(page, doc, body);
    assert.deepEqual(verdict.request, body);
  } else {
    assert.equal(verdictOf("dieyuyun", body), null, "capspec validate agrees that the body is valid");
  }
  assert.deepEqual(page.errors, []);
  await screenshot(page, `${mode}-dieyuyun-defaults`);
}

/** The estimate under the form is capspec's cost of the body as typed (`capspec cost`). */
export async function estimateIsCapspecsCost({ page, url, docs, ids, mode }) {
  const doc = docs.get(ids.priced);
  const schema = doc.parameters;
  const provider = doc.id.split("/")[0];
  await openModel(page, url, doc.id);
  const unknown = await page.$eval("#cost-estimate", (el) => el.dataset.known);
  assert.equal(unknown, "false", "with the schema's defaults the price cell is a gap or unset");
  for (const name of schema.required ?? []) {
    if (name === "model") continue;
    await page.type(`#root_${name}`, "a lighthouse at dusk");
  }
  // The first priced cell's values, picked in the form.
  const cell = doc.pricing.cells[0];
  for (const [name, value] of Object.entries(cell.when)) {
    await selectByLabel(page, `#root_${name}`, value);
  }
  const count = doc.pricing.count;
  if (count && schema.properties[count]?.maximum > 1) {
    await page.$eval(`#root_${count}`, (el) => el.select?.());
    await page.type(`#root_${count}`, "2");
  }
  await page.waitForSelector('#cost-estimate[data-known="true"]');
  const shown = await page.$eval("#cost-estimate", (el) => ({ amount: el.dataset.amount, text: el.textContent }));
  await submit(page);
  await page.waitForSelector("#result-body");
  const body = await resultBody(page);
  const cost = JSON.parse(capspec(["cost", provider], JSON.stringify(body)));
  assert.equal(shown.amount, cost.amount, `${doc.id}: ${JSON.stringify(cost)}`);
  assert.ok(shown.text.includes(cost.currency), shown.text);
  assert.deepEqual(page.errors, []);
  await screenshot(page, `${mode}-estimate`);
}

/** A model its endpoint path selects (fal): the body names no model, and the server validates
 * it for the spec (`POST /v1/validate/{spec id}`), as `capspec validate --spec` does. */
export async function routedByPath({ page, url, served, docs, ids, mode }) {
  const doc = docs.get(ids.routed);
  const schema = doc.parameters;
  assert.equal(schema.properties.model, undefined, `${doc.id}: no model property`);
  await openModel(page, url, doc.id);
  await page.type("#root_prompt", "a fox in the snow, 雪");
  await submit(page);
  await page.waitForSelector("#result-body");
  const body = await resultBody(page);
  assert.deepEqual(body, { ...schemaDefaults(schema), prompt: "a fox in the snow, 雪" });
  const cli = JSON.parse(capspec(["validate", "--spec", doc.id], JSON.stringify(body)));
  assert.equal(cli.model, doc.id, JSON.stringify(cli));
  if (served) {
    const verdict = await serverVerdict(page);
    assert.equal(verdict.status, 200, `server verdict: ${JSON.stringify(verdict.json)}`);
    assert.equal(verdict.json.model, doc.id);
    assert.deepEqual(verdict.json.request, cli.request);
  }
  assert.deepEqual(page.errors, []);
  await screenshot(page, `${mode}-routed-by-path`);
}

export const scenarios = [
  ["a valid gccai/qwen-image-2.0 request submits", validGccai],
  ["a wan2.6 size of 1024*1024 is refused at the size field before submit", wan26Size],
  ["empiriolabs use_custom_size shows and requires the width and height", empiriolabsCustomSize],
  ["the dieyuyun form with its defaults submits", dieyuyunDefaults],
  ["the estimate is capspec's cost of the body as typed", estimateIsCapspecsCost],
  ["a model its endpoint path selects submits without a model", routedByPath],
];
