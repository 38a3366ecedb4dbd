import ignore, { type Ignore } from "ignore";
import { lstatSync, readdirSync, readFileSync } from "node:fs";
import { join, posix } from "node:path";
import { compareStrings } from "../util/compare.js";
import { MANIFEST } from "../io/output-folder.js";
import { leavesFolder } from "../util/paths.js";
import { matchesGlob } from "../util/glob.js";
import { TEMPLATE_SUFFIX } from "../util/template-input.js";
import { describeFsError } from "../util/fs-errors.js";

/** A file discovery passed over, and why (reported in the batch summary, never silently). */
export interface SkippedFile {
  path: string;
  reason: string;
}

export interface Discovery {
  /** Repo-relative POSIX paths of files that may be blueprints or kickstarts, sorted. */
  candidates: string[];
  /** Those among them found only by a template suffix on another name (judged by content). */
  byContent: Set<string>;
  /** Those among them that an include glob of edge2bootc.toml names. */
  named: Set<string>;
  skipped: SkippedFile[];
}

/** A template of another name (kickstart.j2) is read to see what it is only up to this size. */
export const CONTENT_SNIFF_LIMIT = 1024 * 1024;

/** Names a batch looks at: blueprints (.toml) and kickstarts (.ks, .cfg, also templated). */
export function isCandidateName(name: string): boolean {
  const base = name.replace(TEMPLATE_SUFFIX, "");
  return /\.(toml|ks|cfg)$/.test(base);
}

/** Folders that never hold a project's sources. */
const NEVER_WALKED = new Set([".git", "node_modules"]);

/**
 * Vendored third-party code (Go's vendor/, and others') holds TOML and .cfg files of other tools
 * (containerd's Protobuild.toml): not walked unless an include glob reaches into it.
 */
const VENDORED = new Set(["vendor"]);

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
export function discoverFiles(root: string, exclude: readonly string[], include: readonly string[] = []): Discovery {
  const candidates: string[] = [];
  const byContent = new Set<string>();
  const named = new Set<string>();
  const skipped: SkippedFile[] = [];
  const reachesInto = (folder: string) => include.some((g) => g.split("/").includes(folder));
  const readable = <T>(path: string, read: () => T): T | undefined => {
    try {
      return read();
    } catch (e) {
      skipped.push({ path: path || ".", reason: `cannot be read (${describeFsError(e)}); nothing in it was converted` });
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
        if (VENDORED.has(name) && !reachesInto(name)) {
          skipped.push({ path, reason: "vendored third-party code: not walked (an include glob in edge2bootc.toml can name files in it)" });
          continue;
        }
        walk(path, here);
        continue;
      }
      const isNamed = include.some((g) => matchesGlob(path, g));
      const bySuffix = !isNamed && !isCandidateName(name) && TEMPLATE_SUFFIX.test(name);
      if ((!isNamed && !bySuffix && !isCandidateName(name)) || ignoredBy(here, path, false)) continue;
      if (stat.isSymbolicLink()) skipped.push({ path, reason: "a symbolic link: batch never follows links; convert its target where it lives" });
      else if (stat.isFile() && !(bySuffix && stat.size > CONTENT_SNIFF_LIMIT)) {
        candidates.push(path);
        if (isNamed) named.add(path);
        if (bySuffix) byContent.add(path);
      }
    }
  };
  walk("", []);
  return { candidates, byContent, named, skipped };
}
