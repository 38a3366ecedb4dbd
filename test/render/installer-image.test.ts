/**
 * bootc-generic-iso (issue 24): when edge2bootc writes an installer image instead of anaconda-iso's
 * config.toml, and what that image is. The reviewed outputs are the golden fixtures
 * installer-generic-iso (the blueprint's own kickstart) and installer-generic-iso-defaults (none);
 * Anaconda's parser checks their kickstarts (test/oracle).
 */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { convert, type ConvertOptions } from "../../src/convert.js";
import { decideIsoRoute } from "../../src/migrate/resolve/iso-route.js";
import { resolveTarget } from "../../src/migrate/resolve/target.js";
import { sourceImage } from "../../src/bib/profile.js";
import { installerImageTag } from "../../src/report/next-steps.js";
import { tempDir } from "../helpers.js";

const has = (cmd: string) => spawnSync("sh", ["-c", `command -v ${cmd}`]).status === 0;
const hasPyYaml = spawnSync("python3", ["-c", "import yaml"]).status === 0;

const GENERIC: ConvertOptions = { sourceImageType: "edge-installer", bibProfile: "2026-08", isoType: "bootc-generic-iso", image: "quay.io/acme/kiosk:10.2" };
const BLUEPRINT = 'name = "kiosk"\ndistro = "rhel-10.2"\n[[customizations.user]]\nname = "ops"\nkey = "ssh-ed25519 AAAA ops@x"\n';
const run = (text: string, options: ConvertOptions) => convert({ path: "bp.toml", text }, options);
const paths = (r: ReturnType<typeof run>) => r.artifacts.map((a) => a.path).filter((p) => !p.startsWith("migration-"));

describe("the ISO route", () => {
  const edge = sourceImage({ sourceImageType: "edge-installer" });
  it.each([
    ["not asked", "rhel-10.2", "2026-08", undefined, "anaconda-iso", undefined],
    ["asked, RHEL 10, a profile that has it", "rhel-10.2", "2026-08", "bootc-generic-iso", "bootc-generic-iso", undefined],
    ["asked, CentOS Stream 10", "centos-10", "2026-08", "bootc-generic-iso", "bootc-generic-iso", undefined],
    ["asked, an older profile", "rhel-10.2", "2025-12", "bootc-generic-iso", "anaconda-iso", "predates it"],
    ["asked, RHEL 9", "rhel-9.8", "2026-08", "bootc-generic-iso", "anaconda-iso", "bootc kickstart command"],
    ["asked, Fedora", "fedora-42", "2026-08", "bootc-generic-iso", "anaconda-iso", "fedora"],
  ] as const)("%s", (_what, distro, profile, asked, type, refused) => {
    const route = decideIsoRoute(edge, resolveTarget(distro, undefined), asked, profile)!;
    expect(route.type).toBe(type);
    if (refused) expect(route.refused).toContain(refused);
    else expect(route.refused).toBeUndefined();
  });

  it("takes a team's own base image whose name says 10, and refuses one that says 9", () => {
    expect(decideIsoRoute(edge, resolveTarget(undefined, "quay.io/acme/base:10.2"), "bootc-generic-iso", "2026-08")).toEqual({ type: "bootc-generic-iso" });
    expect(decideIsoRoute(edge, resolveTarget(undefined, "quay.io/acme/base:9.6"), "bootc-generic-iso", "2026-08")!.type).toBe("anaconda-iso");
  });

  it("has none for an image that is no installer", () => {
    expect(decideIsoRoute(sourceImage({}), resolveTarget("rhel-10.2", undefined), "bootc-generic-iso", "2026-08")).toBeUndefined();
    const r = run(BLUEPRINT, { ...GENERIC, sourceImageType: "edge-commit" });
    expect(paths(r).filter((p) => p.startsWith("installer/"))).toEqual([]);
    expect(r.report.findings.find((f) => f.title.startsWith("--iso-type bootc-generic-iso only applies"))).toBeDefined();
  });

  it("writes the installer image instead of config.toml, and anaconda-iso's config.toml when the route is refused", () => {
    expect(paths(run(BLUEPRINT, GENERIC))).toEqual(["Containerfile", "installer/Containerfile", "installer/interactive-defaults.ks", "installer/iso.yaml"]);
    const refused = run(BLUEPRINT.replace("rhel-10.2", "rhel-9.8"), GENERIC);
    expect(paths(refused)).toEqual(["Containerfile", "config.toml"]);
    expect(refused.report.findings.find((f) => f.id === "bib.iso-type")!.title).toMatch(
      /^bootc-generic-iso was asked for, but the installer is built as anaconda-iso/,
    );
  });
});

