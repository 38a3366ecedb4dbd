import type { Customizations } from "../../blueprint/schema.js";
import { bibHas } from "../../bib/profile.js";
import { BIB_CONFIG } from "../../plan/paths.js";
import type { MapperOutput } from "../../plan/types.js";
import { filesystemKickstart, lvName } from "../resolve/install-layout.js";
import { shq } from "../../util/shell.js";
import { Emitter, type MigrationContext } from "../resolve/context.js";
import { classifyPath, safeAbsolutePath } from "../resolve/paths.js";

const FS = "customizations.filesystem";
const DISK = "customizations.disk";
const MODE = "customizations.partitioning_mode";

/** /var subdirectories that are symlinks on bootc systems; bib refuses them as mountpoints. */
const VAR_SYMLINKS = new Set(["home", "lock", "mail", "mnt", "roothome", "run", "srv", "usrlocal"]);

/** bib's mountpoint policy for [[customizations.filesystem]] (mapping.md §2.2 filesystem). */
export function bibAcceptsMountpoint(mountpoint: string, profile: string | undefined): boolean {
  const m = mountpoint.replace(/\/+$/, "") || "/";
  if (m === "/" || m === "/boot") return true;
  const sub = /^\/var\/([^/]+)/.exec(m);
  return sub !== null && !VAR_SYMLINKS.has(sub[1]!) && bibHas(profile, "filesystem.var");
}

type Filesystem = NonNullable<Customizations["filesystem"]>[number];

/** bib's minsize from the blueprint's minsize (or its older spelling, size), when there is one. */
const minsize = (fs: Partial<Filesystem>) => {
  const v = fs.minsize ?? fs.size;
  return v === undefined ? {} : { minsize: v };
};

/** One LVM volume group holding / and every mountpoint, as edge's LVM layout did (bib [customizations.disk]). */
function lvmLayout(filesystems: Filesystem[]): Record<string, unknown> {
  const mounts = filesystems.some((f) => f.mountpoint === "/") ? filesystems : [{ mountpoint: "/" }, ...filesystems];
  const boot = mounts.find((f) => f.mountpoint === "/boot");
  const lvs = mounts
    .filter((f) => f.mountpoint !== "/boot")
    .map((f) => ({ name: lvName(f.mountpoint), mountpoint: f.mountpoint, fs_type: "xfs", ...minsize(f) }));
  return {
    partitions: [
      { type: "plain", mountpoint: "/boot", fs_type: "xfs", minsize: "1 GiB", ...(boot ? minsize(boot) : {}) },
      { type: "lvm", name: "rootvg", logical_volumes: lvs },
    ],
  };
}

const kickstartLines = (filesystems: Filesystem[]) => filesystemKickstart(filesystems, true).join("; ");

/** Every mountpoint the blueprint's layout names (filesystem entries, disk partitions and logical volumes), with its key. */
export function layoutMountPoints(c: Customizations): [string, string][] {
  const points: [string, string][] = (c.filesystem ?? []).map((f, i) => [f.mountpoint, `${FS}[${i}].mountpoint`]);
  (c.disk?.partitions ?? []).forEach((p, i) => {
    if (p.mountpoint !== undefined) points.push([p.mountpoint, `${DISK}.partitions[${i}].mountpoint`]);
    (p.logical_volumes ?? []).forEach(
      (lv, j) => lv.mountpoint !== undefined && points.push([lv.mountpoint, `${DISK}.partitions[${i}].logical_volumes[${j}].mountpoint`]),
    );
  });
  return points;
}

/**
 * A mountpoint outside the image's usual folders (/data) must exist in the image: bootc's root
 * is read-only at run time, so nothing can create it at boot, the mount fails and the machine
 * boots to emergency mode (bootc docs, "filesystem": top-level directories are made in the
 * Containerfile). /var ones are made at install or boot; /, /boot and /boot/efi by the installer.
 */
