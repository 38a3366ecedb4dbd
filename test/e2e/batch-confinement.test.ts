/**
 * Issue 18, blockers: a batch writes only inside its output folder, whatever the input file
 * names or edge2bootc.toml say, and two projects never share (or nest) one output folder.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { CLI, listFiles, tempDir } from "../helpers.js";

const BLUEPRINT = 'name = "edge"\nversion = "1.0.0"\n[[packages]]\nname = "nginx"\n';
const KICKSTART = "ostreesetup --osname=rhel --remote=edge --url=http://10.0.0.1/repo --ref=rhel/9/x86_64/edge\nreboot\n";

function cli(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", CI: "true" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A repository inside a parent folder that holds a file the batch must never touch. */
function repoWith(files: Record<string, string>) {
  const parent = tempDir();
  const dir = join(parent, "repo");
  mkdirSync(dir);
  writeFileSync(join(parent, "Containerfile"), "FROM mine\n");
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return { parent, dir };
}

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`build first (npm run compile): ${CLI} is missing`);
});

describe("batch output confinement", () => {
  it("gives files named ..toml and ...toml folders of their own below the output folder", () => {
    const { parent, dir } = repoWith({ "..toml": BLUEPRINT, "...toml": BLUEPRINT, "sub/...ks": KICKSTART });
    const r = cli(["batch", ".", "-q", "--force"], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(parent, "Containerfile"), "utf8")).toBe("FROM mine\n");
    expect(listFiles(parent).filter((f) => !f.startsWith("repo/"))).toEqual(["Containerfile"]);
    const out = listFiles(join(dir, "bootc"));
    expect(out).toContain("..toml/Containerfile");
    expect(out).toContain("...toml/Containerfile");
    expect(out).toContain("sub/...ks/kickstart/...ks");
    expect(out).toContain("batch-report.md");
    // the report write keeps the projects (the old `.` project was deleted by it)
    const again = cli(["batch", ".", "--check"], dir);
    expect(again.code, again.stdout + again.stderr).toBe(0);
  });

  it("refuses an output in edge2bootc.toml that leaves the repository, with its position", () => {
    const { parent, dir } = repoWith({ "web.toml": BLUEPRINT, "edge2bootc.toml": 'output = "../escaped"\n' });
    const r = cli(["batch", "."], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("edge2bootc.toml:1:1: error: output must stay inside the repository");
    expect(existsSync(join(parent, "escaped"))).toBe(false);

    writeFileSync(join(dir, "edge2bootc.toml"), `output = "${join(parent, "abs")}"\n`);
    const abs = cli(["batch", "."], dir);
    expect(abs.code).toBe(2);
    expect(abs.stderr).toContain("output must be a folder inside the repository");
    expect(existsSync(join(parent, "abs"))).toBe(false);
  });

  it("refuses an output reached through a symlinked folder of the repository", () => {
    const { parent, dir } = repoWith({ "web.toml": BLUEPRINT, "edge2bootc.toml": 'output = "gen/out"\n' });
    mkdirSync(join(parent, "victim"));
    symlinkSync("../victim", join(dir, "gen"));
    const r = cli(["batch", "."], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("symlink");
    expect(listFiles(join(parent, "victim"))).toEqual([]);
  });

  it("refuses an output folder that holds the repository", () => {
    const { dir } = repoWith({ "web.toml": BLUEPRINT });
    const r = cli(["batch", ".", "-o", "."], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("holds the repository");
    expect(listFiles(dir)).toEqual(["web.toml"]);
  });

  it("fails projects that would share an output folder, and writes neither", () => {
    const { dir } = repoWith({ "a.ks": KICKSTART, "a.cfg": KICKSTART, "a.ks.toml": BLUEPRINT, "b.toml": BLUEPRINT });
    const r = cli(["batch", ".", "-q"], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("its output folder a.ks is also the folder of");
    const out = listFiles(join(dir, "bootc"));
    expect(out.some((f) => f.startsWith("a.ks/"))).toBe(false);
    // the projects that do not collide still convert
    expect(out).toContain("a.cfg/kickstart/a.cfg");
    expect(out).toContain("b/Containerfile");
  });
});

describe("batch discovery and state that could mislead it (issue 18, minors)", () => {
  it("converts the first file of an %include loop instead of neither", () => {
    const { dir } = repoWith({ "a.ks": `${KICKSTART}%include b.ks\n`, "b.ks": "lang C\n%include a.ks\n" });
    const r = cli(["batch", "."], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(listFiles(join(dir, "bootc"))).toContain("a/kickstart/a.ks");
    expect(listFiles(join(dir, "bootc"))).toContain("a/kickstart/b.ks");
    expect(readFileSync(join(dir, "bootc/batch-report.md"), "utf8")).toContain("included by a.ks");
  });

  it("honours a negation in a nested .gitignore, as git does", () => {
    const { dir } = repoWith({ ".gitignore": "*.toml\n", "sites/.gitignore": "!keep.toml\n", "sites/keep.toml": BLUEPRINT, "sites/drop.toml": BLUEPRINT });
    expect(cli(["batch", ".", "-q"], dir).code).toBe(0);
    const out = listFiles(join(dir, "bootc"));
    expect(out).toContain("sites/keep/Containerfile");
    expect(out.some((f) => f.startsWith("sites/drop/"))).toBe(false);
  });

  it("skips a folder too deep to read instead of failing the whole batch", () => {
    const { dir } = repoWith({ "web.toml": BLUEPRINT });
    const segment = "d".repeat(200);
    // deeper than PATH_MAX (4096): made step by step, as no single path may be that long
    const made = spawnSync("bash", [
      "-c",
      `cd "${dir}" && for i in $(seq 24); do mkdir ${segment} && cd ${segment} || exit 1; done && printf 'name = "deep"\\n' > deep.toml`,
    ]);
    expect(made.status).toBe(0);
    const r = cli(["batch", "."], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(listFiles(join(dir, "bootc"))).toContain("web/Containerfile");
    expect(readFileSync(join(dir, "bootc/batch-report.md"), "utf8")).toContain("cannot be read (a file name is too long)");
  });

  it("never advises deleting a path a crafted root manifest names outside the output folder", () => {
    const { dir } = repoWith({ "web.toml": BLUEPRINT });
    expect(cli(["batch", ".", "-q"], dir).code).toBe(0);
    const manifest = join(dir, "bootc/.edge2bootc-manifest.json");
    const m = JSON.parse(readFileSync(manifest, "utf8")) as { projects: string[] };
    m.projects.push("../../../etc", "/etc", "gone\u001b[2J");
    writeFileSync(manifest, JSON.stringify(m));
    const r = cli(["batch", "."], dir);
    expect(r.stderr).not.toContain("etc belongs to inputs that are gone");
    expect(r.stderr).not.toContain("\u001b");
  });
});

describe("batch never converts its own output (issue 20)", () => {
  it("skips every folder that holds an edge2bootc manifest, wherever -o put it", () => {
    const { dir } = repoWith({ "web.toml": BLUEPRINT, "site.ks": KICKSTART });
    // a committed tree from an earlier run with another -o, and a plain convert output
    expect(cli(["batch", ".", "-o", "generated", "-q"], dir).code).toBe(0);
    expect(cli(["convert", "web.toml", "--kickstart", "site.ks", "-o", "single", "-q"], dir).code).toBe(0);
    const r = cli(["batch", ".", "-q"], dir);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, "bootc/batch-report.json"), "utf8")) as {
      projects: { name: string }[];
      skipped: { path: string; reason: string }[];
    };
    expect(report.projects.map((p) => p.name)).toEqual(["web"]); // site.ks pairs with the only blueprint
    expect(report.skipped.filter((s) => s.reason.startsWith("edge2bootc output")).map((s) => s.path)).toEqual(["generated", "single"]);
  });
});
