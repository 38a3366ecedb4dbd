import { describe, expect, it } from "vitest";
import { mapAccounts, planAccounts } from "../../src/migrate/map/accounts.js";
import { parseBlueprint } from "../../src/blueprint/parse.js";
import { ids, runMapper, stepTexts } from "../helpers.js";

const HASH = "$6$abcdefgh$XyZ";

describe("accounts", () => {
  it("puts passwordless accounts and groups in sysusers.d, with memberships and a home via tmpfiles", () => {
    const out = runMapper(
      '[[customizations.group]]\nname = "ops"\ngid = 2000\n[[customizations.user]]\nname = "svc"\nuid = 990\ndescription = "Service account"\ngroups = ["ops"]\n',
      mapAccounts,
    );
    expect(out.steps).toEqual([]);
    expect(out.sysusers.map((e) => [e.type, e.name, e.id, e.gecos ?? null])).toEqual([
      ["g", "ops", "2000", null],
      ["u", "svc", "990", "Service account"],
      ["m", "svc", "ops", null],
    ]);
    expect(out.tmpfiles.map((e) => `${e.type} ${e.path} ${e.user}`)).toEqual(["d /var/home/svc svc"]);
  });

  it("bakes accounts with a password via useradd -M, and creates their groups at build time", () => {
    const out = runMapper(
      `[[customizations.group]]\nname = "ops"\n[[customizations.user]]\nname = "admin"\npassword = "${HASH}"\ngroups = ["wheel", "ops"]\nuid = 1200\nhome = "/home/admin/"\n`,
      mapAccounts,
    );
    expect(stepTexts(out)).toEqual(["(getent group ops >/dev/null || groupadd ops)", `useradd -M -u 1200 -G wheel,ops -d /home/admin -p '${HASH}' admin`]);
    expect(out.sysusers).toEqual([]);
    expect(out.tmpfiles.map((e) => e.path)).toEqual(["/var/home/admin"]);
    expect(ids(out.findings)).toEqual(["users.password-in-image", "users.baked-with-useradd"]);
  });

  it("hashes plaintext passwords deterministically and never keeps the plaintext", () => {
    const toml = '[[customizations.user]]\nname = "admin"\npassword = "hunter2"\n';
    const a = stepTexts(runMapper(toml, mapAccounts)).join("\n");
    const b = stepTexts(runMapper(toml, mapAccounts)).join("\n");
    expect(a).toBe(b);
    expect(a).toMatch(/-p '\$6\$[./0-9A-Za-z]{16}\$[./0-9A-Za-z]{86}'/);
    expect(a).not.toContain("hunter2");
    expect(ids(runMapper(toml, mapAccounts).findings)).toContain("users.password-plaintext");
  });

  it("turns expiredate into a date and force_password_reset into passwd --expire", () => {
    const out = runMapper('[[customizations.user]]\nname = "u"\nexpiredate = 19723\nforce_password_reset = true\n', mapAccounts);
    expect(stepTexts(out)).toEqual(["useradd -M -d /var/home/u -e 2024-01-01 u && passwd --expire u"]);
  });

  it("changes only root's password and key, and reports other root fields", () => {
    const out = runMapper(`[[customizations.user]]\nname = "root"\npassword = "${HASH}"\nkey = "ssh-ed25519 AAA root"\nshell = "/bin/zsh"\n`, mapAccounts);
    expect(stepTexts(out)).toEqual([`usermod -p '${HASH}' root`]);
    expect(out.tmpfiles.map((e) => `${e.type} ${e.path}`)).toEqual(["d /var/roothome/.ssh", "f /var/roothome/.ssh/authorized_keys"]);
    expect(out.findings.find((f) => f.id === "users.root-field-ignored")?.source.keyPath).toBe("customizations.user[0].shell");
  });

  it("writes authorized_keys with an f line holding the key as it reads, escaped for tmpfiles.d", () => {
    const out = runMapper('[[customizations.sshkey]]\nuser = "core"\nkey = "ssh-ed25519 AAAA core@x"\n', mapAccounts);
    const file = out.tmpfiles.find((e) => e.type === "f")!;
    expect(file).toMatchObject({ path: "/var/home/core/.ssh/authorized_keys", mode: "0600", user: "core" });
    expect(file.argument).toBe("ssh-ed25519 AAAA core@x\\n");
    expect(ids(out.findings)).toContain("users.sshkey-deprecated");
  });

  it("lets a user entry's key win over the deprecated sshkey entry, and says so", () => {
    const out = runMapper('[[customizations.sshkey]]\nuser = "a"\nkey = "old"\n[[customizations.user]]\nname = "a"\nkey = "new"\n', mapAccounts);
    const keys = out.tmpfiles.filter((e) => e.type === "f").map((e) => e.argument);
    expect(keys).toEqual(["new\\n"]);
    expect(ids(out.findings)).toContain("users.sshkey-overridden");
  });

  it("knows which owners exist only at boot", () => {
    const bp = parseBlueprint(
      `[[customizations.group]]\nname = "g1"\n[[customizations.user]]\nname = "baked"\npassword = "${HASH}"\n[[customizations.user]]\nname = "boot"\n`,
      "bp.toml",
    ).blueprint;
    const plan = planAccounts(bp);
    expect([...plan.bootTime].sort()).toEqual(["boot", "g1"]);
    expect([...plan.baked]).toEqual(["baked"]);
  });
});

