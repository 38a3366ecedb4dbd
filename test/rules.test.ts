import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderRulesDoc, RULES, RULES_DOC } from "../src/core/rules.js";
import { ROOT } from "./helpers.js";

/** Every finding id raised in src, found by reading the code (ids are literal strings). */
function idsInSource(): string[] {
  const files: string[] = [];
  const walk = (dir: string) =>
    readdirSync(dir, { withFileTypes: true }).forEach((e) =>
      e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith(".ts") && files.push(join(dir, e.name)),
    );
  walk(join(ROOT, "src"));
  const ids = new Set<string>();
  for (const file of files.filter((f) => !f.endsWith(join("core", "rules.ts")))) {
    for (const m of readFileSync(file, "utf8").matchAll(/(?:\bid: |\.add\(\s*)"([a-z0-9-]+\.[a-z0-9.-]+)"/g)) ids.add(m[1]!);
  }
  return [...ids].sort();
}

describe("the rule catalogue", () => {
  const used = idsInSource();

  it("defines every finding id the code raises", () => {
    expect(used.filter((id) => !Object.hasOwn(RULES, id))).toEqual([]);
  });

  it("has no rule the code never raises", () => {
    expect(Object.keys(RULES).filter((id) => !used.includes(id))).toEqual([]);
  });

  it("docs/rules.md is generated from it (npm run docs:rules)", () => {
    expect(readFileSync(join(ROOT, RULES_DOC), "utf8")).toBe(renderRulesDoc());
  });

  it("refuses a finding under an id it does not define", async () => {
    const { KickstartFindings } = await import("../src/kickstart/findings.js");
    expect(() => new KickstartFindings().add("kickstart.no-such-rule", "info", { file: "k", line: 1, column: 1 }, "t", "d")).toThrow(
      /not in the rule catalogue/,
    );
  });
});
