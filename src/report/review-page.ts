import { createHash } from "node:crypto";
import type { Render } from "../render/templates.js";
import { changeSections, type ReviewData } from "./review-data.js";
import { htmlText } from "../util/html.js";

/**
 * JSON inside <script type="application/json">: no `</script>`, `<!--` or `&` can close or
 * change it, and U+2028/U+2029 are escaped for older parsers (the HTML standard, "Restrictions
 * for contents of script elements").
 */
export const embedJson = (value: unknown) =>
  JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");

const HASH_SLOT = "E2B-SCRIPT-HASHES";
const INLINE_SCRIPT = /<script>([\s\S]*?)<\/script>/g;

/**
 * The page allows no request at all: nothing but its own inline script (by hash, so no injected
 * script runs) and inline styles; images only as data: URLs (CSP Level 3, 'sha256-…' sources).
 */
const CSP = `default-src 'none'; script-src ${HASH_SLOT}; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'`;

/** Puts the hash of every inline script into the policy, or 'none' when the page has none. */
function withScriptHashes(page: string): string {
  const hashes = [...page.matchAll(INLINE_SCRIPT)].map((m) => `'sha256-${createHash("sha256").update(m[1]!).digest("base64")}'`);
  return page.replace(HASH_SLOT, hashes.length ? hashes.join(" ") : "'none'");
}

const DATA_BLOCK = /(<script type="application\/json" id="e2b-data">)([\s\S]*?)(<\/script>)/;

/**
 * A written page with a changes section (--check/--diff, which know what differs on disk): only
 * its data changes, so the script and the policy's hash stay as they are.
 */
export function withChanges(page: string, changes: readonly { path: string; diff: string }[]): string {
  return page.replace(DATA_BLOCK, (_m, open: string, json: string, close: string) => {
    const data = JSON.parse(json) as ReviewData;
    return `${open}${embedJson({ ...data, changes: changeSections(changes) })}${close}`;
  });
}

/** migration-review.html: one file, its data embedded, nothing fetched. */
export function renderReviewPage(data: ReviewData, render: Render): string {
  return withScriptHashes(render("migration-review.html", { csp: CSP, title: htmlText(`Migration review: ${data.title}`), data: embedJson(data) }));
}

/** A project of a batch: the row of the batch's report and review page. */
export interface BatchReviewRow {
  /** The project's folder under the output folder. */
  name: string;
  inputs: string[];
  status: string;
  keys: number;
  converted: number;
  info: number;
  warning: number;
  unsupported: number;
  /** Findings the team accepted, counted in none of the severities. */
  accepted: number;
  /** For a failed project: its first problem, file:line:col first. */
  error: string | null;
}

/** batch-review.html: a table of the projects, each linking to its page beside it (no script). */
export function renderBatchReviewPage(rows: readonly BatchReviewRow[], page: string, render: Render): string {
  return withScriptHashes(
    render("batch-review.html", {
      csp: CSP,
      projects: rows.map((r) => ({
        ...r,
        href: r.status === "converted" ? `${r.name.split("/").map(encodeURIComponent).join("/")}/${encodeURIComponent(page)}` : "",
        inputs: r.inputs.join(", "),
      })),
    }),
  );
}
