import { ruleUrl } from "../core/rules.js";
import type { Render } from "../render/templates.js";
import type { Finding, SourceRef } from "../core/findings.js";
import type { MigrationReport } from "./model.js";

const SECTIONS: [heading: string, holds: (f: Finding) => boolean][] = [
  ["Not converted: manual work needed", (f) => f.severity === "unsupported" && !f.accepted],
  ["Converted: review needed", (f) => f.severity === "warning" && !f.accepted],
  ["Converted with a changed meaning", (f) => f.severity === "info" && !f.accepted],
  ["Accepted by the team", (f) => f.accepted !== undefined],
];

const where = (s: SourceRef) => `${s.file}:${s.line}:${s.column}`;

/** The pointer a key path would have if nothing were renamed: `customizations.user[0]` → `/customizations/user/0`. */
const pointerOf = (keyPath: string) => (keyPath.startsWith("/") ? keyPath : `/${keyPath.replace(/\[(\d+)\]/g, ".$1").replace(/\./g, "/")}`);

/** For a JSON input, the key as written when its blueprint name differs (users[0].ssh_key for user[0].key). */
const writtenAs = (s: SourceRef) =>
  s.jsonPointer !== undefined && s.keyPath !== undefined && s.jsonPointer !== pointerOf(s.keyPath) ? { writtenAs: s.jsonPointer } : {};
const ACCEPTED_BY = { inline: "a comment at", config: "edge2bootc.toml at", baseline: "the baseline" } as const;

export function renderMarkdownReport(report: MigrationReport, render: Render): string {
  const sections = SECTIONS.map(([heading, holds]) => ({
    heading,
    findings: report.findings.filter(holds).map((f) => ({
      ...f,
      location: where(f.source),
      ...writtenAs(f.source),
      ruleUrl: ruleUrl(f.id),
      ...(f.accepted
        ? {
            acceptance: `${f.accepted.reason} (${f.severity}; ${ACCEPTED_BY[f.accepted.by]}${f.accepted.by === "baseline" ? ` ${f.accepted.at.file}` : ` ${where(f.accepted.at)}`})`,
          }
        : {}),
    })),
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
