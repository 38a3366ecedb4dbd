import { describe, expect, it } from "vitest";
import { mapFirewall } from "../../src/migrate/map/firewall.js";
import { mapHostname } from "../../src/migrate/map/hostname.js";
import { mapKernel } from "../../src/migrate/map/kernel.js";
import { splitKernelArgs } from "../../src/util/kernel-args.js";
import { langpackFor, mapLocale } from "../../src/migrate/map/locale.js";
import { mapMetadata, mapPlatform } from "../../src/migrate/map/metadata.js";
import { mapServices } from "../../src/migrate/map/services.js";
import { resolveTarget, targetFromDistro } from "../../src/migrate/resolve/target.js";
import { mapTime } from "../../src/migrate/map/time.js";
import { ids, runMapper, stepTexts } from "../helpers.js";

describe("distro → base image", () => {
  it.each([
    ["rhel-9.4", "registry.redhat.io/rhel9/rhel-bootc:9.4"],
    ["rhel-94", "registry.redhat.io/rhel9/rhel-bootc:9.4"],
    ["rhel-10.1", "registry.redhat.io/rhel10/rhel-bootc:10.1"],
    ["rhel-100", "registry.redhat.io/rhel10/rhel-bootc:10.0"],
    // the 2026 releases, dotted and as older composer and the hosted API write them
    ["rhel-9.8", "registry.redhat.io/rhel9/rhel-bootc:9.8"],
    ["rhel-98", "registry.redhat.io/rhel9/rhel-bootc:9.8"],
    ["rhel-10.2", "registry.redhat.io/rhel10/rhel-bootc:10.2"],
    ["rhel-102", "registry.redhat.io/rhel10/rhel-bootc:10.2"],
    ["centos-9", "quay.io/centos-bootc/centos-bootc:stream9"],
    ["fedora-41", "quay.io/fedora/fedora-bootc:41"],
  ])("%s → %s", (distro, image) => {
    expect(targetFromDistro(distro)?.baseImage).toBe(image);
  });

  it("has no bootc image for RHEL 8 or unknown distros", () => {
    expect(targetFromDistro("rhel-8.10")).toBeUndefined();
    expect(targetFromDistro("{{ .distro }}")).toBeUndefined();
  });

  it("defaults with a warning, and lets --base-image win with a note", () => {
    expect(ids(runMapper('name = "x"\n', mapPlatform).findings)).toEqual(["platform.base-image-defaulted"]);
    const overridden = runMapper('distro = "rhel-9.4"\n', mapPlatform, "quay.io/me/base:1");
    expect(overridden.baseImage?.image).toBe("quay.io/me/base:1");
    expect(ids(overridden.findings)).toEqual(["platform.base-image-overridden"]);
    expect(resolveTarget(undefined, undefined).origin).toBe("default");
  });

  it("moves architecture to the build's --platform", () => {
    const out = runMapper('architecture = "aarch64"\n', mapPlatform);
    expect(out.coverage).toContainEqual({ keyPath: "architecture", disposition: "moved", artifact: "podman build --platform" });
    expect(out.findings.find((f) => f.id === "platform.architecture")?.remediation).toContain("--platform linux/arm64");
  });
});

describe("metadata", () => {
  it("turns name, description and version into labels and notes non-semver versions", () => {
    const out = runMapper('name = "n"\ndescription = "d"\nversion = "1.0"\n', mapMetadata);
    expect(out.labels).toEqual({ title: "n", description: "d", version: "1.0" });
    expect(ids(out.findings)).toEqual(["metadata.version-not-semver"]);
  });
});

describe("hostname", () => {
  it("is a COPYed /etc/hostname, never RUN echo", () => {
    const out = runMapper('[customizations]\nhostname = "gw"\n', mapHostname);
    expect(out.files).toMatchObject([{ path: "overlay/etc/hostname", contents: "gw\n" }]);
    expect(stepTexts(out)).toEqual(["COPY 0644 overlay/etc/hostname /etc/hostname"]);
  });
});

describe("kernel", () => {
  it("splits append on whitespace but keeps quoted spans", () => {
    expect(splitKernelArgs('a=1  b="x y" c')).toEqual(["a=1", 'b="x y"', "c"]);
  });

  it("writes kargs.d TOML for append", () => {
    const out = runMapper('[customizations.kernel]\nappend = "nosmt console=ttyS0,115200"\n', mapKernel);
    expect(out.files[0]).toMatchObject({ path: "overlay/usr/lib/bootc/kargs.d/10-blueprint.toml" });
    expect(out.files[0]!.contents).toBe('kargs = [ "nosmt", "console=ttyS0,115200" ]\n');
  });

  it("swaps the kernel flavour with one initramfs regeneration and a warning", () => {
    const out = runMapper('[customizations.kernel]\nname = "kernel-rt"\n', mapKernel);
    const [text] = stepTexts(out);
    // kernel-rt is in the Real Time repository, which a build does not see unless enabled
    expect(text).toMatch(
      /^dnf config-manager --set-enabled "rhel-9-for-\$\(uname -m\)-rt-rpms" && dnf -y remove kernel kernel-core .* && dnf -y install kernel-rt-core kernel-rt-modules kernel-rt-modules-extra/,
    );
    expect(text).toContain('dracut -vf "/usr/lib/modules/$kver/initramfs.img" "$kver"');
    expect(out.findings.map((f) => [f.id, f.severity])).toEqual([["kernel.flavour-swap", "warning"]]);
  });
});

