export {
  convert,
  convertProject,
  REPORT_FILES,
  type ConvertOptions,
  type ConvertResult,
  type KickstartConvertOptions,
  type ProjectInput,
  type ProjectResult,
  type SourceFile,
} from "./convert.js";
export { InputError, type Diagnostic } from "./core/errors.js";
export type { Finding, MigrationPlan, Severity, SourceRef, CoverageEntry } from "./plan/types.js";
export type { MigrationReport } from "./report/model.js";
export type { Blueprint, Customizations } from "./blueprint/schema.js";
