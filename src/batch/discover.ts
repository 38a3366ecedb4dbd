import { isInputJsonName } from "./classify.js";
import ignore, { type Ignore } from "ignore";
import { lstatSync, readdirSync, readFileSync } from "node:fs";
import { join, posix } from "node:path";
import { compareStrings } from "../util/compare.js";
import { MANIFEST } from "../io/output-folder.js";
import { leavesFolder } from "../util/paths.js";
import { matchesGlob } from "../util/glob.js";
import { TEMPLATE_SUFFIX } from "../util/template-input.js";
import { describeFsError } from "../util/fs-errors.js";
import { CONFIG_FILE } from "./config.js";

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

/** Names a batch looks at: blueprints (.toml, .json) and kickstarts (.ks, .cfg, also templated). */
export function isCandidateName(name: string): boolean {
  const base = name.replace(TEMPLATE_SUFFIX, "");
  return /\.(toml|ks|cfg)$/.test(base) || isInputJsonName(name);
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
 * skips the folders in `exclude` (the output folder) so generated files are not read back, and
 * the folders an `excludeGlobs` pattern ending in `/**` covers (edge2bootc.toml's exclude).
 */
export function discoverFiles(root: string, exclude: readonly string[], include: readonly string[] = [], excludeGlobs: readonly string[] = []): Discovery {
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
  // A folder an exclude glob covers whole (`legacy/**`) is not walked at all.
  const excludedFolder = (path: string) => excludeGlobs.find((g) => g.endsWith("/**") && matchesGlob(path, g.slice(0, -3)));
  const walk = (dir: string, layers: IgnoreLayer[]) => {
    const full = dir === "" ? root : join(root, dir);
    // A folder that cannot be listed (too deep for PATH_MAX, no permission) is skipped and said so, not fatal.
    // Entries carry their type (d_type): a 50,000-file repository needs no lstat per file.
    const entries = readable(dir, () => readdirSync(full, { withFileTypes: true }).sort((a, b) => compareStrings(a.name, b.name)));
    if (entries === undefined) return;
    const has = (name: string) => entries.some((e) => e.name === name);
    // edge2bootc's own output, wherever -o put it (a committed bootc/ tree, another run's folder):
    // converting it again would report generated files as inputs.
    if (dir !== "" && has(MANIFEST)) {
      skipped.push({ path: dir, reason: `edge2bootc output (it holds ${MANIFEST}); not converted again` });
      return;
    }
    let here = layers;
    if (entries.some((e) => e.name === ".gitignore" && e.isFile()))
      here = [...layers, { base: dir, rules: ignore().add(readFileSync(join(full, ".gitignore"), "utf8")) }];
    for (const entry of entries) {
      const name = entry.name;
      const path = dir === "" ? name : `${dir}/${name}`;
      if (entry.isDirectory()) {
        if (NEVER_WALKED.has(name) || exclude.includes(path) || ignoredBy(here, path, true)) continue;
        if (VENDORED.has(name) && !reachesInto(name)) {
          skipped.push({ path, reason: "vendored third-party code: not walked (an include glob in edge2bootc.toml can name files in it)" });
          continue;
        }
        const glob = excludedFolder(path);
        if (glob !== undefined && !include.some((g) => g.startsWith(`${path}/`))) {
          skipped.push({ path, reason: `excluded by ${CONFIG_FILE} (${glob}); not walked` });
          continue;
        }
        walk(path, here);
        continue;
      }
      const isNamed = include.some((g) => matchesGlob(path, g));
      const bySuffix = !isNamed && !isCandidateName(name) && TEMPLATE_SUFFIX.test(name);
      if ((!isNamed && !bySuffix && !isCandidateName(name)) || ignoredBy(here, path, false)) continue;
      if (entry.isSymbolicLink()) skipped.push({ path, reason: "a symbolic link: batch never follows links; convert its target where it lives" });
      else if (entry.isFile()) {
        // A template of another name is read to judge its content only when small enough.
        if (bySuffix && (readable(path, () => lstatSync(join(full, name)))?.size ?? Infinity) > CONTENT_SNIFF_LIMIT) continue;
        candidates.push(path);
        if (isNamed) named.add(path);
        if (bySuffix) byContent.add(path);
      }
    }
  };
  walk("", []);
  return { candidates, byContent, named, skipped };
}
