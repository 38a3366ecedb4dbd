import { report, type Finding, type SourceRef } from "../core/findings.js";
import { isRuleId, RULES, type RuleId } from "../core/rules.js";
import { didYouMean } from "../util/suggest.js";

/**
 * An accept comment, like hadolint's `# hadolint ignore=` and shellcheck's `# shellcheck disable=`:
 * `# edge2bootc: accept <rule>[, <rule>…] -- <reason>` on a line of its own in a blueprint or a
 * kickstart accepts those rules' findings on the next line that is not blank or a comment.
 */
const ACCEPT_COMMENT = /^\s*#\s*edge2bootc:\s*accept\b(.*)$/;

export interface InlineAcceptance {
  /** The comment itself. */
  at: SourceRef;
  /** The line whose findings it accepts, or undefined when nothing follows it. */
  line: number | undefined;
  rules: RuleId[];
  reason: string;
}

export interface InlineScan {
  acceptances: InlineAcceptance[];
  /** accept.no-reason and accept.unknown-rule, at the comment. */
  findings: Finding[];
}

const isContent = (line: string) => line.trim() !== "" && !line.trimStart().startsWith("#");

/** The accept comments of one input file. Pure: the file's text is all it reads. */
export function scanAcceptComments(file: { path: string; text: string }): InlineScan {
  const acceptances: InlineAcceptance[] = [];
  const findings: Finding[] = [];
  // Cheap test first: most files hold no accept comment at all.
  if (!file.text.includes("edge2bootc:")) return { acceptances, findings };
  const lines = file.text.split(/\r?\n/);
  lines.forEach((text, i) => {
    const m = ACCEPT_COMMENT.exec(text);
    if (!m) return;
    const at: SourceRef = { file: file.path, line: i + 1, column: text.indexOf("#") + 1 };
    const dashes = m[1]!.indexOf("--");
    const names = (dashes >= 0 ? m[1]!.slice(0, dashes) : m[1]!).split(/[\s,]+/).filter(Boolean);
    const reason = dashes >= 0 ? m[1]!.slice(dashes + 2).trim() : "";
    const rules: RuleId[] = [];
    for (const name of names) {
      if (isRuleId(name)) rules.push(name);
      else {
        const guess = didYouMean(name, Object.keys(RULES));
        findings.push(
          report("accept.unknown-rule", at, file.path, {
            title: `Accept comment names ${JSON.stringify(name)}, which is not a rule${guess ? `; did you mean ${guess}?` : ""}`,
            detail: "Findings are accepted by rule id; a name that is not one accepts nothing.",
          }),
        );
      }
    }
    if (reason === "") {
      findings.push(
        report("accept.no-reason", at, file.path, {
          title: `Accept comment for ${names.join(", ") || "no rule"} gives no reason`,
          detail: "An accepted finding carries its reason into every report, so reviewers see why it is fine; without one nothing is accepted.",
        }),
      );
      return;
    }
    if (rules.length === 0) return;
    const next = lines.findIndex((l, j) => j > i && isContent(l));
    acceptances.push({ at, line: next >= 0 ? next + 1 : undefined, rules, reason });
  });
  return { acceptances, findings };
}
