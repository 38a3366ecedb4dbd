import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { GOLDEN_CASES, runCase } from "./cases.js";
import { boilerplateLines, FULL_TEXT_CASE, goldenFiles, isWordingLine, WORDING_TEMPLATES } from "./golden-files.js";
import { read, ROOT, tempDir } from "./helpers.js";

/**
 * A copy of templates/ whose comments and report prose are reworded, as an editor would: every
 * wording line of the Containerfile, sysusers.d, tmpfiles.d and Markdown report templates gains a
 * word. Rendering every golden case with it must rewrite the goldens of one case only.
 */
const REWORDED = vi.hoisted(() => ({ dir: "" }));

vi.mock("../src/render/template-source.js", async (importOriginal) => {
  const original = await importOriginal<typeof import("../src/render/template-source.js")>();
  return { ...original, templateEnvironment: (options: CompileOptions) => original.templateEnvironment(options, REWORDED.dir) };
});

/** Adds a word after the first word outside `{{…}}`. */
function reword(line: string): string {
  let done = false;
  return line
    .split(/(\{\{[^}]*\}\})/)
    .map((part) => {
      if (done || part.startsWith("{{") || !/[A-Za-z]{3,}/.test(part)) return part;
      done = true;
      return part.replace(/[A-Za-z]{3,}/, "$& (reworded)");
    })
    .join("");
}

function rewordTemplates(): string {
  const dir = tempDir("e2b-templates-");
  cpSync(join(ROOT, "templates"), dir, { recursive: true });
  for (const file of WORDING_TEMPLATES) {
    const path = join(dir, file);
    const lines = readFileSync(path, "utf8").split("\n");
    writeFileSync(path, lines.map((line) => (isWordingLine(file, line) ? reword(line) : line)).join("\n"));
  }
  return dir;
}

describe("golden churn", () => {
  it("rewording the templates rewrites the goldens of one case, not of every case", () => {
    REWORDED.dir = rewordTemplates();
    const boilerplate = boilerplateLines(REWORDED.dir);
    const changed: string[] = [];
    for (const c of GOLDEN_CASES) {
      for (const a of goldenFiles(c.name, runCase(c).artifacts, boilerplate))
        if (a.contents !== read(join(ROOT, c.expected, a.path))) changed.push(`${c.name}: ${a.path}`);
    }
    // The example keeps full text, so its Containerfile, sysusers.d, tmpfiles.d and report change there.
    expect(changed.length).toBeGreaterThanOrEqual(4);
    expect(
      changed.every((entry) => entry.startsWith(`${FULL_TEXT_CASE}: `)),
      changed.join("\n"),
    ).toBe(true);
  });
});
