import type { CoverageEntry, Finding, SourceRef } from "../core/findings.js";
import type { KickstartDocument } from "./kickstart-document.js";

// The shared vocabulary lives in core/; plan modules and mappers may keep importing it from here.
export type { CoverageEntry, Disposition, Finding, Severity, SourceRef } from "../core/findings.js";

/**
 * Order groups of the Containerfile (mapping.md §6). The numbers are the only place the
 * emission order lives; mappers pick a group, the assembler sorts.
 */
export const STAGE = {
  buildRepos: 20,
  moduleEnable: 30,
  packages: 40,
  kernel: 50,
  accounts: 60,
  overlay: 70,
  runtimeRepos: 80,
  config: 90,
  // After the blueprint's files (CA anchors, registries.conf.d, certs.d) and update-ca-trust:
  // a build-time pull needs the trust and registry settings the image will have.
  embeddedImages: 95,
  firewall: 100,
  services: 110,
  openscap: 120,
} as const;
export type StageName = keyof typeof STAGE;

interface StepBase {
  stage: StageName;
  provenance: SourceRef[];
  /** Why edge2bootc added a step no input key asked for (shown when provenance is empty). */
  origin?: string;
}
export interface DnfInstallStep extends StepBase {
  kind: "dnf-install";
  packages: string[];
  /** Commands that belong to the same layer, run after the install (already shell-safe). */
  then?: string[];
}
export interface RunStep extends StepBase {
  kind: "run";
  /** RUN --mount=... options (build secrets), already quoted. */
  mounts?: string[];
  /** Shell commands joined with && (each already shell-safe). */
  commands: string[];
}
export interface CopyStep extends StepBase {
  kind: "copy";
  /** Path inside the build context, e.g. overlay/etc/hostname. */
  source: string;
  destination: string;
  chmod?: string;
  chown?: string;
}
export type ContainerfileStep = DnfInstallStep | RunStep | CopyStep;

/** A file written into the build context (and usually COPYed into the image). */
export interface GeneratedFile {
  /** Path relative to the output folder, e.g. overlay/etc/hostname. */
  path: string;
  contents: string;
  provenance: SourceRef[];
  /** Holds a credential (a pull secret for the kickstart): written 0600 and never shown in a diff. */
  sensitive?: boolean;
}

export interface TmpfilesEntry {
  type: string;
  path: string;
  mode: string;
  user: string;
  group: string;
  age: string;
  argument: string;
  provenance: SourceRef[];
}

export interface SysusersEntry {
  type: "u" | "g" | "m";
  name: string;
  id: string;
  gecos?: string;
  home?: string;
  shell?: string;
  provenance: SourceRef[];
}

export interface ImageLabels {
  title?: string;
  description?: string;
  version?: string;
}

/**
 * One setting for bootc-image-builder's config.toml. `path` is a dotted TOML path; values of
 * array-of-table keys (`customizations.user`, `customizations.filesystem`) are appended in order.
 */
export interface BibEntry {
  path: string;
  value: unknown;
  append?: boolean;
  provenance: SourceRef[];
}

/**
 * bootc-generic-iso (migrate/resolve/iso-route.ts): what the installer image carries besides its
 * kickstart, for its iso.yaml: the volume label the installer finds itself by, and kernel
 * arguments of its boot entry. Present only when the ISO is built that way.
 */
export interface InstallerImagePlan {
  /** The image it installs (also in its kickstart's payload line). */
  image: string;
  label?: { value: string; provenance: SourceRef[] };
  bootArgs: { value: string; provenance: SourceRef[] }[];
}

/** What the mappers produce; the assembler turns it into a MigrationPlan. */
export interface MapperOutput {
  baseImage?: { image: string; provenance: SourceRef[] };
  labels?: ImageLabels;
  /** The keys the labels came from. */
  labelsProvenance?: SourceRef[];
  steps?: ContainerfileStep[];
  files?: GeneratedFile[];
  tmpfiles?: TmpfilesEntry[];
  sysusers?: SysusersEntry[];
  findings?: Finding[];
  coverage?: CoverageEntry[];
  bib?: BibEntry[];
  /** Kickstarts the blueprint's settings are written into (the installer kickstart, the pull-secret fragment). */
  kickstarts?: KickstartDocument[];
  /** Logically bound images: they must be in the build host's storage when bootc-image-builder runs. */
  boundImages?: string[];
  installerImage?: InstallerImagePlan;
}

export interface MigrationPlan {
  baseImage: string;
  baseImageProvenance: SourceRef[];
  labels: ImageLabels;
  /** The keys the labels came from. */
  labelsProvenance: SourceRef[];
  /** Sorted by stage; the assembler adds the COPY steps of the tmpfiles.d and sysusers.d files. */
  steps: ContainerfileStep[];
  files: GeneratedFile[];
  tmpfiles: TmpfilesEntry[];
  sysusers: SysusersEntry[];
  findings: Finding[];
  coverage: CoverageEntry[];
  /** bootc-image-builder config.toml settings, in mapper order. */
  bib: BibEntry[];
  /** The installer kickstart (also referenced by its config.toml entry) and kickstart fragments. */
  kickstarts: KickstartDocument[];
  /** Logically bound image references, in input order. */
  boundImages: string[];
  /** The installer image of a bootc-generic-iso; undefined for anaconda-iso and images that are no installer. */
  installerImage?: InstallerImagePlan;
}
