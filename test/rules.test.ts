import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderRulesDoc, RULES, RULES_DOC, type RuleId } from "../src/core/rules.js";
import { ROOT } from "./helpers.js";

function sourceFiles(): string[] {
  const files: string[] = [];
  const walk = (dir: string) =>
    readdirSync(dir, { withFileTypes: true }).forEach((e) =>
      e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith(".ts") && files.push(join(dir, e.name)),
    );
  walk(join(ROOT, "src"));
  return files.filter((f) => !f.endsWith(join("core", "rules.ts")));
}

/** Every catalogued id the code names, found by reading it (ids are literal strings; the compiler checks they are catalogued). */
function idsInSource(): string[] {
  const ids = new Set<string>();
  for (const file of sourceFiles())
    for (const m of readFileSync(file, "utf8").matchAll(/"([a-z0-9-]+\.[a-z0-9.-]+)"/g)) if (Object.hasOwn(RULES, m[1]!)) ids.add(m[1]!);
  return [...ids].sort();
}

describe("the rule catalogue", () => {
  const used = idsInSource();

  it("is the only place a severity is given to a finding: no object in src names both a rule id and a severity", () => {
    const offenders = sourceFiles().flatMap((file) => [...readFileSync(file, "utf8").matchAll(/\bid: [^,\n]+,\s*severity:/g)].map((m) => `${file}: ${m[0]}`));
    expect(offenders).toEqual([]);
  });

  it("has no rule the code never raises", () => {
    expect(Object.keys(RULES).filter((id) => !used.includes(id))).toEqual([]);
  });

  it("docs/rules.md is generated from it (npm run docs:rules)", () => {
    expect(readFileSync(join(ROOT, RULES_DOC), "utf8")).toBe(renderRulesDoc());
  });

  it("refuses a finding under an id it does not define", async () => {
    const { KickstartFindings } = await import("../src/kickstart/findings.js");
    const id = "kickstart.no-such-rule" as RuleId; // as a worker or a plugin could pass it, past the compiler
    expect(() => new KickstartFindings().add(id, { file: "k", line: 1, column: 1, subject: "x" }, { title: "t", detail: "d" })).toThrow(
      /not in the rule catalogue/,
    );
  });
});
