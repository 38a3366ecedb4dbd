/**
 * The blueprint's kernel.append reaches the machine on every install path (issue 17): disk images
 * from bootc-image-builder read /usr/lib/bootc/kargs.d; Anaconda installs (the ISO's installer
 * kickstart, a converted ostreecontainer kickstart) do not (osbuild/bootc-image-builder#902,
 * bootc-dev/bootc#883) and later updates apply only kargs.d changes, so those paths need
 * bootloader --append, or a warning where edge2bootc cannot add it.
 */
import TOML from "@iarna/toml";
import { afterAll, describe, expect, it } from "vitest";
import { convertProject, type ConvertOptions } from "../src/convert.js";
import { TEST_SALT_SEED } from "./helpers.js";

const ARGS = ["console=ttyS0,115200", "isolcpus=2"];
const BLUEPRINT = `name = "k"\ndistro = "rhel-9.6"\n[customizations.kernel]\nappend = "${ARGS.join(" ")}"\n`;
const LAYOUT = `[customizations.installer]\nunattended = true\n[[customizations.filesystem]]\nmountpoint = "/var/data"\nminsize = "1 GiB"\n`;
const EDGE_KS = "lang C\nostreesetup --nogpg --osname=rhel --url=https://h/repo --ref=rhel/9/x86_64/edge\nreboot\n";

function convert(blueprint: string, options: ConvertOptions, kickstart?: string) {
  return convertProject(
    { blueprint: { path: "bp.toml", text: blueprint }, kickstarts: kickstart ? [{ path: "edge.ks", text: kickstart }] : [] },
    { salt: { seed: TEST_SALT_SEED }, image: "quay.io/acme/k:1", ...options },
  );
}
const file = (r: ReturnType<typeof convert>, path: string) => r.artifacts.find((a) => a.path === path)?.contents ?? "";
const installerKickstart = (r: ReturnType<typeof convert>) =>
  (TOML.parse(file(r, "config.toml")) as { customizations?: { installer?: { kickstart?: { contents?: string } } } }).customizations?.installer?.kickstart
    ?.contents ?? "";
const kargsD = (r: ReturnType<typeof convert>) => (TOML.parse(file(r, "overlay/usr/lib/bootc/kargs.d/10-blueprint.toml")) as { kargs?: string[] }).kargs ?? [];
const appendOf = (ks: string) =>
  /^bootloader --append=(?:'([^']*)'|"([^"]*)"|(\S+))/m
    .exec(ks)
    ?.slice(1)
    .find((g) => g !== undefined)
    ?.split(" ") ?? [];

describe("kernel.append arrives on every install path", () => {
  let paths = 0;
  afterAll(() => console.log(`kargs paths: ${paths} install paths checked`));

  it.each(["edge-commit", "edge-raw-image", "edge-ami", "edge-vsphere"] as const)("%s: kargs.d, which bootc applies at install, switch and update", (type) => {
    expect(kargsD(convert(BLUEPRINT, { sourceImageType: type }))).toEqual(ARGS);
    paths++;
  });

  it("edge-installer ISO with an installer kickstart: bootloader --append in it, and kargs.d for updates", () => {
    const r = convert(BLUEPRINT + LAYOUT, { sourceImageType: "edge-installer" });
    expect(appendOf(installerKickstart(r))).toEqual(ARGS);
    expect(kargsD(r)).toEqual(ARGS);
    expect(r.report.findings.map((f) => f.id)).toContain("installer.kernel-args");
    paths++;
  });

  it("edge-installer ISO with bib's own kickstart: a warning, because nothing can carry them", () => {
    const r = convert(BLUEPRINT, { sourceImageType: "edge-installer" });
    expect(installerKickstart(r)).toBe("");
    expect(r.report.findings.find((f) => f.id === "installer.kernel-args-not-installed")).toMatchObject({ severity: "warning" });
    paths++;
  });

  it("a converted ostreecontainer kickstart: bootloader --append added, or a warning naming what its own line lacks", () => {
    const added = convert(BLUEPRINT, {}, EDGE_KS);
    expect(appendOf(file(added, "kickstart/edge.ks"))).toEqual(ARGS);
    const own = convert(BLUEPRINT, {}, `bootloader --append="console=ttyS0,115200"\n${EDGE_KS}`);
    expect(appendOf(file(own, "kickstart/edge.ks"))).toEqual(["console=ttyS0,115200"]);
    expect(own.report.findings.find((f) => f.id === "kickstart.kernel-args-missing")?.title).toContain("isolcpus=2");
    paths++;
  });
});

describe("a RHEL 8 edge project (issue 17, defect 13)", () => {
  it("warns that its devices cannot switch, and the next steps do not tell them to", () => {
    for (const distro of ["rhel-8.6", "rhel-86", "rhel-8"]) {
      const r = convert(`name = "old"\ndistro = "${distro}"\n`, {});
      expect(r.report.findings.find((f) => f.id === "platform.rhel8-fleet")).toMatchObject({ severity: "warning" });
      expect(r.report.nextSteps.join("\n")).not.toContain("sudo bootc switch");
      expect(r.report.nextSteps.join("\n")).toContain("RHEL 8 edge devices cannot bootc switch");
    }
    const nine = convert(`name = "new"\ndistro = "rhel-9.6"\n`, {});
    expect(nine.report.findings.some((f) => f.id === "platform.rhel8-fleet")).toBe(false);
    expect(nine.report.nextSteps.join("\n")).toContain("sudo bootc switch quay.io/acme/k:1");
  });
});

describe("mount points outside /var on an ISO install (issue 17, defect 3)", () => {
  it("the blueprint's own are made in the Containerfile; the installer kickstart's own are reported", () => {
    const own = convert(`name = "m"\n[customizations.installer]\nunattended = true\n[[customizations.filesystem]]\nmountpoint = "/data"\nminsize = "1 GiB"\n`, {
      sourceImageType: "edge-installer",
    });
    expect(file(own, "Containerfile")).toContain("RUN mkdir -p /data");
    expect(own.report.findings.some((f) => f.id === "kickstart.mountpoint-not-in-image")).toBe(false);
    const user = convert(`name = "m"\n[customizations.installer.kickstart]\ncontents = "logvol /srv2 --vgname=v --name=s --size=1\\n"\n`, {
      sourceImageType: "edge-installer",
    });
    expect(user.report.findings.filter((f) => f.id === "kickstart.mountpoint-not-in-image").map((f) => f.title)).toEqual([
      "installer kickstart line 1: /srv2 must exist in the image",
    ]);
  });
});
