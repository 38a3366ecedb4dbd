import type { MapperOutput } from "../../plan/types.js";
import { Emitter, type MigrationContext } from "../resolve/context.js";

/** fdo: the simplified installer ran device initialization; image mode has no installer step for it. */
export function mapFdo(ctx: MigrationContext): MapperOutput {
  const out = new Emitter(ctx);
  const fdo = ctx.blueprint.customizations?.fdo;
  if (fdo === undefined) return out.done();
  const keyPath = "customizations.fdo";
  const args = Object.entries(fdo).map(([k, v]) => `fdo.${k}=${k === "diun_pub_key_root_certs" ? "<the PEM from the blueprint>" : v}`);
  return out
    .cover(keyPath, "reported")
    .report("fdo.manual", keyPath, {
      title: "FIDO device onboarding is not converted",
      detail: `The edge simplified installer put ${args.join(" ") || "the FDO settings"} on the installer's kernel command line and ran device initialization from its initrd. bootc-image-builder ISOs have no such step.`,
      remediation: `Install fdo-client (RHEL 10: go-fdo-client, Technology Preview) in the Containerfile, enable fdo-client-linuxapp.service, and run device initialization out of band against ${fdo.manufacturing_server_url ?? "your manufacturing server"}.`,
    })
    .done();
}

/** ignition: bootc base images do not ship Ignition; converting it is manual and experimental. */
export function mapIgnition(ctx: MigrationContext): MapperOutput {
  const out = new Emitter(ctx);
  const ign = ctx.blueprint.customizations?.ignition;
  if (ign === undefined) return out.done();
  out.coverIfEmpty("customizations.ignition", ign);
  if (ign.firstboot !== undefined) {
    const keyPath = "customizations.ignition.firstboot";
    out.cover(keyPath, "reported").report("ignition.manual", keyPath, {
      title: "Ignition first boot is not converted",
      detail: `Edge images shipped ignition and set ignition.config.url${ign.firstboot.url ? `=${ign.firstboot.url}` : ""} on the kernel command line; bootc base images deliberately leave Ignition out.`,
      remediation: `Experimental: dnf -y install ignition ignition-edge, regenerate the initramfs, add kargs.d ["ignition.platform.id=metal"${ign.firstboot.url ? `, "ignition.config.url=${ign.firstboot.url}"` : ""}] and, with bootc-image-builder 2026-02 or later, [customizations.ignition.firstboot]. Better: move what the Ignition config does (users, files, units) into the Containerfile.`,
    });
  }
  if (ign.embedded !== undefined) {
    const keyPath = "customizations.ignition.embedded";
    out.cover(keyPath, "reported").report("ignition.embedded", keyPath, {
      title: "the embedded Ignition config is not converted",
      detail:
        "bootc-image-builder cannot embed an Ignition config. Its contents are not shown here because Ignition configs often carry password hashes and keys.",
    });
  }
  return out.done();
}

/** containers-storage.destination-path: only physically bound images have a store to place. */
export function mapContainersStorage(ctx: MigrationContext): MapperOutput {
  const out = new Emitter(ctx);
  const cs = ctx.blueprint.customizations?.["containers-storage"];
  if (cs === undefined) return out.done();
  const keyPath = "customizations.containers-storage";
  return out
    .cover(keyPath, "reported")
    .report("containers.storage-path", keyPath, {
      title: `containers-storage destination ${cs["destination-path"] ?? ""} is not used`,
      detail:
        "Edge images stored the blueprint's containers in this store. Logically bound images live in bootc's own /usr/lib/bootc/storage, " +
        "and physically bound images are kept as image folders under /usr/lib/containers-embedded and copied into the default containers-storage " +
        "(/var/lib/containers/storage) on the device. No additional image store is configured: the bootc and MicroShift docs advise against one, because image updates break it.",
    })
    .done();
}
