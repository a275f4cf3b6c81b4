// The x-capspec keywords alone: the hand-written verdict tables (tests/verdicts), the codes
// capspec's Rust side gives a list of tricky URLs and sizes (tests/fixtures/oracles.json),
// and what each keyword accepts in its value.

import assert from "node:assert/strict";
import path from "node:path";
import { describe, test } from "node:test";

import Ajv2020 from "ajv/dist/2020.js";

import { addCapspecKeywords, createCapspecAjv, KEYWORD_VALUES, parseDims, U64_MAX } from "../src/index.js";
import { capspecViolations } from "../src/index.js";
import { FIXTURE_SUITE_DIR, loadSuite, PACKAGE_DIR, pairs, readJson, REPO_DIR } from "./support.js";

const ajv = createCapspecAjv();

/** The capspec codes ajv gives `instance` under a one-keyword schema, in order. */
function codes(schema, instance) {
  const validate = ajv.compile(schema);
  if (validate(instance)) return [];
  return validate.errors.map((e) => e.params.code ?? `(${e.keyword})`);
}

describe("x-capspec-size: tests/verdicts/sizes.json", () => {
  const table = readJson(path.join(REPO_DIR, "tests/verdicts/sizes.json"));
  let count = 0;
  for (const group of table.rules) {
    test(JSON.stringify(group.rule), () => {
      const schema = { type: "string", "x-capspec-size": group.rule };
      for (const [text, want] of group.cases) {
        count++;
        assert.deepEqual(codes(schema, text), want, `${JSON.stringify(text)}`);
      }
    });
  }
  test("has its cases", () => assert.ok(count >= 40, `${count} cases`));
});

describe("x-capspec-url: tests/verdicts/urls.json", () => {
  const table = readJson(path.join(REPO_DIR, "tests/verdicts/urls.json"));
  for (const [group, isPublic] of [
    ["public", true],
    ["any", false],
  ]) {
    test(group, () => {
      const schema = { type: "string", "x-capspec-url": { public: isPublic } };
      for (const [text, want] of table[group]) {
        assert.deepEqual(codes(schema, text), want === null ? [] : [want], JSON.stringify(text));
      }
    });
  }
});

describe("capspec's own verdicts: tests/fixtures/oracles.json", () => {
  const oracles = readJson(path.join(PACKAGE_DIR, "tests/fixtures/oracles.json"));
  test(`${oracles.urls.length} URLs, public and not`, () => {
    const pub = { type: "string", "x-capspec-url": { public: true } };
    const any = { type: "string", "x-capspec-url": { public: false } };
    for (const [text, publicCode, anyCode] of oracles.urls) {
      assert.deepEqual(codes(pub, text), publicCode === null ? [] : [publicCode], `public ${JSON.stringify(text)}`);
      assert.deepEqual(codes(any, text), anyCode === null ? [] : [anyCode], `any ${JSON.stringify(text)}`);
    }
  });
  test(`${oracles.sizes.length} sizes`, () => {
    const schema = { type: "string", "x-capspec-size": oracles.size_rule };
    for (const [text, want] of oracles.sizes) {
      assert.deepEqual(codes(schema, text), want, JSON.stringify(text));
    }
  });
  test(`${oracles.table_bodies.length} size-table bodies with a null ratio or tier`, () => {
    const spec = loadSuite(FIXTURE_SUITE_DIR).specs.find((s) => s.spec === "acme/tables-1");
    const validate = ajv.compile(spec.schema);
    for (const [body, want] of oracles.table_bodies) {
      const got = validate(body) ? [] : capspecViolations(validate, { data: body });
      assert.deepEqual(pairs(got), pairs(want), JSON.stringify(body));
    }
  });
});

