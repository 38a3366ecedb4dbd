import { describe, expect, it } from "vitest";
import { convert, convertProject } from "../../src/convert.js";
import { convertKickstart } from "../../src/kickstart/convert.js";
import { mapContainers } from "../../src/migrate/map/containers.js";
import { mapFilesAndDirectories } from "../../src/migrate/map/fsnodes.js";
import { mapKernel } from "../../src/migrate/map/kernel.js";
import { mapMicroShift, PULL_SECRET_KICKSTART } from "../../src/migrate/map/microshift.js";
import { ids, runMapper, stepTexts, TEST_SALT_SEED } from "../helpers.js";

const MS = 'distro = "rhel-9.6"\n[[packages]]\nname = "microshift"\n';

describe("MicroShift detection and version", () => {
  it.each([
    ['[[packages]]\nname = "microshift"\n', "packages[0].name"],
    ['[customizations.services]\nenabled = ["microshift"]\n', "customizations.services.enabled[0]"],
  ])("detects %j", (toml, signal) => {
    const out = runMapper(`distro = "rhel-9.6"\n${toml}`, mapMicroShift);
    // No version in these blueprints: detected, with a guessed version (a rule of its own, a warning)
    expect(out.findings.find((f) => f.id === "microshift.version-guessed")!.source.keyPath).toBe(signal);
  });

  it.each([
    ['[[packages]]\nname = "microshift-test-agent"\n', "packages[0].name"],
    [
      '[[packages]]\nname = "openshift-clients"\n[[customizations.repositories]]\nid = "rhocp-4.18-for-rhel-9-x86_64-rpms"\nbaseurls = ["https://m/x"]\n',
      "customizations.repositories[0]",
    ],
    ['[[customizations.files]]\npath = "/etc/microshift/config.yaml"\ndata = "x: 1\\n"\n', "customizations.files[0].path"],
    ['[[customizations.files]]\npath = "/etc/crio/openshift-pull-secret"\ndata = "{}"\n', "customizations.files[0].path"],
    ['[[containers]]\nsource = "quay.io/openshift-release-dev/ocp-v4.0-art-dev@sha256:1"\n', "containers[0].source"],
  ])("installs nothing of MicroShift for hints without its package or service, and says so: %j", (toml, hint) => {
    const out = runMapper(`distro = "rhel-9.6"\n${toml}`, mapMicroShift);
    expect(out.steps).toEqual([]);
    expect(out.findings.map((f) => [f.id, f.source.keyPath])).toEqual([["microshift.not-detected", hint]]);
  });

  it("warns when the MicroShift release is not paired with the RHEL minor in the compatibility matrix (issue 17)", () => {
    const pin = (distro: string, version: string) =>
      runMapper(`distro = "${distro}"\n[[packages]]\nname = "microshift"\nversion = "${version}"\n`, mapMicroShift).findings.filter(
        (f) => f.id === "microshift.rhel-pairing",
      );
    expect(pin("rhel-9.6", "4.16.3")[0]!.title).toBe("MicroShift 4.16 is not supported on RHEL 9.6");
    expect(pin("rhel-9.4", "4.16.3")).toEqual([]);
    expect(pin("rhel-9.6", "4.19.0")).toEqual([]);
    expect(pin("rhel-9.6", "4.21.0")).toEqual([]); // not in the table: not judged
  });

  it("says the RHEL 10 repository ids are unverified, and not the RHEL 9 ones (issue 17, defect 10)", () => {
    const ids10 = runMapper('distro = "rhel-10.0"\n[[packages]]\nname = "microshift"\n', mapMicroShift).findings.map((f) => f.id);
    expect(ids10).toContain("microshift.repos-unverified");
    const ids9 = runMapper('distro = "rhel-9.6"\n[[packages]]\nname = "microshift"\n', mapMicroShift).findings.map((f) => f.id);
    expect(ids9).not.toContain("microshift.repos-unverified");
  });

  it("leaves other blueprints alone", () => {
    const out = runMapper('distro = "rhel-9.6"\n[[packages]]\nname = "podman"\n', mapMicroShift);
    expect(out.steps).toEqual([]);
    expect(out.findings).toEqual([]);
  });

  it.each([
    [`${MS.replace('name = "microshift"', 'name = "microshift"\nversion = "4.17.3"')}`, {}, "rhocp-4.17", "info"],
    [`${MS}[[customizations.repositories]]\nid = "rhocp-4.16-for-rhel-9-x86_64-rpms"\nbaseurls = ["https://m/x"]\n`, {}, undefined, "info"],
    [MS, { microshiftVersion: "4.19" }, "rhocp-4.19", "info"],
    // OpenShift 5 exists: MicroShift 5.N is read like 4.N (issue 17)
    [MS, { microshiftVersion: "5.0" }, "rhocp-5.0", "info"],
    [`${MS.replace('name = "microshift"', 'name = "microshift"\nversion = "5.1.2"')}`, {}, "rhocp-5.1", "info"],
    [MS, {}, "rhocp-4.20", "warning"],
  ])("takes the version from the package, the repository, the option, else guesses and says so (%#)", (toml, options, repo, severity) => {
    const out = runMapper(toml, mapMicroShift, options);
    const detected = out.findings.filter((f) => f.id === "microshift.detected" || f.id === "microshift.version-guessed");
    expect(detected.map((f) => [f.id, f.severity])).toEqual([[severity === "info" ? "microshift.detected" : "microshift.version-guessed", severity]]);
    const enable = stepTexts(out).find((t) => t.startsWith("dnf config-manager"));
    if (repo === undefined)
      expect(enable).toBeUndefined(); // the blueprint brings its own repositories
    else
      expect(enable).toBe(`dnf config-manager --set-enabled "${repo}-for-rhel-9-$(uname -m)-rpms" --set-enabled "fast-datapath-for-rhel-9-$(uname -m)-rpms"`);
  });

  it("uses the RHEL 10 repository names for a RHEL 10 target", () => {
    const out = runMapper(MS.replace("rhel-9.6", "rhel-10.0"), mapMicroShift, { microshiftVersion: "4.21" });
    expect(stepTexts(out).find((t) => t.startsWith("dnf config-manager"))).toContain('"rhocp-4.21-for-rhel-10-$(uname -m)-rpms"');
  });
});

