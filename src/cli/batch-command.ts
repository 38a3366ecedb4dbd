import { lockOutputFolder } from "../io/output-lock.js";
import { FolderWriteQueue } from "../io/write-queue.js";
import type { ChalkInstance } from "chalk";
import { Command, InvalidArgumentError, Option } from "commander";
import { existsSync, statSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { SETTING_NAMES } from "../settings.js";
import { CONFIG_FILE, EMPTY_CONFIG, parseBatchConfig, type BatchConfig } from "../batch/config.js";
import { BATCH_DEFAULT_REPORT_FORMATS, placeReports } from "../report/formats.js";
import { withGitattributes } from "../render/gitattributes.js";
import { BATCH_REPORT_FILES, batchFindings, batchReports, renderBatchJson, summarize, summaryTable } from "../batch/report.js";
import { runBatch, type BatchRun, type ProjectOutcome } from "../batch/run.js";
import { LOOKED_FOR, untakenMentions } from "../batch/explain.js";
import {
  checkNestedFolder,
  compareWithDisk,
  insideFolder,
  MANIFEST,
  OutputConflictError,
  OutputFolderError,
  unifiedDiff,
  type FileChange,
} from "../io/output-folder.js";
import type { ConvertOptions } from "../convert.js";
import type { Artifact } from "../render/artifacts.js";
import { loadTemplates } from "../render/templates.js";
import { readSource } from "../io/inputs.js";
import { projectFolders, pruneProjectFolder, removeEmptyParents } from "../io/project-folders.js";
import { convertPool } from "../batch/pool.js";
import { leavesFolder } from "../util/paths.js";
import {
  addSettingFlags,
  addGateFlags,
  addReportFlags,
  addFormatFlag,
  reviewOut,
  VERBOSE_FLAG,
  reportPlacement,
  type ReportPlacement,
  chalkFor,
  colorDiff,
  convertOptions,
  EXIT,
  helpAfter,
  failsOn,
  printDiagnostics,
  printFindings,
  saltPolicy,
  UsageError,
  writeBaselineFile,
  type ConvertFlags,
  type Io,
  withReviewChanges,
} from "./shared.js";
import { describeFsError } from "../util/fs-errors.js";

interface BatchFlags extends Omit<ConvertFlags, "output"> {
  output?: string;
  prune?: boolean;
  config?: string;
  jobs?: number;
}

/** A progress bar on a terminal only: never in a pipe, under CI=true, or with --quiet. */
function progress(io: Io, flags: BatchFlags) {
  const on = io.stderrIsTTY === true && !flags.quiet && io.env.CI !== "true" && !flags.check && !flags.diff;
  if (!on) return { tick: () => {}, clear: () => {} };
  return {
    tick: (done: number, total: number) => {
      const width = 30;
      const filled = Math.round((done / Math.max(total, 1)) * width);
      io.stderr(`\r[${"#".repeat(filled)}${".".repeat(width - filled)}] ${done}/${total} projects`);
    },
    clear: () => io.stderr("\r\u001b[K"),
  };
}

function loadConfig(io: Io, root: string, flags: BatchFlags): BatchConfig {
  const file = flags.config ?? (existsSync(join(root, CONFIG_FILE)) ? join(root, CONFIG_FILE) : undefined);
  if (file === undefined) return EMPTY_CONFIG;
  const source = readSource(io.cwd, file);
  return parseBatchConfig(source.text, source.path);
}

function printFailure(io: Io, c: ChalkInstance, o: ProjectOutcome) {
  if (o.job.ok) return;
  const { failure } = o.job;
  if (failure.diagnostics.length === 0)
    io.stderr(`${c.red(failure.kind === "internal" ? "internal error" : "error")}: ${o.project.name}: ${failure.message}\n`);
  printDiagnostics(io, c, failure.diagnostics, failure.sources);
}

/**
 * Project folders this run no longer produces, found on disk (a folder below the output holding a
 * manifest of its own), so one is reported on every run until it is removed (--prune). Names come
 * from the folders themselves, never from a manifest's text, so none can point outside the output.
 */
function staleProjects(outDir: string, run: BatchRun): string[] {
  const now = new Set(run.projects.map((p) => p.project.name));
  return projectFolders(outDir).filter((p) => !now.has(p));
}

/**
 * A failure to write one folder (a conflict with a hand edit, an unusable folder, a file-system
 * error such as no space or a name too long) fails that folder with exit 2; anything else is a bug.
 * describeFsError gives the message of the first two (they carry no errno code) and words for the last.
 */
const isWriteFailure = (e: unknown) =>
  e instanceof OutputConflictError || e instanceof OutputFolderError || typeof (e as NodeJS.ErrnoException).code === "string";

async function batchCommand(io: Io, dir: string, flags: BatchFlags, c: ChalkInstance): Promise<number> {
  const root = resolve(io.cwd, dir);
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new UsageError(`${dir} is not a folder`);
  const config = loadConfig(io, root, flags);
  const output = flags.output ?? (config.output !== undefined ? join(dir, config.output) : join(dir, "bootc"));
  if (output.trim() === "") throw new UsageError("--output must name a folder");
  const outDir = resolve(io.cwd, output);
  // The repository itself, or a folder above it: "" or a path down to it.
  if (!leavesFolder(relative(outDir, root)))
    throw new UsageError(`the output folder ${output} holds the repository ${dir}: choose a folder inside it or elsewhere`);
  const fromRoot = relative(root, outDir);
  // A folder the repository chose (config or default) is reached through real folders only:
  // a symlinked folder of the repo (gen -> ../victim) must not carry the output outside it.
  if (flags.output === undefined) checkNestedFolder(root, fromRoot.split(sep).join("/"));
  const cli = convertOptions(io, { ...flags, output });
  if (flags.includeRoot !== undefined) {
    // Batch paths are repository-relative, and a batch reads nothing outside the repository.
    const rel = relative(root, resolve(io.cwd, flags.includeRoot)).split(sep).join("/");
    if (leavesFolder(rel)) throw new UsageError(`--include-root ${flags.includeRoot} is outside the repository ${dir}: a batch reads only inside it`);
    cli.kickstart = { ...cli.kickstart, includeRoot: rel === "" ? "." : rel };
  }
  if (flags.reportsDir === undefined && config.reportsDir !== undefined) checkNestedFolder(root, config.reportsDir);
  const placement = reportPlacement(
    io,
    flags,
    { dir: outDir, shown: output },
    {
      ...(config.reportFormats ? { formats: config.reportFormats } : {}),
      ...(config.reportsDir !== undefined ? { dir: join(dir, config.reportsDir) } : {}),
    },
    [{ path: root, shown: `the repository ${dir}` }],
    BATCH_DEFAULT_REPORT_FORMATS,
  );
  // Workers render only the reports that will be written.
  cli.reportFormats = placement.formats;
  // One writing run per output folder; review runs only read (but write reports kept apart).
  const release = flags.check || flags.diff ? () => {} : lockOutputFolder(outDir);
  const releaseReports = placement.dir !== undefined ? lockOutputFolder(placement.dir) : () => {};
  try {
    return await runLocked(io, root, output, outDir, placement, config, cli, flags, c);
  } finally {
    releaseReports();
    release();
  }
}

async function runLocked(
  io: Io,
  root: string,
  output: string,
  outDir: string,
  placement: ReportPlacement,
  config: BatchConfig,
  cli: ConvertOptions,
  flags: BatchFlags,
  c: ChalkInstance,
): Promise<number> {
  const bar = progress(io, flags);
  const reviewLine = reviewOut(io, flags);
  let writeFailed = false;
  let drift = 0;
  const review = flags.check || flags.diff;
  const failWrite = (shown: string, e: unknown) => {
    if (!isWriteFailure(e)) throw e;
    writeFailed = true;
    bar.clear();
    io.stderr(`${c.red("error")}: ${shown}: ${describeFsError(e)}\n`);
  };
  // Project folders are flushed to disk together and published in order (io/write-queue.ts).
  const writer = new FolderWriteQueue();
  /** Writes (or, in review, compares) one folder's files below a root: the output tree, or the reports kept apart. */
  /** In review, returns the changes it found, for the review page kept apart. */
  const placeIn = async (top: { dir: string; shown: string; review: boolean }, name: string, artifacts: Artifact[], extras: Record<string, unknown>) => {
    const shown = name === "" ? top.shown : join(top.shown, name);
    const found: FileChange[] = [];
    try {
      // pair.ts names projects with safe segments; this is the writer's own guard.
      const folder = name === "" ? top.dir : insideFolder(top.dir, name);
      if (name !== "") checkNestedFolder(top.dir, name);
      if (top.review) {
        for (const change of compareWithDisk(folder, artifacts).filter((ch) => ch.status !== "unchanged")) {
          drift++;
          const path = name === "" ? change.path : `${name}/${change.path}`;
          found.push(change);
          reviewLine(flags.diff ? colorDiff(unifiedDiff({ ...change, path }), c) : `${change.status}: ${path}\n`);
        }
      } else await writer.add(folder, artifacts, flags.force === true, extras, (r) => "error" in r && failWrite(shown, r.error));
    } catch (e) {
      failWrite(shown, e);
    }
    return found;
  };
  const tops = {
    tree: { dir: outDir, shown: output, review: review === true },
    ...(placement.dir !== undefined ? { reports: { dir: placement.dir, shown: placement.shown, review: false } } : {}),
  };
  const place = async (name: string, artifacts: Artifact[], extras: Record<string, unknown>) => {
    const { tree, reports } = placeReports(artifacts, placement.formats, tops.reports !== undefined);
    const drift = await placeIn(tops.tree, name, tree, extras);
    if (tops.reports) await placeIn(tops.reports, name, tops.tree.review && name !== "" ? withReviewChanges(reports, drift) : reports, {});
  };
  const run = await runBatch({
    root,
    output: outDir,
    ...(placement.dir !== undefined ? { reportsDir: placement.dir } : {}),
    config,
    cli,
    reserved: [...Object.values(BATCH_REPORT_FILES), MANIFEST],
    saltFor: (project) => saltPolicy(io.env, join(outDir, project.name)),
    convertAll: convertPool(flags.jobs),
    onProgress: bar.tick,
    // Each project is written (or compared) as soon as it is converted; its files are not kept.
    onProject: (o) => {
      if (!o.job.ok) {
        bar.clear();
        return printFailure(io, c, o);
      }
      if (flags.verbose && !flags.quiet) {
        bar.clear();
        printFindings(io, c, o.job.result.report.findings, true);
      }
      const hashes = o.job.result.passwordHashes;
      return place(o.project.name, o.job.result.artifacts, Object.keys(hashes).length ? { passwordHashes: hashes } : {});
    },
  });
  await writer.drain();
  bar.clear();
  for (const problem of run.problems) io.stderr(`${c.red("error")}: ${problem}\n`);

  const prune = (top: { dir: string; shown: string }, name: string) => {
    try {
      checkNestedFolder(top.dir, name);
      const left = pruneProjectFolder(insideFolder(top.dir, name), flags.force === true);
      if (left.length === 0) removeEmptyParents(top.dir, name);
      if (!flags.quiet)
        io.stderr(
          left.length === 0
            ? `pruned ${join(top.shown, name)} (its inputs are gone)\n`
            : `pruned what edge2bootc wrote in ${join(top.shown, name)}; kept files it did not write: ${left.join(", ")}\n`,
        );
    } catch (e) {
      if (!isWriteFailure(e)) throw e;
      writeFailed = true;
      io.stderr(`${c.red("error")}: ${join(top.shown, name)}: ${describeFsError(e)}\n`);
    }
  };
  const summary = summarize(run);
  const render = loadTemplates();
  const reports = batchReports(summary, run, render);
  await place("", withGitattributes(reports), { projects: run.projects.map((p) => p.project.name) });
  await writer.drain();
  // Stale project folders, in the output tree and among reports kept apart: reported until pruned.
  for (const top of [tops.tree, ...(tops.reports ? [tops.reports] : [])]) {
    for (const name of staleProjects(top.dir, run)) {
      if (top.review) {
        drift++;
        reviewLine(`stale: ${name}/ (its inputs are gone)\n`);
      } else if (flags.prune) prune(top, name);
      else if (!flags.quiet) io.stderr(`${c.yellow("warning")}: ${join(top.shown, name)} belongs to inputs that are gone; remove it with --prune\n`);
    }
  }

  if (flags.format === "json") io.stdout(renderBatchJson(summary));
  if (flags.verbose && !flags.quiet) for (const s of run.skipped) io.stderr(`${c.dim("skipped")} ${s.path}: ${s.reason}\n`);
  if (run.projects.length === 0 && !flags.quiet) explainNoProjects(io, root, outDir, run);
  if (!flags.quiet) {
    io.stderr(`${summaryTable(summary)}\n`);
    if (review) io.stderr(drift ? `${drift} file(s) differ from ${output}\n` : `${output} is up to date\n`);
    else
      io.stderr(
        `${c.green("wrote")} ${output}${placement.formats.includes("markdown") ? `; see ${join(placement.shown, BATCH_REPORT_FILES.markdown)}` : ""}\n`,
      );
  }
  if (run.projects.some((o) => !o.job.ok && o.job.failure.kind === "internal")) return EXIT.internal;
  if (summary.totals.failed > 0 || run.problems.length > 0 || writeFailed) return EXIT.badInput;
  writeBaselineFile(io, flags, batchFindings(run));
  if (drift > 0) return EXIT.drift;
  return failsOn(flags.failOn, summary.totals) ? EXIT.findings : EXIT.ok;
}

/** "0 projects" says what was looked for and which files look like edge inputs but were not taken. */
function explainNoProjects(io: Io, root: string, outDir: string, run: BatchRun) {
  const outRel = relative(root, outDir).split(sep).join("/");
  const mentions = untakenMentions(root, outRel && !leavesFolder(outRel) ? [outRel] : [], run.skipped);
  io.stderr(`no project found. A batch looks for ${LOOKED_FOR}.\n`);
  if (mentions.length === 0) io.stderr("No file here mentions ostreesetup or [[packages]].\n");
  else {
    io.stderr("Files that mention ostreesetup or [[packages]] but were not taken:\n");
    for (const m of mentions) io.stderr(`  ${m.path}: ${m.reason}\n`);
  }
}

export function addBatchCommand(p: Command, io: Io, setExit: (code: number) => void): void {
  const cmd = p
    .command("batch")
    .description("convert every blueprint and kickstart of a repository into a mirrored output tree, with one combined report")
    .argument("<dir>", "repository folder")
    .option("-o, --output <dir>", `output folder (default: <dir>/bootc, or output in ${CONFIG_FILE})`)
    .option("--config <file>", `batch configuration (default: <dir>/${CONFIG_FILE} when present)`);
  addSettingFlags(cmd, SETTING_NAMES, `; for every project, over ${CONFIG_FILE}`)
    .option("--image-map <file>", 'TOML file of "ostree ref" = "image reference" pairs (replaces the config file\'s image-map)')
    .option("--include-root <dir>", "folder inside the repository that kickstart %include targets must stay in (default: each kickstart's folder)")
    .option("--force", "overwrite output files that were edited since edge2bootc wrote them")
    .option("--prune", "remove the project folders whose inputs are gone (what edge2bootc wrote in them; edited files only with --force)")
    .option("--check", "write nothing; exit 1 when the output tree differs from what would be generated")
    .option("--diff", "write nothing; print a unified diff per changed file (exit 1 on differences)");
  addGateFlags(addReportFlags(cmd))
    .option("-j, --jobs <n>", "worker threads (default: one per core when there is enough work)", (v: string) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1 || n > 64) throw new InvalidArgumentError("expected a number from 1 to 64");
      return n;
    })
    .option("-q, --quiet", "print only errors")
    .option(...VERBOSE_FLAG)
    .addOption(new Option("--no-color", "disable colours (NO_COLOR is honoured too)"));
  addFormatFlag(cmd)
    .addHelpText("after", helpAfter("batch"))
    .action(async (dir: string, flags: BatchFlags) => {
      setExit(await batchCommand(io, dir, flags, chalkFor(io.env, flags.color)));
    });
}
