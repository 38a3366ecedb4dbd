import TOML from "@iarna/toml";
import { describe, expect, it } from "vitest";
import { convert } from "../../src/convert.js";
import { parseKickstart } from "../../src/kickstart/parse.js";
import { targetFromDistro } from "../../src/migrate/target.js";
import type { SourceImageType } from "../../src/migrate/context.js";

const configOf = (text: string, sourceImageType: SourceImageType) => {
  const c = convert({ path: "bp.toml", text }, { sourceImageType, salt: { seed: "t" } });
  const config = c.artifacts.find((a) => a.path === "config.toml");
  return { c, config: config ? (TOML.parse(config.contents) as Record<string, any>) : undefined };
};

describe("deploy-time groups (issue 9, defect 2)", () => {
  it("are not created again when the base image has them; the report says so", () => {
    const { c, config } = configOf('[[customizations.group]]\nname = "wheel"\n[[customizations.group]]\nname = "video"\ngid = 5000\n[[customizations.group]]\nname = "ops"\ngid = 2000\n', "edge-raw-image");
    expect(config!.customizations.group).toEqual([{ name: "ops", gid: 2000 }]);
    expect(c.report.findings.filter((f) => f.id === "users.group-in-base-image").map((f) => f.source.keyPath)).toEqual(["customizations.group[0]", "customizations.group[1]"]);
    expect(c.report.coverage.find((e) => e.keyPath === "customizations.group[0].name")?.disposition).toBe("reported");
  });

  it("in an installer kickstart, skip base groups too", () => {
    const { config } = configOf('[customizations]\ninstallation_device = "/dev/vda"\n[[customizations.group]]\nname = "wheel"\n[[customizations.group]]\nname = "ops"\n[[customizations.user]]\nname = "a"\ngroups = ["wheel", "ops"]\n', "edge-simplified-installer");
    const ks = config!.customizations.installer.kickstart.contents as string;
    expect(ks).toContain("group --name=ops");
    expect(ks).not.toContain("group --name=wheel");
    expect(ks).toContain("user --name=a --groups=wheel,ops");
  });
});

describe("releases without a bootc image (issue 9, defect 3)", () => {
  it("RHEL 9.0-9.3 use the first rhel-bootc tag and say so", () => {
    expect(targetFromDistro("rhel-9.2")).toMatchObject({ baseImage: "registry.redhat.io/rhel9/rhel-bootc:9.4", minor: 4, raisedFrom: "9.2" });
    expect(targetFromDistro("rhel-93")).toMatchObject({ baseImage: "registry.redhat.io/rhel9/rhel-bootc:9.4", raisedFrom: "9.3" });
    expect(targetFromDistro("rhel-9.4")?.raisedFrom).toBeUndefined();
    const c = convert({ path: "bp.toml", text: 'distro = "rhel-9.2"\n' });
    expect(c.plan.baseImage).toBe("registry.redhat.io/rhel9/rhel-bootc:9.4");
    expect(c.report.findings.find((f) => f.id === "platform.release-without-bootc-image")?.severity).toBe("warning");
  });
});

describe("installer-kickstart users (issue 9, defect 7)", () => {
  it("keep expiredate and force_password_reset through chage in %post", () => {
    const { config } = configOf('[customizations]\ninstallation_device = "/dev/vda"\n[[customizations.user]]\nname = "field"\npassword = "$6$abc$def"\nexpiredate = 20000\nforce_password_reset = true\n', "edge-simplified-installer");
    const ks = parseKickstart(config!.customizations.installer.kickstart.contents as string, "ks");
    const post = ks.entries.find((e) => e.kind === "section" && e.name === "%post");
    expect(post?.kind === "section" && post.body.map((b) => b.raw)).toEqual(["chage -E 2024-10-04 field", "chage -d 0 field"]);
  });
});

describe("containers-storage (issue 9, defect 11)", () => {
  it("does not claim an additional image store that nothing registers", () => {
    const c = convert({ path: "bp.toml", text: '[customizations.containers-storage]\ndestination-path = "/usr/share/containers/storage"\n' });
    const f = c.report.findings.find((x) => x.id === "containers.storage-path")!;
    expect(f.detail).not.toMatch(/registers/);
    expect(f.detail).toContain("No additional image store is configured");
    expect(c.artifacts.map((a) => a.contents).join("\n")).not.toContain("additionalimagestores");
  });
});
