import { createTwoFilesPatch } from "diff";
import { randomBytes } from "node:crypto";
import {
  close as closeAsync,
  closeSync,
  fdatasync as fdatasyncAsync,
  constants,
  fchmodSync,
  fstatSync,
  existsSync,
  fdatasyncSync,
  lstatSync,
  mkdirSync,
  open as openAsync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  rmdirSync,
  unlinkSync,
  writeSync,
  type Stats,
} from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import type { Artifact } from "../render/artifacts.js";
import { sha256 } from "../report/model.js";
import { isBelow, isPlainRelativePath, isPlainSegment } from "../util/paths.js";
import { redactSecrets } from "../util/redact.js";
import { describeFsError } from "../util/fs-errors.js";

/** Records what edge2bootc last wrote, to tell its own files from files the user edited. */
export const MANIFEST = ".edge2bootc-manifest.json";
/** Present in a staging folder once every file in it is complete: the update may be replayed. */
const JOURNAL = ".edge2bootc-journal.json";
export const STAGE_MARK = ".edge2bootc-stage-";
const PRIVATE_MODE = 0o600;
const PUBLIC_MODE = 0o644;

export type ChangeStatus = "created" | "changed" | "unchanged" | "removed";

export interface FileChange {
  path: string;
  status: ChangeStatus;
  before?: string;
  after?: string;
  /** The file on disk is not what edge2bootc wrote last time: a user edit or a foreign file. */
  userEdited: boolean;
  /** The file holds credentials or is private (0600), now or on disk: a diff must not show its lines. */
  sensitive?: boolean;
  /** File mode to write (0600 for files that hold secrets). */
  mode?: number;
}

/** Extra records kept in the manifest next to the file digests (e.g. password hashes to reuse). */
export type ManifestExtras = Record<string, unknown>;

export class OutputConflictError extends Error {
  constructor(readonly paths: string[]) {
    super(`refusing to overwrite files that were changed since edge2bootc wrote them (use --force to overwrite):\n` + paths.map((p) => `  ${p}`).join("\n"));
    this.name = "OutputConflictError";
  }
}

/** The output folder cannot be used as it is (a symlink inside it, a file in the way, no permission): exit 2. */
export class OutputFolderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OutputFolderError";
  }
}

/** Resolves a relative output path, refusing anything that would land outside the folder. */
export function insideFolder(folder: string, path: string): string {
  const root = resolve(folder);
  const full = resolve(root, path);
  if (!isBelow(root, full)) throw new OutputFolderError(`output path escapes the output folder: ${path}`);
  return full;
}

/** lstat, or undefined when nothing is there; any other failure is an OutputFolderError naming the path. */
export const lstatOrUndefined = (path: string): Stats | undefined => {
  try {
    return lstatSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw fsError(e, path);
  }
};

function fsError(e: unknown, path: string): Error {
  const err = e as NodeJS.ErrnoException;
  if (err instanceof OutputFolderError || typeof err.code !== "string") return err as Error;
  return new OutputFolderError(`cannot use ${path}: ${describeFsError(err)}`);
}

/** The output folder itself: a directory or nothing. A symlink or a file there is refused, not followed or replaced. */
function checkRoot(root: string) {
  const st = lstatOrUndefined(root);
  if (st?.isSymbolicLink())
    throw new OutputFolderError(`the output folder ${root} is a symlink; edge2bootc never writes through symlinks: give the real folder`);
  if (st && !st.isDirectory()) throw new OutputFolderError(`the output path ${root} exists and is not a folder`);
}

/**
 * Checks every component of a path below the root with lstat: a symlink anywhere (which could
 * point outside the folder) is refused, never followed. Returns the final component's stats.
 */
function walkNoSymlinks(root: string, rel: string): Stats | undefined {
  const parts = rel.split("/");
  let path = root;
  for (let i = 0; i < parts.length; i++) {
    path = join(path, parts[i]!);
    const st = lstatOrUndefined(path);
    if (st === undefined) return undefined;
    const shown = parts.slice(0, i + 1).join("/");
    if (st.isSymbolicLink())
      throw new OutputFolderError(`${shown} in the output folder is a symlink; edge2bootc never follows symlinks in its output folder: remove it`);
    if (i < parts.length - 1 && !st.isDirectory())
      throw new OutputFolderError(`${shown} in the output folder is a file, but edge2bootc needs a folder there for ${rel}`);
    if (i === parts.length - 1) {
      if (!st.isFile()) throw new OutputFolderError(`${rel} in the output folder is not a regular file`);
      return st;
    }
  }
  return undefined;
}

