// Bundles the CLI and the batch worker into one file each (dist/bundle/), so a command loads one
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

await build({
  // The library entry is bundled too: an installed package needs no runtime dependency, and a git
  // install (pre-commit, npm install git+…) needs no build, because these files are committed.
  entryPoints: { edge2bootc: "dist/src/cli/main.js", worker: "dist/src/batch/worker.js", index: "dist/src/index.js" },
  outdir: "dist/bundle",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  minify: true,
  plugins: [precompiledTemplates],
  // commander and handlebars are CommonJS and require() Node built-ins; ESM output needs a require.
  banner: { js: "import { createRequire as __e2bRequire } from 'node:module'; const require = __e2bRequire(import.meta.url);" },
  logLevel: "warning",
});
