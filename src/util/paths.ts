import { isAbsolute } from "node:path";

/**
 * Whether a path from `path.relative(from, to)` leaves `from`. A name that merely begins with
 * two dots (`..toml`, `...ks`) is inside: testing `startsWith("..")` put such files outside.
 */
export function leavesFolder(rel: string): boolean {
  return rel === ".." || rel.startsWith("../") || rel.startsWith("..\\") || isAbsolute(rel);
}