/**
 * A nested output folder (a batch project's): every folder from the root down must be a real
 * folder or missing, never a symlink, so writing it cannot land outside the root.
 */
export function checkNestedFolder(root: string, rel: string): void {
  checkRoot(root);
  let path = resolve(root);
  for (const part of rel.split("/")) {
    if (!isPlainSegment(part)) throw new OutputFolderError(`${rel} is not a plain folder path below ${root}`);
    path = join(path, part);
    const st = lstatOrUndefined(path);
    if (st === undefined) return;
    if (st.isSymbolicLink()) throw new OutputFolderError(`${path} is a symlink; edge2bootc never follows symlinks in its output folder: remove it`);
    if (!st.isDirectory()) throw new OutputFolderError(`${path} exists and is not a folder`);
  }
}

/** Two outputs where one needs the other as a folder (a file /etc next to /etc/foo) cannot both exist. */
function checkPathClashes(artifacts: Artifact[]) {
  const paths = new Set(artifacts.map((a) => a.path));
  for (const a of artifacts) {
    const parts = a.path.split("/");
    for (let i = 1; i < parts.length; i++) {
      const prefix = parts.slice(0, i).join("/");
      if (paths.has(prefix)) throw new OutputFolderError(`${prefix} would be written as a file and as the folder of ${a.path}; only one of them can exist`);
    }
  }
}

function readManifest(folder: string): { files: Record<string, string>; extras: ManifestExtras } {
  const file = join(folder, MANIFEST);
  if (walkNoSymlinks(folder, MANIFEST) === undefined) return { files: {}, extras: {} };
  try {
    const parsed = JSON.parse(readFileSync(file, "utf8")) as { files?: unknown; [k: string]: unknown };
    const files: Record<string, string> = Object.create(null);
    if (parsed.files && typeof parsed.files === "object") {
      for (const [path, digest] of Object.entries(parsed.files)) if (typeof digest === "string") files[path] = digest;
    }
    const { files: _files, ...extras } = parsed;
    return { files, extras };
  } catch {
    return { files: {}, extras: {} };
  }
}

/** What the manifest of an output folder recorded besides digests (nothing when there is none). */
export function readManifestExtras(folder: string): ManifestExtras {
  checkRoot(resolve(folder));
  return readManifest(resolve(folder)).extras;
}

const artifactMode = (a: Artifact) => (a.private ? PRIVATE_MODE : PUBLIC_MODE);

/** Compares what would be written with what is on disk; reads only, and never through a symlink. */
export function compareWithDisk(folder: string, artifacts: Artifact[]): FileChange[] {
  const root = resolve(folder);
  checkRoot(root);
  checkPathClashes(artifacts);
  const manifest = readManifest(root).files;
  const changes: FileChange[] = [];
  const wanted = new Set<string>();
  /** The file on disk, and whether others may not read it (it was private when written: a diff shows none of its lines). */
  const readIfFile = (path: string): { text: string; private: boolean } | undefined => {
    const st = walkNoSymlinks(root, path);
    return st === undefined ? undefined : { text: readFileSync(insideFolder(root, path), "utf8"), private: (st.mode & 0o077) === 0 };
  };
  for (const artifact of artifacts) {
    wanted.add(artifact.path);
    const disk = readIfFile(artifact.path);
    const before = disk?.text;
    const status: ChangeStatus = before === undefined ? "created" : before === artifact.contents ? "unchanged" : "changed";
    const userEdited = status === "changed" && manifest[artifact.path] !== sha256(before!);
    changes.push({
      path: artifact.path,
      status,
      before,
      after: artifact.contents,
      userEdited,
      mode: artifactMode(artifact),
      ...(artifact.sensitive || artifact.private || disk?.private ? { sensitive: true } : {}),
    });
  }
  for (const [path, digest] of Object.entries(manifest).sort()) {
    if (wanted.has(path) || path === MANIFEST) continue;
    const disk = readIfFile(path);
    if (disk === undefined) continue;
    changes.push({ path, status: "removed", before: disk.text, userEdited: sha256(disk.text) !== digest, ...(disk.private ? { sensitive: true } : {}) });
  }
  return changes;
}

