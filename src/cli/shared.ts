import { Chalk, type ChalkInstance } from "chalk";
import { resolve, sep } from "node:path";
import { isBelow } from "../util/paths.js";
import { InvalidArgumentError, Option, type Command } from "commander";
import { optionsFromSettings, parseSettingValue, SETTING_NAMES, SETTINGS, type ProjectSettings, type SettingName } from "../settings.js";
import type { ConvertOptions } from "../convert.js";
import { readManifestExtras } from "../io/output-folder.js";
import type { InstallerCommand, KickstartTarget } from "../kickstart/commands.js";
import type { ContainersStrategy, SourceImageType } from "../migrate/resolve/context.js";
import type { Finding } from "../plan/types.js";
import type { ProvenanceMode } from "../render/provenance.js";
import type { SaltPolicy } from "../util/crypt.js";
import { codeFrame, formatRef, type Diagnostic } from "../core/errors.js";
import { displayPath, readBaseline, readImageMap, readRegistryAuth } from "../io/inputs.js";
import { renderBaseline } from "../accept/baseline.js";
import { compareWithDisk, unifiedDiff, writeFileWhole, type FileChange } from "../io/output-folder.js";
import type { Artifact } from "../render/artifacts.js";
import { withChanges } from "../report/review-page.js";
import { ALL_REPORT_FORMATS, parseReportFormats, REPORT_FILES, type ReportFormatId } from "../report/formats.js";

/**
 * What every command shares: the process's streams and exit codes, flags, colours. Drift and
 * findings over --fail-on exit differently, so a CI step can tell "regenerate" from "review".
 */
export const EXIT = { ok: 0, drift: 1, badInput: 2, internal: 3, findings: 4 } as const;

/** Examples printed by --help, per command: the commands people type first. */
export const HELP_EXAMPLES = {
  convert: `
Examples:
  edge2bootc convert blueprint.toml --kickstart edge.ks --image quay.io/acme/kiosk:1.0 -o bootc
  edge2bootc convert blueprint.toml -o bootc --check          # in CI: is bootc/ up to date?`,
  kickstart: `
Examples:
  edge2bootc kickstart edge.ks --image quay.io/acme/kiosk:1.0 -o bootc
  edge2bootc kickstart edge.ks --target rhel10 --installer-command bootc`,
  batch: `
Examples:
  edge2bootc batch .                                  # every project into bootc/
  edge2bootc batch . --diff --fail-on unsupported     # review: what would change, and a gate
  edge2bootc batch . --reports-dir /tmp/r --report-formats sarif --check`,
} as const;

/** A command's examples, exit codes and where the docs are, after its options in --help. */
export const helpAfter = (command: keyof typeof HELP_EXAMPLES) =>
  `${HELP_EXAMPLES[command]}\n${EXIT_CODES_HELP}\nDocs: https://github.com/edge2bootc/edge2bootc#readme`;

export const EXIT_CODES_HELP = `
Exit codes:
  0  done; with --check/--diff, the output is up to date
  1  --check/--diff: the output differs from what would be generated
  2  bad input or flags, or an output file that cannot be written (nothing half-written)
  3  internal error (a bug: please report it)
  4  a finding at or above --fail-on that nobody accepted

Accepting a finding: a comment above the line it names (# edge2bootc: accept <rule> -- <reason>),
an [[accept]] entry in edge2bootc.toml (batch), or --baseline. Rules: docs/rules.md`;

export interface Io {
  stdout(s: string): void;
  stderr(s: string): void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Whether stderr is a terminal (progress bars only go there). */
  stderrIsTTY?: boolean;
}

export interface ConvertFlags {
  output: string;
  baseImage?: string;
  image?: string;
  kickstart?: string[];
  target?: KickstartTarget;
  installerCommand?: InstallerCommand;
  imageMap?: string;
  registryAuthFile?: string;
  includeRoot?: string;
  provenance?: ProvenanceMode;
  projectRoot?: string;
  sourceImageType?: SourceImageType;
  bibProfile?: string;
  containers?: ContainersStrategy;
  edgeParity?: boolean;
  microshiftVersion?: string;
  force?: boolean;
  failOn?: FailOn;
  baseline?: string;
  writeBaseline?: string;
  check?: boolean;
  diff?: boolean;
  reportFormats?: ReportFormatId[];
  reportsDir?: string;
  format?: "text" | "json";
  color: boolean;
  quiet?: boolean;
  verbose?: boolean;
}

