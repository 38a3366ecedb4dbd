import type { Blueprint, RepositoryCustomization } from "../../blueprint/schema.js";
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

/** Keys that hint at MicroShift: microshift* packages, OpenShift repositories, its config files and pull secret, release images. */
export function microShiftHints(bp: Blueprint): string[] {
  const c = bp.customizations ?? {};
  const hints: string[] = [];
  (bp.packages ?? []).forEach((p, i) => p.name.startsWith("microshift") && hints.push(`packages[${i}].name`));
  (c.repositories ?? []).forEach((r, i) => /microshift|rhocp/i.test(repoText(r)) && hints.push(`customizations.repositories[${i}]`));
  (c.files ?? []).forEach((f, i) => (f.path === PULL_SECRET_PATH || f.path.startsWith("/etc/microshift/")) && hints.push(`customizations.files[${i}].path`));
  (bp.containers ?? []).forEach((ct, i) => RELEASE_IMAGE.test(ct.source) && hints.push(`containers[${i}].source`));
  return hints;
}

const indicesOf = <T>(items: T[] | undefined, test: (item: T) => boolean) => (items ?? []).flatMap((item, i) => (test(item) ? [i] : []));

/**
 * undefined when the blueprint is not a MicroShift one. Only the microshift package or its
 * service makes it one: other microshift-* packages (openshift/microshift's "edge image without
 * MicroShift" installs only microshift-test-agent), an rhocp repository (openshift-clients lives
 * there too), release images or /etc/microshift files alone do not; microshift.ts reports them.
 */
export function microshiftFacts(bp: Blueprint, target: Target, versionOption?: string): MicroShiftFacts | undefined {
  const c = bp.customizations ?? {};
  const packages = bp.packages ?? [];
  const services = indicesOf(c.services?.enabled, (s) => /^microshift(\.service)?$/.test(s));
  if (services.length === 0 && !packages.some((p) => p.name === "microshift")) return undefined;
  const signals = [...microShiftHints(bp), ...services.map((i) => `customizations.services.enabled[${i}]`)];
  const pullSecretFiles = indicesOf(c.files, (f) => f.path === PULL_SECRET_PATH);
  const releaseImages = indicesOf(bp.containers, (ct) => RELEASE_IMAGE.test(ct.source));

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
