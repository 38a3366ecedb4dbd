import Handlebars from "handlebars";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { dockerQuote, shq } from "../util/shell.js";

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

const SAFE_COPY_PATH = /^[A-Za-z0-9._@+/-]+$/;

const helpers: Record<string, Handlebars.HelperDelegate> = {
  shq: (word: string) => shq(word),
  dq: (value: string) => dockerQuote(value),
  /**
   * Shell words one per continuation line once there are two or more, so adding a package to the
   * blueprint adds one line to the Containerfile instead of rewriting (or reflowing) a long one.
   */
  shwords: (words: string[]) => {
    const quoted = words.map(shq);
    return quoted.length <= 1 ? quoted.join(" ") : `\\\n      ${quoted.join(" \\\n      ")}`;
  },
  /** COPY arguments; the JSON form when a path has characters the plain form would split or expand. */
  copyargs: (source: string, destination: string) =>
    SAFE_COPY_PATH.test(source) && SAFE_COPY_PATH.test(destination)
      ? `${source} ${destination}`
      : `[${[source, destination].map((p) => JSON.stringify(p).replace(/\$/g, "\\$")).join(", ")}]`,
  /** Text safe inside a Markdown table cell or list item. */
  mdcell: (text: string) => text.replace(/\|/g, "\\|").replace(/\r?\n/g, " "),
  /** Whitespace-separated config columns (tmpfiles.d, sysusers.d); "-" fills empty ones. */
  columns: (fields: string[]) => fields.map((f) => (f === "" ? "-" : /[\s"]/.test(f) ? JSON.stringify(f) : f)).join(" "),
};

const COMPILE_OPTIONS = {
  noEscape: true,
  strict: true,
  knownHelpersOnly: true,
  knownHelpers: Object.fromEntries(Object.keys(helpers).map((h) => [h, true])),
} as const;

export type Render = (name: string, data: object) => string;

/** Compiles every template once; templates hold layout, TypeScript holds the decisions. */
export function loadTemplates(dir = templatesDir()): Render {
  const hb = Handlebars.create();
  for (const [name, fn] of Object.entries(helpers)) hb.registerHelper(name, fn);
  const partialsDir = join(dir, "partials");
  for (const file of readdirSync(partialsDir).sort()) {
    if (file.endsWith(".hbs")) {
      hb.registerPartial(file.slice(0, -4), hb.compile(readFileSync(join(partialsDir, file), "utf8"), COMPILE_OPTIONS));
    }
  }
  const cache = new Map<string, HandlebarsTemplateDelegate>();
  return (name, data) => {
    let template = cache.get(name);
    if (!template) {
      template = hb.compile(readFileSync(join(dir, `${name}.hbs`), "utf8"), COMPILE_OPTIONS);
      cache.set(name, template);
    }
    return template(data);
  };
}
