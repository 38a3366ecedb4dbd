import { diffArrays } from "diff";
import type { SourceRef } from "../core/findings.js";
import { selfAndAncestors } from "../blueprint/key-index.js";

/**
 * Lines `start`..`end` (1-based, inclusive) of a generated file and the input they came from:
 * the keys or kickstart lines in `sources`, or, for lines edge2bootc added on its own, `reason`.
 * The review page links both ways through these; the JSON report carries them as
 * `outputs[].regions` for other tools.
 */
export interface OutputRegion {
  start: number;
  end: number;
  sources: SourceRef[];
  reason?: string;
  /** The lines are a copy, line for line, of the input's lines from this one on. */
  copyOf?: { file: string; line: number };
}

/** What a marker stands for: a region's sources, or its reason when it has none. */
export type RegionOrigin = { sources: SourceRef[]; reason?: string };

/** Where lines came from: their inputs, or, when none, why edge2bootc wrote them. */
export const originOf = (sources: SourceRef[], reason = "edge2bootc"): RegionOrigin => (sources.length > 0 ? { sources } : { sources, reason });

// A NUL never survives into a file we write on purpose: when an input smuggled one in, the count
// check below fails and the file is rendered again without markers (and without a map).
const MARKER = /\u0000(\d+)\u0000/g;

/** The marker a template puts at the start of the first line of region `id`. */
export const regionMarker = (id: number) => `\u0000${id}\u0000`;

/**
 * Splits a text rendered with region markers into the text and its regions. A region runs from
 * its marker's line to the line before the next marker, without the blank lines that separate
 * them. Undefined when the markers are not exactly those expected (the caller renders again).
 */
export function regionsFromMarkers(marked: string, origins: readonly RegionOrigin[]): { text: string; regions: OutputRegion[] } | undefined {
  const lines = marked.split("\n");
  const starts: { line: number; id: number }[] = [];
  const seen = new Set<number>();
  const text = lines
    .map((line, i) =>
      line.replace(MARKER, (_m, id: string) => {
        starts.push({ line: i + 1, id: Number(id) });
        seen.add(Number(id));
        return "";
      }),
    )
    .join("\n");
  if (text.includes("\u0000") || starts.length !== origins.length || seen.size !== origins.length || [...seen].some((id) => id >= origins.length))
    return undefined;
  const out = text.split("\n");
  const regions = starts.map(({ line, id }, n) => {
    let end = n + 1 < starts.length ? starts[n + 1]!.line - 1 : lastLine(out);
    while (end > line && out[end - 1]!.trim() === "") end--;
    return { start: line, end, ...origins[id]! };
  });
  return { text, regions };
}

/** The number of the last line that has text (a final line break adds no line). */
export const lastLine = (lines: readonly string[]) => {
  let n = lines.length;
  while (n > 1 && lines[n - 1] === "") n--;
  return n;
};

/** One region over a whole file. */
export function wholeFile(contents: string, origin: RegionOrigin): OutputRegion[] {
  return [{ start: 1, end: lastLine(contents.split("\n")), ...origin }];
}

const MAX_ALIGNMENT_EDITS = 2000;

/**
 * A converted kickstart against the file it came from: a run of lines kept is a copy of its input run,
 * a rewritten run of lines to the run it replaced, and lines with no input counterpart (what
 * edge2bootc added) to `added`.
 */
