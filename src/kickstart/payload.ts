import type { InstallerCommand } from "./commands.js";
import { ksCommand } from "./command-builder.js";
import { shlexQuote } from "./shlex.js";

/** Where anaconda finds a container image that bootc-image-builder's anaconda-iso embeds. */
export const ISO_CONTAINER_PATH = "/run/install/repo/container";

/** What the edge kickstart said about the payload, reduced to what the image-mode command needs. */
export interface EdgePayload {
  stateroot?: string;
  remote?: string;
  /** The commit was embedded in the installer ISO (ostreesetup --url=file:///run/install/...). */
  embedded: boolean;
}

export interface PayloadLines {
  /** The command line that replaces ostreesetup. */
  command: string;
  /** A %post section that points updates at the registry, when the install came from the ISO. */
  post?: string[];
}

/**
 * The image-mode payload (kickstart.md §3). --no-signature-verification is always written:
 * harmless on current stacks and needed on older ones (§2.2). The bootc form carries the update
 * image itself (--target-imgref); ostreecontainer needs a `bootc switch --mutate-in-place` in
 * %post for that when it installs from the ISO.
 */
export function payloadLines(installer: InstallerCommand, image: string, edge: EdgePayload): PayloadLines {
  if (installer === "bootc") {
    const source = edge.embedded ? `oci:${ISO_CONTAINER_PATH}` : `registry:${image}`;
    return { command: ksCommand("bootc", [], { "--source-imgref": source, "--target-imgref": image, "--stateroot": edge.stateroot }) };
  }
  const command = ksCommand("ostreecontainer", [], {
    "--url": edge.embedded ? ISO_CONTAINER_PATH : image,
    "--transport": edge.embedded ? "oci" : "registry",
    "--stateroot": edge.stateroot,
    "--remote": edge.remote,
    "--no-signature-verification": true,
  });
  if (!edge.embedded) return { command };
  return {
    command,
    post: [
      "%post --erroronfail",
      "# Updates follow the registry image, not the copy embedded in the ISO.",
      `bootc switch --mutate-in-place --transport registry ${shlexQuote(image)}`,
      "%end",
    ],
  };
}

/** The part of an edge URL that is safe to show: no user info, no query. */
export function displayUrl(url: string): string {
  return url.replace(/^([a-z]+:\/\/)[^/@]*@/i, "$1").replace(/[?#].*$/, "");
}

/** A placeholder image name derived from the ref's last component, for when none was given. */
export function placeholderImage(ref: string | undefined): string {
  const last = (ref ?? "").split("/").filter(Boolean).at(-1) ?? "";
  const repo =
    last
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, "-")
      .replace(/^[^a-z0-9]+/, "") || "edge-image";
  return `registry.example.com/${repo}:latest`;
}

/**
 * The payload of an installer image (osbuild/image-builder doc/20-advanced/20-bootc/10-isos.md,
 * offline installs): image-builder copies the image into the installer's containers-storage
 * (--bootc-installer-payload-ref), and RHEL 10's bootc kickstart command installs that copy and
 * points updates at the registry reference.
 */
export const containersStoragePayload = (image: string): string =>
  ksCommand("bootc", [], { "--source-imgref": `containers-storage:${image}`, "--target-imgref": image });
