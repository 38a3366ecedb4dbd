import type { Blueprint } from "../../blueprint/schema.js";
import type { ContainerfileStep, CoverageEntry, Disposition, GeneratedFile, MapperOutput, SourceRef, SysusersEntry, TmpfilesEntry } from "../../plan/types.js";
import type { PasswordHasher, SaltPolicy } from "../../util/crypt.js";
import type { Target } from "./target.js";
import type { MicroShiftFacts } from "./microshift-facts.js";
import { report, type FindingText, type RuleId } from "../../core/findings.js";

import type { IsoType, SourceImage, SourceImageType } from "../../bib/profile.js";
import type { AccountPlan } from "./account-plan.js";
import type { KickstartDocument } from "../../plan/kickstart-document.js";
import type { InstallerKickstartFacts } from "./install-layout.js";
import type { IsoRoute } from "./iso-route.js";

export { SOURCE_IMAGE_TYPES, type SourceImageType } from "../../bib/profile.js";
export type ContainersStrategy = "logical" | "physical";

export interface MigrationOptions {
  /** The image reference the Containerfile builds and the kickstarts install (default: from the blueprint's name, project.ts). */
  image?: string;
  /** Overrides the base image derived from `distro`. */
  baseImage?: string;
  /** The edge image type the blueprint was built as (default edge-commit). */
  sourceImageType?: SourceImageType;
  /** The bootc-image-builder release the config.toml is for, as YYYY-MM (default: see bib/profile.ts). */
  bibProfile?: string;
  /** How an installer ISO is built (default anaconda-iso; bootc-generic-iso where iso-route.ts allows it). */
  isoType?: IsoType;
  /** How [[containers]] become part of the image (default: logical unless the blueprint is clearly offline). */
  containers?: ContainersStrategy;
  /** Restore what edge commits shipped and bootc base images lack (default true). */
  edgeParity?: boolean;
  /** How plaintext passwords get their salt (see util/crypt.ts); default: random unless reused. */
  salt?: SaltPolicy;
  /** The MicroShift release (4.N) when the blueprint does not say (default: guessed from the RHEL minor, and reported). */
  microshiftVersion?: string;
}

/**
 * Everything a mapper may read, built once by resolveProject() (project.ts). Mappers are pure:
 * no I/O, no printing, no templates, and they read shared facts from here instead of working
 * them out again.
 */
export interface MigrationContext {
  blueprint: Blueprint;
  options: MigrationOptions;
  /** The image the Containerfile builds: --image, else a placeholder from the blueprint's name and version. */
  image: string;
  target: Target;
  /** Source location of a key path in the input. */
  at(keyPath: string): SourceRef;
  /** Hashes plaintext passwords; one per conversion, so a user's hash is the same everywhere it is written. */
  passwords: PasswordHasher;
  /** The edge image type and what it implies (bootc-image-builder type, ISO, deploy-time accounts). */
  source: SourceImage;
  /** Where and when each account is created (account-plan.ts). */
  accounts: AccountPlan;
  /** How [[containers]] enter the image. */
  containers: ContainersStrategy;
  /** Decided once before the mappers (migrate/microshift-facts.ts); undefined for a blueprint without MicroShift. */
  microshift?: MicroShiftFacts;
  /** kernel.append as arguments: for kargs.d, the installer kickstart and converted kickstarts alike. */
  kernelArgs: string[];
  /** Whether config.toml gets an installer kickstart and where the disk layout goes (install-layout.ts). */
  installerKickstart: InstallerKickstartFacts;
  /** For an installer ISO: the type it is built as, and why a bootc-generic-iso that was asked for is not (iso-route.ts). */
  isoRoute?: IsoRoute;
}

function covered(keyPath: string, disposition: Disposition, artifact?: string): CoverageEntry {
  return artifact === undefined ? { keyPath, disposition } : { keyPath, disposition, artifact };
}

export const CONTAINERFILE = "Containerfile";

type Collected = Required<Pick<MapperOutput, "steps" | "files" | "tmpfiles" | "sysusers" | "findings" | "coverage">> & MapperOutput;

/** The key paths of every leaf (and empty list or table) of a value, in document order. */
function* leavesOf(keyPath: string, value: unknown): Generator<string> {
  if (Array.isArray(value) && value.length > 0) for (const [i, v] of value.entries()) yield* leavesOf(`${keyPath}[${i}]`, v);
  else if (value !== null && typeof value === "object" && Object.keys(value).length > 0)
    for (const [k, v] of Object.entries(value)) yield* leavesOf(`${keyPath}.${k}`, v);
  else yield keyPath;
}

/** Collects one mapper's output in memory; keeps mapper bodies about decisions, not bookkeeping. */
export class Emitter {
  readonly out: Collected = { steps: [], files: [], tmpfiles: [], sysusers: [], findings: [], coverage: [] };
  constructor(private readonly ctx: MigrationContext) {}

