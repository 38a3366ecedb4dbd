import type { SourceRef } from "../plan/types.js";
import type { InstallerCommand } from "./commands.js";
import type { KickstartFindings, LineRef } from "./findings.js";

const TERMINATOR = "EDGE2BOOTC_AUTH_JSON";
export const AUTH_PATH = "/etc/ostree/auth.json";

/** Checks that the text is a containers auth file ({"auths": {...}}) without echoing any of it. */
export function validateRegistryAuth(text: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return "is not valid JSON";
  }
  const auths = (parsed as { auths?: unknown } | null)?.auths;
  if (typeof auths !== "object" || auths === null || Array.isArray(auths)) return 'has no "auths" object (expected the containers auth.json format)';
  if (text.split("\n").some((l) => l.trim() === TERMINATOR)) return `contains the line ${TERMINATOR}, which would end the here-document early`;
  return undefined;
}

function writeAuth(header: string, text: string): string[] {
  return [
    header,
    "mkdir -p /etc/ostree",
    `cat > ${AUTH_PATH} <<'${TERMINATOR}'`,
    ...text.replace(/\n$/, "").split("\n"),
    TERMINATOR,
    `chmod 0600 ${AUTH_PATH}`,
    "%end",
  ];
}

/**
 * Registry credentials for the install pull (%pre-install: ostree-ext reads /etc/ostree/auth.json
 * in the installer environment) and for later updates (%post: the same file on the installed
 * system). kickstart.md §2.2; the bootc command cannot pull from authenticated registries.
 */
export function registryAuthSections(auth: { path: string; text: string }, installer: InstallerCommand, at: LineRef, out: KickstartFindings): string[] {
  const forUpdates = writeAuth("%post --erroronfail", auth.text);
  if (installer === "bootc") {
    out.add("kickstart.registry-auth-bootc", at, {
      title: "the bootc kickstart command cannot pull from an authenticated registry",
      detail: `Credentials from ${auth.path} are written to ${AUTH_PATH} in %post for updates only (contents not shown).`,
    });
    return ["# edge2bootc: registry credentials for updates (from --registry-auth-file)", ...forUpdates];
  }
  out.add("kickstart.registry-auth", at, {
    title: `registry credentials written to ${AUTH_PATH}`,
    detail: `A %pre-install section writes the credentials from ${auth.path} for the install pull and a %post section writes them for updates (contents not shown). The converted kickstart now holds a secret: protect it like one.`,
  });
  return [
    "# edge2bootc: registry credentials for the install pull (from --registry-auth-file)",
    ...writeAuth("%pre-install --erroronfail", auth.text),
    "",
    "# edge2bootc: registry credentials for updates",
    ...forUpdates,
  ];
}
