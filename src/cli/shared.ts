import { Chalk, type ChalkInstance } from "chalk";
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
import { displayPath, readImageMap, readRegistryAuth } from "../io/inputs.js";

/** What every command shares: the process's streams and exit codes, flags, colours. */
export const EXIT = { ok: 0, drift: 1, badInput: 2, internal: 3 } as const;

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
  check?: boolean;
  diff?: boolean;
  color: boolean;
  quiet?: boolean;
}

/** A bad combination of flags: exit 2 with the message. */
export class UsageError extends Error {}

/** chalk 5 ignores NO_COLOR, so it is honoured here, next to --no-color. */
export function chalkFor(env: NodeJS.ProcessEnv, colorFlag: boolean): ChalkInstance {
  const off = !colorFlag || (env.NO_COLOR !== undefined && env.NO_COLOR !== "");
  return new Chalk(off ? { level: 0 } : {});
}

export function printFindings(io: Io, c: ChalkInstance, findings: Finding[]) {
  const style = { unsupported: c.red, warning: c.yellow, info: c.dim } as const;
  for (const f of findings.filter((f) => f.severity !== "info")) {
    io.stderr(`${formatRef(f.source)}: ${style[f.severity](f.severity)}: ${f.title} ${c.dim(`[${f.id}]`)}\n`);
  }
}

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

/** --microshift-version 4.N */

/** Positioned errors as file:line:col, the reason and a code frame (masked) when the file's text is at hand. */
export function printDiagnostics(io: Io, c: ChalkInstance, diagnostics: Diagnostic[], texts: Readonly<Record<string, string>>) {
  for (const d of diagnostics) {
    io.stderr(`${formatRef(d.source)}: ${c.red("error")}: ${d.message}\n`);
    const text = texts[d.source.file];
    if (text !== undefined) io.stderr(`${codeFrame(text, d.source.line, d.source.column)}\n`);
  }
}
