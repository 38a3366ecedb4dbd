/**
 * Strict JSON (RFC 8259) with the position of every key, for blueprints written as JSON. The
 * values are built here from jsonc-parser's syntax tree rather than with JSON.parse, because a
 * converter must see what JSON.parse hides: a key written twice (JSON.parse and Go's decoder keep
 * the last one silently, TOML forbids it), integers past 2^53 (sizes in bytes; kept as their
 * digits, as the TOML side keeps sizes as strings), and `__proto__`, which is a key like any other.
 */
import * as jsoncModule from "jsonc-parser";
import { InputError } from "../core/errors.js";
import { MAX_NESTING } from "./limits.js";

/** jsonc-parser's UMD build arrives as `default` under Node; the bundle takes its ES module build (core/json-document.ts). */
const DEFAULT_EXPORT = "default";
const jsonc: typeof jsoncModule = "parseTree" in jsoncModule ? jsoncModule : (jsoncModule as unknown as Record<string, typeof jsoncModule>)[DEFAULT_EXPORT]!;

export type JsonPath = readonly (string | number)[];

/** RFC 6901: `~` is written `~0` and `/` is written `~1` inside a reference token. */
export function jsonPointer(path: JsonPath): string {
  return path.map((p) => `/${String(p).replace(/~/g, "~0").replace(/\//g, "~1")}`).join("");
}

export interface JsonTree {
  /** The text parsed (a byte order mark dropped), which positions and code frames refer to. */
  text: string;
  value: unknown;
  /** 1-based line and column of a member's key (an array item's value), by JSON pointer. */
  positionOf(pointer: string): { line: number; column: number } | undefined;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}

function toPosition(starts: number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo]! + 1 };
}

/** Where brackets first nest deeper than `limit`, outside strings; the parser recurses once per level. */
function tooDeep(text: string, limit: number): number | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === "\\") i++;
    } else if (c === "[" || c === "{") {
      if (++depth > limit) return i;
    } else if (c === "]" || c === "}") depth = Math.max(0, depth - 1);
  }
  return undefined;
}

const SAFE_DIGITS = /^-?\d+$/;

export function parseJsonTree(rawText: string, file: string): JsonTree {
  const text = rawText.charCodeAt(0) === 0xfeff ? rawText.slice(1) : rawText;
  const starts = lineStarts(text);
  const fail = (offset: number, message: string, more: { offset: number; message: string }[] = []): never => {
    throw new InputError(
      [{ offset, message }, ...more].map((d) => ({ source: { file, ...toPosition(starts, d.offset) }, message: d.message })),
      text,
    );
  };
  if (text.trim() === "") fail(0, "the file is empty: expected a JSON object holding a blueprint");
  const deep = tooDeep(text, MAX_NESTING);
  if (deep !== undefined) fail(deep, `arrays and objects nest more than ${MAX_NESTING} levels deep`);
  const errors: jsoncModule.ParseError[] = [];
  const root = jsonc.parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  if (first !== undefined || root === undefined)
    fail(
      first?.offset ?? 0,
      `JSON syntax error: ${first !== undefined ? describeError(first.error) : "the file is empty"} (comments and trailing commas are not JSON)`,
    );

  const positions = new Map<string, number>();
  const build = (node: jsoncModule.Node, pointer: string): unknown => {
    switch (node.type) {
      case "object": {
        const out: Record<string, unknown> = {};
        const seen = new Map<string, number>();
        for (const property of node.children ?? []) {
          const [keyNode, valueNode] = property.children ?? [];
          const key = String(keyNode?.value);
          const earlier = seen.get(key);
          if (earlier !== undefined) {
            const was = toPosition(starts, earlier);
            fail(
              property.offset,
              `duplicate key ${JSON.stringify(key)} (first at line ${was.line}, column ${was.column}): JSON parsers keep only the last one, silently; keep one`,
              [{ offset: earlier, message: `first ${JSON.stringify(key)} here` }],
            );
          }
          seen.set(key, property.offset);
          const child = `${pointer}/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`;
          positions.set(child, property.offset);
          // defineProperty: an assignment to "__proto__" would set the prototype instead of a key.
          Object.defineProperty(out, key, { value: valueNode ? build(valueNode, child) : null, enumerable: true, writable: true, configurable: true });
        }
        return out;
      }
      case "array":
        return (node.children ?? []).map((item, i) => {
          positions.set(`${pointer}/${i}`, item.offset);
          return build(item, `${pointer}/${i}`);
        });
      case "number": {
        const digits = text.slice(node.offset, node.offset + node.length);
        return SAFE_DIGITS.test(digits) && !Number.isSafeInteger(node.value) ? digits : node.value;
      }
      default:
        return node.value;
    }
  };
  positions.set("", root!.offset);
  const value = build(root!, "");
  return {
    text,
    value,
    positionOf(pointer) {
      const offset = positions.get(pointer);
      return offset === undefined ? undefined : toPosition(starts, offset);
    },
  };
}

/** jsonc-parser's error codes, said the way a person reading the file would. */
function describeError(code: jsoncModule.ParseErrorCode): string {
  const name = jsonc.printParseErrorCode(code);
  const said: Record<string, string> = {
    InvalidSymbol: "unexpected character",
    InvalidNumberFormat: "not a JSON number",
    PropertyNameExpected: "expected a key in double quotes",
    ValueExpected: "expected a value",
    ColonExpected: "expected ':' after the key",
    CommaExpected: "expected ',' between items",
    CloseBraceExpected: "expected '}'",
    CloseBracketExpected: "expected ']'",
    EndOfFileExpected: "expected the end of the file after the value",
    InvalidCommentToken: "comments are not JSON",
    UnexpectedEndOfComment: "unterminated comment",
    UnexpectedEndOfString: "unterminated string",
    UnexpectedEndOfNumber: "unterminated number",
    InvalidUnicode: "invalid \\u escape",
    InvalidEscapeCharacter: "invalid escape",
    InvalidCharacter: "a control character inside a string",
  };
  return said[name] ?? name;
}
