import { lstatSync, readdirSync, rmdirSync, unlinkSync } from "node:fs";
import { join } from "node:path";
import { compareStrings } from "../util/compare.js";
import { MANIFEST, STAGE_MARK, writeOutputFolder } from "./output-folder.js";

/**
 * The folders below a batch's output folder that hold a manifest of their own: the projects some
 * run wrote there. Read from the disk, not from the last run's list, so a project whose inputs
 * are gone is found on every run until its folder is removed. Links are never followed.
 */
export function projectFolders(outDir: string): string[] {
  const found: string[] = [];
  const walk = (rel: string) => {
    let names: string[];
    try {
      names = readdirSync(rel === "" ? outDir : join(outDir, rel));
    } catch {
      return; // no output folder yet, or one that cannot be listed: nothing to report
    }
    if (rel !== "" && names.includes(MANIFEST)) {
      found.push(rel);
      return;
    }
    for (const name of names) {
      if (name.includes(STAGE_MARK)) continue;
      const path = rel === "" ? name : `${rel}/${name}`;
      if (lstatSync(join(outDir, path)).isDirectory()) walk(path);
    }
  };
  walk("");
  return found.sort(compareStrings);
}

/**
 * Removes what edge2bootc wrote in a project folder, through the same writer as a conversion:
 * a file edited since it was written is refused (OutputConflictError) unless `force`. Folders
 * left empty go too; anything edge2bootc did not write stays, and is returned.
 */
export function pruneProjectFolder(folder: string, force: boolean): string[] {
  writeOutputFolder(folder, [], force);
  unlinkSync(join(folder, MANIFEST));
  const left: string[] = [];
  const sweep = (rel: string): boolean => {
    const full = rel === "" ? folder : join(folder, rel);
    let empty = true;
    for (const name of readdirSync(full).sort(compareStrings)) {
      const path = rel === "" ? name : `${rel}/${name}`;
      const st = lstatSync(join(folder, path));
      if (st.isDirectory() && !st.isSymbolicLink()) {
        if (!sweep(path)) empty = false;
        continue;
      }
      left.push(path);
      empty = false;
    }
    if (empty) rmdirSync(full);
    return empty;
  };
  sweep("");
  return left;
}

/** Folders left empty above a pruned project (`fleet/` once `fleet/web` went), up to the top folder, which stays. */
export function removeEmptyParents(top: string, name: string): void {
  const parts = name.split("/");
  for (let n = parts.length - 1; n > 0; n--) {
    const folder = join(top, ...parts.slice(0, n));
    if (readdirSync(folder).length > 0) return;
    rmdirSync(folder);
  }
}
