import { holdsSecret } from "../util/redact.js";
import { createHash } from "node:crypto";
import type { CoverageEntry, Finding, Severity } from "../plan/types.js";
import type { Artifact } from "../render/artifacts.js";
import { redactSecrets } from "../util/redact.js";
import type { SourceRef } from "../core/findings.js";
import { findingsAbout, type OutputRegion } from "../render/line-map.js";
import { compareStrings } from "../util/compare.js";

export const SCHEMA_VERSION = "1.5.0";
export const TOOL = { name: "edge2bootc", version: "0.1.0", informationUri: "https://github.com/edge2bootc/edge2bootc" } as const;

/**
 * A file the report names. A file that holds a secret gets no digest: an unsalted SHA-256 of a
 * short secret (a token file, a pull secret) can be reversed by guessing, and the report is 0644.
 */
export type FileDigest = ({ path: string; kind: string; sha256: string } | { path: string; kind: string; private: true }) & { regions?: ReportRegion[] };

const digestOf = (path: string, kind: string, text: string, isPrivate: boolean): FileDigest =>
  isPrivate ? { path, kind, private: true } : { path, kind, sha256: sha256(text) };

/** An output region as the JSON report gives it (render/line-map.ts), with the rules of the findings about its sources. */
export interface ReportRegion {
  lines: [number, number];
  sources: SourceRef[];
  copyOf?: { file: string; line: number };
  reason?: string;
  findingIds?: string[];
}

export interface MigrationReport {
  schemaVersion: string;
  tool: { name: string; version: string };
  inputs: FileDigest[];
  outputs: FileDigest[];
  baseImage: string | null;
  /** Severity counts leave accepted findings out (they fail no --fail-on gate); `accepted` counts them. */
  summary: Record<Severity, number> & { accepted: number; keys: number; converted: number; moved: number; reported: number };
  nextSteps: string[];
  findings: Finding[];
  coverage: CoverageEntry[];
}

/** Reports are printed and committed: a finding's text never carries a secret from the input. */
function redactFinding(f: Finding): Finding {
  return {
    ...f,
    subject: redactSecrets(f.subject),
    title: redactSecrets(f.title),
    detail: redactSecrets(f.detail),
    ...(f.remediation !== undefined ? { remediation: redactSecrets(f.remediation) } : {}),
    ...(f.accepted !== undefined ? { accepted: { ...f.accepted, reason: redactSecrets(f.accepted.reason) } } : {}),
  };
}

/** Field by field, in the order the JSON report shows them (spreading thousands of entries was slow). */
function redactCoverage(c: CoverageEntry): CoverageEntry {
  const entry: CoverageEntry = { keyPath: redactSecrets(c.keyPath), disposition: c.disposition };
  if (c.artifact !== undefined) entry.artifact = c.artifact;
  if (c.findingIds !== undefined) entry.findingIds = c.findingIds;
  return entry;
}

const redactRef = (r: SourceRef): SourceRef => (r.keyPath !== undefined ? { ...r, keyPath: redactSecrets(r.keyPath) } : r);

function reportRegion(r: OutputRegion, about: (r: OutputRegion) => Finding[]): ReportRegion {
  const ids = [...new Set(about(r).map((f) => f.id))].sort(compareStrings);
  return {
    lines: [r.start, r.end],
    sources: r.sources.map(redactRef),
    ...(r.copyOf ? { copyOf: r.copyOf } : {}),
    ...(r.reason !== undefined ? { reason: redactSecrets(r.reason) } : {}),
    ...(ids.length > 0 ? { findingIds: ids } : {}),
  };
}

export const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

export interface ReportInput {
  /** FROM of the Containerfile; null when only kickstarts were converted. */
  baseImage: string | null;
  findings: Finding[];
  coverage: CoverageEntry[];
  inputs: { path: string; kind: string; text: string }[];
  artifacts: Artifact[];
  nextSteps: string[];
}

export function buildReport({ baseImage, findings, coverage, inputs, artifacts, nextSteps }: ReportInput): MigrationReport {
  const count = <T>(items: T[], pred: (t: T) => boolean) => items.filter(pred).length;
  const about = findingsAbout(findings);
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: TOOL.name, version: TOOL.version },
    inputs: inputs.map((i) => digestOf(i.path, i.kind, i.text, holdsSecret(i.text))),
    // convertProject marks every generated file that holds a secret private before the report is built.
    outputs: artifacts.map((a) => {
      const digest = digestOf(a.path, a.kind, a.contents, a.private === true);
      return a.regions ? { ...digest, regions: a.regions.map((r) => reportRegion(r, about)) } : digest;
    }),
    baseImage,
    summary: {
      info: count(findings, (f) => f.severity === "info" && !f.accepted),
      warning: count(findings, (f) => f.severity === "warning" && !f.accepted),
      unsupported: count(findings, (f) => f.severity === "unsupported" && !f.accepted),
      accepted: count(findings, (f) => f.accepted !== undefined),
      keys: coverage.length,
      converted: count(coverage, (c) => c.disposition === "converted"),
      moved: count(coverage, (c) => c.disposition === "moved"),
      reported: count(coverage, (c) => c.disposition === "reported"),
    },
    nextSteps: nextSteps.map(redactSecrets),
    findings: findings.map(redactFinding),
    coverage: coverage.map(redactCoverage),
  };
}
