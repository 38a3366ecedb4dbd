import { posix, relative, sep } from "node:path";
import { readSource } from "../io/inputs.js";
import type { ConvertOptions } from "../convert.js";
import { INCLUDE_LINE, includePath } from "../kickstart/includes.js";
import type { SaltPolicy } from "../util/crypt.js";
import { classifyFile, type FileKind } from "./classify.js";
import { CONFIG_FILE, type BatchConfig } from "./config.js";
import { discoverFiles, type SkippedFile } from "./discover.js";
import { compareStrings } from "../util/compare.js";
import { matchesGlob } from "../util/glob.js";
import { convertBatchProject, optionsFrom, settingsFor, type JobResult } from "./job.js";
import { pairProjects, type BatchProject } from "./pair.js";
import { leavesFolder } from "../util/paths.js";

export interface BatchRequest {
  /** Absolute path of the repository. */
  root: string;
  /** Absolute path of the output folder (skipped by discovery when it is inside the repository). */
  output: string;
  /** Absolute path of the folder reports are kept in apart from the output, if any (skipped like it). */
  reportsDir?: string;
  config: BatchConfig;
  /** Options given on the command line; they win over the config file. */
  cli: ConvertOptions;
  /** Names the batch writes at the top of the output folder: no project folder may take one. */
  reserved?: readonly string[];
  /** The salt policy of a project's output folder (the hashes its last run recorded). */
  saltFor(project: BatchProject): SaltPolicy;
  /** Converts the jobs, reporting each result as it arrives (pool.ts: on worker threads when there are enough). */
  convertAll?: ConvertAll;
  onProgress?(done: number, total: number): void;
  /**
   * Called once per project, in project order whatever order the results arrive in, with its
   * whole output (write it here); the returned run keeps no generated files, so memory stays flat.
   * A returned promise is awaited before the next project is handed on.
   */
  onProject?(outcome: ProjectOutcome): void | Promise<void>;
}

export interface BatchJob {
  root: string;
  project: BatchProject;
  options: ConvertOptions;
  salt: SaltPolicy;
  /** The project's input texts as discovery read them. */
  texts: Record<string, string>;
}

/**
 * Converts every job, handing each result on as it arrives. When onResult returns a promise, the
 * results handed on are waiting to be written: start no new job before it settles.
 */
export type ConvertAll = (jobs: BatchJob[], onResult: (index: number, result: JobResult) => void | Promise<void>) => Promise<void>;

/** Results handed on but not yet written, past which conversion waits: bounds a batch's memory when the disk is slower. */
const MAX_UNWRITTEN = 8;

export interface ProjectOutcome {
  project: BatchProject;
  job: JobResult;
}

export interface BatchRun {
  projects: ProjectOutcome[];
  skipped: SkippedFile[];
  /** Problems with the batch itself (config pairs naming missing files): exit 2. */
  problems: string[];
}

/**
 * Files a kickstart includes are part of it, not projects of their own. Files that include each
 * other in a loop would all be "included" and none converted: the first of each loop (by path)
 * is kept as a project, and converting it reports the loop.
 */
function includedFiles(kickstarts: Map<string, string>): Map<string, string> {
  const by = directIncludes(kickstarts);
  for (const start of [...by.keys()].sort(compareStrings)) {
    const chain: string[] = [];
    for (let at: string | undefined = start; at !== undefined && !chain.includes(at); at = by.get(at)) chain.push(at);
    const last = by.get(chain[chain.length - 1]!);
    if (last !== undefined && chain.includes(last)) by.delete(chain.slice(chain.indexOf(last)).sort(compareStrings)[0]!);
  }
  return by;
}

function directIncludes(kickstarts: Map<string, string>): Map<string, string> {
  const by = new Map<string, string>();
  for (const [file, text] of kickstarts) {
    for (const raw of text.split("\n")) {
      const m = INCLUDE_LINE.exec(raw);
      if (!m) continue;
      const target = includePath(m[2]!, file, posix.dirname(file));
      if (target.includes("/") || !["remote", "generated-at-install", "missing", "cycle"].includes(target)) {
        const normal = posix.normalize(target);
        if (normal !== file && !by.has(normal)) by.set(normal, file);
      }
    }
  }
  return by;
}

export const runInline: ConvertAll = async (jobs, onResult) => {
  for (const [i, j] of jobs.entries()) await onResult(i, convertBatchProject(j.root, j.project, j.options, j.salt, j.texts));
};

