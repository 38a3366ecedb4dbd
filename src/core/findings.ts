/** The vocabulary every stage shares: where an input value came from and what was found about it. */

/** Where an input value came from. Lines and columns are 1-based. */
export interface SourceRef {
  file: string;
  line: number;
  column: number;
  keyPath?: string;
}

/** info: converted with a changed meaning; warning: converted, needs review; unsupported: manual work. */
export type Severity = "info" | "warning" | "unsupported";

export interface Finding {
  id: string;
  severity: Severity;
  source: SourceRef;
  title: string;
  detail: string;
  remediation?: string;
}

/** converted: lives in the image; moved: lives in a deploy-time artifact; reported: only in the report. */
export type Disposition = "converted" | "moved" | "reported";

export interface CoverageEntry {
  keyPath: string;
  disposition: Disposition;
  artifact?: string;
  findingIds?: string[];
}
