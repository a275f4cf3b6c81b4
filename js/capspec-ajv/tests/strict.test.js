// Every emitted schema against ajv's strict mode, with the plugin: each must compile with
// `strict: true` (every strict-mode check an error) and `allowUnionTypes: true` (nullable
// properties are `type: [t, "null"]`, a size given as a preset or an object is
// `type: ["string", "object"]`), and compile in ajv's default strict mode without a warning.
// Strict mode is never turned off here.

import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { createCapspecAjv } from "../src/index.js";
import { loadSuite, suiteDirs } from "./support.js";

/** What ajv's strict mode says of a schema: `{strictError}` with `strict: true`, `{logs}` in the
 * default strict mode (strictTypes logs). */
function strictReport(schema) {
  let strictError = null;
  try {
    createCapspecAjv({ strict: true, allowUnionTypes: true }).compile(schema);
  } catch (e) {
    strictError = e;
  }
  const logs = [];
  const logger = { log() {}, warn: (m) => logs.push(m), error: (m) => logs.push(m) };
  createCapspecAjv({ logger }).compile(schema);
  return { strictError, logs };
}

const problems = [];

for (const [label, dir] of suiteDirs()) {
  let suite;
  try {
    suite = loadSuite(dir);
  } catch {
    continue; // conformance.test.js says why
  }
  describe(`strict mode: ${label}`, () => {
    for (const spec of suite.specs) {
      const { strictError, logs } = strictReport(spec.schema);
      if (strictError) problems.push(`${spec.spec}: strict: true: ${strictError.message}`);
      for (const m of logs) problems.push(`${spec.spec}: default strict mode: ${m}`);
      test(`${spec.spec} compiles with strict: true`, () => {
        if (strictError) throw strictError;
      });
      test(`${spec.spec}: default strict mode logs nothing`, () => {
        assert.deepEqual(logs, []);
      });
    }
  });
}

test("the problems, for the report", (t) => {
  for (const p of problems) t.diagnostic(p);
});