/** What the combined reports need of a project once its files are written: summary and findings. */
function withoutFiles(job: JobResult): JobResult {
  if (!job.ok) return job;
  const { report } = job.result;
  return { ok: true, result: { artifacts: [], passwordHashes: {}, report: { ...report, coverage: [], inputs: [], outputs: [] } } };
}

/** Discovers, classifies and pairs the repository's inputs, then converts every project. */
export async function runBatch(req: BatchRequest): Promise<BatchRun> {
  const exclude = [req.output, ...(req.reportsDir !== undefined ? [req.reportsDir] : [])]
    .map((dir) => relative(req.root, dir).split(sep).join("/"))
    .filter((rel) => rel !== "" && !leavesFolder(rel));
  // Files a [[pair]] names are inputs whatever their names.
  const pairNamed = req.config.pairs.flatMap((p) => [...(p.blueprint !== undefined ? [p.blueprint] : []), ...p.kickstarts]);
  const found = discoverFiles(req.root, exclude, [...req.config.include, ...pairNamed], req.config.exclude);
  const skipped: SkippedFile[] = [...found.skipped];
  const blueprints: string[] = [];
  const kickstartTexts = new Map<string, string>();
  const texts = new Map<string, string>();

  for (const path of found.candidates) {
    if (path === CONFIG_FILE) continue;
    const excludedBy = req.config.exclude.find((g) => matchesGlob(path, g));
    if (excludedBy !== undefined) {
      skipped.push({ path, reason: `excluded by ${CONFIG_FILE} (${excludedBy})` });
      continue;
    }
    let text: string | undefined;
    try {
      text = readSource(req.root, path).text;
    } catch {
      text = undefined; // unreadable: it converts as what its name says, and that reports the error
    }
    if (text !== undefined) texts.set(path, text);
    const origin = found.named.has(path) ? "named" : found.byContent.has(path) ? "content" : "name";
    const kind: FileKind | undefined =
      text === undefined ? (/\.(toml|json)$/.test(path) ? { kind: "blueprint" } : { kind: "kickstart" }) : classifyFile(path, text, origin);
    if (kind === undefined) continue;
    if (kind.kind === "skip") skipped.push({ path, reason: kind.reason });
    else if (kind.kind === "blueprint") blueprints.push(path);
    else kickstartTexts.set(path, text ?? "");
  }
  const included = includedFiles(kickstartTexts);
  const kickstarts = [...kickstartTexts.keys()].filter((k) => {
    const by = included.get(k);
    if (by !== undefined) skipped.push({ path: k, reason: `included by ${by}; converted as part of it` });
    return by === undefined;
  });

  const { projects, problems } = pairProjects(blueprints, kickstarts, req.config.pairs, req.reserved);
  const jobs: BatchJob[] = projects.map((project) => ({
    root: req.root,
    project,
    options: optionsFrom(settingsFor(project, req.config), req.config, req.cli),
    salt: req.saltFor(project),
    texts: Object.fromEntries([project.blueprint, ...project.kickstarts].flatMap((p) => (p !== undefined && texts.has(p) ? [[p, texts.get(p)!]] : []))),
  }));
  const outcomes: ProjectOutcome[] = [];
  const waiting = new Map<number, JobResult>();
  let done = 0;
  // Projects are handed on one after another, each once the previous one's onProject settled.
  let handing: Promise<void> = Promise.resolve();
  let unwritten = 0;
  await (req.convertAll ?? runInline)(jobs, (index, result) => {
    req.onProgress?.(++done, jobs.length);
    waiting.set(index, result);
    // Hand results on in project order, so what is printed never depends on thread timing.
    for (let next = outcomes.length; waiting.has(next); next++) {
      const outcome = { project: projects[next]!, job: waiting.get(next)! };
      waiting.delete(next);
      unwritten++;
      handing = handing.then(() => req.onProject?.(outcome)).finally(() => unwritten--);
      handing.catch(() => {}); // rethrown by the await below, once conversion ends
      outcomes.push({ project: outcome.project, job: withoutFiles(outcome.job) });
    }
    return unwritten > MAX_UNWRITTEN ? handing : undefined;
  });
  await handing;
  skipped.sort((a, b) => compareStrings(a.path, b.path));
  return { projects: outcomes, skipped, problems };
}
