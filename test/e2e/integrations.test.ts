import { spawnSync } from "node:child_process";
import { appendFileSync, cpSync, existsSync, rmSync, writeFileSync } from "node:fs";
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
  const hooks = [...yaml.matchAll(/^- id: (\S+)[\s\S]*?^ {2}entry: (.+)$([\s\S]*?)(?=^- id:|(?![\s\S]))/gm)].map((m) => ({
    id: m[1]!,
    entry: m[2]!,
    rest: m[3]!,
  }));

  it("define a check hook and a convert hook that run whatever the commit touches, so any configured output folder is followed", () => {
    expect(hooks.map((h) => h.id)).toEqual(["edge2bootc-check", "edge2bootc-convert"]);
    for (const h of hooks) {
      expect(h.rest).toMatch(/^ {2}always_run: true$/m);
      // A files: pattern would name one output folder (bootc/) and miss a tree edge2bootc.toml puts elsewhere.
      expect(h.rest).not.toMatch(/^ {2}files:/m);
    }
  });

  it("the check hook sees a stale tree in an output folder edge2bootc.toml chose", () => {
    const dir = fleetRepo();
    const config = read(join(dir, "edge2bootc.toml"));
    const moved = config.match(/^output = /m) ? config.replace(/^output = .*$/m, 'output = "generated/bootc"') : `output = "generated/bootc"\n${config}`;
    writeFileSync(join(dir, "edge2bootc.toml"), moved);
    const [check, convert] = hooks;
    expect(runDocumented(convert!.entry, dir).code).toBe(0);
    expect(existsSync(join(dir, "generated/bootc/fleet/web/Containerfile"))).toBe(true);
    appendFileSync(join(dir, "generated/bootc/fleet/web/Containerfile"), "# edited\n");
    expect(runDocumented(check!.entry, dir).code).toBe(1);
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

  it("runs one step that diffs the tree and writes the SARIF it uploads, also when the tree is stale", () => {
    expect(steps).toHaveLength(1);
    expect(workflow).toContain("sarif_file: ${{ runner.temp }}/reports/batch-report.sarif");
    const dir = fleetRepo();
    // The set-up the workflow is written for: reports kept out of the committed tree.
    writeFileSync(join(dir, "edge2bootc.toml"), `reports-dir = ".edge2bootc-reports"\n${read(join(dir, "edge2bootc.toml"))}`);
    const temp = tempDir();
    expect(runDocumented("edge2bootc batch . --quiet", dir).code).toBe(0); // the committed tree
    const before = read(join(dir, "bootc/fleet/web/Containerfile"));
    const clean = runDocumented(steps[0]!, dir, { RUNNER_TEMP: temp });
    expect([0, 4]).toContain(clean.code); // 4 when a finding is unsupported (--fail-on)
    expect(clean.stdout).toBe("");
    const sarif = join(temp, "reports", "batch-report.sarif");
    validateSarif(JSON.parse(read(sarif)));
    expect(validateSarif.errors ?? []).toEqual([]);
    rmSync(join(temp, "reports"), { recursive: true });
    appendFileSync(join(dir, "fleet/web.toml"), '\n[[packages]]\nname = "tmux"\n');
    const stale = runDocumented(steps[0]!, dir, { RUNNER_TEMP: temp });
    expect(stale.code).toBe(1);
    expect(stale.stdout).toContain("+++ b/fleet/web/Containerfile");
    expect(existsSync(sarif)).toBe(true); // uploaded all the same
    expect(read(join(dir, "bootc/fleet/web/Containerfile"))).toBe(before); // the diff step wrote nothing in the tree
  });

  it("pins every action by commit SHA, grants what upload-sarif needs, and skips forks and failed installs", () => {
    const uses = [...workflow.matchAll(/uses: (\S+)@(\S+)/g)];
    expect(uses.length).toBe(3);
    for (const [, action, ref] of uses) expect(ref, action).toMatch(/^[0-9a-f]{40}$/);
    expect(workflow).toMatch(/security-events: write/);
    expect(workflow).toMatch(/actions: read/);
    // Neither later step runs after a failed install (one error, not three), and forks do not upload.
    const conditions = [...workflow.matchAll(/if: \$\{\{ (.+) \}\}/g)].map((m) => m[1]!);
    expect(conditions).toHaveLength(1);
    expect(conditions[0]).toContain("!cancelled() && steps.install.outcome == 'success'");
    expect(conditions[0]).toContain("github.event.pull_request.head.repo.full_name == github.repository");
    expect(workflow).not.toMatch(/if: always\(\)/);
  });
});
