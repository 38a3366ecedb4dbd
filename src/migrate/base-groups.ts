/**
 * Groups every RHEL bootc base image already has: the setup package's /etc/group (root … users,
 * nobody), the groups systemd's sysusers.d/basic.conf adds, and those of packages the base
 * ships (openssh's ssh_keys and sshd, utempter, chrony, polkitd, dbus, tss). osbuild's groups
 * stage fails on a group that exists, so a deploy-time group with one of these names is not
 * created again.
 */
export const BASE_IMAGE_GROUPS: ReadonlySet<string> = new Set([
  "root", "bin", "daemon", "sys", "adm", "tty", "disk", "lp", "mem", "kmem", "wheel", "cdrom", "mail", "man",
  "dialout", "floppy", "games", "tape", "video", "ftp", "lock", "audio", "users", "nobody",
  "utmp", "input", "kvm", "render", "sgx", "systemd-journal", "systemd-coredump",
  "ssh_keys", "sshd", "utempter", "chrony", "polkitd", "dbus", "tss",
]);
