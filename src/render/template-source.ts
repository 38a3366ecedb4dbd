import Handlebars from "handlebars";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** templates/ sits at the package root, both for src/ (tests) and dist/src/ (the built CLI). */
export function templatesDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "templates", "Containerfile.hbs"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error("edge2bootc: templates/ folder not found next to the package");
    dir = parent;
  }
  return join(dir, "templates");
}

type Compiled = Record<string, HandlebarsTemplateDelegate>;

export interface TemplateEnvironment {
  hb: typeof Handlebars;
  templates: Compiled;
  partials: Compiled;
}

/**
 * The templates compiled from templates/ at run time (tests, the unbundled CLI). The bundle
 * (scripts/bundle.mjs) replaces this module with templates precompiled at build time and
 * Handlebars' runtime only, so a command never loads the template compiler.
 */
export function templateEnvironment(options: CompileOptions, dir = templatesDir()): TemplateEnvironment {
  const hb = Handlebars.create();
  const compileAll = (folder: string) =>
    Object.fromEntries(
      readdirSync(folder)
        .filter((f) => f.endsWith(".hbs"))
        .sort()
        .map((f) => [f.slice(0, -4), hb.compile(readFileSync(join(folder, f), "utf8"), options)]),
    );
  return { hb, templates: compileAll(dir), partials: compileAll(join(dir, "partials")) };
}
