import { parentPort } from "node:worker_threads";
import { convertBatchProject } from "./job.js";
import type { BatchJob } from "./run.js";

// One job at a time from pool.ts. Structured cloning gives the image map Object's prototype
// back; a ref named "toString" must still find nothing, so it gets a null prototype again.
parentPort!.on("message", (job: BatchJob) => {
  const k = job.options.kickstart;
  const options = k?.imageMap
    ? { ...job.options, kickstart: { ...k, imageMap: Object.assign(Object.create(null) as Record<string, string>, k.imageMap) } }
    : job.options;
  parentPort!.postMessage(convertBatchProject(job.root, job.project, options, job.salt, job.texts));
});
