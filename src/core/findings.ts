/** The vocabulary every stage shares: where an input value came from and what was found about it. */
import { RULES, type RuleId, type Severity } from "./rules.js";

export type { RuleId, Severity } from "./rules.js";

/** Where an input value came from. Lines and columns are 1-based. */
export interface SourceRef {
  file: string;
  line: number;
  column: number;
  keyPath?: string;
  /** For a JSON input: the RFC 6901 pointer of the key the user wrote (keyPath is its blueprint name). */
  jsonPointer?: string;
}

export interface Finding {
  id: RuleId;
  /** Always the rule's severity (core/rules.ts). */
  severity: Severity;
  source: SourceRef;
  /** What the finding is about, of the rule's subject kind: tells findings of a rule apart, whatever their titles say. */
  subject: string;
  title: string;
  detail: string;
  remediation?: string;
  /** Set when the team accepted this finding: it stays in every report but fails no --fail-on gate. */
  accepted?: Acceptance;
}

/**
 * Why a finding is accepted, and by what: a comment above the line it names (inline), an
 * [[accept]] entry of edge2bootc.toml (config), or a baseline file (baseline); `at` is where.
 */
export interface Acceptance {
  by: "inline" | "config" | "baseline";
  reason: string;
  at: SourceRef;
}

/** What one occurrence of a rule adds: its title (one line, naming the subject), the detail, and a remediation where the rule's own does not fit. */
export interface FindingText {
  title: string;
  detail: string;
  remediation?: string;
}

/**
 * The one way a finding is made: severity and, unless the occurrence says better, the
 * remediation come from the catalogue, so a rule has one severity wherever it is raised.
 */
export function report(id: RuleId, source: SourceRef, subject: string, text: FindingText): Finding {
  if (!Object.hasOwn(RULES, id)) throw new Error(`edge2bootc: finding id ${id} is not in the rule catalogue (src/core/rules.ts)`);
  const rule = RULES[id];
  const remediation = text.remediation ?? ("remediation" in rule ? rule.remediation : undefined);
  // This key order is the JSON report's.
  return { id, severity: rule.severity, title: text.title, detail: text.detail, ...(remediation ? { remediation } : {}), source, subject };
}

/** converted: lives in the image; moved: lives in a deploy-time artifact; reported: only in the report. */
export type Disposition = "converted" | "moved" | "reported";

export interface CoverageEntry {
  keyPath: string;
  disposition: Disposition;
  artifact?: string;
  findingIds?: string[];
}
