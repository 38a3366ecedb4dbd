/**
 * A batch killed (SIGKILL) while it writes leaves every project folder whole, old or new, and the
 * next run completes the work without taking its own half-finished files for hand edits. Batch
 * flushes its staged files together (io/write-queue.ts) instead of one synchronous fsync per file:
 * this holds it to the same guarantee as writeOutputFolder's (issue 21).
 */
import { spawn, spawnSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeRepo } from "../../bench/repo.js";
import { CLI, listFiles, tempDir } from "../helpers.js";

const env = { ...process.env, NO_COLOR: "1", CI: "true" };
const batch = (repo: string, out: string, ...flags: string[]) =>
  spawnSync(process.execPath, [CLI, "batch", ".", "-o", out, "-q", ...flags], { cwd: repo, encoding: "utf8", env });

/** Starts a batch and kills it after `ms` milliseconds (or lets it end first). */
function killedAfter(repo: string, out: string, ms: number): Promise<string> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [CLI, "batch", ".", "-o", out, "-q"], { cwd: repo, stdio: "ignore", env });
    const timer = setTimeout(() => child.kill("SIGKILL"), ms);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      done(signal ?? `exit ${code}`);
    });
  });
}

/**
 * Every project file of an output tree with its contents. The batch reports at the top are left
 * out: they list the repository's other output folders as skipped, which differ between the runs.
 */
const projectFiles = (dir: string) =>
  Object.fromEntries(
    listFiles(dir)
      .filter((f) => f.includes("/"))
      .map((f) => [f, readFileSync(join(dir, f), "utf8")]),
  );

/** The blueprints say something else: every project folder changes on the next run. */
function editBlueprints(repo: string, version: string) {
  for (const site of readdirSync(join(repo, "sites"))) {
    const file = join(repo, "sites", site, "edge.toml");
    writeFileSync(
      file,
      readFileSync(file, "utf8")
        .replace(/^version = .*$/m, `version = "${version}"`)
        .replace(/edge-(\d+)/, `edge-$1-v${version}`),
    );
  }
}

describe("a killed batch", () => {
  it("leaves no half-written project: the next run completes it and matches a clean run", async () => {
    const repo = tempDir();
    writeRepo(repo, 60); // 60 blueprints and 60 kickstarts: enough projects for worker threads
    const start = process.hrtime.bigint();
    expect(batch(repo, "out").status).toBe(0);
    const full = Number(process.hrtime.bigint() - start) / 1e6;

    let version = 1;
    const outcomes: string[] = [];
    // Kills at several points of an update (existing folders: journaled) and of a first write (new folders).
    for (const [fraction, fresh] of [
      [0.3, false],
      [0.6, false],
      [0.85, false],
      [0.5, true],
    ] as const) {
      editBlueprints(repo, `2.${version++}`);
      const out = fresh ? `fresh-${version}` : "out";
      outcomes.push(await killedAfter(repo, out, Math.round(full * fraction)));
      const again = batch(repo, out);
      expect(again.status, again.stderr).toBe(0);
      expect(again.stderr).not.toContain("refusing to overwrite");
      expect(batch(repo, out, "--check").status).toBe(0);
      const clean = join(tempDir(), "clean");
      expect(batch(repo, clean).status).toBe(0);
      expect(projectFiles(join(repo, out))).toEqual(projectFiles(clean));
      expect(readdirSync(repo).filter((n) => n.includes(".edge2bootc-stage-"))).toEqual([]);
    }
    // At least one kill landed while the batch ran (on a very slow machine all might).
    expect(outcomes).toContain("SIGKILL");
  }, 240_000);
});
