/**
 * What the converted project (--project) tells about the image a device moves to, read from the
 * Containerfile and the sysusers.d files edge2bootc wrote (project-only mode of
 * ../shared/reference/device-migration.md A.5.1: without the image-side collector, the project's
 * own plan stands in for the built image). A hand-edited Containerfile is read the same way: only
 * `dnf install`, `COPY`, `useradd`/`usermod` and sysusers.d lines count.
 */
import { shlexSplit } from "../kickstart/shlex.js";
import { imageAccounts, sysusersMembers, type ImageAccounts } from "./image-accounts.js";

export interface ProjectImage {
  /** What tells about the image, as shown to the user (the project's Containerfile, an image snapshot's packages.txt): where findings about the image point. */
  file: string;
  accounts: ImageAccounts;
  /** Group → the users the image makes members of it (useradd -G, usermod -aG, sysusers.d `m`). */
  memberships: ReadonlyMap<string, ReadonlySet<string>>;
  /** Package names (or `name-4.18.*` specs) of the image's dnf install lines. */
  packages: ReadonlySet<string>;
  /** Absolute paths the Containerfile COPYs into the image (or an image snapshot lists), with the line naming each. */
  copied: readonly { path: string; line: number; file?: string }[];
  /** The image's /etc files as sha256 sums by path relative to /etc: only from an image snapshot. */
  etcSums?: ReadonlyMap<string, string>;
  /** The MicroShift release the image installs: a `microshift-4.18.*` pin, else the `rhocp-4.18` repository it enables. */
  microshift?: { major: number; minor: number };
}

/** RUN lines with their continuation lines joined, `&&`/`;` chains split into commands. */
function commands(containerfile: string): string[][] {
  const joined = containerfile.replace(/\\\n/g, " ");
  return joined
    .split("\n")
    .filter((l) => /^\s*RUN\s/i.test(l))
    .flatMap((l) => l.replace(/^\s*RUN\s+/i, "").split(/&&|;|\|\|/))
    .map((c) => {
      try {
        return shlexSplit(c.trim()).map((t) => t.value);
      } catch {
        return [];
      }
    })
    .filter((words) => words.length > 0);
}

function installedPackages(cmds: string[][]): Set<string> {
  const out = new Set<string>();
  for (const words of cmds) {
    const verb = words.findIndex((w) => w === "install");
    if (!/^(dnf|yum|microdnf)$/.test(words[0] ?? "") || verb < 0) continue;
    for (const w of words.slice(verb + 1)) if (!w.startsWith("-")) out.add(w);
  }
  return out;
}

function membershipsOf(cmds: string[][], sysusers: string[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const add = (group: string, user: string) => out.set(group, (out.get(group) ?? new Set()).add(user));
  for (const words of cmds) {
    if (words[0] !== "useradd" && words[0] !== "usermod") continue;
    const user = words[words.length - 1]!;
    words.forEach((w, i) => {
      if (w === "-G" || w === "-aG" || w === "--groups") for (const g of (words[i + 1] ?? "").split(",")) if (g) add(g, user);
    });
  }
  for (const [user, group] of sysusers.flatMap(sysusersMembers)) add(group, user);
  return out;
}

function copyDestinations(containerfile: string): ProjectImage["copied"] {
  const out: { path: string; line: number }[] = [];
  const lines = containerfile.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const start = i;
    let instruction = lines[i]!;
    while (instruction.endsWith("\\") && i + 1 < lines.length) instruction = instruction.slice(0, -1) + " " + lines[++i]!;
    const dest = /^\s*(?:COPY|ADD)\s/i.test(instruction) ? instruction.trim().split(/\s+/).pop()! : "";
    if (dest.startsWith("/")) out.push({ path: dest, line: start + 1 });
  }
  return out;
}

export function projectImage(file: string, containerfile: string, sysusers: string[]): ProjectImage {
  const cmds = commands(containerfile);
  const packages = installedPackages(cmds);
  const microshift = microshiftRelease(containerfile, packages);
  return {
    file,
    accounts: imageAccounts(containerfile, sysusers),
    memberships: membershipsOf(cmds, sysusers),
    packages,
    copied: copyDestinations(containerfile),
    ...(microshift !== undefined ? { microshift } : {}),
  };
}

/** Whether the image installs a package by this name (plain or as a `name-version*` spec). */
export const installs = (image: ProjectImage, name: string): boolean =>
  [...image.packages].some((p) => p === name || (p.startsWith(`${name}-`) && /^\d/.test(p.slice(name.length + 1))));

/** MicroShift's y-stream follows OpenShift's: the package pin or the rhocp repository names it (microshift.md). */
function microshiftRelease(containerfile: string, packages: Set<string>): ProjectImage["microshift"] {
  const pinned = [...packages].map((p) => /^microshift-(\d+)\.(\d+)/.exec(p)).find((m) => m !== null);
  const m = pinned ?? /\brhocp-(\d+)\.(\d+)-/.exec(containerfile);
  return m ? { major: Number(m[1]), minor: Number(m[2]) } : undefined;
}
