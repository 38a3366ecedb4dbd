/** A device plan's files (device-plan.json, device-plan.md, device-snapshot.json) and the fleet table. */
import type { Artifact } from "../render/artifacts.js";
import type { Render } from "../render/templates.js";
import { ruleUrl } from "../core/rules.js";
import { redactSecrets } from "../util/redact.js";
import { withoutSubject } from "../report/json.js";
import { fleetRows, type DevicePlan } from "./plan.js";
import type { DeviceSnapshot } from "./snapshot.js";
import type { DeviceTarget } from "./checks.js";
import { renderRunbook } from "./runbook.js";

const json = (value: object, replacer?: (key: string, value: unknown) => unknown) => redactSecrets(`${JSON.stringify(value, replacer, 2)}\n`);

/** device-plan.json and .md, the device as seen (device-snapshot.json, schema/device-snapshot.schema.json) and runbook.sh. */
export function devicePlanFiles(plan: DevicePlan, snapshot: DeviceSnapshot, target: DeviceTarget, render: Render): Artifact[] {
  const findings = plan.findings.map((f) => ({ ...f, ruleUrl: ruleUrl(f.id) }));
  return [
    // Findings as in migration-report.json (schema/device-plan.schema.json refers to its finding).
    { path: "device-plan.json", kind: "report", contents: json(plan, withoutSubject) },
    { path: "device-snapshot.json", kind: "report", contents: json(snapshot) },
    { path: "runbook.sh", kind: "build-context", contents: renderRunbook(plan, snapshot, target, render) },
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
