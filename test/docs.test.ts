import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { listFiles, ROOT } from "./helpers.js";

const ARCHITECTURE = join(ROOT, "docs/architecture.md");
const text = readFileSync(ARCHITECTURE, "utf8");

/** Every file and folder of the project, relative to the root and to src/ (the doc names both ways). */
function projectPaths(): Set<string> {
  const paths = new Set<string>();
  for (const dir of ["src", "test", "templates", "scripts", "schema", "bench"]) {
    for (const file of listFiles(join(ROOT, dir))) {
      const rel = `${dir}/${file}`;
      const parts = rel.split("/");
      for (let i = 1; i <= parts.length; i++) {
        const prefix = parts.slice(0, i).join("/");
        paths.add(i < parts.length ? `${prefix}/` : prefix);
        if (parts[0] === "src" && i > 1) {
          const inSrc = parts.slice(1, i).join("/");
          paths.add(i < parts.length ? `${inSrc}/` : inSrc);
        }
      }
    }
  }
  return paths;
}

describe("docs/architecture.md", () => {
  it("opens and closes every code fence on a line of its own, so GitHub renders the rest", () => {
    const fences = text.split("\n").filter((line) => line.includes("```"));
    expect(fences.every((line) => /^```[a-z]*$/.test(line))).toBe(true);
    expect(fences.length % 2).toBe(0);
  });

  it("names only source files and folders that exist", () => {
    const all = projectPaths();
    const basenames = new Set([...all].map((p) => p.replace(/\/$/, "").split("/").pop()));
    const named = [...text.matchAll(/`([\w./-]+\.(?:ts|hbs|mjs|tsv)|[\w.-]+(?:\/[\w.-]+)*\/)`/g)].map((m) => m[1]!);
    expect(named.length).toBeGreaterThan(40);
    // A bare file name (`project.ts`) is read in the folder of its row; a path must exist as written.
    const missing = named.filter((p) => (p.includes("/") && !p.endsWith("/") ? !all.has(p) : !all.has(p) && !basenames.has(p)));
    expect(missing).toEqual([]);
  });
});
