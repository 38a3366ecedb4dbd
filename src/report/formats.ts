import type { Artifact } from "../render/artifacts.js";
import type { Render } from "../render/templates.js";
import { renderJsonReport } from "./json.js";
import { renderMarkdownReport } from "./markdown.js";
import type { MigrationReport } from "./model.js";
import { renderSarifReport } from "./sarif.js";
import { reviewData, type ReviewSources } from "./review-data.js";
import { renderReviewPage } from "./review-page.js";

/**
 * The report formats, registered once: the file a project's report is written to, the file a
 * batch's combined report is written to, and how a project's report is rendered. `convert` writes
 * every format from here; `batch` must give each one a combined renderer (BATCH_RENDERERS in
 * batch/report.ts is typed by this table, so a new format does not compile until it has one).
 */
export const REPORT_FORMATS = {
  json: { projectFile: "migration-report.json", batchFile: "batch-report.json", render: (report: MigrationReport) => renderJsonReport(report) },
  markdown: {
    projectFile: "migration-report.md",
    batchFile: "batch-report.md",
    render: (report: MigrationReport, templates: Render) => renderMarkdownReport(report, templates),
  },
  sarif: { projectFile: "migration-report.sarif", batchFile: "batch-report.sarif", render: (report: MigrationReport) => renderSarifReport(report) },
  html: {
    projectFile: "migration-review.html",
    batchFile: "batch-review.html",
    render: (report: MigrationReport, templates: Render, review: ReviewSources) => renderReviewPage(reviewData(report, review), templates),
  },
} as const;

export type ReportFormatId = keyof typeof REPORT_FORMATS;

const FORMAT_IDS = Object.keys(REPORT_FORMATS) as ReportFormatId[];

const filesOf = (key: "projectFile" | "batchFile") =>
  Object.fromEntries(FORMAT_IDS.map((id) => [id, REPORT_FORMATS[id][key]])) as { [K in ReportFormatId]: (typeof REPORT_FORMATS)[K][typeof key] };

/** A project's report files by format. */
export const REPORT_FILES = filesOf("projectFile");
/** A batch's combined report files by format, at the root of its output folder. */
export const BATCH_REPORT_FILES = filesOf("batchFile");

/** Every report of one project, in the registry's order. */
export function renderProjectReports(
  report: MigrationReport,
  templates: Render,
  review: ReviewSources,
  formats: readonly ReportFormatId[] = FORMAT_IDS,
): Artifact[] {
  return FORMAT_IDS.filter((id) => formats.includes(id)).map((id) => ({
    path: REPORT_FORMATS[id].projectFile,
    contents: REPORT_FORMATS[id].render(report, templates, review),
    kind: "report",
  }));
}

/** Every combined report of a batch, given a renderer per registered format. */
export function renderBatchReports(renderers: Record<ReportFormatId, () => string>): Artifact[] {
  return FORMAT_IDS.map((id) => ({ path: REPORT_FORMATS[id].batchFile, contents: renderers[id](), kind: "report" }));
}

/** Every format, the default set written. */
export const ALL_REPORT_FORMATS: readonly ReportFormatId[] = FORMAT_IDS;

/**
 * What a batch writes unless told: the review pages are asked for (report-formats with html), since
 * a repository of a thousand projects would get a thousand pages it may never open.
 */
export const BATCH_DEFAULT_REPORT_FORMATS: readonly ReportFormatId[] = FORMAT_IDS.filter((id) => id !== "html");

/** A list of format names as a flag or edge2bootc.toml gives it ("none" or [] for no report), or what is wrong with it. */
export function parseReportFormats(names: readonly string[]): { formats: ReportFormatId[] } | { problem: string } {
  const wanted = names.map((n) => n.trim()).filter((n) => n !== "" && n !== "none");
  const unknown = wanted.filter((n) => !(FORMAT_IDS as readonly string[]).includes(n));
  if (unknown.length > 0) return { problem: `${unknown.join(", ")}: expected report formats from ${FORMAT_IDS.join(", ")}, or none` };
  return { formats: FORMAT_IDS.filter((id) => wanted.includes(id)) };
}

/**
 * Splits a run's files into the generated tree and the reports it keeps apart: reports of the
 * formats not chosen are dropped, and with `apart` the chosen ones go to their own folder, so the
 * committed tree changes only where the image changes.
 */
export function placeReports(artifacts: readonly Artifact[], formats: readonly ReportFormatId[], apart: boolean): { tree: Artifact[]; reports: Artifact[] } {
  const chosen = new Set<string>(formats.flatMap((id) => [REPORT_FORMATS[id].projectFile, REPORT_FORMATS[id].batchFile]));
  const kept = artifacts.filter((a) => a.kind !== "report" || chosen.has(a.path));
  if (!apart) return { tree: kept, reports: [] };
  return { tree: kept.filter((a) => a.kind !== "report"), reports: kept.filter((a) => a.kind === "report") };
}