  at(keyPath: string): SourceRef {
    return this.ctx.at(keyPath);
  }
  step(step: ContainerfileStep): this {
    this.out.steps.push(step);
    return this;
  }
  file(file: GeneratedFile): this {
    this.out.files.push(file);
    return this;
  }
  tmpfile(entry: TmpfilesEntry): this {
    this.out.tmpfiles.push(entry);
    return this;
  }
  sysuser(entry: SysusersEntry): this {
    this.out.sysusers.push(entry);
    return this;
  }
  /** Writes overlay/<dest> into the build context and COPYs it to <dest> in the image. */
  overlayFile(dest: string, contents: string, keyPaths: string[], mode = "0644", stage: ContainerfileStep["stage"] = "overlay"): this {
    const provenance = keyPaths.map((k) => this.ctx.at(k));
    const source = `overlay${dest}`;
    this.out.files.push({ path: source, contents, provenance });
    return this.step({ kind: "copy", stage, source, destination: dest, chmod: mode, provenance });
  }
  /** One RUN step with commands joined by &&. */
  run(stage: ContainerfileStep["stage"], commands: string[], keyPaths: string[]): this {
    return this.step({ kind: "run", stage, commands, provenance: keyPaths.map((k) => this.ctx.at(k)) });
  }
  /** A kickstart the blueprint's settings are written into; the installer kickstart also becomes config.toml's contents. */
  kickstart(doc: KickstartDocument): this {
    (this.out.kickstarts ??= []).push(doc);
    if (doc.role === "installer") (this.out.bib ??= []).push({ path: doc.path, value: doc, provenance: doc.provenance });
    return this;
  }
  bib(path: string, value: unknown, keyPaths: string[], append = false): this {
    (this.out.bib ??= []).push({ path, value, provenance: keyPaths.map((k) => this.ctx.at(k)), ...(append ? { append: true } : {}) });
    return this;
  }
  /** Part of the bootc-generic-iso installer image's iso.yaml (the assembler merges the parts). */
  installerImage(part: { label?: { value: string; keyPaths: string[] }; bootArgs?: { value: string; keyPaths: string[] }[] }): this {
    const at = (keyPaths: string[]) => keyPaths.map((k) => this.ctx.at(k));
    const plan = (this.out.installerImage ??= { image: this.ctx.image, bootArgs: [] });
    if (part.label) plan.label = { value: part.label.value, provenance: at(part.label.keyPaths) };
    for (const a of part.bootArgs ?? []) plan.bootArgs.push({ value: a.value, provenance: at(a.keyPaths) });
    return this;
  }
  /** Images bound to the bootc image's lifecycle (logically bound). */
  bound(images: string[]): this {
    if (images.length > 0) (this.out.boundImages ??= []).push(...images);
    return this;
  }
  cover(keyPath: string, disposition: Disposition, artifact?: string): this {
    this.out.coverage.push(covered(keyPath, disposition, artifact));
    return this;
  }
  /**
   * Every leaf of a value handed on as it is (to config.toml, verbatim): each one is accounted
   * for, since covering the table alone would not say that its keys were carried too.
   */
  coverLeaves(keyPath: string, value: unknown, disposition: Disposition, artifact?: string): this {
    for (const leaf of leavesOf(keyPath, value)) this.cover(leaf, disposition, artifact);
    return this;
  }
  /**
   * Leaf-level accounting for a table a mapper reads only in part: the leaves in `used` (or
   * below them) get `disposition`, every other leaf is "reported"; returns those others so the
   * mapper can say why.
   */
  coverUsed(keyPath: string, value: unknown, used: ReadonlySet<string>, disposition: Disposition, artifact?: string): string[] {
    const unused: string[] = [];
    for (const leaf of leavesOf(keyPath, value)) {
      if (used.has(leaf) || [...used].some((u) => leaf.startsWith(`${u}[`) || leaf.startsWith(`${u}.`))) this.cover(leaf, disposition, artifact);
      else {
        this.cover(leaf, "reported");
        unused.push(leaf);
      }
    }
    return unused;
  }
  /** An empty list or table has nothing to convert, but it is still an input key to account for. */
  coverIfEmpty(keyPath: string, value: unknown, artifact?: string): this {
    const empty = Array.isArray(value) ? value.length === 0 : value !== null && typeof value === "object" && Object.keys(value).length === 0;
    return empty ? this.cover(keyPath, "converted", artifact) : this;
  }
  /** A finding about a blueprint key (the rule's subject), positioned at that key. */
  report(id: RuleId, keyPath: string, text: FindingText): this {
    this.out.findings.push(report(id, this.ctx.at(keyPath), keyPath, text));
    return this;
  }
  done(): MapperOutput {
    return this.out;
  }
}