function createMountPoints(ctx: MigrationContext, out: Emitter) {
  const wanted = new Map<string, string[]>();
  for (const [raw, keyPath] of layoutMountPoints(ctx.blueprint.customizations ?? {})) {
    const path = safeAbsolutePath(raw);
    if (path === undefined || classifyPath(path).kind !== "other-root") continue;
    wanted.set(path, [...(wanted.get(path) ?? []), keyPath]);
  }
  if (wanted.size === 0) return;
  const paths = [...wanted.keys()].sort();
  out.run("overlay", [`mkdir -p ${paths.map(shq).join(" ")}`], [...wanted.values()].flat());
  out.report("bib.mountpoint-created", wanted.get(paths[0]!)![0]!, {
    title: `mount point${paths.length > 1 ? "s" : ""} ${paths.join(", ")} created in the image`,
    detail: "The root filesystem of a bootc system is read-only, so a mount point outside /var must already exist in the image, or the mount fails at boot.",
  });
}

/** ISO builds: bootc-image-builder ignores filesystem and disk there, so the layout goes into the installer kickstart. */
function layoutInKickstart(ctx: MigrationContext, out: Emitter): MapperOutput {
  const c = ctx.blueprint.customizations ?? {};
  // Decided once (install-layout.ts): a layout the blueprint's own kickstart overrides is reported by installer.ts.
  const { layout } = ctx.installerKickstart;
  const storage = layout === "installer-kickstart" ? ctx.installerKickstart.storage : undefined;
  const where = `${BIB_CONFIG} (installer kickstart)`;
  out.coverIfEmpty(FS, c.filesystem, where);
  if (c.disk !== undefined) {
    // Every key of the layout is accounted for: what the kickstart uses moved, the rest reported.
    const unused = storage ? out.coverUsed(DISK, c.disk, new Set(storage.used), "moved", where) : (out.coverLeaves(DISK, c.disk, "reported"), []);
    if (unused.length > 0)
      out.report("bib.layout-key-unused", unused[0]!, {
        title: `${unused.length} key(s) of the disk layout have no kickstart form and were not carried over`,
        detail: `Not in the installer kickstart: ${unused.join(", ")}.`,
      });
  }
  if (layout === "no-kickstart-form") {
    out.report("bib.layout-no-kickstart-form", DISK, {
      title: "this disk layout has no kickstart form here (btrfs)",
      detail: "anaconda-iso builds ignore [customizations.disk]; the layout must be written as kickstart storage commands.",
    });
  }
  const moved = storage !== undefined && c.disk === undefined;
  (c.filesystem ?? []).forEach((_, i) => out.cover(`${FS}[${i}]`, moved ? "moved" : "reported", moved ? where : undefined));
  if (c.partitioning_mode !== undefined) out.cover(MODE, storage ? "moved" : "reported", storage ? where : undefined);
  if (storage) {
    out.report("bib.layout-in-kickstart", storage.keyPaths[0]!, {
      title: "the disk layout went into the installer kickstart",
      detail: `bootc-image-builder's anaconda-iso ignores ${c.disk !== undefined ? "[customizations.disk]" : "[[customizations.filesystem]]"}; the installer kickstart partitions with: ${storage.lines.join("; ")}.`,
    });
  }
  return out.done();
}

/**
 * filesystem, disk and partitioning_mode: disk-image layout for bootc-image-builder. bib takes
 * filesystem XOR disk; mountpoints its policy refuses move into an LVM disk layout when the
 * profile has `disk`, else into kickstart part/logvol advice.
 */
