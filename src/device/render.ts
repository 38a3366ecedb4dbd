/** A device plan's files: device-plan.json (the model) and device-plan.md; the fleet table. */
import type { Artifact } from "../render/artifacts.js";
import type { Render } from "../render/templates.js";
import { ruleUrl } from "../core/rules.js";
import { redactSecrets } from "../util/redact.js";
import { fleetRows, type DevicePlan } from "./plan.js";

export function devicePlanFiles(plan: DevicePlan, render: Render): Artifact[] {
  const findings = plan.findings.map((f) => ({ ...f, ruleUrl: ruleUrl(f.id) }));
  return [
    { path: "device-plan.json", kind: "report", contents: redactSecrets(`${JSON.stringify(plan, null, 2)}\n`) },
    { path: "device-plan.md", kind: "report", contents: redactSecrets(render("device-plan.md", { ...plan, findings })) },
  ];
}

export function fleetPlanFile(plans: DevicePlan[], image: string, render: Render): Artifact {
  const rows = fleetRows(plans);
  return {
    path: "fleet-plan.md",
    kind: "report",
    contents: redactSecrets(render("fleet-plan.md", { image, rows, total: rows.length, ready: rows.filter((r) => r.ready).length })),
  };
}
