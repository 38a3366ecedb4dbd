import TOML from "@iarna/toml";
import { InputError } from "../errors.js";
import type { Finding, SourceRef } from "../plan/types.js";
import { buildKeyIndex, locateKey } from "./key-index.js";
import { blueprintSchema, type Blueprint } from "./schema.js";
import { validateBlueprint } from "./validate.js";

export interface ParsedBlueprint {
  file: string;
  text: string;
  blueprint: Blueprint;
  /** Every key path in the input, for the coverage list. */
  keyPaths: string[];
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
export function normalizeLineEndings(text: string): string {
  return text.includes("\r\n") ? text.replace(/\r\n/g, "\n") : text;
}

/** TOML.parse with syntax errors turned into a positioned InputError. */
export function parseToml(rawText: string, file: string): Record<string, unknown> {
  const text = normalizeLineEndings(rawText);
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

export function parseBlueprint(rawText: string, file: string): ParsedBlueprint {
  const text = normalizeLineEndings(rawText);
  const raw = parseToml(text, file);
  const index = buildKeyIndex(text);
  const locate = (keyPath: string): SourceRef => ({ file, ...locateKey(index, keyPath), keyPath });
  const result = validateBlueprint(raw, blueprintSchema, locate);
  if (result.errors.length > 0) throw new InputError(result.errors, text);
  return {
    file,
    text,
    blueprint: result.value as Blueprint,
    keyPaths: result.keyPaths,
    findings: result.findings,
    locate,
  };
}
