import { isAbsolute, relative } from "node:path";

/**
 * Whether a path from `path.relative(from, to)` leaves `from`. A name that merely begins with
 * two dots (`..toml`, `...ks`) is inside: testing `startsWith("..")` put such files outside.
 */
export function leavesFolder(rel: string): boolean {
  return rel === ".." || rel.startsWith("../") || rel.startsWith("..\\") || isAbsolute(rel);
}

/** Whether `path` lies below `folder` (both resolved). `path.relative` handles every folder, `/` included. */
export function isBelow(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel !== "" && !leavesFolder(rel);
}

/** A path segment that stays where it is put: not empty, not `.` or `..`. */
export const isPlainSegment = (segment: string): boolean => segment !== "" && segment !== "." && segment !== "..";

/** A relative `/`-separated path of plain segments: joined to a folder, it cannot climb out of it. */
export const isPlainRelativePath = (path: string): boolean => !isAbsolute(path) && path.split("/").every(isPlainSegment);
