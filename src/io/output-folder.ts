import { createTwoFilesPatch } from "diff";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { dirname, join, resolve, sep } from "node:path";
import type { Artifact } from "../render/artifacts.js";
import { sha256 } from "../report/model.js";
import { redactSecrets } from "../util/redact.js";

/** Records what edge2bootc last wrote, to tell its own files from files the user edited. */
export const MANIFEST = ".edge2bootc-manifest.json";

export type ChangeStatus = "created" | "changed" | "unchanged" | "removed";

export interface FileChange {
  path: string;
  status: ChangeStatus;
  before?: string;
  after?: string;
  /** The file on disk is not what edge2bootc wrote last time: a user edit or a foreign file. */
  userEdited: boolean;
  /** The file holds credentials: a diff must not show its lines. */
  sensitive?: boolean;
}

export class OutputConflictError extends Error {
  constructor(readonly paths: string[]) {
    super(
      `refusing to overwrite files that were changed since edge2bootc wrote them (use --force to overwrite):\n` +
        paths.map((p) => `  ${p}`).join("\n"),
    );
    this.name = "OutputConflictError";
  }
}

/** Resolves a relative output path, refusing anything that would land outside the folder. */
export function insideFolder(folder: string, path: string): string {
  const root = resolve(folder);
  const full = resolve(root, path);
  if (!full.startsWith(root + sep)) throw new Error(`output path escapes the output folder: ${path}`);
  return full;
}

function readManifest(folder: string): Record<string, string> {
  const file = join(folder, MANIFEST);
  if (!existsSync(file)) return {};
  try {
    const parsed = JSON.parse(readFileSync(file, "utf8")) as { files?: Record<string, string> };
    return parsed.files ?? {};
  } catch {
    return {};
  }
}

/** Compares what would be written with what is on disk; reads only. */
export function compareWithDisk(folder: string, artifacts: Artifact[]): FileChange[] {
  const manifest = readManifest(folder);
  const changes: FileChange[] = [];
  const wanted = new Set<string>();
  for (const artifact of artifacts) {
    wanted.add(artifact.path);
    const full = insideFolder(folder, artifact.path);
    const before = existsSync(full) ? readFileSync(full, "utf8") : undefined;
    const status: ChangeStatus = before === undefined ? "created" : before === artifact.contents ? "unchanged" : "changed";
    const userEdited = status === "changed" && manifest[artifact.path] !== sha256(before!);
    changes.push({ path: artifact.path, status, before, after: artifact.contents, userEdited, ...(artifact.sensitive ? { sensitive: true } : {}) });
  }
  for (const [path, digest] of Object.entries(manifest).sort()) {
    if (wanted.has(path)) continue;
    const full = insideFolder(folder, path);
    if (!existsSync(full)) continue;
    const before = readFileSync(full, "utf8");
    changes.push({ path, status: "removed", before, userEdited: sha256(before) !== digest });
  }
  return changes;
}

/** A unified diff for review; credentials are masked, and files that hold them show no lines at all. */
export function unifiedDiff(change: FileChange): string {
  if (change.sensitive) return `--- a/${change.path}\n+++ b/${change.path}\n@@ ${change.status}; contents not shown because the file holds registry credentials @@\n`;
  return createTwoFilesPatch(`a/${change.path}`, `b/${change.path}`, redactSecrets(change.before ?? ""), redactSecrets(change.after ?? ""));
}

/**
 * Writes the output folder as a whole or not at all: everything is staged in a temporary folder
 * on the same filesystem first, then renamed into place.
 */
export function writeOutputFolder(folder: string, artifacts: Artifact[], force: boolean): FileChange[] {
  const changes = compareWithDisk(folder, artifacts);
  const conflicts = changes.filter((c) => c.userEdited).map((c) => c.path);
  if (conflicts.length > 0 && !force) throw new OutputConflictError(conflicts);

  const root = resolve(folder);
  const stage = `${root}.edge2bootc-${randomBytes(6).toString("hex")}`;
  const manifest = { files: Object.fromEntries(artifacts.map((a) => [a.path, sha256(a.contents)])) };
  try {
    const toWrite = changes.filter((c) => c.status === "created" || c.status === "changed");
    for (const change of toWrite) {
      const target = insideFolder(stage, change.path);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, change.after!);
    }
    mkdirSync(stage, { recursive: true });
    writeFileSync(join(stage, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);

    if (!existsSync(root)) {
      mkdirSync(dirname(root), { recursive: true });
      renameSync(stage, root);
      return changes;
    }
    for (const change of toWrite) {
      const target = insideFolder(root, change.path);
      mkdirSync(dirname(target), { recursive: true });
      renameSync(insideFolder(stage, change.path), target);
    }
    for (const change of changes.filter((c) => c.status === "removed")) unlinkSync(insideFolder(root, change.path));
    renameSync(join(stage, MANIFEST), join(root, MANIFEST));
    return changes;
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}
