import type { SourceRef } from "../plan/types.js";

/**
 * A short comment naming where an instruction came from: key paths with list indices folded
 * (packages[0], packages[1] → packages) and the lines they span in each file.
 */
export function describeProvenance(refs: SourceRef[]): string {
  if (refs.length === 0) return "edge2bootc";
  const paths = [...new Set(refs.map((r) => r.keyPath ?? "").filter((k) => k !== ""))];
  const base = (k: string) => k.replace(/\[\d+\]$/, "");
  const siblings = new Map<string, number>();
  for (const p of paths) siblings.set(base(p), (siblings.get(base(p)) ?? 0) + 1);
  const keys = [...new Set(paths.map((k) => (siblings.get(base(k))! > 1 ? base(k) : k)))];
  const byFile = new Map<string, number[]>();
  for (const r of refs) byFile.set(r.file, [...(byFile.get(r.file) ?? []), r.line]);
  const places = [...byFile].map(([file, lines]) => {
    const lo = lines.reduce((a, b) => Math.min(a, b));
    const hi = lines.reduce((a, b) => Math.max(a, b));
    return lo === hi ? `${file}:${lo}` : `${file}:${lo}-${hi}`;
  });
  const shown = keys.length > 4 ? [...keys.slice(0, 4), `${keys.length - 4} more`] : keys;
  return `${shown.join(", ")} (${places.join(", ")})`;
}