describe("timezone and ntp", () => {
  it("links /etc/localtime and rewrites chrony.conf like composer", () => {
    const out = runMapper('[customizations.timezone]\ntimezone = "Europe/Berlin"\nntpservers = ["a.example", "b.example"]\n', mapTime);
    expect(stepTexts(out)).toEqual([
      "test -e /usr/share/zoneinfo/Europe/Berlin && ln -sf ../usr/share/zoneinfo/Europe/Berlin /etc/localtime",
      "sed -i -E '/^(server|pool) /d' /etc/chrony.conf && sed -i -e '1i server a.example iburst' -e '1i server b.example iburst' /etc/chrony.conf",
    ]);
  });

  it("refuses a time zone that is not a tz name", () => {
    const out = runMapper('[customizations.timezone]\ntimezone = "../../etc/passwd"\n', mapTime);
    expect(out.steps).toEqual([]);
    expect(ids(out.findings)).toEqual(["time.invalid-timezone"]);
  });
});

describe("locale", () => {
  it("derives langpacks", () => {
    expect(langpackFor("de_DE.UTF-8")).toBe("glibc-langpack-de");
    expect(langpackFor("C.UTF-8")).toBeUndefined();
  });

  it("uses the first language as LANG and installs every langpack", () => {
    const out = runMapper('[customizations.locale]\nlanguages = ["fr_FR.UTF-8", "de_DE.UTF-8", "fr_CA.UTF-8"]\nkeyboard = "fr"\n', mapLocale);
    expect(stepTexts(out)[0]).toBe("dnf install glibc-langpack-fr glibc-langpack-de");
    expect(out.files.map((f) => [f.path, f.contents])).toEqual([
      ["overlay/etc/locale.conf", "LANG=fr_FR.UTF-8\n"],
      ["overlay/etc/vconsole.conf", "KEYMAP=fr\n"],
    ]);
    expect(ids(out.findings)).toEqual(["locale.first-language-only"]);
  });
});

describe("firewall", () => {
  it("passes port:proto verbatim to firewall-offline-cmd and installs firewalld", () => {
    const out = runMapper(
      '[customizations.firewall]\nports = ["22:tcp", "30000-32767:udp", "imap:tcp"]\n[customizations.firewall.services]\nenabled = ["http"]\ndisabled = ["telnet"]\n',
      mapFirewall,
    );
    expect(stepTexts(out)).toEqual([
      "dnf install firewalld && systemctl enable firewalld.service",
      "firewall-offline-cmd --port=22:tcp --port=30000-32767:udp --port=imap:tcp --service=http --remove-service=telnet",
    ]);
  });

  it("creates named zones once and adds sources; converts port/proto with a warning; reports junk", () => {
    const out = runMapper(
      '[customizations.firewall]\nports = ["8080/tcp", "nope"]\n[[customizations.firewall.zones]]\nname = "trusted"\nsources = ["10.42.0.0/16"]\n',
      mapFirewall,
    );
    expect(stepTexts(out)[1]).toBe(
      "firewall-offline-cmd --port=8080:tcp && (firewall-offline-cmd --info-zone=trusted >/dev/null 2>&1 || firewall-offline-cmd --new-zone=trusted) && firewall-offline-cmd --zone=trusted --add-source=10.42.0.0/16",
    );
    expect(ids(out.findings)).toEqual(["firewall.port-syntax", "firewall.invalid-port", "firewall.firewalld-added"]);
  });
});

describe("services", () => {
  it("enables, disables and masks in that order", () => {
    const out = runMapper('[customizations.services]\nmasked = ["a.socket"]\nenabled = ["b", "c.service"]\ndisabled = ["d"]\n', mapServices);
    expect(stepTexts(out)).toEqual(["systemctl enable b c.service", "systemctl disable d", "systemctl mask a.socket"]);
    expect(out.steps.every((s) => s.stage === "services")).toBe(true);
  });
});

describe("kernel swap (build tier finding, issue 9 defect 1)", () => {
  it("removes the old /usr/lib/modules folder that dnf remove leaves behind before installing the new kernel", () => {
    const commands = stepTexts(runMapper('[customizations.kernel]\nname = "kernel-rt"\n', mapKernel))[0]!.split(" && ");
    const removed = commands.findIndex((c) => c.startsWith("dnf -y remove"));
    const cleared = commands.indexOf("rm -rf /usr/lib/modules/*");
    const installed = commands.findIndex((c) => c.startsWith("dnf -y install"));
    expect(removed).toBeGreaterThanOrEqual(0);
    expect(cleared).toBeGreaterThan(removed);
    expect(installed).toBeGreaterThan(cleared);
  });
});
