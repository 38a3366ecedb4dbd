/**
 * Strict JSON with positions: jsonc-parser's syntax tree (Microsoft's, the VS Code JSON parser)
 * keeps each node's offset, which JSON.parse does not, so errors and findings can name
 * file:line:col. Comments and trailing commas are errors, as in JSON.
 */
import * as jsoncModule from "jsonc-parser";
import type { SourceRef } from "./findings.js";
import { InputError } from "./errors.js";

/**
 * jsonc-parser ships a UMD build (main) and an ES module build (module). Node loads the UMD one as
 * CommonJS, whose exports it cannot name, so they arrive as `default`; the bundle takes the ES
 * module build (scripts/bundle.mjs), whose exports are named.
 */
const DEFAULT_EXPORT = "default";
const jsonc: typeof jsoncModule = "parseTree" in jsoncModule ? jsoncModule : (jsoncModule as unknown as Record<string, typeof jsoncModule>)[DEFAULT_EXPORT]!;

export type JsonPath = (string | number)[];

export interface JsonDocument {
  value: unknown;
  /** Where the value at a path starts (its key for an object member), or the file's start. */
  at(path: JsonPath): SourceRef;
}

export function positionOf(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  return { line, column: offset - before.lastIndexOf("\n") };
}

export function parseJsonDocument(file: string, text: string): JsonDocument {
  const errors: jsoncModule.ParseError[] = [];
  const root = jsonc.parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  if (first !== undefined || root === undefined) {
    const where = positionOf(text, first?.offset ?? 0);
    const what = first !== undefined ? jsonc.printParseErrorCode(first.error) : "EmptyContent";
    throw new InputError([{ source: { file, ...where }, message: `not valid JSON (${what}): expected a JSON document as the collector writes it` }], text);
  }
  return {
    value: jsonc.getNodeValue(root),
    at(path) {
      const node = jsonc.findNodeAtLocation(root, path);
      const start = node?.parent?.type === "property" ? node.parent.offset : (node?.offset ?? 0);
      return { file, ...positionOf(text, start) };
    },
  };
}
