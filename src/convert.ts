import { parseBlueprint } from "./blueprint/parse.js";
import type { MigrationContext } from "./migrate/context.js";
import { MAPPERS } from "./migrate/registry.js";
import { resolveTarget } from "./migrate/target.js";
import { assemblePlan } from "./plan/assemble.js";
import type { MigrationPlan } from "./plan/types.js";
import type { Artifact } from "./render/artifacts.js";
import { renderBuildContext } from "./render/artifacts.js";
import { loadTemplates, type Render } from "./render/templates.js";
import { renderJsonReport } from "./report/json.js";
import { renderMarkdownReport } from "./report/markdown.js";
import { buildReport, type MigrationReport } from "./report/model.js";
import { renderSarifReport } from "./report/sarif.js";
import { compareStrings } from "./util/compare.js";

export interface SourceFile {
  /** The path shown in findings and provenance comments. */
  path: string;
  text: string;
}

export interface ConvertOptions {
  /** Overrides the base image derived from the blueprint's distro. */
  baseImage?: string;
  /** The image reference used in the report's next steps. */
  image?: string;
}

export interface ConvertResult {
  plan: MigrationPlan;
  report: MigrationReport;
  /** Every file of the output folder, sorted by path. */
  artifacts: Artifact[];
}

export const REPORT_FILES = {
  markdown: "migration-report.md",
  json: "migration-report.json",
  sarif: "migration-report.sarif",
} as const;

function imageRef(name: string | undefined, version: string | undefined): string {
  const repo = (name ?? "edge-image").toLowerCase().replace(/[^a-z0-9._-]+/g, "-").replace(/^[^a-z0-9]+/, "") || "edge-image";
  const tag = (version ?? "latest").replace(/[^A-Za-z0-9_.-]+/g, "-");
  return `registry.example.com/${repo}:${tag}`;
}

let cachedTemplates: Render | undefined;

/**
 * The library entry point: parse → migrate → assemble → render. Pure apart from reading the
 * bundled templates; throws InputError (with positions) for input it cannot parse.
 */
export function convert(blueprintFile: SourceFile, options: ConvertOptions = {}): ConvertResult {
  const parsed = parseBlueprint(blueprintFile.text, blueprintFile.path);
  const { blueprint } = parsed;
  const ctx: MigrationContext = {
    blueprint,
    options,
    target: resolveTarget(blueprint.distro, options.baseImage),
    at: parsed.locate,
  };
  const plan = assemblePlan({
    outputs: MAPPERS.map((m) => m.map(ctx)),
    parseFindings: parsed.findings,
    keyPaths: parsed.keyPaths,
    locate: parsed.locate,
    defaultBaseImage: ctx.target.baseImage,
  });
  const render = (cachedTemplates ??= loadTemplates());
  const buildContext = renderBuildContext(plan, render, [blueprintFile.path]);
  const report = buildReport({
    plan,
    inputs: [{ path: blueprintFile.path, kind: "blueprint", text: blueprintFile.text }],
    artifacts: buildContext,
    imageName: options.image ?? imageRef(blueprint.name, blueprint.version),
    imageIsPlaceholder: options.image === undefined,
    bibImage: `registry.redhat.io/rhel${ctx.target.major >= 10 ? 10 : 9}/bootc-image-builder:latest`,
  });
  const reports: Artifact[] = [
    { path: REPORT_FILES.json, contents: renderJsonReport(report), kind: "report" },
    { path: REPORT_FILES.markdown, contents: renderMarkdownReport(report, render), kind: "report" },
    { path: REPORT_FILES.sarif, contents: renderSarifReport(report), kind: "report" },
  ];
  const artifacts = [...buildContext, ...reports].sort((a, b) => compareStrings(a.path, b.path));
  return { plan, report, artifacts };
}