/** A bad combination of flags: exit 2 with the message. */
export class UsageError extends Error {}

/** chalk 5 ignores NO_COLOR, so it is honoured here, next to --no-color. */
export function chalkFor(env: NodeJS.ProcessEnv, colorFlag: boolean): ChalkInstance {
  const off = !colorFlag || (env.NO_COLOR !== undefined && env.NO_COLOR !== "");
  return new Chalk(off ? { level: 0 } : {});
}

/** Warnings and worse; with --verbose, info and accepted findings too (marked). */
export function printFindings(io: Io, c: ChalkInstance, findings: Finding[], verbose = false) {
  const style = { unsupported: c.red, warning: c.yellow, info: c.dim } as const;
  // Accepted findings are settled: they are in the reports, not in the way on the terminal.
  for (const f of findings.filter((f) => verbose || (f.severity !== "info" && !f.accepted))) {
    const accepted = f.accepted ? c.dim(` (accepted: ${f.accepted.reason})`) : "";
    io.stderr(`${formatRef(f.source)}: ${style[f.severity](f.severity)}: ${f.title} ${c.dim(`[${f.id}]`)}${accepted}\n`);
  }
}

/** -v/--verbose, shared by every command. */
export const VERBOSE_FLAG = ["-v, --verbose", "also print info and accepted findings, and (batch) every file skipped with its reason"] as const;

/** Commander's name for a flag's value: --source-image-type → sourceImageType. */
const camel = (name: string) => name.replace(/-(\w)/g, (_, ch: string) => ch.toUpperCase());

/** Conversion settings as flags, from the one table (settings.ts), checked exactly as in edge2bootc.toml. */
export function addSettingFlags(cmd: Command, names: readonly SettingName[], suffix = ""): Command {
  for (const name of names) {
    const s = SETTINGS[name];
    if (s.value === undefined) cmd.addOption(new Option(`--no-${name}`, `${s.help}${suffix}`));
    else
      cmd.option(`--${name} ${s.value}`, `${s.help}${suffix}`, (raw: string) => {
        const parsed = parseSettingValue(name, raw);
        if ("problem" in parsed) throw new InvalidArgumentError(parsed.problem);
        return parsed.value;
      });
  }
  return cmd;
}

/** The settings given on the command line (a boolean setting only by its --no- flag). */
function settingsFromFlags(flags: ConvertFlags): ProjectSettings {
  const given: Record<string, unknown> = {};
  const values = flags as unknown as Record<string, unknown>; // commander's parsed flags, keyed by camelCase name
  for (const name of SETTING_NAMES) {
    const v = values[camel(name)];
    if (SETTINGS[name].value === undefined ? v === false : v !== undefined) given[name] = v;
  }
  return given as ProjectSettings;
}

export function convertOptions(io: Io, flags: ConvertFlags): ConvertOptions {
  if (flags.installerCommand === "bootc" && flags.target === "rhel9")
    throw new UsageError("--installer-command bootc needs --target rhel10: RHEL 9 has no bootc kickstart command");
  const fromSettings = optionsFromSettings(settingsFromFlags(flags));
  return {
    ...fromSettings,
    ...(flags.baseline !== undefined ? { accept: { baseline: readBaseline(io.cwd, flags.baseline) } } : {}),
    ...(flags.projectRoot !== undefined ? { projectRoot: displayPath(io.cwd, flags.projectRoot) } : {}),
    kickstart: {
      ...fromSettings.kickstart,
      ...(flags.imageMap ? { imageMap: readImageMap(io.cwd, flags.imageMap) } : {}),
      ...(flags.registryAuthFile ? { registryAuth: readRegistryAuth(io.cwd, flags.registryAuthFile) } : {}),
      ...(flags.includeRoot !== undefined ? { includeRoot: displayPath(io.cwd, flags.includeRoot) } : {}),
    },
  };
}

