import type { DirectoryCustomization, FileCustomization } from "../../blueprint/schema.js";
import type { MapperOutput, SourceRef } from "../../plan/types.js";
import { shq } from "../../util/shell.js";
import { accountsAbsentAtBuild } from "./accounts.js";
import { Emitter, type MigrationContext } from "../resolve/context.js";
import { classifyPath, safeAbsolutePath } from "../resolve/paths.js";
import { tmpfilesArgument } from "../../util/tmpfiles.js";

const FILES = "customizations.files";
const ANCHORS = "/etc/pki/ca-trust/source/anchors/";
const DIRS = "customizations.directories";
const SECRET_PATH = /(secret|auth\.json|credential|password|token|\.key$|key\.pem$|id_rsa|id_ed25519)/i;

type Node = (FileCustomization | DirectoryCustomization) & { data?: string };

interface Ownership {
  mode: string;
  user: string;
  group: string;
  /** Owner exists only after systemd-sysusers ran at boot, so the build cannot chown to it. */
  bootTimeOwner: boolean;
}

function ownership(node: Node, defaultMode: string, bootTime: Set<string>): Ownership | undefined {
  const raw = node.mode ?? defaultMode;
  if (!/^0?[0-7]{3}$/.test(raw)) return undefined;
  const user = String(node.user ?? "root");
  const group = String(node.group ?? "root");
  return { mode: raw.padStart(4, "0"), user, group, bootTimeOwner: bootTime.has(user) || bootTime.has(group) };
}

/** Shared checks for files and directories; returns the safe path or reports why there is none. */
function checkNode(out: Emitter, node: Node, keyPath: string, what: string): string | undefined {
  const path = safeAbsolutePath(node.path);
  if (path === undefined) {
    out.cover(keyPath, "reported").report("files.unsafe-path", `${keyPath}.path`, {
      title: `${what} path "${node.path}" is not an absolute path without ".."; not converted`,
      detail: "Paths from the blueprint become paths in the output folder and in the image, so they must be absolute and must not climb.",
    });
    return undefined;
  }
  const home = classifyPath(path);
  if (home.kind === "forbidden") {
    out.cover(keyPath, "reported").report("files.forbidden-path", `${keyPath}.path`, {
      title: `${what} ${path} cannot be shipped in a bootc image; not converted`,
      detail: `${path} is refused because ${home.why}.`,
    });
    return undefined;
  }
  return path;
}

function reportBadMode(out: Emitter, node: Node, keyPath: string) {
  out.cover(keyPath, "reported").report("files.invalid-mode", `${keyPath}.mode`, {
    title: `mode "${node.mode}" of ${node.path} is not an octal mode; not converted`,
    detail: 'Blueprint modes are three octal digits with an optional leading 0, for example "0644".',
  });
}

function describeImageHome(out: Emitter, path: string, keyPath: string) {
  const home = classifyPath(path);
  if (home.kind === "usr") {
    out.report("files.read-only-image-path", keyPath, {
      title: `${path} is read-only image content`,
      detail:
        "On RHEL for edge /usr/local and /opt were links into /var and writable on the machine. On bootc they are part of the read-only image, so software cannot write there at run time.",
    });
  } else if (home.kind === "other-root") {
    out.report("files.new-top-level-directory", keyPath, {
      title: `${path} creates a top-level directory in the read-only image`,
      detail: "bootc images keep machine data in /var; the root filesystem is replaced on every update.",
      remediation: `Move it under /var or /etc, or use a systemd mount for ${path}.`,
    });
  }
}

function mapFile(ctx: MigrationContext, out: Emitter, file: FileCustomization, i: number, bootTime: Set<string>) {
  const keyPath = `${FILES}[${i}]`;
  const src = ctx.at(keyPath);
  const path = checkNode(out, file, keyPath, "File");
  if (path === undefined) return;
  if (file.uri !== undefined) {
    out.cover(keyPath, "reported").report("files.uri-not-converted", `${keyPath}.uri`, {
      title: `File ${path} comes from uri "${file.uri}"; not converted yet`,
      detail: "The converter does not read files referenced by uri.",
      remediation: `Copy the file to overlay${path} in the output folder and add: COPY overlay${path} ${path}`,
    });
    return;
  }
  const own = ownership(file, "0644", bootTime);
  if (own === undefined) return reportBadMode(out, file, keyPath);
  const data = file.data ?? "";
  if (SECRET_PATH.test(path)) {
    out.report("files.secret-in-image", keyPath, {
      title: `${path} looks like a secret and is baked into the image`,
      detail: "Anyone who can pull the image can read every file in it. Its content is not repeated in this report.",
    });
  }
  const home = classifyPath(path);
  if (home.kind === "runtime" && !worldReadable(own.mode)) return seedPrivateRuntimeFile(out, path, home.path, own, data, keyPath, src);
  if (home.kind === "runtime") {
    out.tmpfile({
      type: "f~",
      path: home.path,
      mode: own.mode,
      user: own.user,
      group: own.group,
      age: "-",
      argument: Buffer.from(data).toString("base64"),
      provenance: [src],
    });
    out.cover(keyPath, "converted", "tmpfiles.d");
    out.report("files.var-via-tmpfiles", keyPath, {
      title: `${path} is created at boot by systemd-tmpfiles (${home.path})`,
      detail:
        "bootc copies /var from the image only at installation and never updates it. A tmpfiles.d f~ line creates the file when it is missing, so later image versions do not replace a file that already exists.",
    });
    return;
  }
  const overlay = `overlay${path}`;
  out.file({ path: overlay, contents: data, provenance: [src] });
  const chown = own.bootTimeOwner || (own.user === "root" && own.group === "root") ? undefined : `${own.user}:${own.group}`;
  out.step({ kind: "copy", stage: "overlay", source: overlay, destination: path, chmod: own.mode, chown, provenance: [src] });
  if (own.bootTimeOwner) fixOwnerAtBoot(out, path, own, keyPath, src);
  out.cover(keyPath, "converted", path);
  describeImageHome(out, path, keyPath);
}

