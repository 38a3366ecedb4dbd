import type { SourceRef } from "./plan/types.js";
import { redactSecrets } from "./util/redact.js";

export interface Diagnostic {
  source: SourceRef;
  message: string;
}

/** Bad input: the CLI prints each diagnostic as file:line:col with a code frame and exits 2. */
export class InputError extends Error {
  constructor(
    readonly diagnostics: Diagnostic[],
    readonly text?: string,
    /** The text of every file a diagnostic may point into, for code frames. */
    readonly sources?: Readonly<Record<string, string>>,
  ) {
    super(diagnostics.map((d) => `${formatRef(d.source)}: ${d.message}`).join("\n"));
    this.name = "InputError";
  }
}

export function formatRef(ref: SourceRef): string {
  return `${ref.file}:${ref.line}:${ref.column}`;
}

const SECRET_LINE = /^(\s*"?[\w.-]*(password|passwd|key|secret|token|auth|data|contents|pem)[\w.-]*"?\s*[=:]\s*)(.*)$/i;

/**
 * Secrets must not reach logs, and a code frame around a bad password line would print it.
 * Masks the value of secret-looking assignments, keeping its length so the caret still lines up.
 */
export function redactLine(line: string): string {
  const m = SECRET_LINE.exec(line);
  return m ? `${m[1]}${m[3]!.replace(/[^"'\s,\[\]{}]/g, "*")}` : redactSecrets(line);
}

/** Two lines of context and a caret under the column, like compilers print. */
export function codeFrame(text: string, line: number, column: number): string {
  const lines = text.split("\n");
  const first = Math.max(1, line - 2);
  const last = Math.min(lines.length, line + 1);
  const width = String(last).length;
  const out: string[] = [];
  for (let n = first; n <= last; n++) {
    const marker = n === line ? ">" : " ";
    out.push(`${marker} ${String(n).padStart(width)} | ${redactLine((lines[n - 1] ?? "").replace(/\r$/, ""))}`);
    if (n === line) out.push(`  ${" ".repeat(width)} | ${" ".repeat(Math.max(0, column - 1))}^`);
  }
  return out.join("\n");
}
