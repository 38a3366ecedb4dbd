import { ruleUrl } from "../core/rules.js";
import type { Render } from "../render/templates.js";
import type { MigrationReport } from "./model.js";

const SECTIONS = [
  ["unsupported", "Not converted: manual work needed"],
  ["warning", "Converted: review needed"],
  ["info", "Converted with a changed meaning"],
] as const;

export function renderMarkdownReport(report: MigrationReport, render: Render): string {
  const sections = SECTIONS.map(([severity, heading]) => ({
    heading,
    findings: report.findings
      .filter((f) => f.severity === severity)
      .map((f) => ({ ...f, location: `${f.source.file}:${f.source.line}:${f.source.column}`, ruleUrl: ruleUrl(f.id) })),
  })).filter((s) => s.findings.length > 0);
  // Built field by field: spreading thousands of differently shaped entries was a tenth of a batch's time.
  const coverage = report.coverage.map((c) => ({
    keyPath: c.keyPath,
    disposition: c.disposition,
    artifact: c.artifact ?? "",
    findings: (c.findingIds ?? []).join(", "),
  }));
  return render("migration-report.md", { report, sections, coverage });
}
