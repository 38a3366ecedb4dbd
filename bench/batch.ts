/**
 * npm run bench (second part): start-up, batch throughput and discovery of the CLI as it ships (the
 * bundle). Targets (issues 12 and 21) are checked here and printed, never in unit tests: single
 * convert ≤ 1.5× a bare `node -e 0` (median of paired runs); batch of 1,000 blueprints + 1,000
 * kickstarts ≤ 10 s on a disk, within 2× of tmpfs, ≤ 200 MB peak RSS, time linear in the number of
 * files; discovery of a 50,000-file repository, linear.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { writeRepo } from "./repo.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
/** Where the generated repositories and outputs go: E2B_BENCH_DIR, else the temp folder (a disk, usually). */
const WORK = process.env.E2B_BENCH_DIR ?? tmpdir();
/** A memory file system to compare the disk with, when there is one. */
const TMPFS = existsSync("/dev/shm") ? "/dev/shm" : undefined;
/** The file system type under a folder (findmnt names ext4; `stat -f` says ext2/ext3 for it). */
const fsType = (dir: string) =>
  spawnSync("findmnt", ["-n", "-o", "FSTYPE", "-T", dir], { encoding: "utf8" }).stdout?.trim() ||
  spawnSync("stat", ["-f", "-c", "%T", dir], { encoding: "utf8" }).stdout?.trim() ||
  "unknown";
const CLI = join(ROOT, "dist", "bundle", "edge2bootc.cjs");

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function wall(args: string[]): number {
  const start = process.hrtime.bigint();
  spawnSync(process.execPath, args, { stdio: "ignore", cwd: ROOT });
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/** Median over paired runs (a bare node, then the command) of the ratio, with each side's median. */
function pairedRatio(args: string[], pairs = 21): { ratio: number; bare: number; command: number } {
  const ratios: number[] = [];
  const bare: number[] = [];
  const command: number[] = [];
  for (let i = 0; i < pairs; i++) {
    bare.push(wall(["-e", "0"]));
    command.push(wall(args));
    ratios.push(command[i]! / bare[i]!);
  }
  return { ratio: median(ratios), bare: median(bare), command: median(command) };
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

const example = ["convert", "examples/edge-project/blueprint.toml", "--kickstart", "examples/edge-project/edge.ks", "-q", "--force"];
const outSingle = mkdtempSync(join(WORK, "e2b-bench-"));
const start = pairedRatio([CLI, ...example, "-o", join(outSingle, "out")]);
console.log(
  `node -e 0: ${(start.bare * 1000).toFixed(0)} ms; single convert: ${(start.command * 1000).toFixed(0)} ms; ` +
    `median of 21 paired ratios ${start.ratio.toFixed(2)}× (${verdict(start.ratio <= 1.5)}: ≤ 1.5×)`,
);
rmSync(outSingle, { recursive: true, force: true });
// The floor under that ratio: loading and starting the CLI with no conversion at all.
const floor = pairedRatio([CLI, "--version"]);
console.log(
  `edge2bootc --version (load the CLI, convert nothing): ${(floor.command * 1000).toFixed(0)} ms, ${floor.ratio.toFixed(2)}× node -e 0; ` +
    `the conversion's own share of the single convert: ${((start.command - floor.command) * 1000).toFixed(0)} ms`,
);

/** One batch of `sites` blueprints and kickstarts in a fresh repository under `base`. */
async function batchIn(base: string, sites: number) {
  const dir = mkdtempSync(join(base, "e2b-bench-repo-"));
  try {
    const files = writeRepo(dir, sites);
    const r = await measured([CLI, "batch", ".", "-o", join(dir, "out"), "-q"], dir);
    const check = sites === 1000 ? await measured([CLI, "batch", ".", "-o", join(dir, "out"), "--check", "-q"], dir) : undefined;
    return { files, ...r, check };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

let previous: { files: number; seconds: number } | undefined;
let onDisk = 0;
for (const sites of [250, 500, 1000]) {
  const r = await batchIn(WORK, sites);
  const linear = previous ? `, ×${(r.seconds / previous.seconds).toFixed(2)} time for ×${(r.files / previous.files).toFixed(0)} files` : "";
  console.log(
    `batch ${r.files} files (${sites} blueprints, ${sites} kickstarts) on ${fsType(WORK)}: ${r.seconds.toFixed(2)} s, ${Math.round(r.files / r.seconds)} files/s, peak RSS ${r.peakMiB.toFixed(0)} MiB, exit ${r.code}${linear}`,
  );
  if (r.check) {
    onDisk = r.seconds;
    console.log(`  ${verdict(r.seconds <= 10)}: batch ≤ 10 s; ${verdict(r.peakMiB <= 200)}: peak RSS ≤ 200 MiB`);
    console.log(`batch --check of the same tree: ${r.check.seconds.toFixed(2)} s, peak RSS ${r.check.peakMiB.toFixed(0)} MiB, exit ${r.check.code}`);
  }
  previous = { files: r.files, seconds: r.seconds };
}
if (TMPFS !== undefined && fsType(WORK) !== "tmpfs") {
  const r = await batchIn(TMPFS, 1000);
  const ratio = onDisk / r.seconds;
  console.log(
    `batch ${r.files} files on tmpfs: ${r.seconds.toFixed(2)} s, peak RSS ${r.peakMiB.toFixed(0)} MiB; ${fsType(WORK)}/tmpfs ${ratio.toFixed(2)} (${verdict(ratio <= 2)}: ≤ 2)`,
  );
}

/**
 * A repository like openshift/microshift (~52,000 files): source folders of code and docs with a few
 * TOML and .cfg files that are no blueprints, plus a vendor/ tree and an ignored build folder.
 */
function writeLargeRepo(dir: string, files: number): void {
  const perFolder = 100;
  writeFileSync(join(dir, ".gitignore"), "_output/\n");
  for (let f = 0; f < files / perFolder; f++) {
    const top = f % 10 === 0 ? "vendor" : f % 10 === 1 ? "_output" : "pkg";
    const folder = join(dir, top, `mod-${Math.floor(f / 10)}`, `part-${f}`);
    mkdirSync(folder, { recursive: true });
    for (let i = 0; i < perFolder; i++) {
      const name = i === 0 ? "config.toml" : i === 1 ? "settings.cfg" : i % 3 === 0 ? `doc-${i}.md` : `file-${i}.go`;
      writeFileSync(join(folder, name), i === 0 ? "[server]\nport = 1\n" : "package x\n");
    }
  }
}

const { discoverFiles } = await import("../src/batch/discover.js");
let before: number | undefined;
for (const files of [25_000, 50_000]) {
  const dir = mkdtempSync(join(WORK, "e2b-bench-large-"));
  try {
    writeLargeRepo(dir, files);
    const startDiscovery = process.hrtime.bigint();
    const found = discoverFiles(dir, []);
    const seconds = Number(process.hrtime.bigint() - startDiscovery) / 1e9;
    const linear = before !== undefined ? `, ×${(seconds / before).toFixed(2)} for ×2 files` : "";
    console.log(
      `discovery of ${files} files: ${(seconds * 1000).toFixed(0)} ms, ${found.candidates.length} candidates, ${found.skipped.length} skipped${linear}`,
    );
    before = seconds;
    if (files === 50_000) {
      // The whole batch: discovery, then reading and classifying every candidate (none is a project).
      const r = await measured([CLI, "batch", ".", "-o", join(dir, "out"), "-q"], dir);
      console.log(`batch of that repository (0 projects): ${r.seconds.toFixed(2)} s, peak RSS ${r.peakMiB.toFixed(0)} MiB, exit ${r.code}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