/** A unified diff for review; credentials are masked, and files that hold them show no lines at all. */
export function unifiedDiff(change: FileChange): string {
  if (change.sensitive)
    return `--- a/${change.path}\n+++ b/${change.path}\n@@ ${change.status}; contents not shown because the file is private (0600: credentials, password hashes or a private blueprint file) @@\n`;
  // The review pages (the only HTML we write) hold their data on one line: a diff of them says nothing a reader can use.
  if (change.path.endsWith(".html"))
    return `--- a/${change.path}\n+++ b/${change.path}\n@@ ${change.status}; a review page: open it rather than read its diff @@\n`;
  return createTwoFilesPatch(`a/${change.path}`, `b/${change.path}`, redactSecrets(change.before ?? ""), redactSecrets(change.after ?? ""));
}

/** Creates a file with exactly this mode; it reaches the disk when flushed (flushSync, flushStaged). */
function writeWhole(path: string, contents: string, mode: number) {
  const fd = openSync(path, "wx", mode);
  try {
    writeSync(fd, contents);
    fchmodSync(fd, mode); // the umask must not widen or narrow what we decided; on the descriptor, never through a path
  } finally {
    closeSync(fd);
  }
}

function flushSync(path: string) {
  const fd = openSync(path, "r");
  try {
    fdatasyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function writeDurably(path: string, contents: string, mode: number) {
  writeWhole(path, contents, mode);
  flushSync(path);
}

/**
 * Writes one file the user named (a baseline): whole or not at all, through a temporary file in
 * the same folder renamed over it, so a symlink at the path is replaced, never followed.
 */
export function writeFileWhole(path: string, contents: string): void {
  const temp = `${path}.edge2bootc-${process.pid}.tmp`;
  try {
    writeDurably(temp, contents, 0o644);
    renameSync(temp, path);
  } catch (e) {
    rmSync(temp, { force: true });
    throw e;
  }
}

/**
 * Sets a mode on a file already in the output folder without following a symlink swapped in
 * since it was checked (chmod by path would change the link's target, anywhere).
 */
export function setModeNoFollow(path: string, mode: number) {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ELOOP")
      throw new OutputFolderError(`${path} became a symlink while edge2bootc wrote the folder; it was not changed`);
    throw e;
  }
  try {
    if (!fstatSync(fd).isFile()) throw new OutputFolderError(`${path} is no longer a regular file; it was not changed`);
    fchmodSync(fd, mode);
  } finally {
    closeSync(fd);
  }
}

interface Journal {
  /** Files to move from the staging folder into place, with the digest each must have there. */
  moves: { path: string; sha256: string }[];
  removes: string[];
}

/** A journal as read back: every path a plain relative path, or undefined when it is not one edge2bootc wrote whole. */
function parseJournal(text: string): Journal | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const plain = (p: unknown): p is string => typeof p === "string" && isPlainRelativePath(p);
  const j = value as Partial<Journal> | null;
  if (j === null || typeof j !== "object" || !Array.isArray(j.moves) || !Array.isArray(j.removes)) return undefined;
  if (!j.moves.every((m) => m !== null && typeof m === "object" && plain(m.path) && typeof m.sha256 === "string") || !j.removes.every(plain)) return undefined;
  return j as Journal;
}

/** Makes the folders of `rel` below root, refusing symlinks and files in the way. */
function ensureParents(root: string, rel: string) {
  const parts = rel.split("/").slice(0, -1);
  let path = root;
  for (const part of parts) {
    path = join(path, part);
    const st = lstatOrUndefined(path);
    if (st === undefined) mkdirSync(path);
    else if (st.isSymbolicLink())
      throw new OutputFolderError(`${path} in the output folder is a symlink; edge2bootc never follows symlinks in its output folder: remove it`);
    else if (!st.isDirectory()) throw new OutputFolderError(`${path} in the output folder is a file, but edge2bootc needs a folder there`);
  }
}

/**
 * Replays a journaled update: moves what is still staged into place, removes what the journal
 * removes, the manifest last. Idempotent, so an update cut short by a kill is completed by
 * the next run.
 */
