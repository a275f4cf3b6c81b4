// ajv's errors as capspec's violations: params, codes, messages, precedence.

import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { capspecErrors, capspecViolations, createCapspecAjv, explainViolations, paramOf } from "../src/index.js";
import { catalogSuiteDir, EVERY_CONSTRUCT_SUITE_DIR, loadSuite } from "./support.js";

function catalogSchema(id) {
  return loadSuite(catalogSuiteDir()).specs.find((s) => s.spec === id).schema;
}

/** The schema of the repository's fixture spec that uses every construct (demo/widget-1). */
function everyConstructSchema() {
  return loadSuite(EVERY_CONSTRUCT_SUITE_DIR).specs[0].schema;
}

describe("capspecViolations", () => {
  const schema = catalogSchema("empiriolabs/qwen-image-2-0");
  const validate = createCapspecAjv().compile(schema);
  const run = (body, options = {}) => {
    validate(body);
    return capspecViolations(validate, { data: body, ...options });
  };

  test("messages name the param and what is allowed, as capspec words them", () => {
    const body = {
      prompt: "a\u0000b",
      model: "qwen-image-3",
      num_images: 9,
      image: ["https://example.com/a.png", "ftp://example.com/b.png", "c", "d"],
      style: "ink",
    };
    assert.deepEqual(run(body), [
      {
        param: "model",
        code: "model_not_found",
        message:
          'model "qwen-image-3" is not a model of this schema; use one of: qwen-image-2-0, qwen-image-2.0-pro-2026-04-22, qwen-image-2.0-pro-2026-03-03, qwen-image-2.0-pro, qwen-image-2.0',
      },
    ]);
    body.model = "qwen-image-2.0";
    assert.deepEqual(run(body), [
      {
        param: "style",
        code: "unknown_parameter",
        message:
          "style is not a parameter of qwen-image-2.0; the body accepts: prompt, model, aspect_ratio, use_custom_size, custom_width, custom_height, size, image, num_images, negative_prompt, prompt_extend, watermark, seed, response_format",
      },
      { param: "prompt", code: "invalid_value", message: 'prompt must not contain the NUL character (U+0000) for qwen-image-2.0, got "a\\0b"' },
      { param: "image", code: "too_many_items", message: "image must have at most 3 items for qwen-image-2.0, got 4 items" },
      { param: "image[1]", code: "url_not_allowed", message: 'image[1] must be an http or https URL for qwen-image-2.0, got a ftp: URL "ftp://example.com/b.png"' },
      {
        param: "image[2]",
        code: "invalid_format",
        message: 'image[2] must be an absolute http or https URL (relative URL without a base) for qwen-image-2.0, got "c"',
      },
      { param: "num_images", code: "out_of_range", message: "num_images must be between 1 and 6 for qwen-image-2.0, got 9" },
    ]);
  });

  test("rules between parameters are reported at the parameter, with their condition", () => {
    assert.deepEqual(run({ prompt: "a", use_custom_size: true }), [
      { param: "custom_width", code: "missing_required", message: "custom_width is required for qwen-image-2.0-pro-2026-04-22 when use_custom_size is true" },
      { param: "custom_height", code: "missing_required", message: "custom_height is required for qwen-image-2.0-pro-2026-04-22 when use_custom_size is true" },
    ]);
    assert.deepEqual(run({ prompt: "a", use_custom_size: true, custom_width: 512, custom_height: 512, size: "512x512", aspect_ratio: "1:1" }), [
      { param: "size", code: "conflicting_parameters", message: "size is not allowed for qwen-image-2.0-pro-2026-04-22 when use_custom_size is true" },
      { param: "aspect_ratio", code: "conflicting_parameters", message: "aspect_ratio cannot be combined with size for qwen-image-2.0-pro-2026-04-22; give only one of them" },
    ]);
  });

  test("a wrong type gets invalid_type alone; a non-object body, that alone", () => {
    // Rules between parameters judge presence, whatever the values.
    assert.deepEqual(run({ prompt: 5, aspect_ratio: 3, size: 7 }).map((v) => [v.param, v.code]), [
      ["prompt", "invalid_type"],
      ["aspect_ratio", "invalid_type"],
      ["size", "invalid_type"],
      ["aspect_ratio", "conflicting_parameters"],
    ]);
    assert.deepEqual(run(["a"]), [{ param: null, code: "invalid_type", message: "the request body must be a JSON object, got array" }]);
  });

  test("all: true keeps what capspec's precedence leaves out; explainViolations says why", () => {
    const body = { prompt: "a", aspect_ratio: 3 };
    assert.deepEqual(
      run(body, { all: true }).map((v) => [v.param, v.code]),
      [
        ["aspect_ratio", "invalid_type"],
        ["aspect_ratio", "invalid_value"],
      ],
    );
    validate(body);
    assert.deepEqual(explainViolations(validate, { data: body }).dropped, [
      { param: "aspect_ratio", code: "invalid_value", message: "aspect_ratio must be one of \"16:9\", \"9:16\", \"1:1\", \"3:2\", \"2:3\", \"4:3\", \"3:4\", \"5:4\", \"4:5\" for qwen-image-2.0-pro-2026-04-22, got 3", reason: "wrong_type" },
    ]);
  });

  test("an error list with the schema gives the same; without data, messages echo nothing", () => {
    const body = { prompt: "a", num_images: 0, size: "1x1", aspect_ratio: "1:1" };
    validate(body);
    const errors = [...validate.errors];
    assert.deepEqual(
      capspecViolations(errors, { schema, data: body }),
      capspecViolations(validate, { data: body }),
    );
    assert.deepEqual(capspecViolations(errors, { schema }), [
      { param: "size", code: "out_of_range", message: 'size must have a width between 512 and 2048 pixels, got 1 (in "1x1")' },
      { param: "size", code: "out_of_range", message: 'size must have a height between 512 and 2048 pixels, got 1 (in "1x1")' },
      { param: "size", code: "pixel_area_out_of_range", message: 'size must have a total pixel area (width × height) between 262144 and 4194304, got "1x1" = 1 pixels' },
      { param: "num_images", code: "out_of_range", message: "num_images must be between 1 and 6" },
      { param: "aspect_ratio", code: "conflicting_parameters", message: "aspect_ratio cannot be combined with size; give only one of them" },
    ]);
    // Without the schema, the rules cannot name their members or conditions, nor the order.
    assert.deepEqual(
      capspecViolations(errors).map((v) => [v.param, v.code]),
      [
        [null, "conflicting_parameters"],
        ["size", "out_of_range"],
        ["size", "out_of_range"],
        ["size", "pixel_area_out_of_range"],
        ["num_images", "out_of_range"],
      ],
    );
  });
});

