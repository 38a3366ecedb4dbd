/**
 * Accounts every RHEL bootc base image already has: the setup package's /etc/passwd (its `uidgid`
 * table, https://pagure.io/setup/blob/master/f/uidgid: uid, primary gid and home as shipped) and the service
 * accounts of packages the base ships (dbus, tss, openssh's sshd, chrony, polkitd,
 * systemd-coredump, systemd-oom: ids allocated by sysusers where no uid is shown). useradd fails on
 * them ("user already exists", exit 9) and a sysusers.d `u` line leaves them as they are, so a
 * blueprint user with one of these names modifies the account, as osbuild's users stage does
 * (usermod for an existing user; it refuses a uid: "can't set uid of existing user").
 */
export interface BaseAccount {
  uid?: number;
  /** Its primary group, as tmpfiles.d names it: the setup package's gid, else the group of its name. */
  group: string;
  home: string;
}

export const BASE_IMAGE_USERS: ReadonlyMap<string, BaseAccount> = new Map([
  ["root", { uid: 0, home: "/root", group: "0" }],
  ["bin", { uid: 1, home: "/bin", group: "1" }],
  ["daemon", { uid: 2, home: "/sbin", group: "2" }],
  ["adm", { uid: 3, home: "/var/adm", group: "4" }],
  ["lp", { uid: 4, home: "/var/spool/lpd", group: "7" }],
  ["sync", { uid: 5, home: "/sbin", group: "0" }],
  ["shutdown", { uid: 6, home: "/sbin", group: "0" }],
  ["halt", { uid: 7, home: "/sbin", group: "0" }],
  ["mail", { uid: 8, home: "/var/spool/mail", group: "12" }],
  ["operator", { uid: 11, home: "/root", group: "0" }],
  ["games", { uid: 12, home: "/usr/games", group: "100" }],
  ["ftp", { uid: 14, home: "/var/ftp", group: "50" }],
  ["nobody", { uid: 65534, home: "/", group: "65534" }],
  ["dbus", { uid: 81, home: "/", group: "dbus" }],
  ["tss", { uid: 59, home: "/dev/null", group: "tss" }],
  ["sshd", { uid: 74, home: "/usr/share/empty.sshd", group: "sshd" }],
  ["chrony", { home: "/var/lib/chrony", group: "chrony" }],
  ["polkitd", { home: "/", group: "polkitd" }],
  ["systemd-coredump", { home: "/", group: "systemd-coredump" }],
  ["systemd-oom", { home: "/", group: "systemd-oom" }],
]);
