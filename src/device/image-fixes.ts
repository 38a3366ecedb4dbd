/**
 * What the image can carry so the fleet's devices survive the move (../shared/reference/
 * device-migration.md A.5.3): a tmpfiles.d line making RHEL 9 host keys 0600 for RHEL 10's sshd,
 * sysusers.d lines for accounts the image would lose (with the id the devices use), tmpfiles.d Z
 * lines giving files back to an account whose uid changes (to its name and its own group, which
 * sysusers.d creates with the user). Migration-only: every line says
 * which devices need it, and the whole of it goes once every device runs the image.
 */
import { compareStrings } from "../util/compare.js";
import { configColumns as columns } from "../util/config-columns.js";
import type { AccountMove } from "./accounts.js";
import type { DevicePlan } from "./plan.js";
import type { Account, DeviceSnapshot } from "./snapshot.js";

export interface ImageFixes {
  tmpfiles: { line: string; devices: string[] }[];
  sysusers: { line: string; devices: string[] }[];
  /** Accounts the devices disagree about (one name, several uids): no line, the team decides. */
  conflicts: string[];
  /** Devices that run MicroShift on an image without the ovsdb-server ownership drop-in. */
  ovsdbDropIn: string[];
}

/** `move` of each device: its account simulation against target.project (undefined without a project). */
export function imageFixes(devices: { plan: DevicePlan; snapshot: DeviceSnapshot; move: AccountMove | undefined }[]): ImageFixes {
  const tmpfiles = new Map<string, Set<string>>();
  const sysusers = new Map<string, Set<string>>();
  const add = (map: Map<string, Set<string>>, line: string, device: string) => map.set(line, (map.get(line) ?? new Set()).add(device));
  const lost = new Map<string, { account: Account; devices: string[] }[]>();
  for (const { plan, move } of devices) {
    if (plan.findings.some((f) => f.id === "device.ssh-hostkeys-9to10")) add(tmpfiles, "z /etc/ssh/ssh_host_*_key 0600 root root -", plan.device);
    if (move === undefined) continue;
    if (plan.findings.some((f) => f.id === "device.group-members-lost"))
      for (const { group, gid, lost: members } of move.memberships) {
        // sysusers creates a missing group of an m line with any free gid; g pins the device's (a no-op where it exists).
        add(sysusers, columns(["g", group, String(gid)]), plan.device);
        for (const user of members) add(sysusers, columns(["m", user, group]), plan.device);
      }
    for (const o of move.accounts) {
      const reported = plan.findings.some((f) => f.subject === o.account.name && f.id.startsWith("device.account-"));
      if (!reported) continue;
      if (o.after === "gone") {
        const same = (lost.get(o.account.name) ?? []).find((l) => l.account.uid === o.account.uid);
        if (same) same.devices.push(plan.device);
        else lost.set(o.account.name, [...(lost.get(o.account.name) ?? []), { account: o.account, devices: [plan.device] }]);
      } else for (const path of o.owns) add(tmpfiles, columns(["Z", path, "-", o.account.name, o.account.name, "-"]), plan.device);
    }
  }
  const conflicts: string[] = [];
  for (const [name, versions] of [...lost].sort(([a], [b]) => compareStrings(a, b))) {
    if (versions.length > 1) {
      conflicts.push(`${name} has different uids on the devices: ${versions.map((v) => `${v.account.uid} (${v.devices.join(", ")})`).join("; ")}`);
      continue;
    }
    const { account: a, devices: on } = versions[0]!;
    // "uid:gid" needs the group to exist, or systemd-sysusers skips the user (sysusers.d(5)).
    const group = a.gid === a.uid ? undefined : groupOf(devices, a.gid);
    if (a.gid !== a.uid && group === undefined) {
      conflicts.push(`${a.name}'s primary group ${a.gid} is in no group file of the snapshots: add the group and the user by hand`);
      continue;
    }
    for (const device of on) {
      if (group !== undefined) add(sysusers, columns(["g", group, String(a.gid)]), device);
      add(sysusers, columns(["u", a.name, group === undefined ? String(a.uid) : `${a.uid}:${a.gid}`, "", a.home, a.shell]), device);
    }
  }
  // sysusers.d(5) lines: groups before the users and memberships that need them; tmpfiles lines have no such order.
  const rank = (line: string) => "gum".indexOf(line[0]!);
  const list = (map: Map<string, Set<string>>) =>
    [...map]
      .map(([line, on]) => ({ line, devices: [...on].sort(compareStrings) }))
      .sort((x, y) => rank(x.line) - rank(y.line) || compareStrings(x.line, y.line));
  const ovsdbDropIn = devices.filter(({ plan }) => plan.findings.some((f) => f.id === "device.microshift-ownership")).map(({ plan }) => plan.device);
  return { tmpfiles: list(tmpfiles), sysusers: list(sysusers), conflicts, ovsdbDropIn: ovsdbDropIn.sort(compareStrings) };
}

function groupOf(devices: { snapshot: DeviceSnapshot }[], gid: number): string | undefined {
  for (const { snapshot: s } of devices) for (const g of [...s.accounts.etc.groups, ...s.accounts.usrLib.groups]) if (g.gid === gid) return g.name;
  return undefined;
}