describe("x-capspec-size", () => {
  test("sides saturate at 2^64 - 1 and ratios compare exactly", () => {
    assert.deepEqual(parseDims("99999999999999999999999x1", "x"), { width: U64_MAX, height: 1n });
    assert.deepEqual(parseDims("18446744073709551616x1", "x"), { width: U64_MAX, height: 1n });
    assert.deepEqual(parseDims("18446744073709551615x1", "x"), { width: U64_MAX, height: 1n });
    // 18446744073709551615 / 4611686018427387904 is just under 4: floats say 4.
    const schema = { type: "string", "x-capspec-size": { aspect_ratio: { minimum: "4:1" } } };
    assert.deepEqual(codes(schema, "18446744073709551615x4611686018427387904"), ["aspect_ratio_out_of_range"]);
    assert.deepEqual(codes(schema, "18446744073709551616x4611686018427387904"), ["aspect_ratio_out_of_range"]);
    assert.deepEqual(codes(schema, "18446744073709551612x4611686018427387903"), []);
    // 3002399751580331 × 3 = 2^53 + 1, which a float rounds to the bound 2^53.
    const area = { type: "string", "x-capspec-size": { pixels: { maximum: 9007199254740992 } } };
    assert.deepEqual(codes(area, "9007199254740992x1"), []);
    assert.deepEqual(codes(area, "3002399751580331x3"), ["pixel_area_out_of_range"]);
  });

  test("the separator is any one character, the first occurrence splits", () => {
    const astral = { type: "string", "x-capspec-size": { separator: "😀" } };
    assert.deepEqual(codes(astral, "1😀2"), []);
    assert.deepEqual(codes(astral, "1x2"), ["invalid_format"]);
    const x = { type: "string", "x-capspec-size": {} };
    assert.deepEqual(codes(x, "1x2"), []);
    assert.deepEqual(codes(x, "1x2x3"), ["invalid_format"]);
  });

  test("width and height take multipleOf", () => {
    const schema = { type: "string", "x-capspec-size": { width: { multipleOf: 16 }, height: { minimum: 64, multipleOf: 8 } } };
    assert.deepEqual(codes(schema, "1024x768"), []);
    assert.deepEqual(codes(schema, "1000x768"), ["not_multiple_of"]);
    assert.deepEqual(codes(schema, "1000x60"), ["not_multiple_of", "out_of_range", "not_multiple_of"]);
    const validate = ajv.compile(schema);
    validate("1000x768");
    assert.equal(validate.errors[0].message, 'the value must have a width that is a multiple of 16 pixels, got 1000 (in "1000x768")');
  });

  test("a size given as an object {width, height}: area and ratio, once its sides are valid", () => {
    // As capspec emits a preset-or-object size: the sides have standard keywords.
    const schema = {
      type: "object",
      properties: { width: { type: "integer", minimum: 1, multipleOf: 8 }, height: { type: "integer", minimum: 1 } },
      required: ["width", "height"],
      "x-capspec-size": { width: { multipleOf: 8 }, pixels: { maximum: 1000000 }, aspect_ratio: { minimum: "1:2", maximum: "2:1" } },
    };
    const only = (body) => {
      const validate = ajv.compile(schema);
      return validate(body) ? [] : validate.errors.filter((e) => e.keyword === "x-capspec-size").map((e) => e.params.code);
    };
    assert.deepEqual(only({ width: 1000, height: 1000 }), []);
    assert.deepEqual(only({ width: 2000, height: 600 }), ["pixel_area_out_of_range", "aspect_ratio_out_of_range"]);
    assert.deepEqual(only({ width: 2001, height: 600 }), []); // off the width's step: not judged
    assert.deepEqual(only({ width: 2000, height: 0 }), []);
    assert.deepEqual(only({ width: 2000, height: "600" }), []);
    assert.deepEqual(only({ width: 2000 }), []);
    const validate = ajv.compile({ type: "object", properties: { size: schema } });
    validate({ size: { width: 2000, height: 600 } });
    assert.equal(
      validate.errors[0].message,
      "size must have a total pixel area (width × height) of at most 1000000, got 2000 × 600 = 1200000 pixels",
    );
  });

  test("unsized members of a fixed list pass", () => {
    const schema = { type: "string", enum: ["auto", "1024x1024"], "x-capspec-size": { unsized: ["auto"] } };
    assert.deepEqual(codes(schema, "auto"), []);
    assert.deepEqual(codes(schema, "1024x1024"), []);
  });

  test("other values pass (the type keyword judges them)", () => {
    // No `type` here on purpose: strictTypes would log that x-capspec-url applies to strings.
    const quiet = createCapspecAjv({ logger: false });
    for (const v of [5, null, true, [1, 2]]) assert.equal(quiet.compile({ "x-capspec-size": {} })(v), true);
    assert.equal(quiet.compile({ "x-capspec-url": { public: true } })(null), true);
  });

  test("messages name the field and what is allowed, in capspec's words", () => {
    const validate = ajv.compile({
      type: "object",
      properties: { size: { type: "string", "x-capspec-size": { width: { minimum: 512, maximum: 2048 }, pixels: { maximum: 4194304 } } } },
    });
    validate({ size: "5000x5000" });
    assert.deepEqual(
      validate.errors.map((e) => [e.instancePath, e.keyword, e.params.code, e.message]),
      [
        ["/size", "x-capspec-size", "out_of_range", 'size must have a width between 512 and 2048 pixels, got 5000 (in "5000x5000")'],
        [
          "/size",
          "x-capspec-size",
          "pixel_area_out_of_range",
          'size must have a total pixel area (width × height) of at most 4194304, got "5000x5000" = 25000000 pixels',
        ],
      ],
    );
  });
});

