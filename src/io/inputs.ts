import { parseBaseline } from "../accept/baseline.js";
import type { Baseline } from "../accept/apply.js";
import { isUtf8 } from "node:buffer";
import { closeSync, constants, fstatSync, lstatSync, openSync, readlinkSync, readSync, realpathSync } from "node:fs";
import { relative, resolve, sep } from "node:path";
import type { SourceFile } from "../convert.js";
import { InputError } from "../core/errors.js";
import { IncludeRefused } from "../kickstart/includes.js";
import { parseImageMap } from "../kickstart/image-map.js";
import { validateRegistryAuth } from "../kickstart/registry-auth.js";
import { isBelow, leavesFolder } from "../util/paths.js";
import { describeFsError } from "../util/fs-errors.js";

/** A file the user named could not be read; exit 2 like any bad input. */
export class UnreadableInput extends Error {}

/** Paths in findings are relative to the working directory, so reports do not depend on where the checkout lives. */
export function displayPath(cwd: string, path: string): string {
  const rel = relative(cwd, resolve(cwd, path));
  return (leavesFolder(rel) ? resolve(cwd, path) : rel).split(sep).join("/");
}

/** No blueprint, kickstart or include is anywhere near this size; /dev/zero and runaway files are. */
export const MAX_INPUT_BYTES = 32 * 1024 * 1024;

/**
 * Why a file cannot be an input (not a regular file, too large, not where it was checked to be),
 * or its bytes. O_NONBLOCK: opening a FIFO must not wait for a writer. With `within`, the file is
 * opened without following a final symlink and the open descriptor itself must lie inside that
 * folder: a path checked with realpath and then read by name can be swapped in between.
 */
export function readBounded(full: string, within?: string): Buffer | string {
  const flags = constants.O_RDONLY | constants.O_NONBLOCK | (within !== undefined ? constants.O_NOFOLLOW : 0);
  let fd: number;
  try {
    fd = openSync(full, flags);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ELOOP") return "it became a symlink while being read";
    throw e;
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return "it is not a regular file";
    if (within !== undefined && !openedInside(fd, full, stat.ino, within)) return "it moved outside the project folder while being read";
    const buffer = Buffer.alloc(Math.min(stat.size, MAX_INPUT_BYTES) + 1);
    let length = 0;
    for (let n; length < buffer.length && (n = readSync(fd, buffer, length, buffer.length - length, null)) > 0;) length += n;
    if (length > MAX_INPUT_BYTES) return `it is larger than ${MAX_INPUT_BYTES / 1024 / 1024} MiB`;
    return buffer.subarray(0, length);
  } finally {
    closeSync(fd);
  }
}

/** Where an open descriptor really is: /proc/self/fd on Linux, else the checked path if it is still the same file. */
function openedInside(fd: number, path: string, ino: number, root: string): boolean {
  try {
    return isBelow(root, readlinkSync(`/proc/self/fd/${fd}`));
  } catch {
    try {
      return isBelow(root, realpathSync(path)) && lstatSync(path).ino === ino;
    } catch {
      return false;
    }
  }
}

/** Offset of the first byte that is not well-formed UTF-8 (RFC 3629), or -1. */
export function firstInvalidUtf8(b: Uint8Array): number {
  // Node's native check first: the byte walk below, cold, was 1.7 ms of a convert's start-up.
  if (isUtf8(b)) return -1;
  for (let i = 0; i < b.length;) {
    const c = b[i]!;
    const [n, lo, hi] =
      c < 0x80
        ? [0, 0, 0]
        : c >= 0xc2 && c <= 0xdf
          ? [1, 0x80, 0xbf]
          : c === 0xe0
            ? [2, 0xa0, 0xbf]
            : c === 0xed
              ? [2, 0x80, 0x9f]
              : c >= 0xe1 && c <= 0xef
                ? [2, 0x80, 0xbf]
                : c === 0xf0
                  ? [3, 0x90, 0xbf]
                  : c >= 0xf1 && c <= 0xf3
                    ? [3, 0x80, 0xbf]
                    : c === 0xf4
                      ? [3, 0x80, 0x8f]
                      : [-1, 0, 0];
    if (n < 0 || i + n >= b.length + (n === 0 ? 1 : 0)) return i;
    if (n > 0 && (b[i + 1]! < lo || b[i + 1]! > hi)) return i;
    for (let k = 2; k <= n; k++) if (b[i + k]! < 0x80 || b[i + k]! > 0xbf) return i;
    i += n + 1;
  }
  return -1;
}

/** Inputs are UTF-8; a replacement character would silently change the bytes we promise to keep. */
export function decodeUtf8(bytes: Buffer, path: string): string {
  const bad = firstInvalidUtf8(bytes);
  if (bad < 0) return bytes.toString("utf8");
  const before = bytes.subarray(0, bad).toString("utf8");
  const line = before.split("\n").length;
  const column = before.length - before.lastIndexOf("\n");
  throw new InputError([
    {
      source: { file: path, line, column },
      message: `invalid UTF-8 (byte 0x${bytes[bad]!.toString(16).padStart(2, "0")} at offset ${bad}): save the file as UTF-8`,
    },
  ]);
}

export function readSource(cwd: string, file: string): SourceFile {
  const path = displayPath(cwd, file);
  let bytes: Buffer | string;
  try {
    bytes = readBounded(resolve(cwd, file));
  } catch (e) {
    throw new UnreadableInput(`cannot read ${path}: ${describeFsError(e)}`);
  }
  if (typeof bytes === "string") throw new UnreadableInput(`cannot read ${path}: ${bytes}`);
  return { path, text: decodeUtf8(bytes, path) };
}

/**
 * Reads %include targets; paths arrive as the kickstart's display path was written (relative to
 * cwd). The target's real path (symlinks resolved) must stay inside the include root.
 */
export const includeLoader = (cwd: string) => (path: string, root: string) => {
  const full = resolve(cwd, path);
  let real: string;
  try {
    real = realpathSync(full);
  } catch {
    return undefined; // missing: reported as an unresolved include
  }
  const realRoot = realpathSync(resolve(cwd, root));
  // Below "/" is every absolute path (`--include-root /`).
  if (!isBelow(realRoot, real))
    throw new IncludeRefused(`it resolves (through a symlink) to a file outside the project folder ${root || "."}; it was not read`);
  const bytes = readBounded(real, realRoot);
  if (typeof bytes === "string") throw new IncludeRefused(`${bytes}; it was not read`);
  return decodeUtf8(bytes, path);
};

export function readImageMap(cwd: string, file: string): Record<string, string> {
  const source = readSource(cwd, file);
  return parseImageMap(source.text, source.path);
}

/** Checks the auth file's shape without ever printing any of it. */
export function readRegistryAuth(cwd: string, file: string): SourceFile {
  const source = readSource(cwd, file);
  const problem = validateRegistryAuth(source.text);
  if (problem) throw new InputError([{ source: { file: source.path, line: 1, column: 1 }, message: `registry auth file ${problem}` }]);
  return source;
}

/** A baseline file (--baseline), checked when it is read. */
export function readBaseline(cwd: string, file: string): Baseline {
  const source = readSource(cwd, file);
  return parseBaseline(source.text, source.path);
}
