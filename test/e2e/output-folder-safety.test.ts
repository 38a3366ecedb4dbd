/**
 * Issue 18, majors 5-7 and minors: the output folder under concurrent runs, damaged journals,
 * symlinks swapped in after a check, and include files that are not what they seem.
 */
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { setModeNoFollow } from "../../src/io/output-folder.js";
import { CLI, tempDir } from "../helpers.js";

function cli(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", CI: "true" }, timeout: 30_000 });
  return { code: r.status, out: r.stdout + r.stderr };
}

const BP = '[customizations]\nhostname = "h1"\n';

function converted(): string {
  const base = tempDir();
  writeFileSync(join(base, "bp.toml"), BP);
  expect(cli(["convert", "bp.toml", "-q"], base).code).toBe(0);
  return base;
}

describe("one writing run per output folder", () => {
  it("stops a second run while the first holds the folder, and takes over the lock of a run that died", async () => {
    const base = converted();
    // a live process holds the lock
    const holder = spawn("sleep", ["30"]);
    writeFileSync(join(base, "out.edge2bootc-lock"), `${holder.pid}\n`);
    try {
      const r = cli(["convert", "bp.toml"], base);
      expect(r.code).toBe(2);
      expect(r.out).toContain(`another edge2bootc run (pid ${holder.pid}) is writing`);
    } finally {
      holder.kill();
    }
    await new Promise((done) => holder.once("exit", done));
    // its pid is gone now: the lock is stale, taken over, and released after the run
    const again = cli(["convert", "bp.toml"], base);
    expect(again.code, again.out).toBe(0);
    expect(existsSync(join(base, "out.edge2bootc-lock"))).toBe(false);
  });

  it("batch takes the lock too; --check does not need it", () => {
    const base = tempDir();
    writeFileSync(join(base, "web.toml"), 'name = "web"\n');
    writeFileSync(join(base, "bootc.edge2bootc-lock"), `${process.pid}\n`);
    const r = cli(["batch", ".", "-q"], base);
    expect(r.code).toBe(2);
    expect(r.out).toContain("another edge2bootc run");
    expect(existsSync(join(base, "bootc"))).toBe(false);
    expect(cli(["batch", ".", "--check", "-q"], base).code).toBe(1); // drift: nothing written yet
  });
});

describe("a damaged staging folder never wedges the output folder", () => {
  it.each([
    ["an empty journal", (f: string) => writeFileSync(f, "")],
    ["{}", (f: string) => writeFileSync(f, "{}")],
    ["a journal that escapes", (f: string) => writeFileSync(f, JSON.stringify({ moves: [{ path: "../../x", sha256: "0" }], removes: [] }))],
    ["a symlinked journal", (f: string) => symlinkSync("/etc/hostname", f)],
  ])("%s: the stage counts as incomplete and is removed, the run succeeds", (_what, plant) => {
    const base = converted();
    const stage = join(base, "out.edge2bootc-stage-0123456789ab");
    mkdirSync(stage);
    plant(join(stage, ".edge2bootc-journal.json"));
    writeFileSync(join(base, "bp.toml"), BP.replace("h1", "h2"));
    const r = cli(["convert", "bp.toml"], base);
    expect(r.code, r.out).toBe(0);
    expect(existsSync(stage)).toBe(false);
    expect(readFileSync(join(base, "out/overlay/etc/hostname"), "utf8")).toBe("h2\n");
    expect(r.out).not.toContain(readFileSync("/etc/hostname", "utf8").trim() || "\u0000");
  });

  it("a journal naming a staged file that is gone and not in place is an error, not a skip", () => {
    const base = converted();
    const stage = join(base, "out.edge2bootc-stage-0123456789ab");
    mkdirSync(stage);
    writeFileSync(join(stage, ".edge2bootc-journal.json"), JSON.stringify({ moves: [{ path: "overlay/etc/hostname", sha256: "f".repeat(64) }], removes: [] }));
    const r = cli(["convert", "bp.toml"], base);
    expect(r.code).toBe(2);
    expect(r.out).toContain("cannot be completed: overlay/etc/hostname is missing from its staging folder");
  });

  it("leaves a sibling alone that only looks like a staging folder", () => {
    const base = converted();
    mkdirSync(join(base, "out.edge2bootc-stage-mine"));
    writeFileSync(join(base, "out.edge2bootc-stage-mine/keep"), "x");
    expect(cli(["convert", "bp.toml", "-q"], base).code).toBe(0);
    expect(readdirSync(join(base, "out.edge2bootc-stage-mine"))).toEqual(["keep"]);
  });
});

