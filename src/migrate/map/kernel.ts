import TOML from "@iarna/toml";
import type { MapperOutput } from "../../plan/types.js";
import { shq } from "../../util/shell.js";
import { CONTAINERFILE, Emitter, type MigrationContext } from "../resolve/context.js";

export const KARGS_FILE = "usr/lib/bootc/kargs.d/10-blueprint.toml";

const KERNEL_SUBPACKAGES = ["core", "modules", "modules-core", "modules-extra"];

export function mapKernel(ctx: MigrationContext): MapperOutput {
  const out = new Emitter(ctx);
  const kernel = ctx.blueprint.customizations?.kernel;
  if (kernel === undefined) return out.done();
  out.coverIfEmpty("customizations.kernel", kernel);

  if (kernel.append !== undefined) {
    const keyPath = "customizations.kernel.append";
    const kargs = ctx.kernelArgs;
    if (kargs.length > 0) {
      out.overlayFile(`/${KARGS_FILE}`, TOML.stringify({ kargs }), [keyPath]);
    }
    out.cover(keyPath, "converted", `/${KARGS_FILE}`).report("kernel.append-kargs-d", keyPath, {
      title: "Kernel arguments move to a bootc kargs.d file",
      detail:
        "bootc applies /usr/lib/bootc/kargs.d/*.toml at install and diffs it on every update, keeping kernel arguments added locally on the machine. " +
        "On RHEL for edge, disk images wrote them once at build time.",
    });
  }

  if (kernel.name !== undefined) {
    const keyPath = "customizations.kernel.name";
    const name = kernel.name;
    if (name === "kernel-rt" && ctx.microshift?.realtime) {
      // migrate/microshift.ts installs microshift-low-latency and its tuned profile instead, and says so.
      out.cover(keyPath, "converted", "microshift-low-latency (tuned)");
    } else if (name === "kernel") {
      out.cover(keyPath, "converted").report("kernel.default-flavour", keyPath, {
        title: 'kernel.name = "kernel" is the base image\'s own kernel; nothing to change',
        detail: "The bootc base image ships the default kernel.",
      });
    } else {
      const remove = ["kernel", ...KERNEL_SUBPACKAGES.map((s) => `kernel-${s}`)];
      const install = KERNEL_SUBPACKAGES.filter((s) => s !== "modules-core").map((s) => shq(`${name}-${s}`));
      // A build sees BaseOS and AppStream only; kernel-rt lives in the Real Time repository
      // ("Installing RHEL for Real Time": rhel-<major>-for-<arch>-rt-rpms), which the build host's subscription must carry.
      const realtime = name.startsWith("kernel-rt");
      const enable = realtime ? [`dnf config-manager --set-enabled "rhel-${ctx.target.major}-for-$(uname -m)-rt-rpms"`] : [];
      out.step({
        kind: "run",
        stage: "kernel",
        provenance: [ctx.at(keyPath)],
        commands: [
          ...enable,
          `dnf -y remove ${remove.join(" ")}`,
          // The base image's initramfs.img is generated, not owned by an RPM: dnf remove leaves
          // the old /usr/lib/modules/<version> behind, and bootc wants exactly one kernel there.
          "rm -rf /usr/lib/modules/*",
          `dnf -y install ${install.join(" ")}`,
          "kver=$(ls /usr/lib/modules)",
          'test "$(echo "$kver" | wc -w)" = 1',
          'dracut -vf "/usr/lib/modules/$kver/initramfs.img" "$kver"',
          "dnf clean all",
        ],
      });
      out.cover(keyPath, "converted", CONTAINERFILE).report("kernel.flavour-swap", keyPath, {
        title: `The base image's kernel is replaced by ${name}; verify the build`,
        detail:
          "A bootc image must hold exactly one kernel with its initramfs at /usr/lib/modules/$kver/initramfs.img. " +
          `The generated layer removes the stock kernel, installs ${name}'s sub-packages and regenerates the initramfs. ` +
          "Sub-package names differ between flavours and minor releases." +
          (realtime
            ? ` The layer enables the Real Time repository (rhel-${ctx.target.major}-for-<arch>-rt-rpms); the build host's subscription must include RHEL for Real Time.`
            : ""),
        remediation: `Build the image and run: podman run --rm <image> rpm -qa '${name}*' ; fix the sub-package list in the Containerfile if dnf cannot find one.`,
      });
    }
  }
  return out.done();
}
