import { buildKeyIndex, locateKey } from "../blueprint/key-index.js";
import { parseToml } from "../blueprint/parse.js";
import { InputError } from "../errors.js";

/**
 * The ref → image mapping for batch conversions, a TOML file of string pairs:
 *   "rhel/9/x86_64/edge" = "quay.io/acme/edge:9.6"
 * An image cannot be derived from an ostree URL and ref, so the user writes this once per fleet.
 */
export function parseImageMap(text: string, file: string): Record<string, string> {
  const raw = parseToml(text, file);
  const bad = Object.entries(raw).filter(([, v]) => typeof v !== "string" || v === "");
  if (bad.length > 0) {
    const index = buildKeyIndex(text);
    throw new InputError(
      bad.map(([k]) => ({ source: { file, ...locateKey(index, k) }, message: `image map entry ${k} must be a non-empty image reference string` })),
      text,
    );
  }
  return raw as Record<string, string>;
}
