import { acceptFindings, type AcceptPolicy } from "./accept/apply.js";
import { bibTypeAccepts, sourceImage, type SourceImageType } from "./bib/profile.js";
import { parseBlueprint } from "./blueprint/parse.js";
import { InputError } from "./core/errors.js";
import type { InstallerCommand, KickstartTarget } from "./kickstart/commands.js";
import { convertKickstart, type KickstartConversion } from "./kickstart/convert.js";
import type { IncludeLoader } from "./kickstart/includes.js";
import type { MigrationOptions } from "./migrate/resolve/context.js";
import { PULL_SECRET_KICKSTART } from "./migrate/map/microshift.js";
import { resolveProject } from "./migrate/resolve/project.js";
import { MAPPERS } from "./migrate/registry.js";
import { assemblePlan, compareRefs } from "./plan/assemble.js";
import type { CoverageEntry, Finding, MigrationPlan } from "./plan/types.js";
import type { Artifact } from "./render/artifacts.js";
import { renderKickstart } from "./render/kickstart.js";
import { renderBuildContext } from "./render/artifacts.js";
import { alignedRegions } from "./render/line-map.js";
import { provenanceStyle, type ProvenanceMode } from "./render/provenance.js";
import { loadTemplates, type Render } from "./render/templates.js";
import { renderProjectReports, type ReportFormatId } from "./report/formats.js";
import { buildReport, type MigrationReport } from "./report/model.js";
import { nextSteps } from "./report/next-steps.js";
import { compareStrings } from "./util/compare.js";
import { holdsSecret } from "./util/redact.js";
import { templateFindings } from "./template-inputs.js";
import { passwordHasher, type PasswordHasher } from "./util/crypt.js";

export interface SourceFile {
  /** The path shown in findings and provenance comments. */
  path: string;
  text: string;
}

export interface KickstartConvertOptions {
  /** Which installer the kickstart is for (default: the blueprint's distro, else rhel9). */
  target?: KickstartTarget;
  /** ostreecontainer (RHEL 9.4+, default) or bootc (RHEL 10.2+, Technology Preview). */
  installer?: InstallerCommand;
  /** ostree ref → image reference. */
  imageMap?: Readonly<Record<string, string>>;
  /** A containers auth.json for the registry the installer pulls from. */
  registryAuth?: SourceFile;
  /** The folder %include targets must stay in (default: each kickstart's own folder). */
  includeRoot?: string;
}

export interface ConvertOptions extends MigrationOptions {
  /** keys (default): generated files name input files and key paths; lines: also line numbers. */
  provenance?: ProvenanceMode;
  /** The folder generated files name inputs relative to (default: the folder the inputs share). */
  projectRoot?: string;
  kickstart?: KickstartConvertOptions;
  /** The reports to render (default: every format); the others are not made at all. */
  reportFormats?: readonly ReportFormatId[];
  /** Findings the team accepted in edge2bootc.toml or a baseline (accept comments are read from the inputs). */
  accept?: AcceptPolicy;
}

export interface ProjectInput {
  blueprint?: SourceFile;
  kickstarts?: SourceFile[];
  /** Reads files that kickstarts %include (paths as the kickstart's path is written); no I/O otherwise. */
  loadInclude?: IncludeLoader;
}

export interface ProjectResult {
  plan?: MigrationPlan;
  kickstarts: KickstartConversion[];
  report: MigrationReport;
  /** Every file of the output folder, sorted by path. */
  artifacts: Artifact[];
  /** user → crypt hash of each plaintext password, to record so the next run reuses it (options.salt.previous). */
  passwordHashes: Record<string, string>;
}

export interface ConvertResult extends ProjectResult {
  plan: MigrationPlan;
}

export { REPORT_FILES } from "./report/formats.js";

let cachedTemplates: Render | undefined;

function migrateBlueprint(file: SourceFile, options: ConvertOptions, passwords: PasswordHasher) {
  const parsed = parseBlueprint(file.text, file.path);
  const { blueprint } = parsed;
  // A JSON blueprint may say what the edge image was built as; the command line still wins.
  const hinted = parsed.json?.hints.imageType?.value as SourceImageType | undefined;
  const ctx = resolveProject(
    blueprint,
    options.sourceImageType === undefined && hinted !== undefined ? { ...options, sourceImageType: hinted } : options,
    parsed.locate,
    passwords,
  );
  const plan = assemblePlan({
    outputs: MAPPERS.map((m) => m.map(ctx)),
    parseFindings: parsed.findings,
    keyPaths: parsed.keyPaths,
    emptyContainers: parsed.emptyContainers,
    locate: parsed.locate,
    defaultBaseImage: ctx.target.baseImage,
    bibAccepts: (path) => bibTypeAccepts(ctx.source, path),
    ...(ctx.source.bibType ? { bibType: ctx.source.bibType } : {}),
  });
  return {
    plan,
    major: ctx.target.major >= 10 ? (10 as const) : (9 as const),
    image: ctx.image,
    kernelArgs: ctx.kernelArgs,
    rhel8Source: ctx.target.rhel8Source === true,
    source: ctx.source,
    locate: parsed.locate,
  };
}

