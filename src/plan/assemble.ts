import type { CoverageEntry, Finding, GeneratedFile, MapperOutput, MigrationPlan, SourceRef } from "./types.js";
import { STAGE } from "./types.js";
import { selfAndAncestors } from "../blueprint/key-index.js";
import { compareStrings } from "../util/compare.js";
import { SYSUSERS_PATH, TMPFILES_PATH } from "./paths.js";

export interface AssembleInput {
  outputs: MapperOutput[];
  /** Findings that came from parsing (unknown keys). */
  parseFindings: Finding[];
  /** Every key path of the input, for the coverage list. */
  keyPaths: string[];
  locate(keyPath: string): SourceRef;
  defaultBaseImage: string;
}

export function compareRefs(a: SourceRef, b: SourceRef): number {
  return compareStrings(a.file, b.file) || a.line - b.line || a.column - b.column;
}

/** One rule: a later generated file with the same path replaces the earlier one, and that is reported. */
function dedupeFiles(files: GeneratedFile[], findings: Finding[]): GeneratedFile[] {
  const byPath = new Map<string, GeneratedFile>();
  for (const file of files) {
    const earlier = byPath.get(file.path);
    if (earlier) {
      const source = file.provenance[0] ?? earlier.provenance[0]!;
      findings.push({
        id: "files.duplicate-path",
        severity: "warning",
        source,
        title: `${file.path.replace(/^overlay/, "")} is written twice; the later entry wins`,
        detail: "Two blueprint entries produce the same file in the image.",
        remediation: "Keep one of the entries.",
      });
    }
    byPath.set(file.path, file);
  }
  return [...byPath.values()];
}

function buildCoverage(input: AssembleInput, entries: CoverageEntry[], findings: Finding[]): CoverageEntry[] {
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
  for (const keyPath of input.keyPaths) {
    const chain = selfAndAncestors(keyPath);
    const best = chain.map((p) => entryAt.get(p)).find((e) => e !== undefined);
    const related = [...new Set([...chain.flatMap((p) => findingsAbove.get(p) ?? []), ...(findingsBelow.get(keyPath) ?? [])])].sort();
    if (best === undefined && related.length === 0) {
      findings.push({
        id: "convert.unaccounted-key",
        severity: "warning",
        source: input.locate(keyPath),
        title: `${keyPath} was not handled by any converter`,
        detail: "This is a bug in edge2bootc: every key must be converted or reported. Nothing from it is in the output.",
        remediation: "Apply the setting by hand and report the blueprint to the edge2bootc maintainers.",
      });
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

/** Merges mapper outputs into the one plan: sorted steps, systemd config files, complete coverage. */
export function assemblePlan(input: AssembleInput): MigrationPlan {
  const all = (pick: (o: MapperOutput) => unknown[] | undefined) => input.outputs.flatMap((o) => pick(o) ?? []);
  const findings: Finding[] = [...input.parseFindings, ...(all((o) => o.findings) as Finding[])];
  const steps = all((o) => o.steps) as MigrationPlan["steps"];
  const tmpfiles = all((o) => o.tmpfiles) as MigrationPlan["tmpfiles"];
  const sysusers = all((o) => o.sysusers) as MigrationPlan["sysusers"];
  const files = dedupeFiles(all((o) => o.files) as GeneratedFile[], findings);

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

  const base = input.outputs.find((o) => o.baseImage)?.baseImage;
  const labels = Object.assign({}, ...input.outputs.map((o) => o.labels ?? {}));
  const coverage = buildCoverage(input, all((o) => o.coverage) as CoverageEntry[], findings);
  findings.sort((a, b) => compareRefs(a.source, b.source) || compareStrings(a.id, b.id) || compareStrings(a.title, b.title));
  return {
    baseImage: base?.image ?? input.defaultBaseImage,
    baseImageProvenance: base?.provenance ?? [],
    labels,
    steps,
    files,
    tmpfiles,
    sysusers,
    findings,
    coverage,
    bib: all((o) => o.bib) as MigrationPlan["bib"],
  };
}
