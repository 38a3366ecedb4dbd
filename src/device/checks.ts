/**
 * The checks of a device snapshot (../shared/reference/device-migration.md A.5.3), each a rule of
 * the catalogue: "unsupported" findings block the switch until fixed or accepted, warnings need a
 * decision, info says what the plan does. Pure: a snapshot and the target in, findings out.
 */
import { report, type Finding, type SourceRef } from "../core/findings.js";
import type { DeviceSnapshot, SnapshotSources } from "./snapshot.js";
import { checkAgainstImage } from "./image-checks.js";
import type { AccountMove } from "./accounts.js";
import type { ProjectImage } from "./project-image.js";

export interface DeviceTarget {
  /** The bootc image the device moves to. */
  image: string;
  /** RHEL major of the image. */
  major: 9 | 10;
  /** What the image holds, as the converted project (--project) or the image snapshot (--image-snapshot) tells; without it the image checks are not evaluated. */
  project?: ProjectImage;
}

/** Room for one more kernel and initramfs in /boot (RHEL 9: ~15 MB vmlinuz, ~60 MB initramfs; edge /boot is 384 MiB). */
export const BOOT_FREE_BYTES = 100 * 1024 ** 2;
/** A floor for /sysroot: the image's size is not known without the image-side collector. */
export const SYSROOT_FREE_BYTES = 2 * 1024 ** 3;

const MiB = (n: number) => `${Math.floor(n / 1024 ** 2)} MiB`;
const list = (xs: string[]) => xs.join(", ");

