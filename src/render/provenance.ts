import { posix } from "node:path";
import type { SourceRef } from "../plan/types.js";

/**
 * How generated files name where their lines came from. "keys" (the default) names input files
 * relative to the project and key paths only, so an edit above a key does not change every
 * comment below it, and the same project converted from another folder gives the same bytes;
 * "lines" adds the line numbers (line and column always stay in the reports).
 */
export type ProvenanceMode = "keys" | "lines";

export interface ProvenanceStyle {
  mode: ProvenanceMode;
  /** The name a generated file uses for an input file. */
  label(file: string): string;
}

export const LINES_STYLE: ProvenanceStyle = { mode: "lines", label: (f) => f };

/** The folder all inputs share, in the coordinates their paths are written in. */
export function commonFolder(paths: string[]): string {
  const dirs = paths.map((p) => posix.dirname(p).split("/"));
  if (dirs.length === 0) return ".";
  const first = dirs[0]!;
  let n = 0;
  while (n < first.length && dirs.every((d) => d[n] === first[n])) n++;
  return first.slice(0, n).join("/") || (first[0] === "" ? "/" : ".");
}

/** Input files named relative to the project folder (the folder the inputs share, unless given). */
export function provenanceStyle(mode: ProvenanceMode, inputs: string[], projectRoot?: string): ProvenanceStyle {
  const root = projectRoot ?? commonFolder(inputs);
  return { mode, label: (file) => posix.relative(root, file) || posix.basename(file) };
}

/**
 * A short comment naming where an instruction came from. With "keys", list indices are left out
 * (customizations.user[2].key → customizations.user.key): an index moves when an entry is added
 * above it, and a comment that named packages[0] would become packages once a second package
 * came, so review diffs would show comments that changed for no reason of their own. With
 * "lines", indices are folded only where siblings share a step, and the lines they span follow.
 */
export function describeProvenance(refs: SourceRef[], style: ProvenanceStyle = LINES_STYLE): string {
  if (refs.length === 0) return "edge2bootc";
  const paths = [...new Set(refs.map((r) => r.keyPath ?? "").filter((k) => k !== ""))];
  const keys = style.mode === "keys" ? withoutIndices(paths) : foldSiblings(paths);
  const byFile = new Map<string, number[]>();
  for (const r of refs) {
    const lines = byFile.get(r.file);
    if (lines) lines.push(r.line);
    else byFile.set(r.file, [r.line]);
  }
  const places = [...byFile].map(([file, lines]) => {
    const name = style.label(file);
    if (style.mode === "keys") return name;
    const lo = lines.reduce((a, b) => Math.min(a, b));
    const hi = lines.reduce((a, b) => Math.max(a, b));
    return lo === hi ? `${name}:${lo}` : `${name}:${lo}-${hi}`;
  });
  const shown = keys.length > 4 ? [...keys.slice(0, 4), `${keys.length - 4} more`] : keys;
  return `${shown.join(", ")} (${places.join(", ")})`;
}

/** Key paths without list indices, and without a key whose table is named too (user.key under user). */
function withoutIndices(paths: string[]): string[] {
  const keys = [...new Set(paths.map((k) => k.replace(/\[\d+\]/g, "")))];
  return keys.filter((k) => !keys.some((other) => k.startsWith(`${other}.`)));
}

/** packages[0], packages[1] → packages; a lone packages[0] keeps its index. */
function foldSiblings(paths: string[]): string[] {
  const base = (k: string) => k.replace(/\[\d+\]$/, "");
  const siblings = new Map<string, number>();
  for (const p of paths) siblings.set(base(p), (siblings.get(base(p)) ?? 0) + 1);
  return [...new Set(paths.map((k) => (siblings.get(base(k))! > 1 ? base(k) : k)))];
}
