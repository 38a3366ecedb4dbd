import TOML from "@iarna/toml";
import { describe, expect, it } from "vitest";
import { blueprintSchema } from "../src/blueprint/schema.js";
import type { Schema } from "../src/blueprint/schema-dsl.js";
import { convert } from "../src/convert.js";
import { SOURCE_IMAGE_TYPES } from "../src/migrate/resolve/context.js";

/**
 * Driven by the schema: a blueprint that sets every leaf key of the blueprint format must come
 * out with every leaf accounted for by a converter or a reported decision, for every edge image
 * type. A new schema key without a handler fails here; so does a handler that claims a whole
 * table while one of its leaves is dropped.
 */
function sample(schema: Schema, path: string): unknown {
  switch (schema.kind) {
    case "string":
      return schema.multiline ? "line one\nline two\n" : path.endsWith("mountpoint") ? "/var/data" : path.endsWith("path") ? "/etc/e2b-sample" : "sample";
    case "integer":
      return schema.min !== undefined ? schema.min + 1 : 1;
    case "boolean":
      return true;
    case "size":
      return "1 GiB";
    case "string-or-integer":
      return "root";
    case "array":
      return [sample(schema.items, `${path}[0]`)];
    case "object":
      return Object.fromEntries(Object.entries(schema.fields).map(([k, s]) => [k, sample(s, path ? `${path}.${k}` : k)]));
  }
}

function leaves(schema: Schema, path: string): string[] {
  if (schema.kind === "array") return leaves(schema.items, `${path}[0]`);
  if (schema.kind === "object") return Object.entries(schema.fields).flatMap(([k, s]) => leaves(s, path ? `${path}.${k}` : k));
  return [path];
}

const everything = sample(blueprintSchema, "") as Record<string, unknown>;
// Values some converters check before anything else: make them valid so the leaf handlers run.
Object.assign(everything, { distro: "rhel-9.6", architecture: "x86_64", name: "every-key" });
const text = TOML.stringify(everything as TOML.JsonMap);

// Every image type, with the oldest and a recent bootc-image-builder (keys are gated by both).
const CASES = SOURCE_IMAGE_TYPES.flatMap((sourceImageType) => ["2024-04", "2026-06"].map((bibProfile) => ({ sourceImageType, bibProfile })));

describe.each(CASES)("every blueprint leaf key is accounted for ($sourceImageType, bib $bibProfile)", ({ sourceImageType, bibProfile }) => {
  const result = convert({ path: "every.toml", text }, { sourceImageType, bibProfile, salt: { seed: "coverage" } });
  const byKey = new Map(result.report.coverage.map((c) => [c.keyPath, c]));

  it("has a coverage entry for every leaf of the schema", () => {
    const missing = leaves(blueprintSchema, "").filter((k) => !byKey.has(k));
    expect(missing).toEqual([]);
  });

  it("has no key that no converter claimed", () => {
    expect(result.report.findings.filter((f) => f.id === "convert.unaccounted-key").map((f) => f.source.keyPath)).toEqual([]);
  });
});