export function checkDevice(s: DeviceSnapshot, sources: SnapshotSources, target: DeviceTarget, move?: AccountMove): Finding[] {
  const findings: Finding[] = [];
  // "image:<line>:<file>" points into what describes the image (the project's Containerfile, the image snapshot), the rest into the device's snapshot.
  const at = (key: string): SourceRef => {
    const inImage = /^image:(\d+):(.+)$/.exec(key);
    if (inImage) return { file: inImage[2]!, line: Number(inImage[1]), column: 1 };
    return sources.get(key) ?? { file: s.name, line: 1, column: 1 };
  };
  const booted = s.deployments.find((d) => d.booted);
  // An account's, group's or /etc file's findings are told apart by it; the others by the file they read.
  const subject = (key: string) => /^(user|group|etc):(.+)$/.exec(key)?.[2] ?? at(key).file.split(/[/:]/).pop()!;
  /** The first of these keys of the booted deployment that holds something: where a finding about them points. */
  const firstSet = (...pairs: [key: string, value: string[] | boolean][]) =>
    `booted:${(pairs.find(([, v]) => (Array.isArray(v) ? v.length > 0 : v)) ?? pairs[0]!)[0]}`;
  const add = (id: Parameters<typeof report>[0], key: string, title: string, detail: string, remediation?: string) =>
    findings.push(report(id, at(key), subject(key), { title, detail, ...(remediation ? { remediation } : {}) }));

  if (s.transactionInProgress)
    add(
      "device.transaction",
      "transaction",
      "An rpm-ostree transaction is in progress",
      "A switch started now would fail or race the running transaction.",
      "Wait for it to finish, or run rpm-ostree cancel, then collect again.",
    );
  if (s.deployments.some((d) => d.staged))
    add(
      "device.staged",
      "staged",
      "A deployment is staged for the next boot",
      "The switch replaces a staged deployment; whatever update it held is not applied.",
      "Run rpm-ostree cleanup --pending before the switch, or reboot into it first if it must be kept.",
    );
  if (booted !== undefined) {
    const l = booted.layering;
    const layered = [...l.requestedPackages, ...l.requestedLocalPackages, ...l.requestedLocalFileoverridePackages];
    if (layered.length > 0)
      add(
        "device.layered-packages",
        firstSet(
          ["requested-packages", l.requestedPackages],
          ["requested-local-packages", l.requestedLocalPackages],
          ["requested-local-fileoverride-packages", l.requestedLocalFileoverridePackages],
        ),
        `Packages layered on the device: ${list(layered)}`,
        "bootc switch writes an origin with only the image reference: layered packages are dropped without an error, and rebasing a layered system to a container can corrupt the commit (rpm-ostree#4791).",
        `Install ${list(layered)} in the image (a dnf install line of the Containerfile), then rpm-ostree reset --overlays on the device before switching.`,
      );
    const overrides = [...l.requestedBaseRemovals, ...l.requestedBaseLocalReplacements, ...l.requestedBaseRemoteReplacements];
    if (overrides.length > 0)
      add(
        "device.overrides",
        firstSet(
          ["requested-base-removals", l.requestedBaseRemovals],
          ["requested-base-local-replacements", l.requestedBaseLocalReplacements],
          ["requested-base-remote-replacements", l.requestedBaseRemoteReplacements],
        ),
        `Base packages overridden on the device: ${list(overrides)}`,
        "Removals and replacements of base packages live in the deployment's origin, which the switch discards.",
        "Reproduce them in the image (dnf remove, or the versions the device needs), then rpm-ostree reset --overrides.",
      );
    if (l.regenerateInitramfs || l.initramfsEtc.length > 0 || l.initramfsArgs.length > 0)
      add(
        "device.initramfs",
        firstSet(["regenerate-initramfs", l.regenerateInitramfs], ["initramfs-etc", l.initramfsEtc], ["initramfs-args", l.initramfsArgs]),
        "The device builds its own initramfs",
        `rpm-ostree regenerates the initramfs on the device${l.initramfsArgs.length ? ` (dracut ${list(l.initramfsArgs)})` : ""}${l.initramfsEtc.length ? `, tracking ${list(l.initramfsEtc)}` : ""}; a bootc image brings its own.`,
        "Put the dracut settings in /usr/lib/dracut/dracut.conf.d of the image and rebuild its initramfs there, then rpm-ostree reset --initramfs.",
      );
    if (booted.unlocked !== "none")
      add(
        "device.unlocked",
        "booted:unlocked",
        `The booted deployment is unlocked (${booted.unlocked})`,
        "Changes made in an unlocked /usr are not part of any commit or image and are gone after the switch.",
        "Reproduce the hotfix in the image, or reboot to drop a development unlock, then collect again.",
      );
  }
  if (s.localKargs.length > 0)
    add(
      "device.kargs",
      "kargs",
      `Kernel arguments on the device are kept: ${list(s.localKargs)}`,
      "Locally set kernel arguments persist across bootc updates; the image's /usr/lib/bootc/kargs.d adds its own on top. An argument in both ends up twice.",
    );
  if (!s.bootc.present)
    add(
      "device.bootc-missing",
      "bootc",
      "bootc is not installed on the device: it moves with rpm-ostree rebase",
      "RHEL 9 edge commits ship no bootc, so the first move uses rpm-ostree's container transport; once booted into the image, bootc manages it.",
      `rpm-ostree rebase ostree-unverified-registry:${target.image}, or ostree-image-signed:docker://${target.image} for a signed image.`,
    );
  if (s.remotes.some((r) => r.gpgVerify) && !s.bootc.present)
    add(
      "device.signature-regression",
      "bootc",
      `The device verifies its ostree remote (${list(s.remotes.filter((r) => r.gpgVerify).map((r) => r.name))}); an unverified registry pull would not`,
      "Edge updates were GPG-verified; ostree-unverified-registry: pulls the image without any signature check.",
      `Sign the image and rebase with ostree-image-signed:docker://${target.image} and a /etc/containers/policy.json that requires the signature.`,
    );
  if (!s.registryAuthPresent)
    add(
      "device.registry-auth",
      "auth",
      "No registry credentials on the device (/etc/ostree/auth.json)",
      "bootc and rpm-ostree read pull credentials from /etc/ostree/auth.json; a registry that needs a login refuses the pull.",
      "Install /etc/ostree/auth.json (mode 0600) before the switch if the registry needs a login.",
    );
  const boot = s.space["/boot"];
  const sysroot = s.space["/sysroot"];
  if ((boot !== undefined && boot < BOOT_FREE_BYTES) || (sysroot !== undefined && sysroot < SYSROOT_FREE_BYTES))
    add(
      "device.space",
      "df",
      `Not enough free space: /boot ${boot === undefined ? "?" : MiB(boot)}, /sysroot ${sysroot === undefined ? "?" : MiB(sysroot)}`,
      `The new deployment needs one more kernel and initramfs in /boot (${MiB(BOOT_FREE_BYTES)} here) and the image's /usr in /sysroot (at least ${MiB(SYSROOT_FREE_BYTES)} assumed without the image-side collector).`,
      "Free space with rpm-ostree cleanup --rollback (and unpin old deployments), then collect again.",
    );
  const major = Number(s.host.os.versionId.split(".")[0]);
  const loose = s.sshHostKeys.filter((k) => (parseInt(k.mode, 8) & 0o077) !== 0);
  if (major === 9 && target.major === 10 && loose.length > 0)
    add(
      "device.ssh-hostkeys-9to10",
      "hostkeys",
      `SSH host keys readable by group or others (${list(loose.map((k) => `${k.path} ${k.mode}`))}): RHEL 10's sshd refuses them`,
      "Host keys stay in /etc across the switch; RHEL 9 keeps them 0640 with group ssh_keys, and RHEL 10's sshd exits with 'Permissions 0640 ... are too open' (openshift/installer#10631): the device comes up without SSH.",
      "Add to the image: a tmpfiles.d line z /etc/ssh/ssh_host_*_key 0600 root root (remove once the fleet moved).",
    );
  // osbuild/images edge commits generate bootupd metadata from 9.8 ("rhel-9.7 and below do not have
  // bootupd"); a system predating it needs adopt-and-update before bootupctl update does anything
  // (Fedora CoreOS, "Bootloader updates"). greenboot-rs on 9.8/10.2 images counts boots with bootupd's GRUB config.
  const minor = Number(s.host.os.versionId.split(".")[1] ?? 0);
  if (major === 9 && minor < 8)
    add(
      "device.bootloader-unadopted",
      "os-release",
      `Installed from a RHEL ${s.host.os.versionId} edge commit, which has no bootupd metadata`,
      `bootc images update the boot loader with bootupd, which only manages a boot loader it installed or adopted${s.tools.bootupd === null ? "; bootupd is not even on the device yet (it comes with the image)" : ""}. Boot counting for greenboot-rs's rollback (RHEL 9.8 and 10.2) lives in bootupd's GRUB config.`,
    );
  const rpmOstreed = s.updates.automaticUpdatePolicy !== "none" || s.updates.units["rpm-ostreed-automatic.timer"] === "enabled";
  if (rpmOstreed)
    add(
      "device.two-update-agents",
      "policy",
      `rpm-ostreed updates the device automatically (AutomaticUpdatePolicy=${s.updates.automaticUpdatePolicy})`,
      "The setting and its timer live in /etc and keep acting after the switch, next to bootc's own bootc-fetch-apply-updates.timer, which bootc base images enable: two agents update one device.",
      "Choose one: systemctl disable --now rpm-ostreed-automatic.timer before the switch, and mask bootc's timer in the image if updates should only be staged.",
    );
  if (s.etcChanges.some((c) => c.path === "passwd" && c.op === "M"))
    add(
      "device.etc-passwd-modified",
      "config-diff",
      "/etc/passwd was changed on the device: users the image adds to /etc/passwd will not appear",
      "ostree merges /etc file by file and a local change always wins, so the device keeps its own /etc/passwd; users the image creates with useradd never arrive there. systemd-sysusers entries are applied at boot and do.",
      "Create the image's users with sysusers.d (edge2bootc does for accounts without a password).",
    );
  if (target.project !== undefined) checkAgainstImage(s, target.project, add, move);
  return findings;
}

/** What a plan cannot evaluate: without --project or --image-snapshot, every comparison with the image; with --project, what only the built image knows. */
export const NOT_EVALUATED_WITHOUT_PROJECT = [
  "accounts that vanish or change ids, and group members the switch drops (give --image-snapshot, or --project)",
  "/etc files the image changes that the device changed too, ignored by the /etc merge (give --image-snapshot, or --project)",
  "image content under /var, never copied to a device that is already installed (give --image-snapshot, or --project)",
  "greenboot in the image, without which a bad boot does not roll back (give --image-snapshot, or --project)",
];
export const MICROSHIFT_NOT_EVALUATED = "MicroShift's ownership drop-in and version skew (give --image-snapshot, or --project)";
export const NOT_EVALUATED_WITH_PROJECT = [
  "accounts, /etc and /var files that come from the base image or its packages (only the project's own lines are compared: give --image-snapshot, from device image-collect-script, to compare the built image)",
];
