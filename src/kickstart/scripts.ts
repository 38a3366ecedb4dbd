import type { RuleId } from "../core/rules.js";

/** One edge-specific pattern in a script body and what replaces it in image mode (kickstart.md §3). */
export interface ScriptRule {
  /** The rule's severity and remediation are in the catalogue (core/rules.ts). */
  id: RuleId;
  test: RegExp | ((line: string) => boolean);
  title: string;
  /** Only for scripts that run chrooted in the new deployment. */
  chrootOnly?: boolean;
}

export const SCRIPT_RULES: readonly ScriptRule[] = [
  {
    id: "kickstart.script-ostree-remote",
    test: /\/etc\/ostree\/remotes\.d|\bostree\s+remote\b/,
    title: "configures an ostree remote",
  },
  {
    id: "kickstart.script-rpm-ostree-kargs",
    test: /\brpm-ostree\s+kargs\b/,
    title: "changes kernel arguments with rpm-ostree",
  },
  {
    id: "kickstart.script-rpm-ostree-layering",
    test: /\brpm-ostree\s+(install|uninstall|override|initramfs|apply-live)\b/,
    title: "layers packages or changes the initramfs with rpm-ostree",
  },
  {
    id: "kickstart.script-rpm-ostree-rebase",
    test: /\brpm-ostree\s+(rebase|upgrade|deploy)\b/,
    title: "rebases or upgrades with rpm-ostree",
  },
  {
    id: "kickstart.script-update-policy",
    test: /rpm-ostreed|AutomaticUpdatePolicy/,
    title: "configures rpm-ostreed automatic updates",
  },
  {
    id: "kickstart.script-ostree-admin",
    test: /\bostree\s+admin\b/,
    title: "runs ostree admin",
  },
  {
    id: "kickstart.script-fips-mode-setup",
    test: /\bfips-mode-setup\b/,
    title: "turns on FIPS after installation",
  },
  {
    id: "kickstart.script-writes-usr",
    test: writesUsr,
    title: "writes under /usr",
    chrootOnly: true,
  },
  {
    id: "microshift.firewall-redundant",
    test: /firewall-(offline-)?cmd\b.*--add-source=(10\.42\.0\.0\/16|169\.254\.169\.1|fd01::\/48)/,
    title: "adds MicroShift's mandatory trusted firewall sources",
  },
  {
    id: "kickstart.script-pull-secret",
    test: /openshift-pull-secret/,
    title: "writes the MicroShift pull secret",
  },
  {
    id: "kickstart.script-greenboot",
    test: /greenboot/,
    title: "configures greenboot",
  },
];

const COPY_LIKE = new Set(["cp", "mv", "install", "ln"]);

/** Redirects into /usr, changes a path there, or copies to a destination there (the last word). */
function writesUsr(line: string): boolean {
  if (/(>>?|\btee\s+(-a\s+)?)\s*['"]?\/usr\//.test(line)) return true;
  if (/\b(mkdir|touch|rm|chmod|chown|sed\s+-i)\b[^|;&]*\s['"]?\/usr\//.test(line)) return true;
  return line.split(/[|;&]+/).some((segment) => {
    const words = segment
      .trim()
      .split(/\s+/)
      .filter((w) => w !== "sudo");
    return COPY_LIKE.has(words[0] ?? "") && words.length > 2 && /^['"]?\/usr\//.test(words.at(-1)!);
  });
}

const matches = (rule: ScriptRule, line: string) => (typeof rule.test === "function" ? rule.test(line) : rule.test.test(line));

/** The first rule a script line matches, skipping shell comments. */
export function matchScriptRule(line: string, chrooted: boolean): ScriptRule | undefined {
  if (/^\s*#/.test(line)) return undefined;
  return SCRIPT_RULES.find((r) => (!r.chrootOnly || chrooted) && matches(r, line));
}
