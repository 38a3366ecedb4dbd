/**
 * What edge2bootc proposes for one device: the route it takes to the image, the findings of its
 * checks, and what could not be evaluated. `edge2bootc.device-plan/v1` is device-plan.json.
 */
import type { Finding } from "../core/findings.js";
import { compareStrings } from "../util/compare.js";
import { checkDevice, MICROSHIFT_NOT_EVALUATED, NOT_EVALUATED_WITH_PROJECT, NOT_EVALUATED_WITHOUT_PROJECT, type DeviceTarget } from "./checks.js";
import type { DeviceSnapshot, SnapshotSources } from "./snapshot.js";
import type { AccountMove } from "./accounts.js";

export const PLAN_SCHEMA = "edge2bootc.device-plan/v1";

export interface DevicePlan {
  schema: typeof PLAN_SCHEMA;
  device: string;
  hostname: string;
  os: string;
  image: string;
  /** How the device stages the image: bootc when it has it, rpm-ostree's container transport otherwise. */
  route: { tool: "bootc" | "rpm-ostree"; command: string };
  counts: { blockers: number; warnings: number; info: number };
  findings: Finding[];
  notEvaluated: string[];
}

/** `move`: the account simulation against target.project, when the caller computed it for the runbook and image fixes too. */
export function planDevice(snapshot: DeviceSnapshot, sources: SnapshotSources, target: DeviceTarget, move?: AccountMove): DevicePlan {
  const findings = checkDevice(snapshot, sources, target, move);
  const count = (s: Finding["severity"]) => findings.filter((f) => f.severity === s).length;
  return {
    schema: PLAN_SCHEMA,
    device: snapshot.name,
    hostname: snapshot.host.hostname,
    os: `${snapshot.host.os.id} ${snapshot.host.os.versionId}`,
    image: target.image,
    route: snapshot.bootc.present
      ? { tool: "bootc", command: `bootc switch ${target.image}` }
      : { tool: "rpm-ostree", command: `rpm-ostree rebase ostree-unverified-registry:${target.image}` },
    counts: { blockers: count("unsupported"), warnings: count("warning"), info: count("info") },
    findings,
    notEvaluated:
      target.project !== undefined
        ? target.project.etcSums !== undefined
          ? []
          : NOT_EVALUATED_WITH_PROJECT
        : [...NOT_EVALUATED_WITHOUT_PROJECT, ...(snapshot.tools.microshift !== null ? [MICROSHIFT_NOT_EVALUATED] : [])],
  };
}

/** The fleet in device order: what blocks each device and the route it takes. */
export function fleetRows(plans: DevicePlan[]) {
  return [...plans]
    .sort((a, b) => compareStrings(a.device, b.device))
    .map((p) => ({
      device: p.device,
      hostname: p.hostname,
      os: p.os,
      route: p.route.tool,
      blockers: p.counts.blockers,
      warnings: p.counts.warnings,
      blockedBy: p.findings.filter((f) => f.severity === "unsupported").map((f) => f.id),
      ready: p.counts.blockers === 0,
    }));
}
