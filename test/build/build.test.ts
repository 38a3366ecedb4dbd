import TOML from "@iarna/toml";
import { chmodSync, existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Artifact } from "../../src/render/artifacts.js";
import type { MigrationPlan } from "../../src/plan/types.js";
import { GOLDEN_CASES, runCase } from "../cases.js";
import { tempDir } from "../helpers.js";
import { buildContext, ensureBase, firstBoot, mountImage, shellcheck, unavailable, verifyUnits } from "./tier.js";

const reason = unavailable();
if (reason) console.warn(`build tier skipped: ${reason}`);

/** The image's own account databases, to check names and owners as the image sees them. */
function accounts(root: string) {
  const table = (file: string) =>
    readFileSync(join(root, "etc", file), "utf8")
      .trim()
      .split("\n")
      .map((l) => l.split(":"));
  const passwd = table("passwd");
  const group = table("group");
  return {
    user: (name: string) => passwd.find((p) => p[0] === name),
    group: (name: string) => group.find((g) => g[0] === name),
    userName: (uid: number) => passwd.find((p) => Number(p[2]) === uid)?.[0],
    groupName: (gid: number) => group.find((g) => Number(g[2]) === gid)?.[0],
  };
}

/** A path inside the image, following its own symlinks (/home → var/home) without leaving the root. */
function inImage(root: string, path: string): string {
  let current = root;
  for (const part of path.split("/").filter(Boolean)) {
    current = join(current, part);
    for (let hops = 0; hops < 10 && existsSync(current) && lstatSync(current).isSymbolicLink(); hops++) {
      const link = readlinkSync(current);
      current = link.startsWith("/") ? join(root, link) : join(dirname(current), link);
    }
  }
  return current;
}

function writeContext(artifacts: Artifact[]): string {
  const dir = tempDir("e2b-build-");
  for (const a of artifacts.filter((x) => x.kind !== "report")) {
    const path = join(dir, a.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, a.contents);
    chmodSync(path, a.private ? 0o600 : 0o644);
  }
  return dir;
}

/** Each RUN instruction's shell text, as the builder hands it to /bin/sh -c. */
function runScripts(containerfile: string): string[] {
  const joined = containerfile.replace(/\\\n/g, " ");
  return joined
    .split("\n")
    .filter((l) => l.startsWith("RUN "))
    .map((l) => l.slice(4).replace(/^(--mount=\S+\s+)+/, ""));
}

