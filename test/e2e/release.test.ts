/**
 * The release workflow and the tool's own Containerfile (issue 20), run here as far as they can
 * be: the npm job's steps in a clone with DRY_RUN=--dry-run, the image job's steps against a
 * podman stand-in that records what it was asked (no base image can be pulled here), and the
 * image's file layout rebuilt from the Containerfile's COPY lines and run with its ENTRYPOINT.
 */
import { validate } from "dockerfile-utils";
import { spawnSync } from "node:child_process";
import { chmodSync, cpSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { read, ROOT, tempDir } from "../helpers.js";

interface Step {
  job: string;
  name: string;
  run: string;
}

/** The named `run:` steps of a workflow, by job (this file's shape: one-line or `|` block scripts). */
function stepsOf(yaml: string): Step[] {
  const steps: Step[] = [];
  let job = "";
  const lines = yaml.split("\n");
  lines.forEach((line, i) => {
    const j = /^ {2}(\w[\w-]*):$/.exec(line);
    if (j) job = j[1]!;
    const name = /^ {6}- name: (.+)$/.exec(line);
    const run = /^ {8}run: (.*)$/.exec(lines[i + 1] ?? "");
    if (!name || !run) return;
    let script = run[1]!;
    if (script === "|") {
      const body: string[] = [];
      for (let k = i + 2; k < lines.length && /^ {10}/.test(lines[k]!); k++) body.push(lines[k]!.slice(10));
      script = body.join("\n");
    }
    steps.push({ job, name: name[1]!, run: script });
  });
  return steps;
}

const sh = (script: string, cwd: string, env: NodeJS.ProcessEnv) => {
  const r = spawnSync("sh", ["-c", script], { cwd, encoding: "utf8", env: { ...process.env, ...env }, timeout: 600_000 });
  return { code: r.status, output: `${r.stdout}${r.stderr}` };
};
const inGit = existsSync(join(ROOT, ".git")) && spawnSync("git", ["--version"]).status === 0;
const VERSION = JSON.parse(read(join(ROOT, "package.json"))).version as string;
const steps = stepsOf(read(join(ROOT, ".github/workflows/release.yml")));
const step = (job: string, name: string) => steps.find((s) => s.job === job && s.name === name)!.run;

describe("release workflow (.github/workflows/release.yml)", () => {
  it("has the steps this test runs", () => {
    expect(steps.map((s) => `${s.job}: ${s.name}`)).toEqual([
      "npm: The tag names the package version",
      "npm: The committed bundles are this commit's build",
      "npm: Publish to npm",
      "image: Build the image",
      "image: Push the image",
    ]);
  });

  it("refuses a tag that does not name the package version", () => {
    expect(sh(step("npm", "The tag names the package version"), ROOT, { GITHUB_REF_NAME: `v${VERSION}` }).code).toBe(0);
    expect(sh(step("npm", "The tag names the package version"), ROOT, { GITHUB_REF_NAME: "v9.9.9" }).code).not.toBe(0);
  });

  it.skipIf(!inGit)("builds, checks and publishes (dry run) from a clean clone", () => {
    const clone = join(tempDir(), "clone");
    expect(spawnSync("git", ["clone", "-q", ROOT, clone]).status).toBe(0);
    const env = { GITHUB_REF_NAME: `v${VERSION}`, DRY_RUN: "--dry-run", NPM_CONFIG_PROVENANCE: "false" };
    const build = sh(step("npm", "The committed bundles are this commit's build"), clone, env);
    expect(build.code, build.output).toBe(0);
    const publish = sh(step("npm", "Publish to npm"), clone, env);
    expect(publish.code, publish.output).toBe(0);
    expect(publish.output).toContain(`+ edge2bootc@${VERSION}`);
  });

  it("builds the image from the Containerfile and pushes the tag it built (podman stand-in)", () => {
    const bin = join(tempDir(), "bin");
    mkdirSync(bin);
    const log = join(bin, "podman.log");
    writeFileSync(join(bin, "podman"), `#!/bin/sh\necho "podman $*" >> "${log}"\ncat > /dev/null\n`);
    chmodSync(join(bin, "podman"), 0o755);
    const env = { PATH: `${bin}:${process.env.PATH}`, GITHUB_REF_NAME: `v${VERSION}`, GITHUB_ACTOR: "ci", GITHUB_TOKEN: "not-a-token", PUSH: "" };
    expect(sh(step("image", "Build the image"), ROOT, env).code).toBe(0);
    expect(sh(step("image", "Push the image"), ROOT, env).code).toBe(0);
    const tag = `ghcr.io/edge2bootc/edge2bootc:${VERSION}`;
    expect(read(log).trim().split("\n")).toEqual([
      `podman build --file Containerfile --tag ${tag} .`,
      "podman login ghcr.io --username ci --password-stdin",
      `podman push ${tag}`,
    ]);
  });
});

describe("the tool's Containerfile", () => {
  const containerfile = read(join(ROOT, "Containerfile"));

  it("parses, and runs edge2bootc from the files it copies, as its ENTRYPOINT does", () => {
    expect(validate(containerfile)).toEqual([]);
    const root = tempDir();
    for (const m of containerfile.matchAll(/^COPY (.+)$/gm)) {
      const words = m[1]!.split(/\s+/);
      const dest = words.pop()!;
      for (const src of words) {
        const to = src.endsWith("/") ? join(root, dest, "") : join(root, dest, src.split("/").pop()!);
        mkdirSync(dirname(to), { recursive: true });
        cpSync(join(ROOT, src), src.endsWith("/") ? join(root, dest) : to, { recursive: true });
      }
    }
    for (const m of containerfile.matchAll(/^RUN (.+)$/gm)) {
      const step = spawnSync("sh", ["-c", m[1]!.replaceAll("/opt/", `${root}/opt/`)], { encoding: "utf8" });
      expect(step.status, step.stderr).toBe(0);
    }
    expect(existsSync(join(root, "opt/edge2bootc/dist/bundle/cli.code-cache"))).toBe(true);
    const entry = JSON.parse(/^ENTRYPOINT (.+)$/m.exec(containerfile)![1]!) as string[];
    expect(entry[0]).toBe("node");
    const out = join(tempDir(), "out");
    const r = spawnSync(
      process.execPath,
      [join(root, entry[1]!), "convert", "examples/edge-project/blueprint.toml", "--kickstart", "examples/edge-project/edge.ks", "-o", out, "-q"],
      { cwd: ROOT, encoding: "utf8" },
    );
    expect(r.status, r.stderr).toBe(0);
    expect(read(join(out, "Containerfile"))).toBe(read(join(ROOT, "examples/edge-project/expected/Containerfile")));
  });
});