/** Kickstarts are checked all together first, so one bad file reports every problem at once. */
function migrateKickstarts(
  files: SourceFile[],
  load: IncludeLoader,
  options: ConvertOptions,
  defaults: { major: 9 | 10; image?: string; appendPost?: string; kernelArgs?: string[] },
) {
  const k = options.kickstart ?? {};
  const conversions: KickstartConversion[] = [];
  const errors: InputError[] = [];
  for (const file of files) {
    try {
      conversions.push(
        convertKickstart(file, load, {
          target: k.target ?? (defaults.major === 10 ? "rhel10" : "rhel9"),
          installer: k.installer ?? "ostreecontainer",
          ...((options.image ?? defaults.image) ? { image: options.image ?? defaults.image } : {}),
          ...(k.imageMap ? { imageMap: k.imageMap } : {}),
          ...(k.registryAuth ? { registryAuth: k.registryAuth } : {}),
          ...(k.includeRoot !== undefined ? { includeRoot: k.includeRoot } : {}),
          ...(defaults.appendPost !== undefined ? { appendPost: defaults.appendPost } : {}),
          ...(defaults.kernelArgs !== undefined ? { kernelArgs: defaults.kernelArgs } : {}),
          lineNumbers: options.provenance === "lines",
        }),
      );
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      errors.push(e);
    }
  }
  if (errors.length > 0) throw InputError.merge(errors);
  return conversions;
}

function kickstartArtifacts(conversions: KickstartConversion[]): Artifact[] {
  const byPath = new Map<string, Artifact>();
  for (const c of conversions) {
    for (const doc of c.documents) {
      if (byPath.has(doc.path)) continue;
      const contents = renderKickstart(doc);
      const input = c.inputs.find((i) => i.path === doc.provenance[0]?.file);
      const regions = input ? alignedRegions({ file: input.path, text: input.text }, contents, ADDED_FOR_IMAGE_MODE) : undefined;
      byPath.set(doc.path, { path: doc.path, contents, kind: "kickstart", ...(regions ? { regions } : {}), ...(doc.sensitive ? { sensitive: true } : {}) });
    }
  }
  return [...byPath.values()];
}

const ADDED_FOR_IMAGE_MODE = { sources: [], reason: "edge2bootc: added for image mode (the payload, kernel arguments, a pull secret or registry login)" };

/**
 * The library entry point: parse → migrate → assemble → render, for a blueprint, kickstarts or
 * both. Pure apart from reading the bundled templates (and includes through `loadInclude`);
 * throws InputError (with positions) for input it cannot parse.
 */
