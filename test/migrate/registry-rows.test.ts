import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { mapDiskLayout } from "../../src/migrate/map/disk.js";
import { mapInstaller, mapIso } from "../../src/migrate/map/installer.js";
import { mapContainersStorage, mapFdo, mapIgnition } from "../../src/migrate/map/manual.js";
import { mapMinimal } from "../../src/migrate/map/minimal.js";
import { mapEdgeParity } from "../../src/migrate/map/parity.js";
import { mapEdgeUpdates } from "../../src/migrate/map/edge-updates.js";
import { MAPPERS } from "../../src/migrate/registry.js";
import { mapFips, mapOpenscap, mapRpmKeys } from "../../src/migrate/map/security.js";
import { mapDnf, mapFirstboot, mapRhsm, mapSshd } from "../../src/migrate/map/system-extras.js";
import { ids, ROOT, runMapper, stepTexts } from "../helpers.js";

const dispositions = (out: { coverage: { keyPath: string; disposition: string }[] }) => Object.fromEntries(out.coverage.map((c) => [c.keyPath, c.disposition]));

/** Mappers a test under test/migrate runs through runMapper (an import alone, or a name in a comment, does not count). */
export function mappersRun(tests: string): Set<string> {
  const run = new Set<string>();
  // runMapper(<toml>, <mapper>[, options]): the mapper is the first bare identifier argument after the TOML.
  for (const m of tests.matchAll(/\brunMapper\(([^;]*?)\)/g)) for (const name of m[1]!.matchAll(/\b(map[A-Z]\w*)\b/g)) run.add(name[1]!);
  return run;
}

describe("every registry row has a unit test", () => {
  const tests = readdirSync(join(ROOT, "test", "migrate"))
    .filter((f) => f.endsWith(".test.ts"))
    .map((f) => readFileSync(join(ROOT, "test", "migrate", f), "utf8"))
    .join("\n");

  it("runs each mapper of src/migrate/registry.ts through runMapper in a test under test/migrate", () => {
    const run = mappersRun(tests);
    expect(MAPPERS.map((m) => m.map.name).filter((name) => !run.has(name))).toEqual([]);
  });

  it("does not count a mapper that a test only imports (issue 19)", () => {
    const importedOnly = 'import { mapHostname } from "../../src/migrate/map/hostname.js";\n// mapHostname is covered elsewhere\n';
    expect(mappersRun(importedOnly).has("mapHostname")).toBe(false);
    expect(mappersRun(`${importedOnly}runMapper('x = 1', mapHostname);\n`).has("mapHostname")).toBe(true);
  });
});

