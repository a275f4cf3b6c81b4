// `capspec export` read by what its consumers validate with: models.dev's own zod schema
// (run as models.dev runs it, on each TOML file with its `id` injected from the path) and
// OpenRouter's OpenAPI schemas of its Image API records (ajv). CAPSPEC_BIN is the binary.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parseToml } from "smol-toml";
import { parse as parseYaml } from "yaml";
import Ajv2020 from "ajv/dist/2020.js";

const here = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const root = path.resolve(here, "../..");

// models.dev's schema, verbatim from sources/, copied beside this package's node_modules so
// that its `import { z } from "zod"` finds the zod version models.dev pins.
async function modelsDevSchema() {
  const dir = path.join(here, ".models.dev");
  mkdirSync(dir, { recursive: true });
  for (const file of ["schema.ts", "family.ts"]) {
    copyFileSync(path.join(root, "sources/models.dev", file), path.join(dir, file));
  }
  return import(path.join(dir, "schema.ts"));
}
const bin = process.env.CAPSPEC_BIN ?? path.join(root, "target/debug/capspec");

function exported(format: string): string {
  const out = mkdtempSync(path.join(tmpdir(), "capspec export "));
  execFileSync(bin, ["export", "--format", format, "--out", out], { stdio: ["ignore", "ignore", "pipe"] });
  return out;
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

function specIds(): string[] {
  return execFileSync(bin, ["models"], { encoding: "utf8" }).trim().split("\n");
}

test("models.dev's ModelMetadata schema accepts every exported model file", async () => {
  const { ModelMetadata } = await modelsDevSchema();
  const out = exported("models.dev");
  const base = path.join(out, "models.dev", "models");
  const tomls = files(base).filter((f) => f.endsWith(".toml"));
  assert.equal(tomls.length, specIds().length, "one file per spec");
  for (const file of tomls) {
    const toml = parseToml(readFileSync(file, "utf8")) as Record<string, unknown>;
    // As models.dev's generate.ts: the id is the path under models/, without `.toml`.
    toml.id = path.relative(base, file).split(path.sep).join("/").slice(0, -".toml".length);
    const result = ModelMetadata.safeParse(toml);
    assert.ok(result.success, `${file}: ${JSON.stringify(result.error?.issues)}`);
    assert.equal(typeof result.data?.name, "string");
  }
});

test("OpenRouter's Image API schemas accept the exported listing and endpoint records", () => {
  const spec = parseYaml(readFileSync(path.join(root, "sources/openrouter/openapi_image_schemas.yaml"), "utf8"));
  const schemas = spec.components.schemas;
  // `discriminator` (with `mapping`, which ajv does not implement) is an annotation over the `oneOf`
  // that ajv checks all the same.
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  ajv.addFormat("double", true);
  ajv.addSchema({ $id: "openrouter", components: { schemas } });
  const list = ajv.getSchema("openrouter#/components/schemas/ImageModelsListResponse")!;
  const endpoints = ajv.getSchema("openrouter#/components/schemas/ImageModelEndpointsResponse")!;
  const out = exported("openrouter");
  const listing = JSON.parse(readFileSync(path.join(out, "openrouter/images/models.json"), "utf8"));
  assert.ok(list(listing), JSON.stringify(list.errors));
  assert.deepEqual(listing.data.map((m: { id: string }) => m.id).sort(), specIds().sort());
  let priced = 0;
  for (const model of listing.data) {
    const file = path.join(out, "openrouter", model.endpoints.replace("/api/v1/", "") + ".json");
    const record = JSON.parse(readFileSync(file, "utf8"));
    assert.ok(endpoints(record), `${model.id}: ${JSON.stringify(endpoints.errors)}`);
    assert.equal(record.id, model.id);
    priced += record.endpoints[0].pricing.length > 0 ? 1 : 0;
    // Descriptors are typed as OpenRouter types them.
    for (const [name, d] of Object.entries(model.supported_parameters as Record<string, any>)) {
      assert.ok(["enum", "range", "boolean"].includes(d.type), `${model.id} ${name}`);
    }
  }
  assert.ok(priced >= 3, `${priced} priced models`);
});
