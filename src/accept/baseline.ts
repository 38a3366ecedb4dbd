import { InputError } from "../core/errors.js";
import { fingerprintsOf } from "../core/fingerprint.js";
import type { Finding } from "../core/findings.js";
import { compareStrings } from "../util/compare.js";
import type { Baseline } from "./apply.js";

/**
 * A baseline file: the findings a repository had when it adopted --fail-on, so a gate fails only
 * on new ones. Entries name the rule, file and subject for a reviewer and match by fingerprint
 * (rule, file, subject), so they survive edits that move lines. No finding text is kept.
 */
const FORMAT = "edge2bootc-baseline/v1";

interface BaselineEntry {
  rule: string;
  file: string;
  subject: string;
  fingerprint: string;
}

/** Every finding not already accepted by a comment or edge2bootc.toml, in a stable order. */
export function renderBaseline(findings: readonly Finding[]): string {
  const fingerprints = fingerprintsOf(findings);
  const entries: BaselineEntry[] = findings
    .filter((f) => f.accepted === undefined || f.accepted.by === "baseline")
    .map((f) => ({ rule: f.id, file: f.source.file, subject: f.subject, fingerprint: fingerprints.get(f)! }))
    .sort((a, b) => compareStrings(a.file, b.file) || compareStrings(a.rule, b.rule) || compareStrings(a.fingerprint, b.fingerprint));
  return `${JSON.stringify({ format: FORMAT, findings: entries }, null, 2)}\n`;
}

/** Reads a baseline; anything but the format renderBaseline writes is a positioned error. */
export function parseBaseline(text: string, file: string): Baseline {
  const fail = (message: string, line = 1, column = 1): never => {
    throw new InputError([{ source: { file, line, column }, message }], text);
  };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    const at = /position (\d+)/.exec((e as Error).message);
    const offset = at ? Number(at[1]) : 0;
    const before = text.slice(0, offset).split("\n");
    fail(`not valid JSON: ${(e as Error).message.replace(/ in JSON at position.*$/, "")}`, before.length, before.at(-1)!.length + 1);
  }
  const record = data as { format?: unknown; findings?: unknown };
  if (record === null || typeof record !== "object" || record.format !== FORMAT)
    fail(`expected a baseline written by edge2bootc --write-baseline ("format": "${FORMAT}")`);
  if (!Array.isArray(record.findings)) fail('expected "findings": a list of entries');
  const fingerprints = (record.findings as unknown[]).map((entry, i) => {
    const fingerprint = (entry as BaselineEntry | null)?.fingerprint;
    if (typeof fingerprint !== "string" || !/^[0-9a-f]{32}$/.test(fingerprint)) fail(`findings[${i}]: expected a "fingerprint" of 32 hex digits`);
    return fingerprint as string;
  });
  return { file, fingerprints };
}
