import type { Blueprint } from "../../blueprint/schema.js";
import { createHash } from "node:crypto";
import type { MapperOutput } from "../../plan/types.js";
import { iniFile } from "../../util/ini.js";
import { shq } from "../../util/shell.js";
import { Emitter, type MigrationContext } from "../resolve/context.js";
import { supportsBoundImages } from "../resolve/project.js";

type Container = NonNullable<Blueprint["containers"]>[number];

const QUADLETS = "/usr/share/containers/systemd";
const BOUND = "/usr/lib/bootc/bound-images.d";
const EMBEDDED = "/usr/lib/containers-embedded";
const IMAGE_LIST = `${EMBEDDED}/image-list.txt`;
/** Written at build time from microshift-release-info (the release images of the installed MicroShift). */
const RELEASE_IMAGE_LIST = `${EMBEDDED}/release-image-list.txt`;
const COPY_SCRIPT = "/usr/libexec/edge2bootc-embedded-images";
const COPY_UNIT = "edge2bootc-embedded-images.service";
const PULL_SECRET = "/run/secrets/pull-secret.json";

/** A file-name-safe name for an image: the blueprint's name, else the repository's last component. */
function imageSlug(c: Container): string {
  const base =
    (c.name ?? c.source)
      .replace(/[@:][^/]*$/, "")
      .split("/")
      .at(-1) ?? "image";
  return base.toLowerCase().replace(/[^a-z0-9_.-]+/g, "-") || "image";
}

/**
 * Where a physically bound image is stored: one folder per pull spec, named by its SHA-256 as
 * MicroShift does (docs/config/Containerfile.bootc-embedded-rhel9). The last path component is
 * not unique: quay.io/openshift-release-dev/ocp-v4.0-art-dev@sha256:… names dozens of images.
 */
export const embeddedDir = (source: string) => `${EMBEDDED}/${createHash("sha256").update(source).digest("hex")}`;

/** The repository of a pull spec (no tag or digest): what a registries.conf entry is scoped to. */
export function repositoryOf(source: string): string {
  const noDigest = source.split("@")[0]!;
  const lastSlash = noDigest.lastIndexOf("/");
  const colon = noDigest.indexOf(":", lastSlash + 1);
  return colon >= 0 ? noDigest.slice(0, colon) : noDigest;
}

function logical(out: Emitter, c: Container, keyPath: string, slug: string) {
  out.overlayFile(`${QUADLETS}/${slug}.image`, iniFile([{ name: "Image", entries: [["Image", c.source]] }]), [keyPath]);
  out.run("overlay", [`mkdir -p ${BOUND}`, `ln -sf ${QUADLETS}/${slug}.image ${BOUND}/${slug}.image`], [keyPath]);
  out.cover(keyPath, "converted", `${BOUND}/${slug}.image`);
}

/**
 * Registries that never serve an image without credentials: Red Hat's registries and the
 * OpenShift release repository MicroShift's release images come from (the pull secret is
 * "required" to install MicroShift, Red Hat build of MicroShift docs, "Installing with an RPM package").
 */
const NEEDS_AUTH = /^(?:registry\.redhat\.io|registry\.connect\.redhat\.com|quay\.io\/openshift-release-dev)\//;

/** skopeo retries a copy that fails on the network before the build gives up. */
const RETRIES = "--retry-times=3";

/**
 * A build-time copy into EMBEDDED. Registry auth comes from the build secret id=pull-secret,
 * handed to skopeo as "$@" so no command substitution is word-split. Where the registry needs
 * it the secret is required, so a build without it stops at once instead of embedding nothing.
 */
function copyWithBuildSecret(out: Emitter, copy: string, keyPaths: string[], required: boolean) {
  out.step({
    kind: "run",
    stage: "embeddedImages",
    mounts: [`--mount=type=secret,id=pull-secret,target=${PULL_SECRET},required=${required}`],
    commands: [
      `mkdir -p ${EMBEDDED}`,
      required ? `set -- --authfile ${PULL_SECRET}` : `if [ -f ${PULL_SECRET} ]; then set -- --authfile ${PULL_SECRET}; else set --; fi`,
      copy,
    ],
    provenance: keyPaths.map((k) => out.at(k)),
  });
}

function physical(out: Emitter, c: Container, keyPath: string) {
  const tls = c["tls-verify"] === false ? " --src-tls-verify=false" : "";
  const copy = `skopeo copy ${RETRIES} --all --preserve-digests${tls} "$@" ${shq(`docker://${c.source}`)} ${shq(`dir:${embeddedDir(c.source)}`)}`;
  copyWithBuildSecret(out, copy, [keyPath], NEEDS_AUTH.test(c.source));
  out.cover(keyPath, "converted", embeddedDir(c.source));
}

