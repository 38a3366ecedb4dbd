import ignore, { type Ignore } from "ignore";
import { lstatSync, readdirSync, readFileSync } from "node:fs";
import { join, posix } from "node:path";
import { compareStrings } from "../util/compare.js";
import { MANIFEST } from "../io/output-folder.js";
import { leavesFolder } from "../util/paths.js";

/** A file discovery passed over, and why (reported in the batch summary, never silently). */
export interface SkippedFile {
  path: string;
  reason: string;
}

export interface Discovery {
  /** Repo-relative POSIX paths of files that may be blueprints or kickstarts, sorted. */
  candidates: string[];
  skipped: SkippedFile[];
}

/** Template suffixes real projects put after the kickstart extension (Jinja, gomplate, autoconf). */
export const TEMPLATE_SUFFIX = /\.(j2|jinja2?|tmpl|tpl|template|in)$/;

/** Names a batch looks at: blueprints (.toml) and kickstarts (.ks, .cfg, also templated). */
export function isCandidateName(name: string): boolean {
  const base = name.replace(TEMPLATE_SUFFIX, "");
  return /\.(toml|ks|cfg)$/.test(base);
}

/** Folders that never hold a project's sources. */
const NEVER_WALKED = new Set([".git", "node_modules"]);

interface IgnoreLayer {
  /** Repo-relative folder the .gitignore sits in ("" for the root). */
  base: string;
  rules: Ignore;
}

/**
 * git's rule: every .gitignore from the root down is consulted and the last matching pattern
 * decides, so a nested `!keep.toml` re-includes what a parent's pattern ignored.
 */
function ignoredBy(layers: IgnoreLayer[], path: string, isDir: boolean): boolean {
  let ignored = false;
  for (const layer of layers) {
    const rel = layer.base === "" ? path : posix.relative(layer.base, path);
    if (leavesFolder(rel)) continue;
    const verdict = layer.rules.test(isDir ? `${rel}/` : rel);
    if (verdict.ignored) ignored = true;
    else if (verdict.unignored) ignored = false;
  }
  return ignored;
}

/**
 * Walks a repository for blueprint and kickstart candidates. Honours .gitignore files (root and
 * nested, git's pattern rules via the `ignore` package), never follows a symbolic link, and
 * skips the folders in `exclude` (the output folder) so generated files are not read back.
 */
export function discoverFiles(root: string, exclude: readonly string[]): Discovery {
  const candidates: string[] = [];
  const skipped: SkippedFile[] = [];
  const readable = <T>(path: string, read: () => T): T | undefined => {
    try {
      return read();
    } catch (e) {
      skipped.push({ path: path || ".", reason: `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); nothing in it was converted` });
      return undefined;
    }
  };
  const walk = (dir: string, layers: IgnoreLayer[]) => {
    const full = dir === "" ? root : join(root, dir);
    // A folder that cannot be listed (too deep for PATH_MAX, no permission) is skipped and said so, not fatal.
    const names = readable(dir, () => readdirSync(full).sort(compareStrings));
    if (names === undefined) return;
    // edge2bootc's own output, wherever -o put it (a committed bootc/ tree, another run's folder):
    // converting it again would report generated files as inputs.
    if (dir !== "" && names.includes(MANIFEST)) {
      skipped.push({ path: dir, reason: `edge2bootc output (it holds ${MANIFEST}); not converted again` });
      return;
    }
    let here = layers;
    if (names.includes(".gitignore")) {
      const gitignore = join(full, ".gitignore");
      if (lstatSync(gitignore).isFile()) here = [...layers, { base: dir, rules: ignore().add(readFileSync(gitignore, "utf8")) }];
    }
    for (const name of names) {
      const path = dir === "" ? name : `${dir}/${name}`;
      const stat = readable(path, () => lstatSync(join(full, name)));
      if (stat === undefined) continue;
      if (stat.isDirectory()) {
        if (NEVER_WALKED.has(name) || exclude.includes(path) || ignoredBy(here, path, true)) continue;
        walk(path, here);
      } else if (isCandidateName(name) && !ignoredBy(here, path, false)) {
        if (stat.isSymbolicLink()) skipped.push({ path, reason: "a symbolic link: batch never follows links; convert its target where it lives" });
        else if (stat.isFile()) candidates.push(path);
      }
    }
  };
  walk("", []);
  return { candidates, skipped };
}
