import Ajv2020 from "ajv/dist/2020.js";
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { CLI, listFiles, ROOT, tempDir } from "../helpers.js";

function cli(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", CI: "true", EDGE2BOOTC_SALT_SEED: "placement" },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function git(args: string[], cwd: string): string {
  const r = spawnSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], { cwd, encoding: "utf8" });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

/** Lines added plus lines removed under a folder, as `git diff --numstat` counts them for a pull request. */
function changedLines(repo: string, folder: string): { total: number; files: string[] } {
  git(["add", "-A"], repo);
  const rows = git(["diff", "--cached", "--numstat", "--", folder], repo)
    .trim()
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => l.split("\t"));
  return { total: rows.reduce((sum, [add, del]) => sum + Number(add) + Number(del), 0), files: rows.map((r) => r[2]!) };
}

const BLUEPRINT = readFileSync(join(ROOT, "examples/edge-project/blueprint.toml"), "utf8");
const ONE_USER_ONE_PORT = (text: string) =>
  text.replace('"8080:tcp", ', '"8080:tcp", "9090:tcp", ') +
  '\n[[customizations.user]]\nname = "auditor"\nkey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAuditorKeyOnlyForTests auditor@example"\ngroups = ["wheel"]\n';

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`build first (npm run compile): ${CLI} is missing`);
});

describe("a committed tree that changes only where the image changes", () => {
  it("one user and one port change at most 15 lines of a committed convert output with its reports kept apart", () => {
    const repo = tempDir();
    writeFileSync(join(repo, "blueprint.toml"), BLUEPRINT);
    writeFileSync(join(repo, ".gitignore"), "reports/\n");
    expect(cli(["convert", "blueprint.toml", "-o", "bootc", "--reports-dir", "reports", "-q"], repo).code).toBe(0);
    git(["init", "-q", "."], repo);
    git(["add", "-A"], repo);
    git(["commit", "-qm", "before"], repo);
    expect(ONE_USER_ONE_PORT(BLUEPRINT)).not.toBe(BLUEPRINT);
    writeFileSync(join(repo, "blueprint.toml"), ONE_USER_ONE_PORT(BLUEPRINT));
    expect(cli(["convert", "blueprint.toml", "-o", "bootc", "--reports-dir", "reports", "-q"], repo).code).toBe(0);
    const changed = changedLines(repo, "bootc");
    // Containerfile (the port), sysusers.d (user, membership), tmpfiles.d (home, .ssh, key), the manifest's digests.
    expect(changed.files.sort()).toEqual([
      "bootc/.edge2bootc-manifest.json",
      "bootc/Containerfile",
      "bootc/overlay/usr/lib/sysusers.d/50-edge2bootc.conf",
      "bootc/overlay/usr/lib/tmpfiles.d/50-edge2bootc.conf",
    ]);
    expect(changed.total).toBeLessThanOrEqual(15);
    // The reports did change, where nobody commits them.
    expect(readFileSync(join(repo, "reports/migration-report.md"), "utf8")).toContain("auditor");
  });

  it("the same in a batch whose edge2bootc.toml keeps the reports in an ignored folder", () => {
    const repo = tempDir();
    mkdirSync(join(repo, "kiosk"));
    writeFileSync(join(repo, "kiosk/blueprint.toml"), BLUEPRINT);
    writeFileSync(join(repo, "edge2bootc.toml"), 'reports-dir = ".edge2bootc-reports"\n');
    writeFileSync(join(repo, ".gitignore"), ".edge2bootc-reports/\n");
    const first = cli(["batch", ".", "-q"], repo);
    expect(first.code, first.stderr).toBe(0);
    expect(listFiles(join(repo, "bootc")).filter((f) => f.includes("report"))).toEqual([]);
    expect(listFiles(join(repo, ".edge2bootc-reports"))).toEqual([
      ".edge2bootc-manifest.json",
      "batch-report.json",
      "batch-report.md",
      "batch-report.sarif",
      "kiosk/blueprint/.edge2bootc-manifest.json",
      "kiosk/blueprint/migration-report.json",
      "kiosk/blueprint/migration-report.md",
      "kiosk/blueprint/migration-report.sarif",
    ]);
    git(["init", "-q", "."], repo);
    git(["add", "-A"], repo);
    git(["commit", "-qm", "before"], repo);
    writeFileSync(join(repo, "kiosk/blueprint.toml"), ONE_USER_ONE_PORT(BLUEPRINT));
    // Review run: the tree is stale (exit 1) and the reports folder gets this run's findings.
    const check = cli(["batch", ".", "--check"], repo);
    expect(check.code, check.stderr).toBe(1);
    expect(readFileSync(join(repo, ".edge2bootc-reports/kiosk/blueprint/migration-report.md"), "utf8")).toContain("auditor");
    expect(cli(["batch", ".", "-q"], repo).code).toBe(0);
    const changed = changedLines(repo, "bootc");
    expect(changed.total).toBeLessThanOrEqual(15);
    expect(changed.files.every((f) => f.startsWith("bootc/kiosk/"))).toBe(true);
  });

  it("marks the generated tree linguist-generated at its top only", () => {
    const repo = tempDir();
    mkdirSync(join(repo, "kiosk"));
    writeFileSync(join(repo, "kiosk/blueprint.toml"), BLUEPRINT);
    expect(cli(["batch", ".", "-q"], repo).code).toBe(0);
    expect(readFileSync(join(repo, "bootc/.gitattributes"), "utf8")).toMatch(/^\* linguist-generated=true$/m);
    expect(existsSync(join(repo, "bootc/kiosk/blueprint/.gitattributes"))).toBe(false);
    // git itself reads it so: GitHub folds what git marks generated.
    git(["init", "-q", "."], repo);
    expect(git(["check-attr", "linguist-generated", "--", "bootc/kiosk/blueprint/Containerfile", "kiosk/blueprint.toml"], repo)).toBe(
      "bootc/kiosk/blueprint/Containerfile: linguist-generated: true\nkiosk/blueprint.toml: linguist-generated: unspecified\n",
    );
    expect(cli(["convert", "kiosk/blueprint.toml", "-o", "out", "-q"], repo).code).toBe(0);
    expect(existsSync(join(repo, "out/.gitattributes"))).toBe(true);
  });
});

