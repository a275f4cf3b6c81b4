// Writes dist/models.js for the page opened from a file: `window.CAPSPEC_MODELS`, the same
// `{object: "list", data: [model documents]}` as `GET /v1/models`, from the capspec CLI
// (`capspec models` for the ids, `capspec schema ID` for each document).
//
//   npm run models                         the binary at $CAPSPEC_BIN, default ../../target/debug/capspec
//   node scripts/models.mjs --out FILE     write FILE instead of dist/models.js

import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const pkg = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** The capspec binary: $CAPSPEC_BIN (relative to the current directory), else the repository's debug build. */
export function capspecBin() {
  return process.env.CAPSPEC_BIN ? resolve(process.env.CAPSPEC_BIN) : resolve(pkg, "../../target/debug/capspec");
}

function run(bin, args) {
  try {
    return execFileSync(bin, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024, stdio: ["ignore", "pipe", "pipe"] });
  } catch (error) {
    const why = error.code === "ENOENT" ? "not found (build it with `cargo build`, or set CAPSPEC_BIN)" : String(error.stderr || error.message).trim();
    throw new Error(`${bin} ${args.join(" ")}: ${why}`);
  }
}

/** Every model document the CLI knows, in `capspec models` order. */
export function modelDocuments(bin = capspecBin()) {
  const ids = run(bin, ["models"]).split("\n").map((line) => line.trim()).filter(Boolean);
  return ids.map((id) => JSON.parse(run(bin, ["schema", id])));
}

/** The text of models.js for these documents. */
export function modelsScript(docs) {
  const json = JSON.stringify({ object: "list", data: docs })
    // Safe inside a script, whoever inlines it: no `</script`, no `<!--`.
    .replace(/</g, "\\u003c");
  return `// Written by \`npm run models\` (js/capspec-form): the model documents for the page opened from a file.\nwindow.CAPSPEC_MODELS = ${json};\n`;
}

/** Writes models.js (default dist/models.js); returns its path and the documents. */
export function writeModels({ out = join(pkg, "dist/models.js"), bin = capspecBin() } = {}) {
  const docs = modelDocuments(bin);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, modelsScript(docs));
  return { out, docs };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const argv = process.argv.slice(2);
  const at = argv.indexOf("--out");
  try {
    const { out, docs } = writeModels(at >= 0 ? { out: resolve(argv[at + 1]) } : {});
    console.log(`wrote ${out} (${docs.length} models)`);
  } catch (error) {
    console.error(error.message);
    process.exitCode = 1;
  }
}
