import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { JobResult } from "./job.js";
import { runInline, type ConvertAll } from "./run.js";

/**
 * Below this many projects a worker's start-up (loading the converter again, ~0.1 s) costs more
 * than it saves; measured with `npm run bench`.
 */
export const MIN_JOBS_PER_WORKER = 24;

const WORKER = new URL("./worker.js", import.meta.url);

/**
 * Converts jobs on worker threads, handing each worker the next job as it finishes one, while the
 * main thread writes the results that have arrived (run.ts puts them back in order). Runs inline when
 * there is little work, one core, or no compiled worker (tests run the TypeScript sources).
 */
export function convertPool(requested?: number): ConvertAll {
  return async (jobs, onResult) => {
    const count = Math.min(requested ?? Math.min(availableParallelism(), Math.floor(jobs.length / MIN_JOBS_PER_WORKER)), jobs.length);
    if (count <= 1 || !existsSync(fileURLToPath(WORKER))) return runInline(jobs, onResult);
    let next = 0;
    // A small young generation per worker keeps the batch's peak memory down (two workers with
    // V8's default: 211 MiB; with 8 MiB: 167 MiB for 2,000 files) at no measurable cost in time.
    const workers = Array.from({ length: count }, () => new Worker(WORKER, { resourceLimits: { maxYoungGenerationSizeMb: 8 } }));
    try {
      await Promise.all(
        workers.map(
          (worker) =>
            new Promise<void>((resolve, reject) => {
              let current = -1;
              let busy = false;
              const feed = () => {
                if (next >= jobs.length) return resolve();
                current = next++;
                busy = true;
                worker.postMessage(jobs[current]);
              };
              worker.on("message", (result: JobResult) => {
                busy = false;
                onResult(current, result);
                feed();
              });
              worker.on("error", reject);
              worker.on("exit", (code) => {
                if (busy || next < jobs.length) reject(new Error(`batch worker exited with code ${code} during a conversion`));
              });
              feed();
            }),
        ),
      );
    } finally {
      await Promise.all(workers.map((w) => w.terminate()));
    }
  };
}
