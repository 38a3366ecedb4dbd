/**
 * npm run fuzz [-- --cases N --seed S --timeout MS]: a mutation campaign over our own fixtures.
 * Cases run in worker threads (one per core); a case that takes longer than the time limit is
 * a hang (its worker is replaced). Failing inputs are written to fuzz-findings/ to reproduce.
 * Prints: N cases, N crashes, N hangs, N oracle failures.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { makeCase, runCase, seeds, type CaseOutcome } from "./fuzz-lib.js";

interface Job {
  n: number;
}
interface Done {
  n: number;
  outcome: CaseOutcome;
}

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

if (!isMainThread) {
  const pool = seeds();
  const seed = (workerData as { seed: number }).seed;
  parentPort!.on("message", (job: Job) => {
    const outcome = runCase(makeCase(seed, job.n, pool));
    parentPort!.postMessage({ n: job.n, outcome } satisfies Done);
  });
} else {
  const total = arg("cases", 100_000);
  const seed = arg("seed", 1);
  const timeout = arg("timeout", 5_000);
  const threads = Math.max(1, availableParallelism());
  const counts = { converted: 0, "input-error": 0, crash: 0, oracle: 0, hang: 0 };
  const failures: { n: number; status: string; message: string }[] = [];
  let next = 0;
  let finished = 0;
  const started = Date.now();

  const record = (n: number, status: keyof typeof counts, message = "") => {
    counts[status]++;
    finished++;
    if (status === "crash" || status === "oracle" || status === "hang") failures.push({ n, status, message });
    if (finished % 10_000 === 0) console.error(`${finished}/${total} cases, ${((Date.now() - started) / 1000).toFixed(0)} s`);
  };

  const spawn = (): Promise<void> =>
    new Promise((resolve) => {
      const worker = new Worker(new URL(import.meta.url), { workerData: { seed } });
      let current: number | undefined;
      let timer: NodeJS.Timeout | undefined;
      const feed = () => {
        if (next >= total) {
          void worker.terminate().then(() => resolve());
          return;
        }
        current = next++;
        timer = setTimeout(() => {
          record(current!, "hang", `no result within ${timeout} ms`);
          void worker.terminate();
          void spawn().then(resolve); // replace the stuck worker
        }, timeout);
        worker.postMessage({ n: current } satisfies Job);
      };
      worker.on("message", (done: Done) => {
        clearTimeout(timer);
        record(done.n, done.outcome.status, done.outcome.message);
        feed();
      });
      worker.on("error", (e) => {
        clearTimeout(timer);
        if (current !== undefined) record(current, "crash", String(e));
        void spawn().then(resolve);
      });
      feed();
    });

  await Promise.all(Array.from({ length: threads }, spawn));
  const seconds = (Date.now() - started) / 1000;
  if (failures.length > 0) {
    mkdirSync("fuzz-findings", { recursive: true });
    const pool = seeds();
    for (const f of failures.slice(0, 50)) {
      const c = makeCase(seed, f.n, pool);
      writeFileSync(`fuzz-findings/${f.status}-${f.n}.${c.kind === "blueprint" ? "toml" : "ks"}`, c.text);
      writeFileSync(`fuzz-findings/${f.status}-${f.n}.txt`, `${f.message}\n`);
    }
  }
  console.log(`seed ${seed}, ${threads} threads, ${seconds.toFixed(1)} s: ${counts.converted} converted, ${counts["input-error"]} input errors`);
  console.log(`${finished} cases, ${counts.crash} crashes, ${counts.hang} hangs, ${counts.oracle} oracle failures`);
  process.exitCode = counts.crash + counts.hang + counts.oracle > 0 ? 1 : 0;
}
