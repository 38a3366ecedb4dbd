import type { Diagnostic } from "../core/errors.js";
import { report, type Finding, type FindingText, type RuleId, type SourceRef } from "../core/findings.js";
import type { KickstartEntry, RawLine } from "./model.js";
import { parseArgs, type CommandSpec, type ParsedArgs } from "./options.js";
import type { Token } from "./shlex.js";

/** Findings and errors collected while reading or converting a kickstart. */
export class KickstartFindings {
  readonly findings: Finding[] = [];
  readonly errors: Diagnostic[] = [];

  /** A finding about a kickstart line, whose command or section name is its subject. */
  add(id: RuleId, at: LineRef, text: FindingText) {
    const { subject, ...source } = at;
    this.findings.push(report(id, source, subject, text));
  }

  error(at: SourceRef | LineRef, message: string) {
    const { file, line, column } = at;
    this.errors.push({ source: { file, line, column, ...(at.keyPath !== undefined ? { keyPath: at.keyPath } : {}) }, message });
  }
}

/** Where a kickstart line is, and the name of the command or section on it (the subject of its findings). */
export type LineRef = SourceRef & { subject: string };

/** Where a line (or a column of it, 0-based offset) is, as a 1-based SourceRef. */
export function refOf(line: RawLine, offset = -1): LineRef {
  const column = offset >= 0 ? offset + 1 : line.raw.search(/\S/) + 1 || 1;
  return { file: line.file, line: line.line, column, subject: shownName(line.raw.trim().split(/\s+/)[0] ?? "") };
}

/** The line that names an entry: a section's header, otherwise the entry itself. */
export const headLine = (e: KickstartEntry): RawLine => (e.kind === "section" ? e.header : e);

/** file:line of a line: shown in messages, and the key that ties the expanded view to the per-file models. */
export const where = (l: RawLine) => `${l.file}:${l.line}`;

/**
 * Parses a command's or section header's options; abbreviations become warnings, and the caller
 * decides what an invalid option is (an error for the payload, a finding for a section header).
 */
export function parseReported(
  line: RawLine & { args: Token[] },
  spec: CommandSpec,
  out: KickstartFindings,
  invalid: (at: LineRef, message: string) => void,
): ParsedArgs {
  const name = line.args[0]!.value;
  const parsed = parseArgs(line.args.slice(1), spec);
  for (const p of parsed.problems) {
    const at = refOf(line, p.offset === 0 ? -1 : p.offset);
    if (p.severity === "error") invalid(at, `${name}: ${p.message}`);
    else
      out.add("kickstart.option-abbreviated", at, {
        title: `${name}: ${p.message}`,
        detail: "The installer accepts unambiguous prefixes of option names (argparse), but they break as soon as a new option shares the prefix.",
      });
  }
  return parsed;
}

/**
 * A line that is not a command may be the wrapped tail of one (`  --password=…`) or any other
 * text: only a word that looks like a command name is echoed into reports and key paths.
 */
export function shownName(name: string): string {
  // A template line's first word is a whole placeholder ({# note #}); its opener names it.
  if (/^\{[{%#]/.test(name)) return name.slice(0, 2);
  return /^[A-Za-z%][\w-]{0,39}$|^[{$][{%#]?$/.test(name) ? name : "(a word that is not a command name; not shown)";
}

/** " from line N" in marker comments, only with --provenance lines (line numbers churn on every edit above). */
export const fromLine = (opts: { lineNumbers?: boolean }, line: number) => (opts.lineNumbers ? ` from line ${line}` : "");
