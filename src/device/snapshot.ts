/**
 * One device as the collector saw it (`edge2bootc device collect-script`), normalised: the model
 * `edge2bootc.device-snapshot/v1` (schema/device-snapshot.schema.json). Field names follow the
 * rpm-ostree and bootc status keys they come from (../shared/reference/device-migration.md A.3),
 * in camelCase. Built from the snapshot's files by parse-snapshot.ts; nothing here reads a file.
 */
import type { SourceRef } from "../core/findings.js";

export const SNAPSHOT_SCHEMA = "edge2bootc.device-snapshot/v1";

export interface Layering {
  requestedPackages: string[];
  requestedLocalPackages: string[];
  requestedLocalFileoverridePackages: string[];
  requestedBaseRemovals: string[];
  requestedBaseLocalReplacements: string[];
  requestedBaseRemoteReplacements: string[];
  regenerateInitramfs: boolean;
  initramfsArgs: string[];
  initramfsEtc: string[];
}

export interface Deployment {
  id: string;
  osname: string;
  booted: boolean;
  staged: boolean;
  pinned: boolean;
  /** rpm-ostree's unlocked state: none, development, hotfix, transient. */
  unlocked: string;
  source: { kind: "ostree"; refspec: string } | { kind: "container"; image: string } | { kind: "unknown" };
  checksum: string;
  version?: string;
  layering: Layering;
}

export interface Account {
  name: string;
  uid: number;
  gid: number;
  home: string;
  shell: string;
}

export interface Group {
  name: string;
  gid: number;
  members: string[];
}

/** One passwd and group file pair (named users and groups: "passwd" keys read as credentials to the redaction layer). */
export interface AccountFiles {
  users: Account[];
  groups: Group[];
}

export interface DeviceSnapshot {
  schema: typeof SNAPSHOT_SCHEMA;
  /** The snapshot folder's name: how plans and the fleet table name the device. */
  name: string;
  host: { hostname: string; arch?: string; os: { id: string; versionId: string } };
  /** Installed versions (rpm -q), null when not installed. */
  tools: Record<"bootc" | "rpmOstree" | "greenboot" | "greenbootRs" | "bootupd" | "microshift", string | null>;
  deployments: Deployment[];
  transactionInProgress: boolean;
  bootc: { present: boolean; hostType: string | null; specImage: string | null };
  localKargs: string[];
  /** `ostree admin config-diff`: paths relative to /etc. */
  etcChanges: { op: "M" | "A" | "D"; path: string }[];
  /** sha256 of the old commit's default (/usr/etc) of each changed or deleted /etc file; absent from older collectors' snapshots. */
  usrEtcSums?: Record<string, string>;
  accounts: { etc: AccountFiles; usrEtc: AccountFiles; usrLib: AccountFiles; altfiles: boolean };
  /** Paths under /etc and /var owned by someone other than root, by number (owners.txt). */
  owners: { path: string; uid: number; gid: number; mode: string }[];
  sshHostKeys: { path: string; mode: string; user: string; group: string }[];
  remotes: { name: string; url: string; gpgVerify: boolean }[];
  registryAuthPresent: boolean;
  updates: { automaticUpdatePolicy: string; units: Record<string, string> };
  /** Free bytes per mount point. */
  space: Record<string, number>;
}

/** Where each fact of a snapshot was read: findings point there (file:line:col inside the snapshot). */
export type SnapshotSources = Map<string, SourceRef>;
