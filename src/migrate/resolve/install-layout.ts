import type { SourceImage } from "../../bib/profile.js";
import type { Blueprint, Customizations } from "../../blueprint/schema.js";
import { InputError } from "../../core/errors.js";
import { ksCommand } from "../../kickstart/command-builder.js";
import { parseKickstart } from "../../kickstart/parse.js";

/**
 * Where an installer ISO's disk layout goes, decided once per conversion (resolveProject) so that
 * disk.ts, installer.ts and deploy-accounts.ts cannot disagree: bootc-image-builder's anaconda-iso
 * ignores [[customizations.filesystem]] and [customizations.disk], so the layout becomes storage
 * commands of the installer kickstart, unless the blueprint's own kickstart partitions already.
 */

const FS = "customizations.filesystem";
const DISK = "customizations.disk";

type Filesystem = NonNullable<Customizations["filesystem"]>[number];

export const lvName = (mountpoint: string) => (mountpoint === "/" ? "rootlv" : `${mountpoint.replace(/^\/+/, "").replace(/[^A-Za-z0-9]+/g, "_")}lv`);

const UNITS: Record<string, number> = { "": 1, b: 1, kb: 1e3, kib: 2 ** 10, mb: 1e6, mib: 2 ** 20, gb: 1e9, gib: 2 ** 30, tb: 1e12, tib: 2 ** 40 };

/** A blueprint size (bytes, or "10 GiB") in MiB for kickstart --size, rounded up; undefined when absent or unreadable. */
export function sizeMiB(size: number | string | undefined): number | undefined {
  if (size === undefined) return undefined;
  if (typeof size === "number") return Math.ceil(size / 2 ** 20);
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(size);
  const unit = m ? UNITS[m[2]!.toLowerCase()] : undefined;
  return m && unit !== undefined ? Math.ceil((Number(m[1]) * unit) / 2 ** 20) : undefined;
}

/**
 * Root's starting size when the blueprint gives none: Anaconda rejects a logvol without a size
 * ("No size given for logical volume", pykickstart's logvol handler), so / starts at the 10 GiB
 * RHEL recommends for it ("Recommended partitioning scheme") and grows to fill the disk.
 */
const ROOT_MIB = 10240;

const sizeOptions = (mib: number | undefined, grow: boolean) => ({ "--size": mib ?? ROOT_MIB, "--grow": grow || mib === undefined });

/**
 * The blueprint's filesystems as kickstart storage commands (pykickstart part, volgroup,
 * logvol): reqpart adds the firmware partitions, / grows from its minsize (bib fills the disk
 * with it too), other mountpoints get their minsize (1 GiB when none is given).
 */
export function filesystemKickstart(filesystems: Filesystem[], lvm: boolean): string[] {
  const size = (f: Partial<Filesystem>) => sizeMiB(f.minsize ?? f.size) ?? (f.mountpoint === "/" ? undefined : 1024);
  const boot = filesystems.find((f) => f.mountpoint === "/boot");
  const others = filesystems.some((f) => f.mountpoint === "/")
    ? filesystems.filter((f) => f !== boot)
    : [{ mountpoint: "/" } as Filesystem, ...filesystems.filter((f) => f !== boot)];
  const lines = [
    ksCommand("reqpart", [], { "--add-boot": !boot }),
    ...(boot ? [ksCommand("part", ["/boot"], { "--fstype": "xfs", "--size": size(boot) })] : []),
  ];
  if (!lvm) return [...lines, ...others.map((f) => ksCommand("part", [f.mountpoint], { "--fstype": "xfs", ...sizeOptions(size(f), f.mountpoint === "/") }))];
  return [
    ...lines,
    ksCommand("part", ["pv.01"], { "--grow": true }),
    ksCommand("volgroup", ["rootvg", "pv.01"]),
    ...others.map((f) =>
      ksCommand("logvol", [f.mountpoint], {
        "--vgname": "rootvg",
        "--name": lvName(f.mountpoint),
        "--fstype": "xfs",
        ...sizeOptions(size(f), f.mountpoint === "/"),
      }),
    ),
  ];
}

type DiskLayout = NonNullable<Customizations["disk"]>;

