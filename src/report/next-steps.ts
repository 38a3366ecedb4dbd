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
}

const PLACEHOLDER = "# registry.example.com is a placeholder: pass --image <your registry reference>";

function bibRun(bibImage: string, image: string, type: string, config = false): string {
  const mount = config ? " -v ./config.toml:/config.toml:ro" : "";
  const flag = config ? " --config /config.toml" : "";
  return `sudo podman run --rm -it --privileged --pull=newer --security-opt label=type:unconfined_t -v ./output:/output -v /var/lib/containers/storage:/var/lib/containers/storage${mount} ${bibImage} --type ${type}${flag} ${image}`;
}

/** The commands a user runs after edge2bootc, printed in the report. */
export function nextSteps(n: NextStepsInput): string[] {
  const bibImage = `registry.redhat.io/rhel${n.major}/bootc-image-builder:latest`;
  const steps = n.imageIsPlaceholder ? [PLACEHOLDER] : [];
  if (n.buildImage !== undefined) {
    if (n.buildSecret !== undefined)
      steps.push(
        `# embedded images are pulled while building: pass the registry credentials (auth.json or the MicroShift pull secret) as a build secret${n.buildSecret === "required" ? "; the build fails without it" : ""}`,
        `podman build --secret id=pull-secret,src=<path to pull secret> -t ${n.buildImage} .`,
      );
    else steps.push(`podman build -t ${n.buildImage} .`);
    steps.push(`podman push ${n.buildImage}`);
    const bound = n.boundImages ?? [];
    if (bound.length > 0)
      steps.push(
        "# bootc-image-builder installs logically bound images from this host's storage: pull them first",
        ...bound.map((i) => `sudo podman pull ${i}`),
      );
    // bootc-image-builder reads the image from root's container storage, not from the registry.
    const pull = `sudo podman pull ${n.buildImage}`;
    if (n.bibType === undefined)
      steps.push(`# the pushed image replaces the edge commit; for a disk image: ${pull} && ${bibRun(bibImage, n.buildImage, "qcow2", n.bibConfig)}`);
    else steps.push(pull, bibRun(bibImage, n.buildImage, n.bibType, n.bibConfig));
    steps.push(
      n.rhel8Source
        ? "# RHEL 8 edge devices cannot bootc switch: upgrade them to a RHEL 9 edge commit first, or reinstall them with this image"
        : `# or, on a machine installed from RHEL for edge: sudo bootc switch ${n.buildImage}`,
    );
  }
  const image = n.installImage ?? n.buildImage;
  for (const ks of n.kickstarts) {
    if (n.embedded && image !== undefined) {
      steps.push(
        `# ${ks} installs the image embedded in an anaconda-iso:`,
        bibRun(bibImage, image, "anaconda-iso"),
        `mkksiso --ks ${ks} output/bootiso/install.iso edge-install.iso`,
      );
    } else {
      steps.push(
        `# ${ks} pulls ${image ?? "the image"} while installing: serve it and boot the RHEL ${n.major} installer with inst.ks=http://<server>/${ks}`,
        `# or embed it into a boot ISO: mkksiso --ks ${ks} rhel-${n.major}-boot.iso edge-install.iso`,
      );
    }
  }
  return steps;
}
