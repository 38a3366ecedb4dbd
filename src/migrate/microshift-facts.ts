import type { Blueprint, RepositoryCustomization } from "../blueprint/schema.js";
import type { Target } from "./target.js";

/** CRI-O's pull secret on a MicroShift host (openshift-docs, microshift-provisioning-ostree). */
export const PULL_SECRET_PATH = "/etc/crio/openshift-pull-secret";

/** OpenShift release images: what microshift-release-info lists (quay.io/openshift-release-dev/...). */
export const RELEASE_IMAGE = /(^|\/)openshift-release-dev\/|ocp-v4\.0-art-dev/;

export type VersionSource = "option" | "package" | "repository" | "guess";

/** What a blueprint says about MicroShift, decided once before the mappers run. */
export interface MicroShiftFacts {
  /** The MicroShift minor (4.N) and where it came from; "guess" is reported as such. */
  /** MicroShift follows OpenShift's numbering: 4.N, and from OpenShift 5 on 5.N. */
  version: { major: number; minor: number; source: VersionSource; keyPath?: string };
  /** Key paths that show the blueprint is a MicroShift one (the first is cited). */
  signals: string[];
  /** The blueprint defines its own MicroShift/OpenShift repositories: edge2bootc enables none. */
  ownRepos: boolean;
  /** Index of each [[customizations.files]] entry holding the CRI-O pull secret (never baked). */
  pullSecretFiles: number[];
  /** Index of each [[containers]] entry that is an OpenShift release image. */
  releaseImages: number[];
  /** Whether the cluster network is dual-stack/IPv6 (a fd01::/48 source or an IPv6 CIDR in config.yaml). */
  ipv6: boolean;
  /** kernel.name = "kernel-rt": MicroShift's image-mode way is microshift-low-latency + tuned. */
  realtime: boolean;
}

const REPO_VERSION = /rhocp-([45])\.(\d+)/;

/** What names a repository: its id, name and base URLs (the text both detection and the version read). */
const repoText = (r: RepositoryCustomization) => `${r.id ?? ""} ${r.name ?? ""} ${(r.baseurls ?? []).join(" ")}`;
const PACKAGE_VERSION = /^([45])\.(\d+)(?:[.*-]|$)/;

/**
 * The MicroShift minor when nothing names it: the newest release the Red Hat Device Edge
 * compatibility table pairs with the target RHEL minor (Red Hat build of MicroShift docs,
 * "Troubleshoot updates": 4.15 on 9.2 and 9.3, 4.16-4.18 on 9.4; 4.20 for 9.6). It is a guess
 * and the report says so.
 */
function guessedMinor(target: Target): number {
  if (target.major >= 10) return 21;
  const m = target.minor ?? 6;
  return m <= 3 ? 15 : m <= 5 ? 18 : m <= 7 ? 20 : 21;
}

function parseOptionVersion(v: string | undefined): { major: number; minor: number } | undefined {
  const m = v === undefined ? null : /^([45])\.(\d+)$/.exec(v);
  return m ? { major: Number(m[1]), minor: Number(m[2]) } : undefined;
}

const majorMinor = (m: RegExpExecArray) => ({ major: Number(m[1]), minor: Number(m[2]) });

/**
 * Only the microshift package or its service makes a blueprint a MicroShift one: other
 * microshift-* packages (openshift/microshift's "edge image without MicroShift" installs only
 * microshift-test-agent), an rhocp repository (openshift-clients lives there too), release images
 * or /etc/microshift files alone do not, and are reported by microShiftHints instead.
 */
/** Keys that hint at MicroShift in a blueprint that installs neither its package nor its service. */
export function microShiftHints(bp: Blueprint): string[] {
  const c = bp.customizations ?? {};
  const hints: string[] = [];
  (bp.packages ?? []).forEach((p, i) => p.name.startsWith("microshift") && hints.push(`packages[${i}].name`));
  (c.repositories ?? []).forEach((r, i) => /microshift|rhocp/i.test(repoText(r)) && hints.push(`customizations.repositories[${i}]`));
  (c.files ?? []).forEach((f, i) => (f.path === PULL_SECRET_PATH || f.path.startsWith("/etc/microshift/")) && hints.push(`customizations.files[${i}].path`));
  (bp.containers ?? []).forEach((ct, i) => RELEASE_IMAGE.test(ct.source) && hints.push(`containers[${i}].source`));
  return hints;
}

/** undefined when the blueprint is not a MicroShift one. */
export function microshiftFacts(bp: Blueprint, target: Target, versionOption?: string): MicroShiftFacts | undefined {
  const c = bp.customizations ?? {};
  const signals: string[] = [];
  const packages = bp.packages ?? [];
  packages.forEach((p, i) => p.name.startsWith("microshift") && signals.push(`packages[${i}].name`));
  (c.repositories ?? []).forEach((r, i) => /microshift|rhocp/i.test(repoText(r)) && signals.push(`customizations.repositories[${i}]`));
  const pullSecretFiles: number[] = [];
  (c.files ?? []).forEach((f, i) => {
    if (f.path === PULL_SECRET_PATH) pullSecretFiles.push(i);
    if (f.path === PULL_SECRET_PATH || f.path.startsWith("/etc/microshift/")) signals.push(`customizations.files[${i}].path`);
  });
  const releaseImages: number[] = [];
  (bp.containers ?? []).forEach((ct, i) => {
    if (RELEASE_IMAGE.test(ct.source)) {
      releaseImages.push(i);
      signals.push(`containers[${i}].source`);
    }
  });
  (c.services?.enabled ?? []).forEach((s, i) => /^microshift(\.service)?$/.test(s) && signals.push(`customizations.services.enabled[${i}]`));
  const service = (c.services?.enabled ?? []).some((s) => /^microshift(\.service)?$/.test(s));
  if (!service && !packages.some((p) => p.name === "microshift")) return undefined;

  const fromOption = parseOptionVersion(versionOption);
  const pkg = packages.findIndex((p) => p.name === "microshift" && PACKAGE_VERSION.test(p.version ?? ""));
  const repo = (c.repositories ?? []).findIndex((r) => REPO_VERSION.test(repoText(r)));
  const version: MicroShiftFacts["version"] =
    fromOption !== undefined
      ? { ...fromOption, source: "option" }
      : pkg >= 0
        ? { ...majorMinor(PACKAGE_VERSION.exec(packages[pkg]!.version!)!), source: "package", keyPath: `packages[${pkg}].version` }
        : repo >= 0
          ? { ...majorMinor(REPO_VERSION.exec(repoText(c.repositories![repo]!))!), source: "repository", keyPath: `customizations.repositories[${repo}]` }
          : { major: 4, minor: guessedMinor(target), source: "guess" };

  const configs = (c.files ?? []).filter((f) => f.path.startsWith("/etc/microshift/")).map((f) => f.data ?? "");
  const zones = c.firewall?.zones ?? [];
  return {
    version,
    signals,
    ownRepos: signals.some((s) => s.startsWith("customizations.repositories")),
    pullSecretFiles,
    releaseImages,
    ipv6: zones.some((z) => (z.sources ?? []).some((s) => s.includes(":"))) || configs.some((t) => /\b[0-9a-f]{1,4}::?[0-9a-f:]*\/\d+/i.test(t)),
    realtime: c.kernel?.name === "kernel-rt",
  };
}
