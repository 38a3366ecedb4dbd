import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { JobResult } from "./job.js";
import { runInline, type BatchJob, type ConvertAll } from "./run.js";

/**
 * Below this many projects a worker's start-up (loading the converter again, ~0.1 s) costs more
 * than it saves; measured with `npm run bench`.
 */
export const MIN_JOBS_PER_WORKER = 24;

/**
 * The heap one conversion may use. A project past it fails alone (its worker is replaced) instead
 * of taking the whole batch down with V8's out-of-memory abort. E2B_PROJECT_HEAP_MB changes it
 * (the tests use a small one).
 */
export const PROJECT_HEAP_MB = Number(process.env.E2B_PROJECT_HEAP_MB) || 1024;

/** Inputs this large go to a worker even in a small batch, so the heap limit guards them. */
const HEAVY_INPUT_BYTES = 2 * 1024 * 1024;

/** The worker script beside this module (computed when used: a start-up snapshot has no module URL while it is built). */
const workerScript = () => new URL("./worker.js", import.meta.url);

const inputBytes = (job: BatchJob) => Object.values(job.texts).reduce((n, t) => n + t.length, 0);

/** A project whose worker died while converting it: failed like a bad input, the rest go on. */
function workerDied(how: string): JobResult {
  return {
    ok: false,
    failure: {
      kind: "input",
      diagnostics: [],
      message: `converting it ${how}; it is too large or too complex for edge2bootc (limit ${PROJECT_HEAP_MB} MiB of heap per project)`,
      sources: {},
    },
  };
}

/**
 * Converts jobs on worker threads, handing each worker the next job as it finishes one, while the
 * main thread writes the results that have arrived (run.ts puts them back in order). Runs inline when
 * there is little and light work, one core, or no compiled worker (tests run the TypeScript sources).
 */
export function convertPool(requested?: number): ConvertAll {
  return async (jobs, onResult) => {
    const wanted = requested ?? Math.min(availableParallelism(), Math.floor(jobs.length / MIN_JOBS_PER_WORKER));
    const heavy = jobs.some((j) => inputBytes(j) > HEAVY_INPUT_BYTES);
    const count = Math.min(Math.max(wanted, heavy ? 1 : 0), jobs.length);
    if (count < 1 || (count === 1 && !heavy) || !existsSync(fileURLToPath(workerScript()))) return runInline(jobs, onResult);
    let next = 0;
    const live = new Set<Worker>();
    // A small young generation per worker keeps the batch's peak memory down (two workers with
    // V8's default: 211 MiB; with 8 MiB: 167 MiB for 2,000 files) at no measurable cost in time.
    const start = () => {
      const w = new Worker(workerScript(), { resourceLimits: { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: PROJECT_HEAP_MB } });
      live.add(w);
      return w;
    };
    const slot = () =>
      new Promise<void>((resolve, reject) => {
        let worker = start();
        let current = -1;
        let busy = false;
        const feed = () => {
          if (next >= jobs.length) return resolve();
          current = next++;
          busy = true;
          worker.postMessage(jobs[current]);
        };
        const hand = (result: JobResult) => {
          busy = false;
          // A throw here would be an uncaught exception: Node would print it unredacted and exit 1
          // (the drift code). It fails the batch through run() instead.
          let written: void | Promise<void>;
          try {
            written = onResult(current, result);
          } catch (e) {
            return reject(e);
          }
          // Backpressure: the next job waits while too many results are still being written.
          if (written instanceof Promise) written.then(feed, reject);
          else feed();
        };
        // The job killed its worker (out of memory, an exit): that project fails, a new worker goes on.
        const replace = (w: Worker, how: string) => {
          live.delete(w);
          void w.terminate();
          worker = start();
          attach(worker);
          hand(workerDied(how));
        };
        const attach = (w: Worker) => {
          w.on("message", hand);
          w.on("error", (e: Error & { code?: string }) => {
            if (!busy) return reject(e);
            replace(w, e.code === "ERR_WORKER_OUT_OF_MEMORY" ? "ran out of memory" : `stopped its worker (${e.code ?? e.message})`);
          });
          w.on("exit", (code) => {
            if (!live.has(w)) return; // replaced already, or terminated at the end
            if (busy) replace(w, `stopped its worker (exit ${code})`);
            // A worker that ends between jobs would leave this slot waiting forever.
            else reject(new Error(`batch worker exited with code ${code} between conversions`));
          });
        };
        attach(worker);
        feed();
      });
    try {
      await Promise.all(Array.from({ length: count }, slot));
    } finally {
      const all = [...live];
      live.clear();
      await Promise.all(all.map((w) => w.terminate()));
    }
  };
}
