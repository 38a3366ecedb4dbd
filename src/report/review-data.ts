import type { SourceRef } from "../core/findings.js";
import type { Artifact } from "../render/artifacts.js";
import { ruleUrl } from "../core/rules.js";
import { maskedLines, redactedLines, REDACTED, redactSecrets } from "../util/redact.js";
import type { MigrationReport, ReportRegion } from "./model.js";

/** What the review page shows besides the report: the inputs' text, the files written, where each key is. */
export interface ReviewSources {
  inputs: { path: string; kind: string; text: string }[];
  artifacts: Artifact[];
  /** Where a blueprint key was written (kickstart keys carry their line in the key path). */
  locate?: (keyPath: string) => SourceRef;
  /** Files private as a whole (a 0600 file of the blueprint, registry credentials): the page shows none of their lines. */
  hidden?: ReadonlySet<string>;
  /** For --check/--diff: each generated file that differs from the one on disk, as a unified diff. */
  changes?: { path: string; diff: string }[];
}

export interface ReviewKey {
  keyPath: string;
  file: string;
  line: number;
  disposition: string;
  artifact?: string;
  findingIds?: string[];
}

/** The one JSON object the page embeds; everything in it is redacted text. */
export interface ReviewData {
  title: string;
  tool: string;
  baseImage: string | null;
  summary: MigrationReport["summary"];
  failOn: { level: string; fails: boolean; count: number }[];
  inputs: { path: string; kind: string; lines: string[] }[];
  outputs: { path: string; kind: string; private: boolean; lines: string[] | null; regions: ReportRegion[] }[];
  keys: ReviewKey[];
  /** Each finding with its index (the page's #f=<n> links) and where its rule is documented. */
  findings: (MigrationReport["findings"][number] & { n: number; ruleUrl: string })[];
  coverage: MigrationReport["coverage"];
  nextSteps: string[];
  changes: { path: string; lines: string[] }[] | null;
}

/** Key material, public keys included: the reports never carry it, so neither does the page. */
const SSH_KEY = /\b(ssh-(?:rsa|dss|ed25519)|ecdsa-sha2-nistp\d+|sk-[\w@.-]+)([ \t]+)[A-Za-z0-9+/]{16,}={0,3}/g;
const withoutKeys = (line: string) => line.replace(SSH_KEY, `$1$2${REDACTED}`);

/** A generated file's lines: every secret the redaction layer knows masked, line for line. */
const outputLines = (text: string) => redactedLines(text).map(withoutKeys);

/** An input's lines as code frames show them (values of credential, data and contents keys masked), key material too. */
const inputLines = (text: string) => maskedLines(text).map(withoutKeys);

/** The page's changes section: each unified diff line by line, masked like the files it compares. */
export const changeSections = (changes: readonly { path: string; diff: string }[]) =>
  changes.map((c) => ({ path: c.path, lines: outputLines(c.diff.replace(/\n$/, "")) }));

const KICKSTART_KEY = /^kickstart:(.*):(\d+):[^:]*$/;

/** Where each covered key was written: the blueprint's locate(), or the kickstart line its key path names. */
function keysOf(report: MigrationReport, locate: ReviewSources["locate"]): ReviewKey[] {
  const keys: ReviewKey[] = [];
  for (const c of report.coverage) {
    const ks = KICKSTART_KEY.exec(c.keyPath);
    const at = ks ? { file: ks[1]!, line: Number(ks[2]) } : locate?.(c.keyPath);
    if (!at) continue;
    keys.push({
      keyPath: c.keyPath,
      file: at.file,
      line: at.line,
      disposition: c.disposition,
      ...(c.artifact !== undefined ? { artifact: c.artifact } : {}),
      ...(c.findingIds ? { findingIds: c.findingIds } : {}),
    });
  }
  return keys;
}

/**
 * The page's data from the report (already redacted) and the texts, each line masked as
 * redactedLines masks it; a file with registry credentials shows no line at all, as in diffs.
 */
export function reviewData(report: MigrationReport, sources: ReviewSources): ReviewData {
  const contents = new Map(sources.artifacts.map((a) => [a.path, a]));
  // The summary's counts leave accepted findings out, as --fail-on does.
  const { warning, unsupported } = report.summary;
  return {
    title: redactSecrets(sources.inputs.map((i) => i.path.split("/").at(-1)).join(", ")),
    tool: `${report.tool.name} ${report.tool.version}`,
    baseImage: report.baseImage,
    summary: report.summary,
    failOn: [
      { level: "warning", count: warning + unsupported, fails: warning + unsupported > 0 },
      { level: "unsupported", count: unsupported, fails: unsupported > 0 },
    ],
    inputs: sources.inputs.map((i) => ({ path: i.path, kind: i.kind, lines: inputLines(i.text) })),
    outputs: report.outputs
      .filter((o) => o.kind !== "report")
      .map((o) => {
        const a = contents.get(o.path);
        return {
          path: o.path,
          kind: o.kind,
          private: "private" in o,
          lines: a === undefined || a.sensitive || sources.hidden?.has(a.path) ? null : outputLines(a.contents.replace(/\n$/, "")),
          regions: o.regions ?? [],
        };
      }),
    keys: keysOf(report, sources.locate),
    findings: report.findings.map((f, n) => ({ ...f, n, ruleUrl: ruleUrl(f.id) })),
    coverage: report.coverage,
    nextSteps: report.nextSteps,
    changes: sources.changes ? changeSections(sources.changes) : null,
  };
}
