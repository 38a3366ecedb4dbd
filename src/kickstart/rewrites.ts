import type { InstallerCommand, KickstartTarget } from "./commands.js";

/** What the kickstart conversion is asked to do; shared by the steps that rewrite entries. */
export interface KickstartOptions {
  target: KickstartTarget;
  installer: InstallerCommand;
  /** The image to install for every ostree ref that `imageMap` does not name. */
  image?: string;
  /** ostree ref → image reference, for batch use. */
  imageMap?: Readonly<Record<string, string>>;
  /** auth.json for the registry; written into the kickstart, never into the report. */
  registryAuth?: { path: string; text: string };
  /** The folder %include targets must stay in (default: the kickstart's own folder). */
  includeRoot?: string;
  /**
   * A %post block edge2bootc appends (the MicroShift pull secret the blueprint carried). It holds
   * a secret, so the kickstart is then written 0600 and never shown in a diff.
   */
  appendPost?: string;
  /**
   * The blueprint's kernel arguments (kernel.append). An Anaconda install does not apply the
   * image's kargs.d (bootc-dev/bootc#883) and later updates apply only kargs.d changes, so the
   * installing kickstart must carry them on its bootloader --append.
   */
  kernelArgs?: string[];
  /** Marker comments name the input line they replace (--provenance lines); otherwise they do not, so edits above do not churn them. */
  lineNumbers?: boolean;
}

/** What replaces one entry of the input: the lines to print instead (empty: removed). */
export type Rewrites = Map<string, string[]>;
