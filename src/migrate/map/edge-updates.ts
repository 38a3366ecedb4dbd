import type { MapperOutput } from "../../plan/types.js";
import { Emitter, type MigrationContext } from "../resolve/context.js";

const AUTOMATIC_UNITS = /^rpm-ostreed-automatic(\.timer|\.service)?$/;
const PARSES_RPM_OSTREE = /\brpm-ostree\s+(status|upgrade|update|rebase|deploy)\b/;
const BOOTC_WAY =
  "bootc updates from the image reference with bootc-fetch-apply-updates.timer (bootc upgrade --apply); `bootc status --format json` describes the deployments.";

/** bootc's update unit (bootc-dev/bootc systemd/bootc-fetch-apply-updates.service: ExecStart=/usr/bin/bootc upgrade --apply --quiet). */
export const BOOTC_UPDATE_DROP_IN = "/usr/lib/systemd/system/bootc-fetch-apply-updates.service.d/50-edge2bootc-update-policy.conf";

/**
 * What each rpm-ostreed AutomaticUpdatePolicy did (rpm-ostreed.conf(5): none, check, stage, apply)
 * and the bootc command that does the same: `bootc upgrade` without --apply stages a deployment
 * that the next reboot applies, as stage did; --check only looks (bootc-dev/bootc docs/src/upgrades.md).
 */
const POLICIES: Record<string, { command?: string; mask?: true; said: string }> = {
  none: { mask: true, said: "none: no automatic updates; bootc-fetch-apply-updates.timer is masked" },
  off: { mask: true, said: "off (none): no automatic updates; bootc-fetch-apply-updates.timer is masked" },
  check: { command: "/usr/bin/bootc upgrade --check", said: "check: the timer only checks for an update (bootc upgrade --check)" },
  stage: {
    command: "/usr/bin/bootc upgrade --quiet",
    said: "stage: the timer downloads and stages the update; the next reboot applies it (bootc upgrade without --apply)",
  },
  apply: { said: "apply: bootc's timer already applies updates and reboots (bootc upgrade --apply)" },
};

const POLICY_LINE = /^\s*AutomaticUpdatePolicy\s*=\s*(\S+)\s*$/im;

/** The drop-in that makes bootc's update unit run `command` instead of upgrade --apply. */
export function updatePolicyDropIn(command: string, policy: string): string {
  return `# edge2bootc: the edge update policy was AutomaticUpdatePolicy=${policy}\n[Service]\nExecStart=\nExecStart=${command}\n`;
}

/**
 * The edge auto-update machinery a blueprint carries into the image: rpm-ostreed's update
 * policy, its automatic timer, and scripts or units that drive rpm-ostree. They are kept, but on
 * a bootc system they either do nothing or update beside bootc's own timer, so each is reported.
 */
export function mapEdgeUpdates(ctx: MigrationContext): MapperOutput {
  const out = new Emitter(ctx);
  const c = ctx.blueprint.customizations ?? {};
  (c.services?.enabled ?? []).forEach((unit, i) => {
    if (!AUTOMATIC_UNITS.test(unit)) return;
    out.report("parity.edge-update-machinery", `customizations.services.enabled[${i}]`, {
      title: `${unit} is edge's automatic update; it would update beside bootc's own timer`,
      detail: `rpm-ostree's automatic updates and bootc's both stage new deployments. ${BOOTC_WAY}`,
      remediation: `Drop ${unit} from services.enabled and configure bootc-fetch-apply-updates.timer instead (a drop-in for its schedule, or mask it for manual updates).`,
    });
  });
  (c.files ?? []).forEach((f, i) => {
    const policy = f.path === "/etc/rpm-ostreed.conf" ? POLICY_LINE.exec(f.data ?? "")?.[1]?.toLowerCase() : undefined;
    const known = policy !== undefined && Object.hasOwn(POLICIES, policy) ? POLICIES[policy]! : undefined;
    if (policy !== undefined && known !== undefined) {
      const keyPath = `customizations.files[${i}]`;
      if (known.command !== undefined) out.overlayFile(BOOTC_UPDATE_DROP_IN, updatePolicyDropIn(known.command, policy), [keyPath]);
      if (known.mask) out.run("services", ["systemctl mask bootc-fetch-apply-updates.timer"], [keyPath]);
      out.report("parity.update-policy", keyPath, {
        title: `The edge update policy is kept: ${known.said}`,
        detail:
          "The blueprint set rpm-ostreed's AutomaticUpdatePolicy, which bootc does not read; the same behaviour comes from bootc's own update timer now. For updates applied only in a maintenance window, bootc upgrade --download-only and later bootc upgrade --from-downloaded --apply separate the download from the switch.",
      });
    }
    const what =
      f.path === "/etc/rpm-ostreed.conf"
        ? "sets rpm-ostreed's update policy, which bootc does not read"
        : PARSES_RPM_OSTREE.test(f.data ?? "")
          ? "drives or parses rpm-ostree"
          : undefined;
    if (what === undefined) return;
    out.report("parity.edge-update-machinery", `customizations.files[${i}]`, {
      title: `${f.path} ${what}`,
      detail: `It is kept in the image, but on a bootc system rpm-ostree's update policy and state are not what applies updates. ${BOOTC_WAY}`,
      remediation: "Rewrite it for bootc: bootc upgrade (--check, --apply), bootc status --format json, and a drop-in for bootc-fetch-apply-updates.timer.",
    });
  });
  return out.done();
}
