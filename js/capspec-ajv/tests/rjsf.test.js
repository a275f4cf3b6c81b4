// The react-jsonschema-form validator: one import gives a validator that takes capspec's
// 2020-12 schemas and validates conformance cases as capspec does.

import assert from "node:assert/strict";
import { describe, test } from "node:test";

import validatorAjv8 from "@rjsf/validator-ajv8";

import { createCapspecValidator } from "../src/rjsf.js";
import { loadSuite, pairs, suiteDirs } from "./support.js";

/** An rjsf error's `property` (`.image.0`, `custom_width`) as a capspec param (`image[0]`). */
function paramOfProperty(property) {
  const parts = (property ?? "").replace(/^\./, "").split(".").filter(Boolean);
  let out = "";
  for (const p of parts) {
    if (/^\d+$/.test(p) && out) out += `[${p}]`;
    else out += out ? `.${p}` : p;
  }
  return out || null;
}

function specs() {
  const out = [];
  for (const [, dir] of suiteDirs()) {
    try {
      out.push(...loadSuite(dir).specs);
    } catch {
      // conformance.test.js says why
    }
  }
  return out;
}

describe("createCapspecValidator", () => {
  test("rjsf's default validator cannot take capspec's schemas (draft 2020-12)", () => {
    const spec = specs().find((s) => s.spec === "empiriolabs/qwen-image-2-0") ?? specs()[0];
    const { errors } = validatorAjv8.validateFormData({}, spec.schema);
    assert.match(errors.map((e) => e.stack).join("\n"), /no schema with key or ref "https:\/\/json-schema\.org\/draft\/2020-12\/schema"/);
  });

  const checked = ["empiriolabs/qwen-image-2-0", "dieyuyun/qwen-image-2.0", "gccai/qwen-image-2.0", "openai/gpt-image-1", "acme/tables-1", "demo/widget-1"];
  for (const spec of specs().filter((s) => checked.includes(s.spec))) {
    test(`validates ${spec.spec}'s conformance cases as capspec does`, () => {
      const validator = createCapspecValidator({ nullableModel: spec.nullableModel });
      const failures = [];
      let checked = 0;
      for (const c of spec.cases) {
        if (!("body" in c)) continue;
        checked++;
        const { errors, errorSchema } = validator.validateFormData(c.body, spec.schema);
        if ((errors.length === 0) !== c.valid) {
          failures.push(`${c.name}: capspec ${c.valid}, rjsf ${JSON.stringify(errors.map((e) => e.stack))}`);
          continue;
        }
        assert.equal(validator.isValid(spec.schema, c.body, spec.schema), c.valid, c.name);
        if (c.valid) continue;
        const got = pairs(errors.map((e) => ({ param: paramOfProperty(e.property), code: e.params.code })));
        const want = pairs(c.violations);
        if (JSON.stringify(got) !== JSON.stringify(want)) failures.push(`${c.name}: capspec ${want.join(" ")}, rjsf ${got.join(" ")}`);
        // Every error shows at its field.
        for (const e of errors) {
          const path = (e.property ?? "").replace(/^\./, "").split(".").filter(Boolean);
          let node = errorSchema;
          for (const k of path) node = node?.[k];
          assert.ok(node?.__errors?.includes(e.message), `${c.name}: ${e.stack} is not at ${e.property}`);
        }
      }
      assert.ok(checked > 100);
      assert.equal(failures.length, 0, failures.slice(0, 10).join("\n"));
    });
  }

  test("rules between parameters show at the parameter, without ajv's if/not noise", () => {
    const spec = specs().find((s) => s.spec === "empiriolabs/qwen-image-2-0");
    const validator = createCapspecValidator();
    const { errorSchema, errors } = validator.validateFormData(
      { prompt: "a", custom_width: 512, size: "512x512", aspect_ratio: "1:1" },
      spec.schema,
    );
    assert.deepEqual(errorSchema, {
      custom_width: { __errors: ["custom_width is only allowed for qwen-image-2.0-pro-2026-04-22 when use_custom_size is true"] },
      aspect_ratio: { __errors: ["aspect_ratio cannot be combined with size for qwen-image-2.0-pro-2026-04-22; give only one of them"] },
    });
    assert.deepEqual(
      errors.map((e) => [e.name, e.params.code]),
      [
        ["false schema", "conflicting_parameters"],
        ["not", "conflicting_parameters"],
      ],
    );
  });

  test("{capspecErrors: false} keeps ajv's errors", () => {
    const spec = specs().find((s) => s.spec === "empiriolabs/qwen-image-2-0");
    const validator = createCapspecValidator({ capspecErrors: false });
    const { errors } = validator.validateFormData({ prompt: "a", size: "512x512", aspect_ratio: "1:1" }, spec.schema);
    assert.deepEqual(
      errors.map((e) => e.name),
      ["not"],
    );
  });

  test("options reach rjsf, and extenderFn still runs", () => {
    let extended = false;
    const validator = createCapspecValidator({
      extenderFn: (ajv) => {
        extended = true;
        return ajv;
      },
      customFormats: { even: (s) => s.length % 2 === 0 },
    });
    assert.ok(extended);
    const schema = { type: "string", format: "even", "x-capspec-size": {} };
    assert.equal(validator.validateFormData("1x10", schema).errors.length, 0);
    assert.deepEqual(
      validator.validateFormData("1x1", schema).errors.map((e) => e.name),
      ["format"],
    );
  });
});
