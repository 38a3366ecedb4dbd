/**
 * The build tier: builds what edge2bootc generates with buildah, offline, on a local stand-in
 * for the bootc base image (a Debian root filesystem from mmdebstrap made to look like RHEL's
 * bootc base by standin/setup.sh, with checking stand-ins for dnf, rpm, bootc, skopeo, dracut,
 * update-crypto-policies, update-ca-trust, oscap-im and autotailor).
 *
 * Proves: every instruction runs (real useradd/groupadd/usermod, systemctl, firewall-offline-cmd,
 * install, sed, bash), every COPY source exists, RHEL-only commands get arguments their real
 * grammar accepts, the kernel checks of `bootc container lint` pass, and systemd-sysusers and
 * systemd-tmpfiles accept what we generate. Cannot prove: that RHEL packages exist or resolve,
 * that the real bootc accepts the image, or that it boots.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));
const STANDIN = join(HERE, "standin");
/** Kept between runs so the stand-in base is built once per machine (or once per CI run). */
const STATE = process.env.E2B_BUILD_TIER_DIR ?? "/var/tmp/edge2bootc-build-tier";
const STORAGE = ["--storage-driver", "vfs", "--root", join(STATE, "storage"), "--runroot", join(STATE, "run")];

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(cmd: string, args: string[], opts: { cwd?: string; timeoutMs?: number } = {}): Run {
  const r = spawnSync(cmd, args, { encoding: "utf8", cwd: opts.cwd, timeout: opts.timeoutMs ?? 600_000, maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status ?? -1, stdout: r.stdout ?? "", stderr: r.stderr ?? (r.error ? String(r.error) : "") };
}

export const buildah = (args: string[], opts: { cwd?: string; timeoutMs?: number } = {}) => run("buildah", [...STORAGE, ...args], opts);

const has = (tool: string) => run("sh", ["-c", `command -v ${tool}`]).code === 0;

/** Why the tier cannot run here, or undefined when it can. */
export function unavailable(): string | undefined {
  if (process.env.E2B_SKIP_BUILD_TIER) return "E2B_SKIP_BUILD_TIER is set";
  if (process.getuid?.() !== 0) return "the build tier needs root (buildah --isolation chroot)";
  const missing = ["buildah", "mmdebstrap", "systemd-sysusers", "systemd-tmpfiles", "systemd-analyze", "shellcheck"].filter((t) => !has(t));
  return missing.length ? `missing ${missing.join(", ")} (.ci/run installs them with apt-get)` : undefined;
}

function standinDigest(): string {
  const h = createHash("sha256");
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else h.update(name).update(readFileSync(full));
    }
  };
  walk(STANDIN);
  return h.digest("hex").slice(0, 12);
}

const imageExists = (ref: string) => buildah(["inspect", "--type", "image", ref]).code === 0;

function must(r: Run, what: string): Run {
  if (r.code !== 0) throw new Error(`${what} failed (exit ${r.code}):\n${r.stderr.slice(-4000)}${r.stdout.slice(-2000)}`);
  return r;
}

/** Builds (or reuses) the stand-in base and returns its image reference. */
export function ensureBase(): string {
  mkdirSync(STATE, { recursive: true });
  const ref = `localhost/e2b-standin:${standinDigest()}`;
  if (imageExists(ref)) return ref;
  if (!imageExists("localhost/e2b-debian-rootfs:latest")) {
    const tar = join(STATE, "rootfs.tar");
    // Debian's tools stand in for RHEL's where they exist: passwd (useradd…), systemd (systemctl,
    // sysusers, tmpfiles), firewalld (firewall-offline-cmd, which needs netbase), tzdata.
    must(
      run("mmdebstrap", [
        "--variant=minbase",
        "--mode=root",
        "--include=passwd,systemd,firewalld,netbase,tzdata,sed,findutils,gawk",
        "--dpkgopt=path-exclude=/usr/share/man/*",
        "--dpkgopt=path-exclude=/usr/share/doc/*",
        "--dpkgopt=path-exclude=/usr/share/locale/*",
        "bookworm",
        tar,
      ]),
      "mmdebstrap",
    );
    const ctr = must(buildah(["from", "scratch"]), "buildah from scratch").stdout.trim();
    const mnt = must(buildah(["mount", ctr]), "buildah mount").stdout.trim();
    must(run("tar", ["-C", mnt, "-xf", tar]), "unpacking the root filesystem");
    must(buildah(["config", "--cmd", "/bin/bash", ctr]), "buildah config");
    must(buildah(["commit", "-q", ctr, "localhost/e2b-debian-rootfs:latest"]), "buildah commit");
    buildah(["rm", ctr]);
  }
  must(buildah(["build", "--isolation", "chroot", "--pull=never", "-t", ref, STANDIN]), "building the stand-in base");
  return ref;
}

