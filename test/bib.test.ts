import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bibAcceptsMountpoint } from "../src/migrate/map/disk.js";
import { bibConfigObject } from "../src/render/bib-config.js";
import { convert } from "../src/convert.js";
import { GOLDEN_CASES, runCase } from "./cases.js";
import { read, ROOT } from "./helpers.js";

const hasTomllib = spawnSync("python3", ["-c", "import tomllib"]).status === 0;
const withConfig = GOLDEN_CASES.map((c) => ({ c, config: runCase(c).artifacts.find((a) => a.path === "config.toml")?.contents })).filter(
  (x) => x.config !== undefined,
);

describe("bootc-image-builder config.toml", () => {
  it("is written for the fixtures that need disk-time settings", () => {
    expect(withConfig.map((x) => x.c.name).sort()).toEqual(["ami-vsphere", "installer-iso", "raw-image", "rhel10-and-pending", "simplified-installer"]);
  });

  it.runIf(hasTomllib).each(withConfig)("Python's tomllib parses $c.name's config.toml to the object we built", ({ c, config }) => {
    const r = spawnSync("python3", ["-c", "import json,sys,tomllib; print(json.dumps(tomllib.loads(sys.stdin.read())))"], { input: config, encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(bibConfigObject(runCase(c).plan!.bib));
  });

  it.each(withConfig)("$c.name never puts users both in config.toml and in its installer kickstart", ({ config }) => {
    const kickstartUsers = /^(user|group|sshkey|rootpw) /m.test(/contents = """([\s\S]*?)"""/.exec(config!)?.[1] ?? "");
    const bibUsers = /^\s*\[\[customizations\.(user|group)\]\]/m.test(config!);
    expect(kickstartUsers && bibUsers).toBe(false);
  });

  it("emits only the keys the chosen bib profile accepts", () => {
    const text = read(join(ROOT, "fixtures/installer-iso/input/blueprint.toml"));
    const keys = (profile: string) => {
      const r = convert({ path: "bp.toml", text }, { sourceImageType: "edge-installer", bibProfile: profile });
      return [...new Set(r.plan.bib.map((e) => e.path))].sort();
    };
    expect(keys("2024-05")).toEqual(["customizations.installer.kickstart.contents"]);
    expect(keys("2024-11")).toEqual(["customizations.fips", "customizations.installer.kickstart.contents", "customizations.installer.modules"]);
    expect(keys("2025-12")).toEqual([
      "customizations.fips",
      "customizations.installer.kickstart.contents",
      "customizations.installer.modules",
      "customizations.iso",
    ]);
  });

  it("puts users into config.toml for disk images and keeps them out of the Containerfile", () => {
    const r = runCase(GOLDEN_CASES.find((c) => c.name === "raw-image")!);
    const containerfile = r.artifacts.find((a) => a.path === "Containerfile")!.contents;
    expect(containerfile).not.toMatch(/camops/);
    expect(bibConfigObject(r.plan!.bib)).toMatchObject({ customizations: { user: [{ name: "camops", groups: ["wheel"] }] } });
  });

  it("follows bib's mountpoint policy", () => {
    expect(["/", "/boot", "/var/data", "/var/lib/containers"].map((m) => bibAcceptsMountpoint(m, undefined))).toEqual([true, true, true, true]);
    expect(["/data", "/opt", "/var", "/var/home/x", "/var/srv", "/usr/local"].map((m) => bibAcceptsMountpoint(m, undefined))).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
    expect(bibAcceptsMountpoint("/var/data", "2024-06")).toBe(false);
  });

  it("recommends the bib --type that replaces each edge image type", () => {
    const text = 'name = "n"\nversion = "1.0.0"\ndistro = "rhel-9.6"\n';
    const type = (t: "edge-commit" | "edge-container" | "edge-installer" | "edge-raw-image" | "edge-simplified-installer" | "edge-ami" | "edge-vsphere") =>
      /--type (\S+)/.exec(
        convert({ path: "bp.toml", text }, { sourceImageType: t }).report.nextSteps.find((s) => !s.startsWith("#") && s.includes("--type")) ?? "",
      )?.[1];
    expect(
      ["edge-commit", "edge-container", "edge-installer", "edge-raw-image", "edge-simplified-installer", "edge-ami", "edge-vsphere"].map((t) =>
        type(t as "edge-commit"),
      ),
    ).toEqual(["qcow2", "qcow2", "anaconda-iso", "raw", "anaconda-iso", "ami", "vmdk"]);
    // An edge commit had no disk image: the qcow2 is offered as optional, after the push.
    const steps = convert({ path: "bp.toml", text }, { sourceImageType: "edge-commit" }).report.nextSteps;
    expect(steps.find((s) => s.includes("qcow2") && s.startsWith("#")) ?? steps.find((s) => s.startsWith("# 4."))).toMatch(/^# 4\. optional, a disk image/);
  });

  it("prints every command in the order it runs, logins before the build and root's pull before bootc-image-builder", () => {
    const text = 'name = "n"\nversion = "1.0.0"\ndistro = "rhel-9.6"\n';
    const steps = convert({ path: "bp.toml", text }, { sourceImageType: "edge-raw-image", image: "quay.io/acme/n:1" }).report.nextSteps;
    const commands = steps.filter((s) => !s.startsWith("#")).map((s) => s.split(" ").slice(0, 3).join(" "));
    expect(commands).toEqual([
      "podman login registry.redhat.io",
      "podman login quay.io",
      "podman build -t",
      "podman push quay.io/acme/n:1",
      "sudo podman login",
      "sudo podman login",
      "sudo podman pull",
      "sudo podman run",
      "sudo bootc switch",
    ]);
    expect(steps.filter((s) => s.startsWith("#")).map((s) => /^# (\d+)\./.exec(s)?.[1])).toEqual(["1", "2", "3", "4", "5"]);
  });
});
