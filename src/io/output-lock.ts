import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { lstatOrUndefined, OutputFolderError } from "./output-folder.js";
import { describeFsError } from "../util/fs-errors.js";

const LOCK_SUFFIX = ".edge2bootc-lock";

const processAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
};

/**
 * Takes the output folder for this run: a lock file beside it (<out>.edge2bootc-lock, created
 * exclusively, holding the pid). A second run on the same folder stops with exit 2 instead of
 * interleaving its writes; a lock whose process is gone (a killed run) is taken over. Returns the release.
 */
export function lockOutputFolder(folder: string): () => void {
  const root = resolve(folder);
  const lock = `${root}${LOCK_SUFFIX}`;
  try {
    mkdirSync(dirname(root), { recursive: true });
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const fd = openSync(lock, "wx", 0o644);
        try {
          writeSync(fd, `${process.pid}\n`);
        } finally {
          closeSync(fd);
        }
        return () => rmSync(lock, { force: true });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
        const st = lstatOrUndefined(lock);
        if (st === undefined) continue;
        if (!st.isFile()) throw new OutputFolderError(`${lock} is not a lock file edge2bootc wrote; remove it`);
        const pid = Number.parseInt(readFileSync(lock, "utf8"), 10);
        if (Number.isInteger(pid) && pid > 0 && processAlive(pid))
          throw new OutputFolderError(
            `another edge2bootc run (pid ${pid}) is writing ${folder}; wait for it to finish (remove ${lock} only if no such run is left)`,
          );
        rmSync(lock, { force: true }); // its run was killed: the folder is repaired by recoverInterrupted
      }
    }
    throw new OutputFolderError(`could not take ${lock}: other runs keep taking it`);
  } catch (e) {
    if (e instanceof OutputFolderError) throw e;
    throw new OutputFolderError(`cannot take ${lock}: ${describeFsError(e)}`);
  }
}
