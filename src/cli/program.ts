import { sanitizeTerminal } from "../util/terminal.js";
import { lockOutputFolder } from "../io/output-lock.js";
import { Argument, Command, CommanderError, Option } from "commander";
import { completionScript, SHELLS, type Shell } from "./completion.js";
import { statSync } from "node:fs";
import { join, resolve, sep } from "node:path";
import { convertProject, type SourceFile } from "../convert.js";
import { placeReports, REPORT_FILES, REPORT_FORMATS } from "../report/formats.js";
import { withGitattributes } from "../render/gitattributes.js";
import { InputError } from "../core/errors.js";
import { OutputConflictError, OutputFolderError, writeOutputFolder } from "../io/output-folder.js";
import { SETTING_NAMES, type SettingName } from "../settings.js";
import { TOOL } from "../report/model.js";
import { redactSecrets } from "../util/redact.js";
import { addBatchCommand } from "./batch-command.js";
import { addDeviceCommand } from "./device-command.js";
import { includeLoader, readSource, UnreadableInput } from "../io/inputs.js";
import type { ChalkInstance } from "chalk";
import {
  chalkFor,
  addSettingFlags,
  collect,
  reviewFolder,
  convertOptions,
  EXIT,
  EXIT_CODES_HELP,
  helpAfter,
  addGateFlags,
  addReportFlags,
  addFormatFlag,
  reviewOut,
  VERBOSE_FLAG,
  reportPlacement,
  writeBaselineFile,
  failsOn,
  printDiagnostics,
  printFindings,
  outputFolder,
  saltPolicy,
  UsageError,
  type ConvertFlags,
  type Io,
  withReviewChanges,
} from "./shared.js";

export { EXIT, type Io } from "./shared.js";

const isFolder = (path: string) => {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false; // missing or unreadable: reading it says why
  }
};

function convertCommand(io: Io, blueprint: string | undefined, flags: ConvertFlags, c: ChalkInstance): number {
  for (const input of [blueprint, ...(flags.kickstart ?? [])])
    if (input !== undefined && isFolder(resolve(io.cwd, input)))
      throw new UsageError(`${input} is a folder, not a blueprint or kickstart file. To convert every project in it, run: edge2bootc batch ${input}`);
  const kickstarts: SourceFile[] = (flags.kickstart ?? []).map((k) => readSource(io.cwd, k));
  if (blueprint === undefined && kickstarts.length === 0) throw new UsageError("give a blueprint, --kickstart <file>, or both");
  const outDir = outputFolder(io.cwd, flags.output, [blueprint, ...(flags.kickstart ?? []), flags.imageMap, flags.registryAuthFile]);
  const result = convertProject(
    { ...(blueprint !== undefined ? { blueprint: readSource(io.cwd, blueprint) } : {}), kickstarts, loadInclude: includeLoader(io.cwd) },
    { ...convertOptions(io, flags), salt: saltPolicy(io.env, outDir) },
  );
  outputFolder(
    io.cwd,
    flags.output,
    result.report.inputs.map((i) => i.path),
  );
  const summary = result.report.summary;
  const read = [blueprint, ...(flags.kickstart ?? []), flags.imageMap, flags.registryAuthFile, ...result.report.inputs.map((i) => i.path)]
    .filter((p): p is string => p !== undefined)
    .map((p) => ({ path: p, shown: `the input ${p}` }));
  const placement = reportPlacement(io, flags, { dir: outDir, shown: flags.output }, {}, read);
  const placed = placeReports(result.artifacts, placement.formats, placement.dir !== undefined);
  let { reports } = placed;
  const tree = withGitattributes(placed.tree);
  // Reports kept in a folder of their own are the run's results: written in review runs too.
  const writeReports = () => {
    if (placement.dir === undefined) return;
    const release = lockOutputFolder(placement.dir);
    try {
      writeOutputFolder(placement.dir, reports, flags.force === true);
    } finally {
      release();
    }
  };

  const review = reviewOut(io, flags);
  const printJson = () => {
    if (flags.format === "json") io.stdout(REPORT_FORMATS.json.render(result.report));
  };
  if (flags.check || flags.diff) {
    const drift = reviewFolder(io, c, review, outDir, tree, flags);
    reports = withReviewChanges(reports, drift);
    printJson();
    writeReports();
    writeBaselineFile(io, flags, result.report.findings);
    return drift.length ? EXIT.drift : failsOn(flags.failOn, summary) ? EXIT.findings : EXIT.ok;
  }

  const release = lockOutputFolder(outDir);
  let changes;
  try {
    changes = writeOutputFolder(outDir, tree, flags.force === true, Object.keys(result.passwordHashes).length ? { passwordHashes: result.passwordHashes } : {});
  } finally {
    release();
  }
  writeReports();
  printJson();
  if (!flags.quiet) {
    printFindings(io, c, result.report.findings, flags.verbose === true);
    const n = (s: string) => changes.filter((ch) => ch.status === s).length;
    const markdown = placement.formats.includes("markdown") ? `; see ${join(placement.shown, REPORT_FILES.markdown)}` : "";
    io.stderr(
      `${c.green("wrote")} ${flags.output}: ${n("created")} created, ${n("changed")} changed, ${n("unchanged")} unchanged, ${n("removed")} removed\n` +
        `findings: ${summary.unsupported} unsupported, ${summary.warning} warning, ${summary.info} info${summary.accepted ? `, ${summary.accepted} accepted` : ""}${markdown}\n`,
    );
  }
  writeBaselineFile(io, flags, result.report.findings);
  return failsOn(flags.failOn, summary) ? EXIT.findings : EXIT.ok;
}

