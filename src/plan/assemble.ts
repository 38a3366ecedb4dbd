import type { CoverageEntry, DnfInstallStep, Finding, GeneratedFile, InstallerImagePlan, MapperOutput, MigrationPlan, SourceRef } from "./types.js";
import { STAGE } from "./types.js";
import type { KickstartDocument } from "./kickstart-document.js";
import { report } from "../core/findings.js";
import { selfAndAncestors } from "../blueprint/key-index.js";
import { compareStrings } from "../util/compare.js";
import { SYSUSERS_PATH, TMPFILES_PATH } from "./paths.js";

export interface AssembleInput {
  outputs: MapperOutput[];
  /** Findings that came from parsing (unknown keys). */
  parseFindings: Finding[];
  /** Every key path of the input, for the coverage list. */
  keyPaths: string[];
  /** Empty lists and tables: nothing to convert, so no converter needs to claim them. */
  emptyContainers?: string[];
  locate(keyPath: string): SourceRef;
  defaultBaseImage: string;
  /** Whether the target image type takes a config.toml key; entries it does not take are dropped and reported. */
  bibAccepts?: (path: string) => boolean;
  /** The bootc-image-builder --type, for that report. */
  bibType?: string;
}

export function compareRefs(a: SourceRef, b: SourceRef): number {
  return compareStrings(a.file, b.file) || a.line - b.line || a.column - b.column;
}

/** One rule: a later generated file (or kickstart) with the same path replaces the earlier one, and that is reported. */
function dedupeFiles<F extends { path: string; provenance: SourceRef[] }>(files: F[], findings: Finding[]): F[] {
  const byPath = new Map<string, F>();
  for (const file of files) {
    const earlier = byPath.get(file.path);
    if (earlier) {
      const source = file.provenance[0] ?? earlier.provenance[0]!;
      const path = file.path.replace(/^overlay/, "");
      findings.push(
        report("files.duplicate-path", source, path, {
          title: `${path} is written twice; the later entry wins`,
          detail: "Two blueprint entries produce the same file in the image.",
        }),
      );
    }
    byPath.set(file.path, file);
  }
  return [...byPath.values()];
}

/**
 * A blueprint file at the path of a file edge2bootc generates itself (its sysusers.d or
 * tmpfiles.d file) cannot be written: it is dropped with its COPY step, and that is reported.
 */
function reservedClash(file: GeneratedFile, generated: string[], steps: MigrationPlan["steps"], findings: Finding[], dropped: Set<string>): boolean {
  if (!generated.includes(file.path)) return false;
  for (const ref of file.provenance) if (ref.keyPath !== undefined) dropped.add(ref.keyPath);
  for (let i = steps.length - 1; i >= 0; i--) {
    const step = steps[i]!;
    if (step.kind === "copy" && step.source === file.path) steps.splice(i, 1);
  }
  const path = file.path.replace(/^overlay/, "");
  findings.push(
    report("files.reserved-path", file.provenance[0] ?? { file: "", line: 1, column: 1 }, path, {
      title: `${path} is the file edge2bootc writes for the blueprint's accounts or boot-time files; the blueprint's file was not written`,
      detail: "edge2bootc generates this file from users, groups, files and directories of the blueprint, so it cannot also hold the blueprint's own content.",
    }),
  );
  return true;
}

/** A safety net under the mappers: config.toml never carries a key the image type ignores or rejects. */
function gateBib(entries: MigrationPlan["bib"], input: AssembleInput, findings: Finding[], dropped: Set<string>): MigrationPlan["bib"] {
  const accepts = input.bibAccepts;
  if (accepts === undefined) return entries;
  return entries.filter((e) => {
    if (accepts(e.path)) return true;
    for (const ref of e.provenance) if (ref.keyPath !== undefined) dropped.add(ref.keyPath);
    findings.push(
      report("bib.key-not-for-image-type", e.provenance[0] ?? { file: "", line: 1, column: 1 }, e.path, {
        title: `${e.path} is not written to config.toml: bootc-image-builder --type ${input.bibType ?? "qcow2"} does not apply it`,
        detail: "Each bootc-image-builder image type takes its own subset of config.toml customizations and rejects or ignores the rest.",
      }),
    );
    return false;
  });
}

