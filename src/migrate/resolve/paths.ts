import { posix } from "node:path";

/** /home and /root are symlinks into /var on bootc systems; tmpfiles.d wants the real paths. */
export function runtimePath(path: string): string | undefined {
  if (path === "/root" || path.startsWith("/root/")) return `/var/roothome${path.slice(5)}`;
  if (path === "/home" || path.startsWith("/home/")) return `/var${path}`;
  if (path === "/var" || path.startsWith("/var/")) return path;
  return undefined;
}

/**
 * A normalised absolute path, or undefined when it is relative or climbs with "..".
 * Blueprint paths become output paths, so they must never escape the output folder.
 */
export function safeAbsolutePath(path: string): string | undefined {
  if (!path.startsWith("/") || path.includes("\0")) return undefined;
  if (path.split("/").includes("..")) return undefined;
  const normal = posix.normalize(path).replace(/\/+$/, "");
  return normal === "" ? undefined : normal;
}

/** Where a blueprint file or directory lives on a bootc system. */
export type PathHome =
  | { kind: "runtime"; path: string } // under /var: tmpfiles.d creates it at boot
  | { kind: "etc" } // /etc: image content, 3-way merged on update
  | { kind: "usr" } // /usr, /opt: read-only image content
  | { kind: "other-root" } // new top-level directory: read-only image content
  | { kind: "forbidden"; why: string };

const FORBIDDEN: [RegExp, string][] = [
  [/^\/etc\/(fstab|shadow|passwd|group|gshadow)$/, "composer's path policy refuses it, and bootc manages it"],
  [/^\/boot(\/|$)/, "bootc container lint rejects content in /boot"],
  [/^\/usr\/etc(\/|$)/, "bootc container lint rejects /usr/etc"],
  [/^\/(sysroot|ostree|proc|sys|dev|run|tmp)(\/|$)/, "it is not part of the image filesystem"],
];

export function classifyPath(path: string): PathHome {
  for (const [pattern, why] of FORBIDDEN) if (pattern.test(path)) return { kind: "forbidden", why };
  const runtime = runtimePath(path) ?? (/^\/(srv|mnt)(\/|$)/.test(path) ? `/var${path}` : undefined);
  if (runtime !== undefined) return { kind: "runtime", path: runtime };
  if (path === "/etc" || path.startsWith("/etc/")) return { kind: "etc" };
  if (/^\/(usr|opt)(\/|$)/.test(path)) return { kind: "usr" };
  return { kind: "other-root" };
}
