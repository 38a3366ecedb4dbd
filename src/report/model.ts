import { createHash } from "node:crypto";
import type { CoverageEntry, Finding, MigrationPlan, Severity } from "../plan/types.js";
import type { Artifact } from "../render/artifacts.js";

export const SCHEMA_VERSION = "1.0.0";
export const TOOL = { name: "edge2bootc", version: "0.1.0", informationUri: "https://github.com/edge2bootc/edge2bootc" } as const;

export interface FileDigest {
  path: string;
  kind: string;
  sha256: string;
}

export interface MigrationReport {
  schemaVersion: string;
  tool: { name: string; version: string };
  inputs: FileDigest[];
  outputs: FileDigest[];
  baseImage: string;
  summary: Record<Severity, number> & { keys: number; converted: number; moved: number; reported: number };
  nextSteps: string[];
  findings: Finding[];
  coverage: CoverageEntry[];
}

export const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

export interface ReportInput {
  plan: MigrationPlan;
  inputs: { path: string; kind: string; text: string }[];
  artifacts: Artifact[];
  imageName: string;
  imageIsPlaceholder: boolean;
  bibImage: string;
}

export function buildReport({ plan, inputs, artifacts, imageName, imageIsPlaceholder, bibImage }: ReportInput): MigrationReport {
  const count = <T>(items: T[], pred: (t: T) => boolean) => items.filter(pred).length;
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: TOOL.name, version: TOOL.version },
    inputs: inputs.map((i) => ({ path: i.path, kind: i.kind, sha256: sha256(i.text) })),
    outputs: artifacts.map((a) => ({ path: a.path, kind: a.kind, sha256: sha256(a.contents) })),
    baseImage: plan.baseImage,
    summary: {
      info: count(plan.findings, (f) => f.severity === "info"),
      warning: count(plan.findings, (f) => f.severity === "warning"),
      unsupported: count(plan.findings, (f) => f.severity === "unsupported"),
      keys: plan.coverage.length,
      converted: count(plan.coverage, (c) => c.disposition === "converted"),
      moved: count(plan.coverage, (c) => c.disposition === "moved"),
      reported: count(plan.coverage, (c) => c.disposition === "reported"),
    },
    nextSteps: [
      ...(imageIsPlaceholder ? [`# registry.example.com is a placeholder: pass --image <your registry reference>`] : []),
      `podman build -t ${imageName} .`,
      `podman push ${imageName}`,
      `sudo podman run --rm -it --privileged --pull=newer --security-opt label=type:unconfined_t -v ./output:/output -v /var/lib/containers/storage:/var/lib/containers/storage ${bibImage} --type qcow2 ${imageName}`,
      `# or, on a machine installed from RHEL for edge: sudo bootc switch ${imageName}`,
    ],
    findings: plan.findings,
    coverage: plan.coverage,
  };
}
