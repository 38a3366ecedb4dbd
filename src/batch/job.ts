import { readSource, includeLoader, UnreadableInput } from "../io/inputs.js";
import { convertProject, type ConvertOptions, type ProjectResult } from "../convert.js";
import { InputError, type Diagnostic } from "../core/errors.js";
import type { SaltPolicy } from "../util/crypt.js";
import type { BatchConfig } from "./config.js";
import { optionsFromSettings, type ProjectSettings } from "../settings.js";
import { matchesGlob } from "../util/glob.js";
import type { BatchProject } from "./pair.js";

/** What a project converts with: defaults, then every override whose glob matches its primary input, in file order. */
export function settingsFor(project: BatchProject, config: BatchConfig): ProjectSettings {
  const primary = project.blueprint ?? project.kickstarts[0]!;
  const inputs = [primary, ...project.kickstarts];
  let merged: ProjectSettings = { ...config.defaults };
  for (const { glob, ...rest } of config.overrides) if (inputs.some((p) => matchesGlob(p, glob))) merged = { ...merged, ...rest };
  return merged;
}

/**
 * Settings as convert options; `cli` (flags given on the command line) wins over the config file.
 * Accepted findings add up: the config's [[accept]] entries and the --baseline given.
 */
export function optionsFrom(settings: ProjectSettings, config: Pick<BatchConfig, "imageMap" | "accept">, cli: ConvertOptions): ConvertOptions {
  const fromSettings = optionsFromSettings(settings);
  const { imageMap } = config;
  const fromConfig: ConvertOptions = { ...fromSettings, kickstart: { ...fromSettings.kickstart, ...(imageMap ? { imageMap } : {}) } };
  const accept = { ...(config.accept.length > 0 ? { config: config.accept } : {}), ...cli.accept };
  return { ...fromConfig, ...cli, kickstart: { ...fromConfig.kickstart, ...cli.kickstart }, ...(Object.keys(accept).length > 0 ? { accept } : {}) };
}

/** A project's error as plain data (it crosses a worker boundary), with the texts its code frames need. */
export interface ProjectFailure {
  kind: "input" | "internal";
  diagnostics: Diagnostic[];
  message: string;
  sources: Record<string, string>;
}

/** What the batch needs of a conversion; the plan and kickstart models stay behind (they would be cloned across threads for nothing). */
export type ProjectOutput = Pick<ProjectResult, "artifacts" | "report" | "passwordHashes">;

export type JobResult = { ok: true; result: ProjectOutput } | { ok: false; failure: ProjectFailure };

/**
 * Converts one project of a batch. Paths are relative to the repository root, so reports and
 * SARIF locations are too; includes are read through the same confined loader as `convert`.
 */
export function convertBatchProject(
  root: string,
  project: BatchProject,
  options: ConvertOptions,
  salt: SaltPolicy,
  /** Texts discovery already read (each input is read once); anything else is read here. */
  texts: Readonly<Record<string, string>> = {},
): JobResult {
  if (project.conflict !== undefined) return { ok: false, failure: { kind: "input", diagnostics: [], message: project.conflict, sources: {} } };
  const source = (path: string) => (Object.hasOwn(texts, path) ? { path, text: texts[path]! } : readSource(root, path));
  try {
    const blueprint = project.blueprint !== undefined ? source(project.blueprint) : undefined;
    const kickstarts = project.kickstarts.map(source);
    const result = convertProject({ ...(blueprint ? { blueprint } : {}), kickstarts, loadInclude: includeLoader(root) }, { ...options, salt });
    // The line map is in the reports already; the artifacts go on to be written, and are copied between threads without it.
    const artifacts = result.artifacts.map(({ regions: _regions, ...artifact }) => artifact);
    return { ok: true, result: { artifacts, report: result.report, passwordHashes: result.passwordHashes } };
  } catch (e) {
    if (e instanceof InputError) return { ok: false, failure: { kind: "input", diagnostics: e.diagnostics, message: e.message, sources: e.sourceTexts() } };
    if (e instanceof UnreadableInput) return { ok: false, failure: { kind: "input", diagnostics: [], message: e.message, sources: {} } };
    return { ok: false, failure: { kind: "internal", diagnostics: [], message: (e as Error).stack ?? String(e), sources: {} } };
  }
}
