/** The edge image types a blueprint was built as (image-builder's edge-* types). */
export const SOURCE_IMAGE_TYPES = [
  "edge-commit",
  "edge-container",
  "edge-installer",
  "edge-raw-image",
  "edge-simplified-installer",
  "edge-ami",
  "edge-vsphere",
] as const;
export type SourceImageType = (typeof SOURCE_IMAGE_TYPES)[number];

/**
 * When bootc-image-builder started to accept each config.toml feature (mapping.md §2.0 rule 8,
 * from bib's git history). A profile is a bib release month; only features it has are emitted.
 */
export const BIB_FEATURES = {
  user: "2024-04",
  group: "2024-04",
  "kernel.append": "2024-04",
  filesystem: "2024-05",
  "installer.kickstart": "2024-05",
  "filesystem.var": "2024-08",
  "installer.modules": "2024-08",
  disk: "2024-11",
  fips: "2024-11",
  iso: "2025-12",
  "ignition.firstboot": "2026-02",
  // image-builder gained bootc-generic-iso in 2026-01 (osbuild/image-builder#2133); bootc-image-builder
  // :latest still refused it in 2026-05 (osbuild/bootc-image-builder#1221) and is built from the
  // image-builder repository by 2026-08 (osbuild/image-builder#2610).
  "bootc-generic-iso": "2026-08",
} as const;
export type BibFeature = keyof typeof BIB_FEATURES;

/**
 * How an installer ISO is built: bootc-image-builder's anaconda-iso (from RPMs, the image embedded),
 * or image-builder's bootc-generic-iso from an installer image edge2bootc writes (installer/).
 */
export const ISO_TYPES = ["anaconda-iso", "bootc-generic-iso"] as const;
export type IsoType = (typeof ISO_TYPES)[number];

/** The 2025 baseline: what a bib pulled in mid-2025 accepts. */
export const DEFAULT_BIB_PROFILE = "2025-06";

export function isBibProfile(value: string): boolean {
  return /^20\d\d-(0[1-9]|1[0-2])$/.test(value);
}

export function bibHas(profile: string | undefined, feature: BibFeature): boolean {
  return (profile ?? DEFAULT_BIB_PROFILE) >= BIB_FEATURES[feature];
}

/** What replaces each edge image type (mapping.md §4). */
export const IMAGE_TYPE_TARGET: Record<SourceImageType, { bibType?: string; iso: boolean; deployTimeUsers: boolean }> = {
  "edge-commit": { iso: false, deployTimeUsers: false },
  "edge-container": { iso: false, deployTimeUsers: false },
  "edge-installer": { bibType: "anaconda-iso", iso: true, deployTimeUsers: true },
  "edge-simplified-installer": { bibType: "anaconda-iso", iso: true, deployTimeUsers: true },
  "edge-raw-image": { bibType: "raw", iso: false, deployTimeUsers: true },
  "edge-ami": { bibType: "ami", iso: false, deployTimeUsers: true },
  "edge-vsphere": { bibType: "vmdk", iso: false, deployTimeUsers: true },
};

/** The edge image type a conversion is for (edge-commit unless given) and what replaces it. */
export type SourceImage = { type: SourceImageType; bibType?: string; iso: boolean; deployTimeUsers: boolean };

export function sourceImage(options: { sourceImageType?: SourceImageType }): SourceImage {
  const type = options.sourceImageType ?? "edge-commit";
  return { type, ...IMAGE_TYPE_TARGET[type] };
}

/**
 * What bootc-image-builder applies from config.toml for each family of image types (mapping.md
 * §3 table, from osbuild/images' bootc customization checks): disk images (qcow2, raw, ami,
 * vmdk, ...) take accounts, kernel arguments, filesystems, disk layouts and Ignition; the
 * anaconda-iso takes accounts, kernel arguments, FIPS, the installer and ISO labels. Anything
 * else in config.toml is rejected or ignored by that image type.
 */
const BIB_KEYS_BY_FAMILY = {
  disk: ["customizations.user", "customizations.group", "customizations.kernel", "customizations.filesystem", "customizations.disk", "customizations.ignition"],
  iso: ["customizations.user", "customizations.group", "customizations.kernel", "customizations.fips", "customizations.installer", "customizations.iso"],
} as const;

/** Whether the image type the conversion is for takes a config.toml key (commits: a later qcow2, a disk type). */
export function bibTypeAccepts(source: SourceImage, path: string): boolean {
  const keys: readonly string[] = BIB_KEYS_BY_FAMILY[source.iso ? "iso" : "disk"];
  return keys.some((k) => path === k || path.startsWith(`${k}.`));
}
