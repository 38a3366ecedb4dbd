import type { MapperOutput } from "../../plan/types.js";
import { CONTAINERFILE, Emitter, type MigrationContext } from "../resolve/context.js";

/** name, description, version → OCI labels. */
export function mapMetadata(ctx: MigrationContext): MapperOutput {
  const { name, description, version } = ctx.blueprint;
  const out = new Emitter(ctx);
  out.out.labels = { title: name, description, version };
  out.out.labelsProvenance = (["name", "description", "version"] as const).filter((k) => ctx.blueprint[k] !== undefined).map((k) => ctx.at(k));
  for (const key of ["name", "description", "version"] as const) {
    if (ctx.blueprint[key] !== undefined) out.cover(key, "converted", CONTAINERFILE);
  }
  if (version !== undefined && !/^\d+\.\d+\.\d+$/.test(version)) {
    out.report("metadata.version-not-semver", "version", {
      title: `version "${version}" is not semver; it is used as-is in the image label`,
      detail: "osbuild-composer requires semver versions. Image labels have no such rule, but image tags allow only [A-Za-z0-9_.-].",
    });
  }
  return out.done();
}

const PLATFORMS: Record<string, string> = { x86_64: "linux/amd64", aarch64: "linux/arm64" };

/** distro → FROM (through the target), architecture → the build's --platform. */
export function mapPlatform(ctx: MigrationContext): MapperOutput {
  const { distro, architecture } = ctx.blueprint;
  const { target } = ctx;
  const out = new Emitter(ctx);
  out.out.baseImage = { image: target.baseImage, provenance: distro !== undefined ? [ctx.at("distro")] : [] };
  if (distro !== undefined) out.cover("distro", "converted", CONTAINERFILE);
  if (target.rhel8Source) {
    out.report("platform.rhel8-fleet", "distro", {
      title: `${distro} devices cannot switch to this image: RHEL 8 has no bootc`,
      detail:
        "There are no RHEL 8 bootc images, and a RHEL 8 edge device has neither bootc nor a supported way to rebase onto a container image. The image is built for RHEL 9, whose packages and defaults differ.",
    });
  }
  if (target.origin === "default") {
    out.report("platform.base-image-defaulted", "distro", {
      title: distro ? `distro "${distro}" has no bootc base image; using ${target.baseImage}` : `No distro in the blueprint; using ${target.baseImage}`,
      detail:
        "bootc base images exist for RHEL 9 and 10, CentOS Stream 9 and later, and Fedora. Without a recognised " +
        "distro the converter picks the RHEL 9 image and applies RHEL 9 rules.",
    });
  } else if (target.raisedFrom !== undefined && target.origin === "distro") {
    out.report("platform.release-without-bootc-image", "distro", {
      title: `RHEL ${target.raisedFrom} has no bootc base image; using ${target.baseImage}`,
      detail: `rhel-bootc images exist from RHEL ${target.major}.${target.minor} on. The image is built on that release, so packages and behaviour are those of RHEL ${target.major}.${target.minor}, not ${target.raisedFrom}.`,
      remediation: `Set distro = "rhel-${target.major}.${target.minor}" (or later) once the workload is tested there, or pass --base-image.`,
    });
  } else if (target.origin === "option" && distro !== undefined) {
    out.report("platform.base-image-overridden", "distro", {
      title: `--base-image ${target.baseImage} overrides distro "${distro}"`,
      detail: "The base image given on the command line wins over the one derived from the blueprint's distro.",
    });
  }
  if (architecture !== undefined) {
    const platform = PLATFORMS[architecture];
    out.cover("architecture", "moved", "podman build --platform");
    out.report(platform ? "platform.architecture" : "platform.architecture-unknown", "architecture", {
      title: platform ? `architecture ${architecture} becomes the build platform ${platform}` : `architecture "${architecture}" has no RHEL bootc base image`,
      detail: "A Containerfile has no architecture: it is chosen when the image is built, and bootc-image-builder must run on the same architecture.",
      remediation: platform
        ? `podman build --platform ${platform} -t <image> .`
        : "Use x86_64 or aarch64, the architectures RHEL bootc images are published for.",
    });
  }
  return out.done();
}
