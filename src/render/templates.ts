import type Handlebars from "handlebars";
import { templateEnvironment } from "./template-source.js";
import { dockerQuote, shq } from "../util/shell.js";
import { configColumns } from "../util/config-columns.js";
import { regionMarker } from "./line-map.js";
import { htmlText } from "../util/html.js";

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
  columns: configColumns,
  /** Text as HTML (the review pages); every other template writes plain text. */
  html: (text: unknown) => htmlText(String(text)),
  /** Where a region of the line map begins (render/line-map.ts); nothing unless the caller asked for marks. */
  mark: (id: number | undefined, options: Handlebars.HelperOptions) => (id !== undefined && options.data?.root?.recordRegions ? regionMarker(id) : ""),
  /** {{{{raw}}}}…{{{{/raw}}}}: the block as written, for files whose own syntax is {{ }} (Ansible's Jinja). */
  raw: function (this: unknown, options: Handlebars.HelperOptions) {
    return options.fn(this);
  },
};

export const COMPILE_OPTIONS = {
  noEscape: true,
  strict: true,
  knownHelpersOnly: true,
  knownHelpers: Object.fromEntries(Object.keys(helpers).map((h) => [h, true])),
} as const;

export type Render = (name: string, data: object) => string;

/** Every template, compiled once (or precompiled in the bundle); templates hold layout, TypeScript holds the decisions. */
export function loadTemplates(): Render {
  const { hb, templates, partials } = templateEnvironment(COMPILE_OPTIONS);
  for (const [name, fn] of Object.entries(helpers)) hb.registerHelper(name, fn);
  for (const [name, partial] of Object.entries(partials)) hb.registerPartial(name, partial);
  return (name, data) => {
    const template = templates[name];
    if (!template) throw new Error(`edge2bootc: no template ${name}`);
    return template(data);
  };
}
