import { fingerprintsOf } from "../core/fingerprint.js";
import { report, type Acceptance, type Finding, type SourceRef } from "../core/findings.js";
import type { RuleId } from "../core/rules.js";
import { matchesGlob } from "../util/glob.js";
import { scanAcceptComments, type InlineAcceptance } from "./inline.js";

/** An [[accept]] entry of edge2bootc.toml: a rule accepted for some input paths (globs) or all. */
export interface ConfigAcceptance {
  rule: RuleId;
  reason: string;
  paths?: string[];
  at: SourceRef;
}

/** Findings a team recorded with --write-baseline, by fingerprint (core/fingerprint.ts). */
export interface Baseline {
  file: string;
  fingerprints: readonly string[];
}

export interface AcceptPolicy {
  config?: readonly ConfigAcceptance[];
  baseline?: Baseline;
}

export interface AcceptResult {
  /** The findings given, in their order, with `accepted` set on the ones accepted. */
  findings: Finding[];
  /** What the accept comments themselves raise: no reason, unknown rule, matched nothing. */
  raised: Finding[];
}

/**
 * Marks accepted findings. An accept comment above the finding's line wins, then edge2bootc.toml,
 * then the baseline; accepted findings stay in every report (with the reason) and only stop
 * counting for --fail-on. `findings` must be in report order: baseline fingerprints number
 * repeated subjects in that order.
 */
export function acceptFindings(findings: readonly Finding[], inputs: readonly { path: string; text: string }[], policy: AcceptPolicy): AcceptResult {
  const scans = inputs.map(scanAcceptComments);
  const inline = scans.flatMap((s) => s.acceptances);
  const used = new Set<InlineAcceptance>();
  const fingerprints = policy.baseline ? fingerprintsOf(findings) : undefined;
  const baseline = new Set(policy.baseline?.fingerprints ?? []);

  const acceptanceOf = (f: Finding): Acceptance | undefined => {
    const comment = inline.find((a) => a.at.file === f.source.file && a.line === f.source.line && a.rules.includes(f.id));
    if (comment) {
      used.add(comment);
      return { by: "inline", reason: comment.reason, at: comment.at };
    }
    const entry = policy.config?.find((c) => c.rule === f.id && (c.paths === undefined || c.paths.some((g) => matchesGlob(f.source.file, g))));
    if (entry) return { by: "config", reason: entry.reason, at: entry.at };
    if (policy.baseline && baseline.has(fingerprints!.get(f)!))
      return { by: "baseline", reason: `recorded in the baseline ${policy.baseline.file}`, at: { file: policy.baseline.file, line: 1, column: 1 } };
    return undefined;
  };

  const marked = findings.map((f) => {
    const accepted = f.accepted ?? acceptanceOf(f);
    return accepted ? { ...f, accepted } : f;
  });
  const unused = inline
    .filter((a) => !used.has(a))
    .map((a) =>
      report("accept.unused", a.at, a.at.file, {
        title: `Accept comment for ${a.rules.join(", ")} matched no finding`,
        detail:
          a.line === undefined
            ? "No line follows the comment, so it accepts nothing."
            : `No finding of ${a.rules.length > 1 ? "these rules" : "this rule"} names line ${a.line}; the finding it was written for may be gone.`,
      }),
    );
  return { findings: marked, raised: [...scans.flatMap((s) => s.findings), ...unused] };
}
