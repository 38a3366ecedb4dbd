import type { MapperOutput } from "../../plan/types.js";
import { Emitter, type MigrationContext } from "../resolve/context.js";

/**
 * What RHEL for edge commits shipped and the bootc base image lacks (mapping.md §5.3). dnf install
 * is idempotent, so listing a package the base already has costs nothing.
 */
export const EDGE_PARITY_PACKAGES = [
  "firewalld",
  "greenboot",
  "greenboot-default-health-checks",
  "fdo-client",
  "fdo-owner-cli",
  "usbguard",
  "clevis",
  "clevis-dracut",
  "clevis-luks",
  "tmux",
  "criu",
  "NetworkManager-wifi",
  "NetworkManager-wwan",
  "wpa_supplicant",
  "setools-console",
  "policycoreutils-python-utils",
  "ima-evm-utils",
  "traceroute",
  "rsync",
  "rootfiles",
  "containernetworking-plugins",
  "slirp4netns",
  "fuse-overlayfs",
  "dracut-network",
  "vim-minimal",
] as const;

/**
 * What RHEL 10 no longer ships of that list: the fdo-* packages (go-fdo-client replaces them,
 * Technology Preview) and containernetworking-plugins ("Considerations in adopting RHEL 10",
 * ch. 5: the package is removed and the CNI network stack is no longer supported).
 */
const GONE_IN_RHEL10 = new Set(["fdo-client", "fdo-owner-cli", "containernetworking-plugins"]);

/** The parity packages a RHEL major can install. */
export const parityPackages = (major: number): string[] => EDGE_PARITY_PACKAGES.filter((p) => major < 10 || !GONE_IN_RHEL10.has(p));

/**
 * RHEL 9.8 and 10.2 ship greenboot-rs, the Rust rewrite, under the old package names (its spec
 * builds `greenboot` and `greenboot-default-health-checks`, "Obsoletes/Conflicts for bash
 * greenboot, Provides greenboot", fedora-iot/greenboot-rs greenboot-rs.spec), with the same
 * greenboot-healthcheck.service and /etc/greenboot/check/{required,wanted}.d folders; it requires
 * bootupd, whose static GRUB config (08_greenboot.cfg) counts boots for rollback.
 */
export function shipsGreenbootRs(target: { family: string; major: number; minor?: number }): boolean {
  return target.family === "rhel" && target.minor !== undefined && ((target.major === 9 && target.minor >= 8) || (target.major === 10 && target.minor >= 2));
}

/** Edge default services that make sense without extra setup (fdo-client only runs with FDO data). */
const EDGE_PARITY_SERVICES = ["firewalld.service"];

const ANCHOR = "distro";

/** The opt-out layer that restores edge defaults, and the update-policy difference every migration has. */
export function mapEdgeParity(ctx: MigrationContext): MapperOutput {
  const out = new Emitter(ctx);
  if (ctx.options.edgeParity !== false) {
    const packages = parityPackages(ctx.target.major);
    const left = EDGE_PARITY_PACKAGES.filter((p) => !packages.includes(p));
    out.step({
      kind: "dnf-install",
      stage: "packages",
      packages,
      // clevis-dracut and dracut-network add dracut modules: rebuild the one initramfs bootc boots.
      then: ['kver=$(ls /usr/lib/modules) && dracut -vf "/usr/lib/modules/$kver/initramfs.img" "$kver"'],
      provenance: [],
      origin: "edge parity: what RHEL for edge commits shipped (--no-edge-parity leaves it out)",
    });
    out.step({
      kind: "run",
      stage: "services",
      commands: [`systemctl enable ${EDGE_PARITY_SERVICES.join(" ")}`],
      provenance: [],
      origin: "edge parity: edge's default services",
    });
    out.report("parity.edge-defaults", ANCHOR, {
      title: `edge parity: ${packages.length} packages and firewalld.service restored`,
      detail: `RHEL for edge commits shipped these and the bootc base image does not: ${packages.join(", ")}.${left.length ? ` RHEL ${ctx.target.major} does not ship ${left.join(", ")}, so they are left out (go-fdo-client replaces fdo-*; podman uses netavark instead of CNI).` : ""} Wi-Fi firmware (iwl*-firmware), ignition and dnsmasq (before 9.6) are not added; fdo-client-linuxapp.service is not enabled because it fails without FDO device data.${shipsGreenbootRs(ctx.target) ? ` On RHEL ${ctx.target.major}.${ctx.target.minor} greenboot is greenboot-rs under the same package and unit names, with health checks in the same /etc/greenboot/check/required.d and wanted.d; it relies on bootupd's GRUB config to count boots for rollback.` : ""}`,
    });
  } else {
    out.report("parity.disabled", ANCHOR, {
      title: "edge parity layer disabled",
      detail: "The image lacks what edge commits shipped by default (firewalld, greenboot, clevis, usbguard, ...), unless the blueprint lists it.",
    });
  }
  out.report("parity.auto-updates", ANCHOR, {
    title: "bootc updates itself and reboots; edge only staged updates when told to",
    detail:
      "The bootc base image enables bootc-fetch-apply-updates.timer (first run 1 h after boot, then every 8 h): it runs bootc upgrade --apply, which reboots into the new image. RHEL for edge used rpm-ostreed's AutomaticUpdatePolicy (default none).",
  });
  const { type } = ctx.source;
  if (["edge-raw-image", "edge-ami", "edge-vsphere"].includes(type)) {
    out.report("parity.disk-layout", ANCHOR, {
      title: `the ${type} LUKS + LVM layout is not reproduced`,
      detail:
        "Edge disk images put the root in LVM on LUKS (null cipher, clevis); bootc-image-builder writes plain partitions unless config.toml has a disk layout, and its disk customization has no LUKS.",
    });
  }
  return out.done();
}