describe("x-capspec-url", () => {
  const message = (isPublic, text) => {
    const validate = ajv.compile({ type: "string", "x-capspec-url": { public: isPublic } });
    return validate(text) ? null : validate.errors[0].message;
  };
  test("only the text the URL standard writes back is accepted", () => {
    assert.equal(
      message(false, "https://example.com"),
      'the value must be written as the URL standard writes it back, "https://example.com/", got "https://example.com"',
    );
    assert.equal(message(false, "https://example.com/a%20b"), null);
  });
  test("public: names under the local special-use domains are refused before the form is judged", () => {
    assert.equal(
      message(true, "https://NAS.Home.Arpa./x"),
      'the value must be a publicly accessible http or https URL, got "https://NAS.Home.Arpa./x", whose host nas.home.arpa. is a local network name (under .home.arpa)',
    );
    assert.equal(message(true, "https://arpa/x"), null);
    assert.match(message(false, "https://NAS.Home.Arpa./x"), /writes it back/);
  });
  test("IPv4 literals are judged after the URL standard's normalisation", () => {
    const schema = { type: "string", "x-capspec-url": { public: true } };
    for (const url of ["http://2130706433/", "http://0x7f.1/", "http://0177.0.0.1/", "http://127.1/"]) {
      const validate = ajv.compile(schema);
      assert.equal(validate(url), false, url);
      assert.match(validate.errors[0].message, /loopback address 127\.0\.0\.1/, url);
    }
  });
  test("the message says why", () => {
    const validate = ajv.compile({ type: "array", items: { type: "string", "x-capspec-url": { public: true } } });
    validate(["https://ok.example/", "http://[::ffff:169.254.169.254]/x"]);
    assert.equal(validate.errors.length, 1);
    assert.equal(validate.errors[0].instancePath, "/1");
    assert.equal(
      validate.errors[0].message,
      '1 must be a publicly accessible http or https URL, got "http://[::ffff:169.254.169.254]/x", whose host is the link-local (cloud metadata) address ::ffff:169.254.169.254',
    );
  });
});

describe("x-capspec-size-table", () => {
  const schema = {
    type: "object",
    properties: {
      quality: { type: "string", enum: ["draft", "hd", "ultra"], default: "hd" },
      options: { type: "object", properties: { ratio: { type: ["string", "null"], default: "1:1" } } },
    },
    "x-capspec-size-table": {
      ratio: "options.ratio",
      tier: "quality",
      cells: { "1:1": { draft: "512x512", hd: "1024x1024", ultra: "2048x2048" }, "4:1": { draft: "2048x512" } },
    },
  };
  const validate = createCapspecAjv({ allowUnionTypes: true }).compile(schema);
  const at = (body) =>
    validate(body) ? [] : validate.errors.filter((e) => e.params.code).map((e) => [e.instancePath, e.params.code]);

  test("a ratio × tier without a cell is invalid at the tier when given", () => {
    assert.deepEqual(at({ quality: "hd", options: { ratio: "4:1" } }), [["/quality", "invalid_value"]]);
    assert.deepEqual(at({ quality: "draft", options: { ratio: "4:1" } }), []);
  });
  test("else at the ratio, the tier being its default", () => {
    assert.deepEqual(at({ options: { ratio: "4:1" } }), [["/options/ratio", "invalid_value"]]);
    assert.deepEqual(at({}), []);
  });
  test("the message says which combination and what is available", () => {
    validate({ quality: "hd", options: { ratio: "4:1" } });
    assert.equal(validate.errors[0].message, 'quality "hd" is not available with options.ratio "4:1"; available: "draft"');
    validate({ options: { ratio: "4:1" } });
    assert.equal(
      validate.errors[0].message,
      'options.ratio "4:1" is not available with quality "hd" (its default); available quality: "draft"',
    );
  });
  test("null stands for an absent property where the schema accepts null", () => {
    assert.deepEqual(at({ quality: "hd", options: { ratio: null } }), []);
    assert.deepEqual(at({ quality: "ultra", options: null }), []);
  });
  test("values that are not strings, and ratios without a row, are left to other keywords", () => {
    assert.deepEqual(at({ quality: 3, options: { ratio: "4:1" } }), []);
    assert.deepEqual(at({ quality: "hd", options: { ratio: "2:1" } }), []);
    assert.deepEqual(at({ quality: "__proto__", options: { ratio: "4:1" } }), [["/quality", "invalid_value"]]);
    assert.deepEqual(at({ quality: "hd", options: { ratio: "constructor" } }), []);
  });
});

