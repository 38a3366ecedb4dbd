import { Chalk, type ChalkInstance } from "chalk";
import { Command, CommanderError, Option } from "commander";
import { readFileSync } from "node:fs";
import { relative, resolve, sep } from "node:path";
import { convert } from "../convert.js";
import { codeFrame, formatRef, InputError } from "../errors.js";
import { compareWithDisk, OutputConflictError, unifiedDiff, writeOutputFolder } from "../io/output-folder.js";
import type { Finding } from "../plan/types.js";
import { TOOL } from "../report/model.js";

export const EXIT = { ok: 0, drift: 1, badInput: 2, internal: 3 } as const;

export interface Io {
  stdout(s: string): void;
  stderr(s: string): void;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

interface ConvertFlags {
  output: string;
  baseImage?: string;
  image?: string;
  force?: boolean;
  check?: boolean;
  diff?: boolean;
  color: boolean;
  quiet?: boolean;
}

/** chalk 5 ignores NO_COLOR, so it is honoured here, next to --no-color. */
function chalkFor(env: NodeJS.ProcessEnv, colorFlag: boolean): ChalkInstance {
  const off = !colorFlag || (env.NO_COLOR !== undefined && env.NO_COLOR !== "");
  return new Chalk(off ? { level: 0 } : {});
}

/** Paths in findings are relative to the working directory, so reports do not depend on where the checkout lives. */
function displayPath(cwd: string, path: string): string {
  const rel = relative(cwd, resolve(cwd, path));
  return (rel.startsWith("..") ? resolve(cwd, path) : rel).split(sep).join("/");
}

function printFindings(io: Io, c: ChalkInstance, findings: Finding[]) {
  const style = { unsupported: c.red, warning: c.yellow, info: c.dim } as const;
  for (const f of findings.filter((f) => f.severity !== "info")) {
    io.stderr(`${formatRef(f.source)}: ${style[f.severity](f.severity)}: ${f.title} ${c.dim(`[${f.id}]`)}\n`);
  }
}

function convertCommand(io: Io, file: string, flags: ConvertFlags, c: ChalkInstance): number {
  const path = displayPath(io.cwd, file);
  let text: string;
  try {
    text = readFileSync(resolve(io.cwd, file), "utf8");
  } catch (e) {
    io.stderr(`${c.red("error")}: cannot read ${path}: ${(e as Error).message}\n`);
    return EXIT.badInput;
  }
  const result = convert({ path, text }, { baseImage: flags.baseImage, image: flags.image });
  const outDir = resolve(io.cwd, flags.output);
  const summary = result.report.summary;

  if (flags.check || flags.diff) {
    const drift = compareWithDisk(outDir, result.artifacts).filter((ch) => ch.status !== "unchanged");
    for (const change of drift) {
      io.stdout(flags.diff ? unifiedDiff(change) : `${change.status}: ${change.path}\n`);
    }
    if (!flags.quiet) io.stderr(drift.length ? `${drift.length} file(s) differ from ${flags.output}\n` : `${flags.output} is up to date\n`);
    return drift.length ? EXIT.drift : EXIT.ok;
  }

  const changes = writeOutputFolder(outDir, result.artifacts, flags.force === true);
  if (!flags.quiet) {
    printFindings(io, c, result.plan.findings);
    const n = (s: string) => changes.filter((ch) => ch.status === s).length;
    io.stderr(
      `${c.green("wrote")} ${flags.output}: ${n("created")} created, ${n("changed")} changed, ${n("unchanged")} unchanged, ${n("removed")} removed\n` +
        `findings: ${summary.unsupported} unsupported, ${summary.warning} warning, ${summary.info} info; see ${flags.output.replace(/\/$/, "")}/migration-report.md\n`,
    );
  }
  return EXIT.ok;
}

function program(io: Io, setExit: (code: number) => void): Command {
  const p = new Command("edge2bootc")
    .description("Migrate RHEL for edge blueprints to image mode for RHEL (bootc)")
    .version(TOOL.version)
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  p.command("convert")
    .description("convert an image-builder blueprint into a bootc Containerfile, its build context and a migration report")
    .argument("<blueprint>", "blueprint TOML file")
    .option("-o, --output <dir>", "output folder", "out")
    .option("--base-image <image>", "base image for FROM (default: derived from distro)")
    .option("--image <ref>", "image reference used in the report's next steps")
    .option("--force", "overwrite output files that were edited since edge2bootc wrote them")
    .option("--check", "write nothing; exit 1 when the output folder differs from what would be generated")
    .option("--diff", "write nothing; print a unified diff against the output folder (exit 1 on differences)")
    .option("-q, --quiet", "print only errors")
    .addOption(new Option("--no-color", "disable colours (NO_COLOR is honoured too)"))
    .action((file: string, flags: ConvertFlags) => {
      setExit(convertCommand(io, file, flags, chalkFor(io.env, flags.color)));
    });
  return p;
}

export async function run(argv: string[], io: Io): Promise<number> {
  let code: number = EXIT.ok;
  const c = chalkFor(io.env, !argv.includes("--no-color"));
  try {
    await program(io, (x) => (code = x)).parseAsync(argv, { from: "user" });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.exitCode === 0 ? EXIT.ok : EXIT.badInput;
    }
    if (e instanceof InputError) {
      for (const d of e.diagnostics) {
        io.stderr(`${formatRef(d.source)}: ${c.red("error")}: ${d.message}\n`);
        if (e.text !== undefined) io.stderr(`${codeFrame(e.text, d.source.line, d.source.column)}\n`);
      }
      io.stderr("nothing was written\n");
      return EXIT.badInput;
    }
    if (e instanceof OutputConflictError) {
      io.stderr(`${c.red("error")}: ${e.message}\nnothing was written\n`);
      return EXIT.badInput;
    }
    io.stderr(`${c.red("internal error")}: ${(e as Error).stack ?? String(e)}\n`);
    return EXIT.internal;
  }
}
