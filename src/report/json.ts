import type { MigrationReport } from "./model.js";

export function renderJsonReport(report: MigrationReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