export function mapDiskLayout(ctx: MigrationContext): MapperOutput {
  const out = new Emitter(ctx);
  createMountPoints(ctx, out);
  if (ctx.source.iso) return layoutInKickstart(ctx, out);
  const c = ctx.blueprint.customizations ?? {};
  const profile = ctx.options.bibProfile;
  const filesystems = c.filesystem ?? [];
  out.coverIfEmpty(FS, c.filesystem, BIB_CONFIG);
  const refused = filesystems.filter((f) => !bibAcceptsMountpoint(f.mountpoint, profile));
  const mode = c.partitioning_mode;
  const wantsLvm = mode === "lvm" || (mode === "auto-lvm" && filesystems.some((f) => !["/", "/boot"].includes(f.mountpoint)));

  if (c.disk !== undefined) {
    if (bibHas(profile, "disk")) {
      out.bib(DISK, c.disk, [DISK]).coverLeaves(DISK, c.disk, "moved", BIB_CONFIG);
    } else {
      out.cover(DISK, "reported").report("bib.profile-lacks-key", DISK, {
        title: `bootc-image-builder ${profile} has no [customizations.disk]`,
        detail: "disk arrived in bib in 2024-11.",
        remediation: "Use a newer bib (--bib-profile 2024-11 or later) or describe the layout with kickstart part/logvol lines.",
      });
    }
    filesystems.forEach((_, i) =>
      out.cover(`${FS}[${i}]`, "reported").report("bib.filesystem-and-disk", `${FS}[${i}]`, {
        title: "filesystem is ignored next to disk",
        detail: "bootc-image-builder takes either filesystem or disk, not both; disk was kept.",
      }),
    );
  } else if ((refused.length > 0 || wantsLvm) && filesystems.length > 0) {
    const keyPaths = filesystems.map((_, i) => `${FS}[${i}]`);
    if (bibHas(profile, "disk")) {
      out.bib(DISK, lvmLayout(filesystems), keyPaths);
      keyPaths.forEach((k) => out.cover(k, "moved", `${BIB_CONFIG} [customizations.disk]`));
      out.report("bib.filesystem-as-disk", refused.length ? `${FS}[${filesystems.indexOf(refused[0]!)}]` : MODE, {
        title: `${refused.length ? refused.map((f) => f.mountpoint).join(", ") : "the mountpoints"} became an LVM disk layout`,
        detail:
          "bootc-image-builder only mounts /, /boot and /var/* through [[customizations.filesystem]]; other mountpoints need [customizations.disk]. The layout is one volume group rootvg with a logical volume per mountpoint (xfs). Content the image ships under these paths is hidden by the mounted volume.",
      });
    } else {
      keyPaths.forEach((k) => out.cover(k, "reported"));
      out.report("bib.mountpoint-refused", `${FS}[${filesystems.indexOf(refused[0] ?? filesystems[0]!)}]`, {
        title: "bootc-image-builder refuses these mountpoints",
        detail: `bib ${profile} has no [customizations.disk].`,
        remediation: `Install with a kickstart instead: ${kickstartLines(filesystems)}.`,
      });
    }
  } else {
    filesystems.forEach((f, i) => out.bib(FS, { mountpoint: f.mountpoint, ...minsize(f) }, [`${FS}[${i}]`], true).cover(`${FS}[${i}]`, "moved", BIB_CONFIG));
  }

  if (mode !== undefined) {
    const handled = wantsLvm && filesystems.length > 0 && c.disk === undefined;
    const needsNothing = handled || mode === "raw" || mode === "" || mode === "auto-lvm";
    out.cover(MODE, handled ? "moved" : "reported").report(needsNothing ? "bib.partitioning-mode" : "bib.partitioning-mode-unsupported", MODE, {
      title: `partitioning_mode = "${mode}" ${handled ? "became the LVM disk layout" : mode === "lvm" ? "needs a layout to apply to" : "needs no setting"}`,
      detail: "bootc-image-builder has no partitioning_mode; its default layout is plain partitions.",
      ...(mode === "lvm" && !handled
        ? { remediation: "Add [[customizations.filesystem]] entries (they become an LVM layout) or use kickstart autopart --type=lvm." }
        : {}),
    });
  }
  return out.done();
}
