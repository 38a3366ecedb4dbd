/**
 * A snapshot folder's files, as the collector wrote them, into one DeviceSnapshot. Pure: the
 * files arrive as texts (io/device-snapshots.ts reads them). Missing optional files leave their
 * facts empty; a file that is there but unreadable as what the collector writes is a positioned
 * InputError, as is a snapshot of a device that already runs a bootc image.
 */
import type { SourceRef } from "../core/findings.js";
import { InputError } from "../core/errors.js";
import { parseJsonDocument, type JsonDocument } from "../core/json-document.js";
import { compareStrings } from "../util/compare.js";
import { SNAPSHOT_SCHEMA, type Account, type AccountFiles, type Deployment, type DeviceSnapshot, type Group, type SnapshotSources } from "./snapshot.js";

export interface SnapshotFiles {
  /** The folder's name: the device's name in plans. */
  name: string;
  /** How findings name the folder (relative to the working directory). */
  display: string;
  /** Text of each file, by its path inside the folder. */
  files: ReadonlyMap<string, string>;
}

/** The keys of a deployment that record local changes (rpm-ostree's deployment variant, A.3). */
export const LAYERING_KEYS = [
  "requested-packages",
  "requested-local-packages",
  "requested-local-fileoverride-packages",
  "requested-base-removals",
  "requested-base-local-replacements",
  "requested-base-remote-replacements",
  "regenerate-initramfs",
  "initramfs-args",
  "initramfs-etc",
] as const;

/** Arguments the bootloader and ostree set for every deployment, not the device's own (rpm-ostree kargs prints them all). */
const BOOT_MANAGED = /^(?:BOOT_IMAGE|ostree|root|rootflags|boot)=|^r[ow]$/;

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map((x) => (Array.isArray(x) ? String(x[0]) : String(x))) : []);
const lines = (text: string | undefined) => (text ?? "").split("\n").filter((l) => l.trim() !== "" && !l.startsWith("#"));
/** `sha256sum` lines (sum, two spaces, path) as [path, sum] pairs, in file order; other lines are skipped. */
export const sha256Sums = (text: string | undefined): [string, string][] =>
  lines(text).flatMap((l): [string, string][] => {
    const m = /^([0-9a-f]{64}) [ *](.+)$/.exec(l);
    return m ? [[m[2]!, m[1]!]] : [];
  });
/** Each line with its 1-based number, for sources. */
const numbered = (text: string | undefined) => (text ?? "").split("\n").map((l, i) => [l, i + 1] as const);

/** `key=value` files (os-release, rpm-ostreed.conf); quotes around a value are removed. */
function keyValues(text: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const l of lines(text)) {
    const m = /^\s*([A-Za-z_][\w-]*)\s*=\s*(.*?)\s*$/.exec(l);
    if (m) out.set(m[1]!, m[2]!.replace(/^"(.*)"$/, "$1").replace(/^'(.*)'$/, "$1"));
  }
  return out;
}

export function accountFile(text: string | undefined): AccountFiles["users"] {
  return lines(text).flatMap((l): Account[] => {
    const f = l.split(":");
    if (f.length < 7 || !/^\d+$/.test(f[2]!) || !/^\d+$/.test(f[3]!)) return [];
    return [{ name: f[0]!, uid: Number(f[2]), gid: Number(f[3]), home: f[5]!, shell: f[6]! }];
  });
}

export function groupFile(text: string | undefined): Group[] {
  return lines(text).flatMap((l): Group[] => {
    const f = l.split(":");
    if (f.length < 4 || !/^\d+$/.test(f[2]!)) return [];
    return [{ name: f[0]!, gid: Number(f[2]), members: f[3]!.split(",").filter(Boolean) }];
  });
}

