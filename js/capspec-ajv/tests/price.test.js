// `estimate` against capspec's `cost()` on every valid case of the conformance suites: the
// same amount, currency, per-image share and image count, computed from the model document's
// `pricing` and the normalized body (exact decimals, no floats); unknown where capspec's is.

import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { estimate } from "../src/index.js";
import { loadSuite, suiteDirs } from "./support.js";

for (const [label, dir] of suiteDirs()) {
  describe(`estimates: ${label}`, () => {
    const suite = loadSuite(dir);
    test("every valid case costs what capspec says", () => {
      let priced = 0;
      let unknown = 0;
      for (const spec of suite.specs) {
        for (const c of spec.cases.filter((c) => c.valid)) {
          const got = estimate(spec.pricing ?? undefined, c.normalized, { schema: spec.schema, output: c.output });
          const want = c.cost;
          const where = `${spec.spec} ${c.name}`;
          assert.equal(got.images, want.images, where);
          if (want.unknown !== undefined) {
            unknown += 1;
            assert.ok(got.unknown !== undefined, `${where}: capspec says unknown (${want.unknown}), got ${JSON.stringify(got)}`);
            if (spec.pricing) assert.equal(got.unknown, want.unknown, where);
          } else {
            priced += 1;
            const { basis, ...rest } = want;
            assert.ok(basis);
            assert.deepEqual(got, rest, where);
          }
        }
      }
      assert.ok(priced + unknown > 0);
      if (label === "catalog") assert.ok(priced > 0, `${priced} priced`);
    });
  });
}

test("decimals stay exact where floats would not", () => {
  const pricing = { unit: "pixel", currency: "USD", by: ["size"], cells: [{ when: { size: "1024x1792" }, amount: "0.00000006539" }], gaps: [], count: "n" };
  const got = estimate(pricing, { size: "1024x1792", n: 3 }, { output: { width: 1024, height: 1792 } });
  assert.deepEqual(got, { amount: "0.35997351936", currency: "USD", per_image: "0.11999117312", images: 3 });
  assert.equal(0.00000006539 * 1024 * 1792 * 3 === 0.35997351936, false, "the float product is not exact");
});
