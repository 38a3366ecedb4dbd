import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { convert } from "../src/convert.js";
import { InputError } from "../src/core/errors.js";
import { CORPUS, read } from "./helpers.js";

/** Real public blueprints (many are templates); read in place, never copied into the project. */
const blueprints = existsSync(CORPUS)
  ? readdirSync(CORPUS)
      .filter((d) => !d.includes("."))
      .flatMap((d) =>
        readdirSync(join(CORPUS, d))
          .filter((f) => /\.toml(\.disabled)?$|\.toml\.tpl$/.test(f))
          .map((f) => join(d, f)),
      )
      .sort()
  : [];
if (!existsSync(CORPUS)) console.warn(`corpus tests skipped: ${CORPUS} does not exist (set E2B_CORPUS to a copy of shared/corpus)`);

describe.skipIf(blueprints.length === 0)("corpus blueprints (../shared/corpus)", () => {
  it.each(blueprints)("%s converts or fails with a positioned error", (file) => {
    const text = read(join(CORPUS, file));
    try {
      const result = convert({ path: file, text });
      expect(result.artifacts.map((a) => a.path)).toContain("Containerfile");
      expect(result.plan.findings.filter((f) => f.id === "convert.unaccounted-key")).toEqual([]);
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      for (const d of (e as InputError).diagnostics) {
        expect(d.source.file).toBe(file);
        expect(d.source.line).toBeGreaterThanOrEqual(1);
        expect(d.source.column).toBeGreaterThanOrEqual(1);
        expect(d.message.length).toBeGreaterThan(0);
      }
    }
  });
});
