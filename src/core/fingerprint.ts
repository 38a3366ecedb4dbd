import { createHash } from "node:crypto";
import type { Finding } from "./findings.js";

/**
 * Fingerprints that tell distinct findings apart but survive edits elsewhere: rule, file and the
 * finding's subject (a key path, a kickstart command, a path), never the line number or the
 * title, which may hold a count ("3 image(s) ...") that changes when an unrelated list grows;
 * findings with the same rule and subject are numbered in document order. SARIF's partial
 * fingerprints and baseline files both use them.
 */
export function fingerprintsOf(findings: readonly Finding[]): Map<Finding, string> {
  const seen = new Map<string, number>();
  const out = new Map<Finding, string>();
  for (const f of findings) {
    const subject = [f.id, f.source.file, f.subject].join("\0");
    const n = (seen.get(subject) ?? 0) + 1;
    seen.set(subject, n);
    out.set(f, createHash("sha256").update(`${subject}\0${n}`).digest("hex").slice(0, 32));
  }
  return out;
}