/**
 * The copy of physically bound images into containers-storage. It runs every time, not only
 * when a name is missing (an image updated in the bootc image must replace the old one): at
 * every boot, or with MicroShift before every start of microshift.service, as MicroShift's own
 * microshift-copy-images drop-in does.
 */
function embeddedCopyUnit(out: Emitter, images: { source: string; name: string }[], microshift: boolean) {
  const list = images.map(({ source, name }) => `${embeddedDir(source).slice(EMBEDDED.length + 1)} ${name}\n`).join("");
  out.overlayFile(IMAGE_LIST, list, ["containers"]);
  const script = [
    "#!/bin/bash",
    `# Copies the images embedded in the bootc image (${EMBEDDED}) into containers-storage.`,
    "set -euo pipefail",
    `for list in ${IMAGE_LIST} ${RELEASE_IMAGE_LIST}; do`,
    '  [ -f "$list" ] || continue',
    "  while read -r dir name; do",
    `    skopeo copy --preserve-digests "dir:${EMBEDDED}/$dir" "containers-storage:$name"`,
    '  done < "$list"',
    "done",
  ].join("\n");
  out.overlayFile(COPY_SCRIPT, `${script}\n`, ["containers"], "0755");
  if (microshift) {
    // MicroShift's own pattern (microshift-copy-images.conf): the copy runs before every start.
    const dropIn = iniFile([{ name: "Service", entries: [["ExecStartPre", COPY_SCRIPT]] }]);
    out.overlayFile("/usr/lib/systemd/system/microshift.service.d/10-edge2bootc-embedded-images.conf", dropIn, ["containers"]);
    return;
  }
  const unit = iniFile([
    {
      name: "Unit",
      entries: [
        ["Description", "Copy embedded container images into containers-storage"],
        ["After", "local-fs.target"],
        ["Before", "multi-user.target"],
      ],
    },
    {
      name: "Service",
      entries: [
        ["Type", "oneshot"],
        ["ExecStart", COPY_SCRIPT],
      ],
    },
    { name: "Install", entries: [["WantedBy", "multi-user.target"]] },
  ]);
  out.overlayFile(`/usr/lib/systemd/system/${COPY_UNIT}`, unit, ["containers"]);
  out.run("services", [`systemctl enable ${COPY_UNIT}`], ["containers"]);
}

/**
 * MicroShift's release images, read from microshift-release-info at build time as MicroShift's own
 * Containerfile.bootc-embedded-rhel9 does, so they always match the MicroShift that is installed;
 * each goes into the same per-pull-spec folder as the blueprint's other images.
 */
function releaseImagesFromReleaseInfo(out: Emitter, keyPaths: string[]) {
  // No pipeline into `while read`: its status is the loop's last echo, so a failed pull used to
  // build an image with nothing embedded. Every failure (jq, an empty list, a copy) ends the RUN.
  copyWithBuildSecret(
    out,
    `images=$(jq -r '.images[]' "/usr/share/microshift/release/release-$(uname -m).json") && test -n "$images" && ` +
      `for img in $images; do ` +
      `dir=$(printf '%s' "$img" | sha256sum | cut -d ' ' -f 1) && ` +
      `skopeo copy ${RETRIES} --all --preserve-digests "$@" "docker://$img" "dir:${EMBEDDED}/$dir" && ` +
      `echo "$dir $img" >> ${RELEASE_IMAGE_LIST} || exit 1; done`,
    keyPaths,
    true,
  );
}

/** registries.conf.d entry for one repository pulled without TLS verification (containers-registries.conf(5): prefix match). */
function insecureRepository(out: Emitter, repository: string, keyPath: string) {
  const name = repository.replace(/[^A-Za-z0-9.-]+/g, "_");
  out.overlayFile(`/etc/containers/registries.conf.d/50-${name}.conf`, `[[registry]]\nlocation = ${JSON.stringify(repository)}\ninsecure = true\n`, [keyPath]);
}

