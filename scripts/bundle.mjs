// Bundles the CLI, the batch worker and the library into one file each (dist/bundle/), so a command loads one
// module instead of ~90 files and their dependency trees, and the templates are precompiled here
// so a command loads Handlebars' runtime only, never its compiler (issue "fast start": measured
// with `npm run bench`, start-up as a ratio of a bare `node -e 0`).
import { build } from "esbuild";
import Handlebars from "handlebars";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { COMPILE_OPTIONS } from "../dist/src/render/templates.js";

function precompiled(folder) {
  const entries = readdirSync(folder)
    .filter((f) => f.endsWith(".hbs"))
    .sort()
    .map((f) => `${JSON.stringify(f.slice(0, -4))}: hb.template(${Handlebars.precompile(readFileSync(join(folder, f), "utf8"), COMPILE_OPTIONS)})`);
  return `{\n${entries.join(",\n")}\n}`;
}

/** Swaps render/template-source.js (compiles templates/ at run time) for the precompiled templates. */
const precompiledTemplates = {
  name: "precompiled-templates",
  setup(b) {
    b.onResolve({ filter: /template-source\.js$/ }, () => ({ path: "precompiled-templates", namespace: "e2b" }));
    b.onLoad({ filter: /.*/, namespace: "e2b" }, () => ({
      resolveDir: process.cwd(),
      contents: `import Handlebars from "handlebars/runtime.js";
export function templateEnvironment() {
  const hb = Handlebars.create();
  return { hb, templates: ${precompiled("templates")}, partials: ${precompiled("templates/partials")} };
}`,
    }));
  },
};

/**
 * Built-ins that only some commands use, loaded on first use instead of at start-up: commander
 * require()s child_process for executable subcommands (we have none), batch alone starts workers,
 * device plan alone reads gzip. Each costs 0.5-3 ms of every convert's start-up (a --cpu-prof of
 * one convert). A shim exports only the names listed, so an import of any other name fails the
 * build ("No matching export") instead of failing at run time.
 */
const LAZY_BUILTINS = { child_process: ["spawn"], zlib: ["gunzipSync"], worker_threads: ["Worker"] };
const lazyBuiltins = {
  name: "lazy-builtins",
  setup(b) {
    const filter = new RegExp(`^(node:)?(${Object.keys(LAZY_BUILTINS).join("|")})$`);
    b.onResolve({ filter }, (args) =>
      // the shim's own require() is the real built-in
      args.namespace === "lazy-builtin" ? { path: args.path, external: true } : { path: args.path.replace(/^node:/, ""), namespace: "lazy-builtin" },
    );
    b.onLoad({ filter: /.*/, namespace: "lazy-builtin" }, (args) => ({
      // A function called with `new` that returns an object yields that object, so one forwarder
      // serves both functions and classes.
      contents: LAZY_BUILTINS[args.path]
        .map((name) => `export function ${name}(...a) { const f = require("node:${args.path}").${name}; return new.target ? new f(...a) : f(...a); }`)
        .join("\n"),
      loader: "js",
    }));
  },
};

// jsonc-parser's UMD build (its main) loads its parts with require() calls esbuild cannot follow:
// the bundles take its ES module build.
const common = {
  bundle: true,
  platform: "node",
  target: "node20",
  minify: true,
  logLevel: "warning",
  alias: { "jsonc-parser": "./node_modules/jsonc-parser/lib/esm/main.js" },
};

// The CLI is CommonJS: Node 20's ES module loader costs ~40 ms of start-up (npm run bench). The
// bin (edge2bootc.cjs, from cli/launch.ts) loads cli.cjs through a V8 code cache that
// code-cache.cjs writes at install (cli/load-bundle.ts). import.meta.url becomes the bundle's own URL.
await build({
  ...common,
  entryPoints: { cli: "dist/src/cli/main.js" },
  outdir: "dist/bundle",
  outExtension: { ".js": ".cjs" },
  format: "cjs",
  plugins: [precompiledTemplates, lazyBuiltins],
  define: { "import.meta.url": "__e2bModuleUrl" },
  banner: { js: 'var __e2bModuleUrl = require("node:url").pathToFileURL(__filename).href;' },
});
await build({
  ...common,
  entryPoints: { edge2bootc: "dist/src/cli/launch.js", "code-cache": "dist/src/cli/code-cache.js" },
  outdir: "dist/bundle",
  outExtension: { ".js": ".cjs" },
  format: "cjs",
});

await build({
  ...common,
  // The library entry is bundled too: an installed package needs no runtime dependency, and a git
  // install (pre-commit, npm install git+…) needs no build, because these files are committed.
  entryPoints: { worker: "dist/src/batch/worker.js", index: "dist/src/index.js" },
  outdir: "dist/bundle",
  format: "esm",
  plugins: [precompiledTemplates],
  // commander and handlebars are CommonJS and require() Node built-ins; ESM output needs a require.
  banner: { js: "import { createRequire as __e2bRequire } from 'node:module'; const require = __e2bRequire(import.meta.url);" },
});