describe("rows without a dedicated test file", () => {
  it("containers-storage: reported, never an additional image store", () => {
    const out = runMapper('[customizations.containers-storage]\ndestination-path = "/srv/containers"\n', mapContainersStorage);
    expect(dispositions(out)).toEqual({ "customizations.containers-storage": "reported" });
    expect(out.findings[0]!.title).toContain("/srv/containers");
    expect(out.steps).toEqual([]);
  });

  it("disk layout: a /var mountpoint of a disk image moves to config.toml", () => {
    const out = runMapper('[[customizations.filesystem]]\nmountpoint = "/var/log"\nminsize = "2 GiB"\n', mapDiskLayout, { sourceImageType: "edge-raw-image" });
    expect(out.bib?.map((b) => b.path)).toEqual(["customizations.filesystem"]);
    expect(dispositions(out)).toEqual({ "customizations.filesystem[0]": "moved" });
  });

  it("dnf: set_releasever pins the target minor in /etc/dnf/vars/releasever", () => {
    const out = runMapper('distro = "rhel-9.6"\n[customizations.dnf.config]\nset_releasever = true\n', mapDnf);
    expect(out.files).toMatchObject([{ path: "overlay/etc/dnf/vars/releasever", contents: "9.6\n" }]);
  });

  it("edge parity: restores what edge commits shipped, and nothing with --no-edge-parity", () => {
    const on = runMapper('distro = "rhel-9.6"\n', mapEdgeParity);
    expect(stepTexts(on)[0]).toMatch(/^dnf install firewalld greenboot /);
    expect(ids(on.findings)).toEqual(expect.arrayContaining(["parity.edge-defaults", "parity.auto-updates"]));
    expect(stepTexts(runMapper('distro = "rhel-9.6"\n', mapEdgeParity, { edgeParity: false }))).toEqual([]);
  });

  it("edge update machinery: rpm-ostreed's policy, its automatic timer and scripts that drive rpm-ostree are reported (issue 17, defect 12)", () => {
    const out = runMapper(
      '[customizations.services]\nenabled = ["sshd", "rpm-ostreed-automatic.timer"]\n' +
        '[[customizations.files]]\npath = "/etc/rpm-ostreed.conf"\ndata = "[Daemon]\\nAutomaticUpdatePolicy=stage\\n"\n' +
        '[[customizations.files]]\npath = "/usr/local/bin/upd"\ndata = "rpm-ostree upgrade --check && systemctl reboot\\n"\n' +
        '[[customizations.files]]\npath = "/etc/motd"\ndata = "hello\\n"\n',
      mapEdgeUpdates,
    );
    expect(out.findings.map((f) => [f.id, f.source.keyPath])).toEqual([
      ["parity.edge-update-machinery", "customizations.services.enabled[1]"],
      ["parity.update-policy", "customizations.files[0]"],
      ["parity.edge-update-machinery", "customizations.files[0]"],
      ["parity.edge-update-machinery", "customizations.files[1]"],
    ]);
    // stage: bootc's timer stages instead of applying (bootc upgrade without --apply)
    expect(out.files.map((f) => [f.path, f.contents])).toEqual([
      [
        "overlay/usr/lib/systemd/system/bootc-fetch-apply-updates.service.d/50-edge2bootc-update-policy.conf",
        "# edge2bootc: the edge update policy was AutomaticUpdatePolicy=stage\n[Service]\nExecStart=\nExecStart=/usr/bin/bootc upgrade --quiet\n",
      ],
    ]);
    expect(stepTexts(out)).toEqual([
      "COPY 0644 overlay/usr/lib/systemd/system/bootc-fetch-apply-updates.service.d/50-edge2bootc-update-policy.conf /usr/lib/systemd/system/bootc-fetch-apply-updates.service.d/50-edge2bootc-update-policy.conf",
    ]);
  });

  it.each([
    ["none", [], ["systemctl mask bootc-fetch-apply-updates.timer"]],
    ["check", ["ExecStart=/usr/bin/bootc upgrade --check"], []],
    ["apply", [], []],
  ])("AutomaticUpdatePolicy=%s keeps its meaning with bootc's timer", (policy, dropIn, runs) => {
    const out = runMapper(
      `[[customizations.files]]\npath = "/etc/rpm-ostreed.conf"\ndata = "[Daemon]\\nAutomaticUpdatePolicy = ${policy}\\n"\n`,
      mapEdgeUpdates,
    );
    expect(out.files.flatMap((f) => f.contents.split("\n").filter((l) => l.startsWith("ExecStart=/")))).toEqual(dropIn);
    expect(out.steps.flatMap((s) => (s.kind === "run" ? s.commands : []))).toEqual(runs);
    expect(out.findings.find((f) => f.id === "parity.update-policy")!.title).toContain(`${policy}:`);
  });

  it("edge parity on RHEL 10 leaves out what RHEL 10 removed (containernetworking-plugins, fdo-*) and says so", () => {
    const nine = stepTexts(runMapper('distro = "rhel-9.6"\n', mapEdgeParity))[0]!;
    expect(nine).toContain(" containernetworking-plugins ");
    const ten = runMapper('distro = "rhel-10.0"\n', mapEdgeParity);
    expect(stepTexts(ten)[0]).not.toMatch(/containernetworking-plugins|fdo-client|fdo-owner-cli/);
    expect(ten.findings.find((f) => f.id === "parity.edge-defaults")!.detail).toContain(
      "RHEL 10 does not ship fdo-client, fdo-owner-cli, containernetworking-plugins",
    );
  });

  it.each([
    ["rhel-9.6", false],
    ["rhel-9.8", true],
    ["rhel-10.0", false],
    ["rhel-10.2", true],
  ])("edge parity on %s installs greenboot under the names the release ships (greenboot-rs: %s)", (distro, rs) => {
    const out = runMapper(`distro = "${distro}"\n`, mapEdgeParity);
    const install = stepTexts(out)[0]!;
    // greenboot-rs.spec builds these two packages, so the names hold on every target
    expect(install).toContain(" greenboot greenboot-default-health-checks ");
    expect(out.findings.find((f) => f.id === "parity.edge-defaults")!.detail.includes("greenboot-rs")).toBe(rs);
  });

  it("fdo and ignition firstboot: reported as manual work, nothing in the image", () => {
    const fdo = runMapper('[customizations.fdo]\nmanufacturing_server_url = "http://fdo:8080"\n', mapFdo);
    expect(ids(fdo.findings)).toEqual(["fdo.manual"]);
    expect(fdo.steps).toEqual([]);
    const ign = runMapper('[customizations.ignition.firstboot]\nurl = "http://x/c.ign"\n', mapIgnition);
    expect(ids(ign.findings)).toEqual(["ignition.manual"]);
  });

  it("fips: fips=1 in kargs.d and the FIPS crypto policy", () => {
    const out = runMapper("[customizations]\nfips = true\n", mapFips);
    expect(out.files.map((f) => f.path)).toEqual(["overlay/usr/lib/bootc/kargs.d/01-fips.toml"]);
    expect(out.files[0]!.contents).toContain('"fips=1"');
    expect(stepTexts(out).join("\n")).toContain("update-crypto-policies --no-reload --set FIPS");
  });

  it("firstboot: a script and an enabled oneshot unit per entry", () => {
    const out = runMapper('[[customizations.firstboot.scripts]]\ntype = "custom"\nname = "hello"\ncontents = "echo hi\\n"\n', mapFirstboot);
    expect(out.files.map((f) => f.path)).toEqual([
      "overlay/usr/libexec/blueprint-firstboot/01-hello",
      "overlay/usr/lib/systemd/system/blueprint-firstboot-01-hello.service",
    ]);
    expect(out.files[0]!.contents).toBe("#!/bin/sh\necho hi\n");
    expect(stepTexts(out)).toContain("systemctl enable blueprint-firstboot-01-hello.service");
  });

  it("installer and iso: an ISO's settings go to config.toml or the report", () => {
    expect(ids(runMapper("[customizations.installer]\nunattended = true\n", mapInstaller, { sourceImageType: "edge-installer" }).findings)).toEqual([
      "bib.iso-type",
      "installer.unattended",
    ]);
    const iso = runMapper('[customizations.iso]\nvolume_id = "EDGE"\n', mapIso, { sourceImageType: "edge-installer", bibProfile: "2025-12" });
    expect(iso.bib?.map((b) => b.path)).toEqual(["customizations.iso"]);
    expect(dispositions(iso)).toEqual({ "customizations.iso.volume_id": "moved" });
  });

  it.each([
    ["2025-06", "predates bootc-generic-iso"],
    ["2026-08", "also has bootc-generic-iso"],
  ])("an installer ISO says which ISO type profile %s builds", (bibProfile, says) => {
    const out = runMapper('distro = "rhel-9.8"\n', mapInstaller, { sourceImageType: "edge-installer", bibProfile });
    const f = out.findings.find((x) => x.id === "bib.iso-type")!;
    expect(f.title).toContain(says);
    expect(f.remediation).toContain("/usr/share/anaconda/interactive-defaults.ks");
    // the payload line the installer kickstart ends with is the one each major's Anaconda has
    expect(f.remediation).toContain("ostreecontainer --transport containers-storage --url registry.example.com/edge-image:latest");
    const ten = runMapper('distro = "rhel-10.2"\n', mapInstaller, { sourceImageType: "edge-installer", bibProfile });
    expect(ten.findings.find((x) => x.id === "bib.iso-type")!.remediation).toContain(
      "bootc --source-imgref containers-storage:registry.example.com/edge-image:latest --target-imgref registry.example.com/edge-image:latest",
    );
    // not for images that are no installer
    expect(ids(runMapper('distro = "rhel-9.8"\n', mapInstaller, { bibProfile })["findings"])).not.toContain("bib.iso-type");
  });

  it("minimal: the removed key is reported", () => {
    expect(dispositions(runMapper("minimal = true\n", mapMinimal))).toEqual({ minimal: "reported" });
  });

  it("openscap: oscap-im remediates at build time with the profile", () => {
    const out = runMapper(
      '[customizations.openscap]\ndatastream = "/usr/share/xml/scap/ssg/content/ssg-rhel9-ds.xml"\nprofile_id = "xccdf_org.ssgproject.content_profile_cis"\n',
      mapOpenscap,
    );
    expect(stepTexts(out)[0]).toContain("oscap-im --profile xccdf_org.ssgproject.content_profile_cis /usr/share/xml/scap/ssg/content/ssg-rhel9-ds.xml");
  });

  it("rhsm: dnf plugin settings are edited in place", () => {
    const out = runMapper("[customizations.rhsm.config.dnf_plugins.product_id]\nenabled = false\n", mapRhsm);
    expect(stepTexts(out)).toEqual(["sed -i -E 's/^enabled\\s*=.*/enabled = 0/' /etc/dnf/plugins/product-id.conf"]);
  });

  it("rpm keys: imported at build time", () => {
    expect(stepTexts(runMapper('[customizations.rpm.import_keys]\nfiles = ["/etc/pki/rpm-gpg/RPM-GPG-KEY-redhat-release"]\n', mapRpmKeys))).toEqual([
      "rpm --import /etc/pki/rpm-gpg/RPM-GPG-KEY-redhat-release",
    ]);
  });

  it("sshd: a private drop-in that sorts first, and a bad PermitRootLogin is warned", () => {
    const out = runMapper('[customizations.sshd]\npassword_authentication = false\npermit_root_login = "maybe"\n', mapSshd);
    expect(out.files).toMatchObject([{ path: "overlay/etc/ssh/sshd_config.d/00-blueprint.conf" }]);
    expect(out.files[0]!.contents).toContain("PasswordAuthentication no\nPermitRootLogin maybe\n");
    expect(stepTexts(out)[0]).toMatch(/^COPY 0600 /);
    expect(ids(out.findings)).toEqual(["sshd.permit-root-login"]);
  });
});