/**
 * Leaf-level accounting: a converter that converted or moved a table has said nothing about each
 * of its keys, so that claim covers only the table itself; the keys need their own entries
 * (otherwise a key no code reads would be reported as converted). A table reported as a whole
 * covers its keys (none of it was converted), and so does one list element (its fields are one
 * record, like a user or a file).
 */
function coversDescendant(entry: CoverageEntry, keyPath: string): boolean {
  return entry.keyPath === keyPath || entry.disposition === "reported" || entry.keyPath.endsWith("]");
}

/** `dropped`: key paths whose output was discarded after their mapper claimed them; they end up "reported". */
function buildCoverage(input: AssembleInput, entries: CoverageEntry[], findings: Finding[], dropped: Set<string>): CoverageEntry[] {
  // Indexed by key path so that large blueprints stay linear (see npm run bench).
  const entryAt = new Map<string, CoverageEntry>();
  for (const entry of entries) entryAt.set(entry.keyPath, entry);
  const findingsAbove = new Map<string, string[]>(); // findings on this exact path
  const findingsBelow = new Map<string, string[]>(); // findings on this path or deeper
  // Appended in place: copying the list per finding made 20k findings under one table quadratic.
  const add = (map: Map<string, string[]>, key: string, id: string) => {
    const list = map.get(key);
    if (list) list.push(id);
    else map.set(key, [id]);
  };
  for (const f of findings) {
    if (f.source.keyPath === undefined) continue;
    add(findingsAbove, f.source.keyPath, f.id);
    for (const p of selfAndAncestors(f.source.keyPath)) add(findingsBelow, p, f.id);
  }
  const coverage: CoverageEntry[] = [];
  const empty = new Set(input.emptyContainers ?? []);
  for (const keyPath of input.keyPaths) {
    const chain = selfAndAncestors(keyPath);
    const claimed = chain.some((p) => dropped.has(p))
      ? { keyPath, disposition: "reported" as const }
      : chain.map((p) => entryAt.get(p)).find((e) => e !== undefined && coversDescendant(e, keyPath));
    const best = claimed ?? (empty.has(keyPath) ? { keyPath, disposition: "converted" as const } : undefined);
    const related = [...new Set([...chain.flatMap((p) => findingsAbove.get(p) ?? []), ...(findingsBelow.get(keyPath) ?? [])])].sort();
    // A finding on the key itself is a reported decision; one on a parent table is not about this key.
    if (best === undefined && (findingsAbove.get(keyPath) ?? []).length === 0) {
      findings.push(
        report("convert.unaccounted-key", input.locate(keyPath), keyPath, {
          title: `${keyPath} was not handled by any converter`,
          detail: "This is a bug in edge2bootc: every key must be converted or reported. Nothing from it is in the output.",
        }),
      );
      related.push("convert.unaccounted-key");
    }
    const entry: CoverageEntry = { keyPath, disposition: best?.disposition ?? "reported" };
    if (best?.artifact !== undefined) entry.artifact = best.artifact;
    if (related.length > 0) entry.findingIds = related;
    coverage.push(entry);
  }
  const position = new Map(coverage.map((c) => [c.keyPath, input.locate(c.keyPath)]));
  return coverage.sort((a, b) => compareRefs(position.get(a.keyPath)!, position.get(b.keyPath)!) || compareStrings(a.keyPath, b.keyPath));
}

/**
 * One dnf transaction for every package the concerns install (bootc practice: few layers, one
 * resolution, one `dnf clean all`), at the place of the first: the packages keep their order
 * without repeats, the follow-up commands (systemctl enable) all run after it, and the step names
 * every key it came from. Other stages (the kernel swap, module streams) keep their own steps.
 */
