import { describe, expect, it } from "vitest";
import { mapEnabledModules, mapPackages } from "../../src/migrate/map/packages.js";
import { ids, runMapper, stepTexts } from "../helpers.js";

describe("packages, modules and groups", () => {
  it("installs name or name-version in one layer, with groups as @id", () => {
    const out = runMapper(
      '[[packages]]\nname = "tmux"\nversion = "2.9a"\n[[packages]]\nname = "vim"\nversion = "*"\n[[modules]]\nname = "git"\nversion = ""\n[[groups]]\nname = "anaconda-tools"\n',
      mapPackages,
    );
    expect(stepTexts(out)).toEqual(["dnf install tmux-2.9a vim git @anaconda-tools"]);
    expect(out.steps[0]!.stage).toBe("packages");
    expect(out.coverage.map((c) => c.keyPath)).toEqual(["packages[0]", "packages[1]", "modules[0]", "groups[0]"]);
  });

  it("installs neither the base kernel again nor a second kernel flavour, and says why", () => {
    const out = runMapper('[[packages]]\nname = "kernel"\n[[packages]]\nname = "kernel-rt"\n[[packages]]\nname = "htop"\n', mapPackages);
    expect(stepTexts(out)).toEqual(["dnf install htop"]);
    expect(ids(out.findings)).toEqual(["packages.kernel-already-in-base", "packages.second-kernel"]);
    expect(out.findings[1]!.severity).toBe("unsupported");
    expect(out.coverage.filter((c) => c.disposition === "reported").map((c) => c.keyPath)).toEqual(["packages[0]", "packages[1]"]);
  });

  it("emits nothing but coverage for empty lists", () => {
    const out = runMapper("packages = []\ngroups = []\n", mapPackages);
    expect(out.steps).toEqual([]);
    expect(out.coverage.map((c) => c.keyPath)).toEqual(["packages", "groups"]);
  });
});

describe("enabled_modules", () => {
  const toml = (distro: string) => `distro = "${distro}"\n[[enabled_modules]]\nname = "nodejs"\nstream = "18"\n`;

  it("enables module streams before packages on RHEL 9", () => {
    const out = runMapper(toml("rhel-9.6"), mapEnabledModules);
    expect(stepTexts(out)).toEqual(["dnf -y module enable nodejs:18 && dnf clean all"]);
    expect(out.steps[0]!.stage).toBe("moduleEnable");
  });

  it("is unsupported on RHEL 10, which has no modularity", () => {
    const out = runMapper(toml("rhel-10.0"), mapEnabledModules);
    expect(out.steps).toEqual([]);
    expect(out.findings.map((f) => [f.id, f.severity])).toEqual([["packages.modularity-removed", "unsupported"]]);
  });

  it("uses the --base-image major when the distro is missing", () => {
    const out = runMapper('[[enabled_modules]]\nname = "a"\nstream = "1"\n', mapEnabledModules, "registry.redhat.io/rhel10/rhel-bootc:10.0");
    expect(ids(out.findings)).toEqual(["packages.modularity-removed"]);
  });
});
