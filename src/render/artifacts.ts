import type { MigrationPlan, SysusersEntry, TmpfilesEntry } from "../plan/types.js";
import { BIB_CONFIG, renderBibConfig } from "./bib-config.js";
import { SYSUSERS_PATH, TMPFILES_PATH } from "../plan/paths.js";
import { compareStrings } from "../util/compare.js";
import { describeProvenance, LINES_STYLE, type ProvenanceStyle } from "./provenance.js";
import type { Render } from "./templates.js";
import { renderKickstart } from "./kickstart.js";
import { bibConfigRegions } from "./bib-config.js";
import { entryRegions, originOf, regionsFromMarkers, wholeFile, type OutputRegion, type RegionOrigin } from "./line-map.js";
import { renderInstallerImage } from "./installer-image.js";
import type { SourceRef } from "../core/findings.js";
import type { KickstartDocument } from "../plan/kickstart-document.js";

/** A file of the output folder: its path relative to the folder and its bytes. */
export interface Artifact {
  path: string;
  contents: string;
  kind: "containerfile" | "build-context" | "bib-config" | "kickstart" | "report";
  /** Holds registry credentials: diffs and logs show none of its lines. */
  sensitive?: boolean;
  /** Written 0600: it holds a secret (password hash, credentials) or the blueprint made it private. */
  private?: boolean;
  /** Which lines came from which input (render/line-map.ts); not written, carried to the reports. */
  regions?: OutputRegion[];
}

/** A kickstart fragment or installer kickstart: every line from the keys it was written for. */
function kickstartFragment(doc: KickstartDocument): Artifact {
  const contents = renderKickstart(doc);
  return {
    path: doc.path,
    contents,
    kind: "kickstart",
    regions: wholeFile(contents, originOf(doc.provenance)),
    ...(doc.sensitive ? { private: true, sensitive: true } : {}),
  };
}

type ContainerfileData = { inputs: string; baseImage: string; baseProvenance: string; labels: unknown[]; steps: { provenance: string }[] };

/**
 * The Containerfile and its line map: rendered once with region marks, which are taken out again;
 * should an input have smuggled a mark-like text in, it is rendered plain, without a map.
 */
function renderContainerfile(plan: MigrationPlan, render: Render, data: ContainerfileData): { contents: string; regions?: OutputRegion[] } {
  const origins: RegionOrigin[] = [originOf(plan.baseImageProvenance, "edge2bootc: the RHEL bootc base image of the target")];
  const labelsMark = data.labels.length > 0 ? origins.push(originOf(plan.labelsProvenance)) - 1 : undefined;
  const steps = data.steps.map((step, i) => ({ ...step, mark: origins.push(originOf(plan.steps[i]!.provenance, plan.steps[i]!.origin)) - 1 }));
  const lint = origins.push({ sources: [], reason: "edge2bootc: bootc container lint checks the image last (bootc best practice)" }) - 1;
  const view = { ...data, steps, marks: { from: 0, labels: labelsMark, lint } };
  const split = regionsFromMarkers(render("Containerfile", { ...view, recordRegions: true }), origins);
  return split ? { contents: split.text, regions: split.regions } : { contents: render("Containerfile", view) };
}

const LABEL_KEYS = [
  ["title", "org.opencontainers.image.title"],
  ["description", "org.opencontainers.image.description"],
  ["version", "org.opencontainers.image.version"],
] as const;

/** The argument is the rest of the line, never quoted: tmpfiles.d(5) takes quotes there literally. */
function tmpfilesColumns(e: TmpfilesEntry): { fields: string[]; argument: string } {
  return { fields: [e.type, e.path, e.mode, e.user, e.group, e.age], argument: e.argument };
}

function sysusersColumns(e: SysusersEntry): string[] {
  const fields = [e.type, e.name, e.id];
  if (e.type !== "u") return fields;
  const optional = [e.gecos ?? "", e.home ?? "", e.shell ?? ""];
  while (optional.length > 0 && optional[optional.length - 1] === "") optional.pop();
  return [...fields, ...optional];
}

/** sysusers.d must list groups before the users and memberships that need them. */
const SYSUSERS_ORDER = { g: 0, u: 1, m: 2 } as const;

export function renderBuildContext(plan: MigrationPlan, render: Render, inputs: string[], style: ProvenanceStyle = LINES_STYLE): Artifact[] {
  const steps = plan.steps.map((step) => ({
    ...step,
    ...(step.kind === "run" ? { mounts: step.mounts ?? [] } : {}),
    // Keys the step came from, and why edge2bootc added it when it did (a merged install names both).
    provenance:
      step.provenance.length === 0 && step.origin
        ? `edge2bootc: ${step.origin}`
        : `${describeProvenance(step.provenance, style)}${step.origin ? `; edge2bootc: ${step.origin}` : ""}`,
  }));
  const labels = LABEL_KEYS.filter(([k]) => plan.labels[k] !== undefined).map(([k, key]) => ({ key, value: plan.labels[k]! }));
  const inputsLabel = inputs.map(style.label).join(", ");
  const containerfile = renderContainerfile(plan, render, {
    inputs: inputsLabel,
    baseImage: plan.baseImage,
    baseProvenance: plan.baseImageProvenance.length ? describeProvenance(plan.baseImageProvenance, style) : "",
    labels,
    steps,
  });
  const artifacts: Artifact[] = [{ path: "Containerfile", kind: "containerfile", ...containerfile }];
  // A file the image gets with no group/other access (a pull secret at 0600) stays private here too.
  const privateSources = new Set(
    plan.steps.flatMap((s) => (s.kind === "copy" && s.chmod !== undefined && (parseInt(s.chmod, 8) & 0o077) === 0 ? [s.source] : [])),
  );
  for (const file of plan.files)
    artifacts.push({
      path: file.path,
      contents: file.contents,
      regions: wholeFile(file.contents, originOf(file.provenance, "edge2bootc: a file the image needs")),
      kind: file.path.startsWith("kickstart/") ? "kickstart" : "build-context",
      ...(privateSources.has(file.path) || file.sensitive ? { private: true } : {}),
      ...(file.sensitive ? { sensitive: true } : {}),
    });
  for (const doc of plan.kickstarts) if (doc.role === "fragment") artifacts.push(kickstartFragment(doc));
  if (plan.tmpfiles.length > 0) {
    const entries = plan.tmpfiles.map(tmpfilesColumns);
    const contents = render("tmpfiles.conf", { entries });
    artifacts.push({
      path: TMPFILES_PATH,
      contents,
      kind: "build-context",
      regions: entryRegions(
        contents,
        plan.tmpfiles.map((e) => originOf(e.provenance)),
      ),
    });
  }
  if (plan.sysusers.length > 0) {
    const sorted = [...plan.sysusers].sort((a, b) => SYSUSERS_ORDER[a.type] - SYSUSERS_ORDER[b.type]);
    const contents = render("sysusers.conf", { entries: sorted.map(sysusersColumns) });
    artifacts.push({
      path: SYSUSERS_PATH,
      contents,
      kind: "build-context",
      regions: entryRegions(
        contents,
        sorted.map((e) => originOf(e.provenance)),
      ),
    });
  }
  artifacts.push(...renderInstallerImage(plan, render, inputsLabel));
  const bib = renderBibConfig(plan.bib, inputs, style);
  if (bib !== undefined) artifacts.push({ path: BIB_CONFIG, contents: bib, kind: "bib-config", regions: bibConfigRegions(bib, plan.bib) });
  return artifacts.sort((a, b) => compareStrings(a.path, b.path));
}
