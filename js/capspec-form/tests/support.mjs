// Shared pieces of the browser tests: the capspec child process, a small page server that
// proxies /v1/* to it, headless Chromium, and the scenarios' helpers.

import { spawn, execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import http from "node:http";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import puppeteer from "puppeteer-core";

import { capspecBin } from "../scripts/models.mjs";

export const pkg = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const dist = join(pkg, "dist");
export const artifacts = join(pkg, "artifacts");
export const chromiumPath = process.env.CHROMIUM || "/usr/bin/chromium";
export const bin = capspecBin();

/** Why the browser tests cannot run here, or null. */
export function missingPrerequisite() {
  if (!existsSync(chromiumPath)) return `no Chromium at ${chromiumPath}: run scripts/browser-env.sh (or set CHROMIUM)`;
  if (!existsSync(bin)) return `no capspec binary at ${bin}: run \`cargo build\` (or set CAPSPEC_BIN)`;
  if (!existsSync(join(dist, "index.html"))) return "no dist/index.html: run `npm run build`";
  return null;
}

/** Runs the CLI; `input` goes to stdin. Returns stdout (a failing exit is not an error). */
export function capspec(args, input) {
  try {
    return execFileSync(bin, args, { input, encoding: "utf8", timeout: 20_000, stdio: ["pipe", "pipe", "pipe"] });
  } catch (error) {
    if (typeof error.stdout === "string" && error.stdout.length > 0) return error.stdout;
    throw error;
  }
}

/** capspec's verdict on a body for a provider (`capspec validate`): its JSON, or null when valid. */
export function verdictOf(provider, body) {
  const out = capspec(["validate", provider], JSON.stringify(body)).trim();
  const json = out ? JSON.parse(out) : null;
  return json && json.error ? json : null;
}

/** Starts `capspec serve --listen 127.0.0.1:0`; resolves to `{url, stop}` once it listens. */
export function startCapspec() {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(bin, ["serve", "--listen", "127.0.0.1:0"], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    let stdout = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`capspec serve did not say where it listens within 20 s: ${stderr}`));
    }, 20_000);
    const stop = () => stopChild(child);
    child.stderr.on("data", (chunk) => {
      stderr = (stderr + chunk).slice(-4000);
    });
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
      const line = stdout.split("\n")[0];
      const match = /^listening on (http:\/\/\S+)/.exec(line);
      if (stdout.includes("\n") && match) {
        clearTimeout(timer);
        child.stdout.removeAllListeners("data");
        child.stdout.resume();
        resolvePromise({ url: match[1].replace(/\/$/, ""), stop, child });
      } else if (stdout.includes("\n")) {
        clearTimeout(timer);
        stop();
        reject(new Error(`capspec serve's first line is not "listening on http://ADDR": ${line}`));
      }
    });
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`capspec serve exited (${code ?? signal}) before listening: ${stderr}`));
    });
    liveChildren.add(child);
  });
}

const liveChildren = new Set();
process.on("exit", () => {
  for (const child of liveChildren) child.kill("SIGKILL");
});

/** SIGTERM (capspec drains and exits), SIGKILL after 5 s. */
function stopChild(child) {
  return new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      liveChildren.delete(child);
      return done();
    }
    const kill = setTimeout(() => child.kill("SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(kill);
      liveChildren.delete(child);
      done();
    });
    child.kill("SIGTERM");
  });
}

/**
 * A page server on 127.0.0.1: `/` is dist/index.html, `/v1/*` is proxied to `upstream`
 * (capspec serve), anything else is 404. Resolves to `{url, stop}`.
 */
export function startPageServer(upstream) {
  const target = new URL(upstream);
  const server = http.createServer((req, res) => {
    const path = new URL(req.url, "http://page.invalid").pathname;
    if (req.method === "GET" && (path === "/" || path === "/index.html")) {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
      res.end(readFileSync(join(dist, "index.html")));
      return;
    }
    if (path.startsWith("/v1/")) {
      const headers = { ...req.headers, host: target.host };
      const proxied = http.request(
        { hostname: target.hostname, port: target.port, method: req.method, path: req.url, headers, timeout: 15_000 },
        (upstreamRes) => {
          res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
          upstreamRes.pipe(res);
        },
      );
      proxied.on("timeout", () => proxied.destroy(new Error("upstream timeout")));
      proxied.on("error", (error) => {
        if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain" });
        res.end(`proxy error: ${error.message}`);
      });
      req.pipe(proxied);
      return;
    }
    res.writeHead(404, { "content-type": "text/plain" });
    res.end("not found");
  });
  return new Promise((done, fail) => {
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      done({
        url: `http://127.0.0.1:${port}`,
        stop: () =>
          new Promise((closed) => {
            server.closeAllConnections?.();
            server.close(() => closed());
          }),
      });
    });
  });
}

