// Builds dist/index.html: one self-contained page (the bundle and the CSS inlined, minified).
// Deterministic: the same sources and lockfile give the same bytes. No catalog inside: the
// page reads its models from the server (/v1/models) or from models.js beside the file.
//
//   node scripts/build.mjs            write dist/index.html
//   node scripts/build.mjs --check    build into a temporary directory and fail if the result
//                                     differs from the committed dist/index.html
//   node scripts/build.mjs --out DIR  write DIR/index.html

import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const pkg = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** The page's bytes. */
export async function buildPage() {
  const js = await esbuild.build({
    absWorkingDir: pkg,
    entryPoints: ["src/main.jsx"],
    bundle: true,
    write: false,
    format: "iife",
    platform: "browser",
    target: ["es2022"],
    minify: true,
    jsx: "automatic",
    legalComments: "eof",
    charset: "utf8",
    define: { "process.env.NODE_ENV": '"production"' },
    // rjsf's markdown renderer, never asked for here: text as written (src/markdown-stub.jsx).
    alias: { "markdown-to-jsx/react": "./src/markdown-stub.jsx", "markdown-to-jsx": "./src/markdown-stub.jsx" },
    logLevel: "warning",
  });
  const css = await esbuild.build({
    absWorkingDir: pkg,
    entryPoints: ["src/style.css"],
    bundle: true,
    write: false,
    minify: true,
    charset: "utf8",
    logLevel: "warning",
  });
  const script = js.outputFiles[0].text.trimEnd();
  const style = css.outputFiles[0].text.trimEnd();
  // Inline text must not close its element early.
  if (/<\/script/i.test(script)) throw new Error("the bundle holds `</script`: it cannot be inlined");
  if (/<\/style/i.test(style)) throw new Error("the CSS holds `</style`: it cannot be inlined");
  const template = readFileSync(join(pkg, "src/index.html"), "utf8");
  if (!template.includes("/*CAPSPEC_CSS*/") || !template.includes("/*CAPSPEC_JS*/")) {
    throw new Error("src/index.html lacks its /*CAPSPEC_CSS*/ or /*CAPSPEC_JS*/ placeholder");
  }
  // Functions as replacements: `$&` and friends in the code stay as written.
  return template.replace("/*CAPSPEC_CSS*/", () => style).replace("/*CAPSPEC_JS*/", () => script);
}

async function main(argv) {
  const check = argv.includes("--check");
  const outAt = argv.indexOf("--out");
  const committed = join(pkg, "dist/index.html");
  if (check) {
    const dir = mkdtempSync(join(tmpdir(), "capspec-form-"));
    try {
      const fresh = join(dir, "index.html");
      writeFileSync(fresh, await buildPage());
      if (!existsSync(committed)) {
        console.error("dist/index.html is missing: run `npm run build` in js/capspec-form and commit it");
        return 1;
      }
      const a = readFileSync(fresh);
      const b = readFileSync(committed);
      if (!a.equals(b)) {
        console.error(
          `dist/index.html is stale (committed ${b.length} bytes, a fresh build ${a.length} bytes): ` +
            "run `npm run build` in js/capspec-form and commit dist/index.html",
        );
        return 1;
      }
      console.log(`dist/index.html is up to date (${b.length} bytes)`);
      return 0;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const out = outAt >= 0 ? join(resolve(argv[outAt + 1]), "index.html") : committed;
  mkdirSync(dirname(out), { recursive: true });
  const page = await buildPage();
  writeFileSync(out, page);
  console.log(`wrote ${out} (${Buffer.byteLength(page)} bytes)`);
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
