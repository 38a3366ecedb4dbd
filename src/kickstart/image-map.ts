import { buildKeyIndex, locateKey } from "../blueprint/key-index.js";
import { parseToml } from "../blueprint/parse.js";
import { InputError } from "../core/errors.js";

/**
 * The ref → image mapping for batch conversions, a TOML file of string pairs:
 *   "rhel/9/x86_64/edge" = "quay.io/acme/edge:9.6"
 * An image cannot be derived from an ostree URL and ref, so the user writes this once per fleet.
 */
export function parseImageMap(text: string, file: string): Record<string, string> {
  const raw = parseToml(text, file);
  const bad = Object.entries(raw).filter(([, v]) => typeof v !== "string" || imageReferenceProblem(v) !== undefined);
  if (bad.length > 0) {
    const index = buildKeyIndex(text);
    throw new InputError(
      bad.map(([k, v]) => ({
        source: { file, ...locateKey(index, k) },
        message: `image map entry ${k} ${typeof v === "string" ? imageReferenceProblem(v) : "must be an image reference string"}`,
      })),
      text,
    );
  }
  // Null prototype: a ref named "toString" or "__proto__" must find nothing, not Object's members.
  return Object.assign(Object.create(null) as Record<string, string>, raw);
}

/** Image references land on a FROM line and in kickstart commands: one word, no control characters. */
export function imageReferenceProblem(ref: string): string | undefined {
  if (ref === "") return "must not be empty";
  if (/[\u0000-\u0020\u007f-\u009f\u2028\u2029]/.test(ref)) return "must be one word without spaces or control characters";
  if (ref.length > 1024) return "is longer than 1024 characters";
  return undefined;
}
