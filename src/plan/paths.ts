/** Where the assembler puts the generated systemd configuration, relative to the output folder. */
export const TMPFILES_PATH = "overlay/usr/lib/tmpfiles.d/50-edge2bootc.conf";
export const SYSUSERS_PATH = "overlay/usr/lib/sysusers.d/50-edge2bootc.conf";

/** bootc-image-builder's config file, at the root of the output folder. */
export const BIB_CONFIG = "config.toml";

/** The installer image of a bootc-generic-iso (render/installer-image.ts): its build context and its kickstart. */
export const INSTALLER_IMAGE_DIR = "installer";
export const INSTALLER_IMAGE_KICKSTART = `${INSTALLER_IMAGE_DIR}/interactive-defaults.ks`;
