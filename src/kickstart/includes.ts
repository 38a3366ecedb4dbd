import { posix } from "node:path";
import type { Kickstart, KickstartEntry, RawLine } from "./model.js";
import { parseKickstart } from "./parse.js";

/** Reads an include target; undefined when it is not available. Injected so that parsing stays free of I/O. */
export type IncludeLoader = (path: string) => string | undefined;

export interface UnresolvedInclude {
  line: RawLine;
  target: string;
  reason: "generated-at-install" | "remote" | "missing" | "cycle";
}

export interface ExpandedKickstart {
  /** Entries with every resolvable %include/%ksappend replaced by what it brings in. */
  entries: KickstartEntry[];
  unresolved: UnresolvedInclude[];
  /** Files that were read, in order. */
  included: string[];
  /**
   * What each read file is: a kickstart (included among commands, parsed) or a script fragment
   * (included inside a section body, kept as text).
   */
  files: Map<string, { kind: "kickstart"; kickstart: Kickstart; text: string } | { kind: "fragment"; text: string }>;
}

const INCLUDE_LINE = /^\s*%(include|ksappend)\s+(\S+)/;

/**
 * Where an include target is looked up: relative paths against the including file's folder (as
 * pykickstart does); absolute paths against the kickstart's own folder, because projects keep the
 * files that the installer finds at /x.cfg next to the kickstart. /tmp and /run paths are written
 * by %pre at install time and URLs are fetched then, so neither can be resolved here.
 */
export function includePath(target: string, fromFile: string, rootDir: string): string | UnresolvedInclude["reason"] {
  if (/^[a-z]+:\/\//i.test(target)) return "remote";
  if (/^\/(tmp|run)\//.test(target)) return "generated-at-install";
  if (target.startsWith("/")) return posix.join(rootDir, target);
  return posix.join(posix.dirname(fromFile), target);
}

export function expandIncludes(ks: Kickstart, load: IncludeLoader): ExpandedKickstart {
  const unresolved: UnresolvedInclude[] = [];
  const included: string[] = [];
  const files: ExpandedKickstart["files"] = new Map();
  const rootDir = posix.dirname(ks.file);

  const resolve = (line: RawLine, target: string, stack: string[]): { file: string; text: string } | undefined => {
    const path = includePath(target, line.file, rootDir);
    if (path === "remote" || path === "generated-at-install") {
      unresolved.push({ line, target, reason: path });
      return undefined;
    }
    if (stack.includes(path)) {
      unresolved.push({ line, target, reason: "cycle" });
      return undefined;
    }
    const text = load(path);
    if (text === undefined) {
      unresolved.push({ line, target, reason: "missing" });
      return undefined;
    }
    included.push(path);
    return { file: path, text };
  };

  const expandBody = (body: RawLine[], stack: string[]): RawLine[] =>
    body.flatMap((line) => {
      const m = INCLUDE_LINE.exec(line.raw);
      if (!m) return [line];
      const hit = resolve(line, m[2]!, stack);
      if (!hit) return [line];
      files.set(hit.file, { kind: "fragment", text: hit.text });
      const lines = hit.text.replace(/\n$/, "").split("\n").map((raw, i) => ({ raw, line: i + 1, file: hit.file }));
      return expandBody(lines, [...stack, hit.file]);
    });

  const expand = (entries: KickstartEntry[], stack: string[]): KickstartEntry[] =>
    entries.flatMap((entry): KickstartEntry[] => {
      if (entry.kind === "section") return [{ ...entry, body: expandBody(entry.body, stack) }];
      if (entry.kind !== "include") return [entry];
      const hit = resolve(entry, entry.target, stack);
      if (!hit) return [entry];
      const kickstart = parseKickstart(hit.text, hit.file);
      files.set(hit.file, { kind: "kickstart", kickstart, text: hit.text });
      return expand(kickstart.entries, [...stack, hit.file]);
    });

  return { entries: expand(ks.entries, [ks.file]), unresolved, included, files };
}