/** [customizations.disk] partitions as kickstart commands and the keys they use; btrfs has no mapping here (undefined). */
function diskKickstart(disk: DiskLayout): { lines: string[]; used: string[] } | undefined {
  const lines = ["reqpart"];
  const used: string[] = [];
  const use = (keyPath: string, value: unknown) => value !== undefined && used.push(keyPath);
  let pv = 0;
  for (const [i, p] of (disk.partitions ?? []).entries()) {
    const at = `${DISK}.partitions[${i}]`;
    const fs = p.fs_type ?? "xfs";
    use(`${at}.type`, p.type);
    if (p.type === "lvm") {
      const vg = p.name ?? `vg${pv}`;
      use(`${at}.name`, p.name);
      use(`${at}.minsize`, p.minsize);
      const physical = `pv.0${++pv}`;
      lines.push(ksCommand("part", [physical], sizeOptions(sizeMiB(p.minsize), true)), ksCommand("volgroup", [vg, physical]));
      for (const [j, lv] of (p.logical_volumes ?? []).entries()) {
        for (const k of ["name", "mountpoint", "fs_type", "minsize"] as const) use(`${at}.logical_volumes[${j}].${k}`, lv[k]);
        lines.push(
          ksCommand("logvol", [lv.mountpoint ?? "none"], {
            "--vgname": vg,
            "--name": lv.name ?? lvName(lv.mountpoint ?? "lv"),
            "--fstype": lv.fs_type ?? "xfs",
            ...sizeOptions(sizeMiB(lv.minsize), lv.mountpoint === "/"),
          }),
        );
      }
    } else if (p.type === undefined || p.type === "plain") {
      if (p.mountpoint === undefined) continue;
      for (const k of ["mountpoint", "fs_type", "minsize"] as const) use(`${at}.${k}`, p[k]);
      lines.push(ksCommand("part", [p.mountpoint], { "--fstype": fs, ...sizeOptions(sizeMiB(p.minsize), p.mountpoint === "/") }));
    } else return undefined;
  }
  return { lines, used };
}

/** Storage commands for the installer kickstart of an ISO build, with the keys they come from. */
export interface KickstartStorage {
  lines: string[];
  keyPaths: string[];
  /** For [customizations.disk]: the keys the commands use (the rest are reported). */
  used?: string[];
}

function kickstartStorage(c: Customizations): KickstartStorage | undefined {
  if (c.disk !== undefined) {
    const layout = diskKickstart(c.disk);
    return layout ? { lines: layout.lines, keyPaths: [DISK], used: layout.used } : undefined;
  }
  const filesystems = c.filesystem ?? [];
  if (filesystems.length === 0) return undefined;
  const mode = c.partitioning_mode;
  const lvm = mode === "lvm" || (mode === "auto-lvm" && filesystems.some((f) => !["/", "/boot"].includes(f.mountpoint)));
  return { lines: filesystemKickstart(filesystems, lvm), keyPaths: filesystems.map((_, i) => `${FS}[${i}]`) };
}

/** Kickstart commands that lay out storage: a kickstart with one of them partitions by itself. */
export const STORAGE_COMMANDS = new Set(["part", "partition", "autopart", "logvol", "volgroup", "raid", "reqpart", "btrfs", "mount"]);

/**
 * image: not an ISO, config.toml carries the layout (disk.ts); none: an ISO without a layout;
 * no-kickstart-form: a disk layout edge2bootc cannot write as kickstart commands (btrfs);
 * installer-kickstart: the layout's commands are in the installer kickstart; user-partitions: the
 * blueprint's own installer kickstart partitions, so the layout is not added.
 */
export type LayoutPlacement = "image" | "none" | "no-kickstart-form" | "installer-kickstart" | "user-partitions";

export interface InstallerKickstartFacts {
  /** Whether an installer kickstart is written (into config.toml, or the installer image of bootc-generic-iso): the blueprint's contents, one written for its device or layout, or always for an installer image. */
  written: boolean;
  layout: LayoutPlacement;
  /** The layout as storage commands, when it has a kickstart form (also when it was not added, for the report). */
  storage?: KickstartStorage;
}

/** The command names of the blueprint's installer kickstart; an unparsable one is reported by installer.ts and counts as not partitioning. */
function userCommands(contents: string): Set<string> {
  try {
    return new Set(parseKickstart(contents, "installer.kickstart.contents").entries.flatMap((e) => (e.kind === "command" ? [e.name] : [])));
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    return new Set();
  }
}

/** `installerImage`: the ISO is built from an installer image, whose kickstart edge2bootc always writes (there is no builder default to fall back on). */
export function decideInstallerKickstart(blueprint: Blueprint, source: SourceImage, installerImage = false): InstallerKickstartFacts {
  const c = blueprint.customizations ?? {};
  const hasLayout = c.disk !== undefined || (c.filesystem ?? []).length > 0;
  if (!source.iso) return { written: false, layout: hasLayout ? "image" : "none" };
  const storage = kickstartStorage(c);
  const contents = c.installer?.kickstart?.contents;
  const written = installerImage || contents !== undefined || c.installation_device !== undefined || storage !== undefined;
  if (storage === undefined) return { written, layout: c.disk !== undefined ? "no-kickstart-form" : "none" };
  const partitions = contents !== undefined && [...userCommands(contents)].some((n) => STORAGE_COMMANDS.has(n));
  return { written, layout: partitions ? "user-partitions" : "installer-kickstart", storage };
}
