import TOML from "@iarna/toml";
import { InputError } from "../core/errors.js";
import { report, type Finding, type SourceRef } from "../core/findings.js";
import { buildKeyIndex, joinPath, locateKey } from "./key-index.js";
import { detectForm, JSON_FORMS, type JsonForm } from "./json-forms.js";
import { normalizeJson, type JsonHints } from "./json-normalize.js";
import { jsonPointer, parseJsonTree } from "./json-tree.js";
import { blueprintSchema, type Blueprint } from "./schema.js";
import { validateBlueprint } from "./validate.js";
import { MAX_BLUEPRINT_VALUES, MAX_NESTING } from "./limits.js";

export { MAX_BLUEPRINT_VALUES, MAX_NESTING };

export interface ParsedBlueprint {
  file: string;
  /** For a JSON blueprint: which form it was written in, and what its extra keys suggest. */
  json?: { form: JsonForm; hints: JsonHints };
  text: string;
  blueprint: Blueprint;
  /** Every key path in the input, for the coverage list. */
  keyPaths: string[];
  /** Empty lists and tables (also in keyPaths). */
  emptyContainers: string[];
  /** Findings raised while parsing (unknown keys). */
  findings: Finding[];
  locate(keyPath: string): SourceRef;
}

interface TomlErrorShape {
  line: number;
  col: number;
  message: string;
  fromTOML?: boolean;
}

function isTomlError(e: unknown): e is TomlErrorShape {
  return e instanceof Error && (e as Partial<TomlErrorShape>).fromTOML === true;
}

/** @iarna/toml appends "at row N, col M, pos P:" and its own frame, and names characters by code. */
function tomlMessage(message: string, line: string): string {
  const text = message
    .split("\n")[0]!
    .replace(/ at row \d+, col \d+, pos \d+:?$/, "")
    .replace(/(character:? "?)(\d+)("?)/, (_, pre: string, code: string, post: string) => `${pre}${String.fromCharCode(Number(code))}${post}`);
  return `${text}${templateHint(line)}`;
}

