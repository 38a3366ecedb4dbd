import type { Diagnostic } from "../core/errors.js";
import { report, type Finding, type SourceRef } from "../core/findings.js";
import { didYouMean } from "../util/suggest.js";
import { joinPath } from "./key-index.js";
import type { Schema } from "./schema-dsl.js";

export interface ValidationResult {
  /** The input with unknown keys removed; it conforms to the schema. */
  value: unknown;
  errors: Diagnostic[];
  findings: Finding[];
  /** Every key path in the input (leaves, array elements, empty containers), in document order. */
  keyPaths: string[];
  /** The empty lists and tables among keyPaths: they hold no setting to convert. */
  emptyContainers: string[];
}

/** Misspellings that a plain edit distance would not catch, or would suggest wrongly. */
const KNOWN_HINTS: Record<string, string> = {
  ssl_verify: "sslverify",
  package: "packages",
  module: "modules",
  users: "user",
  sshkeys: "sshkey",
  tls_verify: "tls-verify",
  local_storage: "local-storage",
  containers_storage: "containers-storage",
  sudo_nopasswd: "sudo-nopasswd",
};

const describe: Record<Schema["kind"], string> = {
  string: "a string",
  integer: "an integer",
  boolean: "a boolean (true or false)",
  size: 'a size (an integer number of bytes or a string such as "10 GiB")',
  "string-or-integer": "a string or an integer",
  array: "an array",
  object: "a table",
};

/**
 * A newline in a package name or an NTP server would add lines to the Containerfile or a
 * kickstart (a second FROM); single-line values take no control characters at all, and
 * free text takes tabs and line breaks only.
 */
// Also C1 controls (U+0085 NEL among them) and U+2028/U+2029: editors, YAML and some
// terminals break lines on them, so they would split a generated line as surely as \n.
const LINE_CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const TEXT_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

function typeName(value: unknown): string {
  if (Array.isArray(value)) return "an array";
  if (value instanceof Date) return "a date-time";
  if (typeof value === "bigint") return "an integer too large to represent";
  if (value !== null && typeof value === "object") return "a table";
  if (typeof value === "number") return Number.isInteger(value) ? "an integer" : "a float";
  return `a ${typeof value}`;
}

function isPlainTable(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v) && !(v instanceof Date);
}

export function validateBlueprint(input: Record<string, unknown>, schema: Schema, locate: (keyPath: string) => SourceRef): ValidationResult {
  const errors: Diagnostic[] = [];
  const findings: Finding[] = [];
  const keyPaths: string[] = [];
  const emptyContainers: string[] = [];
  const empty = (path: string) => {
    // The document itself is not a key: an empty blueprint has nothing to account for.
    if (path === "") return;
    keyPaths.push(path);
    emptyContainers.push(path);
  };

  const wrongType = (path: string, expected: Schema, value: unknown) =>
    errors.push({
      source: locate(path),
      message: `${path}: expected ${describe[expected.kind]}, found ${typeName(value)}`,
    });

  const walk = (value: unknown, s: Schema, path: string): unknown => {
    switch (s.kind) {
      case "string": {
        if (typeof value !== "string") return void wrongType(path, s, value);
        keyPaths.push(path);
        const control = (s.multiline ? TEXT_CONTROL : LINE_CONTROL).exec(value);
        if (control) {
          const code = `U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;
          return void errors.push({
            source: locate(path),
            message: `${path}: control character ${code} is not allowed here: the value lands on one line of a generated file`,
          });
        }
        if (s.pattern && !s.pattern.test(value))
          return void errors.push({ source: locate(path), message: `${path}: expected ${s.expected}, found ${JSON.stringify(value)}` });
        return value;
      }
      case "boolean":
        if (typeof value !== "boolean") return void wrongType(path, s, value);
        keyPaths.push(path);
        return value;
      case "integer":
        if (typeof value !== "number" || !Number.isSafeInteger(value)) return void wrongType(path, s, value);
        keyPaths.push(path);
        if ((s.min !== undefined && value < s.min) || (s.max !== undefined && value > s.max)) {
          return void errors.push({ source: locate(path), message: `${path}: expected an integer from ${s.min ?? "-∞"} to ${s.max ?? "∞"}, found ${value}` });
        }
        return value;
      case "size":
      case "string-or-integer":
        if (typeof value !== "string" && !(typeof value === "number" && Number.isSafeInteger(value))) {
          return void wrongType(path, s, value);
        }
        keyPaths.push(path);
        return value;
      case "array": {
        if (!Array.isArray(value)) return void wrongType(path, s, value);
        if (value.length === 0) empty(path);
        return value.map((item, i) => walk(item, s.items, joinPath(path, i)));
      }
      case "object": {
        if (!isPlainTable(value)) return void wrongType(path, s, value);
        const out: Record<string, unknown> = {};
        const known = Object.keys(s.fields);
        if (Object.keys(value).length === 0) empty(path);
        for (const [key, child] of Object.entries(value)) {
          const childPath = joinPath(path, key);
          // Own keys only: "constructor" and "__proto__" are blueprint keys like any other here.
          const childSchema = Object.hasOwn(s.fields, key) ? s.fields[key] : undefined;
          if (!childSchema) {
            keyPaths.push(childPath);
            findings.push(unknownKey(key, childPath, path, known, locate(childPath)));
            continue;
          }
          out[key] = walk(child, childSchema, childPath);
        }
        for (const required of s.required) {
          if (!(required in value)) {
            errors.push({
              source: locate(path),
              message: `${path || "blueprint"}: missing required key "${required}"`,
            });
          }
        }
        return out;
      }
    }
  };

  const value = walk(input, schema, "");
  return { value, errors, findings, keyPaths, emptyContainers };
}

function unknownKey(key: string, path: string, parent: string, known: string[], source: SourceRef): Finding {
  const hint = KNOWN_HINTS[key] && known.includes(KNOWN_HINTS[key]!) ? KNOWN_HINTS[key] : didYouMean(key, known);
  const where = parent === "" ? "at the top level" : `in ${parent}`;
  return report("blueprint.unknown-key", { ...source, keyPath: path }, path, {
    title: `Unknown key "${key}" ${where}${hint ? `; did you mean "${hint}"?` : ""}`,
    detail: "The blueprint schema has no such key, so osbuild-composer and bootc-image-builder would reject or ignore it. It was not converted.",
    remediation: hint
      ? `Rename "${key}" to "${hint}" in the blueprint and convert again.`
      : `Remove "${key}", or move its intent into a supported key. Known keys here: ${known.join(", ")}.`,
  });
}