export function convertProject(input: ProjectInput, options: ConvertOptions = {}): ProjectResult {
  const render = (cachedTemplates ??= loadTemplates());
  const passwords = passwordHasher(options.salt);
  const bp = input.blueprint ? migrateBlueprint(input.blueprint, options, passwords) : undefined;
  const major = bp?.major ?? (options.kickstart?.target === "rhel10" ? 10 : 9);
  // MicroShift's pull secret leaves the image for the installation kickstarts: appended to each one
  // the project converts, or written as a fragment to %include when it converts none.
  const pullSecret = bp?.plan.kickstarts.find((k) => k.role === "fragment" && k.path === PULL_SECRET_KICKSTART);
  const appendPost = pullSecret !== undefined && (input.kickstarts ?? []).length > 0 ? renderKickstart(pullSecret) : undefined;
  const kickstarts = migrateKickstarts(input.kickstarts ?? [], input.loadInclude ?? (() => undefined), options, {
    major,
    ...(bp ? { image: bp.image } : {}),
    ...(appendPost !== undefined ? { appendPost } : {}),
    ...(bp && bp.kernelArgs.length > 0 ? { kernelArgs: bp.kernelArgs } : {}),
  });

  const style = provenanceStyle(
    options.provenance ?? "keys",
    [...(input.blueprint ? [input.blueprint.path] : []), ...(input.kickstarts ?? []).map((k) => k.path)],
    options.projectRoot,
  );
  const buildContext = (bp ? renderBuildContext(bp.plan, render, [input.blueprint!.path], style) : []).filter(
    (a) => appendPost === undefined || a.path !== PULL_SECRET_KICKSTART,
  );
  const buildImage = bp?.image;
  // One decision per file, for the writer (mode 0600) and the report (no digest): does it hold a secret?
  const written = [...buildContext, ...kickstartArtifacts(kickstarts)];
  const generated = written.map((a) => (a.private || a.sensitive || holdsSecret(a.contents) ? { ...a, private: true } : a));
  const inputs = [
    ...(input.blueprint ? [{ ...input.blueprint, kind: "blueprint" }] : []),
    ...kickstarts.flatMap((k) => k.inputs.map((i, n) => ({ ...i, kind: n === 0 ? "kickstart" : "kickstart-include" }))),
  ];
  const raw = [...(bp?.plan.findings ?? []), ...kickstarts.flatMap((k) => k.findings), ...templateFindings(inputs)];
  const accepted = acceptFindings(sortFindings(raw), inputs, options.accept ?? {});
  const findings = sortFindings([...accepted.findings, ...accepted.raised]);
  const rootKickstarts = kickstarts.map((k) => k.documents[0]?.path).filter((p): p is string => p !== undefined);
  // Decided by resolveProject for a blueprint; a kickstart-only project has only the option.
  const { bibType } = bp?.source ?? sourceImage(options);
  const imageIsPlaceholder = options.image === undefined && (bp !== undefined || findings.some((f) => f.id === "kickstart.image-placeholder"));
  const report = buildReport({
    baseImage: bp?.plan.baseImage ?? null,
    findings,
    coverage: [
      ...pullSecretWrittenTo(bp?.plan.coverage ?? [], appendPost !== undefined ? rootKickstarts : undefined),
      ...kickstarts.flatMap((k) => k.coverage),
    ],
    inputs,
    artifacts: generated,
    nextSteps: nextSteps({
      ...(buildImage ? { buildImage } : {}),
      ...(kickstarts[0]?.image ? { installImage: kickstarts[0].image } : {}),
      imageIsPlaceholder,
      major,
      kickstarts: rootKickstarts,
      embedded: kickstarts.some((k) => k.embedded),
      ...(bibType ? { bibType } : {}),
      bibConfig: buildContext.some((a) => a.kind === "bib-config"),
      ...(bp && bp.plan.boundImages.length > 0 ? { boundImages: bp.plan.boundImages } : {}),
      ...buildSecretOf(bp?.plan),
      ...(bp?.rhel8Source ? { rhel8Source: true } : {}),
      ...(bp?.plan.installerImage ? { installerImage: true } : {}),
    }),
  });
  // Files private as a whole, not merely holding a secret the page can mask line by line.
  const hidden = new Set(written.filter((a) => a.private || a.sensitive).map((a) => a.path));
  const review = { inputs, artifacts: generated, hidden, ...(bp ? { locate: bp.locate } : {}) };
  const reports = renderProjectReports(report, render, review, options.reportFormats);

  // Reports are redacted when they are built, so only the generated files can hold a secret.
  const artifacts = [...generated, ...reports].sort((a, b) => compareStrings(a.path, b.path));
  return { ...(bp ? { plan: bp.plan } : {}), kickstarts, report, artifacts, passwordHashes: passwords.recorded() };
}

const sortFindings = (findings: Finding[]) =>
  findings.sort((a, b) => compareRefs(a.source, b.source) || compareStrings(a.id, b.id) || compareStrings(a.title, b.title));

/** Converts one blueprint (the original entry point). */
export function convert(blueprintFile: SourceFile, options: ConvertOptions = {}): ConvertResult {
  const result = convertProject({ blueprint: blueprintFile }, options);
  return { ...result, plan: result.plan! };
}

/**
 * Coverage names the file the pull secret was written to: the fragment the MicroShift mapper
 * plans, or, when it was appended to the converted kickstarts instead, those kickstarts.
 */
function pullSecretWrittenTo(coverage: CoverageEntry[], appendedTo: string[] | undefined): CoverageEntry[] {
  if (appendedTo === undefined) return coverage;
  return coverage.map((e) => (e.artifact === PULL_SECRET_KICKSTART ? { ...e, artifact: appendedTo.join(", ") } : e));
}

/** Whether the Containerfile mounts the pull-secret build secret, and whether it requires it. */
function buildSecretOf(plan: MigrationPlan | undefined): { buildSecret?: "required" | "optional" } {
  const mounts = (plan?.steps ?? []).flatMap((s) => (s.kind === "run" ? (s.mounts ?? []) : [])).filter((m) => m.includes("id=pull-secret"));
  if (mounts.length === 0) return {};
  return { buildSecret: mounts.some((m) => m.includes("required=true")) ? "required" : "optional" };
}