describe("x-capspec-custom-size", () => {
  const validate = ajv.compile({
    type: "object",
    properties: { w: { type: "number" }, h: { type: "number" } },
    "x-capspec-custom-size": { width: "w", height: "h", pixels: { maximum: 1000000 }, aspect_ratio: { minimum: "1:2", maximum: "2:1" } },
  });
  const at = (body) =>
    validate(body) ? [] : validate.errors.filter((e) => e.params.code).map((e) => [e.instancePath, e.params.code]);
  test("judged when both properties hold integers, reported at the width", () => {
    assert.deepEqual(at({ w: 1000, h: 1000 }), []);
    assert.deepEqual(at({ w: 2000, h: 600 }), [
      ["/w", "pixel_area_out_of_range"],
      ["/w", "aspect_ratio_out_of_range"],
    ]);
    assert.deepEqual(at({ w: 2000.0, h: 1000 }), [["/w", "pixel_area_out_of_range"]]);
  });
  test("not judged otherwise", () => {
    for (const body of [{ w: 2000 }, { w: 2000.5, h: 600 }, { w: -2000, h: 600 }, { w: 2 ** 60, h: 1 }, { w: "2000", h: 600 }]) {
      assert.deepEqual(at(body), [], JSON.stringify(body));
    }
  });
});

describe("keyword values", () => {
  const compiles = (schema) => {
    try {
      createCapspecAjv().compile(schema);
      return true;
    } catch (e) {
      return e.message;
    }
  };
  test("every member each keyword understands is documented in KEYWORD_VALUES", () => {
    assert.deepEqual(Object.keys(KEYWORD_VALUES["x-capspec-size"].properties).sort(), [
      "aspect_ratio",
      "height",
      "pixels",
      "separator",
      "unsized",
      "width",
      "x-capspec-source",
    ]);
  });
  test("a member no keyword understands fails the compilation", () => {
    for (const value of [
      { separator: "x", colour: "red" },
      { width: { minimum: 1, step: 2 } },
      { pixels: { multipleOf: 64 } },
      { aspect_ratio: { minimum: "0:1" } },
      { aspect_ratio: { maximum: "16/9" } },
      { separator: "xx" },
      { separator: "" },
      { width: { minimum: -1 } },
      { width: { maximum: 1.5 } },
    ]) {
      assert.match(String(compiles({ type: "string", "x-capspec-size": value })), /x-capspec-size" value is invalid/, JSON.stringify(value));
    }
    assert.match(String(compiles({ type: "string", "x-capspec-url": { public: "yes" } })), /value is invalid/);
    assert.match(String(compiles({ type: "string", "x-capspec-url": { public: true, private: false } })), /value is invalid/);
    assert.match(String(compiles({ type: "object", "x-capspec-size-table": { ratio: "a", tier: "b" } })), /value is invalid/);
    assert.match(String(compiles({ type: "object", "x-capspec-custom-size": { width: "a", height: "b", depth: "c" } })), /value is invalid/);
  });
  test("documentation members and annotation keywords compile", () => {
    assert.equal(compiles({ type: "string", "x-capspec-size": { separator: "×", "x-capspec-source": "doc" } }), true);
    assert.equal(compiles({ type: "string", "x-capspec-url": { public: true, "x-capspec-source": "doc" } }), true);
    assert.equal(compiles({ type: "string", "x-order": 3, "x-capspec-source": "doc" }), true);
    assert.equal(compiles({ type: "object", "x-capspec-output": { count: 1, size: ["x-capspec-size-table"] } }), true);
    assert.equal(compiles({ type: "string", "x-capspec-presets": { square: "1024x1024" } }), true);
    assert.match(String(compiles({ type: "string", "x-order": -1 })), /x-order" value is invalid/);
  });
  test("addCapspecKeywords can run twice and works on any ajv 8 class", () => {
    const ajv2 = addCapspecKeywords(addCapspecKeywords(new Ajv2020({ allErrors: true })));
    assert.equal(ajv2.compile({ type: "string", "x-capspec-size": {} })("1x1"), true);
  });
  test("createCapspecAjv allows union types: nullable properties, preset-or-object sizes", () => {
    const validate = createCapspecAjv({ strict: true }).compile({
      type: "object",
      properties: { n: { type: ["integer", "null"], enum: [1, null] }, size: { type: ["string", "object"] } },
    });
    assert.equal(validate({ n: null, size: {} }), true);
  });
  test("the keywords themselves pass every strict-mode check", () => {
    const strict = createCapspecAjv({ strict: true });
    strict.compile({
      type: "object",
      properties: {
        size: { type: "string", "x-capspec-size": { width: { maximum: 9 } }, "x-order": 0 },
        url: { type: "string", "x-capspec-url": { public: true }, "x-order": 1 },
        w: { type: "integer" },
        h: { type: "integer" },
      },
      "x-capspec-custom-size": { width: "w", height: "h" },
      "x-capspec-size-table": { ratio: "size", tier: "url", cells: {} },
      "x-capspec-output": { count: 1, size: ["size"] },
    });
  });
});
