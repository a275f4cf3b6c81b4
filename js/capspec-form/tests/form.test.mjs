// The form page in headless Chromium, three ways:
//  - served by `capspec serve` at `/`;
//  - served by a test server that serves dist/index.html and proxies /v1/* to `capspec serve`;
//  - opened from a file, with dist/models.js written by `npm run models`'s code.
// Each runs the four scenarios with real typing and clicks, and saves screenshots to
// artifacts/.

import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { pathToFileURL } from "node:url";

import { writeModels } from "../scripts/models.mjs";
import { scenarioIds, scenarios } from "./scenarios.mjs";
import {
  dist,
  documents,
  launchBrowser,
  missingPrerequisite,
  newPage,
  openModel,
  screenshot,
  startCapspec,
  startPageServer,
} from "./support.mjs";

const TEST_TIMEOUT = 60_000;
// A missing browser or binary fails the tests (scripts/browser-env.sh, cargo build): CI must
// never pass by skipping them.
const missing = missingPrerequisite();

// Shared by the three modes: one browser, one capspec child, one page server.
let browser;
let capspec;
let pageServer;
let docs;
let ids;
let rootServed = false;
let rootStatus;

before(
  async () => {
    if (missing) throw new Error(`browser tests cannot run: ${missing}`);
    docs = documents();
    ids = scenarioIds(docs);
    capspec = await startCapspec();
    pageServer = await startPageServer(capspec.url);
    const res = await fetch(`${capspec.url}/`);
    rootStatus = res.status;
    await res.arrayBuffer();
    rootServed = res.status !== 404;
    browser = await launchBrowser();
  },
  { timeout: TEST_TIMEOUT },
);

after(
  async () => {
    await browser?.close().catch(() => {});
    await pageServer?.stop();
    await capspec?.stop();
  },
  { timeout: TEST_TIMEOUT },
);

/** Runs `fn` with a fresh page, closed afterwards. */
async function withPage(fn) {
  const page = await newPage(browser);
  try {
    await fn(page);
  } finally {
    await page.close().catch(() => {});
  }
}

function modeTests(mode, served, urlOf) {
  for (const [name, scenario] of scenarios) {
    it(name, { timeout: TEST_TIMEOUT }, async () => {
      await withPage((page) => scenario({ page, url: urlOf(), served, docs, ids, mode }));
    });
  }
}

describe("served by capspec at /", () => {
  modeTests(
    "capspec",
    true,
    () => `${capspec.url}/`,
  );

  it("answers GET / with the page", { timeout: TEST_TIMEOUT }, async () => {
    assert.ok(rootServed, `capspec serve answers ${rootStatus} at GET /`);
    const res = await fetch(`${capspec.url}/`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /^text\/html/);
    const page = await res.text();
    assert.match(page, /<title>capspec request form<\/title>/);
    assert.match(page, /<div id="app">/);
    // The binary embeds dist/index.html when it is compiled: after `npm run build`, run
    // `cargo build` so that it serves the current page.
    assert.ok(
      page === readFileSync(join(dist, "index.html"), "utf8"),
      "capspec embeds an older build of dist/index.html: run `cargo build`",
    );
  });
});

describe("served by a test server, /v1 proxied to capspec", () => {
  modeTests("proxied", true, () => `${pageServer.url}/`);
});

describe("opened from a file", () => {
  before(
    () => {
      writeModels({ out: join(dist, "models.js") });
    },
    { timeout: TEST_TIMEOUT },
  );

  modeTests("file", false, () => pathToFileURL(join(dist, "index.html")).href);

  it("renders a form for every model", { timeout: TEST_TIMEOUT }, async () => {
    await withPage(async (page) => {
      const url = pathToFileURL(join(dist, "index.html")).href;
      for (const id of docs.keys()) {
        await openModel(page, url, id);
        assert.equal(await page.$("#form-error"), null, `${id}: the form renders`);
        assert.equal(await page.$(".unsupported-field"), null, `${id}: every field is supported`);
        assert.ok(await page.$("#submit"), `${id}: has a submit button`);
      }
      assert.deepEqual(page.errors, []);
    });
  });

  it("says how to write models.js when it is missing", { timeout: TEST_TIMEOUT }, async () => {
    // A copy of the page alone, in a directory whose path has a space.
    const dir = mkdtempSync(join(tmpdir(), "capspec form "));
    try {
      copyFileSync(join(dist, "index.html"), join(dir, "index.html"));
      await withPage(async (page) => {
        await page.goto(pathToFileURL(join(dir, "index.html")).href, { waitUntil: "load" });
        await page.waitForSelector("#models-hint", { visible: true });
        const text = await page.$eval("#models-hint", (el) => el.textContent);
        assert.match(text, /npm run models/);
        assert.match(text, /models\.js/);
        assert.equal(await page.$("#model-picker"), null);
        await screenshot(page, "file-models-missing");
        assert.deepEqual(page.errors, []);
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