/** Salts: the secret seed from the environment, and the hashes the last run recorded in the output folder. */
export function saltPolicy(env: NodeJS.ProcessEnv, outDir: string): SaltPolicy {
  const recorded = readManifestExtras(outDir).passwordHashes;
  const previous =
    recorded !== null && typeof recorded === "object" ? Object.fromEntries(Object.entries(recorded).filter(([, v]) => typeof v === "string")) : undefined;
  return { ...(env.EDGE2BOOTC_SALT_SEED ? { seed: env.EDGE2BOOTC_SALT_SEED } : {}), ...(previous ? { previous } : {}) };
}

export const choice = (allowed: readonly string[]) => (value: string) => {
  if (!allowed.includes(value)) throw new InvalidArgumentError(`expected one of ${allowed.join(", ")}`);
  return value;
};
export const collect = (value: string, previous: string[] = []) => [...previous, value];

/** The lowest finding severity that fails a run (--fail-on), for CI gates. */
export type FailOn = "warning" | "unsupported";

/** The flags of the CI gate, shared by convert, kickstart and batch. */
export function addGateFlags(cmd: Command): Command {
  return cmd
    .option(
      "--fail-on <warning|unsupported>",
      "exit 4 when a finding of this severity or worse is reported and not accepted",
      choice(["warning", "unsupported"]),
    )
    .option("--baseline <file>", "accept the findings recorded in this file (from --write-baseline); only new findings count for --fail-on")
    .option("--write-baseline <file>", "record every finding not accepted otherwise in this file, to adopt --fail-on in a repository with findings today");
}

/** Which reports are written and where: the flags that keep a committed tree to what the image is made of. */
export function addReportFlags(cmd: Command): Command {
  return cmd
    .option(
      "--report-formats <list>",
      "reports to write, comma-separated: markdown, json, sarif, html (the review page), or none (default: all; batch: all but html)",
      (raw: string) => {
        const parsed = parseReportFormats(raw.split(","));
        if ("problem" in parsed) throw new InvalidArgumentError(parsed.problem);
        return parsed.formats;
      },
    )
    .option("--reports-dir <dir>", "write the reports here, not in the output folder (also with --check/--diff, which write nothing else)");
}

/**
 * --format json: the run's report as JSON on stdout (the migration-report.json or batch-report.json
 * form, each with its schema in schema/) and nothing else there, for scripts; everything for
 * people goes to stderr. A unified diff is text, so --diff keeps --format text.
 */
export function addFormatFlag(cmd: Command): Command {
  return cmd.addOption(
    new Option("--format <text|json>", "json: print the report as JSON on stdout (schema/), everything else on stderr")
      .choices(["text", "json"])
      .default("text"),
  );
}

/** Where lines of a review (changed files, stale folders) go: stdout, unless stdout carries JSON. */
export function reviewOut(io: Io, flags: { format?: "text" | "json"; diff?: boolean }): (s: string) => void {
  if (flags.format === "json" && flags.diff) throw new UsageError("--diff prints a unified diff on stdout: use --check with --format json");
  return flags.format === "json" ? io.stderr : io.stdout;
}

/** Where the reports go: their formats, and their own folder (absolute) when it is not the output folder. */
export interface ReportPlacement {
  formats: readonly ReportFormatId[];
  dir?: string;
  /** The folder as the user named it, for messages. */
  shown: string;
}

/**
 * The placement from the flags, over a repository's own choice (edge2bootc.toml), refusing a folder
 * nested with the output or holding what was read (an input, the repository): the reports folder
 * gets a manifest, and a folder holding one is edge2bootc's output, which batch never reads.
 */
export function reportPlacement(
  io: Io,
  flags: { reportFormats?: readonly ReportFormatId[]; reportsDir?: string },
  output: { dir: string; shown: string },
  configured: { formats?: readonly ReportFormatId[]; dir?: string } = {},
  read: readonly { path: string; shown: string }[] = [],
  defaults: readonly ReportFormatId[] = ALL_REPORT_FORMATS,
): ReportPlacement {
  const formats = flags.reportFormats ?? configured.formats ?? defaults;
  const named = flags.reportsDir ?? configured.dir;
  if (named === undefined) return { formats, shown: output.shown };
  if (named.trim() === "") throw new UsageError("--reports-dir must name a folder");
  const dir = resolve(io.cwd, named);
  if (dir === output.dir) return { formats, shown: output.shown };
  if (isBelow(output.dir, dir) || isBelow(dir, output.dir))
    throw new UsageError(`the reports folder ${named} and the output folder ${output.shown} are nested: choose folders side by side`);
  const held = read.find((r) => resolve(io.cwd, r.path) === dir || isBelow(dir, resolve(io.cwd, r.path)));
  if (held) throw new UsageError(`the reports folder ${named} holds ${held.shown}: choose a folder that holds no input`);
  return { formats, dir, shown: named };
}