/** Many real blueprints are templates or shell heredoc bodies; say so instead of only "syntax error". */
function templateHint(line: string): string {
  if (/\{\{|\{%|\$\{/.test(line)) return " (this looks like a template placeholder: render the template, then convert the result)";
  if (/\\\$/.test(line)) return " (\\$ is shell heredoc escaping: use the blueprint as the shell script writes it, without the backslashes)";
  if (/REPLACE_[A-Z_]+/.test(line)) return " (this looks like a REPLACE_* placeholder: substitute it first)";
  return "";
}

/**
 * CRLF line endings become LF before parsing: @iarna/toml rejects the CR before a comment's
 * line end (iarna/iarna-toml issue "CRLF after comment"), so every Windows-edited blueprint
 * with a comment failed. Only CRs that end a line go, so lines and columns stay the same; a CR
 * inside a multi-line string is a line break in TOML either way (TOML 1.0: "newline = LF / CRLF").
 */
/** CRLF line ends become LF; a UTF-8 byte order mark (editors on Windows write one) is dropped. */
export function normalizeLineEndings(text: string): string {
  const noBom = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return noBom.includes("\r\n") ? noBom.replace(/\r\n/g, "\n") : noBom;
}

/** The key path of the first value past the limit, or undefined when there are not that many. */
function valuePastLimit(value: unknown, limit = MAX_BLUEPRINT_VALUES): string | undefined {
  let count = 0;
  const walk = (v: unknown, path: string): string | undefined => {
    if (v !== null && typeof v === "object" && !(v instanceof Date)) {
      for (const [k, child] of Object.entries(v)) {
        const found = walk(child, joinPath(path, Array.isArray(v) ? Number(k) : k));
        if (found !== undefined) return found;
      }
      return undefined;
    }
    return ++count > limit ? path : undefined;
  };
  return walk(value, "");
}

/**
 * Where inline arrays/tables first nest deeper than `limit` (1-based), judged on brackets
 * outside strings and comments; undefined when they never do.
 */
export function tooDeep(text: string, limit = MAX_NESTING): { line: number; column: number } | undefined {
  let depth = 0;
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "\n") {
      line++;
      lineStart = i + 1;
    } else if (c === "#") {
      while (i + 1 < text.length && text[i + 1] !== "\n") i++;
    } else if (c === '"' || c === "'") {
      const delim = text.startsWith(c.repeat(3), i) ? c.repeat(3) : c;
      let j = i + delim.length;
      while (j < text.length && !text.startsWith(delim, j)) {
        if (text[j] === "\\" && c === '"') j++;
        else if (text[j] === "\n") {
          if (delim.length === 1) break;
          line++;
          lineStart = j + 1;
        }
        j++;
      }
      i = j + delim.length - 1;
    } else if (c === "[" || c === "{") {
      if (++depth > limit) return { line, column: i - lineStart + 1 };
    } else if (c === "]" || c === "}") depth = Math.max(0, depth - 1);
  }
  return undefined;
}

/** TOML.parse with syntax errors turned into a positioned InputError. */
export function parseToml(rawText: string, file: string): Record<string, unknown> {
  const text = normalizeLineEndings(rawText);
  const deep = tooDeep(text);
  if (deep) throw new InputError([{ source: { file, ...deep }, message: `arrays and inline tables nest more than ${MAX_NESTING} levels deep` }], text);
  try {
    return TOML.parse(text) as Record<string, unknown>;
  } catch (e) {
    if (!isTomlError(e)) throw e;
    // @iarna/toml positions are 0-based.
    const source = { file, line: e.line + 1, column: e.col + 1 };
    const message = `TOML syntax error: ${tomlMessage(e.message, text.split("\n")[e.line] ?? "")}`;
    throw new InputError([{ source, message }], text);
  }
}

/** image-builder takes a blueprint as TOML or JSON by its file name (osbuild/image-builder blueprintload.go). */
export const isJsonBlueprint = (file: string) => /\.json$/i.test(file);

export function parseBlueprint(rawText: string, file: string): ParsedBlueprint {
  if (isJsonBlueprint(file)) return parseJsonBlueprint(rawText, file);
  const text = normalizeLineEndings(rawText);
  const raw = parseToml(text, file);
  const index = buildKeyIndex(text);
  const locate = (keyPath: string): SourceRef => ({ file, ...locateKey(index, keyPath), keyPath });
  return checked(text, file, raw, locate);
}

/** A key path's parent: `a.b[2]` → `a.b`, `a.b` → `a`, a pointer `/options/ostree` → `/options`. */
function parentKey(keyPath: string): string {
  if (keyPath.startsWith("/")) return keyPath.slice(0, Math.max(0, keyPath.lastIndexOf("/")));
  const m = /(\[\d+\]|\.[^.[\]]*|^[^.[\]]*)$/.exec(keyPath);
  return m ? keyPath.slice(0, keyPath.length - m[0].length) : "";
}

function parseJsonBlueprint(rawText: string, file: string): ParsedBlueprint {
  const tree = parseJsonTree(rawText, file);
  const detected = detectForm(tree, file);
  const normalized = normalizeJson(tree.value as Record<string, unknown>, detected);
  const locate = (keyPath: string): SourceRef => {
    for (let k = keyPath; ; k = parentKey(k)) {
      const path = normalized.origins.get(k);
      const jsonPointerOf = path !== undefined ? jsonPointer(path) : k === "" ? "" : undefined;
      const at = jsonPointerOf !== undefined ? tree.positionOf(jsonPointerOf) : undefined;
      if (at !== undefined) return { file, ...at, keyPath, ...(jsonPointerOf !== "" ? { jsonPointer: jsonPointerOf } : {}) };
      if (k === "") return { file, line: 1, column: 1, keyPath };
    }
  };
  const parsed = checked(tree.text, file, normalized.raw, locate);
  const renamed = normalized.renames.length > 0 ? ` Read under blueprint names: ${normalized.renames.join("; ")}.` : "";
  const form = report("blueprint.json-form", { file, line: 1, column: 1 }, file, {
    title: `Read as ${JSON_FORMS[detected.form]}`,
    detail: `Findings and coverage name each key by its blueprint name and point at the key as written (its JSON pointer).${renamed}`,
  });
  const notes = normalized.notes.map((n) =>
    report(n.rule, locate(n.keyPath), n.keyPath, { title: n.title, detail: n.detail, ...(n.remediation !== undefined ? { remediation: n.remediation } : {}) }),
  );
  return {
    ...parsed,
    json: { form: detected.form, hints: normalized.hints },
    keyPaths: [...new Set([...parsed.keyPaths, ...normalized.notes.map((n) => n.keyPath)])],
    findings: [form, ...notes, ...parsed.findings],
  };
}

/** The checks every blueprint goes through, whatever it was written in. */
function checked(text: string, file: string, raw: Record<string, unknown>, locate: (keyPath: string) => SourceRef): ParsedBlueprint {
  const past = valuePastLimit(raw);
  if (past !== undefined)
    throw new InputError(
      [
        {
          source: locate(past),
          message: `more than ${MAX_BLUEPRINT_VALUES.toLocaleString("en")} keys and values: no blueprint is this large, and edge2bootc converts blueprints up to that size`,
        },
      ],
      text,
    );
  const result = validateBlueprint(raw, blueprintSchema, locate);
  if (result.errors.length > 0) throw new InputError(result.errors, text);
  return {
    file,
    text,
    blueprint: result.value as Blueprint,
    keyPaths: result.keyPaths,
    emptyContainers: result.emptyContainers,
    findings: result.findings,
    locate,
  };
}
