import { spawnSync } from "node:child_process";
import { appendFileSync, cpSync, existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { validateSarif } from "../report/sarif-schema.js";
import { CLI, listFiles, read, ROOT, tempDir } from "../helpers.js";

const FIXTURE = join(ROOT, "fixtures", "batch-repo");

function cli(args: string[], cwd: string, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", CI: "true", ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A fresh copy of the fixture repository (tests edit it). */
function repo(): string {
  const dir = join(tempDir(), "repo");
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

const tree = (dir: string) => Object.fromEntries(listFiles(dir).map((f) => [f, read(join(dir, f))]));

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`build first (npm run compile): ${CLI} is missing`);
});

describe("edge2bootc batch", () => {
  it("converts every project into a mirrored tree, lists the broken file with its position, and exits 2", () => {
    const dir = repo();
    const r = cli(["batch", "."], dir);
    expect(r.code, r.stderr).toBe(2);
    // the broken blueprint: positioned error and code frame, nothing written for it
    expect(r.stderr).toContain("broken/bad.toml:2:12: error: TOML syntax error");
    expect(r.stderr).toContain("> 2 | [[packages]");
    expect(existsSync(join(dir, "bootc/broken"))).toBe(false);
    // every other project converted, under bootc/ mirroring the sources
    const files = listFiles(join(dir, "bootc"));
    for (const f of [
      "fleet/web/Containerfile",
      "fleet/web/kickstart/web-install.ks",
      "fleet/db/Containerfile",
      "fleet/db/kickstart/db.ks",
      "factory/line1/blueprint/config.toml",
      "kickstarts/standalone/kickstart/standalone.ks.j2",
      "kickstarts/standalone/kickstart/common/network.cfg",
      "batch-report.md",
      "batch-report.json",
      "batch-report.sarif",
    ])
      expect(files).toContain(f);
    // ignored, excluded and non-blueprint files produce nothing
    expect(files.some((f) => /^(scratch|archive|tools|composer)\//.test(f))).toBe(false);
    // the summary table names each project and the totals
    expect(r.stderr).toMatch(/fleet\/web\s+\d+\s+\d+\s+\d+\s+\d+\s+converted/);
    expect(r.stderr).toContain("total: 5 project(s), 4 converted, 1 failed, 6 file(s) skipped");
  });

  it("applies edge2bootc.toml: pairs, per-glob overrides and the image map", () => {
    const dir = repo();
    cli(["batch", ".", "-q"], dir);
    const out = join(dir, "bootc");
    // [[pair]]: the installer kickstart joined the web blueprint
    expect(read(join(out, "fleet/web/kickstart/web-install.ks"))).toContain("ostreecontainer --url=registry.example.com/fleet/edge:9.6");
    // the factory/** override made line1 an installer: its user is created at install time, not in the image
    expect(read(join(out, "factory/line1/blueprint/Containerfile"))).not.toContain("useradd");
    expect(read(join(out, "factory/line1/blueprint/config.toml"))).toMatch(/^name = "operator"$/m);
    // fleet/db is not under factory/: a commit, users would be baked (and no config.toml)
    expect(existsSync(join(out, "fleet/db/config.toml"))).toBe(false);
  });

  it("writes one combined report: JSON totals, Markdown table, SARIF the 2.1.0 schema accepts", () => {
    const dir = repo();
    cli(["batch", ".", "-q"], dir);
    const json = JSON.parse(read(join(dir, "bootc/batch-report.json")));
    expect(json.totals).toMatchObject({ projects: 5, converted: 4, failed: 1, skipped: 6 });
    expect(json.projects.find((p: { name: string }) => p.name === "fleet/db").pairing).toBe("name");
    expect(json.skipped.map((s: { path: string }) => s.path)).toEqual([
      "archive",
      "composer/repo.toml",
      "kickstarts/common/network.cfg",
      "tools/ansible.cfg",
      "tools/config.toml",
      "tools/settings.toml",
    ]);
    const md = read(join(dir, "bootc/batch-report.md"));
    expect(md).toContain("| [fleet/web](fleet/web/migration-report.md) | `fleet/web.toml`, `installers/web-install.ks` (paired by config) |");
    expect(md).toContain("- **broken/bad**: broken/bad.toml:2:12: TOML syntax error");
    const sarif = JSON.parse(read(join(dir, "bootc/batch-report.sarif")));
    validateSarif(sarif);
    expect(validateSarif.errors ?? []).toEqual([]);
    const results = sarif.runs[0].results;
    // paths relative to the repository root, and the broken file is a result where it broke
    const uris = new Set(
      results.map((r: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => r.locations[0]!.physicalLocation.artifactLocation.uri),
    );
    expect(uris).toContain("broken/bad.toml");
    expect(uris).toContain("fleet/web.toml");
    const broken = results.find((r: { ruleId: string }) => r.ruleId === "batch.input-error");
    expect(broken.locations[0].physicalLocation.region).toEqual({ startLine: 2, startColumn: 12 });
    const prints = results.map((r: { partialFingerprints: Record<string, string> }) => r.partialFingerprints["edge2bootc/v1"]);
    expect(new Set(prints).size).toBe(prints.length);
  });

  it("checks, diffs and protects hand edits; --fail-on gates on findings", () => {
    const dir = repo();
    rmSync(join(dir, "broken"), { recursive: true });
    expect(cli(["batch", ".", "-q"], dir).code).toBe(0);
    expect(cli(["batch", ".", "--check"], dir)).toMatchObject({ code: 0, stdout: "" });

    appendFileSync(join(dir, "bootc/fleet/db/Containerfile"), "RUN echo hand edit\n");
    const check = cli(["batch", ".", "--check"], dir);
    expect(check.code).toBe(1);
    expect(check.stdout).toBe("changed: fleet/db/Containerfile\n");
    const diff = cli(["batch", ".", "--diff"], dir);
    expect(diff.code).toBe(1);
    expect(diff.stdout).toContain("+++ b/fleet/db/Containerfile");
    expect(diff.stdout).toContain("-RUN echo hand edit");
    expect(diff.stdout).not.toContain("\u001b["); // no colour in a pipe

    // the hand edit is never overwritten without --force, and the other projects still convert
    const write = cli(["batch", ".", "-q"], dir);
    expect(write.code).toBe(2);
    expect(write.stderr).toContain("Containerfile");
    expect(read(join(dir, "bootc/fleet/db/Containerfile"))).toContain("hand edit");
    expect(cli(["batch", ".", "-q", "--force"], dir).code).toBe(0);
    expect(read(join(dir, "bootc/fleet/db/Containerfile"))).not.toContain("hand edit");

    expect(cli(["batch", ".", "-q", "--fail-on", "unsupported"], dir).code).toBe(0);
    expect(cli(["batch", ".", "-q", "--fail-on", "warning"], dir).code).toBe(4);
  });

  it("adopts --fail-on with a baseline and [[accept]]: accepted findings pass the gate and show as suppressed", () => {
    const dir = repo();
    rmSync(join(dir, "broken"), { recursive: true });
    expect(cli(["batch", ".", "-q", "--fail-on", "warning", "--write-baseline", "baseline.json"], dir).code).toBe(4);
    expect(cli(["batch", ".", "-q", "--fail-on", "warning", "--baseline", "baseline.json"], dir).code).toBe(0);
    // Drift wins over findings: 1, not 4.
    appendFileSync(join(dir, "bootc/fleet/db/Containerfile"), "RUN echo hand edit\n");
    expect(cli(["batch", ".", "--check", "--fail-on", "warning"], dir).code).toBe(1);
    rmSync(join(dir, "bootc"), { recursive: true });

    // One rule accepted in edge2bootc.toml for every file: its alerts are suppressed, the rest stay open.
    const sarifOf = () =>
      JSON.parse(read(join(dir, "bootc/batch-report.sarif"))).runs[0].results as { ruleId: string; suppressions?: { kind: string; justification: string }[] }[];
    cli(["batch", ".", "-q"], dir);
    const rule = sarifOf().find((r) => !r.suppressions)!.ruleId;
    writeFileSync(join(dir, "edge2bootc.toml"), `[[accept]]\nrule = "${rule}"\nreason = "decided in review"\n`);
    expect(cli(["batch", ".", "-q"], dir).code).toBe(0);
    const results = sarifOf();
    expect(
      results
        .filter((r) => r.ruleId === rule)
        .every((r) => r.suppressions?.[0]?.kind === "external" && r.suppressions[0].justification === "decided in review"),
    ).toBe(true);
    expect(results.filter((r) => r.ruleId !== rule).every((r) => r.suppressions === undefined)).toBe(true);
    expect(JSON.parse(read(join(dir, "bootc/batch-report.json"))).totals.accepted).toBe(results.filter((r) => r.ruleId === rule).length);
  });

  it("reports a project whose inputs are gone as stale", () => {
    const dir = repo();
    rmSync(join(dir, "broken"), { recursive: true });
    cli(["batch", ".", "-q"], dir);
    rmSync(join(dir, "fleet/db.toml"));
    rmSync(join(dir, "fleet/db.ks"));
    const check = cli(["batch", ".", "--check"], dir);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain("stale: fleet/db/");
    // Reported on every run until removed, not only on the first run after the inputs went.
    for (let run = 0; run < 2; run++)
      expect(cli(["batch", "."], dir).stderr).toContain("bootc/fleet/db belongs to inputs that are gone; remove it with --prune");
    expect(cli(["batch", ".", "--check"], dir).stdout).toContain("stale: fleet/db/");

    // --prune removes what edge2bootc wrote, refusing a hand edit without --force, keeping foreign files.
    appendFileSync(join(dir, "bootc/fleet/db/Containerfile"), "RUN echo hand edit\n");
    writeFileSync(join(dir, "bootc/fleet/db/NOTES.md"), "ours\n");
    const refused = cli(["batch", ".", "--prune"], dir);
    expect(refused.code).toBe(2);
    expect(read(join(dir, "bootc/fleet/db/Containerfile"))).toContain("hand edit");
    const pruned = cli(["batch", ".", "--prune", "--force"], dir);
    expect(pruned.code).toBe(0);
    expect(pruned.stderr).toContain("kept files it did not write: NOTES.md");
    expect(listFiles(join(dir, "bootc/fleet/db"))).toEqual(["NOTES.md"]);
    rmSync(join(dir, "bootc/fleet/db/NOTES.md"));
    expect(cli(["batch", ".", "--check"], dir)).toMatchObject({ code: 0, stdout: "" });
  });

  it("gives the same bytes on one thread and on two, run after run", () => {
    const one = repo();
    const two = repo();
    const env = { EDGE2BOOTC_SALT_SEED: "batch-test" };
    cli(["batch", ".", "-q", "-j", "1"], one, env);
    cli(["batch", ".", "-q", "-j", "2"], two, env);
    expect(tree(join(two, "bootc"))).toEqual(tree(join(one, "bootc")));
  });

  it("refuses a symlink in the output tree and a missing config pair target, exit 2", () => {
    const dir = repo();
    const outside = tempDir();
    symlinkSync(outside, join(dir, "bootc"));
    const r = cli(["batch", ".", "-q"], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("symlink");
    expect(listFiles(outside)).toEqual([]);

    const bad = repo();
    writeFileSync(join(bad, "edge2bootc.toml"), '[[pair]]\nblueprint = "fleet/none.toml"\nkickstarts = ["fleet/db.ks"]\n');
    const p = cli(["batch", ".", "-q"], bad);
    expect(p.code).toBe(2);
    expect(p.stderr).toContain("fleet/none.toml, which is not a blueprint the batch found");
  });

  it("rejects a bad edge2bootc.toml with its position before converting anything", () => {
    const dir = repo();
    writeFileSync(join(dir, "edge2bootc.toml"), '[defaults]\nsource-image-type = "edge-iso"\n');
    const r = cli(["batch", "."], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("edge2bootc.toml:2:1: error: defaults.source-image-type: expected one of edge-commit");
    expect(existsSync(join(dir, "bootc"))).toBe(false);
  });
});

describe("batch progress bar", () => {
  async function stderrOf(env: Record<string, string | undefined>, tty: boolean, extra: string[] = []) {
    const { run } = await import("../../src/cli/program.js");
    const dir = repo();
    let err = "";
    await run(["batch", dir, ...extra], { stdout: () => {}, stderr: (s) => (err += s), env: { NO_COLOR: "1", ...env }, cwd: dir, stderrIsTTY: tty });
    return err;
  }

  it("draws on a terminal only: not in a pipe, under CI=true or with --quiet", async () => {
    expect(await stderrOf({}, true)).toMatch(/\r\[#+\.*\] \d+\/5 projects/);
    expect(await stderrOf({}, false)).not.toMatch(/\r\[/);
    expect(await stderrOf({ CI: "true" }, true)).not.toMatch(/\r\[/);
    expect(await stderrOf({}, true, ["--quiet"])).not.toMatch(/\r\[/);
  });
});

describe("batch discovery of what edge repositories hold", () => {
  const write = (dir: string, path: string, text: string) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  const KS = "lang en_US\n{% if wipe %}\nzerombr\n{% endif %}\nostreesetup --nogpg --osname=rhel --remote=edge --url={{ url }} --ref=rhel/9/x86_64/edge\n";

  it("finds templated kickstarts by content, skips vendored and foreign TOML with reasons, and converts files include names", () => {
    const dir = tempDir();
    write(dir, "templates/kickstart.j2", KS);
    write(dir, "templates/nginx.conf.j2", "user nginx;\nserver { listen {{ port }}; }\n");
    write(dir, "Protobuild.toml", 'version = "2"\n[packages]\n"gogoproto" = "x"\n');
    write(dir, "vendor/github.com/x/y/blueprint.toml", 'name = "vendored"\n');
    write(dir, "deploy/install.txt", "lang en_US\nostreesetup --url=http://h/r --ref=rhel/9/x86_64/edge --osname=rhel\n");
    write(dir, "edge2bootc.toml", 'include = ["deploy/*.txt"]\n');
    const r = cli(["batch", ".", "-q"], dir);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(read(join(dir, "bootc/batch-report.json")));
    expect(report.projects.map((p: { name: string }) => p.name)).toEqual(["deploy/install", "templates/kickstart"]);
    expect(report.skipped).toEqual([
      { path: "Protobuild.toml", reason: "TOML whose packages is a table where a blueprint has an array: not a blueprint" },
      { path: "vendor", reason: expect.stringContaining("vendored third-party code") },
    ]);
    // The template's own expressions are reported, where they are.
    const ks = JSON.parse(read(join(dir, "bootc/templates/kickstart/migration-report.json")));
    expect(
      ks.findings.filter((f: { id: string }) => f.id === "kickstart.template-placeholder").map((f: { source: { line: number } }) => f.source.line),
    ).toEqual([2, 4, 5]);
  });

  it("explains finding no project: what it looked for and the files that mention ostreesetup but were not taken", () => {
    const dir = tempDir();
    write(dir, "deploy/install.txt", "lang en_US\nostreesetup --url=http://h/r --ref=r --osname=rhel\n");
    write(dir, "bp.toml.j2", 'name = {{ n }}\n[[packages]]\nname = "vim"\n');
    write(dir, "notes.md", "nothing here\n");
    const r = cli(["batch", "."], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("no project found. A batch looks for blueprints");
    expect(r.stderr).toContain("  bp.toml.j2: a template that is not valid TOML until it is rendered (1:10)");
    expect(r.stderr).toContain("  deploy/install.txt: its name is not one a batch reads as an input: name it in include");
    expect(r.stderr).not.toContain("notes.md");
  });
});
