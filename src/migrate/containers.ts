import type { Blueprint } from "../blueprint/schema.js";
import { sourceImage } from "../bib/profile.js";
import type { MapperOutput } from "../plan/types.js";
import { shq } from "../util/shell.js";
import { Emitter, type ContainersStrategy, type MigrationContext } from "./context.js";

type Container = NonNullable<Blueprint["containers"]>[number];

const QUADLETS = "/usr/share/containers/systemd";
const BOUND = "/usr/lib/bootc/bound-images.d";
const EMBEDDED = "/usr/lib/containers-embedded";
const PULL_SECRET = "/run/secrets/pull-secret.json";

/** A file-name-safe name for an image: the blueprint's name, else the repository's last component. */
function imageSlug(c: Container): string {
  const base = (c.name ?? c.source).replace(/[@:][^/]*$/, "").split("/").at(-1) ?? "image";
  return base.toLowerCase().replace(/[^a-z0-9_.-]+/g, "-") || "image";
}

const registryHost = (source: string) => {
  const first = source.split("/")[0]!;
  return source.includes("/") && /[.:]|^localhost$/.test(first) ? first : "docker.io";
};

/** Offline blueprints (MicroShift release images, installer ISOs) need the images inside the image. */
export function containersStrategy(ctx: MigrationContext): ContainersStrategy {
  if (ctx.options.containers) return ctx.options.containers;
  const bp = ctx.blueprint;
  const microshift = (bp.packages ?? []).some((p) => p.name.startsWith("microshift")) || (bp.containers ?? []).some((c) => /openshift-release-dev|ocp-v4\.0-art-dev/.test(c.source));
  return microshift || sourceImage(ctx.options).iso ? "physical" : "logical";
}

function logical(out: Emitter, c: Container, keyPath: string, slug: string) {
  out.overlayFile(`${QUADLETS}/${slug}.image`, `[Image]\nImage=${c.source}\n`, [keyPath]);
  out.run("overlay", [`mkdir -p ${BOUND}`, `ln -sf ${QUADLETS}/${slug}.image ${BOUND}/${slug}.image`], [keyPath]);
  out.cover(keyPath, "converted", `${BOUND}/${slug}.image`);
}

function physical(out: Emitter, c: Container, keyPath: string, slug: string) {
  const tls = c["tls-verify"] === false ? " --src-tls-verify=false" : "";
  out.step({
    kind: "run",
    stage: "packages",
    mounts: [`--mount=type=secret,id=pull-secret,target=${PULL_SECRET},required=false`],
    commands: [`mkdir -p ${EMBEDDED}`, `skopeo copy --all --preserve-digests${tls} $([ -f ${PULL_SECRET} ] && echo --authfile ${PULL_SECRET}) ${shq(`docker://${c.source}`)} ${shq(`dir:${EMBEDDED}/${slug}`)}`],
    provenance: [out.at(keyPath)],
  });
  out.cover(keyPath, "converted", `${EMBEDDED}/${slug}`);
}

/** The boot-time copy of physically bound images into containers-storage, once per image. */
function embeddedCopyUnit(out: Emitter, images: { slug: string; name: string }[]) {
  const script = ["#!/bin/sh", "# Copies the images embedded in the bootc image into containers-storage (once per image).", "set -e", ...images.map(({ slug, name }) => `podman image exists ${shq(name)} || skopeo copy --preserve-digests ${shq(`dir:${EMBEDDED}/${slug}`)} ${shq(`containers-storage:${name}`)}`)].join("\n");
  out.overlayFile("/usr/libexec/edge2bootc-embedded-images", `${script}\n`, ["containers"], "0755");
  out.overlayFile(
    "/usr/lib/systemd/system/edge2bootc-embedded-images.service",
    "[Unit]\nDescription=Copy embedded container images into containers-storage\nBefore=multi-user.target\nAfter=local-fs.target\n\n[Service]\nType=oneshot\nRemainAfterExit=yes\nExecStart=/usr/libexec/edge2bootc-embedded-images\n\n[Install]\nWantedBy=multi-user.target\n",
    ["containers"],
  );
  out.run("services", ["systemctl enable edge2bootc-embedded-images.service"], ["containers"]);
}

/** [[containers]]: logically bound images (default) or images physically inside the bootc image. */
export function mapContainers(ctx: MigrationContext): MapperOutput {
  const out = new Emitter(ctx);
  const containers = ctx.blueprint.containers;
  if (containers === undefined) return out.done();
  out.coverIfEmpty("containers", containers);
  const strategy = containersStrategy(ctx);
  const insecure = new Set<string>();
  const embedded: { slug: string; name: string }[] = [];
  containers.forEach((c, i) => {
    const keyPath = `containers[${i}]`;
    const slug = imageSlug(c);
    if (strategy === "logical") logical(out, c, keyPath, slug);
    else {
      physical(out, c, keyPath, slug);
      embedded.push({ slug, name: c.name ?? c.source });
    }
    if (c["tls-verify"] === false) insecure.add(registryHost(c.source));
    if (c.name !== undefined && c.name !== c.source && strategy === "logical") {
      out.report({ id: "containers.rename", severity: "warning", keyPath: `${keyPath}.name`, title: `${c.source} cannot be stored as ${c.name}`, detail: "Logically bound images keep their source reference; only Image= is honoured.", remediation: `Refer to the image as ${c.source} in quadlets, or use --containers=physical.` });
    }
    if (c["local-storage"]) {
      out.report({ id: "containers.local-storage", severity: "warning", keyPath: `${keyPath}.local-storage`, title: `${c.source} comes from the build host's storage`, detail: "It must exist in the build host's containers-storage when the image is built or installed; updates will try the registry.", remediation: "Push the image to a registry the devices can reach." });
    }
  });
  if (embedded.length > 0) embeddedCopyUnit(out, embedded);
  for (const host of [...insecure].sort()) {
    out.overlayFile(`/etc/containers/registries.conf.d/50-${host.replace(/[^A-Za-z0-9.-]+/g, "_")}.conf`, `[[registry]]\nlocation = "${host}"\ninsecure = true\n`, ["containers"]);
  }
  const { iso } = sourceImage(ctx.options);
  out.report(
    strategy === "logical"
      ? { id: "containers.logically-bound", severity: "warning", keyPath: "containers", title: `${containers.length} image(s) are logically bound to the bootc image`, detail: `bootc pulls them into /usr/lib/bootc/storage on install and update (auth: /etc/ostree/auth.json). Quadlets that run them need GlobalArgs=--storage-opt=additionalimagestore=/usr/lib/bootc/storage; edge commits stored them in /usr/share/containers/storage instead.${iso ? " bootc-image-builder's anaconda-iso does not support logically bound images." : ""}`, remediation: iso ? "Use --containers=physical for installer ISOs." : "Add GlobalArgs= to the .container quadlets that use these images." }
      : { id: "containers.physically-bound", severity: "info", keyPath: "containers", title: `${containers.length} image(s) are copied into the bootc image`, detail: `The build copies them with skopeo into ${EMBEDDED} (a build secret id=pull-secret supplies registry auth: podman build --secret id=pull-secret,src=auth.json) and edge2bootc-embedded-images.service copies them into containers-storage on boot, so the device needs no registry access, as with edge.`, remediation: "Rebuild the image to update the embedded images." },
  );
  return out.done();
}