describe("several SSH keys in one blueprint key", () => {
  it("become one sshkey line and a %post append in the installer kickstart, never a broken line", async () => {
    const { convert } = await import("../../src/convert.js");
    const { parseKickstart } = await import("../../src/kickstart/parse.js");
    const TOML = (await import("@iarna/toml")).default;
    const text =
      '[customizations]\ninstallation_device = "/dev/vda"\n[[customizations.user]]\nname = "ops"\nkey = """\nssh-ed25519 AAAA1 a@x\nssh-ed25519 AAAA2 b@x\n"""\n';
    const c = convert({ path: "bp.toml", text }, { sourceImageType: "edge-simplified-installer" });
    const config = TOML.parse(c.artifacts.find((a) => a.path === "config.toml")!.contents) as {
      customizations: { installer: { kickstart: { contents: string } } };
    };
    const ks = config.customizations.installer.kickstart.contents;
    const parsed = parseKickstart(ks, "installer.ks");
    const sshkeys = parsed.entries.filter((e) => e.kind === "command" && e.name === "sshkey");
    expect(sshkeys.map((e) => (e.kind === "command" ? e.args.map((a) => a.value) : []))).toEqual([["sshkey", "--username=ops", "ssh-ed25519 AAAA1 a@x"]]);
    const post = parsed.entries.find((e) => e.kind === "section" && e.name === "%post");
    expect(post?.kind === "section" && post.body.map((b) => b.raw)).toContain("ssh-ed25519 AAAA2 b@x");
  });
});

describe("sysusers accounts (build-tier findings)", () => {
  it("give people with an SSH key a login shell: sysusers defaults to nologin", () => {
    const out = runMapper('[[customizations.user]]\nname = "ops"\nkey = "ssh-ed25519 AAAA ops@x"\n[[customizations.user]]\nname = "daemon2"\n', mapAccounts);
    expect(out.sysusers.filter((e) => e.type === "u").map((e) => [e.name, e.shell])).toEqual([
      ["ops", "/bin/bash"],
      ["daemon2", undefined],
    ]);
  });

  it("give people with an SSH key a regular uid from 1000, skipping ids the blueprint uses (issue 17: sysusers made them system accounts)", () => {
    const out = runMapper(
      '[[customizations.user]]\nname = "ops"\nkey = "ssh-ed25519 AAAA ops@x"\n[[customizations.user]]\nname = "fixed"\nuid = 1001\nkey = "ssh-ed25519 BBBB f@x"\n' +
        '[[customizations.user]]\nname = "dev"\nkey = "ssh-ed25519 CCCC d@x"\n[[customizations.user]]\nname = "daemon2"\n',
      mapAccounts,
    );
    expect(out.sysusers.filter((e) => e.type === "u").map((e) => `${e.name} ${e.id}`)).toEqual(["ops 1000", "fixed 1001", "dev 1002", "daemon2 -"]);
    expect(out.findings.filter((f) => f.id === "users.login-uid").map((f) => f.title)).toEqual([
      "ops logs in with an SSH key and gets uid 1000",
      "dev logs in with an SSH key and gets uid 1002",
    ]);
  });

  it("create the user's own group when uid:gid names a gid no blueprint group has (sysusers would skip the user)", () => {
    const out = runMapper('[[customizations.user]]\nname = "svc"\nuid = 990\ngid = 990\n', mapAccounts);
    expect(out.sysusers.map((e) => `${e.type} ${e.name} ${e.id}`)).toEqual(["g svc 990", "u svc 990:990"]);
    const shared = runMapper('[[customizations.group]]\nname = "apps"\ngid = 990\n[[customizations.user]]\nname = "svc"\nuid = 990\ngid = 990\n', mapAccounts);
    expect(shared.sysusers.map((e) => `${e.type} ${e.name} ${e.id}`)).toEqual(["g apps 990", "u svc 990:990"]);
  });
});

