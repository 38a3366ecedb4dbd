import type { Diagnostic } from "../errors.js";
import type { Finding, Severity, SourceRef } from "../plan/types.js";
import type { KickstartEntry, RawLine } from "./model.js";

/** Findings and errors collected while reading or converting a kickstart. */
export class KickstartFindings {
  readonly findings: Finding[] = [];
  readonly errors: Diagnostic[] = [];

  add(id: string, severity: Severity, at: SourceRef, title: string, detail: string, remediation?: string) {
    this.findings.push({ id, severity, source: at, title, detail, ...(remediation ? { remediation } : {}) });
  }

  error(at: SourceRef, message: string) {
    this.errors.push({ source: at, message });
  }
}

/** Where a line (or a column of it, 0-based offset) is, as a 1-based SourceRef. */
export function refOf(line: RawLine, offset = -1): SourceRef {
  const column = offset >= 0 ? offset + 1 : line.raw.search(/\S/) + 1 || 1;
  return { file: line.file, line: line.line, column };
}

/** The line that names an entry: a section's header, otherwise the entry itself. */
export const headLine = (e: KickstartEntry): RawLine => (e.kind === "section" ? e.header : e);

/** A stable key for a line across the expanded view and the per-file models. */
export const lineKey = (l: RawLine) => `${l.file}:${l.line}`;

export const where = (l: RawLine) => `${l.file}:${l.line}`;