function deployment(d: Record<string, unknown>): Deployment {
  const image = d["container-image-reference"];
  const origin = d["origin"];
  return {
    id: String(d["id"] ?? ""),
    osname: String(d["osname"] ?? ""),
    booted: d["booted"] === true,
    staged: d["staged"] === true,
    pinned: d["pinned"] === true,
    unlocked: typeof d["unlocked"] === "string" ? d["unlocked"] : "none",
    source: typeof image === "string" ? { kind: "container", image } : typeof origin === "string" ? { kind: "ostree", refspec: origin } : { kind: "unknown" },
    checksum: String(d["checksum"] ?? ""),
    ...(typeof d["version"] === "string" ? { version: d["version"] } : {}),
    layering: {
      requestedPackages: strings(d["requested-packages"]),
      requestedLocalPackages: strings(d["requested-local-packages"]),
      requestedLocalFileoverridePackages: strings(d["requested-local-fileoverride-packages"]),
      requestedBaseRemovals: strings(d["requested-base-removals"]),
      requestedBaseLocalReplacements: strings(d["requested-base-local-replacements"]),
      requestedBaseRemoteReplacements: strings(d["requested-base-remote-replacements"]),
      regenerateInitramfs: d["regenerate-initramfs"] === true,
      initramfsArgs: strings(d["initramfs-args"]),
      initramfsEtc: strings(d["initramfs-etc"]),
    },
  };
}

/** `rpm -q a b c`: a NEVRA per installed package, "package x is not installed" otherwise, in the order asked. */
function installed(text: string | undefined, name: string): string | null {
  for (const l of lines(text)) {
    if (l.startsWith(`${name}-`) && /^\d/.test(l.slice(name.length + 1))) return l.slice(name.length + 1).trim();
  }
  return null;
}

