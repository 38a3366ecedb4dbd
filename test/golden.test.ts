import { validate } from "dockerfile-utils";
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { convert } from "../src/convert.js";
import { listFiles, read, ROOT } from "./helpers.js";

/** Each case: a blueprint we wrote and the whole output folder we reviewed. UPDATE_GOLDEN=1 rewrites them. */
const cases = [
  ...readdirSync(join(ROOT, "fixtures"))
    .sort()
    .map((name) => ({ name, input: `fixtures/${name}/input/blueprint.toml` })),
  { name: "edge-project (examples/)", input: "examples/edge-project/blueprint.toml", expected: "examples/edge-project/expected" },
];

describe.each(cases)("golden: $name", ({ name, input, expected }) => {
  const expectedDir = join(ROOT, expected ?? `fixtures/${name}/expected`);
  const result = convert({ path: input, text: read(join(ROOT, input)) });

  if (process.env.UPDATE_GOLDEN) {
    rmSync(expectedDir, { recursive: true, force: true });
    for (const a of result.artifacts) {
      mkdirSync(dirname(join(expectedDir, a.path)), { recursive: true });
      writeFileSync(join(expectedDir, a.path), a.contents);
    }
  }

  it("produces exactly the reviewed files", () => {
    expect(result.artifacts.map((a) => a.path)).toEqual(listFiles(expectedDir));
    for (const a of result.artifacts) expect(a.contents, a.path).toBe(read(join(expectedDir, a.path)));
  });

  it("writes a Containerfile that a third-party parser accepts without errors", () => {
    const containerfile = result.artifacts.find((a) => a.path === "Containerfile")!.contents;
    expect(validate(containerfile)).toEqual([]);
  });

  it("ends with bootc container lint and names the source of every instruction", () => {
    const lines = read(join(expectedDir, "Containerfile")).trimEnd().split("\n");
    expect(lines.at(-1)).toBe("RUN bootc container lint");
    lines.forEach((line, i) => {
      if (/^(RUN|COPY)\b/.test(line) && line !== "RUN bootc container lint") {
        expect(lines[i - 1], `instruction at line ${i + 1}`).toMatch(/^# .+ \(.+:\d+(-\d+)?\)$/);
      }
    });
  });

  it("COPYs only files it also writes", () => {
    const written = new Set(result.artifacts.map((a) => a.path));
    for (const step of result.plan.steps) if (step.kind === "copy") expect(written.has(step.source), step.source).toBe(true);
  });

  it("accounts for every input key", () => {
    expect(result.plan.findings.filter((f) => f.id === "convert.unaccounted-key")).toEqual([]);
    expect(result.report.coverage.length).toBeGreaterThan(0);
  });

  it("is byte-identical when converted again", () => {
    const again = convert({ path: input, text: read(join(ROOT, input)) });
    expect(again.artifacts).toEqual(result.artifacts);
  });
});
