import { spawnSync } from "node:child_process";
import { appendFileSync, cpSync, existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI, read, ROOT, tempDir } from "../helpers.js";
import { validateSarif } from "../report/sarif-schema.js";

/** Runs a documented `edge2bootc ...` command line with the built CLI, in a shell like CI does. */
function runDocumented(command: string, cwd: string, env: Record<string, string> = {}) {
  const shell = command.replace(/^edge2bootc\b/, `"${process.execPath}" "${CLI}"`);
  const r = spawnSync("sh", ["-c", shell], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", CI: "true", ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function fleetRepo(): string {
  const dir = join(tempDir(), "repo");
  cpSync(join(ROOT, "fixtures", "batch-repo"), dir, { recursive: true });
  rmSync(join(dir, "broken"), { recursive: true });
  return dir;
}

describe("pre-commit hooks (.pre-commit-hooks.yaml)", () => {
  const yaml = read(join(ROOT, ".pre-commit-hooks.yaml"));
  const hooks = [...yaml.matchAll(/^- id: (\S+)[\s\S]*?^ {2}entry: (.+)$[\s\S]*?^ {2}files: '(.+)'$/gm)].map((m) => ({
    id: m[1]!,
    entry: m[2]!,
    files: m[3]!,
  }));

  it("define a check hook and a convert hook, run on blueprints, kickstarts and bootc/", () => {
    expect(hooks.map((h) => h.id)).toEqual(["edge2bootc-check", "edge2bootc-convert"]);
    for (const h of hooks) {
      const files = new RegExp(h.files);
      for (const path of ["fleet/web.toml", "kickstarts/site.ks.j2", "templates/kickstart.j2", "installers/a.cfg", "bootc/fleet/web/Containerfile"])
        expect(files.test(path), path).toBe(true);
      expect(files.test("README.md")).toBe(false);
    }
  });

  it("convert writes the tree, check passes on it and fails after a blueprint edit", () => {
    const dir = fleetRepo();
    const [check, convert] = hooks;
    expect(runDocumented(convert!.entry, dir).code).toBe(0);
    expect(runDocumented(check!.entry, dir)).toMatchObject({ code: 0, stdout: "" });
    appendFileSync(join(dir, "fleet/web.toml"), '\n[[packages]]\nname = "tmux"\nversion = "*"\n');
    const drift = runDocumented(check!.entry, dir);
    expect(drift.code).toBe(1);
    expect(drift.stdout).toContain("changed: fleet/web/Containerfile");
  });
});

describe("GitHub Actions example (docs/ci/github-actions.yml)", () => {
  const workflow = read(join(ROOT, "docs", "ci", "github-actions.yml"));
  const steps = [...workflow.matchAll(/^\s+run: (edge2bootc .+)$/gm)].map((m) => m[1]!);

  it("runs the diff step and the SARIF step, and uploads the SARIF it wrote", () => {
    expect(steps).toHaveLength(2);
    expect(workflow).toContain("sarif_file: ${{ runner.temp }}/bootc/batch-report.sarif");
    const dir = fleetRepo();
    const temp = tempDir();
    expect(runDocumented("edge2bootc batch . --quiet", dir).code).toBe(0); // the committed tree
    const diff = runDocumented(steps[0]!, dir, { RUNNER_TEMP: temp });
    expect(diff).toMatchObject({ code: 0, stdout: "" });
    const sarifStep = runDocumented(steps[1]!, dir, { RUNNER_TEMP: temp });
    expect([0, 4]).toContain(sarifStep.code); // 4 when a finding is unsupported (--fail-on)
    const sarif = join(temp, "bootc", "batch-report.sarif");
    expect(existsSync(sarif)).toBe(true);
    validateSarif(JSON.parse(read(sarif)));
    expect(validateSarif.errors ?? []).toEqual([]);
  });

  it("pins every action by commit SHA, grants what upload-sarif needs, and skips forks and failed installs", () => {
    const uses = [...workflow.matchAll(/uses: (\S+)@(\S+)/g)];
    expect(uses.length).toBe(3);
    for (const [, action, ref] of uses) expect(ref, action).toMatch(/^[0-9a-f]{40}$/);
    expect(workflow).toMatch(/security-events: write/);
    expect(workflow).toMatch(/actions: read/);
    // Neither later step runs after a failed install (one error, not three), and forks do not upload.
    const conditions = [...workflow.matchAll(/if: \$\{\{ (.+) \}\}/g)].map((m) => m[1]!);
    expect(conditions).toHaveLength(2);
    for (const c of conditions) expect(c).toContain("steps.install.outcome == 'success'");
    expect(conditions[1]).toContain("github.event.pull_request.head.repo.full_name == github.repository");
    expect(workflow).not.toMatch(/if: always\(\)/);
  });
});