describe("capspecViolations: the format's newer constructs", () => {
  const validate = createCapspecAjv().compile(everyConstructSchema());
  const run = (body, options = {}) => {
    validate({ model: "widget-1", prompt: "a", ...body });
    return capspecViolations(validate, { data: { model: "widget-1", prompt: "a", ...body }, ...options });
  };

  test("allow rules, exclusive bounds, presets, an empty string: in capspec's words", () => {
    assert.deepEqual(
      run({ background: "transparent", format: "jpeg", strength: 21, canvas: "tall", prompt: "" }).map((v) => [v.param, v.code, v.message]),
      [
        ["prompt", "too_short", "prompt must not be empty for widget-1, got 0 characters"],
        ["strength", "out_of_range", "strength must be greater than 0 and at most 20 for widget-1, got 21"],
        ["canvas", "invalid_value", 'canvas must be one of "square", "wide" for widget-1, or an object {width, height}, got "tall"'],
        ["format", "invalid_value", 'format must be one of "png", "webp" when background is "transparent" for widget-1, got "jpeg"'],
      ],
    );
    assert.deepEqual(run({ canvas: 5 }), [
      { param: "canvas", code: "invalid_type", message: "canvas must be a preset name or an object {width, height} for widget-1, got number 5" },
    ]);
  });

  test("a nullable property names its type without null; null passes where it means absent", () => {
    assert.deepEqual(run({ steps: "8" }), [{ param: "steps", code: "invalid_type", message: 'steps must be an integer for widget-1, got string "8"' }]);
    assert.deepEqual(run({ steps: null, strength: null }), []);
  });

  test("a forbidden nullable property may be null", () => {
    assert.deepEqual(run({ format: "png", quality: null }), []);
    assert.deepEqual(run({ format: "png", quality: 80 }), [
      { param: "quality", code: "conflicting_parameters", message: 'quality is only allowed for widget-1 when format is one of "webp", "jpeg"' },
    ]);
  });

  test("unknown keys come in the body's order", () => {
    assert.deepEqual(
      run({ zz: 1, options: { yy: 2 }, aa: 3 }).map((v) => v.param),
      ["zz", "options.yy", "aa"],
    );
  });
});

describe("capspecViolations: a null model", () => {
  // openai/dall-e-3 has no default model: its schema's `model` admits no null, while capspec
  // reads `"model": null` as an absent model (OpenAI's `model` is nullable).
  const validate = createCapspecAjv().compile(catalogSchema("openai/dall-e-3"));
  const body = { model: null, prompt: "a" };

  test("is missing with nullableModel", () => {
    assert.equal(validate(body), false);
    assert.deepEqual(capspecViolations(validate, { data: body, nullableModel: true }), [
      { param: "model", code: "missing_required", message: "model is required (null stands for an absent model)" },
    ]);
  });

  test("is of the wrong type without it (a provider whose model is not nullable)", () => {
    validate(body);
    assert.deepEqual(
      capspecViolations(validate, { data: body }).map((v) => [v.param, v.code]),
      [["model", "invalid_type"]],
    );
  });
});

describe("capspecErrors", () => {
  test("ajv error objects, each with params.code, at the param capspec reports", () => {
    const schema = catalogSchema("dieyuyun/qwen-image-2.0");
    const validate = createCapspecAjv().compile(schema);
    const body = { model: "qwen-image-2.0", watermark: true, parameters: { watermark: false } };
    assert.equal(validate(body), false);
    assert.deepEqual(
      capspecErrors(validate, { data: body }).map((e) => [e.instancePath, e.keyword, e.params.code, e.params.missingProperty]),
      [
        ["", "required", "missing_required", "prompt"],
        ["/parameters/watermark", "not", "conflicting_parameters", undefined],
      ],
    );
  });
});

describe("paramOf", () => {
  test("JSON pointers as capspec params", () => {
    assert.equal(paramOf(""), null);
    assert.equal(paramOf("/parameters/size"), "parameters.size");
    assert.equal(paramOf("/image/0"), "image[0]");
    assert.equal(paramOf("/a~1b/c~0d"), "a/b.c~d");
    assert.equal(paramOf("/obj/12", { obj: { 12: true } }), "obj.12");
    assert.equal(paramOf("/arr/12", { arr: [] }), "arr[12]");
  });
});
