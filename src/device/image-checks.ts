/**
 * The checks that compare a device with the image it moves to (../shared/reference/
 * device-migration.md A.5.3), where the converted project (--project) stands in for the image:
 * accounts and group members the switch drops, /etc files whose image change the device will not
 * see, image content under /var, greenboot, and MicroShift's ownership drop-in and version skew.
 * Pure: the snapshot and the project's image facts in, findings through `add`.
 */
import { simulateMove, type AccountMove } from "./accounts.js";
import { installs, type ProjectImage } from "./project-image.js";
import type { DeviceSnapshot } from "./snapshot.js";
import type { RuleId } from "../core/rules.js";

export type AddFinding = (id: RuleId, key: string, title: string, detail: string, remediation?: string) => void;

/** MicroShift supports upgrading by at most two minor versions at once (its CI's `yminus2` scenarios). */
export const MICROSHIFT_MAX_MINOR_STEP = 2;
/** The drop-in MicroShift's own bootc images carry for devices moved from edge (openshift/microshift test/image-blueprints-bootc). */
export const OVSDB_DROP_IN_DIR = "/usr/lib/systemd/system/ovsdb-server.service.d/";

const list = (xs: string[]) => xs.join(", ");
const etcPasswdFiles = new Set(["passwd", "group", "shadow", "gshadow"]);

export function checkAgainstImage(s: DeviceSnapshot, image: ProjectImage, add: AddFinding, move: AccountMove = simulateMove(s, image)): void {
  for (const { account: a, after, owns, login } of move.accounts) {
    const shown = owns.length > 3 ? `${list(owns.slice(0, 3))} and ${owns.length - 3} more` : list(owns);
    if (after === "gone" && (login || owns.length > 0))
      add(
        "device.account-vanishes",
        `user:${a.name}`,
        `${a.name} (uid ${a.uid}) will not exist after the switch${owns.length ? `; it owns ${shown}` : ""}`,
        "Edge commits keep accounts in the old commit's /usr/lib/passwd, which the switch replaces; the image neither has this account nor creates it at boot" +
          (s.etcChanges.some((c) => c.path === "passwd") ? ", and a useradd in the image does not reach a device whose /etc/passwd changed." : "."),
        `Add ${a.name} to the blueprint with uid ${a.uid} (a user without a password becomes a sysusers.d line, created at boot on every device).`,
      );
    else if (after !== "gone" && after.uid !== undefined && after.uid !== a.uid && owns.length > 0)
      add(
        "device.account-id-changes",
        `user:${a.name}`,
        `${a.name} changes uid from ${a.uid} to ${after.uid}; it owns ${shown}`,
        "Files keep their numeric owner across the switch, so they end up owned by another id, or by nobody: the MicroShift documentation's openvswitch breakage.",
        `Keep uid ${a.uid} for ${a.name} in the blueprint, or reset ownership at boot with a tmpfiles.d Z line per path (remove once the fleet moved).`,
      );
  }
  for (const { group, lost } of move.memberships)
    add(
      "device.group-members-lost",
      `group:${group}`,
      `${list(lost)} will no longer be ${lost.length > 1 ? "members" : "a member"} of ${group} after the switch`,
      "Group members live in the same files as the accounts: the old commit's /usr/lib/group is replaced by the image's, and an /etc/group the device never changed becomes the image's; the image does not add these members.",
      `Add sysusers.d lines m ${lost[0]} ${group} (one per member) to the image; image-fixes/ holds them.`,
    );
  const copied = new Set(image.copied.map((c) => c.path));
  // With the image's sums, a local change hides an image change only where the image's file differs from the old default.
  const imageChanges = (path: string) =>
    image.etcSums === undefined ? copied.has(`/etc/${path}`) : image.etcSums.has(path) && image.etcSums.get(path) !== s.usrEtcSums?.[path];
  for (const change of s.etcChanges)
    if (change.op !== "A" && !etcPasswdFiles.has(change.path) && imageChanges(change.path))
      add(
        "device.etc-change-ignored",
        `etc:${change.path}`,
        `/etc/${change.path}: the image's version will be ignored, the device ${change.op === "M" ? "changed" : "deleted"} it`,
        "ostree merges /etc file by file: a file the device changed or deleted stays as the device has it, whatever the new image puts there (bootc-dev/bootc#438).",
        `Move the setting to a drop-in folder the device never changed (such as /etc/${change.path.split("/")[0]}/*.d or /usr/lib), or bring the file in line on each device before the switch.`,
      );
  const underVar = image.copied.filter((c) => c.path === "/var" || c.path.startsWith("/var/"));
  if (underVar.length > 0)
    add(
      "device.var-content",
      `image:${underVar[0]!.line}:${underVar[0]!.file ?? image.file}`,
      `The image puts files under /var: ${list(underVar.map((c) => c.path))}`,
      "bootc copies an image's /var only when a system is installed; a device that switches keeps its own /var and never gets them (bootc filesystem docs).",
      "Create them at boot with tmpfiles.d lines instead (edge2bootc's conversion does this for blueprint files under /var).",
    );
  if (!installs(image, "greenboot") && !installs(image, "greenboot-rs"))
    add(
      "device.greenboot-absent",
      `image:1:${image.file}`,
      `The image has no greenboot${(s.tools.greenboot ?? s.tools.greenbootRs) ? "; the device has it today" : ""}: a bad boot after the switch does not roll back`,
      "Only greenboot in the new image counts boot attempts and rolls back to the edge deployment after GREENBOOT_MAX_BOOT_ATTEMPTS failed boots; without it a device that boots badly stays down until someone reaches it.",
      "Install greenboot and greenboot-default-health-checks in the image, with a required health check for sshd and the critical services.",
    );
  if (s.tools.microshift !== null) microshiftChecks(s, s.tools.microshift, image, add);
}

function microshiftChecks(s: DeviceSnapshot, version: string, image: ProjectImage, add: AddFinding): void {
  if (!image.copied.some((c) => c.path.startsWith(OVSDB_DROP_IN_DIR)))
    add(
      "device.microshift-ownership",
      "microshift",
      "MicroShift runs on the device and the image has no ovsdb-server ownership drop-in",
      "openvswitch and hugetlbfs are created by the edge commit; after the switch their ids can differ, and ovsdb-server fails on an /etc/openvswitch it no longer owns, which takes the node's network down (MicroShift documentation, Appendix B).",
      "Add the drop-in in image-fixes/ (it recreates the account and group and chowns /etc/openvswitch before ovsdb-server starts).",
    );
  const device = /^(\d+)\.(\d+)/.exec(version);
  if (device === null || image.microshift === undefined) return;
  const from = { major: Number(device[1]), minor: Number(device[2]) };
  const to = image.microshift;
  const step = to.major === from.major ? to.minor - from.minor : Number.NaN;
  if (!(step >= 0 && step <= MICROSHIFT_MAX_MINOR_STEP))
    add(
      "device.microshift-skew",
      "microshift",
      `MicroShift ${from.major}.${from.minor} on the device, ${to.major}.${to.minor} in the image`,
      `MicroShift upgrades by up to ${MICROSHIFT_MAX_MINOR_STEP} minor versions at once and never downgrades its data in /var/lib/microshift; this switch is ${Number.isNaN(step) ? "across majors" : step < 0 ? "a downgrade" : `${step} minor versions`}.`,
      "Move the device in steps (an image per intermediate minor version), or build the image with a MicroShift within two minor versions of the device's.",
    );
}
