import type { MapperOutput } from "../../plan/types.js";
import { Emitter, type MigrationContext } from "../resolve/context.js";

const AUTOMATIC_UNITS = /^rpm-ostreed-automatic(\.timer|\.service)?$/;
const PARSES_RPM_OSTREE = /\brpm-ostree\s+(status|upgrade|update|rebase|deploy)\b/;
const BOOTC_WAY =
  "bootc updates from the image reference with bootc-fetch-apply-updates.timer (bootc upgrade --apply); `bootc status --format json` describes the deployments.";

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
