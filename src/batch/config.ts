import { isAbsolute, posix } from "node:path";
import { buildKeyIndex, joinPath, locateKey } from "../blueprint/key-index.js";
import { parseToml } from "../blueprint/parse.js";
import { t, type Infer } from "../blueprint/schema-dsl.js";
import { validateBlueprint } from "../blueprint/validate.js";
import { InputError, type Diagnostic } from "../core/errors.js";
import type { SourceRef } from "../core/findings.js";
import { imageReferenceProblem } from "../kickstart/image-map.js";
import { leavesFolder } from "../util/paths.js";
import type { ConfigAcceptance } from "../accept/apply.js";
import { isRuleId, RULES } from "../core/rules.js";
import { didYouMean } from "../util/suggest.js";
import { parseReportFormats, type ReportFormatId } from "../report/formats.js";
import { SETTING_NAMES, SETTINGS_SCHEMA, settingProblem, type ProjectSettings } from "../settings.js";

/** The batch configuration file at the root of a repository. */
export const CONFIG_FILE = "edge2bootc.toml";

/** Settings a project converts with: the convert command's flags, from the one table (settings.ts). */
const configSchema = t.object({
  output: t.string(),
  "reports-dir": t.string(),
  "report-formats": t.array(t.string()),
  exclude: t.array(t.string()),
  include: t.array(t.string()),
  defaults: t.object(SETTINGS_SCHEMA),
  override: t.array(t.object({ glob: t.string(), ...SETTINGS_SCHEMA }, ["glob"])),
  pair: t.array(t.object({ blueprint: t.string(), kickstarts: t.array(t.string()) }, ["kickstarts"])),
  accept: t.array(t.object({ rule: t.string(), reason: t.string(), paths: t.array(t.string()) }, ["rule", "reason"])),
});

export type { ProjectSettings } from "../settings.js";
type RawConfig = Infer<typeof configSchema>;

export interface BatchConfig {
  /** Repo-relative path of the file it came from, or undefined for the built-in defaults. */
  file?: string;
  output?: string;
  /** Where the reports go instead of the output folder (repository-relative), keeping the committed tree quiet. */
  reportsDir?: string;
  /** Which reports are written (all when not given). */
  reportFormats?: ReportFormatId[];
  exclude: string[];
  /** Globs of files to look at whatever their name (a kickstart saved as .txt, a template). */
  include: string[];
  defaults: ProjectSettings;
  overrides: (ProjectSettings & { glob: string })[];
  pairs: { blueprint?: string; kickstarts: string[] }[];
  /** ostree ref → image reference, for every kickstart of the batch. */
  imageMap?: Record<string, string>;
  /** Rules the team accepted, each with its reason and, optionally, the input paths (globs) it holds for. */
  accept: ConfigAcceptance[];
}

export const EMPTY_CONFIG: BatchConfig = { exclude: [], include: [], defaults: {}, overrides: [], pairs: [], accept: [] };

/**
 * Parses edge2bootc.toml. Unlike a blueprint, where an unknown key is a finding, an unknown or
 * mistyped setting here is an error: a misspelt override would silently convert a whole fleet
 * with the wrong options.
 */
