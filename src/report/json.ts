import type { MigrationReport } from "./model.js";

/**
 * A finding's subject is what SARIF fingerprints are made of; the JSON report (schema 1.2.0) does
 * not carry it yet, so the JSON stays the same until the schema is bumped for it.
 */
export const withoutSubject = (key: string, value: unknown) => (key === "subject" ? undefined : value);

export function renderJsonReport(report: MigrationReport): string {
  return `${JSON.stringify(report, withoutSubject, 2)}\n`;
}