/** [[containers]]: logically bound images (default) or images physically inside the bootc image. */
export function mapContainers(ctx: MigrationContext): MapperOutput {
  const out = new Emitter(ctx);
  const containers = ctx.blueprint.containers;
  if (containers === undefined) return out.done();
  out.coverIfEmpty("containers", containers);
  const strategy = ctx.containers;
  const microshift = ctx.microshift !== undefined;
  const fromReleaseInfo = new Set(strategy === "physical" ? (ctx.microshift?.releaseImages ?? []) : []);
  const insecure = new Map<string, string>();
  const embedded: { source: string; name: string }[] = [];
  containers.forEach((c, i) => {
    const keyPath = `containers[${i}]`;
    if (strategy === "logical") logical(out, c, keyPath, imageSlug(c));
    else if (fromReleaseInfo.has(i)) out.cover(keyPath, "converted", `${RELEASE_IMAGE_LIST} (microshift-release-info)`);
    else {
      physical(out, c, keyPath);
      embedded.push({ source: c.source, name: c.name ?? c.source });
    }
    // Physically bound images are pulled at build time only: the device never contacts the registry.
    if (c["tls-verify"] === false && strategy === "logical") insecure.set(repositoryOf(c.source), `${keyPath}.tls-verify`);
    if (c.name !== undefined && c.name !== c.source && strategy === "logical") {
      out.report("containers.rename", `${keyPath}.name`, {
        title: `${c.source} cannot be stored as ${c.name}`,
        detail: "Logically bound images keep their source reference; only Image= is honoured.",
        remediation: `Refer to the image as ${c.source} in quadlets, or use --containers=physical.`,
      });
    }
    if (c["local-storage"]) {
      out.report("containers.local-storage", `${keyPath}.local-storage`, {
        title: `${c.source} comes from the build host's storage`,
        detail: "It must exist in the build host's containers-storage when the image is built or installed; updates will try the registry.",
      });
    }
  });
  if (fromReleaseInfo.size > 0) {
    const keyPaths = [...fromReleaseInfo].map((i) => `containers[${i}]`);
    releaseImagesFromReleaseInfo(out, keyPaths);
    out.report("microshift.release-images", keyPaths[0]!, {
      title: `${fromReleaseInfo.size} OpenShift release image(s) are embedded from microshift-release-info at build time`,
      detail:
        `The build reads /usr/share/microshift/release/release-$(uname -m).json (package microshift-release-info) and copies every release image it lists, as MicroShift's own bootc Containerfiles do, so the embedded images always match the installed MicroShift. ` +
        "The digests listed in the blueprint are not used; images that are not release images are copied as listed.",
    });
  }
  if (embedded.length > 0 || fromReleaseInfo.size > 0) embeddedCopyUnit(out, embedded, microshift);
  for (const [repository, keyPath] of [...insecure].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) insecureRepository(out, repository, keyPath);
  if (strategy === "logical" && !supportsBoundImages(ctx.target)) {
    out.report("containers.bound-images-unsupported", "containers", {
      title: `logically bound images need RHEL 9.5 or later; the target is ${ctx.target.major}.${ctx.target.minor}`,
      detail: "bootc learned bound images in RHEL 9.5. On this release the quadlet files are in the image but nothing pulls the images.",
    });
  } else if (strategy === "physical" && ctx.options.containers === undefined && !supportsBoundImages(ctx.target) && !microshift && !ctx.source.iso) {
    out.report("containers.physical-for-release", "containers", {
      title: `images are copied into the image: RHEL ${ctx.target.major}.${ctx.target.minor} has no logically bound images`,
      detail: "bootc learned bound images in RHEL 9.5, so the images are embedded at build time instead.",
    });
  }
  out.bound(strategy === "logical" ? containers.map((c) => c.source) : []);
  const { iso } = ctx.source;
  if (strategy === "logical")
    out.report("containers.logically-bound", "containers", {
      title: `${containers.length} image(s) are logically bound to the bootc image`,
      detail: `bootc pulls them into /usr/lib/bootc/storage on install and update (auth: /etc/ostree/auth.json). Quadlets that run them need GlobalArgs=--storage-opt=additionalimagestore=/usr/lib/bootc/storage; edge commits stored them in /usr/share/containers/storage instead. bootc-image-builder installs them from the build host's containers-storage, so pull them there before it runs (see the next steps).${iso ? " bootc-image-builder's anaconda-iso does not support logically bound images." : ""}`,
      remediation: iso ? "Use --containers=physical for installer ISOs." : "Add GlobalArgs= to the .container quadlets that use these images.",
    });
  else
    out.report("containers.physically-bound", "containers", {
      title: `${containers.length} image(s) are copied into the bootc image`,
      detail: `The build copies each into its own folder under ${EMBEDDED} (a build secret id=pull-secret supplies registry auth: podman build --secret id=pull-secret,src=auth.json), listed in ${IMAGE_LIST}; ${microshift ? `${COPY_SCRIPT} copies them into containers-storage before every start of microshift.service (a drop-in, as MicroShift's own microshift-copy-images)` : `${COPY_UNIT} copies them into containers-storage at every boot`}, so the device needs no registry access, as with edge.`,
      remediation: microshift
        ? "Rebuild the image to update the embedded images."
        : `Order the services that use these images after ${COPY_UNIT} (After= and Requires=), and rebuild the image to update them.`,
    });
  return out.done();
}
