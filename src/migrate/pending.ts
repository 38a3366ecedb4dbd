import type { MapperOutput } from "../plan/types.js";
import { Emitter, type MigrationContext } from "./context.js";

/** What the user should do today for keys this version does not convert yet. */
const MANUAL_STEPS: Record<string, string> = {
  containers: "Add a quadlet .image file and link it into /usr/lib/bootc/bound-images.d (logically bound images).",
  "customizations.filesystem": "Put the mountpoints into a bootc-image-builder config.toml ([[customizations.filesystem]]).",
  "customizations.disk": "Put the layout into a bootc-image-builder config.toml ([customizations.disk]).",
  "customizations.partitioning_mode": "Describe the layout with bootc-image-builder [customizations.disk] or kickstart part/logvol lines.",
  "customizations.installation_device": "Target the device in an installer kickstart (ignoredisk --only-use=<dev>; clearpart --drives=<dev>).",
  "customizations.fdo": "Install fdo-client in the image, enable fdo-client-linuxapp.service and run device initialization out of band.",
  "customizations.openscap": "Run oscap-im --profile <id> <datastream> as the last RUN step of the Containerfile.",
  "customizations.ignition": "Install ignition in the image and pass ignition.config.url through /usr/lib/bootc/kargs.d.",
  "customizations.fips": "Add /usr/lib/bootc/kargs.d/01-fips.toml with kargs = [\"fips=1\"] and RUN update-crypto-policies --no-reload --set FIPS.",
  "customizations.installer": "Move the kickstart into bootc-image-builder config.toml [customizations.installer.kickstart].",
  "customizations.rpm": "RUN rpm --import <file> in the Containerfile after the key files exist.",
  "customizations.rhsm": "Edit /etc/rhsm/rhsm.conf and /etc/dnf/plugins/*.conf in a RUN step.",
  "customizations.cacerts": "COPY the certificates to /etc/pki/ca-trust/source/anchors/ and RUN update-ca-trust.",
  "customizations.containers-storage": "Only meaningful for physically bound images; bootc owns /usr/lib/bootc/storage.",
  "customizations.firstboot": "Ship each script with a oneshot systemd unit guarded by a stamp file in /var.",
  "customizations.dnf": "RUN mkdir -p /etc/dnf/vars && echo <release> > /etc/dnf/vars/releasever",
  "customizations.iso": "Put the ISO labels into bootc-image-builder config.toml [customizations.iso].",
  "customizations.sshd": "COPY a drop-in to /etc/ssh/sshd_config.d/00-blueprint.conf.",
};

/** Keys whose converter is not written yet: each is reported, never dropped. */
export function pendingMapper(keyPath: keyof typeof MANUAL_STEPS) {
  return (ctx: MigrationContext): MapperOutput => {
    const out = new Emitter(ctx);
    const [top, sub] = keyPath.split(".") as [string, string | undefined];
    const value = sub === undefined ? (ctx.blueprint as Record<string, unknown>)[top] : (ctx.blueprint.customizations as Record<string, unknown> | undefined)?.[sub];
    if (value === undefined) return out.done();
    out.cover(keyPath, "reported").report({
      id: "convert.not-yet-supported",
      severity: "unsupported",
      keyPath,
      title: `${keyPath} is not converted yet`,
      detail: "This version of edge2bootc recognises the key but has no converter for it; nothing from it is in the output.",
      remediation: MANUAL_STEPS[keyPath],
    });
    return out.done();
  };
}

/** minimal was removed from the blueprint schema (osbuild/blueprint 7e1ea61). */
export function mapMinimal(ctx: MigrationContext): MapperOutput {
  const out = new Emitter(ctx);
  if (ctx.blueprint.minimal === undefined) return out.done();
  out.cover("minimal", "reported").report({
    id: "blueprint.minimal-removed",
    severity: "unsupported",
    keyPath: "minimal",
    title: "minimal was removed from the blueprint format; not converted",
    detail: "bootc base images are already minimal; package selection happens in the Containerfile.",
    remediation: "Remove minimal from the blueprint.",
  });
  return out.done();
}
