import type { Severity } from "../plan/types.js";

/** One edge-specific pattern in a script body and what replaces it in image mode (kickstart.md §3). */
export interface ScriptRule {
  id: string;
  severity: Severity;
  test: RegExp | ((line: string) => boolean);
  title: string;
  remediation: string;
  /** Only for scripts that run chrooted in the new deployment. */
  chrootOnly?: boolean;
}

export const SCRIPT_RULES: readonly ScriptRule[] = [
  {
    id: "kickstart.script-ostree-remote",
    severity: "warning",
    test: /\/etc\/ostree\/remotes\.d|\bostree\s+remote\b/,
    title: "configures an ostree remote",
    remediation:
      "Updates now follow the image reference, not an ostree remote (anaconda only creates a cosmetic remote). Drop these lines; if updates must come from another registry than the install, add `bootc switch --mutate-in-place --transport registry <image>` to %post.",
  },
  {
    id: "kickstart.script-rpm-ostree-kargs",
    severity: "warning",
    test: /\brpm-ostree\s+kargs\b/,
    title: "changes kernel arguments with rpm-ostree",
    remediation: 'Use `bootloader --append="..."` in the kickstart (machine-local) or a /usr/lib/bootc/kargs.d/*.toml file in the image.',
  },
  {
    id: "kickstart.script-rpm-ostree-layering",
    severity: "unsupported",
    test: /\brpm-ostree\s+(install|uninstall|override|initramfs|apply-live)\b/,
    title: "layers packages or changes the initramfs with rpm-ostree",
    remediation: "/usr is read-only in %post and image mode has no client-side layering at install time: move the change into the Containerfile.",
  },
  {
    id: "kickstart.script-rpm-ostree-rebase",
    severity: "warning",
    test: /\brpm-ostree\s+(rebase|upgrade|deploy)\b/,
    title: "rebases or upgrades with rpm-ostree",
    remediation: "Use `bootc switch --mutate-in-place --transport registry <image>` to change the update source; upgrades come from `bootc upgrade`.",
  },
  {
    id: "kickstart.script-update-policy",
    severity: "warning",
    test: /rpm-ostreed|AutomaticUpdatePolicy/,
    title: "configures rpm-ostreed automatic updates",
    remediation:
      "bootc updates through bootc-fetch-apply-updates.timer, which applies and reboots. To only stage updates like edge's `stage` policy, disable that timer and run `bootc upgrade` (without --apply) from your own timer.",
  },
  {
    id: "kickstart.script-ostree-admin",
    severity: "warning",
    test: /\bostree\s+admin\b/,
    title: "runs ostree admin",
    remediation:
      "Use bootc for deployment changes: kernel arguments in /usr/lib/bootc/kargs.d, rollbacks with `bootc rollback`, the update source with `bootc switch`.",
  },
  {
    id: "kickstart.script-fips-mode-setup",
    severity: "unsupported",
    test: /\bfips-mode-setup\b/,
    title: "turns on FIPS after installation",
    remediation:
      "FIPS must be on from the first boot: add `fips=1` in /usr/lib/bootc/kargs.d and run `update-crypto-policies --no-reload --set FIPS` in the Containerfile, and install with FIPS enabled (bootc-image-builder fips / `fips=1` on the installer command line).",
  },
  {
    id: "kickstart.script-writes-usr",
    severity: "warning",
    test: writesUsr,
    title: "writes under /usr",
    remediation: "/usr is read-only while %post runs on an image-mode system: make this change in the Containerfile instead.",
    chrootOnly: true,
  },
  {
    id: "microshift.firewall-redundant",
    severity: "info",
    test: /firewall-(offline-)?cmd\b.*--add-source=(10\.42\.0\.0\/16|169\.254\.169\.1|fd01::\/48)/,
    title: "adds MicroShift's mandatory trusted firewall sources",
    remediation:
      "Kept, and harmless: a MicroShift image converted by edge2bootc already has these sources in its trusted zone (they are added when the blueprint lacks them), so this line can go once every machine installs that image.",
  },
  {
    id: "kickstart.script-pull-secret",
    severity: "info",
    test: /openshift-pull-secret/,
    title: "writes the MicroShift pull secret",
    remediation:
      "Kept: the pull secret stays machine-local in /etc/crio, as in MicroShift's own image-mode kickstarts. Do not bake it into the image, and keep the kickstart private.",
  },
  {
    id: "kickstart.script-greenboot",
    severity: "info",
    test: /greenboot/,
    title: "configures greenboot",
    remediation:
      "Kept: greenboot works with bootc, but the image must contain it (edge commits shipped it). Health checks are better shipped in the image under /usr/lib/greenboot/check.",
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
