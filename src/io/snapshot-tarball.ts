/**
 * A snapshot as the collector's .tar.gz (`tar -czf <folder>.tar.gz <folder>`), read in memory: no
 * file is extracted, so a hostile archive cannot write anywhere. Only what the collector writes
 * is accepted: one top folder, regular files and folders two levels below it, ustar or GNU
 * headers; a link, `..`, an absolute path or anything larger than the bounds is a positioned error.
 */
import { gunzipSync } from "node:zlib";
import { InputError } from "../core/errors.js";
import { decodeUtf8 } from "./inputs.js";

/** A collector's snapshot is a few hundred kB unpacked; an archive past this is refused unread. */
const MAX_UNPACKED_BYTES = 64 * 1024 * 1024;
const MAX_ENTRIES = 500;
const BLOCK = 512;

const field = (header: Buffer, start: number, length: number) => {
  const raw = header.subarray(start, start + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end < 0 ? length : end).toString("utf8");
};

export function readSnapshotTarball(bytes: Buffer, display: string): { name: string; files: Map<string, string> } {
  const refuse = (entry: string, why: string): never => {
    throw new InputError([
      { source: { file: `${display}:${entry}`, line: 1, column: 1 }, message: `${why}; a snapshot archive holds the collector's folder of regular files only` },
    ]);
  };
  let tar: Buffer;
  try {
    tar = gunzipSync(bytes, { maxOutputLength: MAX_UNPACKED_BYTES });
  } catch (e) {
    return refuse("", `not a gzip archive the collector wrote (${(e as Error).message})`);
  }
  const files = new Map<string, string>();
  let top: string | undefined;
  let entries = 0;
  for (let offset = 0; offset + BLOCK <= tar.length;) {
    const header = tar.subarray(offset, offset + BLOCK);
    if (header.every((b) => b === 0)) break;
    if (++entries > MAX_ENTRIES) refuse("", `more than ${MAX_ENTRIES} entries`);
    // POSIX ustar keeps a name prefix at 345; the GNU format (tar's default) keeps other fields there.
    const prefix = field(header, 257, 6) === "ustar" && header[262] === 0 ? field(header, 345, 155) : "";
    const path = (prefix ? `${prefix}/` : "") + field(header, 0, 100);
    const size = parseInt(field(header, 124, 12).trim() || "0", 8);
    const type = String.fromCharCode(header[156]!);
    if (!Number.isSafeInteger(size) || size < 0 || offset + BLOCK + size > tar.length) refuse(path, "a damaged entry (its size runs past the archive)");
    const parts = path.replace(/\/+$/, "").split("/");
    if (path.startsWith("/") || parts.some((p) => p === ".." || p === "" || p === ".")) refuse(path, "a path that is absolute or climbs with ..");
    if (top === undefined) top = parts[0];
    if (parts[0] !== top) refuse(path, `a second top folder next to ${top}`);
    if (parts.length > 3) refuse(path, "a path deeper than the collector writes");
    if (type === "5") {
      // a folder: nothing to read
    } else if (type === "0" || type === "\0") {
      if (parts.length < 2) refuse(path, "a file outside the snapshot folder");
      files.set(parts.slice(1).join("/"), decodeUtf8(Buffer.from(tar.subarray(offset + BLOCK, offset + BLOCK + size)), `${display}:${path}`));
    } else refuse(path, type === "1" || type === "2" ? "a link" : `an entry of type ${JSON.stringify(type)}`);
    offset += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
  }
  if (top === undefined) refuse("", "an empty archive");
  return { name: top!, files };
}
