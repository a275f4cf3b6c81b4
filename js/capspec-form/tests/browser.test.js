// The form page in headless Chromium (Debian's `chromium`, driven by puppeteer-core), with real
// typing and clicking, in both of its modes:
// - served: `capspec serve` answers `/` with dist/index.html, `/v1/models` and
//   `POST /v1/validate/{provider}`;
// - file: dist/index.html opened as file://, its models from dist/models.js (written here with
//   the CLI).
// Expected messages and verdicts come from the server (capspec itself), never from this file.
// Screenshots go to artifacts/.
//
// Env: CAPSPEC_BIN (default ../../target/debug/capspec), CHROMIUM (default /usr/bin/chromium).

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";
import puppeteer from "puppeteer-core";

import { capspecBin, writeModels } from "../scripts/models.mjs";

const pkg = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const artifacts = join(pkg, "artifacts");
const chromium = process.env.CHROMIUM ?? "/usr/bin/chromium";
const STEP = 15_000;

let server;
let base;
let browser;
let docs;

/** Starts `capspec serve` on a free loopback port; resolves with its base URL. */
function startServer() {
  return new Promise((resolveUrl, reject) => {
    const child = spawn(capspecBin(), ["serve", "--listen", "127.0.0.1:0"], {
      stdio: ["ignore", "pipe", "inherit"],
      env: { ...process.env, RUST_LOG: "warn" },
    });
    child.on("error", reject);
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const line = out.split("\n")[0];
      if (out.includes("\n")) {
        const m = /^listening on (http:\/\/\S+)$/.exec(line.trim());
        if (m) resolveUrl({ child, url: m[1] });
        else reject(new Error(`unexpected first line: ${line}`));
      }
    });
  });
}

