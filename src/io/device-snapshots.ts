/**
 * Reads a device snapshot folder (what the collector wrote), or its .tar.gz (snapshot-tarball.ts),
 * into texts for parse-snapshot.ts: its
 * regular files two levels deep, each bounded in size and strict UTF-8. A symlink or anything
 * but a regular file or folder in it is refused: a snapshot copied from a device is untrusted and
 * must not make edge2bootc read outside it.
 */
import { lstatSync, readdirSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { InputError } from "../core/errors.js";
import { compareStrings } from "../util/compare.js";
import { describeFsError } from "../util/fs-errors.js";
import type { SnapshotFiles } from "../device/parse-snapshot.js";
import { decodeUtf8, displayPath, readBounded, UnreadableInput } from "./inputs.js";
import { readSnapshotTarball } from "./snapshot-tarball.js";

/** The collector writes a few dozen small files; anything far past this is not a snapshot. */
const MAX_SNAPSHOT_FILES = 500;

export function readSnapshotFolder(cwd: string, folder: string): SnapshotFiles {
  const root = resolve(cwd, folder);
  const display = displayPath(cwd, folder);
  const refuse = (rel: string, why: string): never => {
    throw new InputError([{ source: { file: `${display}/${rel}`, line: 1, column: 1 }, message: `${why}; a snapshot holds regular files and folders only` }]);
  };
  let top;
  try {
    top = lstatSync(root);
  } catch (e) {
    throw new UnreadableInput(`cannot read the snapshot ${display}: ${describeFsError(e)}`);
  }
  if (top.isFile() && /\.tar\.gz$|\.tgz$/.test(root)) {
    const bytes = readBounded(root);
    if (typeof bytes === "string") throw new UnreadableInput(`cannot read the snapshot ${display}: ${bytes}`);
    const archive = readSnapshotTarball(bytes, display);
    return { name: archive.name, display: `${display}:${archive.name}`, files: archive.files };
  }
  if (!top.isDirectory()) throw new UnreadableInput(`${display} is neither a snapshot folder nor the collector's .tar.gz`);
  const files = new Map<string, string>();
  const walk = (rel: string, depth: number) => {
    for (const name of readdirSync(join(root, rel)).sort(compareStrings)) {
      const path = rel === "" ? name : `${rel}/${name}`;
      const st = lstatSync(join(root, path));
      if (st.isSymbolicLink()) refuse(path, "a symbolic link");
      else if (st.isDirectory()) {
        if (depth >= 1) refuse(path, "a folder deeper than the collector writes");
        walk(path, depth + 1);
      } else if (!st.isFile()) refuse(path, "not a regular file");
      else {
        if (files.size >= MAX_SNAPSHOT_FILES) refuse(path, `more than ${MAX_SNAPSHOT_FILES} files`);
        const bytes = readBounded(join(root, path), root);
        if (typeof bytes === "string") refuse(path, bytes);
        files.set(path, decodeUtf8(bytes as Buffer, `${display}/${path}`));
      }
    }
  };
  walk("", 0);
  return { name: basename(root), display, files };
}

/**
 * What --project names: a folder edge2bootc convert wrote. Its Containerfile and sysusers.d files
 * tell which accounts the image has (device/image-accounts.ts).
 */
export function readConvertedProject(cwd: string, folder: string): { display: string; containerfile: string; sysusers: string[] } {
  const root = resolve(cwd, folder);
  const display = displayPath(cwd, folder);
  const read = (rel: string): string | undefined => {
    const st = lstatOrNothing(join(root, rel));
    if (st === undefined) return undefined;
    const bytes = st.isFile() ? readBounded(join(root, rel), root) : "it is not a regular file";
    if (typeof bytes === "string") throw new UnreadableInput(`cannot read ${display}/${rel}: ${bytes}`);
    return decodeUtf8(bytes, `${display}/${rel}`);
  };
  const containerfile = read("Containerfile");
  if (containerfile === undefined) throw new UnreadableInput(`${display} holds no Containerfile: give --project the folder edge2bootc convert wrote`);
  const dir = "overlay/usr/lib/sysusers.d";
  const confs = lstatOrNothing(join(root, dir))?.isDirectory()
    ? readdirSync(join(root, dir))
        .filter((n) => n.endsWith(".conf"))
        .sort(compareStrings)
    : [];
  return { display: `${display}/Containerfile`, containerfile, sysusers: confs.map((n) => read(`${dir}/${n}`) ?? "") };
}

function lstatOrNothing(path: string) {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}