function applyJournal(stage: string, root: string, journal: Journal) {
  for (const { path: rel, sha256: digest } of journal.moves) {
    const from = join(stage, rel);
    if (!existsSync(from)) {
      // Already moved by the run that was cut short, or the update cannot be completed.
      const there = walkNoSymlinks(root, rel) === undefined ? undefined : sha256(readFileSync(insideFolder(root, rel), "utf8"));
      if (there !== digest)
        throw new OutputFolderError(
          `an interrupted update of ${root} cannot be completed: ${rel} is missing from its staging folder; run again with --force to rewrite the folder`,
        );
      continue;
    }
    ensureParents(root, rel);
    walkNoSymlinks(root, rel);
    renameSync(from, insideFolder(root, rel));
  }
  for (const rel of journal.removes) {
    if (walkNoSymlinks(root, rel) !== undefined) unlinkSync(insideFolder(root, rel));
    removeEmptiedFolders(root, rel);
  }
  if (existsSync(join(stage, MANIFEST))) renameSync(join(stage, MANIFEST), join(root, MANIFEST));
}

/**
 * The folders above a removed file that it leaves empty (a device no longer planned, an overlay
 * folder no longer written), deepest first, never the root. A folder holding anything else, a
 * user's file included, stays; rmdir removes only an empty folder, and walkNoSymlinks has already
 * refused a symlink on the way.
 */
function removeEmptiedFolders(root: string, rel: string): void {
  for (let dir = dirname(rel); dir !== "." && dir !== ""; dir = dirname(dir)) {
    const path = insideFolder(root, dir);
    const st = lstatOrUndefined(path);
    if (st === undefined || !st.isDirectory() || readdirSync(path).length > 0) return;
    rmdirSync(path);
  }
}

/**
 * Staging folders left by an interrupted run: a journaled one is completed, an unjournaled one
 * (its files may be incomplete) is deleted. One edge2bootc run per output folder at a time.
 */
export function recoverInterrupted(folder: string): string[] {
  const root = resolve(folder);
  const parent = dirname(root);
  if (!existsSync(parent)) return [];
  // Only names this code makes (<out>.edge2bootc-stage-<12 hex>), never anything else that starts alike.
  const ours = new RegExp(`^${basename(root).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}${STAGE_MARK.replace(/\./g, "\\.")}[0-9a-f]{12}$`);
  const recovered: string[] = [];
  for (const name of readdirSync(parent)
    .filter((n) => ours.test(n))
    .sort()) {
    const stage = join(parent, name);
    if (!lstatSync(stage).isDirectory()) continue;
    const journal = existsSync(root) ? readJournal(join(stage, JOURNAL)) : undefined;
    if (journal !== undefined) {
      applyJournal(stage, root, journal);
      recovered.push(`completed an interrupted update of ${folder}`);
    } else recovered.push(`removed the incomplete staging folder ${name}`);
    rmSync(stage, { recursive: true, force: true });
  }
  return recovered;
}

/** The journal of a staging folder, or undefined (no journal, not a regular file, not whole): the stage is then incomplete. */
function readJournal(file: string): Journal | undefined {
  const st = lstatOrUndefined(file);
  if (st === undefined || !st.isFile()) return undefined;
  return parseJournal(readFileSync(file, "utf8"));
}

/** An output folder's new files, written in a staging folder beside it but not yet flushed or in place. */
export interface StagedFolder {
  root: string;
  stage: string;
  changes: FileChange[];
  /** Every file written into the staging folder: what must reach the disk before anything moves. */
  written: string[];
  journal: Journal;
}

/**
 * Writes the output folder as a whole or not at all, in three steps: stage (write every file into a
 * sibling folder on the same file system), flush (the staged files reach the disk), publish (a new
 * folder is renamed into place in one step; an existing one is updated from a journal, which the
 * next run replays if this one is killed half-way: recoverInterrupted). A run killed before
 * publishing leaves an unjournaled staging folder, which the next run deletes.
 */
export function writeOutputFolder(folder: string, artifacts: Artifact[], force: boolean, extras: ManifestExtras = {}): FileChange[] {
  const staged = stageOutputFolder(folder, artifacts, force, extras);
  try {
    for (const file of staged.written) flushSync(file);
    return publishStaged(staged);
  } catch (e) {
    discardStaged(staged);
    throw fsError(e, folder);
  }
}