/** What the plan promises the booted image has, checked on its root filesystem. */
function checkPromises(plan: MigrationPlan, root: string): string[] {
  const problems: string[] = [];
  const db = accounts(root);
  for (const e of plan.sysusers) {
    if (e.type === "g" && !db.group(e.name)) problems.push(`sysusers group ${e.name} missing`);
    if (e.type === "u") {
      const u = db.user(e.name);
      if (!u) problems.push(`sysusers user ${e.name} missing`);
      else {
        const uid = e.id.split(":")[0]!;
        if (/^\d+$/.test(uid) && u[2] !== uid) problems.push(`user ${e.name} has uid ${u[2]}, not ${uid}`);
        if (e.shell !== undefined && u[6] !== e.shell) problems.push(`user ${e.name} has the shell ${u[6]}, not ${e.shell}`);
      }
    }
    if (e.type === "m" && !(db.group(e.id)?.[3] ?? "").split(",").includes(e.name)) problems.push(`user ${e.name} is not a member of ${e.id}`);
  }
  for (const e of plan.tmpfiles) {
    const path = inImage(root, e.path);
    if (!existsSync(path)) {
      problems.push(`tmpfiles ${e.type} ${e.path} was not created`);
      continue;
    }
    const st = statSync(path);
    if (e.mode !== "-" && (st.mode & 0o7777) !== parseInt(e.mode.replace(/^~/, ""), 8))
      problems.push(`${e.path} has mode ${(st.mode & 0o7777).toString(8)}, not ${e.mode}`);
    // Owners are names or numeric ids, as in tmpfiles.d.
    const isUser = (want: string) => (/^\d+$/.test(want) ? st.uid === Number(want) : db.userName(st.uid) === want);
    const isGroup = (want: string) => (/^\d+$/.test(want) ? st.gid === Number(want) : db.groupName(st.gid) === want);
    if (e.user !== "-" && !isUser(e.user)) problems.push(`${e.path} is owned by ${db.userName(st.uid) ?? st.uid}, not ${e.user}`);
    if (e.group !== "-" && !isGroup(e.group)) problems.push(`${e.path} has group ${db.groupName(st.gid) ?? st.gid}, not ${e.group}`);
    // An f line's text (an SSH key) arrives as the blueprint wrote it, escapes and specifiers undone.
    if (e.type === "f" && e.argument !== "") {
      const want = e.argument.replace(/\\(x[0-9a-f]{2}|.)|%%/g, (m, esc: string | undefined) =>
        m === "%%"
          ? "%"
          : esc!.startsWith("x")
            ? String.fromCharCode(parseInt(esc!.slice(1), 16))
            : (({ n: "\n", t: "\t" } as Record<string, string>)[esc!] ?? esc!),
      );
      const got = readFileSync(path, "utf8");
      if (got !== want && got !== `${want}\n`) problems.push(`${e.path} holds ${JSON.stringify(got)}, not ${JSON.stringify(want)}`);
    }
  }
  for (const step of plan.steps) {
    if (step.kind !== "copy") continue;
    const path = inImage(root, step.destination);
    if (!existsSync(path)) {
      problems.push(`COPY destination ${step.destination} is missing`);
      continue;
    }
    const st = statSync(path);
    if (step.chmod && (st.mode & 0o7777) !== parseInt(step.chmod, 8))
      problems.push(`${step.destination} has mode ${(st.mode & 0o7777).toString(8)}, not ${step.chmod}`);
    if (step.chown) {
      const [user, group] = step.chown.split(":");
      if (db.userName(st.uid) !== user) problems.push(`${step.destination} is owned by ${db.userName(st.uid) ?? st.uid}, not ${user}`);
      if (group && db.groupName(st.gid) !== group) problems.push(`${step.destination} has group ${db.groupName(st.gid) ?? st.gid}, not ${group}`);
    }
  }
  for (const step of plan.steps) {
    if (step.kind !== "run") continue;
    for (const cmd of step.commands) {
      const name = /\buseradd\b.*\s(\S+)$/.exec(cmd)?.[1];
      if (name && !db.user(name.replace(/'/g, ""))) problems.push(`useradd ${name} did not create the user`);
    }
  }
  return problems;
}

/**
 * Mount points the disk layout names (config.toml filesystem and disk, the installer kickstart,
 * converted kickstarts). bootc's root is read-only at run time, so a mount point outside /var
 * must exist in the image (bootc docs, "filesystem": create top-level mount points with RUN
 * mkdir); /var ones are created at boot or install, and /, /boot and /boot/efi by the installer.
 */
export function mountPoints(artifacts: Artifact[]): string[] {
  const points = new Set<string>();
  const fromKickstart = (text: string) => {
    for (const line of text.split("\n")) {
      const m = /^\s*(?:part|logvol)\s+(\/\S*)/.exec(line);
      if (m) points.add(m[1]!);
    }
  };
  for (const a of artifacts) {
    if (a.path.startsWith("kickstart/")) fromKickstart(a.contents);
    if (a.path !== "config.toml") continue;
    const config = TOML.parse(a.contents) as { customizations?: Record<string, unknown> };
    const c = (config.customizations ?? {}) as {
      filesystem?: { mountpoint: string }[];
      disk?: { partitions?: { mountpoint?: string; logical_volumes?: { mountpoint?: string }[] }[] };
      installer?: { kickstart?: { contents?: string } };
    };
    for (const f of c.filesystem ?? []) points.add(f.mountpoint);
    for (const p of c.disk?.partitions ?? []) {
      if (p.mountpoint) points.add(p.mountpoint);
      for (const lv of p.logical_volumes ?? []) if (lv.mountpoint) points.add(lv.mountpoint);
    }
    if (c.installer?.kickstart?.contents) fromKickstart(c.installer.kickstart.contents);
  }
  return [...points].filter((p) => !/^\/(?:var(?:\/|$)|boot(?:\/efi)?$|$)/.test(p)).sort();
}

const CASES = GOLDEN_CASES.filter((c) => c.blueprint !== undefined);

describe.skipIf(reason !== undefined)("build tier: every golden Containerfile builds on the stand-in base", () => {
  let base = "";
  const tally = { built: 0, failed: 0, resolved: 0, mountPoints: 0, refusedPulls: 0 };
  beforeAll(() => {
    base = ensureBase();
  }, 900_000);
  afterAll(() =>
    console.log(
      `build tier: ${tally.built} Containerfiles built, ${tally.failed} failed; ${tally.resolved} packages resolved from repositories the image enables; ${tally.mountPoints} mount points present; ${tally.refusedPulls} builds failed as they must when the registry refuses a pull`,
    ),
  );

  it.each([
    ["kernel-rt without the Real Time repository", "registry.redhat.io/rhel9/rhel-bootc:9.6", "RUN dnf -y install kernel-rt-core", "rt-rpms repository"],
    ["microshift without rhocp", "registry.redhat.io/rhel9/rhel-bootc:9.6", "RUN dnf -y install microshift", "rhocp-4.*"],
    [
      "containernetworking-plugins on RHEL 10",
      "registry.redhat.io/rhel10/rhel-bootc:10.0",
      "RUN dnf -y install containernetworking-plugins",
      "RHEL 10 does not ship",
    ],
  ])(
    "refuses a purposely broken build: %s",
    (_what, from, run, why) => {
      const context = tempDir("e2b-broken-");
      writeFileSync(join(context, "Containerfile"), `FROM ${from}\n${run}\n`);
      const build = buildContext(base, context, "localhost/e2b-broken:test");
      expect(build.code).not.toBe(0);
      expect(build.stderr + build.stdout).toContain(why);
    },
    600_000,
  );

  it("finds a mount point the image lacks", () => {
    const root = tempDir("e2b-root-");
    const config = {
      path: "config.toml",
      kind: "bib-config",
      contents: '[[customizations.filesystem]]\nmountpoint = "/data"\n[[customizations.filesystem]]\nmountpoint = "/var/log"\n',
    } as Artifact;
    const ks = { path: "kickstart/a.ks", kind: "kickstart", contents: "logvol /srv/x --vgname=v --name=x --size=1\npart /opt/app --size=1\n" } as Artifact;
    const points = mountPoints([config, ks]);
    expect(points).toEqual(["/data", "/opt/app", "/srv/x"]);
    mkdirSync(join(root, "data"));
    expect(points.filter((p) => !existsSync(inImage(root, p)))).toEqual(["/opt/app", "/srv/x"]);
  });

  it("fails a build when the registry refuses an embedded image (container-offline: blueprint and MicroShift release images)", () => {
    const c = CASES.find((x) => x.name === "container-offline")!;
    const result = runCase(c);
    const containerfile = result.artifacts.find((a) => a.path === "Containerfile")!.contents;
    // Each RUN instruction whole (mounts included), continuation lines kept.
    const copies = containerfile.split(/\n(?=\S)/).filter((i) => i.startsWith("RUN ") && i.includes("skopeo copy"));
    expect(copies.length).toBeGreaterThanOrEqual(2);
    const from = /^FROM .*$/m.exec(containerfile)![0];
    // the release-image loop needs the microshift-release-info file a real install leaves behind
    const setup = 'RUN dnf config-manager --set-enabled "rhocp-4.19-for-rhel-9-$(uname -m)-rpms" && dnf -y install microshift-release-info jq';
    // each copy step on its own, so a passing blueprint copy cannot hide a release-image loop that swallows failures
    for (const [i, copy] of copies.entries()) {
      const context = writeContext(result.artifacts);
      writeFileSync(join(context, "Containerfile"), `${from}\n${setup}\n${copy}\n`);
      const build = buildContext(base, context, `localhost/e2b-refused-${i}:test`, { failPulls: true });
      expect(build.code, `copy step ${i} built although every pull was refused:\n${copy}`).not.toBe(0);
      expect(build.stderr + build.stdout).toContain("unauthorized");
      tally.refusedPulls++;
    }
  }, 600_000);

  // bootc-generic-iso (render/installer-image.ts): the installer image builds, and leaves what image-builder's ISO contract and Anaconda read.
  const installerCases = CASES.filter((c) => runCase(c).artifacts.some((a) => a.path === "installer/Containerfile"));
  it("has golden cases with an installer image", () => expect(installerCases.length).toBeGreaterThanOrEqual(2));
  it.each(installerCases)(
    "$name: the installer image builds with the EFI binaries, Anaconda as the boot target, its initramfs, kickstart and iso.yaml",
    (c) => {
      const result = runCase(c);
      const context = writeContext(result.artifacts);
      const tag = `localhost/e2b-installer-${c.name.replace(/[^a-z0-9]+/gi, "-").toLowerCase()}:test`;
      const build = buildContext(base, join(context, "installer"), tag);
      expect(build.code, `${c.name}: buildah build failed:\n${build.stderr.slice(-3000)}\n${build.stdout.slice(-3000)}`).toBe(0);
      const image = mountImage(tag);
      try {
        for (const f of ["shimx64.efi", "mmx64.efi", "gcdx64.efi"]) expect(existsSync(join(image.root, "boot/efi/EFI/redhat", f)), f).toBe(true);
        expect(readlinkSync(join(image.root, "etc/systemd/system/default.target"))).toBe("/usr/lib/systemd/system/anaconda.target");
        const kver = readFileSync(join(image.root, "usr/share/e2b-standin/kver"), "utf8").trim();
        expect(readFileSync(join(image.root, "usr/lib/modules", kver, "initramfs.img"), "utf8")).toBe(`initramfs for ${kver} with anaconda\n`);
        const file = (path: string) => result.artifacts.find((a) => a.path === path)!.contents;
        const ks = join(image.root, "usr/share/anaconda/interactive-defaults.ks");
        expect(readFileSync(ks, "utf8")).toBe(file("installer/interactive-defaults.ks"));
        expect(statSync(ks).mode & 0o777).toBe(0o600);
        expect(readFileSync(join(image.root, "usr/lib/image-builder/bootc/iso.yaml"), "utf8")).toBe(file("installer/iso.yaml"));
        expect(image.log).toMatch(/^dnf reinstall grub2-common grub2-efi-x64-cdboot grub2-pc-modules shim-x64$/m);
      } finally {
        image.remove();
      }
    },
    600_000,
  );

  it("refuses the installer image without the reinstall: dnf install leaves the base image's missing EFI files missing", () => {
    const c = installerCases[0]!;
    const context = writeContext(runCase(c).artifacts);
    const containerfile = join(context, "installer", "Containerfile");
    const text = readFileSync(containerfile, "utf8");
    const without = text.replace(/ && \\\n\s*dnf -y reinstall [^\n]*\$boot/, "");
    expect(without).not.toBe(text);
    writeFileSync(containerfile, without);
    const build = buildContext(base, join(context, "installer"), "localhost/e2b-installer-broken:test");
    expect(build.code).not.toBe(0);
    expect(build.stderr + build.stdout).toContain("missing /boot/efi/EFI/redhat/shimx64.efi");
  }, 600_000);

  it.each(CASES)(
    "$name",
    (c) => {
      const result = runCase(c);
      const context = writeContext(result.artifacts);
      const tag = `localhost/e2b-golden-${c.name
        .replace(/[^a-z0-9]+/gi, "-")
        .replace(/^-|-$/g, "")
        .toLowerCase()}:test`;
      const build = buildContext(base, context, tag);
      if (build.code !== 0) tally.failed++;
      expect(build.code, `${c.name}: buildah build failed:\n${build.stderr.slice(-3000)}\n${build.stdout.slice(-3000)}`).toBe(0);
      tally.built++;

      const image = mountImage(tag);
      try {
        tally.resolved += (image.log.match(/^resolved /gm) ?? []).length;
        const missing = mountPoints(result.artifacts).filter((p) => {
          const path = inImage(image.root, p);
          // /srv, /mnt, /opt lead into /var on bootc: systemd makes the folder there at boot
          if (path.startsWith(join(image.root, "var") + "/")) return false;
          return !(existsSync(path) && statSync(path).isDirectory());
        });
        expect(missing, `${c.name}: mount points missing from the read-only image`).toEqual([]);
        tally.mountPoints += mountPoints(result.artifacts).length;
        for (const r of firstBoot(image.root)) expect(r.code, r.stderr).toBe(0);
        expect(checkPromises(result.plan!, image.root)).toEqual([]);

        const scripts = runScripts(result.artifacts.find((a) => a.path === "Containerfile")!.contents).map((body, i) => {
          const file = join(context, `.run-${i}.sh`);
          writeFileSync(file, `#!/bin/bash\n${body}\n`);
          return file;
        });
        const generated = result.artifacts.filter((a) => a.kind === "build-context" && a.contents.startsWith("#!")).map((a) => join(context, a.path));
        const lint = shellcheck([...scripts, ...generated]);
        expect(lint.code, lint.stdout).toBe(0);

        // Units we write, and the units our drop-ins extend (verified with the drop-in applied).
        const units = [
          ...new Set(
            result.artifacts
              .map((a) => /^overlay(\/usr\/lib\/systemd\/system\/[^/]+\.(?:service|timer|socket|path))(?:\.d\/[^/]+\.conf)?$/.exec(a.path)?.[1])
              .filter((u): u is string => u !== undefined),
          ),
        ];
        if (units.length > 0) {
          const verify = verifyUnits(
            image.root,
            units.map((u) => join(image.root, u)),
          );
          expect(verify.code, verify.stderr).toBe(0);
        }
      } finally {
        image.remove();
      }
    },
    600_000,
  );
});
