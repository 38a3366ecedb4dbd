import type { SourceRef } from "../core/findings.js";

/**
 * converted: a kickstart of the project (or a file it includes) rewritten for image mode;
 * installer: the kickstart edge2bootc writes into config.toml for an installer ISO;
 * fragment: a piece to %include from an installation kickstart (the MicroShift pull secret);
 * installer-image: the installer kickstart of a bootc-generic-iso, which the installer image
 * carries as /usr/share/anaconda/interactive-defaults.ks (render/installer-image.ts adds the payload).
 */
export type KickstartRole = "converted" | "installer" | "fragment" | "installer-image";

/**
 * A kickstart edge2bootc writes, as a model in the plan rather than a string spliced where it is
 * needed: every kickstart output is one of these, built with kickstart/command-builder.ts for the
 * lines edge2bootc adds, and rendered by render/kickstart.ts alone.
 */
export interface KickstartDocument {
  /** The output path (kickstart/…), or for the installer kickstart the config.toml key that holds it. */
  path: string;
  role: KickstartRole;
  lines: readonly string[];
  /** Whether the text ends with a line break (a converted kickstart keeps its input's). */
  finalNewline: boolean;
  /** Holds credentials (a pull secret, registry auth): no diff or log shows its lines, and it is written 0600. */
  sensitive: boolean;
  /** The inputs it comes from: a kickstart file, or the blueprint keys it was written for. */
  provenance: SourceRef[];
}

/** The lines of a text, so that rendering them gives the same text back. */
export function linesOf(text: string): { lines: string[]; finalNewline: boolean } {
  const lines = text.split("\n");
  const finalNewline = lines.length > 1 && lines.at(-1) === "";
  if (finalNewline) lines.pop();
  return { lines, finalNewline };
}

export function isKickstartDocument(value: unknown): value is KickstartDocument {
  return typeof value === "object" && value !== null && "role" in value && "lines" in value && Array.isArray((value as KickstartDocument).lines);
}