describe("modes and reads never go through a symlink swapped in", () => {
  it("setModeNoFollow refuses a symlink and leaves its target's mode alone", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "outside"), "secret");
    chmodSync(join(dir, "outside"), 0o600);
    symlinkSync(join(dir, "outside"), join(dir, "swapped"));
    expect(() => setModeNoFollow(join(dir, "swapped"), 0o644)).toThrow(/became a symlink/);
    expect(statSync(join(dir, "outside")).mode & 0o777).toBe(0o600);
  });

  it("a FIFO %include is refused at once instead of waiting for a writer", () => {
    const dir = tempDir();
    expect(spawnSync("mkfifo", [join(dir, "pipe.cfg")]).status).toBe(0);
    writeFileSync(join(dir, "edge.ks"), "ostreesetup --nogpg --osname=rhel --url=https://h/repo --ref=r\n%include pipe.cfg\n");
    const r = cli(["kickstart", "edge.ks"], dir);
    expect(r.code).toBe(2);
    expect(r.out).toContain("not a regular file");
  });

  it("--include-root / lets includes come from anywhere", () => {
    const dir = tempDir();
    mkdirSync(join(dir, "a"));
    writeFileSync(join(dir, "common.cfg"), "lang C\n");
    writeFileSync(join(dir, "a/edge.ks"), "ostreesetup --nogpg --osname=rhel --url=https://h/repo --ref=r\n%include ../common.cfg\n");
    const refused = cli(["kickstart", "a/edge.ks", "-q"], dir);
    expect(refused.code).toBe(2);
    const r = cli(["kickstart", "a/edge.ks", "--include-root", "/", "-q"], dir);
    expect(r.code, r.out).toBe(0);
    expect(readFileSync(join(dir, "out/migration-report.json"), "utf8")).toContain("common.cfg:1:lang");
  });
});

describe("inputs the tool cannot hold fail alone, with a position (issue 18, majors 9 and 10)", () => {
  it("refuses a blueprint with more keys than any blueprint has, at the first one past the limit", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "keys.toml"), `name = "x"\n${Array.from({ length: 10_050 }, (_, i) => `k${i} = 1`).join("\n")}\n`);
    const r = cli(["convert", "keys.toml"], dir);
    expect(r.code).toBe(2);
    expect(r.out).toContain("keys.toml:10001:1: error: more than 10,000 keys and values");
  });

  it("refuses a kickstart with more commands than any kickstart has", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "big.ks"), `ostreesetup --nogpg --osname=rhel --url=https://h/repo --ref=r\n${"a\n".repeat(10_050)}`);
    const r = cli(["kickstart", "big.ks"], dir);
    expect(r.code).toBe(2);
    expect(r.out).toContain("big.ks:10001:1: error: more than 10,000 commands");
  });

  it("a project that exhausts its worker's heap fails alone; the others convert", () => {
    const dir = join(tempDir(), "repo");
    mkdirSync(dir);
    for (const i of [1, 2, 3]) writeFileSync(join(dir, `ok${i}.ks`), "ostreesetup --nogpg --osname=rhel --url=https://h/repo --ref=r\nlang C\n");
    // inside every cap (3 MiB, 9,000 commands), but more than a 24 MiB heap can convert
    writeFileSync(
      join(dir, "big.ks"),
      `ostreesetup --nogpg --osname=rhel --url=https://h/repo --ref=r\n${"network --device=eth0 --bootproto=dhcp\n".repeat(9_000)}%post\n${"echo some-text-for-the-post-script\n".repeat(80_000)}%end\n`,
    );
    const r = spawnSync(process.execPath, [CLI, "batch", ".", "-q"], {
      cwd: dir,
      encoding: "utf8",
      env: { PATH: process.env.PATH, CI: "true", NO_COLOR: "1", E2B_PROJECT_HEAP_MB: "24" },
      timeout: 120_000,
    });
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain("error: big: converting it ran out of memory");
    expect(readdirSync(join(dir, "bootc")).sort()).toEqual([
      ".edge2bootc-manifest.json",
      ".gitattributes",
      "batch-report.json",
      "batch-report.md",
      "batch-report.sarif",
      "ok1",
      "ok2",
      "ok3",
    ]);
  }, 120_000);
});
