import { ISO_TYPES, SOURCE_IMAGE_TYPES } from "./bib/profile.js";
import { t, type Infer, type Schema } from "./blueprint/schema-dsl.js";
import type { ConvertOptions } from "./convert.js";
import { imageReferenceProblem } from "./kickstart/image-map.js";

/**
 * The conversion settings, defined once. The flags of `convert`, `kickstart` and `batch` (their
 * value names, help and validation) and the keys of edge2bootc.toml's [defaults] and [[override]]
 * tables are all made from this table, so a setting cannot exist in one place and not the other,
 * nor be checked differently. The name is the flag without its dashes and the config key.
 */
interface Setting<S extends Schema> {
  schema: S;
  /** The flag's value name (`--image <ref>`); a boolean setting's flag is `--no-<name>` and takes none. */
  value?: string;
  help: string;
  /** A check the schema cannot express (image references), for flags and config keys alike. */
  problem?: (value: Infer<S>) => string | undefined;
  /** What the setting sets in the conversion's options. */
  apply: (value: Infer<S>) => ConvertOptions;
}

const setting = <S extends Schema>(s: Setting<S>) => s;

// One line; the rest (one word, length) is imageReferenceProblem's, so flags and config say the same.
const IMAGE_REFERENCE = t.string();
const imageProblem = (v: string) => imageReferenceProblem(v);

export const SETTINGS = {
  "base-image": setting({
    schema: IMAGE_REFERENCE,
    value: "<image>",
    help: "base image for FROM (default: derived from distro)",
    problem: imageProblem,
    apply: (v) => ({ baseImage: v }),
  }),
  image: setting({
    schema: IMAGE_REFERENCE,
    value: "<ref>",
    help: "image reference the Containerfile builds and the kickstart installs",
    problem: imageProblem,
    apply: (v) => ({ image: v }),
  }),
  "source-image-type": setting({
    schema: t.oneOf(SOURCE_IMAGE_TYPES),
    value: "<type>",
    help: `edge image type the blueprint built: ${SOURCE_IMAGE_TYPES.join(", ")} (default edge-commit)`,
    apply: (v) => ({ sourceImageType: v }),
  }),
  "bib-profile": setting({
    schema: t.name(/^20\d\d-(0[1-9]|1[0-2])$/, "a release month such as 2025-06"),
    value: "<YYYY-MM>",
    help: "bootc-image-builder release the config.toml is for (default 2025-06)",
    apply: (v) => ({ bibProfile: v }),
  }),
  "iso-type": setting({
    schema: t.oneOf(ISO_TYPES),
    value: "<anaconda-iso|bootc-generic-iso>",
    help: "how an installer ISO is built: bootc-image-builder's anaconda-iso (default), or bootc-generic-iso from the installer image edge2bootc writes to installer/ (RHEL 10, profile 2026-08 or later)",
    apply: (v) => ({ isoType: v }),
  }),
  containers: setting({
    schema: t.oneOf(["logical", "physical"] as const),
    value: "<logical|physical>",
    help: "how [[containers]] enter the image (default: logical, physical for offline/installer blueprints)",
    apply: (v) => ({ containers: v }),
  }),
  "microshift-version": setting({
    schema: t.name(/^[45]\.\d{1,2}$/, "a MicroShift release such as 4.18 or 5.0"),
    value: "<4.N>",
    help: "MicroShift release of a MicroShift blueprint that does not pin one (default: guessed from the RHEL minor)",
    apply: (v) => ({ microshiftVersion: v }),
  }),
  target: setting({
    schema: t.oneOf(["rhel9", "rhel10"] as const),
    value: "<rhel9|rhel10>",
    help: "installer the kickstart is for (default: the blueprint's distro, else rhel9)",
    apply: (v) => ({ kickstart: { target: v } }),
  }),
  "installer-command": setting({
    schema: t.oneOf(["ostreecontainer", "bootc"] as const),
    value: "<ostreecontainer|bootc>",
    help: "image payload command (bootc needs rhel10)",
    apply: (v) => ({ kickstart: { installer: v } }),
  }),
  provenance: setting({
    schema: t.oneOf(["keys", "lines"] as const),
    value: "<keys|lines>",
    help: "what comments in generated files name: input files and key paths (keys, default) or also line numbers (lines)",
    apply: (v) => ({ provenance: v }),
  }),
  "edge-parity": setting({
    schema: t.boolean(),
    help: "leave out the layer that restores what edge commits shipped by default",
    apply: (v) => (v ? {} : { edgeParity: false }),
  }),
};

export type SettingName = keyof typeof SETTINGS;
export const SETTING_NAMES = Object.keys(SETTINGS) as SettingName[];

/** Values of settings, as edge2bootc.toml holds them and the flags give them. */
export type ProjectSettings = { [K in SettingName]?: Infer<(typeof SETTINGS)[K]["schema"]> };

/** The schema of the settings for edge2bootc.toml (blueprint/schema-dsl.ts validates it with positions). */
export const SETTINGS_SCHEMA = Object.fromEntries(SETTING_NAMES.map((n) => [n, SETTINGS[n].schema])) as { [K in SettingName]: (typeof SETTINGS)[K]["schema"] };

/** What is wrong with a value the schema accepted, if anything (the table's extra checks). */
export function settingProblem<K extends SettingName>(name: K, value: NonNullable<ProjectSettings[K]>): string | undefined {
  const s: Setting<Schema> = SETTINGS[name] as Setting<Schema>;
  return s.problem?.(value as never);
}

/** A flag's value checked like a config value: the schema's shape, then the table's extra check. */
export function parseSettingValue(name: SettingName, raw: string): { value: string } | { problem: string } {
  // The table's own check first: it says more than the schema's shape (which word is wrong and why).
  const problem = settingProblem(name, raw as never);
  if (problem) return { problem };
  const schema: Schema = SETTINGS[name].schema;
  if (schema.kind === "string" && schema.pattern && !schema.pattern.test(raw)) return { problem: `expected ${schema.expected}` };
  return { value: raw };
}

/** Settings as conversion options, in table order; kickstart options are merged, not replaced. */
export function optionsFromSettings(settings: ProjectSettings): ConvertOptions {
  let options: ConvertOptions = {};
  for (const name of SETTING_NAMES) {
    const value = settings[name];
    if (value === undefined) continue;
    const applied = (SETTINGS[name] as Setting<Schema>).apply(value as never);
    options = { ...options, ...applied, kickstart: { ...options.kickstart, ...applied.kickstart } };
  }
  return options;
}