export function parseSnapshot(input: SnapshotFiles): { snapshot: DeviceSnapshot; sources: SnapshotSources } {
  const { files, display } = input;
  const file = (name: string) => `${display}/${name}`;
  const sources: SnapshotSources = new Map();
  const marker = files.get("SNAPSHOT")?.trim();
  if (marker !== SNAPSHOT_SCHEMA)
    throw new InputError([
      {
        source: { file: file("SNAPSHOT"), line: 1, column: 1 },
        message: `not a device snapshot edge2bootc reads: expected SNAPSHOT to say ${SNAPSHOT_SCHEMA} (run the script of edge2bootc device collect-script)`,
      },
    ]);
  const statusText = files.get("rpm-ostree-status.json");
  if (statusText === undefined)
    throw new InputError([
      { source: { file: file("rpm-ostree-status.json"), line: 1, column: 1 }, message: "missing: the collector writes rpm-ostree status --json here" },
    ]);
  const status = parseJsonDocument(file("rpm-ostree-status.json"), statusText);
  const top = status.value as Record<string, unknown>;
  if (top === null || typeof top !== "object" || !Array.isArray(top["deployments"]))
    throw new InputError([{ source: status.at([]), message: "expected rpm-ostree status --json output: an object with a deployments list" }], statusText);
  const deployments = (top["deployments"] as Record<string, unknown>[]).map(deployment);
  deployments.forEach((_, i) => sources.set(`deployment:${i}`, status.at(["deployments", i])));
  const bootedIndex = deployments.findIndex((d) => d.booted);
  for (const key of [...LAYERING_KEYS, "unlocked"]) if (bootedIndex >= 0) sources.set(`booted:${key}`, status.at(["deployments", bootedIndex, key]));
  sources.set("transaction", status.at(["transaction"]));
  const stagedIndex = deployments.findIndex((d) => d.staged);
  if (stagedIndex >= 0) sources.set("staged", status.at(["deployments", stagedIndex, "staged"]));

  const bootc = bootcStatus(files, file, sources);
  if (bootc.hostType === "bootcHost" && bootc.bootedImage !== null)
    throw new InputError([
      {
        source: sources.get("bootc")!,
        message: `this device already runs the bootc image ${bootc.bootedImage}: there is no edge deployment to move (bootc switch changes its image)`,
      },
    ]);

  const osRelease = keyValues(files.get("os-release"));
  const rpmQ = files.get("rpm-q.txt");
  const policy = keyValues(files.get("rpm-ostreed.conf")).get("AutomaticUpdatePolicy") ?? "none";
  sources.set("policy", { file: file("rpm-ostreed.conf"), ...lineOf(files.get("rpm-ostreed.conf"), /^\s*AutomaticUpdatePolicy\s*=/) });
  sources.set("kargs", { file: file("kargs.txt"), line: 1, column: 1 });
  sources.set("owners", { file: file("owners.txt"), line: 1, column: 1 });
  sources.set("hostkeys", { file: file("ssh-hostkeys.txt"), line: 1, column: 1 });
  sources.set("df", { file: file("df.txt"), line: 1, column: 1 });
  sources.set("auth", { file: file("auth.present"), line: 1, column: 1 });
  sources.set("units", { file: file("units.txt"), line: 1, column: 1 });
  sources.set("config-diff", { file: file("config-diff.txt"), ...lineOf(files.get("config-diff.txt"), /^M\s+passwd$/) });
  sources.set("os-release", { file: file("os-release"), ...lineOf(files.get("os-release"), /^VERSION_ID=/) });
  for (const [l, line] of numbered(files.get("config-diff.txt"))) {
    const path = /^[MAD]\s+(.+)$/.exec(l)?.[1];
    if (path !== undefined) sources.set(`etc:${path}`, { file: file("config-diff.txt"), line, column: 1 });
  }
  for (const tool of ["greenboot", "microshift"]) sources.set(tool, { file: file("rpm-q.txt"), ...lineOf(rpmQ, new RegExp(`^(package )?${tool}[- ]`)) });
  for (const [name, text] of [
    ["usr-lib/group", files.get("usr-lib/group")],
    ["etc/group", files.get("etc/group")],
  ] as const)
    for (const [l, line] of numbered(text)) if (l.includes(":")) sources.set(`group:${l.split(":")[0]}`, { file: file(name), line, column: 1 });
  const versionId = osRelease.get("VERSION_ID") ?? "";
  if (!/^(8|9|10)(\.\d+)*$/.test(versionId))
    throw new InputError([
      {
        source: sources.get("os-release")!,
        message: `expected the VERSION_ID of a RHEL for edge 8, 9 or 10 device in os-release, found ${versionId === "" ? "none" : JSON.stringify(versionId)}`,
      },
    ]);

  const snapshot: DeviceSnapshot = {
    schema: SNAPSHOT_SCHEMA,
    name: input.name,
    host: {
      hostname: files.get("hostname")?.trim() || input.name,
      ...(files.get("arch")?.trim() ? { arch: files.get("arch")!.trim() } : {}),
      os: { id: osRelease.get("ID") ?? "unknown", versionId: osRelease.get("VERSION_ID") ?? "unknown" },
    },
    tools: {
      bootc: installed(rpmQ, "bootc"),
      rpmOstree: installed(rpmQ, "rpm-ostree"),
      greenboot: installed(rpmQ, "greenboot"),
      greenbootRs: installed(rpmQ, "greenboot-rs"),
      bootupd: installed(rpmQ, "bootupd"),
      microshift: installed(rpmQ, "microshift"),
    },
    deployments,
    transactionInProgress: top["transaction"] !== null && top["transaction"] !== undefined,
    bootc: { present: bootc.present, hostType: bootc.hostType, specImage: bootc.specImage },
    localKargs: (files.get("kargs.txt") ?? "")
      .trim()
      .split(/\s+/)
      .filter((k) => k !== "" && !BOOT_MANAGED.test(k)),
    etcChanges: lines(files.get("config-diff.txt")).flatMap((l) => {
      const m = /^([MAD])\s+(.+)$/.exec(l);
      return m ? [{ op: m[1] as "M" | "A" | "D", path: m[2]! }] : [];
    }),
    ...(files.has("usr-etc-sums.txt") ? { usrEtcSums: Object.fromEntries(sha256Sums(files.get("usr-etc-sums.txt"))) } : {}),
    accounts: {
      etc: { users: accountFile(files.get("etc/passwd")), groups: groupFile(files.get("etc/group")) },
      usrEtc: { users: accountFile(files.get("usr-etc/passwd")), groups: groupFile(files.get("usr-etc/group")) },
      usrLib: { users: accountFile(files.get("usr-lib/passwd")), groups: groupFile(files.get("usr-lib/group")) },
      altfiles: /^\s*passwd:.*\baltfiles\b/m.test(files.get("nsswitch.conf") ?? ""),
    },
    owners: lines(files.get("owners.txt")).flatMap((l) => {
      const m = /^(\d+) (\d+) (0?[0-7]{3,4}) (\/.*)$/.exec(l.trim());
      return m ? [{ path: m[4]!, uid: Number(m[1]), gid: Number(m[2]), mode: m[3]! }] : [];
    }),
    sshHostKeys: lines(files.get("ssh-hostkeys.txt")).flatMap((l) => {
      const [mode, user, group, path] = l.trim().split(/\s+/);
      return mode !== undefined && /^[0-7]{3,4}$/.test(mode) && user && group && path ? [{ path, mode, user, group }] : [];
    }),
    remotes: remotes(files),
    registryAuthPresent: files.get("auth.present")?.trim() === "yes",
    updates: {
      automaticUpdatePolicy: policy,
      units: Object.fromEntries(
        lines(files.get("units.txt")).flatMap((l) => {
          const [unit, state] = l.trim().split(/\s+/);
          return unit ? [[unit, state ?? "unknown"]] : [];
        }),
      ),
    },
    space: Object.fromEntries(
      lines(files.get("df.txt")).flatMap((l) => {
        const [target, avail] = l.trim().split(/\s+/);
        return target?.startsWith("/") && avail !== undefined && /^\d+$/.test(avail) ? [[target, Number(avail)]] : [];
      }),
    ),
  };
  // Each account at the line that defines it: the old commit's /usr/lib/passwd, then /etc/passwd, which wins.
  for (const name of ["usr-lib/passwd", "etc/passwd"] as const)
    (files.get(name) ?? "").split("\n").forEach((l, i) => {
      const user = /^([^:#\s][^:]*):/.exec(l)?.[1];
      if (user !== undefined) sources.set(`user:${user}`, { file: file(name), line: i + 1, column: 1 });
    });
  return { snapshot, sources };
}

function lineOf(text: string | undefined, re: RegExp): { line: number; column: number } {
  const i = (text ?? "").split("\n").findIndex((l) => re.test(l));
  return { line: i < 0 ? 1 : i + 1, column: 1 };
}

/** bootc status --format json, or its absence (rc 127: not installed). */
function bootcStatus(files: ReadonlyMap<string, string>, file: (n: string) => string, sources: SnapshotSources) {
  const rc = files.get("bootc-status.json.rc")?.trim();
  const text = files.get("bootc-status.json");
  sources.set("bootc", { file: file(text !== undefined && rc === "0" ? "bootc-status.json" : "bootc-status.json.rc"), line: 1, column: 1 });
  if (rc !== "0" || text === undefined || text.trim() === "")
    return { present: rc !== undefined && rc !== "127", hostType: null, specImage: null, bootedImage: null };
  const doc: JsonDocument = parseJsonDocument(file("bootc-status.json"), text);
  const host = doc.value as {
    spec?: { image?: { image?: string } | null };
    status?: { type?: string | null; booted?: { image?: { image?: { image?: string } } | null } | null };
  };
  sources.set("bootc", doc.at(["status", "type"]));
  return {
    present: true,
    hostType: host?.status?.type ?? null,
    specImage: host?.spec?.image?.image ?? null,
    bootedImage: host?.status?.booted?.image?.image?.image ?? null,
  };
}

/** /etc/ostree/remotes.d/*.conf: `[remote "name"]` sections with url and gpg-verify. */
function remotes(files: ReadonlyMap<string, string>): DeviceSnapshot["remotes"] {
  const out: DeviceSnapshot["remotes"] = [];
  for (const [, text] of [...files].filter(([p]) => p.startsWith("remotes/") && p.endsWith(".conf")).sort(([a], [b]) => compareStrings(a, b))) {
    let current: DeviceSnapshot["remotes"][number] | undefined;
    for (const l of lines(text)) {
      const section = /^\s*\[remote\s+"([^"]+)"\]\s*$/.exec(l);
      if (section) out.push((current = { name: section[1]!, url: "", gpgVerify: true }));
      const kv = /^\s*([\w-]+)\s*=\s*(.*?)\s*$/.exec(l);
      if (current && kv?.[1] === "url") current.url = kv[2]!;
      if (current && kv?.[1] === "gpg-verify") current.gpgVerify = kv[2] !== "false";
    }
  }
  return out;
}

export type { SourceRef };
