import { existsSync, readFileSync, statSync } from "node:fs";
import { relative, resolve, sep } from "node:path";
import type { SourceFile } from "../convert.js";
import { InputError } from "../errors.js";
import { parseImageMap } from "../kickstart/image-map.js";
import { validateRegistryAuth } from "../kickstart/registry-auth.js";

/** A file the user named could not be read; exit 2 like any bad input. */
export class UnreadableInput extends Error {}

/** Paths in findings are relative to the working directory, so reports do not depend on where the checkout lives. */
export function displayPath(cwd: string, path: string): string {
  const rel = relative(cwd, resolve(cwd, path));
  return (rel.startsWith("..") ? resolve(cwd, path) : rel).split(sep).join("/");
}

export function readSource(cwd: string, file: string): SourceFile {
  const path = displayPath(cwd, file);
  try {
    return { path, text: readFileSync(resolve(cwd, file), "utf8") };
  } catch (e) {
    throw new UnreadableInput(`cannot read ${path}: ${(e as Error).message}`);
  }
}

/** Reads %include targets; paths arrive as the kickstart's display path was written (relative to cwd). */
export const includeLoader = (cwd: string) => (path: string) => {
  const full = resolve(cwd, path);
  return existsSync(full) && statSync(full).isFile() ? readFileSync(full, "utf8") : undefined;
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