export function parseBatchConfig(rawText: string, file: string): BatchConfig {
  const raw = parseToml(rawText, file);
  const text = rawText.replace(/\r\n/g, "\n");
  const index = buildKeyIndex(text);
  const locate = (keyPath: string) => ({ file, ...locateKey(index, keyPath), keyPath });
  const { "image-map": mapTable, ...rest } = raw;
  const result = validateBlueprint(rest, configSchema, locate);
  const errors: Diagnostic[] = [
    ...result.errors,
    ...result.findings.map((f) => ({ source: f.source, message: f.title.replace(/^Unknown key/, "unknown key") })),
  ];
  let imageMap: Record<string, string> | undefined;
  if (mapTable !== undefined) {
    if (mapTable === null || typeof mapTable !== "object" || Array.isArray(mapTable))
      errors.push({ source: locate("image-map"), message: 'image-map: expected a table of "ostree ref" = "image reference" pairs' });
    else imageMap = imageMapFrom(mapTable as Record<string, unknown>, locate, errors);
  }
  const value = result.value as RawConfig;
  const tables: [string, ProjectSettings][] = [
    ["defaults", value.defaults ?? {}],
    ...(value.override ?? []).map((o, i): [string, ProjectSettings] => [`override[${i}]`, o]),
  ];
  for (const [at, table] of tables)
    for (const name of SETTING_NAMES) {
      const v = table[name];
      const problem = v === undefined ? undefined : settingProblem(name, v);
      if (problem) errors.push({ source: locate(joinPath(at, name)), message: `${joinPath(at, name)} ${problem}` });
    }
  if (value.output !== undefined) {
    const problem = outputProblem(value.output);
    if (problem) errors.push({ source: locate("output"), message: `output ${problem}` });
  }
  const reportsDir = value["reports-dir"];
  if (reportsDir !== undefined) {
    const problem = outputProblem(reportsDir);
    if (problem) errors.push({ source: locate("reports-dir"), message: `reports-dir ${problem.replace("--output", "--reports-dir")}` });
  }
  let reportFormats: ReportFormatId[] | undefined;
  if (value["report-formats"] !== undefined) {
    const parsed = parseReportFormats(value["report-formats"]);
    if ("problem" in parsed) errors.push({ source: locate("report-formats"), message: `report-formats: ${parsed.problem}` });
    else reportFormats = parsed.formats;
  }
  const accept = acceptancesFrom(value.accept ?? [], locate, errors);
  if (errors.length > 0) throw new InputError(errors, text);
  return {
    file,
    ...(value.output !== undefined ? { output: value.output } : {}),
    ...(reportsDir !== undefined ? { reportsDir } : {}),
    ...(reportFormats !== undefined ? { reportFormats } : {}),
    exclude: value.exclude ?? [],
    include: value.include ?? [],
    defaults: value.defaults ?? {},
    overrides: value.override ?? [],
    pairs: value.pair ?? [],
    ...(imageMap ? { imageMap } : {}),
    accept,
  };
}

/** [[accept]] entries: a catalogued rule and a reason a reviewer can read; a misspelt rule would accept nothing, so it is an error. */
function acceptancesFrom(entries: RawConfig["accept"] & object, locate: (keyPath: string) => SourceRef, errors: Diagnostic[]): ConfigAcceptance[] {
  const out: ConfigAcceptance[] = [];
  entries.forEach((entry, i) => {
    const at = `accept[${i}]`;
    // A missing or mistyped key is already an error of the schema.
    if (typeof entry.rule !== "string" || typeof entry.reason !== "string") return;
    if (!isRuleId(entry.rule)) {
      const guess = didYouMean(entry.rule, Object.keys(RULES));
      errors.push({
        source: locate(`${at}.rule`),
        message: `${at}.rule ${JSON.stringify(entry.rule)} is not a rule${guess ? `; did you mean ${guess}?` : " (see docs/rules.md)"}`,
      });
      return;
    }
    if (entry.reason.trim() === "") {
      errors.push({ source: locate(`${at}.reason`), message: `${at}.reason must say why the finding is accepted` });
      return;
    }
    out.push({ rule: entry.rule, reason: entry.reason.trim(), ...(entry.paths ? { paths: entry.paths } : {}), at: locate(at) });
  });
  return out;
}

/**
 * The output folder a repository names for itself stays inside the repository: a committed
 * edge2bootc.toml must not make a CI run write elsewhere (`--output` on the command line may).
 */
function outputProblem(output: string): string | undefined {
  if (isAbsolute(output)) return "must be a folder inside the repository, relative to it (use --output for another place)";
  const normal = posix.normalize(output);
  if (leavesFolder(normal)) return "must stay inside the repository (use --output for another place)";
  return normal === "." || normal === "./" ? "must name a folder below the repository root, not the root itself" : undefined;
}

/** The [image-map] table, checked entry by entry like an --image-map file. */
function imageMapFrom(table: Record<string, unknown>, locate: (keyPath: string) => SourceRef, errors: Diagnostic[]): Record<string, string> {
  // Null prototype: a ref named "toString" or "__proto__" must find nothing, not Object's members.
  const map = Object.create(null) as Record<string, string>;
  for (const [ref, image] of Object.entries(table)) {
    const problem = typeof image === "string" ? imageReferenceProblem(image) : "must be an image reference string";
    if (problem) errors.push({ source: locate(joinPath("image-map", ref)), message: `image-map entry ${ref} ${problem}` });
    else map[ref] = image as string;
  }
  return map;
}
