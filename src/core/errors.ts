import type { SourceRef } from "./findings.js";
import { maskedLines } from "../util/redact.js";

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

  /** The text of each file the diagnostics point into (`text` belongs to the files without one in `sources`). */
  sourceTexts(): Record<string, string> {
    const out: Record<string, string> = { ...(this.sources ?? {}) };
    if (this.text !== undefined) for (const d of this.diagnostics) out[d.source.file] ??= this.text;
    return out;
  }

  /** Several files' errors as one, each keeping the text its code frames need. */
  static merge(errors: InputError[]): InputError {
    if (errors.length === 1) return errors[0]!;
    return new InputError(
      errors.flatMap((e) => e.diagnostics),
      undefined,
      Object.assign({}, ...errors.map((e) => e.sourceTexts())),
    );
  }
}

export function formatRef(ref: SourceRef): string {
  return `${ref.file}:${ref.line}:${ref.column}`;
}

/** One line as a code frame shows it: secret values masked, keeping its length so the caret lines up. */
export function redactLine(line: string): string {
  return maskedLines(line)[0]!;
}

const FRAME_WIDTH = 120;

/** Two lines of context and a caret under the column, like compilers print. */
export function codeFrame(text: string, line: number, column: number): string {
  const lines = maskedLines(text);
  const first = Math.max(1, line - 2);
  const last = Math.min(lines.length, line + 1);
  const width = String(last).length;
  // Very long lines (minified or generated input) are shown as a window around the column.
  const start = Math.max(0, column - 1 - FRAME_WIDTH / 2);
  const clip = (text: string) => {
    if (text.length <= FRAME_WIDTH) return text;
    const shown = text.slice(start, start + FRAME_WIDTH);
    return `${start > 0 ? "…" : ""}${shown}${start + FRAME_WIDTH < text.length ? "…" : ""}`;
  };
  const caret = (lines[line - 1] ?? "").length > FRAME_WIDTH ? column - 1 - start + (start > 0 ? 1 : 0) : column - 1;
  const out: string[] = [];
  for (let n = first; n <= last; n++) {
    const marker = n === line ? ">" : " ";
    out.push(`${marker} ${String(n).padStart(width)} | ${clip(lines[n - 1] ?? "")}`);
    if (n === line) out.push(`  ${" ".repeat(width)} | ${" ".repeat(Math.max(0, caret))}^`);
  }
  return out.join("\n");
}
