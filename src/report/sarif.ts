import { fingerprintsOf } from "../core/fingerprint.js";
import type { Acceptance } from "../core/findings.js";
import type { Finding, Severity } from "../plan/types.js";
import { ruleUrl, RULES, type Rule } from "../core/rules.js";
import { TOOL, type MigrationReport } from "./model.js";

const LEVEL: Record<Severity, "note" | "warning" | "error"> = { info: "note", warning: "warning", unsupported: "error" };

/**
 * An accepted finding stays a result, marked suppressed (SARIF 2.1.0 §3.35): inSource for an
 * accept comment in the input, external for edge2bootc.toml or a baseline, with the reason as
 * its justification. GitHub code scanning shows such alerts as closed.
 */
function suppressionOf(a: Acceptance) {
  return {
    kind: a.by === "inline" ? "inSource" : "external",
    status: "accepted",
    justification: a.reason,
    location: {
      physicalLocation: { artifactLocation: { uri: a.at.file, uriBaseId: "%SRCROOT%" }, region: { startLine: a.at.line, startColumn: a.at.column } },
    },
  };
}

/** SARIF 2.1.0, so code-scanning UIs show findings on the blueprint's lines. */
export function renderSarifReport(report: MigrationReport): string {
  return renderSarifLog(report.findings);
}

/**
 * One SARIF run over findings whose paths are relative to the repository root (%SRCROOT%, the
 * base GitHub code scanning resolves against the checkout), as GitHub's SARIF support asks:
 * rules with short and full descriptions and help, 1-based regions, partial fingerprints.
 */
export function renderSarifLog(findings: Finding[]): string {
  const fingerprints = fingerprintsOf(findings);
  const ruleIds = [...new Set(findings.map((f) => f.id))].sort();
  const first = (id: string) => findings.find((f) => f.id === id)!;
  const rules = ruleIds.map((id) => {
    const f = first(id);
    const rule: Rule = RULES[id];
    const help = rule.remediation ?? f.remediation ?? f.detail;
    return {
      id,
      name: id.replace(/[.-](\w)/g, (_, c: string) => c.toUpperCase()),
      shortDescription: { text: rule.summary },
      fullDescription: { text: f.detail },
      helpUri: ruleUrl(id),
      help: { text: `${help} See ${ruleUrl(id)}`, markdown: `${help}\n\n[Rule ${id}](${ruleUrl(id)})` },
      defaultConfiguration: { level: LEVEL[rule.severity] },
      properties: { tags: ["edge2bootc", rule.severity] },
    };
  });
  const result = (f: Finding) => ({
    ruleId: f.id,
    ruleIndex: ruleIds.indexOf(f.id),
    level: LEVEL[f.severity],
    message: { text: f.remediation ? `${f.title}. ${f.remediation}` : f.title },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: f.source.file, uriBaseId: "%SRCROOT%" },
          region: { startLine: f.source.line, startColumn: f.source.column },
        },
        ...(f.source.jsonPointer !== undefined ? { logicalLocations: [{ fullyQualifiedName: f.source.jsonPointer, kind: "member" }] } : {}),
      },
    ],
    partialFingerprints: { "edge2bootc/v1": fingerprints.get(f)! },
    ...(f.accepted ? { suppressions: [suppressionOf(f.accepted)] } : {}),
  });
  const sarif = {
    $schema: "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: TOOL.name, version: TOOL.version, semanticVersion: TOOL.version, informationUri: TOOL.informationUri, rules } },
        originalUriBaseIds: { "%SRCROOT%": { description: { text: "The folder input paths are relative to (the repository root in a batch)" } } },
        results: findings.map(result),
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
