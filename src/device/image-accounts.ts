/**
 * The accounts a device has once it booted the image, as far as the converted project tells
 * (project-only mode, ../shared/reference/device-migration.md A.5.1): the base image's accounts,
 * users the Containerfile creates with useradd (in the image's /etc/passwd), and sysusers.d users
 * (created at boot, so they reach a switched device too). Read from the files edge2bootc wrote;
 * without them the account checks are not evaluated.
 */
import { shlexSplit } from "../kickstart/shlex.js";
import { BASE_IMAGE_USERS } from "../migrate/resolve/base-users.js";

export interface ImageAccount {
  /** Unknown when sysusers allocates it at boot. */
  uid?: number;
  /** Where the account lives in the image: decides whether a device whose /etc/passwd changed gets it. */
  via: "base" | "useradd" | "sysusers";
}

export type ImageAccounts = ReadonlyMap<string, ImageAccount>;

/** `-u 1200 … name` of each useradd command of a Containerfile (continuation lines included). */
function useraddAccounts(containerfile: string): [string, ImageAccount][] {
  const out: [string, ImageAccount][] = [];
  for (const m of containerfile.replace(/\\\n/g, " ").matchAll(/\buseradd\s+([^\n]*?)(?:&&|;|$)/gm)) {
    const words = shlexSplit(m[1]!.trim()).map((t) => t.value);
    const name = words[words.length - 1];
    if (name === undefined || name.startsWith("-")) continue;
    const u = words.indexOf("-u");
    out.push([name, { via: "useradd", ...(u >= 0 && /^\d+$/.test(words[u + 1] ?? "") ? { uid: Number(words[u + 1]) } : {}) }]);
  }
  return out;
}

/** `u name id …` lines of sysusers.d files: "1200", "1200:1200", or "-" (allocated at boot). */
export function sysusersAccounts(conf: string): [string, ImageAccount][] {
  return conf.split("\n").flatMap((line): [string, ImageAccount][] => {
    const [type, name, id] = line.trim().split(/\s+/);
    if (type !== "u" || name === undefined) return [];
    const uid = /^(\d+)(?::\d+)?$/.exec(id ?? "")?.[1];
    return [[name, { via: "sysusers", ...(uid !== undefined ? { uid: Number(uid) } : {}) }]];
  });
}

export function imageAccounts(containerfile: string, sysusers: string[]): ImageAccounts {
  const accounts = new Map<string, ImageAccount>();
  for (const [name, base] of BASE_IMAGE_USERS) accounts.set(name, { via: "base", ...(base.uid !== undefined ? { uid: base.uid } : {}) });
  for (const [name, account] of [...sysusers.flatMap(sysusersAccounts), ...useraddAccounts(containerfile)])
    if (!accounts.has(name)) accounts.set(name, account);
  return accounts;
}

/** `m user group` lines of sysusers.d files: memberships systemd-sysusers adds at boot. */
export function sysusersMembers(conf: string): [user: string, group: string][] {
  return conf.split("\n").flatMap((line): [string, string][] => {
    const [type, user, group] = line.trim().split(/\s+/);
    return type === "m" && user && group ? [[user, group]] : [];
  });
}
