import type { CommandSpec } from "./options.js";

export type KickstartTarget = "rhel9" | "rhel10";
export type InstallerCommand = "ostreecontainer" | "bootc";

/** pykickstart's RHEL9Handler.commandMap (rhel9-branch, which has ostreecontainer from RHEL 9.4). */
const RHEL9_COMMANDS = [
  "auth",
  "authconfig",
  "authselect",
  "autopart",
  "autostep",
  "bootloader",
  "btrfs",
  "cdrom",
  "clearpart",
  "cmdline",
  "device",
  "deviceprobe",
  "dmraid",
  "driverdisk",
  "module",
  "eula",
  "fcoe",
  "firewall",
  "firstboot",
  "graphical",
  "group",
  "halt",
  "harddrive",
  "hmc",
  "ignoredisk",
  "install",
  "iscsi",
  "iscsiname",
  "keyboard",
  "lang",
  "liveimg",
  "logging",
  "logvol",
  "mediacheck",
  "method",
  "mount",
  "multipath",
  "network",
  "nfs",
  "nvdimm",
  "timesource",
  "ostreecontainer",
  "ostreesetup",
  "part",
  "partition",
  "poweroff",
  "raid",
  "realm",
  "reboot",
  "repo",
  "reqpart",
  "rescue",
  "rhsm",
  "rootpw",
  "selinux",
  "services",
  "shutdown",
  "skipx",
  "snapshot",
  "sshpw",
  "sshkey",
  "syspurpose",
  "text",
  "timezone",
  "updates",
  "url",
  "user",
  "vnc",
  "volgroup",
  "xconfig",
  "zerombr",
  "zfcp",
  "zipl",
] as const;

/** RHEL10Handler marks these as RemovedCommand: pykickstart rejects them. */
const REMOVED_IN_RHEL10 = new Set(["auth", "authconfig", "autostep", "method"]);

export function knownCommands(target: KickstartTarget): ReadonlySet<string> {
  if (target === "rhel9") return new Set(RHEL9_COMMANDS);
  return new Set([...RHEL9_COMMANDS.filter((c) => !REMOVED_IN_RHEL10.has(c)), "bootc", "rdp"]);
}

export function isRemovedIn(target: KickstartTarget, command: string): boolean {
  return target === "rhel10" && REMOVED_IN_RHEL10.has(command);
}

/** Commands that are one object in the handler: a later line replaces the earlier one (kickstart.md §1.4, §1.6). */
const ALIASES: Record<string, string> = {
  partition: "part",
  poweroff: "reboot",
  halt: "reboot",
  shutdown: "reboot",
  authconfig: "auth",
  graphical: "displaymode",
  text: "displaymode",
  cmdline: "displaymode",
};
export const canonicalCommand = (name: string) => ALIASES[name] ?? name;

/**
 * How to name the object a repeatable ("data") command defines; two lines with the same key
 * clash (ksvalidator error). Everything else that is known is single-use: the last line wins.
 */
export const DATA_COMMANDS: Record<string, { key: "positional" | `--${string}` } | { key: "none" }> = {
  btrfs: { key: "positional" },
  device: { key: "none" },
  dmraid: { key: "--name" },
  driverdisk: { key: "none" },
  fcoe: { key: "--nic" },
  group: { key: "--name" },
  iscsi: { key: "none" },
  logvol: { key: "positional" },
  module: { key: "--name" },
  mount: { key: "positional" },
  multipath: { key: "none" },
  network: { key: "--device" },
  nvdimm: { key: "none" },
  part: { key: "positional" },
  raid: { key: "positional" },
  repo: { key: "--name" },
  snapshot: { key: "positional" },
  sshkey: { key: "--username" },
  sshpw: { key: "--username" },
  timesource: { key: "none" },
  user: { key: "--name" },
  volgroup: { key: "positional" },
  zfcp: { key: "none" },
};

/** The three payload commands that pykickstart declares as conflicting with each other. */
export const OSTREE_PAYLOADS = ["ostreesetup", "ostreecontainer", "bootc"] as const;

/** Ignored by anaconda once an ostree payload is present (kickstart.md §2.2). */
export const IGNORED_NEXT_TO_OSTREE = new Set(["url", "repo", "cdrom", "nfs", "harddrive", "liveimg", "module", "hmc"]);

