import { BOOTLOADER_IGNORED_OPTIONS, type InstallerCommand } from "./commands.js";
import type { Rewrites } from "./rewrites.js";
import { refOf, where, type KickstartFindings } from "./findings.js";
import type { KickstartCommand } from "./model.js";

/**
 * With an ostree payload anaconda skips its bootloader configuration: only kernel arguments,
 * --leavebootorder and the boot drive still matter (kickstart.md §2.2). The others are removed
 * (a --password value is never repeated in the report); with bootc only --append is documented.
 */
export function bootloaderRewrite(cmd: KickstartCommand, rewrites: Rewrites, installer: InstallerCommand, out: KickstartFindings) {
  const kept: string[] = [cmd.args[0]!.value];
  const removed: string[] = [];
  const args = cmd.args;
  for (let i = 1; i < args.length; i++) {
    const v = args[i]!.value;
    const name = v.split("=", 1)[0]!;
    const takesValue = BOOTLOADER_IGNORED_OPTIONS[name];
    if (takesValue === undefined) {
      kept.push(cmd.raw.slice(args[i]!.start, args[i + 1]?.start ?? undefined).trimEnd());
      continue;
    }
    removed.push(name);
    if (takesValue && !v.includes("=")) i++;
  }
  if (removed.length > 0) {
    rewrites.set(where(cmd), [`# edge2bootc: removed ${removed.join(", ")} from bootloader (no effect with an image payload)`, kept.join(" ")]);
    out.add("kickstart.bootloader-option-ignored", refOf(cmd), {
      title: `bootloader ${removed.join(", ")} removed`,
      detail: "bootupd or ostree manage the boot loader of an image-mode system, so these options have no effect.",
      remediation: removed.includes("--password")
        ? "Set a GRUB password in the image if you need one (grub2-setpassword writes /boot, so do it on first boot)."
        : undefined,
    });
  }
  const unsupported = kept
    .slice(1)
    .map((k) => k.split("=", 1)[0]!)
    .filter((n) => n.startsWith("--") && n !== "--append");
  if (installer === "bootc" && unsupported.length > 0) {
    out.add("kickstart.not-supported-with-bootc", refOf(cmd), {
      title: `bootloader ${unsupported.join(", ")} is not listed as supported with the bootc command`,
      detail: "The RHEL 10 documentation lists only bootloader --append for bootc installs.",
    });
  }
}