/**
 * The first step of writeOutputFolder: refuses hand edits (unless forced) and writes the changed
 * files into a staging folder, without waiting for the disk. Batch flushes many folders' files
 * together (flushStaged) instead of one synchronous flush per file.
 */
export function stageOutputFolder(folder: string, artifacts: Artifact[], force: boolean, extras: ManifestExtras = {}): StagedFolder {
  const root = resolve(folder);
  let stage: string | undefined;
  try {
    recoverInterrupted(root);
    const changes = compareWithDisk(root, artifacts);
    const conflicts = changes.filter((c) => c.userEdited).map((c) => c.path);
    if (conflicts.length > 0 && !force) throw new OutputConflictError(conflicts);

    stage = `${root}${STAGE_MARK}${randomBytes(6).toString("hex")}`;
    const manifest = { files: Object.fromEntries(artifacts.map((a) => [a.path, sha256(a.contents)])), ...extras };
    const manifestMode = artifacts.some((a) => a.private) ? PRIVATE_MODE : PUBLIC_MODE;
    mkdirSync(stage, { recursive: true, mode: 0o755 });
    const made = new Set<string>([stage]);
    const written: string[] = [];
    const write = (path: string, contents: string, mode: number) => {
      const dir = dirname(path);
      if (!made.has(dir)) {
        mkdirSync(dir, { recursive: true });
        made.add(dir);
      }
      writeWhole(path, contents, mode);
      written.push(path);
    };
    const toWrite = changes.filter((c) => c.status === "created" || c.status === "changed");
    for (const change of toWrite) write(insideFolder(stage, change.path), change.after!, change.mode ?? PUBLIC_MODE);
    write(join(stage, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`, manifestMode);
    const journal: Journal = {
      moves: toWrite.map((c) => ({ path: c.path, sha256: sha256(c.after!) })),
      removes: changes.filter((c) => c.status === "removed").map((c) => c.path),
    };
    // Staged under a temporary name, flushed with the files; publishing renames it when the folder exists.
    write(join(stage, `${JOURNAL}.tmp`), JSON.stringify(journal), PRIVATE_MODE);
    return { root, stage, changes, written, journal };
  } catch (e) {
    if (stage !== undefined) rmSync(stage, { recursive: true, force: true });
    throw fsError(e, folder);
  }
}

/** One file's data reaches the disk, on the thread pool (callbacks: lighter than FileHandle for thousands of small files). */
const flushOnPool = (path: string) =>
  new Promise<void>((done, fail) =>
    openAsync(path, "r", (openError, fd) => {
      if (openError) return fail(openError);
      fdatasyncAsync(fd, (syncError) => closeAsync(fd, (closeError) => (syncError || closeError ? fail(syncError ?? closeError) : done())));
    }),
  );

/** The staged files reach the disk: fdatasync on the thread pool, a few at a time, so a batch's flushes overlap its work. */
export async function flushStaged(staged: StagedFolder, concurrency = 8): Promise<void> {
  let next = 0;
  const one = async () => {
    for (let i = next++; i < staged.written.length; i = next++) await flushOnPool(staged.written[i]!);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, staged.written.length) }, one));
}

/**
 * The last step: puts a staged (and flushed) folder in place. Whether the folder exists is decided
 * now, not when it was staged: a batch may have made it since, as the parent of another project.
 */
export function publishStaged(staged: StagedFolder): FileChange[] {
  const { root, stage, changes, journal } = staged;
  try {
    const pendingJournal = join(stage, `${JOURNAL}.tmp`);
    if (!existsSync(root)) {
      unlinkSync(pendingJournal);
      mkdirSync(dirname(root), { recursive: true });
      renameSync(stage, root);
      return changes;
    }
    // Renamed: a journal is there whole or not at all, and only once every staged file is on disk.
    renameSync(pendingJournal, join(stage, JOURNAL));
    applyJournal(stage, root, journal);
    // Files that did not change keep their bytes but must still get the mode we decided.
    for (const change of changes.filter((c) => c.status === "unchanged")) setModeNoFollow(insideFolder(root, change.path), change.mode ?? PUBLIC_MODE);
    return changes;
  } catch (e) {
    throw fsError(e, root);
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

/** Removes a staging folder that will not be published (its folder failed); the output is untouched. */
export function discardStaged(staged: StagedFolder): void {
  rmSync(staged.stage, { recursive: true, force: true });
}