describe("what a MicroShift image gets", () => {
  it("microshift-release-info and jq only when release images are embedded; greenboot and firewalld always", () => {
    const plain = stepTexts(runMapper(MS, mapMicroShift)).find((t) => t.startsWith("dnf install"))!;
    expect(plain).toBe(
      "dnf install firewalld greenboot && systemctl enable microshift.service && systemctl enable firewalld.service && systemctl enable greenboot-healthcheck.service",
    );
    const offline = stepTexts(runMapper(`${MS}[[containers]]\nsource = "quay.io/openshift-release-dev/ocp-v4.0-art-dev@sha256:1"\n`, mapMicroShift)).find((t) =>
      t.startsWith("dnf install"),
    )!;
    expect(offline).toContain("microshift-release-info jq");
  });

  it("adds only the mandatory trusted sources the blueprint lacks, and fd01::/48 for an IPv6 cluster network", () => {
    const some = runMapper(`${MS}[[customizations.firewall.zones]]\nname = "trusted"\nsources = ["10.42.0.0/16"]\n`, mapMicroShift);
    expect(stepTexts(some).filter((t) => t.includes("firewall-offline-cmd"))).toEqual(["firewall-offline-cmd --zone=trusted --add-source=169.254.169.1"]);
    const v6 = runMapper(
      `${MS}[[customizations.files]]\npath = "/etc/microshift/config.yaml"\ndata = "network:\\n  clusterNetwork:\\n    - fd01::/48\\n"\n`,
      mapMicroShift,
    );
    expect(stepTexts(v6).find((t) => t.includes("firewall-offline-cmd"))).toContain("--add-source=fd01::/48");
  });

  it("says where defaults come from without a config, and flags a config that names one machine", () => {
    expect(ids(runMapper(MS, mapMicroShift).findings)).toContain("microshift.config-default");
    const hostly = runMapper(
      `${MS}[[customizations.files]]\npath = "/etc/microshift/config.yaml"\ndata = "apiServer:\\n  subjectAltNames: [10.1.2.3]\\n"\n`,
      mapMicroShift,
    );
    expect(hostly.findings.find((f) => f.id === "microshift.config-host-specific")!.source.keyPath).toBe("customizations.files[0]");
    const cidrs = runMapper(
      `${MS}[[customizations.files]]\npath = "/etc/microshift/config.yaml"\ndata = "network:\\n  serviceNetwork: [10.43.0.0/16]\\n"\n`,
      mapMicroShift,
    );
    expect(ids(cidrs.findings)).not.toContain("microshift.config-host-specific");
  });

  it("moves the pull secret into a private kickstart fragment, never into the image or the report", () => {
    const toml = `${MS}[[customizations.files]]\npath = "/etc/crio/openshift-pull-secret"\nmode = "0600"\ndata = '{"auths":{"r":{"auth":"UFVMTFNFQ1JFVA=="}}}'\n`;
    expect(runMapper(toml, mapFilesAndDirectories).files).toEqual([]);
    const out = runMapper(toml, mapMicroShift);
    // A kickstart document in the plan (issue 19), not a file of the build context
    expect(out.files.find((f) => f.path === PULL_SECRET_KICKSTART)).toBeUndefined();
    const fragment = (out.kickstarts ?? []).find((k) => k.path === PULL_SECRET_KICKSTART)!;
    expect(fragment).toMatchObject({ role: "fragment", sensitive: true });
    expect(fragment.lines).toContain("%post --erroronfail");
    expect(fragment.lines.join("\n")).toContain("UFVMTFNFQ1JFVA==");
    expect(fragment.lines).toContain("chmod 0600 /etc/crio/openshift-pull-secret");
    expect(out.coverage.filter((c) => c.keyPath.startsWith("customizations.files[0]")).every((c) => c.disposition === "moved")).toBe(true);
    const result = convert({ path: "bp.toml", text: toml }, { salt: { seed: TEST_SALT_SEED } });
    for (const a of result.artifacts) if (a.path !== PULL_SECRET_KICKSTART) expect(a.contents, a.path).not.toContain("UFVMTFNFQ1JFVA==");
    expect(result.artifacts.find((a) => a.path === PULL_SECRET_KICKSTART)).toMatchObject({ private: true, sensitive: true, kind: "kickstart" });
  });

  it("appends the pull secret's %post to every kickstart converted with the blueprint, which is then private", () => {
    const toml = `${MS}[[customizations.files]]\npath = "/etc/crio/openshift-pull-secret"\ndata = '{"auths":{"r":{"auth":"UFVMTFNFQ1JFVA=="}}}'\n`;
    const ks = "lang en_US.UTF-8\nostreesetup --nogpg --osname=rhel --remote=edge --url=http://h/repo --ref=rhel/9/x86_64/edge\n";
    const result = convertProject(
      {
        blueprint: { path: "bp.toml", text: toml },
        kickstarts: [
          { path: "a.ks", text: ks },
          { path: "b.ks", text: ks },
        ],
      },
      { salt: { seed: TEST_SALT_SEED } },
    );
    for (const name of ["kickstart/a.ks", "kickstart/b.ks"]) {
      const a = result.artifacts.find((x) => x.path === name)!;
      expect(a.contents).toMatch(/^%post --erroronfail\ninstall -d -m 0755 \/etc\/crio\ncat > \/etc\/crio\/openshift-pull-secret <<'EDGE2BOOTC_PULL_SECRET'$/m);
      expect(a.contents).toContain("UFVMTFNFQ1JFVA==");
      expect(a).toMatchObject({ private: true, sensitive: true });
    }
    // no second copy of the secret, and none in the reports
    expect(result.artifacts.map((a) => a.path)).not.toContain(PULL_SECRET_KICKSTART);
    for (const a of result.artifacts.filter((x) => x.kind === "report")) expect(a.contents).not.toContain("UFVMTFNFQ1JFVA==");
  });

  it("turns kernel-rt into microshift-low-latency and tuned, without a kernel swap", () => {
    const toml = `${MS}[customizations.kernel]\nname = "kernel-rt"\n`;
    expect(stepTexts(runMapper(toml, mapKernel))).toEqual([]);
    const out = runMapper(toml, mapMicroShift);
    expect(stepTexts(out).find((t) => t.startsWith("dnf install"))).toContain("microshift-low-latency");
    expect(stepTexts(out).join("\n")).toContain("systemctl enable microshift-tuned.service");
    expect(out.files.map((f) => f.path)).toContain("overlay/etc/microshift/tuned.yaml");
    // the package's own variables file keeps its defaults: an empty isolated_cores would isolate nothing (issue 17)
    expect(out.files.map((f) => f.path)).not.toContain("overlay/etc/tuned/microshift-baseline-variables.conf");
    expect(out.findings.find((f) => f.id === "microshift.low-latency")!.source.keyPath).toBe("customizations.kernel.name");
    // without MicroShift, kernel-rt is still a kernel swap
    expect(stepTexts(runMapper('[customizations.kernel]\nname = "kernel-rt"\n', mapKernel)).join()).toContain("dnf -y install kernel-rt-core");
  });

  it("ships the openvswitch ownership drop-in and the make-rshared unit, and offers the EUS image on an EUS minor", () => {
    const out = runMapper(MS, mapMicroShift);
    expect(out.files.find((f) => f.path.endsWith("ovsdb-server.service.d/10-edge2bootc-ownership.conf"))!.contents).toContain(
      "ExecStartPre=/usr/bin/chown -R openvswitch:openvswitch /etc/openvswitch",
    );
    expect(out.files.find((f) => f.path.endsWith("microshift-make-rshared.service"))!.contents).toContain("ConditionVirtualization=container");
    expect(out.findings.find((f) => f.id === "microshift.base-image")!.title).toContain("registry.redhat.io/rhel9-eus/rhel-9.6-bootc:9.6");
    expect(ids(runMapper(MS.replace("9.6", "9.5"), mapMicroShift).findings)).not.toContain("microshift.base-image");
  });

  it("embeds release images from microshift-release-info after installing it (one install, before the copy)", () => {
    const toml = `${MS}[[containers]]\nsource = "quay.io/openshift-release-dev/ocp-v4.0-art-dev@sha256:1"\n`;
    const steps = convert({ path: "bp.toml", text: toml }, { salt: { seed: TEST_SALT_SEED } }).plan.steps;
    const install = steps.findIndex((s) => s.kind === "dnf-install" && s.packages.includes("microshift-release-info"));
    const copy = steps.findIndex((s) => s.kind === "run" && s.commands.some((c) => c.includes("release-$(uname -m).json")));
    expect(install).toBeGreaterThanOrEqual(0);
    expect(copy).toBeGreaterThan(install);
    expect(steps.filter((s) => s.kind === "dnf-install" && s.stage === "packages")).toHaveLength(1);
    expect(ids(runMapper(toml, mapContainers).findings)).toContain("microshift.release-images");
  });
});