/** What the RHEL 10 docs list as usable together with the bootc command (kickstart.md §2.2). */
export const BOOTC_SUPPORTED = new Set([
  "clearpart",
  "zerombr",
  "bootloader",
  "autopart",
  "reqpart",
  "part",
  "volgroup",
  "logvol",
  "reboot",
  "halt",
  "poweroff",
  "shutdown",
  "graphical",
  "cmdline",
  "text",
  "rdp",
  "keyboard",
  "lang",
  "network",
  "rhsm",
  "rootpw",
  "sshkey",
  "timezone",
  "user",
  "bootc",
  "%pre",
  "%post",
]);

export const SPECS = {
  ostreesetup: {
    options: [
      { name: "--osname", kind: "value", required: true },
      { name: "--remote", kind: "value" },
      { name: "--url", kind: "value", required: true },
      { name: "--ref", kind: "value", required: true },
      { name: "--nogpg", kind: "flag" },
    ],
    positionals: { min: 0, max: 0 },
  },
  ostreecontainer: {
    options: [
      { name: "--url", kind: "value", required: true },
      { name: "--transport", kind: "value" },
      { name: "--stateroot", kind: "value" },
      { name: "--remote", kind: "value" },
      { name: "--no-signature-verification", kind: "flag" },
    ],
    positionals: { min: 0, max: 0 },
  },
  bootc: {
    options: [
      { name: "--source-imgref", kind: "value", required: true },
      { name: "--target-imgref", kind: "value" },
      { name: "--stateroot", kind: "value" },
      { name: "--bootloader", kind: "value" },
      { name: "--composefs", kind: "flag" },
    ],
    positionals: { min: 0, max: 0 },
  },
  sshkey: { options: [{ name: "--username", kind: "value", required: true }], positionals: { min: 1, max: 1 } },
} as const satisfies Record<string, CommandSpec>;

/**
 * bootloader options that have no effect with an ostree payload (bootupd or ostree-managed BLS
 * own the boot configuration); true when the option takes a value.
 */
export const BOOTLOADER_IGNORED_OPTIONS: Record<string, boolean> = {
  "--location": true,
  "--password": true,
  "--iscrypted": false,
  "--md5pass": true,
  "--timeout": true,
};

const SCRIPT_OPTIONS = [
  { name: "--erroronfail", kind: "flag" },
  { name: "--interpreter", kind: "value" },
  { name: "--log", kind: "value", aliases: ["--logfile"] },
] as const;

/** Header options per section (kickstart.md §1.7); %addon and %anaconda are free-form. */
export const SECTION_SPECS: Partial<Record<string, CommandSpec>> = {
  "%pre": { options: SCRIPT_OPTIONS, positionals: { min: 0, max: 0 } },
  "%pre-install": { options: SCRIPT_OPTIONS, positionals: { min: 0, max: 0 } },
  "%onerror": { options: SCRIPT_OPTIONS, positionals: { min: 0, max: 0 } },
  "%traceback": { options: SCRIPT_OPTIONS, positionals: { min: 0, max: 0 } },
  "%post": { options: [...SCRIPT_OPTIONS, { name: "--nochroot", kind: "flag" }], positionals: { min: 0, max: 0 } },
  "%packages": {
    options: [
      { name: "--default", kind: "flag" },
      { name: "--excludedocs", kind: "flag" },
      { name: "--ignoremissing", kind: "flag" },
      { name: "--nocore", kind: "flag" },
      { name: "--multilib", kind: "flag" },
      { name: "--timeout", kind: "value" },
      { name: "--retries", kind: "value" },
      { name: "--inst-langs", kind: "value", aliases: ["--instLangs"] },
      { name: "--exclude-weakdeps", kind: "flag", aliases: ["--excludeWeakdeps"] },
      { name: "--ignorebroken", kind: "flag" },
    ],
    positionals: { min: 0, max: 0 },
  },
  "%certificate": {
    options: [
      { name: "--filename", kind: "value", required: true },
      { name: "--dir", kind: "value" },
      { name: "--type", kind: "value" },
    ],
    positionals: { min: 0, max: 0 },
  },
};