describe("the installer image", () => {
  const r = run(BLUEPRINT, GENERIC);
  const file = (path: string) => r.artifacts.find((a) => a.path === path)!.contents;

  it("installs the image image-builder copies into it, and updates from the registry", () => {
    expect(file("installer/interactive-defaults.ks").trimEnd().split("\n").at(-1)).toBe(
      "bootc --source-imgref=containers-storage:quay.io/acme/kiosk:10.2 --target-imgref=quay.io/acme/kiosk:10.2",
    );
  });

  it("is built FROM the project's base image and carries the kickstart and iso.yaml where Anaconda and image-builder read them", () => {
    const containerfile = file("installer/Containerfile");
    expect(containerfile).toMatch(/^FROM registry\.redhat\.io\/rhel10\/rhel-bootc:10\.2$/m);
    expect(containerfile).toContain("COPY --chmod=0600 interactive-defaults.ks /usr/share/anaconda/interactive-defaults.ks\n");
    expect(containerfile).toContain("COPY iso.yaml /usr/lib/image-builder/bootc/iso.yaml\n");
  });

  it("looks for the EFI binaries under the vendor of its base image", () => {
    expect(file("installer/Containerfile")).toContain('test -f "/boot/efi/EFI/redhat/$f"');
    const centos = run(BLUEPRINT.replace("rhel-10.2", "centos-10"), GENERIC).artifacts.find((a) => a.path === "installer/Containerfile")!.contents;
    expect(centos).toMatch(/^FROM quay\.io\/centos-bootc\/centos-bootc:stream10$/m);
    expect(centos).toContain('test -f "/boot/efi/EFI/centos/$f"');
  });

  it.runIf(has("shellcheck"))("has RUN scripts shellcheck accepts", () => {
    const dir = tempDir();
    const scripts = file("installer/Containerfile")
      .replace(/\\\n/g, " ")
      .split("\n")
      .filter((l) => l.startsWith("RUN "))
      .map((body, i) => {
        const script = join(dir, `run-${i}.sh`);
        writeFileSync(script, `#!/bin/bash\n${body.slice(4)}\n`);
        return script;
      });
    expect(scripts.length).toBe(4);
    const lint = spawnSync("shellcheck", ["-s", "bash", "-S", "warning", ...scripts], { encoding: "utf8" });
    expect(lint.status, lint.stdout).toBe(0);
  });

  it.runIf(hasPyYaml)("has an iso.yaml YAML reads as image-builder's label and boot entry, the label escaped where the kernel argument names it", () => {
    const yaml = run(`${BLUEPRINT}[customizations]\nfips = true\n[customizations.iso]\nvolume_id = "KIOSK 10"\n`, GENERIC).artifacts.find(
      (a) => a.path === "installer/iso.yaml",
    )!.contents;
    const parsed = spawnSync("python3", ["-c", "import json,sys,yaml; print(json.dumps(yaml.safe_load(sys.stdin)))"], { input: yaml, encoding: "utf8" });
    expect(parsed.status, parsed.stderr).toBe(0);
    expect(JSON.parse(parsed.stdout)).toEqual({
      label: "KIOSK 10",
      grub2: {
        entries: [
          {
            name: "Install quay.io/acme/kiosk:10.2",
            linux: "/images/pxeboot/vmlinuz inst.stage2=hd:LABEL=KIOSK\\x2010 inst.ks=file:/usr/share/anaconda/interactive-defaults.ks console=tty0 fips=1",
            initrd: "/images/pxeboot/initrd.img",
          },
        ],
      },
    });
  });

  it("is what the next steps build, and image-builder gets both images", () => {
    expect(installerImageTag("quay.io/acme/kiosk:10.2")).toBe("localhost/quay.io/acme/kiosk-installer:10.2");
    expect(installerImageTag("quay.io/acme/kiosk@sha256:abc")).toBe("localhost/quay.io/acme/kiosk-installer:latest");
    expect(installerImageTag("registry.lan:5000/kiosk")).toBe("localhost/registry.lan-5000/kiosk-installer:latest");
    const steps = r.report.nextSteps.join("\n");
    expect(steps).toContain("sudo podman build -t localhost/quay.io/acme/kiosk-installer:10.2 installer/\n");
    expect(steps).toContain(
      "build --bootc-ref localhost/quay.io/acme/kiosk-installer:10.2 --bootc-installer-payload-ref quay.io/acme/kiosk:10.2 --output-dir /output bootc-generic-iso",
    );
    expect(steps).not.toContain("anaconda-iso");
  });
});
