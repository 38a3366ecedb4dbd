import type { MigrationPlan, SysusersEntry, TmpfilesEntry } from "../plan/types.js";
import { BIB_CONFIG, renderBibConfig } from "./bib-config.js";
import { SYSUSERS_PATH, TMPFILES_PATH } from "../plan/paths.js";
import { compareStrings } from "../util/compare.js";
import { describeProvenance, LINES_STYLE, type ProvenanceStyle } from "./provenance.js";
import type { Render } from "./templates.js";
import { renderKickstart } from "./kickstart.js";

/** A file of the output folder: its path relative to the folder and its bytes. */
export interface Artifact {
  path: string;
  contents: string;
  kind: "containerfile" | "build-context" | "bib-config" | "kickstart" | "report";
  /** Holds registry credentials: diffs and logs show none of its lines. */
  sensitive?: boolean;
  /** Written 0600: it holds a secret (password hash, credentials) or the blueprint made it private. */
  private?: boolean;
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
  const containerfile = render("Containerfile", {
    inputs: inputs.map(style.label).join(", "),
    baseImage: plan.baseImage,
    baseProvenance: plan.baseImageProvenance.length ? describeProvenance(plan.baseImageProvenance, style) : "",
    labels,
    steps,
  });
  const artifacts: Artifact[] = [{ path: "Containerfile", contents: containerfile, kind: "containerfile" }];
  // A file the image gets with no group/other access (a pull secret at 0600) stays private here too.
  const privateSources = new Set(
    plan.steps.flatMap((s) => (s.kind === "copy" && s.chmod !== undefined && (parseInt(s.chmod, 8) & 0o077) === 0 ? [s.source] : [])),
  );
  for (const file of plan.files)
    artifacts.push({
      path: file.path,
      contents: file.contents,
      kind: file.path.startsWith("kickstart/") ? "kickstart" : "build-context",
      ...(privateSources.has(file.path) || file.sensitive ? { private: true } : {}),
      ...(file.sensitive ? { sensitive: true } : {}),
    });
  for (const doc of plan.kickstarts)
    if (doc.role === "fragment")
      artifacts.push({ path: doc.path, contents: renderKickstart(doc), kind: "kickstart", ...(doc.sensitive ? { private: true, sensitive: true } : {}) });
  if (plan.tmpfiles.length > 0) {
    const entries = plan.tmpfiles.map(tmpfilesColumns);
    artifacts.push({ path: TMPFILES_PATH, contents: render("tmpfiles.conf", { entries }), kind: "build-context" });
  }
  if (plan.sysusers.length > 0) {
    const sorted = [...plan.sysusers].sort((a, b) => SYSUSERS_ORDER[a.type] - SYSUSERS_ORDER[b.type]);
    artifacts.push({ path: SYSUSERS_PATH, contents: render("sysusers.conf", { entries: sorted.map(sysusersColumns) }), kind: "build-context" });
  }
  const bib = renderBibConfig(plan.bib, inputs, style);
  if (bib !== undefined) artifacts.push({ path: BIB_CONFIG, contents: bib, kind: "bib-config" });
  return artifacts.sort((a, b) => compareStrings(a.path, b.path));
}
