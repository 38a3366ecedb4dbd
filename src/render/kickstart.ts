import type { KickstartDocument } from "../plan/kickstart-document.js";

/** The one renderer of kickstart documents: converted kickstarts, the installer kickstart in config.toml and fragments. */
export function renderKickstart(doc: KickstartDocument): string {
  return doc.lines.join("\n") + (doc.finalNewline ? "\n" : "");
}
