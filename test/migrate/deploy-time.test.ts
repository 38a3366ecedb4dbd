import TOML from "@iarna/toml";
import { describe, expect, it } from "vitest";
import { convert } from "../../src/convert.js";
import { parseKickstart } from "../../src/kickstart/parse.js";
import { targetFromDistro } from "../../src/migrate/resolve/target.js";
import type { SourceImageType } from "../../src/migrate/resolve/context.js";

const configOf = (text: string, sourceImageType: SourceImageType) => {
  const c = convert({ path: "bp.toml", text }, { sourceImageType, salt: { seed: "t" } });
  const config = c.artifacts.find((a) => a.path === "config.toml");
  return { c, config: config ? (TOML.parse(config.contents) as Record<string, any>) : undefined };
};

describe("deploy-time groups (issue 9, defect 2)", () => {
  it("are not created again when the base image has them; the report says so", () => {
    const { c, config } = configOf(
      '[[customizations.group]]\nname = "wheel"\n[[customizations.group]]\nname = "video"\ngid = 5000\n[[customizations.group]]\nname = "ops"\ngid = 2000\n',
      "edge-raw-image",
    );
    expect(config!.customizations.group).toEqual([{ name: "ops", gid: 2000 }]);
    expect(c.report.findings.filter((f) => f.id === "users.group-in-base-image").map((f) => f.source.keyPath)).toEqual([
      "customizations.group[0]",
      "customizations.group[1]",
    ]);
    expect(c.report.coverage.find((e) => e.keyPath === "customizations.group[0].name")?.disposition).toBe("reported");
  });

  it("a disk-image user whose gid names no group gets a group named after it, or a warning for a system gid (issue 17, defect 9)", () => {
    const { c, config } = configOf(
      '[[customizations.group]]\nname = "ops"\ngid = 2000\n[[customizations.user]]\nname = "a"\ngid = 2000\n[[customizations.user]]\nname = "b"\ngid = 3000\n[[customizations.user]]\nname = "c"\ngid = 50\n',
      "edge-raw-image",
    );
    expect(config!.customizations.group).toEqual([
      { name: "ops", gid: 2000 },
      { name: "b", gid: 3000 },
    ]);
    expect(c.report.findings.filter((f) => f.id.startsWith("users.primary-group")).map((f) => [f.id, f.source.keyPath])).toEqual([
      ["users.primary-group-added", "customizations.user[1].gid"],
      ["users.primary-group-missing", "customizations.user[2].gid"],
    ]);
  });

  it("in an installer kickstart, skip base groups too", () => {
    const { config } = configOf(
      '[customizations]\ninstallation_device = "/dev/vda"\n[[customizations.group]]\nname = "wheel"\n[[customizations.group]]\nname = "ops"\n[[customizations.user]]\nname = "a"\ngroups = ["wheel", "ops"]\n',
      "edge-simplified-installer",
    );
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
    const { config } = configOf(
      '[customizations]\ninstallation_device = "/dev/vda"\n[[customizations.user]]\nname = "field"\npassword = "$6$abc$def"\nexpiredate = 20000\nforce_password_reset = true\n',
      "edge-simplified-installer",
    );
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

describe("disk layouts for installer ISOs (issue 9, defect 4)", () => {
  const layout =
    '[[customizations.filesystem]]\nmountpoint = "/"\nminsize = "20 GiB"\n[[customizations.filesystem]]\nmountpoint = "/data"\nminsize = 5368709120\n';

  it("go into the installer kickstart as part/volgroup/logvol, never into config.toml", () => {
    const { c, config } = configOf(`[customizations]\npartitioning_mode = "lvm"\n${layout}`, "edge-installer");
    expect(config!.customizations.filesystem).toBeUndefined();
    expect(config!.customizations.disk).toBeUndefined();
    const ks = config!.customizations.installer.kickstart.contents as string;
    expect(ks.split("\n")).toEqual(
      expect.arrayContaining([
        "clearpart --all --initlabel",
        "reqpart --add-boot",
        "part pv.01 --grow",
        "volgroup rootvg pv.01",
        "logvol / --vgname=rootvg --name=rootlv --fstype=xfs --size=20480 --grow",
        "logvol /data --vgname=rootvg --name=datalv --fstype=xfs --size=5120",
      ]),
    );
    expect(c.report.coverage.filter((e) => e.keyPath.startsWith("customizations.filesystem")).every((e) => e.disposition === "moved")).toBe(true);
  });

  it("translate [customizations.disk] plain and lvm partitions", () => {
    const disk =
      '[customizations.disk]\n[[customizations.disk.partitions]]\ntype = "plain"\nmountpoint = "/boot"\nfs_type = "ext4"\nminsize = "1 GiB"\n[[customizations.disk.partitions]]\ntype = "lvm"\nname = "vg0"\n[[customizations.disk.partitions.logical_volumes]]\nname = "root"\nmountpoint = "/"\nfs_type = "xfs"\n';
    const { config } = configOf(disk, "edge-installer");
    const ks = config!.customizations.installer.kickstart.contents as string;
    expect(ks).toContain("part /boot --fstype=ext4 --size=1024");
    expect(ks).toContain("volgroup vg0 pv.01");
    // Anaconda rejects a logvol without a size: / starts at 10 GiB and grows
    expect(ks).toContain("logvol / --vgname=vg0 --name=root --fstype=xfs --size=10240 --grow");
  });

  it("stay in config.toml for disk images", () => {
    const { config } = configOf(layout, "edge-raw-image");
    expect(config!.customizations.filesystem ?? config!.customizations.disk).toBeDefined();
    expect(config!.customizations.installer).toBeUndefined();
  });

  it("leave a kickstart that partitions by itself alone, and say so once: not added, never also 'went into the kickstart' (issue 19)", () => {
    const { c, config } = configOf(`${layout}[customizations.installer.kickstart]\ncontents = "autopart\\n"\n`, "edge-installer");
    expect(config!.customizations.installer.kickstart.contents).not.toContain("logvol");
    const ids = c.report.findings.map((f) => f.id);
    expect(ids).toContain("installer.layout-conflict");
    expect(ids).not.toContain("bib.layout-in-kickstart");
    // what was not written is not "moved"
    expect(c.report.coverage.filter((e) => e.keyPath.startsWith("customizations.filesystem")).map((e) => e.disposition)).toEqual(
      expect.arrayContaining(["reported"]),
    );
    expect(c.report.coverage.filter((e) => e.keyPath.startsWith("customizations.filesystem")).some((e) => e.disposition === "moved")).toBe(false);
  });

  it("with an installation_device and the blueprint's own kickstart, add the layout to that kickstart and say so (issue 19)", () => {
    const { c, config } = configOf(
      `${layout}[customizations]\ninstallation_device = "/dev/vda"\n[customizations.installer.kickstart]\ncontents = "lang en_US.UTF-8\\n"\n`,
      "edge-simplified-installer",
    );
    const ks = config!.customizations.installer.kickstart.contents as string;
    expect(ks).toContain("part /data --fstype=xfs --size=5120");
    const ids = c.report.findings.map((f) => f.id);
    expect(ids).toEqual(expect.arrayContaining(["bib.layout-in-kickstart", "installer.device-not-added"]));
    expect(ids).not.toContain("installer.layout-conflict");
    expect(c.report.coverage.find((e) => e.keyPath === "customizations.filesystem[1].mountpoint")?.disposition).toBe("moved");
  });

  it("quote every value, so a name with a space stays one word and an fs_type cannot add an option (issue 19)", () => {
    const disk =
      '[customizations.disk]\n[[customizations.disk.partitions]]\ntype = "lvm"\nname = "my vg"\n[[customizations.disk.partitions.logical_volumes]]\nname = "root"\nmountpoint = "/"\nfs_type = "xfs --encrypted"\n';
    const { config } = configOf(disk, "edge-installer");
    const entries = parseKickstart(config!.customizations.installer.kickstart.contents as string, "installer.ks").entries;
    const args = (name: string) => entries.flatMap((e) => (e.kind === "command" && e.name === name ? [e.args.slice(1).map((a) => a.value)] : []));
    expect(args("volgroup")).toEqual([["my vg", "pv.01"]]);
    expect(args("logvol")).toEqual([["/", "--vgname=my vg", "--name=root", "--fstype=xfs --encrypted", "--size=10240", "--grow"]]);
  });

  it("config.toml never carries a key the image type does not take", async () => {
    const { bibTypeAccepts, sourceImage } = await import("../../src/bib/profile.js");
    expect(bibTypeAccepts(sourceImage({ sourceImageType: "edge-installer" }), "customizations.filesystem")).toBe(false);
    expect(bibTypeAccepts(sourceImage({ sourceImageType: "edge-installer" }), "customizations.installer.kickstart.contents")).toBe(true);
    expect(bibTypeAccepts(sourceImage({ sourceImageType: "edge-raw-image" }), "customizations.installer.modules")).toBe(false);
    expect(bibTypeAccepts(sourceImage({ sourceImageType: "edge-raw-image" }), "customizations.fips")).toBe(false);
    expect(bibTypeAccepts(sourceImage({ sourceImageType: "edge-ami" }), "customizations.disk")).toBe(true);
  });
});

describe("the synthesized installer kickstart (issue 9, defect 10)", () => {
  it("holds only what the blueprint asked for: no hard-coded lang, keyboard, timezone or network", () => {
    const { config } = configOf('[customizations]\ninstallation_device = "/dev/vda"\n', "edge-simplified-installer");
    expect((config!.customizations.installer.kickstart.contents as string).trim().split("\n")).toEqual([
      "text --non-interactive",
      "ignoredisk --only-use=vda",
      "zerombr",
      "clearpart --all --initlabel --drives=vda",
      "autopart",
      "rootpw --lock",
      "reboot --eject",
    ]);
  });

  it("takes language, keyboard and time zone from the blueprint when it sets them", () => {
    const { config } = configOf(
      '[customizations]\ninstallation_device = "/dev/vda"\n[customizations.locale]\nlanguages = ["de_DE.UTF-8"]\nkeyboard = "de"\n[customizations.timezone]\ntimezone = "Europe/Berlin"\n',
      "edge-simplified-installer",
    );
    const ks = config!.customizations.installer.kickstart.contents as string;
    expect(ks).toContain("lang de_DE.UTF-8\nkeyboard de\ntimezone Europe/Berlin");
  });
});

describe("files owned by deploy-time accounts (issue 8, defect 1)", () => {
  const bp =
    '[[customizations.user]]\nname = "ops"\npassword = "$6$abc$def"\ngroups = ["opsgrp"]\n[[customizations.group]]\nname = "opsgrp"\n[[customizations.files]]\npath = "/etc/ops/app.conf"\nuser = "ops"\ngroup = "opsgrp"\nmode = "0640"\ndata = "x"\n[[customizations.directories]]\npath = "/etc/ops"\nuser = "ops"\nmode = "0750"\n';

  it.each(["edge-installer", "edge-raw-image", "edge-simplified-installer", "edge-ami", "edge-vsphere"] as const)(
    "are root-owned at build time and chowned at boot (%s)",
    (sourceImageType) => {
      const c = convert({ path: "bp.toml", text: bp }, { sourceImageType, salt: { seed: "t" } });
      const containerfile = c.artifacts.find((a) => a.path === "Containerfile")!.contents;
      expect(containerfile).not.toMatch(/--chown=ops|-o ops|-g opsgrp/);
      expect(c.plan.tmpfiles.filter((t) => t.type === "z").map((t) => `${t.path} ${t.user}:${t.group}`)).toEqual([
        "/etc/ops ops:root",
        "/etc/ops/app.conf ops:opsgrp",
      ]);
    },
  );

  it("keep COPY --chown for accounts baked into the image (edge-commit)", () => {
    const c = convert({ path: "bp.toml", text: bp }, { salt: { seed: "t" } });
    expect(c.artifacts.find((a) => a.path === "Containerfile")!.contents).toContain("--chown=ops:opsgrp");
  });
});

describe("the installer kickstart of a blueprint that brings its own (issue 8, defect 2)", () => {
  const bp = (contents: string) =>
    `[[customizations.user]]\nname = "admin"\nkey = "ssh-ed25519 AAAA admin@x"\n[[customizations.user]]\nname = "ops"\n[customizations.installer.kickstart]\ncontents = """\n${contents}"""\n`;

  it("does not define an account a second time, and says so", () => {
    const { c, config } = configOf(bp("user --name=admin --groups=wheel\nautopart\n"), "edge-installer");
    const ks = config!.customizations.installer.kickstart.contents as string;
    expect(ks.match(/^user --name=admin/gm)).toHaveLength(1);
    expect(ks).toContain("user --name=ops");
    expect(c.report.findings.filter((f) => f.id === "installer.account-in-kickstart").map((f) => f.source.keyPath)).toEqual(["customizations.user[0]"]);
  });

  it("drops %packages and package sources, which Anaconda ignores next to an image", () => {
    const { c, config } = configOf(bp("autopart\nurl --url=http://mirror/x\n%packages\nvim\n%end\n"), "edge-installer");
    const ks = config!.customizations.installer.kickstart.contents as string;
    expect(ks).not.toContain("%packages");
    expect(ks).not.toContain("url --url");
    expect(c.report.findings.find((f) => f.id === "installer.payload-stripped")?.title).toContain("%packages");
  });

  it("goes through the kickstart checks: a command given twice is reported", () => {
    const { c } = configOf(bp("autopart\nautopart --type=plain\n"), "edge-installer");
    expect(c.report.findings.find((f) => f.id === "kickstart.duplicate-command")?.title).toMatch(/^installer kickstart line 1: autopart is overridden/);
  });
});
