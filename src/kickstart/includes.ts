import { posix } from "node:path";
import { InputError, type Diagnostic } from "../core/errors.js";
import { refOf } from "./findings.js";
import type { Kickstart, KickstartEntry, RawLine } from "./model.js";
import { parseKickstart, printKickstart } from "./parse.js";

/**
 * Reads an include target; undefined when it is not available. Injected so that parsing stays
 * free of I/O. `root` is the folder includes must stay in: a loader that resolves symlinks
 * throws IncludeRefused for a target whose real path leaves it.
 */
export type IncludeLoader = (path: string, root: string) => string | undefined;

/** The loader will not read this target (outside the project, not a regular file, too large). */
export class IncludeRefused extends Error {}

/**
 * Limits on what includes may bring in: a few nested files that include each other twice
 * would otherwise expand exponentially (1 KB of includes to gigabytes).
 */
export const INCLUDE_LIMITS = { maxBytes: 32 * 1024 * 1024, maxFiles: 2000 } as const;

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

/** An %include or %ksappend line and its target (also how batch tells fragments from kickstarts). */
export const INCLUDE_LINE = /^\s*%(include|ksappend)\s+(\S+)/;

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

/** Whether a (normalised) path stays inside a folder, judged on the path alone. */
export function isInside(folder: string, path: string): boolean {
  const rel = posix.relative(folder === "" ? "." : folder, path);
  return rel !== "" && rel !== ".." && !rel.startsWith("../") && !posix.isAbsolute(rel);
}

/**
 * Follows %include/%ksappend. Targets resolve only inside `includeRoot` (default: the
 * kickstart's own folder); anything else is an error that names the line and never reads
 * or prints the target.
 */
export function expandIncludes(ks: Kickstart, load: IncludeLoader, includeRoot = posix.dirname(ks.file)): ExpandedKickstart {
  const unresolved: UnresolvedInclude[] = [];
  const included: string[] = [];
  const files: ExpandedKickstart["files"] = new Map();
  const refused: Diagnostic[] = [];
  const rootDir = posix.dirname(ks.file);
  let bytes = 0;

  const refuse = (line: RawLine, message: string) => {
    if (refused.length < 20) refused.push({ source: refOf(line), message });
    return undefined;
  };

  const resolve = (line: RawLine, target: string, stack: string[]): { file: string; text: string } | undefined => {
    const path = includePath(target, line.file, rootDir);
    if (path === "remote" || path === "generated-at-install") {
      unresolved.push({ line, target, reason: path });
      return undefined;
    }
    if (!isInside(includeRoot, path)) {
      return refuse(
        line,
        `${line.raw.trim().split(/\s+/, 1)[0]} ${target} leaves the project folder ${includeRoot || "."}: includes are read only inside it (widen it with --include-root)`,
      );
    }
    if (stack.includes(path)) {
      unresolved.push({ line, target, reason: "cycle" });
      return undefined;
    }
    if (included.length >= INCLUDE_LIMITS.maxFiles)
      return refuse(line, `more than ${INCLUDE_LIMITS.maxFiles} includes were followed; the kickstart includes files repeatedly`);
    let text: string | undefined;
    try {
      text = load(path, includeRoot);
    } catch (e) {
      if (!(e instanceof IncludeRefused)) throw e;
      return refuse(line, `%include ${target}: ${e.message}`);
    }
    if (text === undefined) {
      unresolved.push({ line, target, reason: "missing" });
      return undefined;
    }
    bytes += text.length;
    if (bytes > INCLUDE_LIMITS.maxBytes)
      return refuse(line, `includes expand to more than ${INCLUDE_LIMITS.maxBytes / 1024 / 1024} MiB; the kickstart includes files repeatedly`);
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
      const lines = hit.text
        .replace(/\n$/, "")
        .split("\n")
        .map((raw, i) => ({ raw, line: i + 1, file: hit.file }));
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

  const entries = expand(ks.entries, [ks.file]);
  if (refused.length > 0) {
    const sources = Object.fromEntries([[ks.file, printKickstart(ks)], ...[...files].map(([path, f]) => [path, f.text])]);
    throw new InputError(refused, undefined, sources);
  }
  return { entries, unresolved, included, files };
}
