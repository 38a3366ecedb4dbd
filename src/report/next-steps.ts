export interface NextStepsInput {
  /** The image the Containerfile builds; undefined when only kickstarts were converted. */
  buildImage?: string;
  /** The image the converted kickstarts install. */
  installImage?: string;
  imageIsPlaceholder: boolean;
  major: 9 | 10;
  /** Paths of the converted root kickstarts in the output folder. */
  kickstarts: string[];
  /** A converted kickstart installs the image embedded in the installer ISO. */
  embedded: boolean;
  /** The bootc-image-builder --type that replaces the edge image type (none for commits). */
  bibType?: string;
  /** A config.toml was written. */
  bibConfig: boolean;
  /** Logically bound images: bootc-image-builder reads them from the build host's storage. */
  boundImages?: string[];
  /** The edge project was for RHEL 8, whose devices have no bootc. */
  rhel8Source?: boolean;
  /** The Containerfile mounts the pull-secret build secret: required (the build fails without it) or optional. */
  buildSecret?: "required" | "optional";
  /** The ISO is a bootc-generic-iso built from the installer image in installer/ (render/installer-image.ts). */
  installerImage?: boolean;
}

/**
 * Where root keeps the installer image it builds from installer/: the image's whole name under
 * localhost/ (a registry port's colon made a dash), so two projects never share one on a build host.
 */
export function installerImageTag(image: string): string {
  const at = image.indexOf("@");
  const colon = image.lastIndexOf(":");
  const [name, tag] =
    at >= 0 ? [image.slice(0, at), "latest"] : colon > image.lastIndexOf("/") ? [image.slice(0, colon), image.slice(colon + 1)] : [image, "latest"];
  return `localhost/${name.replace(/:/g, "-")}-installer:${tag}`;
}

/**
 * image-builder's own container (osbuild/image-builder-cli, upstream: Red Hat ships none for it)
 * builds a bootc-generic-iso from root's storage: the installer image as --bootc-ref and the image
 * it installs as --bootc-installer-payload-ref (osbuild/image-builder doc/20-advanced/20-bootc/10-isos.md).
 */
function genericIsoRun(installer: string, image: string): string {
  return `${ROOT_BUILDER} ghcr.io/osbuild/image-builder-cli:latest build --bootc-ref ${installer} --bootc-installer-payload-ref ${image} --output-dir /output bootc-generic-iso`;
}

/** Both image builders run privileged as root, with root's container storage and ./output mounted. */
const ROOT_BUILDER =
  "sudo podman run --rm -it --privileged --pull=newer --security-opt label=type:unconfined_t -v ./output:/output -v /var/lib/containers/storage:/var/lib/containers/storage";

const PLACEHOLDER = "# registry.example.com is a placeholder: pass --image <your registry reference>";

function bibRun(bibImage: string, image: string, type: string, config = false): string {
  const mount = config ? " -v ./config.toml:/config.toml:ro" : "";
  const flag = config ? " --config /config.toml" : "";
  return `${ROOT_BUILDER}${mount} ${bibImage} --type ${type}${flag} ${image}`;
}

/** The registry an image reference names (its first part when that looks like a host), for podman login. */
export function registryHost(ref: string): string {
  const first = ref.split("/")[0]!;
  return ref.includes("/") && (first.includes(".") || first.includes(":") || first === "localhost") ? first : "docker.io";
}

/**
 * The commands a user runs after edge2bootc, printed in the report: numbered steps in the order
 * they run, every command on a line of its own so it can be pasted. Logins come first: the base
 * image and bootc-image-builder come from registry.redhat.io, and bootc-image-builder reads the
 * image from root's container storage, so root pulls it (with root's own login).
 */
export function nextSteps(n: NextStepsInput): string[] {
  const bibImage = `registry.redhat.io/rhel${n.major}/bootc-image-builder:latest`;
  const steps = n.imageIsPlaceholder ? [PLACEHOLDER] : [];
  let step = 0;
  const heading = (text: string) => steps.push(`# ${++step}. ${text}`);
  if (n.buildImage !== undefined) {
    const host = registryHost(n.buildImage);
    const logins = [...new Set(["registry.redhat.io", host])];
    heading(`log in to the registries: the base image comes from registry.redhat.io${host !== "registry.redhat.io" ? `, the image goes to ${host}` : ""}`);
    steps.push(...logins.map((r) => `podman login ${r}`));
    if (n.buildSecret !== undefined) {
      heading(
        `build; embedded images are pulled while building, so pass the registry credentials (auth.json or the MicroShift pull secret) as a build secret${n.buildSecret === "required" ? " (the build fails without it)" : ""}`,
      );
      steps.push(`podman build --secret id=pull-secret,src=<path to pull secret> -t ${n.buildImage} .`);
    } else {
      heading("build");
      steps.push(`podman build -t ${n.buildImage} .`);
    }
    heading("push");
    steps.push(`podman push ${n.buildImage}`);
    heading(
      n.installerImage
        ? "the installer ISO (bootc-generic-iso): root builds the installer image from installer/ and pulls the image, and image-builder reads both from root's storage"
        : n.bibType === undefined
          ? "optional, a disk image (the pushed image replaces the edge commit): bootc-image-builder reads the image from root's storage"
          : `the ${n.bibType} image: bootc-image-builder reads the image from root's storage, so root logs in and pulls it`,
    );
    steps.push(...logins.map((r) => `sudo podman login ${r}`), `sudo podman pull ${n.buildImage}`);
    const bound = n.boundImages ?? [];
    if (bound.length > 0) steps.push("# logically bound images are installed from the same storage", ...bound.map((i) => `sudo podman pull ${i}`));
    if (n.installerImage) {
      const installer = installerImageTag(n.buildImage);
      steps.push(`sudo podman build -t ${installer} installer/`, genericIsoRun(installer, n.buildImage));
    } else steps.push(bibRun(bibImage, n.buildImage, n.bibType ?? "qcow2", n.bibConfig));
    if (n.rhel8Source) steps.push("# RHEL 8 edge devices cannot bootc switch: upgrade them to a RHEL 9 edge commit first, or reinstall them with this image");
    else {
      heading(`devices running the edge commit switch to the image (one without bootc: sudo rpm-ostree rebase ostree-unverified-registry:${n.buildImage})`);
      steps.push(`sudo bootc switch ${n.buildImage}`);
    }
  }
  const image = n.installImage ?? n.buildImage;
  for (const ks of n.kickstarts) {
    if (n.embedded && image !== undefined) {
      heading(`${ks} installs the image embedded in an anaconda-iso`);
      steps.push(bibRun(bibImage, image, "anaconda-iso"), `mkksiso --ks ${ks} output/bootiso/install.iso edge-install.iso`);
    } else {
      heading(
        `${ks} pulls ${image ?? "the image"} while installing: serve it and boot the RHEL ${n.major} installer with inst.ks=http://<server>/${ks}, or embed it into a boot ISO`,
      );
      steps.push(`mkksiso --ks ${ks} rhel-${n.major}-boot.iso edge-install.iso`);
    }
  }
  return steps;
}