describe("which reports, and where", () => {
  const project = () => {
    const dir = tempDir();
    cpSync(join(ROOT, "examples/edge-project"), dir, { recursive: true });
    return dir;
  };

  it("--report-formats picks the formats; none writes no report", () => {
    const dir = project();
    expect(cli(["convert", "blueprint.toml", "-o", "a", "--report-formats", "sarif", "-q"], dir).code).toBe(0);
    expect(listFiles(join(dir, "a")).filter((f) => f.startsWith("migration-report"))).toEqual(["migration-report.sarif"]);
    expect(cli(["convert", "blueprint.toml", "-o", "b", "--report-formats", "none", "-q"], dir).code).toBe(0);
    expect(listFiles(join(dir, "b")).filter((f) => f.startsWith("migration-report"))).toEqual([]);
    expect(listFiles(join(dir, "b"))).toContain("Containerfile");
    // Narrowing the formats later removes the report edge2bootc wrote, like any file it no longer makes.
    expect(cli(["convert", "blueprint.toml", "-o", "a", "--report-formats", "markdown", "-q"], dir).code).toBe(0);
    expect(listFiles(join(dir, "a")).filter((f) => f.startsWith("migration-report"))).toEqual(["migration-report.md"]);
  });

  it("refuses an unknown format and nested folders, with exit 2 and nothing written", () => {
    const dir = project();
    const bad = cli(["convert", "blueprint.toml", "-o", "out", "--report-formats", "md,sarif"], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("md: expected report formats from json, markdown, sarif, html, or none");
    const nested = cli(["convert", "blueprint.toml", "-o", "out", "--reports-dir", "out/reports"], dir);
    expect(nested.code).toBe(2);
    expect(nested.stderr).toContain("the reports folder out/reports and the output folder out are nested");
    expect(existsSync(join(dir, "out"))).toBe(false);
    // A reports folder gets a manifest, and batch never reads a folder holding one: it may hold no input.
    const holding = cli(["convert", "blueprint.toml", "-o", join(tempDir(), "o"), "--reports-dir", "."], dir);
    expect(holding.code).toBe(2);
    expect(holding.stderr).toContain("the reports folder . holds the input blueprint.toml: choose a folder that holds no input");
    expect(existsSync(join(dir, ".edge2bootc-manifest.json"))).toBe(false);
    expect(existsSync(join(dir, "out"))).toBe(false);
    const repo = cli(["batch", ".", "-o", join(tempDir(), "elsewhere"), "--reports-dir", "."], dir);
    expect(repo.code).toBe(2);
    expect(repo.stderr).toContain("the reports folder . holds the repository .");
    expect(existsSync(join(dir, ".edge2bootc-manifest.json"))).toBe(false);
  });

  it("--check compares the tree without the reports, and writes the reports apart", () => {
    const dir = project();
    expect(cli(["convert", "blueprint.toml", "-o", "out", "--reports-dir", "r", "-q"], dir).code).toBe(0);
    rmSync(join(dir, "r"), { recursive: true });
    const check = cli(["convert", "blueprint.toml", "-o", "out", "--reports-dir", "r", "--check"], dir);
    expect(check.code, check.stdout).toBe(0);
    expect(listFiles(join(dir, "r"))).toContain("migration-report.sarif");
    // Without --reports-dir the reports belong to the tree, so the same check finds them missing.
    const inTree = cli(["convert", "blueprint.toml", "-o", "out", "--check"], dir);
    expect(inTree.code).toBe(1);
    expect(inTree.stdout).toContain("created: migration-report.md");
  });

  it("edge2bootc.toml's reports-dir stays inside the repository and report-formats names known formats, with positions", () => {
    const repo = tempDir();
    mkdirSync(join(repo, "kiosk"));
    writeFileSync(join(repo, "kiosk/blueprint.toml"), BLUEPRINT);
    writeFileSync(join(repo, "edge2bootc.toml"), 'output = "bootc"\nreports-dir = "../elsewhere"\nreport-formats = ["sarif", "pdf"]\n');
    const r = cli(["batch", "."], repo);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("edge2bootc.toml:2:1: error: reports-dir must stay inside the repository (use --reports-dir for another place)");
    expect(r.stderr).toContain("edge2bootc.toml:3:1: error: report-formats: pdf: expected report formats from json, markdown, sarif, html, or none");
  });

  it("a project whose inputs are gone is reported and pruned among the reports too", () => {
    const repo = tempDir();
    for (const p of ["a", "b"]) {
      mkdirSync(join(repo, p));
      writeFileSync(join(repo, p, "blueprint.toml"), BLUEPRINT);
    }
    writeFileSync(join(repo, "edge2bootc.toml"), 'reports-dir = "reports"\n');
    expect(cli(["batch", ".", "-q"], repo).code).toBe(0);
    rmSync(join(repo, "b"), { recursive: true });
    const warned = cli(["batch", "."], repo);
    expect(warned.stderr).toContain("warning: bootc/b/blueprint belongs to inputs that are gone");
    expect(warned.stderr).toContain("warning: reports/b/blueprint belongs to inputs that are gone");
    const pruned = cli(["batch", ".", "--prune"], repo);
    expect(pruned.code, pruned.stderr).toBe(0);
    expect(existsSync(join(repo, "bootc/b"))).toBe(false);
    expect(existsSync(join(repo, "reports/b"))).toBe(false);
    expect(existsSync(join(repo, "reports/a/blueprint/migration-report.md"))).toBe(true);
  });
});

describe("--format json: results on stdout, for scripts", () => {
  const schemas = new Ajv2020({ allErrors: true }).addSchema(JSON.parse(readFileSync(join(ROOT, "schema", "migration-report.schema.json"), "utf8")));
  const validateProject = schemas.getSchema("https://github.com/edge2bootc/edge2bootc/schema/migration-report.schema.json")!;
  const validateBatch = schemas.compile(JSON.parse(readFileSync(join(ROOT, "schema", "batch-report.schema.json"), "utf8")));

  it("convert prints the migration report, batch the batch report, each valid against its schema; logs stay on stderr", () => {
    const dir = tempDir();
    mkdirSync(join(dir, "kiosk"));
    writeFileSync(join(dir, "kiosk/blueprint.toml"), BLUEPRINT);
    const one = cli(["convert", "kiosk/blueprint.toml", "-o", "out", "--format", "json"], dir);
    expect(one.code, one.stderr).toBe(0);
    const report = JSON.parse(one.stdout);
    expect(validateProject(report), JSON.stringify(validateProject.errors)).toBe(true);
    expect(report.summary.warning).toBeGreaterThan(0);
    expect(one.stderr).toContain("wrote out");
    const batch = cli(["batch", ".", "--format", "json"], dir);
    expect(batch.code, batch.stderr).toBe(0);
    const summary = JSON.parse(batch.stdout);
    expect(validateBatch(summary), JSON.stringify(validateBatch.errors)).toBe(true);
    expect(summary.projects.map((p: { name: string; status: string }) => `${p.name} ${p.status}`)).toEqual(["kiosk/blueprint converted"]);
    // Per-project findings, the same as the project's own report holds.
    expect(summary.projects[0].findings).toEqual(JSON.parse(readFileSync(join(dir, "bootc/kiosk/blueprint/migration-report.json"), "utf8")).findings);
    expect(summary.projects[0].findings.length).toBeGreaterThan(3);
    expect(batch.stderr).toContain("total: 1 project(s)");
    // The file batch writes is the same document.
    expect(JSON.parse(readFileSync(join(dir, "bootc/batch-report.json"), "utf8"))).toEqual(summary);
  });

  it("with --check the changed files go to stderr and stdout stays JSON; --diff refuses json", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "blueprint.toml"), BLUEPRINT);
    expect(cli(["convert", "blueprint.toml", "-o", "out", "-q"], dir).code).toBe(0);
    writeFileSync(join(dir, "blueprint.toml"), ONE_USER_ONE_PORT(BLUEPRINT));
    const check = cli(["convert", "blueprint.toml", "-o", "out", "--check", "--format", "json"], dir);
    expect(check.code).toBe(1);
    expect(JSON.parse(check.stdout).findings.length).toBeGreaterThan(0);
    expect(check.stderr).toContain("changed: Containerfile");
    const diff = cli(["convert", "blueprint.toml", "-o", "out", "--diff", "--format", "json"], dir);
    expect(diff.code).toBe(2);
    expect(diff.stderr).toContain("use --check with --format json");
  });
});

