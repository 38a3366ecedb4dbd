/**
 * A built image as the image collector saw it (`edge2bootc device image-collect-script`, run inside
 * the image on the build host): the same facts the converted project gives (project-image.ts),
 * read from the image itself, so what the base image and its packages bring is compared too
 * (../shared/reference/device-migration.md A.5.1). Pure: the snapshot's texts in.
 */
import { InputError } from "../core/errors.js";
import { accountFile, groupFile, sha256Sums, type SnapshotFiles } from "./parse-snapshot.js";
import { sysusersAccounts, sysusersMembers, type ImageAccount } from "./image-accounts.js";
import type { ProjectImage } from "./project-image.js";

export const IMAGE_SNAPSHOT_SCHEMA = "edge2bootc.image-snapshot/v1";

const lines = (text: string | undefined) => (text ?? "").split("\n");

export function parseImageSnapshot(input: SnapshotFiles): ProjectImage {
  const { files, display } = input;
  const file = (name: string) => `${display}/${name}`;
  if (files.get("SNAPSHOT")?.trim() !== IMAGE_SNAPSHOT_SCHEMA)
    throw new InputError([
      {
        source: { file: file("SNAPSHOT"), line: 1, column: 1 },
        message: `not an image snapshot: expected SNAPSHOT to say ${IMAGE_SNAPSHOT_SCHEMA} (run the script of edge2bootc device image-collect-script inside the image)`,
      },
    ]);
  // Accounts: the read-only /usr/lib/passwd reaches every device; /etc/passwd only one that never changed its own; sysusers.d lines are applied at boot.
  const accounts = new Map<string, ImageAccount>();
  const add = (text: string | undefined, via: ImageAccount["via"]) => {
    for (const { name, uid } of accountFile(text)) if (!accounts.has(name)) accounts.set(name, { via, uid });
  };
  add(files.get("usr-lib/passwd"), "base");
  const sysusers = files.get("sysusers.conf") ?? "";
  for (const [name, account] of sysusersAccounts(sysusers)) if (!accounts.has(name)) accounts.set(name, account);
  add(files.get("etc/passwd"), "useradd");

  const memberships = new Map<string, Set<string>>();
  const member = (group: string, user: string) => memberships.set(group, (memberships.get(group) ?? new Set()).add(user));
  for (const text of [files.get("usr-lib/group"), files.get("etc/group")])
    for (const { name, members } of groupFile(text)) for (const user of members) member(name, user);
  for (const [user, group] of sysusersMembers(sysusers)) member(group, user);

  const packages = new Map(lines(files.get("packages.txt")).flatMap((l): [string, string][] => (l.trim() ? [[l.split(" ")[0]!, l.split(" ")[1] ?? ""]] : [])));
  const listed = (name: string) => lines(files.get(name)).flatMap((path, i) => (path.startsWith("/") ? [{ path, line: i + 1, file: file(name) }] : []));
  const microshift = /^(\d+)\.(\d+)/.exec(packages.get("microshift") ?? "");
  return {
    file: file("packages.txt"),
    accounts,
    memberships,
    packages: new Set(packages.keys()),
    copied: [...listed("var-files.txt"), ...listed("drop-ins.txt")],
    etcSums: new Map(sha256Sums(files.get("etc-sums.txt"))),
    ...(microshift ? { microshift: { major: Number(microshift[1]), minor: Number(microshift[2]) } } : {}),
  };
}
