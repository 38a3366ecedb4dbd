import { formatRef } from "../core/errors.js";
import { report, type Finding, type Severity } from "../core/findings.js";
import type { Render } from "../render/templates.js";
import { SCHEMA_VERSION, TOOL } from "../report/model.js";
import { renderSarifLog } from "../report/sarif.js";
import { withoutSubject } from "../report/json.js";
import { renderBatchReports, REPORT_FILES } from "../report/formats.js";
import { renderBatchReviewPage, type BatchReviewRow } from "../report/review-page.js";
import type { Artifact } from "../render/artifacts.js";
import { compareRefs } from "../plan/assemble.js";
import { compareStrings } from "../util/compare.js";
import { redactSecrets } from "../util/redact.js";
import type { SkippedFile } from "./discover.js";
import type { BatchRun, ProjectOutcome } from "./run.js";

export { BATCH_REPORT_FILES } from "../report/formats.js";

/** A project of the batch as the combined reports show it (the review page's row, with its pairing and findings). */
export interface ProjectRow extends BatchReviewRow {
  pairing: string | null;
  status: "converted" | "failed";
  /** The project's findings as its migration-report.json holds them (redacted when the report was built). */
  findings: Finding[];
}

export interface BatchSummary {
  projects: ProjectRow[];
  skipped: SkippedFile[];
  problems: string[];
  totals: { projects: number; converted: number; failed: number; skipped: number; keys: number; accepted: number } & Record<Severity, number>;
}

function failureText(o: ProjectOutcome): string | null {
  if (o.job.ok) return null;
  const d = o.job.failure.diagnostics[0];
  const text = d ? `${formatRef(d.source)}: ${d.message}` : o.job.failure.message.split("\n")[0]!;
  const more = o.job.failure.diagnostics.length > 1 ? ` (and ${o.job.failure.diagnostics.length - 1} more)` : "";
  return redactSecrets(text + more);
}

function rowOf(o: ProjectOutcome): ProjectRow {
  const s = o.job.ok ? o.job.result.report.summary : undefined;
  return {
    name: o.project.name,
    inputs: [...(o.project.blueprint !== undefined ? [o.project.blueprint] : []), ...o.project.kickstarts],
    pairing: o.project.pairing ?? null,
    status: o.job.ok ? "converted" : "failed",
    keys: s?.keys ?? 0,
    converted: (s?.converted ?? 0) + (s?.moved ?? 0),
    info: s?.info ?? 0,
    warning: s?.warning ?? 0,
    unsupported: s?.unsupported ?? 0,
    accepted: s?.accepted ?? 0,
    error: failureText(o),
    findings: o.job.ok ? o.job.result.report.findings : [],
  };
}

export function summarize(run: BatchRun): BatchSummary {
  const projects = run.projects.map(rowOf);
  const sum = (k: "keys" | "accepted" | Severity) => projects.reduce((n, p) => n + p[k], 0);
  return {
    projects,
    skipped: run.skipped,
    problems: run.problems,
    totals: {
      projects: projects.length,
      converted: projects.filter((p) => p.status === "converted").length,
      failed: projects.filter((p) => p.status === "failed").length,
      skipped: run.skipped.length,
      keys: sum("keys"),
      info: sum("info"),
      warning: sum("warning"),
      unsupported: sum("unsupported"),
      accepted: sum("accepted"),
    },
  };
}

/** Every finding of the batch, plus one per failed project at its error's position, for one SARIF upload. */
export function batchFindings(run: BatchRun): Finding[] {
  const out: Finding[] = [];
  for (const o of run.projects) {
    if (o.job.ok) out.push(...o.job.result.report.findings);
    else
      for (const d of o.job.failure.diagnostics.length
        ? o.job.failure.diagnostics
        : [{ source: { file: o.project.blueprint ?? o.project.kickstarts[0]!, line: 1, column: 1 }, message: o.job.failure.message.split("\n")[0]! }])
        out.push(
          report("batch.input-error", d.source, d.source.file, {
            title: redactSecrets(d.message),
            detail: "An input of the batch could not be read or parsed; nothing was written for its project, and the other projects converted.",
          }),
        );
  }
  return out.sort((a, b) => compareRefs(a.source, b.source) || compareStrings(a.id, b.id));
}

export function renderBatchJson(summary: BatchSummary): string {
  return `${JSON.stringify({ schemaVersion: SCHEMA_VERSION, tool: { name: TOOL.name, version: TOOL.version }, ...summary }, withoutSubject, 2)}\n`;
}

export function renderBatchMarkdown(summary: BatchSummary, render: Render): string {
  return render("batch-report.md", { ...summary, failed: summary.projects.filter((p) => p.status === "failed") });
}

export function renderBatchSarif(run: BatchRun): string {
  return renderSarifLog(batchFindings(run));
}

/** The combined reports of a batch, one per registered report format (report/formats.ts). */
export function batchReports(summary: BatchSummary, run: BatchRun, render: Render): Artifact[] {
  return renderBatchReports({
    json: () => renderBatchJson(summary),
    markdown: () => renderBatchMarkdown(summary, render),
    sarif: () => renderBatchSarif(run),
    html: () => renderBatchReviewPage(summary.projects, REPORT_FILES.html, render),
  });
}

/** The table printed at the end of a batch: one row per project, then the totals. */
export function summaryTable(summary: BatchSummary): string {
  const header = ["project", "keys", "converted", "warnings", "unsupported", "status"];
  const rows = summary.projects.map((p) => [p.name, String(p.keys), String(p.converted), String(p.warning), String(p.unsupported), p.status]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join("  ")
      .trimEnd();
  const t = summary.totals;
  return [
    line(header),
    ...rows.map(line),
    `total: ${t.projects} project(s), ${t.converted} converted, ${t.failed} failed, ${t.skipped} file(s) skipped; ` +
      `findings: ${t.unsupported} unsupported, ${t.warning} warning, ${t.info} info${t.accepted ? `, ${t.accepted} accepted` : ""}`,
  ].join("\n");
}
