import { posix } from "node:path";
import { compareStrings } from "../util/compare.js";
import { TEMPLATE_SUFFIX } from "../util/template-input.js";
import { isPlainSegment } from "../util/paths.js";

export type Pairing = "config" | "name" | "folder";

/** One conversion of a batch: a blueprint with its kickstarts, or kickstarts alone. */
export interface BatchProject {
  /** Its folder under the batch output folder: the primary input's folder and name stem. */
  name: string;
  blueprint?: string;
  kickstarts: string[];
  /** How the kickstarts were matched with the blueprint (none when there is no pair). */
  pairing?: Pairing;
  /** Why the project cannot have an output folder of its own (it is failed, never converted or written). */
  conflict?: string;
}

export interface PairingResult {
  projects: BatchProject[];
  /** Config pairs naming files the batch did not find as blueprints or kickstarts. */
  problems: string[];
}

/**
 * File name without folder, template suffix or extension: sites/a/edge.ks.j2 → edge. A stem
 * that would not be a folder of its own (`..toml` → `.`, `...toml` → `..`) keeps the whole
 * file name, so a project folder is always a real segment below the output folder.
 */
export function stemOf(path: string): string {
  const base = posix.basename(path).replace(TEMPLATE_SUFFIX, "");
  const dot = base.lastIndexOf(".");
  const stem = dot > 0 ? base.slice(0, dot) : base;
  return isSafeSegment(stem) ? stem : posix.basename(path);
}

/** A project folder name: a plain segment, with no separator or NUL in it. */
export const isSafeSegment = (segment: string): boolean => isPlainSegment(segment) && !/[/\\\0]/.test(segment);

/**
 * Groups blueprints and kickstarts into projects: pairs from edge2bootc.toml first; then a
 * kickstart joins the blueprint with its name stem (same folder first, else the only one in the
 * repo); then the only blueprint of its folder; otherwise it converts on its own.
 */
export function pairProjects(
  blueprints: string[],
  kickstarts: string[],
  configPairs: { blueprint?: string; kickstarts: string[] }[],
  /** Names the batch itself writes at the top of the output folder (combined reports, manifest). */
  reserved: readonly string[] = [],
): PairingResult {
  const problems: string[] = [];
  const byBlueprint = new Map<string, { kickstarts: string[]; pairing?: Pairing }>(blueprints.map((b) => [b, { kickstarts: [] }]));
  const kickstartOnly: string[][] = [];
  const free = new Set(kickstarts);

  configPairs.forEach((pair, i) => {
    const where = `edge2bootc.toml pair ${i + 1}`;
    const known = pair.kickstarts.filter((k) => {
      if (free.delete(k)) return true;
      problems.push(`${where} names ${k}, which is not a kickstart the batch found (or is in another pair)`);
      return false;
    });
    if (pair.blueprint === undefined) {
      if (known.length > 0) kickstartOnly.push(known);
    } else if (byBlueprint.has(pair.blueprint)) {
      const entry = byBlueprint.get(pair.blueprint)!;
      entry.kickstarts.push(...known);
      entry.pairing = "config";
    } else {
      problems.push(`${where} names ${pair.blueprint}, which is not a blueprint the batch found`);
      known.forEach((k) => free.add(k));
    }
  });

  const join = (blueprint: string, kickstart: string, pairing: Pairing) => {
    const entry = byBlueprint.get(blueprint)!;
    if (entry.pairing === "config") return false;
    entry.kickstarts.push(kickstart);
    entry.pairing ??= pairing;
    return true;
  };
  const byStem = groupBy(blueprints, stemOf);
  const byFolder = groupBy(blueprints, posix.dirname);
  for (const ks of [...free].sort(compareStrings)) {
    const folder = posix.dirname(ks);
    const sameStem = byStem.get(stemOf(ks)) ?? [];
    const sameStemHere = sameStem.filter((b) => posix.dirname(b) === folder);
    const inFolder = byFolder.get(folder) ?? [];
    const match: [string, Pairing] | undefined =
      sameStemHere.length === 1
        ? [sameStemHere[0]!, "name"]
        : sameStem.length === 1
          ? [sameStem[0]!, "name"]
          : inFolder.length === 1
            ? [inFolder[0]!, "folder"]
            : undefined;
    if (match && join(match[0], ks, match[1])) free.delete(ks);
  }
  for (const ks of [...free].sort(compareStrings)) kickstartOnly.push([ks]);

  const projects: BatchProject[] = [
    ...[...byBlueprint].map(([blueprint, e]) => ({
      name: "",
      blueprint,
      kickstarts: e.kickstarts.sort(compareStrings),
      ...(e.pairing ? { pairing: e.pairing } : {}),
    })),
    ...kickstartOnly.map((ks) => ({ name: "", kickstarts: ks })),
  ];
  return { projects: nameProjects(projects, reserved), problems };
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/**
 * Output folders: folder + stem of the primary input; when two collide, each keeps its
 * extension. Projects whose folders are still equal, nested in one another, unsafe, or on a name
 * the batch writes itself get a conflict: each would delete or overwrite the other's files.
 */
function nameProjects(projects: BatchProject[], reserved: readonly string[]): BatchProject[] {
  const primary = (p: BatchProject) => p.blueprint ?? p.kickstarts[0]!;
  const short = (p: BatchProject) => posix.join(posix.dirname(primary(p)), stemOf(primary(p)));
  const counts = new Map<string, number>();
  for (const p of projects) counts.set(short(p), (counts.get(short(p)) ?? 0) + 1);
  const named = projects.map((p) => ({ ...p, name: counts.get(short(p))! > 1 ? primary(p) : short(p) })).sort((a, b) => compareStrings(a.name, b.name));
  // Linear in the number of projects: folders by name, and each folder that holds another's.
  const byName = groupBy(named, (p) => p.name);
  const ancestors = (name: string) =>
    name
      .split("/")
      .map((_, i, parts) => parts.slice(0, i).join("/"))
      .slice(1);
  const holding = new Map<string, BatchProject>();
  for (const q of named) for (const a of ancestors(q.name)) if (!holding.has(a)) holding.set(a, q);
  const clash = (p: BatchProject): string | undefined => {
    const parts = p.name.split("/");
    if (!parts.every(isSafeSegment)) return `its output folder ${p.name} is not a plain folder name`;
    if (reserved.includes(parts[0]!)) return `its output folder ${p.name} is a name the batch writes itself (${parts[0]})`;
    const same = byName.get(p.name)!.filter((q) => q !== p);
    if (same.length > 0) return `its output folder ${p.name} is also the folder of ${same.map(primary).join(", ")}`;
    const outer = ancestors(p.name).find((a) => byName.has(a));
    if (outer !== undefined) return `its output folder ${p.name} is inside ${outer}, the folder of ${primary(byName.get(outer)![0]!)}`;
    const inner = holding.get(p.name);
    return inner ? `its output folder ${p.name} holds ${inner.name}, the folder of ${primary(inner)}` : undefined;
  };
  return named.map((p) => {
    const conflict = clash(p);
    return conflict === undefined ? p : { ...p, conflict: `${conflict}; rename one of the inputs or exclude it in edge2bootc.toml` };
  });
}
