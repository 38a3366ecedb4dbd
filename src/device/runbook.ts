/**
 * runbook.sh for one device (../shared/reference/device-migration.md A.5.4): guard, pin the booted
 * deployment, stop rpm-ostreed's automatic updates, drop a staged update, reset the local changes
 * the image now carries, stage the image with retries, verify what is staged; after the reboot,
 * `--verify` checks the booted system. It refuses while a blocker is open unless accepted by name.
 */
import type { Render } from "../render/templates.js";
import { logsIn, type AccountMove } from "./accounts.js";
import type { DeviceTarget } from "./checks.js";
import type { DevicePlan } from "./plan.js";
import type { DeviceSnapshot } from "./snapshot.js";

/** `move`: the account simulation against target.project (undefined without a project). */
export function renderRunbook(plan: DevicePlan, snapshot: DeviceSnapshot, target: DeviceTarget, render: Render, move: AccountMove | undefined): string {
  const booted = snapshot.deployments.find((d) => d.booted)?.layering;
  const resetFlags = [
    ...(booted && booted.requestedPackages.length + booted.requestedLocalPackages.length + booted.requestedLocalFileoverridePackages.length > 0
      ? ["--overlays"]
      : []),
    ...(booted && booted.requestedBaseRemovals.length + booted.requestedBaseLocalReplacements.length + booted.requestedBaseRemoteReplacements.length > 0
      ? ["--overrides"]
      : []),
    ...(booted && (booted.regenerateInitramfs || booted.initramfsEtc.length > 0 || booted.initramfsArgs.length > 0) ? ["--initramfs"] : []),
  ];
  // Users to find after the reboot: those that log in, except the ones the plan already says vanish.
  const gone = new Set(move?.accounts.flatMap((o) => (o.after === "gone" ? [o.account.name] : [])) ?? []);
  const users = [...snapshot.accounts.etc.users, ...(snapshot.accounts.altfiles ? snapshot.accounts.usrLib.users : [])];
  const keptUsers = [...new Set(users.filter((u) => u.name !== "root" && logsIn(u) && !gone.has(u.name)).map((u) => u.name))].sort();
  const reference = `ostree-unverified-registry:${target.image}`;
  return render("device-runbook.sh", {
    device: plan.device,
    image: target.image,
    route: plan.route,
    blockers: [...new Set(plan.findings.filter((f) => f.severity === "unsupported").map((f) => f.id))],
    quiesce: snapshot.updates.automaticUpdatePolicy !== "none" || snapshot.updates.units["rpm-ostreed-automatic.timer"] === "enabled",
    cleanupPending: snapshot.deployments.some((d) => d.staged),
    resetFlags,
    keptUsers,
    stageCommand: plan.route.tool === "bootc" ? `bootc switch "$IMAGE"` : `rpm-ostree rebase "ostree-unverified-registry:$IMAGE"`,
    statusNeedle: `"container-image-reference":"${reference}"`,
    rollback: plan.route.tool === "bootc" ? "bootc rollback --apply" : "rpm-ostree rollback --reboot",
  });
}