async function validate(provider, body) {
  const res = await fetch(`${base}/v1/validate/${provider}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

const docOf = (id) => {
  const doc = docs.find((d) => d.id === id);
  assert.ok(doc, `no model document ${id}`);
  return doc;
};

/** The `model` value a request for this document takes. */
function modelName(doc) {
  const model = doc.parameters.properties.model;
  return model.default ?? doc.model_names[0];
}

before(async () => {
  mkdirSync(artifacts, { recursive: true });
  ({ docs } = writeModels());
  ({ child: server, url: base } = await startServer());
  browser = await puppeteer.launch({
    executablePath: chromium,
    args: ["--no-sandbox", "--headless=new", "--disable-gpu", "--allow-file-access-from-files"],
  });
});

after(async () => {
  await browser?.close();
  server?.kill("SIGTERM");
});

const modes = {
  served: (id) => `${base}/#${id}`,
  file: (id) => `${pathToFileURL(join(pkg, "dist/index.html")).href}#${id}`,
};

/** A page showing the form of `id`, in `mode`. */
async function open(mode, id) {
  const page = await browser.newPage();
  await page.setViewport({ width: 1100, height: 1400 });
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.errors = errors;
  await page.goto(modes[mode](id), { waitUntil: "load", timeout: STEP });
  await page.waitForSelector(`#model-card[data-id="${id}"]`, { timeout: STEP });
  assert.equal(await page.$eval("#mode", (e) => e.dataset.mode), mode === "served" ? "server" : "file");
  return page;
}

async function shot(page, name) {
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
}

/** The messages rjsf shows at a field (`root_parameters_size`). */
async function fieldErrors(page, fieldId) {
  return page.$$eval(`#${fieldId}__error li`, (items) => items.map((li) => li.textContent.trim()));
}

/** Submits and waits for the result panel: `{body}` or `{refused}`. */
async function submit(page) {
  await page.click("#submit");
  await page.waitForSelector("#result-body, #result-refused", { timeout: STEP });
  const body = await page.$eval("#result-body", (e) => e.textContent).catch(() => null);
  return body === null ? { refused: true } : { body: JSON.parse(body) };
}

/** In served mode, the server's verdict on the submitted body, as the page shows it. */
async function shownVerdict(page) {
  await page.waitForSelector('#server-verdict:not([data-status="pending"])', { timeout: STEP });
  return page.$eval("#server-verdict", (e) => e.dataset.status);
}

for (const mode of Object.keys(modes)) {
  describe(`form page, ${mode}`, { timeout: 60_000 }, () => {
    test("a valid gccai request submits", async () => {
      const id = "gccai/qwen-image-2.0";
      const page = await open(mode, id);
      assert.equal(await page.$eval("#root_prompt", (e) => e.tagName), "TEXTAREA", "prompts are multi-line");
      await page.type("#root_prompt", "A lighthouse on a cliff at dusk, 灯塔 🌊");
      const result = await submit(page);
      await shot(page, `${mode}-gccai-valid`);
      assert.ok(result.body, "submitted");
      assert.equal(result.body.prompt, "A lighthouse on a cliff at dusk, 灯塔 🌊");
      assert.equal(result.body.model, modelName(docOf(id)));
      // capspec agrees with the page.
      const verdict = await validate("gccai", result.body);
      assert.equal(verdict.status, 200, JSON.stringify(verdict.json));
      if (mode === "served") assert.equal(await shownVerdict(page), "200");
      assert.deepEqual(page.errors, []);
      await page.close();
    });

    test("a wan2.6 size of 1024*1024 is refused at the size field before submit", async () => {
      const id = "bailian/wan2.6-t2i";
      const doc = docOf(id);
      const page = await open(mode, id);
      await page.type("#root_content", "a red fox in the snow");
      await page.type("#root_parameters_size", "1024*1024");
      await page.click("#root_content"); // leave the size field
      await page.waitForSelector("#root_parameters_size__error li", { timeout: STEP });
      // The message capspec gives for that size.
      const expected = await validate("bailian", {
        model: modelName(doc),
        content: "a red fox in the snow",
        parameters: { size: "1024*1024" },
      });
      assert.equal(expected.status, 400);
      const sizeErrors = expected.json.errors.filter((e) => e.param === "parameters.size");
      assert.ok(sizeErrors.length > 0, JSON.stringify(expected.json));
      const shown = await fieldErrors(page, "root_parameters_size");
      assert.deepEqual(shown, sizeErrors.map((e) => e.message));
      await shot(page, `${mode}-wan26-size-refused`);
      const result = await submit(page);
      assert.deepEqual(result, { refused: true });
      await shot(page, `${mode}-wan26-size-submit-refused`);
      assert.deepEqual(page.errors, []);
      await page.close();
    });

    test("empiriolabs: use_custom_size shows and requires the width and height", async () => {
      const id = "empiriolabs/qwen-image-2-0";
      const doc = docOf(id);
      const page = await open(mode, id);
      await page.type("#root_prompt", "a misty forest at dawn");
      assert.equal(await page.$("#root_custom_width"), null, "hidden until use_custom_size");
      assert.equal(await page.$("#root_custom_height"), null, "hidden until use_custom_size");
      await page.click("#root_use_custom_size");
      await page.waitForSelector("#root_custom_width", { timeout: STEP });
      await page.waitForSelector("#root_custom_height", { timeout: STEP });
      const refused = await submit(page);
      assert.deepEqual(refused, { refused: true });
      // capspec's messages for the missing width and height, at those fields.
      const expected = await validate("empiriolabs", { model: modelName(doc), prompt: "x", use_custom_size: true });
      assert.equal(expected.status, 400);
      for (const field of ["custom_width", "custom_height"]) {
        const messages = expected.json.errors.filter((e) => e.param === field).map((e) => e.message);
        assert.ok(messages.length > 0, JSON.stringify(expected.json));
        assert.deepEqual(await fieldErrors(page, `root_${field}`), messages, field);
      }
      await shot(page, `${mode}-empiriolabs-custom-size-required`);
      // A width and height capspec accepts (the first square of the schema's bounds it takes).
      const bounds = doc.parameters.properties.custom_width;
      let side;
      for (const candidate of [bounds.minimum, Math.round((bounds.minimum + bounds.maximum) / 2), bounds.maximum]) {
        const v = await validate("empiriolabs", {
          model: modelName(doc),
          prompt: "x",
          use_custom_size: true,
          custom_width: candidate,
          custom_height: candidate,
        });
        if (v.status === 200) {
          side = candidate;
          break;
        }
      }
      assert.ok(side, "capspec accepts a square custom size within the bounds");
      await page.type("#root_custom_width", String(side));
      await page.type("#root_custom_height", String(side));
      const result = await submit(page);
      await shot(page, `${mode}-empiriolabs-custom-size-submitted`);
      assert.ok(result.body, "submitted");
      assert.equal(result.body.use_custom_size, true);
      assert.equal(result.body.custom_width, side);
      assert.equal((await validate("empiriolabs", result.body)).status, 200);
      if (mode === "served") assert.equal(await shownVerdict(page), "200");
      assert.deepEqual(page.errors, []);
      await page.close();
    });

    test("the dieyuyun form with its defaults submits", async () => {
      const id = docs.find((d) => d.id.startsWith("dieyuyun/")).id;
      const page = await open(mode, id);
      const prompt = (await page.$("#root_prompt")) ? "#root_prompt" : "#root_input_prompt";
      await page.type(prompt, "a watercolor fox");
      const result = await submit(page);
      await shot(page, `${mode}-dieyuyun-defaults`);
      assert.ok(result.body, "submitted");
      const verdict = await validate("dieyuyun", result.body);
      assert.equal(verdict.status, 200, JSON.stringify(verdict.json));
      if (mode === "served") assert.equal(await shownVerdict(page), "200");
      assert.deepEqual(page.errors, []);
      await page.close();
    });
  });
}