describe("deploy-time accounts through runMapper options", () => {
  it("go to config.toml entries for disk images, not into the image", () => {
    const out = runMapper('[[customizations.user]]\nname = "ops"\npassword = "$6$abc$def"\ngroups = ["wheel"]\n', mapAccounts, {
      sourceImageType: "edge-raw-image",
    });
    expect(out.sysusers).toEqual([]);
    expect(out.steps).toEqual([]);
    expect(out.bib?.map((e) => [e.path, e.value])).toEqual([["customizations.user", { name: "ops", password: "$6$abc$def", groups: ["wheel"] }]]);
    expect(out.coverage.find((c) => c.keyPath === "customizations.user[0]")?.disposition).toBe("moved");
  });
});

describe("accounts the base image already has", () => {
  it("modifies operator with usermod (useradd would fail the build), keeps its uid, and needs its groups at build time", () => {
    const out = runMapper(
      `[[customizations.group]]\nname = "kiosk"\n[[customizations.user]]\nname = "operator"\nuid = 1500\npassword = "${HASH}"\ngroups = ["wheel", "kiosk"]\ndescription = "Kiosk operator"\n`,
      mapAccounts,
    );
    expect(stepTexts(out)).toEqual(["(getent group kiosk >/dev/null || groupadd kiosk)", `usermod -G wheel,kiosk -c 'Kiosk operator' -p '${HASH}' operator`]);
    expect(stepTexts(out).join("\n")).not.toContain("useradd");
    expect(out.sysusers).toEqual([]);
    expect(ids(out.findings)).toEqual(["users.password-in-image", "users.base-account", "users.base-account-uid"]);
    expect(out.findings.find((f) => f.id === "users.base-account-uid")!.title).toBe(
      "uid 1500 was not given to operator, an account of the base image (uid 11)",
    );
  });

  it("installs a key only under a home the blueprint names: operator's own home is root's", () => {
    const key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOps ops@example";
    const shared = runMapper(`[[customizations.user]]\nname = "operator"\nkey = "${key}"\n`, mapAccounts);
    expect(shared.tmpfiles).toEqual([]);
    expect(shared.steps).toEqual([]);
    expect(ids(shared.findings)).toContain("users.key-not-installed");
    expect(shared.findings.find((f) => f.id === "users.key-not-installed")!.title).toContain("the base account's home is /root");

    const own = runMapper(`[[customizations.user]]\nname = "operator"\nhome = "/var/home/operator"\nkey = "${key}"\n`, mapAccounts);
    expect(stepTexts(own)).toEqual(["usermod -d /var/home/operator operator"]);
    expect(own.tmpfiles.map((e) => `${e.type} ${e.path} ${e.user}`)).toEqual([
      "d /var/home/operator operator",
      "d /var/home/operator/.ssh operator",
      "f /var/home/operator/.ssh/authorized_keys operator",
    ]);
  });

  it("plans operator as existing, neither baked nor created at boot", () => {
    const plan = planAccounts(parseBlueprint('[[customizations.user]]\nname = "operator"\npassword = "x"\n', "bp.toml").blueprint);
    expect([...plan.existing]).toEqual(["operator"]);
    expect(plan.baked.size + plan.bootTime.size).toBe(0);
  });
});
