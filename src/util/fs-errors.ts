/**
 * A file-system error in words, without its errno name: a user reading "ENOSPC" has to look it
 * up. Codes not listed fall back to Node's message, which names the code and the path.
 */
const WORDS: Readonly<Record<string, string>> = {
  ENOENT: "it does not exist",
  EACCES: "permission denied",
  EPERM: "the operation is not permitted",
  EROFS: "the file system is read-only",
  ENOSPC: "no space left on the device",
  EDQUOT: "the disk quota is used up",
  ENAMETOOLONG: "a file name is too long",
  ENOTDIR: "a part of the path is not a folder",
  EISDIR: "it is a folder, not a file",
  ELOOP: "it is a symlink (edge2bootc does not follow them here)",
  EMFILE: "too many files are open",
  EIO: "an input/output error of the device",
  EEXIST: "it already exists",
  EBUSY: "it is in use",
  EXDEV: "it is on another file system",
};

export function describeFsError(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  const words = typeof err?.code === "string" ? WORDS[err.code] : undefined;
  return words ?? (err instanceof Error ? err.message : String(e));
}