export function alignedRegions(input: { file: string; text: string }, output: string, added: RegionOrigin): OutputRegion[] {
  const inLines = input.text.split("\n");
  const outLines = output.split("\n");
  const at = (line: number): SourceRef => ({ file: input.file, line, column: 1 });
  const regions: OutputRegion[] = [];
  let inLine = 1;
  let outLine = 1;
  // Bounded, so a kickstart rewritten beyond recognition costs no more than a whole-file region.
  const parts = diffArrays(inLines, outLines, { maxEditLength: MAX_ALIGNMENT_EDITS });
  if (parts === undefined) return wholeFile(output, { sources: [at(1)] });
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const n = part.value.length;
    if (!part.added && !part.removed) {
      regions.push({ start: outLine, end: outLine + n - 1, sources: [], copyOf: { file: input.file, line: inLine } });
      inLine += n;
      outLine += n;
    } else if (part.removed) {
      const next = parts[i + 1];
      const replaced = Array.from({ length: n }, (_, k) => at(inLine + k));
      inLine += n;
      if (next?.added) {
        regions.push({ start: outLine, end: outLine + next.value.length - 1, sources: replaced });
        outLine += next.value.length;
        i++;
      }
    } else {
      regions.push({ start: outLine, end: outLine + n - 1, ...added });
      outLine += n;
    }
  }
  const last = lastLine(outLines);
  return regions.filter((r) => r.start <= last).map((r) => ({ ...r, end: Math.min(r.end, last) }));
}

/**
 * Regions of a file of one entry per line under comment lines (sysusers.d, tmpfiles.d): the
 * n-th line that is not a comment or blank came from the n-th entry.
 */
export function entryRegions(contents: string, entries: readonly RegionOrigin[]): OutputRegion[] {
  const regions: OutputRegion[] = [];
  contents.split("\n").forEach((line, i) => {
    if (line.trim() === "" || line.startsWith("#")) return;
    const origin = entries[regions.length];
    if (origin) regions.push({ start: i + 1, end: i + 1, ...origin });
  });
  return regions;
}

/**
 * The findings about each region, looked up rather than compared pair by pair: by key path
 * (the key, its parents, and through a sorted list its children), by file and line, and for a
 * copied run by file and line range: a key is about its parents and its children, not about a
 * sibling with a longer name (a.b is not about a.bc); a source without a key path, about its line.
 */
export function findingsAbout<F extends { source: SourceRef }>(findings: readonly F[]): (region: OutputRegion) => F[] {
  const byKey = new Map<string, F[]>();
  const byLine = new Map<string, F[]>();
  const byFile = new Map<string, F[]>();
  const push = <K>(map: Map<K, F[]>, key: K, f: F) => (map.get(key) ?? map.set(key, []).get(key)!).push(f);
  for (const f of findings) {
    if (f.source.keyPath !== undefined) push(byKey, f.source.keyPath, f);
    push(byLine, `${f.source.file}:${f.source.line}`, f);
    push(byFile, f.source.file, f);
  }
  const keys = [...byKey.keys()].sort();
  const childrenOf = (keyPath: string): F[] => {
    const out: F[] = [];
    for (const sep of [".", "["]) {
      const prefix = keyPath + sep;
      let lo = 0;
      let hi = keys.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (keys[mid]! < prefix) lo = mid + 1;
        else hi = mid;
      }
      for (let i = lo; i < keys.length && keys[i]!.startsWith(prefix); i++) out.push(...byKey.get(keys[i]!)!);
    }
    return out;
  };
  return (region) => {
    const found = new Set<F>();
    if (region.copyOf) {
      const last = region.copyOf.line + (region.end - region.start);
      for (const f of byFile.get(region.copyOf.file) ?? []) if (f.source.line >= region.copyOf.line && f.source.line <= last) found.add(f);
    }
    for (const s of region.sources) {
      if (s.keyPath === undefined) {
        for (const f of byLine.get(`${s.file}:${s.line}`) ?? []) found.add(f);
        continue;
      }
      for (const k of selfAndAncestors(s.keyPath)) for (const f of byKey.get(k) ?? []) found.add(f);
      for (const f of childrenOf(s.keyPath)) found.add(f);
      // A finding without a key path is about the line it names.
      for (const f of byLine.get(`${s.file}:${s.line}`) ?? []) if (f.source.keyPath === undefined) found.add(f);
    }
    return [...found];
  };
}