describe("-v/--verbose", () => {
  it("adds info and accepted findings (convert) and every skipped file with its reason (batch)", () => {
    const dir = tempDir();
    mkdirSync(join(dir, "kiosk"));
    writeFileSync(join(dir, "kiosk/blueprint.toml"), BLUEPRINT);
    writeFileSync(join(dir, "notes.toml"), 'title = "not a blueprint"\n');
    const quiet = cli(["convert", "kiosk/blueprint.toml", "-o", "a"], dir);
    const verbose = cli(["convert", "kiosk/blueprint.toml", "-o", "b", "-v"], dir);
    expect(quiet.stderr).not.toContain(": info: ");
    expect(verbose.stderr).toContain(": info: ");
    expect(verbose.stderr).toContain("[users.authorized-keys-first-boot]");
    const batch = cli(["batch", ".", "--verbose"], dir);
    expect(batch.code, batch.stderr).toBe(0);
    expect(batch.stderr).toMatch(/skipped notes\.toml: .+/);
    expect(batch.stderr).toContain("kiosk/blueprint.toml:");
    expect(cli(["batch", "."], dir).stderr).not.toContain("skipped notes.toml");
  });
});

describe("batch takes the convert options that apply", () => {
  it("--include-root widens where %include may read, inside the repository only", () => {
    const repo = tempDir();
    mkdirSync(join(repo, "kickstarts"));
    mkdirSync(join(repo, "common"));
    writeFileSync(join(repo, "common/part.cfg"), "part / --fstype=xfs --size=10240\n");
    writeFileSync(join(repo, "kickstarts/site.ks"), `${readFileSync(join(ROOT, "examples/edge-project/edge.ks"), "utf8")}%include ../common/part.cfg\n`);
    const narrow = cli(["batch", ".", "-q"], repo);
    expect(narrow.code).toBe(2);
    expect(narrow.stderr).toContain("leaves the project folder kickstarts: includes are read only inside it (widen it with --include-root)");
    const wide = cli(["batch", ".", "-q", "--include-root", "."], repo);
    expect(wide.code, wide.stderr).toBe(0);
    expect(readFileSync(join(repo, "bootc/kickstarts/site/migration-report.md"), "utf8")).toContain("common/part.cfg is outside the kickstart's folder");
    const outside = cli(["batch", ".", "--include-root", ".."], repo);
    expect(outside.code).toBe(2);
    expect(outside.stderr).toContain("is outside the repository");
  });
});
