import { validate } from "dockerfile-utils";
import { createHash } from "node:crypto";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseKickstart } from "../src/kickstart/parse.js";
import { shlexSplit } from "../src/kickstart/shlex.js";
import { GOLDEN_CASES, runCase } from "./cases.js";
import { boilerplateLines, goldenFiles } from "./golden-files.js";
import { listFiles, read, ROOT } from "./helpers.js";

const PAYLOADS = ["ostreesetup", "ostreecontainer", "bootc"];

const BOILERPLATE = boilerplateLines(join(ROOT, "templates"));

/** Each case: inputs we wrote and the output folder we reviewed. UPDATE_GOLDEN=1 rewrites them. */
describe.each(GOLDEN_CASES)("golden: $name", (c) => {
  const expectedDir = join(ROOT, c.expected);
  const full = runCase(c);
  const golden = goldenFiles(c.name, full.artifacts, BOILERPLATE);

  if (process.env.UPDATE_GOLDEN) {
    rmSync(expectedDir, { recursive: true, force: true });
    for (const a of golden) {
      mkdirSync(dirname(join(expectedDir, a.path)), { recursive: true });
      writeFileSync(join(expectedDir, a.path), a.contents);
    }
  }

  it("produces exactly the reviewed files", () => {
    expect(golden.map((a) => a.path)).toEqual(listFiles(expectedDir));
    for (const a of golden) expect(a.contents, a.path).toBe(read(join(expectedDir, a.path)));
  });

  it("gives in the JSON report the sha256 of each file as written", () => {
    const written = new Map(full.artifacts.map((a) => [a.path, a.contents]));
    const outputs = full.report.outputs.filter((o) => o.sha256 !== undefined);
    for (const o of outputs) expect(o.sha256, o.path).toBe(createHash("sha256").update(written.get(o.path)!).digest("hex"));
  });

  it("is byte-identical when converted again", () => {
    expect(runCase(c).artifacts).toEqual(full.artifacts);
  });

  it("accounts for every input key and kickstart line", () => {
    expect(full.report.findings.filter((f) => f.id === "convert.unaccounted-key")).toEqual([]);
    expect(full.report.coverage.length).toBeGreaterThan(0);
  });
});

describe.each(GOLDEN_CASES.filter((c) => c.blueprint !== undefined))("golden Containerfile: $name", (c) => {
  const result = runCase(c);
  const plan = result.plan!;
  const containerfile = () => result.artifacts.find((a) => a.path === "Containerfile")!.contents;

  it("is accepted by a third-party parser without errors", () => {
    expect(validate(containerfile())).toEqual([]);
  });

  it("ends with bootc container lint and names the source of every instruction", () => {
    const lines = containerfile().trimEnd().split("\n");
    expect(lines.at(-1)).toBe("RUN bootc container lint");
    lines.forEach((line, i) => {
      if (/^(RUN|COPY)\b/.test(line) && line !== "RUN bootc container lint") {
        expect(lines[i - 1], `instruction at line ${i + 1}`).toMatch(/^# (.+ \([^:()]+\)(; edge2bootc: .+)?|edge2bootc: .+)$/);
      }
    });
  });

  it("COPYs only files it also writes", () => {
    const written = new Set(result.artifacts.map((a) => a.path));
    for (const step of plan.steps) if (step.kind === "copy") expect(written.has(step.source), step.source).toBe(true);
  });
});

describe.each(GOLDEN_CASES.filter((c) => c.kickstart !== undefined))("golden kickstart: $name", (c) => {
  const result = runCase(c);
  const root = () => result.artifacts.find((a) => a.kind === "kickstart" && a.path.endsWith(c.kickstart!.split("/").at(-1)!))!;
  const commands = (text: string, file: string) => parseKickstart(text, file).entries.flatMap((e) => (e.kind === "command" ? [e.name] : []));

  it("has no ostreesetup left and exactly one image payload", () => {
    const names = result.artifacts.filter((a) => a.kind === "kickstart").flatMap((a) => commands(a.contents, a.path));
    expect(names).not.toContain("ostreesetup");
    expect(names.filter((n) => PAYLOADS.includes(n))).toHaveLength(1);
  });

  it("drops what the installer ignores next to an image payload", () => {
    const parsed = parseKickstart(root().contents, root().path);
    const kinds = parsed.entries.flatMap((e) => (e.kind === "section" ? [e.name] : e.kind === "command" ? [e.name] : []));
    for (const ignored of ["%packages", "url", "repo", "liveimg", "cdrom", "module"]) expect(kinds).not.toContain(ignored);
  });

  it("writes every command on one line that shlex splits back into the same words", () => {
    for (const line of root().contents.split("\n")) {
      expect(line.endsWith("\\"), line).toBe(false);
      if (/^(ostreecontainer|bootc) /.test(line))
        expect(
          shlexSplit(line)
            .map((t) => t.value)
            .join(" "),
        ).toBe(line);
    }
  });

  it("keeps every entry byte-for-byte unless a finding at that entry explains the change", () => {
    const input = parseKickstart(read(join(ROOT, c.kickstart!)), c.kickstart!);
    const output = new Set(root().contents.split("\n"));
    const explained = new Set(result.report.findings.filter((f) => f.source.file === c.kickstart).map((f) => f.source.line));
    for (const e of input.entries) {
      const lines = e.kind === "section" ? [e.header, ...e.body, e.end] : [e];
      const head = lines[0]!;
      if (lines.some((l) => !output.has(l.raw))) expect(explained.has(head.line), `${head.line}: ${head.raw}`).toBe(true);
    }
  });
});
