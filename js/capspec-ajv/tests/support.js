// Shared by the tests: the conformance suites, strict compilation, (param, code) pairs.

import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { createCapspecAjv } from "../src/index.js";

export const PACKAGE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const REPO_DIR = path.resolve(PACKAGE_DIR, "../..");

/** The suite of the shipped catalog: `$CAPSPEC_SUITE`, else `../../target/conformance`. */
export function catalogSuiteDir() {
  const env = process.env.CAPSPEC_SUITE;
  return env ? path.resolve(env) : path.join(REPO_DIR, "target/conformance");
}

/** The suite of the test specs under `tests/fixtures/specs` (constructs the catalog lacks). */
export const FIXTURE_SUITE_DIR = path.join(PACKAGE_DIR, "tests/fixtures/suite");

/** The suite of the repository's fixture spec that uses every construct of the format
 * (`tests/fixtures/codegen`). */
export const EVERY_CONSTRUCT_SUITE_DIR = path.join(PACKAGE_DIR, "tests/fixtures/suite-every-construct");

/** Every conformance suite the tests run: `[label, dir]`. */
export function suiteDirs() {
  return [
    ["catalog", catalogSuiteDir()],
    ["fixtures", FIXTURE_SUITE_DIR],
    ["every construct", EVERY_CONSTRUCT_SUITE_DIR],
  ];
}

export function readJson(file) {
  return JSON.parse(fs.readFileSync(file, "utf8"));
}

/** `{dir, index, specs: [{spec, provider, file, schema, cases, nullableModel}]}`, or throws
 * saying how to write the suite. */
export function loadSuite(dir) {
  const indexFile = path.join(dir, "index.json");
  if (!fs.existsSync(indexFile)) {
    throw new Error(
      `no conformance suite at ${dir}: write it with \`capspec conformance --out ${dir}\` ` +
        "(e.g. target/debug/capspec after `cargo build`), or set CAPSPEC_SUITE",
    );
  }
  const index = readJson(indexFile);
  const specs = index.specs.map((s) => ({ ...readJson(path.join(dir, s.file)), file: s.file }));
  // The specs of one provider agree on whether `model` is nullable; a schema shows it only
  // where its spec has the provider's default model (`null` in the model's `enum`).
  const nullable = new Set(specs.filter((s) => modelAcceptsNull(s.schema)).map((s) => s.provider));
  for (const spec of specs) spec.nullableModel = nullable.has(spec.provider);
  return { dir, index, specs };
}

function modelAcceptsNull(schema) {
  return schema.properties?.model?.enum?.includes(null) ?? false;
}

/**
 * Compiles a schema with `createCapspecAjv` (ajv's default strict mode, `allErrors`,
 * `allowUnionTypes`), collecting what strict mode logs instead of printing it.
 */
export function compileStrict(schema, options = {}) {
  const warnings = [];
  const logger = {
    log() {},
    warn: (...m) => warnings.push(m.join(" ")),
    error: (...m) => warnings.push(m.join(" ")),
  };
  const ajv = createCapspecAjv({ logger, ...options });
  const validate = ajv.compile(schema);
  return { ajv, validate, warnings };
}

/** A list of `{param, code}` as a sorted list of `param|code` strings, repeats removed. */
export function pairs(list) {
  return [...new Set(list.map((v) => `${v.param ?? "-"}|${v.code}`))].sort();
}

/**
 * Runs a spec's cases through a compiled validator: `{failures, counts}`. Every case with a
 * `body` must get capspec's verdict, every invalid one capspec's (param, code) pairs from
 * `capspecViolations`; a `bytes` case (JSON.parse cannot carry what it is about) must get a
 * verdict other than capspec's.
 */
export function checkCases(validate, spec, explain) {
  const failures = [];
  const counts = { bodies: 0, verdicts: 0, invalid: 0, pairCases: 0, pairs: 0, ordered: 0, messages: 0, sameMessages: 0, dropped: {}, bytes: [], disorder: [], otherWords: [] };
  for (const c of spec.cases) {
    if (!("body" in c)) {
      const verdict = validate(JSON.parse(c.bytes));
      counts.bytes.push({ spec: spec.spec, name: c.name, bytes: c.bytes, ajv: verdict, violations: c.violations });
      if (verdict === c.valid) failures.push(`${c.name}: a bytes case ajv judges as capspec does`);
      continue;
    }
    counts.bodies++;
    const verdict = validate(c.body);
    if (verdict !== c.valid) {
      failures.push(`${c.name}: capspec ${c.valid}, ajv ${verdict}: ${JSON.stringify(c.body)}\n    ${JSON.stringify(validate.errors)}`);
      continue;
    }
    counts.verdicts++;
    if (c.valid) continue;
    counts.invalid++;
    const { violations, dropped } = explain(validate, { data: c.body, nullableModel: spec.nullableModel });
    const reasons = new Set(dropped.map((d) => d.reason));
    for (const r of reasons) counts.dropped[r] = (counts.dropped[r] ?? 0) + 1;
    const [want, got] = [pairs(c.violations), pairs(violations)];
    if (JSON.stringify(want) !== JSON.stringify(got)) {
      failures.push(`${c.name}: ${JSON.stringify(c.body)}\n    capspec: ${want.join(" ")}\n    ajv:     ${got.join(" ")}`);
      continue;
    }
    counts.pairCases++;
    counts.pairs += want.length;
    // The words: each violation's message against capspec's for the same (param, code).
    for (const v of violations) {
      const theirs = c.violations.find((w) => (w.param ?? null) === (v.param ?? null) && w.code === v.code);
      if (theirs?.message === undefined) continue;
      counts.messages++;
      if (theirs.message === v.message) counts.sameMessages++;
      else counts.otherWords.push({ spec: spec.spec, name: c.name, param: v.param, code: v.code, ajv: v.message, capspec: theirs.message });
    }
    if (sameOrder(violations, c.violations)) counts.ordered++;
    else counts.disorder.push(c.name);
  }
  return { failures, counts };
}

/** Adds a spec's counts to a suite's totals. */
export function addCounts(totals, counts) {
  for (const k of ["bodies", "verdicts", "invalid", "pairCases", "pairs", "ordered", "messages", "sameMessages"]) totals[k] = (totals[k] ?? 0) + counts[k];
  totals.otherWords = [...(totals.otherWords ?? []), ...counts.otherWords];
  totals.dropped ??= {};
  for (const [k, n] of Object.entries(counts.dropped)) totals.dropped[k] = (totals.dropped[k] ?? 0) + n;
  totals.bytes = [...(totals.bytes ?? []), ...counts.bytes];
  totals.disorder = [...(totals.disorder ?? []), ...counts.disorder];
  totals.specs = (totals.specs ?? 0) + 1;
  return totals;
}

/** Whether two violation lists have the same (param, code) pairs in the same order. */
export function sameOrder(a, b) {
  const line = (list) => list.map((v) => `${v.param ?? "-"}|${v.code}`).join(" ");
  return line(a) === line(b);
}