/** The RHEL major an image builds on, from its FROM reference (rhel10/rhel-bootc:10.0, centos-bootc:stream10). */
export const majorOf = (from: string): 9 | 10 => (/rhel10\/|:10(?:\.|$)|stream10/.test(from) ? 10 : 9);

/** The stand-in playing a RHEL major: RHEL 10's variant only changes what its dnf resolves (repos.tsv). */
export function ensureVariant(base: string, major: 9 | 10): string {
  if (major === 9) return base;
  const ref = `${base}-rhel10`;
  if (imageExists(ref)) return ref;
  const ctr = must(buildah(["from", "--pull=never", base]), "buildah from").stdout.trim();
  must(buildah(["run", "--isolation", "chroot", ctr, "--", "sh", "-c", "echo 10 > /usr/share/e2b-standin/major"]), "writing the RHEL 10 major");
  must(buildah(["commit", "-q", ctr, ref]), "buildah commit");
  buildah(["rm", ctr]);
  return ref;
}

export interface BuiltImage {
  /** The root filesystem of a container from the image, mounted read-write. */
  root: string;
  log: string;
  remove(): void;
}

/**
 * Builds a Containerfile from a folder, with the stand-in tagged as its FROM. The pull-secret
 * build secret that physically bound images mount is passed as a dummy auth file.
 */
export function buildContext(base: string, context: string, tag: string, opts: { failPulls?: boolean } = {}): Run {
  const from = /^FROM\s+(\S+)/m.exec(readFileSync(join(context, "Containerfile"), "utf8"))?.[1];
  if (from) must(buildah(["tag", ensureVariant(base, majorOf(from)), from]), `tagging the stand-in as ${from}`);
  const secret = join(STATE, "pull-secret.json");
  writeFileSync(secret, '{"auths": {}}\n');
  // A registry that refuses every pull: the stand-in skopeo fails while this file is mounted.
  const refuse = opts.failPulls ? ["-v", `${secret}:/run/e2b-standin/fail-pull:ro`] : [];
  return buildah(
    [
      "build",
      "--isolation",
      "chroot",
      "--pull=never",
      "--layers=false",
      ...refuse,
      "--secret",
      `id=pull-secret,src=${secret}`,
      "-f",
      "Containerfile",
      "-t",
      tag,
      context,
    ],
    { cwd: context },
  );
}

/** A container from a built image, its root filesystem mounted for checks. */
export function mountImage(tag: string): BuiltImage {
  const ctr = must(buildah(["from", "--pull=never", tag]), "buildah from").stdout.trim();
  const root = must(buildah(["mount", ctr]), "buildah mount").stdout.trim();
  const logFile = join(root, "var/log/e2b-standin.log");
  return {
    root,
    log: existsSync(logFile) ? readFileSync(logFile, "utf8") : "",
    remove: () => {
      buildah(["rm", ctr]);
      buildah(["rmi", "-f", tag]);
    },
  };
}

/** systemd-sysusers and systemd-tmpfiles as the booted image would run them. */
export function firstBoot(root: string): Run[] {
  const sysusers = run("systemd-sysusers", [`--root=${root}`]);
  const ours = join(root, "usr/lib/tmpfiles.d/50-edge2bootc.conf");
  // A config file named on the command line is read from the host's view of the path.
  const tmpfiles = existsSync(ours) ? run("systemd-tmpfiles", ["--create", `--root=${root}`, ours]) : { code: 0, stdout: "", stderr: "" };
  return [sysusers, tmpfiles];
}

export const shellcheck = (files: string[]) => run("shellcheck", ["-s", "bash", "-S", "warning", ...files]);
export const verifyUnits = (root: string, units: string[]) => run("systemd-analyze", ["verify", `--root=${root}`, ...units]);