function mergePackageInstalls(steps: MigrationPlan["steps"]) {
  const installs = steps.filter((s): s is DnfInstallStep => s.kind === "dnf-install" && s.stage === "packages");
  if (installs.length < 2) return;
  const [first, ...rest] = installs;
  const unique = <T>(items: T[]) => [...new Set(items)];
  const merged: DnfInstallStep = {
    ...first!,
    packages: unique(installs.flatMap((s) => s.packages)),
    provenance: installs.flatMap((s) => s.provenance),
  };
  const then = unique(installs.flatMap((s) => s.then ?? []));
  if (then.length > 0) merged.then = then;
  const origins = unique(installs.flatMap((s) => (s.origin ? [s.origin] : [])));
  if (origins.length > 0) merged.origin = origins.join(", ");
  steps[steps.indexOf(first!)] = merged;
  for (const s of rest) steps.splice(steps.indexOf(s), 1);
}

/** Merges mapper outputs into the one plan: sorted steps, systemd config files, complete coverage. */
export function assemblePlan(input: AssembleInput): MigrationPlan {
  const all = (pick: (o: MapperOutput) => unknown[] | undefined) => input.outputs.flatMap((o) => pick(o) ?? []);
  const findings: Finding[] = [...input.parseFindings, ...(all((o) => o.findings) as Finding[])];
  const steps = all((o) => o.steps) as MigrationPlan["steps"];
  const tmpfiles = all((o) => o.tmpfiles) as MigrationPlan["tmpfiles"];
  const sysusers = all((o) => o.sysusers) as MigrationPlan["sysusers"];
  const generated = [...(sysusers.length > 0 ? [SYSUSERS_PATH] : []), ...(tmpfiles.length > 0 ? [TMPFILES_PATH] : [])];
  const dropped = new Set<string>();
  const bib = gateBib(all((o) => o.bib) as MigrationPlan["bib"], input, findings, dropped);
  const files = dedupeFiles(all((o) => o.files) as GeneratedFile[], findings).filter((f) => !reservedClash(f, generated, steps, findings, dropped));

  if (sysusers.length > 0) {
    const provenance = sysusers.flatMap((e) => e.provenance);
    steps.push({ kind: "copy", stage: "accounts", source: SYSUSERS_PATH, destination: SYSUSERS_PATH.slice("overlay".length), chmod: "0644", provenance });
  }
  if (tmpfiles.length > 0) {
    const provenance = tmpfiles.flatMap((e) => e.provenance);
    steps.push({ kind: "copy", stage: "overlay", source: TMPFILES_PATH, destination: TMPFILES_PATH.slice("overlay".length), chmod: "0644", provenance });
  }
  // Array.prototype.sort is stable, so steps of one stage keep the mappers' order.
  steps.sort((a, b) => STAGE[a.stage] - STAGE[b.stage]);
  mergePackageInstalls(steps);

  const base = input.outputs.find((o) => o.baseImage)?.baseImage;
  const labels = Object.assign({}, ...input.outputs.map((o) => o.labels ?? {}));
  const coverage = buildCoverage(input, all((o) => o.coverage) as CoverageEntry[], findings, dropped);
  findings.sort((a, b) => compareRefs(a.source, b.source) || compareStrings(a.id, b.id) || compareStrings(a.title, b.title));
  return {
    baseImage: base?.image ?? input.defaultBaseImage,
    baseImageProvenance: base?.provenance ?? [],
    labels,
    labelsProvenance: input.outputs.flatMap((o) => o.labelsProvenance ?? []),
    steps,
    files,
    tmpfiles,
    sysusers,
    findings,
    coverage,
    bib,
    kickstarts: dedupeFiles(all((o) => o.kickstarts) as KickstartDocument[], findings),
    boundImages: all((o) => o.boundImages) as string[],
    ...installerImageOf(input.outputs),
  };
}

/** The installer image's parts from the mappers that wrote one: one label, every boot argument in mapper order. */
function installerImageOf(outputs: readonly MapperOutput[]): { installerImage?: InstallerImagePlan } {
  const parts = outputs.flatMap((o) => (o.installerImage ? [o.installerImage] : []));
  if (parts.length === 0) return {};
  const label = parts.find((p) => p.label)?.label;
  return { installerImage: { image: parts[0]!.image, ...(label ? { label } : {}), bootArgs: parts.flatMap((p) => p.bootArgs) } };
}
