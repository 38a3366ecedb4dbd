/**
 * npm run bench (second part): start-up and batch throughput of the CLI as it ships (the bundle).
 * Targets (issue 12) are checked here and printed, never in unit tests: single convert ≤ 1.5×
 * a bare `node -e 0`; batch of 1,000 blueprints + 1,000 kickstarts ≤ 5 s on 2 cores and
 * ≤ 200 MB peak RSS; time linear in the number of files.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { availableParallelism, cpus, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { writeRepo } from "./repo.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
/** Where the generated repositories and outputs go: E2B_BENCH_DIR (e.g. /dev/shm, to leave the disk out), else the temp folder. */
const WORK = process.env.E2B_BENCH_DIR ?? tmpdir();
const CLI = join(ROOT, "dist", "bundle", "edge2bootc.cjs");

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function wall(args: string[], runs = 15): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    spawnSync(process.execPath, args, { stdio: "ignore", cwd: ROOT });
    times.push(Number(process.hrtime.bigint() - start) / 1e9);
  }
  return median(times);
}

/** Wall time and peak resident memory (VmHWM, polled from /proc) of one child process. */
function measured(args: string[], cwd: string): Promise<{ seconds: number; peakMiB: number; code: number | null }> {
  return new Promise((done) => {
    const start = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { cwd, stdio: "ignore", env: { ...process.env, CI: "true" } });
    let peakKiB = 0;
    const poll = setInterval(() => {
      try {
        const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"));
        if (m) peakKiB = Math.max(peakKiB, Number(m[1]));
      } catch {
        // exited between two polls
      }
    }, 10);
    child.on("exit", (code) => {
      clearInterval(poll);
      done({ seconds: Number(process.hrtime.bigint() - start) / 1e9, peakMiB: peakKiB / 1024, code });
    });
  });
}

const verdict = (ok: boolean) => (ok ? "target met" : "TARGET MISSED");

if (!existsSync(CLI)) throw new Error(`build first: ${CLI} is missing`);
console.log(`machine: ${cpus()[0]?.model ?? "unknown CPU"}, ${availableParallelism()} cores, node ${process.version}; files in ${WORK}`);

const bare = wall(["-e", "0"]);
const example = ["convert", "examples/edge-project/blueprint.toml", "--kickstart", "examples/edge-project/edge.ks", "-q", "--force"];
const outSingle = mkdtempSync(join(WORK, "e2b-bench-"));
const single = wall([CLI, ...example, "-o", join(outSingle, "out")]);
console.log(
  `node -e 0: ${(bare * 1000).toFixed(0)} ms; single convert: ${(single * 1000).toFixed(0)} ms = ${(single / bare).toFixed(2)}× (${verdict(single / bare <= 1.5)}: ≤ 1.5×)`,
);
rmSync(outSingle, { recursive: true, force: true });

let previous: { files: number; seconds: number } | undefined;
for (const sites of [250, 500, 1000]) {
  const dir = mkdtempSync(join(WORK, "e2b-bench-repo-"));
  const files = writeRepo(dir, sites);
  const r = await measured([CLI, "batch", ".", "-o", join(dir, "out"), "-q"], dir);
  const linear = previous ? `, ×${(r.seconds / previous.seconds).toFixed(2)} time for ×${(files / previous.files).toFixed(0)} files` : "";
  console.log(
    `batch ${files} files (${sites} blueprints, ${sites} kickstarts): ${r.seconds.toFixed(2)} s, ${Math.round(files / r.seconds)} files/s, peak RSS ${r.peakMiB.toFixed(0)} MiB, exit ${r.code}${linear}`,
  );
  if (sites === 1000) {
    console.log(`  ${verdict(r.seconds <= 5)}: batch ≤ 5 s; ${verdict(r.peakMiB <= 200)}: peak RSS ≤ 200 MiB`);
    const check = await measured([CLI, "batch", ".", "-o", join(dir, "out"), "--check", "-q"], dir);
    console.log(`batch --check of the same tree: ${check.seconds.toFixed(2)} s, peak RSS ${check.peakMiB.toFixed(0)} MiB, exit ${check.code}`);
  }
  previous = { files, seconds: r.seconds };
  rmSync(dir, { recursive: true, force: true });
}