/** The settings (settings.ts) that concern kickstarts, and the ones only a blueprint uses. */
const KICKSTART_SETTINGS = ["image", "target", "installer-command", "provenance"] as const satisfies readonly SettingName[];
const BLUEPRINT_SETTINGS = SETTING_NAMES.filter((n) => !(KICKSTART_SETTINGS as readonly SettingName[]).includes(n));

/** Options shared by `convert` and `kickstart`. */
function withCommonOptions(cmd: Command): Command {
  const withFlags = addGateFlags(
    addReportFlags(
      addSettingFlags(cmd.option("-o, --output <dir>", "output folder", "out"), KICKSTART_SETTINGS)
        .option("--image-map <file>", 'TOML file of "ostree ref" = "image reference" pairs')
        .option("--include-root <dir>", "folder that kickstart %include targets must stay in (default: each kickstart's folder)")
        .option("--registry-auth-file <file>", "containers auth.json the installer uses to pull the image (written into the kickstart, never into the report)")
        .option("--project-root <dir>", "folder that generated files name inputs relative to (default: the folder the inputs share)")
        .option("--force", "overwrite output files that were edited since edge2bootc wrote them")
        .option("--check", "write nothing; exit 1 when the output folder differs from what would be generated")
        .option("--diff", "write nothing; print a unified diff against the output folder (exit 1 on differences)"),
    ),
  )
    .option("-q, --quiet", "print only errors")
    .option(...VERBOSE_FLAG)
    .addOption(new Option("--no-color", "disable colours (NO_COLOR is honoured too)"));
  return addFormatFlag(withFlags);
}

function program(io: Io, setExit: (code: number) => void): Command {
  const p = new Command("edge2bootc")
    .description("Migrate RHEL for edge blueprints and kickstarts to image mode for RHEL (bootc)")
    .version(TOOL.version)
    .exitOverride()
    .addHelpText("after", EXIT_CODES_HELP)
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  withCommonOptions(
    addSettingFlags(
      p
        .command("convert")
        .description(
          "convert a blueprint into a bootc Containerfile and build context, and/or edge kickstarts into image-mode kickstarts, with a migration report",
        )
        .argument("[blueprint]", "blueprint TOML file")
        .option("--kickstart <file>", "edge kickstart to convert (repeatable)", collect),
      BLUEPRINT_SETTINGS,
    ),
  )
    .addHelpText("after", helpAfter("convert"))
    .action((blueprint: string | undefined, flags: ConvertFlags) => {
      setExit(convertCommand(io, blueprint, flags, chalkFor(io.env, flags.color)));
    });
  withCommonOptions(
    p
      .command("kickstart")
      .description("convert edge kickstarts (ostreesetup) into image-mode kickstarts (ostreecontainer or bootc), with a migration report")
      .argument("<kickstart...>", "kickstart files"),
  )
    .addHelpText("after", helpAfter("kickstart"))
    .action((files: string[], flags: ConvertFlags) => {
      setExit(convertCommand(io, undefined, { ...flags, kickstart: files }, chalkFor(io.env, flags.color)));
    });
  addBatchCommand(p, io, setExit);
  addDeviceCommand(p, io, setExit);
  p.command("completion")
    .description("print a shell completion script for bash, zsh or fish (its first line says where to put it)")
    .addArgument(new Argument("<shell>", "the shell").choices(SHELLS))
    .action((shell: Shell) => {
      io.stdout(completionScript(shell, p));
    });
  return p;
}

/** Every byte the CLI prints goes through the redaction layer, whatever printed it. */
function redactingIo(io: Io, colour: boolean): Io {
  const safe = (s: string) => sanitizeTerminal(redactSecrets(s), colour);
  return { ...io, stdout: (s) => io.stdout(safe(s)), stderr: (s) => io.stderr(safe(s)) };
}

export async function run(argv: string[], rawIo: Io): Promise<number> {
  const c = chalkFor(rawIo.env, !argv.includes("--no-color"));
  const io = redactingIo(rawIo, c.level > 0);
  let code: number = EXIT.ok;
  try {
    await program(io, (x) => (code = x)).parseAsync(argv, { from: "user" });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.exitCode === 0 ? EXIT.ok : EXIT.badInput;
    }
    if (e instanceof InputError) {
      printDiagnostics(io, c, e.diagnostics, e.sourceTexts());
      io.stderr("nothing was written\n");
      return EXIT.badInput;
    }
    if (e instanceof OutputConflictError || e instanceof OutputFolderError || e instanceof UsageError || e instanceof UnreadableInput) {
      io.stderr(`${c.red("error")}: ${e.message}\nnothing was written\n`);
      return EXIT.badInput;
    }
    io.stderr(`${c.red("internal error")}: ${(e as Error).stack ?? String(e)}\n`);
    return EXIT.internal;
  }
}
