/** Snapshots built in code for the device unit tests: only what a test sets differs from an empty RHEL 9.8 edge device (9.8: its commits carry bootupd metadata, so no bootloader finding). */
import type { Account, DeviceSnapshot } from "../../src/device/snapshot.js";

export const user = (name: string, uid: number, shell = "/bin/bash"): Account => ({ name, uid, gid: uid, home: `/var/home/${name}`, shell });

export function device(etc: Account[], usrLib: Account[], etcPasswdChanged: boolean, owners: { path: string; uid: number }[] = []): DeviceSnapshot {
  const files = (users: Account[]) => ({ users, groups: [] });
  return {
    schema: "edge2bootc.device-snapshot/v1",
    name: "d",
    host: { hostname: "d", os: { id: "rhel", versionId: "9.8" } },
    tools: { bootc: null, rpmOstree: null, greenboot: null, greenbootRs: null, bootupd: null, microshift: null },
    deployments: [],
    transactionInProgress: false,
    bootc: { present: false, hostType: null, specImage: null },
    localKargs: [],
    etcChanges: etcPasswdChanged ? [{ op: "M", path: "passwd" }] : [],
    accounts: { etc: files([user("root", 0), ...etc]), usrEtc: files([]), usrLib: files(usrLib), altfiles: true },
    owners: owners.map((o) => ({ ...o, gid: o.uid, mode: "0755" })),
    sshHostKeys: [],
    remotes: [],
    registryAuthPresent: false,
    updates: { automaticUpdatePolicy: "none", units: {} },
    space: {},
  };
}