describe("MicroShift disk images", () => {
  it("warns when bootc-image-builder would lay the disk out without an LVM volume group", () => {
    const raw = runMapper(MS, mapMicroShift, { sourceImageType: "edge-raw-image" });
    expect(raw.findings.find((f) => f.id === "microshift.lvm-no-free-space")!.title).toContain("the raw image gets no LVM volume group");
    const withVg = runMapper(
      `${MS}[customizations.disk]\n[[customizations.disk.partitions]]\ntype = "lvm"\nminsize = "20 GiB"\n[[customizations.disk.partitions.logical_volumes]]\nmountpoint = "/"\nminsize = "10 GiB"\n`,
      mapMicroShift,
      { sourceImageType: "edge-raw-image" },
    );
    expect(ids(withVg.findings)).not.toContain("microshift.lvm-no-free-space");
    // a commit is laid out by the kickstart that installs it
    expect(ids(runMapper(MS, mapMicroShift).findings)).not.toContain("microshift.lvm-no-free-space");
  });
});

describe("MicroShift kickstarts", () => {
  const ks = (layout: string) =>
    `lang en_US.UTF-8\n${layout}\nostreesetup --nogpg --osname=rhel --remote=edge --url=http://h/repo --ref=rhel/9/x86_64/edge\n%post\ncat > /etc/crio/openshift-pull-secret <<'EOF'\n{}\nEOF\nfirewall-offline-cmd --zone=trusted --add-source=10.42.0.0/16\n%end\n`;
  const findings = (layout: string) =>
    convertKickstart({ path: "edge.ks", text: ks(layout) }, () => undefined, { target: "rhel9", installer: "ostreecontainer", image: "r/i:1" }).findings;

  it.each([
    ["autopart --type=lvm", "autopart"],
    ["part pv.01 --grow\nvolgroup rhel pv.01\nlogvol / --vgname=rhel --grow --name=root", "grows into all free space"],
    ["part / --fstype=xfs --grow", "no LVM volume group"],
  ])("warns when %j leaves no free space in a volume group", (layout, why) => {
    const f = findings(layout).find((x) => x.id === "microshift.lvm-no-free-space")!;
    expect(f.title).toContain(why);
  });

  it("accepts MicroShift's own layout (fixed-size root, the rest of the volume group free), and flags the redundant firewall lines", () => {
    const f = findings("part pv.01 --grow\nvolgroup rhel pv.01\nlogvol / --vgname=rhel --fstype=xfs --size=10240 --name=root");
    expect(ids(f)).not.toContain("microshift.lvm-no-free-space");
    expect(f.find((x) => x.id === "microshift.firewall-redundant")!.source.line).toBe(10);
  });

  it("does not judge the layout of a kickstart that has nothing to do with MicroShift", () => {
    const plain = convertKickstart(
      { path: "edge.ks", text: "autopart\nostreesetup --nogpg --osname=rhel --remote=edge --url=http://h/repo --ref=r\n" },
      () => undefined,
      { target: "rhel9", installer: "ostreecontainer", image: "r/i:1" },
    ).findings;
    expect(ids(plain)).not.toContain("microshift.lvm-no-free-space");
  });
});