/** --write-baseline: the findings of this run, written whole. */
export function writeBaselineFile(io: Io, flags: { writeBaseline?: string; quiet?: boolean }, findings: readonly Finding[]): void {
  if (flags.writeBaseline === undefined) return;
  writeFileWhole(resolve(io.cwd, flags.writeBaseline), renderBaseline(findings));
  if (!flags.quiet)
    io.stderr(`baseline of ${findings.filter((f) => !f.accepted || f.accepted.by === "baseline").length} finding(s) written to ${flags.writeBaseline}\n`);
}

export function failsOn(threshold: FailOn | undefined, counts: { warning: number; unsupported: number }): boolean {
  if (threshold === undefined) return false;
  return counts.unsupported > 0 || (threshold === "warning" && counts.warning > 0);
}

/** A diff coloured like git's, when colours are on (a terminal, no NO_COLOR, no --no-color). */
export function colorDiff(diff: string, c: ChalkInstance): string {
  if (c.level === 0) return diff;
  return diff.replace(/^(.*)$/gm, (line) =>
    line.startsWith("+++") || line.startsWith("---")
      ? c.bold(line)
      : line.startsWith("+")
        ? c.green(line)
        : line.startsWith("-")
          ? c.red(line)
          : line.startsWith("@@")
            ? c.cyan(line)
            : line,
  );
}

/**
 * A review run of one output folder (--check, --diff): what writing `files` would change, each
 * change printed through `out` (a line, or a coloured diff), and the count summarised on stderr.
 */
export function reviewFolder(
  io: Io,
  c: ChalkInstance,
  out: (s: string) => void,
  folder: string,
  files: Artifact[],
  flags: { diff?: boolean; quiet?: boolean; output: string },
): FileChange[] {
  const drift = compareWithDisk(folder, files).filter((ch) => ch.status !== "unchanged");
  for (const change of drift) out(flags.diff ? colorDiff(unifiedDiff(change), c) : `${change.status}: ${change.path}\n`);
  if (!flags.quiet) io.stderr(drift.length ? `${drift.length} file(s) differ from ${flags.output}\n` : `${flags.output} is up to date\n`);
  return drift;
}

/** --microshift-version 4.N */

/** Positioned errors as file:line:col, the reason and a code frame (masked) when the file's text is at hand. */
export function printDiagnostics(io: Io, c: ChalkInstance, diagnostics: Diagnostic[], texts: Readonly<Record<string, string>>) {
  for (const d of diagnostics) {
    io.stderr(`${formatRef(d.source)}: ${c.red("error")}: ${d.message}\n`);
    const text = texts[d.source.file];
    if (text !== undefined) io.stderr(`${codeFrame(text, d.source.line, d.source.column)}\n`);
  }
}

/** The output folder, refused when it is empty or holds an input (a run would overwrite or delete it). */
export function outputFolder(cwd: string, output: string, inputs: (string | undefined)[]): string {
  if (output.trim() === "") throw new UsageError("--output must name a folder");
  const outDir = resolve(cwd, output);
  for (const input of inputs) {
    if (input === undefined) continue;
    const full = resolve(cwd, input);
    if (full === outDir || full.startsWith(outDir + sep))
      throw new UsageError(`the output folder ${output} contains the input ${input}: choose an output folder that holds no input`);
  }
  return outDir;
}

/**
 * Reports kept apart are written in review runs (--check, --diff): the review page among them then
 * shows what differs on disk. The diffs are made only when there is a page to carry them.
 */
export function withReviewChanges(reports: readonly Artifact[], drift: readonly FileChange[]): Artifact[] {
  if (!reports.some((a) => a.path === REPORT_FILES.html)) return [...reports];
  const changes = drift.map((ch) => ({ path: ch.path, diff: unifiedDiff(ch) }));
  return reports.map((a) => (a.path === REPORT_FILES.html ? { ...a, contents: withChanges(a.contents, changes) } : a));
}