/** Headless Chromium (Debian's), driven by puppeteer-core. */
export function launchBrowser() {
  return puppeteer.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--allow-file-access-from-files"],
    protocolTimeout: 30_000,
    timeout: 30_000,
  });
}

/** A fresh page that fails the test on a page error; `errors` collects them. */
export async function newPage(browser) {
  const page = await browser.newPage();
  page.setDefaultTimeout(15_000);
  await page.setViewport({ width: 1000, height: 900 });
  page.errors = [];
  page.on("pageerror", (error) => page.errors.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error" && !/models\.js|Failed to load resource/.test(message.text())) {
      page.errors.push(message.text());
    }
  });
  return page;
}

/** Saves a full-page screenshot under artifacts/. */
export async function screenshot(page, name) {
  mkdirSync(artifacts, { recursive: true });
  const path = join(artifacts, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  // A full-page capture can leave the page scrolled past what its layout allows until the next
  // layout, which then jumps between a click's mousedown and mouseup (no click): settle it.
  await page.evaluate(() => {
    window.scrollTo(0, 0);
    return document.documentElement.getBoundingClientRect().height;
  });
  return path;
}

/** Opens `url` with the model `id` picked, through the picker (a real `change` event). */
export async function openModel(page, url, id) {
  await page.goto(url, { waitUntil: "load" });
  await page.waitForSelector("#model-picker");
  await page.select("#model-picker", id);
  await page.waitForSelector(`#model-card[data-id="${cssString(id)}"]`);
  await page.waitForSelector("form.capspec-form");
}

/** Picks the option of a `<select>` whose text is `label` (rjsf's option values are indexes). */
export async function selectByLabel(page, selector, label) {
  const value = await page.$eval(
    selector,
    (select, text) => [...select.options].find((option) => option.textContent === text)?.value,
    label,
  );
  if (value === undefined) throw new Error(`${selector} has no option "${label}"`);
  await page.select(selector, value);
}

/** The messages shown at a field (`root_parameters_size`), [] when none. */
export function fieldErrors(page, id) {
  return page.$$eval(`#${id}__error li`, (items) => items.map((item) => item.textContent));
}

/** Waits for a field's error list to show, then returns its messages. */
export async function waitFieldErrors(page, id) {
  await page.waitForSelector(`#${id}__error li`, { visible: true });
  return fieldErrors(page, id);
}

/** Clicks the form's submit button. */
export async function submit(page) {
  await page.click("#submit");
}

/** The JSON body the result panel shows after a submit. */
export async function resultBody(page) {
  const text = await page.$eval("#result-body", (pre) => pre.textContent, { timeout: 15_000 });
  return JSON.parse(text);
}

/** The server verdict the page shows once it has one: `{status, json}`. */
export async function serverVerdict(page) {
  await page.waitForSelector('#server-verdict:not([data-status="pending"])');
  const status = await page.$eval("#server-verdict", (el) => el.dataset.status);
  const text = await page.$eval("#server-verdict-body", (pre) => pre.textContent);
  return { status: Number(status), json: JSON.parse(text) };
}

/**
 * The body rjsf fills in from a schema (top level and one level down): each property's
 * `default`, else its `const` (rjsf's `constAsDefaults`).
 */
export function schemaDefaults(schema) {
  const out = {};
  for (const [name, prop] of Object.entries(schema.properties ?? {})) {
    if (prop && prop.default !== undefined) out[name] = prop.default;
    else if (prop && prop.const !== undefined) out[name] = prop.const;
    else if (prop && prop.type === "object" && prop.properties) {
      const inner = schemaDefaults(prop);
      if (Object.keys(inner).length > 0) out[name] = inner;
    }
  }
  return out;
}

function cssString(s) {
  return s.replace(/["\\]/g, "\\$&");
}

/** The model documents the CLI knows whose bodies are JSON (the page edits those; a form with
 * files, `content_type`, is left out of its list), by id. */
export function documents() {
  const ids = capspec(["models"]).split("\n").map((line) => line.trim()).filter(Boolean);
  const docs = ids.map((id) => [id, JSON.parse(capspec(["schema", id]))]);
  return new Map(docs.filter(([, doc]) => doc.content_type === undefined));
}