/** Whether others may read a file of this mode: only then may its content sit in a 0644 file such as tmpfiles.d. */
const worldReadable = (mode: string) => (parseInt(mode, 8) & 0o004) !== 0;

/** Where private /var content waits in the image: tmpfiles.d(5)'s factory folder, the default source of a C line. */
const FACTORY = "/usr/share/factory";

/**
 * A /var, /root, /home or /srv file others may not read. Its content must not go into the
 * world-readable tmpfiles.d file (the f~ line's argument), so the image keeps it 0600 root-only
 * under /usr/share/factory, a tmpfiles.d C line copies it into place at boot when it is missing
 * (as f~ would), and a z line gives it the blueprint's mode and owner.
 */
function seedPrivateRuntimeFile(out: Emitter, path: string, target: string, own: Ownership, data: string, keyPath: string, src: SourceRef) {
  const seed = `${FACTORY}${target}`;
  const overlay = `overlay${seed}`;
  out.file({ path: overlay, contents: data, provenance: [src] });
  out.step({ kind: "copy", stage: "overlay", source: overlay, destination: seed, chmod: "0600", provenance: [src] });
  out.tmpfile({ type: "C", path: target, mode: "-", user: "-", group: "-", age: "-", argument: tmpfilesArgument(seed), provenance: [src] });
  out.tmpfile({ type: "z", path: target, mode: own.mode, user: own.user, group: own.group, age: "-", argument: "", provenance: [src] });
  out.cover(keyPath, "converted", "tmpfiles.d");
  out.report("files.private-var-seed", keyPath, {
    title: `${path} is private: it is copied at boot from ${seed} (${target})`,
    detail: `Mode ${own.mode} keeps others from reading it, so its content is not written into the world-readable tmpfiles.d file. The image holds it 0600 and root-only under ${FACTORY}; systemd-tmpfiles copies it when ${target} is missing and sets mode ${own.mode} and owner ${own.user}:${own.group}. bootc copies /var from the image only at installation, so later image versions do not replace a file that exists.`,
  });
}

function fixOwnerAtBoot(out: Emitter, path: string, own: Ownership, keyPath: string, src: SourceRef) {
  out.tmpfile({ type: "z", path, mode: own.mode, user: own.user, group: own.group, age: "-", argument: "", provenance: [src] });
  out.report("files.owner-set-at-boot", keyPath, {
    title: `Ownership ${own.user}:${own.group} of ${path} is applied at boot`,
    detail:
      "The owner does not exist while the image is built (systemd-sysusers creates it at boot, or bootc-image-builder or the installer when the machine is made), so the file is root-owned in the image and a tmpfiles.d z line sets owner and mode at boot.",
  });
}

function mapDirectory(ctx: MigrationContext, out: Emitter, dir: DirectoryCustomization, i: number, bootTime: Set<string>) {
  const keyPath = `${DIRS}[${i}]`;
  const src = ctx.at(keyPath);
  const path = checkNode(out, dir, keyPath, "Directory");
  if (path === undefined) return;
  const own = ownership(dir, "0755", bootTime);
  if (own === undefined) return reportBadMode(out, dir, keyPath);
  const home = classifyPath(path);
  if (home.kind === "runtime") {
    out.tmpfile({ type: "d", path: home.path, mode: own.mode, user: own.user, group: own.group, age: "-", argument: "", provenance: [src] });
    out.cover(keyPath, "converted", "tmpfiles.d");
    return;
  }
  const commands: string[] = [];
  if (!dir.ensure_parents) commands.push(`test -d ${shq(path.slice(0, path.lastIndexOf("/")) || "/")}`);
  const owner = own.bootTimeOwner ? "" : ` -o ${shq(own.user)} -g ${shq(own.group)}`;
  commands.push(`install -d -m ${own.mode}${owner} ${shq(path)}`);
  out.step({ kind: "run", stage: "overlay", commands, provenance: [src] });
  if (own.bootTimeOwner) fixOwnerAtBoot(out, path, own, keyPath, src);
  out.cover(keyPath, "converted", path);
  describeImageHome(out, path, keyPath);
}

/** files and directories: /etc and /usr content is COPYed; /var, /root and /home content goes through tmpfiles.d. */
export function mapFilesAndDirectories(ctx: MigrationContext): MapperOutput {
  const out = new Emitter(ctx);
  const c = ctx.blueprint.customizations ?? {};
  const bootTime = accountsAbsentAtBuild(ctx);
  out.coverIfEmpty(FILES, c.files).coverIfEmpty(DIRS, c.directories);
  (c.directories ?? []).forEach((d, i) => mapDirectory(ctx, out, d, i, bootTime));
  // MicroShift's pull secret never goes into the image: migrate/microshift.ts moves it to the kickstart.
  const movedOut = new Set(ctx.microshift?.pullSecretFiles ?? []);
  (c.files ?? []).forEach((f, i) => movedOut.has(i) || mapFile(ctx, out, f, i, bootTime));
  // A CA certificate shipped as a file counts only once the trust store is rebuilt (cacerts does this itself).
  const anchors = (c.files ?? []).flatMap((f, i) => (f.path.startsWith(ANCHORS) && !movedOut.has(i) ? [`${FILES}[${i}]`] : []));
  if (anchors.length > 0 && c.cacerts === undefined) out.run("config", ["update-ca-trust"], anchors);
  return out.done();
}
