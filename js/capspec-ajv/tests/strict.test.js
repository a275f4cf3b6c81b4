// Every emitted schema against ajv's strict mode, with the plugin: each must compile with
// `strict: true` (every strict-mode check an error) and `allowUnionTypes: true` (nullable
// properties are `type: [t, "null"]`, a size given as a preset or an object is
// `type: ["string", "object"]`), and compile in ajv's default strict mode without a warning.
// Strict mode is never turned off here.
//
// Known gap (a `todo`, for capspec's emitter to close, src/schema/mod.rs `at_path`): `at_path`
// writes `"type": "object"` in the levels below the body only where it writes `required`. A
// nested path written without `required` has levels without it, and strictTypes flags `missing
// type "object" for keyword "properties"` at `#/allOf/<n>/(if|then|else)/…`: a condition whose
// default satisfies it (`unless = {"options.ratio" = "1:1"}`, default "1:1"), a `forbid` rule
// (its `then` and the `else` holding the forbidden property's default), an `allow` rule whose
// values hold the default. (Only acme/tables-1, a test spec, has nested ones.)

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

/** The known gap: strictTypes in a rule's nested levels written without `required`. */
const NESTED_GAP = /missing type "object" for keyword "properties" at "#\/allOf\/\d+\/(if|then|else)\//;

function todoOf(messages) {
  const gap = messages.length > 0 && messages.every((m) => NESTED_GAP.test(m));
  return gap ? "known gap: no \"type\": \"object\" in a rule's nested levels without `required`" : false;
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
      test(`${spec.spec} compiles with strict: true`, { todo: todoOf(strictError ? [strictError.message] : []) }, () => {
        if (strictError) throw strictError;
      });
      test(`${spec.spec}: default strict mode logs nothing`, { todo: todoOf(logs) }, () => {
        assert.deepEqual(logs, []);
      });
    }
  });
}

test("the problems, for the report", (t) => {
  for (const p of problems) t.diagnostic(p);
});
