import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI, listFiles, tempDir } from "../helpers.js";

function cli(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { code: r.status, out: r.stdout + r.stderr };
}

/** Every secret is planted once; each name says where it is planted. */
const SECRETS = {
  userPassword: "PLAIN-pw-1111",
  fileData: "DATA-pw-2222",
  installerKickstart: "KSC-pw-3333",
  repoUserinfo: "URL-pw-4444",
  fdoUrl: "FDO-pw-5555",
  ignitionUrl: "IGN-pw-6666",
  sshpw: "SSHPW-7777",
  wpakey: "WPA-8888",
  passphrase: "LUKS-9999",
  ftpUserinfo: "FTP-pw-1010",
  wrappedPassword: "WRAP-1212",
  rootpw: "ROOT-1313",
  inlineToml: "INL-1414",
  multilineToml: "ML-1515",
  proxyUserinfo: "PROXY-1616",
  bootloaderPassword: "GRUB-1717",
} as const;

const BLUEPRINT = `name = "secrets"
distro = "rhel-9.6"

[[customizations.user]]
name = "admin"
password = "${SECRETS.userPassword}"

[[customizations.files]]
path = "/etc/app/db.conf"
data = """
[db]
db_password = "${SECRETS.fileData}"
"""

[customizations.installer.kickstart]
contents = """
rootpw --plaintext ${SECRETS.installerKickstart}
"""

[[customizations.repositories]]
id = "private"
baseurls = ["https://repo-user:${SECRETS.repoUserinfo}@repo.example.com/el9"]

[customizations.fdo]
manufacturing_server_url = "https://fdo:${SECRETS.fdoUrl}@fdo.example.com"

[customizations.ignition.firstboot]
url = "https://ign:${SECRETS.ignitionUrl}@ign.example.com/config.ign"
`;

const KICKSTART = `lang C
sshpw --username=root --plaintext ${SECRETS.sshpw}
network --device=wlan0 --bootproto=dhcp --wpakey=${SECRETS.wpakey}
part / --fstype=xfs --encrypted --passphrase ${SECRETS.passphrase}
url --url=ftp://u:${SECRETS.ftpUserinfo}@mirror.example.com/x --proxy=http://p:${SECRETS.proxyUserinfo}@proxy:3128
user --name=ops
  --password=${SECRETS.wrappedPassword}
rootpw --plaintext ${SECRETS.rootpw}
bootloader --password=${SECRETS.bootloaderPassword}
ostreesetup --nogpg --osname=rhel --url=https://h/repo --ref=rhel/9/x86_64/edge
`;

/** Secrets that belong in a generated artifact (the device needs them), and where. */
const BELONGS: Partial<Record<keyof typeof SECRETS, RegExp>> = {
  fileData: /^overlay\/etc\/app\/db\.conf$/,
  installerKickstart: /^config\.toml$/,
  repoUserinfo: /^overlay\/etc\/yum\.repos\.d\//,
  sshpw: /^kickstart\//,
  wpakey: /^kickstart\//,
  passphrase: /^kickstart\//,
  wrappedPassword: /^kickstart\//,
  rootpw: /^kickstart\//,
  bootloaderPassword: /^kickstart\//,
};

function leaks(text: string): string[] {
  return Object.entries(SECRETS)
    .filter(([, s]) => text.includes(s))
    .map(([k]) => k);
}

function project() {
  const dir = tempDir();
  writeFileSync(join(dir, "bp.toml"), BLUEPRINT);
  writeFileSync(join(dir, "edge.ks"), KICKSTART);
  return dir;
}

describe("no secret is printed or reported", () => {
  it("convert prints none, reports none, and writes each only where it belongs", () => {
    const dir = project();
    const r = cli(["convert", "bp.toml", "--kickstart", "edge.ks", "--image", "quay.io/acme/edge:1", "-o", "out"], dir);
    expect(r.code).toBe(0);
    expect(leaks(r.out)).toEqual([]);
    for (const file of listFiles(join(dir, "out"))) {
      const found = leaks(readFileSync(join(dir, "out", file), "utf8"));
      const misplaced = found.filter((k) => !BELONGS[k as keyof typeof SECRETS]?.test(file));
      expect(misplaced, file).toEqual([]);
    }
    // The kickstart still carries what the installer needs (the redaction is for printing only).
    expect(readFileSync(join(dir, "out/kickstart/edge.ks"), "utf8")).toContain(SECRETS.wpakey);
  });

  it("--diff and --check print none", () => {
    const dir = project();
    expect(cli(["convert", "bp.toml", "--kickstart", "edge.ks", "-q"], dir).code).toBe(0);
    writeFileSync(join(dir, "edge.ks"), KICKSTART.replace("lang C", "lang en_US"));
    writeFileSync(join(dir, "bp.toml"), BLUEPRINT.replace('name = "secrets"', 'name = "secrets2"'));
    const diff = cli(["convert", "bp.toml", "--kickstart", "edge.ks", "--diff"], dir);
    expect(diff.code).toBe(1);
    // the kickstart holds credentials, so it is written 0600 and its diff shows no lines at all
    expect(diff.out).toContain("+++ b/kickstart/edge.ks\n@@ changed; contents not shown because the file is private");
    expect(diff.out).not.toContain("lang en_US");
    expect(leaks(diff.out)).toEqual([]);
  });

  it("code frames of a blueprint error mask inline and multi-line secret values", () => {
    const dir = tempDir();
    const bad = `[[customizations.user]]\nname = "a"\npassword = """\n${SECRETS.multilineToml}\n"""\nkey = { name = "x", password = "${SECRETS.inlineToml}" }\n[broken\n`;
    writeFileSync(join(dir, "bad.toml"), bad);
    const r = cli(["convert", "bad.toml"], dir);
    expect(r.code).toBe(2);
    expect(r.out).toContain("bad.toml:7:");
    expect(leaks(r.out)).toEqual([]);
    const frame = (text: string, line: number) => {
      writeFileSync(join(dir, "bad.toml"), text);
      return cli(["convert", "bad.toml"], dir).out;
    };
    // The error inside the multi-line string's neighbourhood.
    expect(leaks(frame(`password = """\n${SECRETS.multilineToml}\n"""\n= 1\n`, 4))).toEqual([]);
  });

  it("code frames of a kickstart error mask credentials on nearby lines", () => {
    const dir = project();
    const lines = KICKSTART.split("\n");
    lines.splice(3, 0, "sshkey --username=a k1", "sshkey --username=a k2");
    writeFileSync(join(dir, "edge.ks"), lines.join("\n"));
    const r = cli(["kickstart", "edge.ks"], dir);
    expect(r.code).toBe(2);
    expect(r.out).toContain("edge.ks:5:1: error: a second sshkey for user a");
    expect(r.out).toContain("--wpakey=<redacted>");
    expect(leaks(r.out)).toEqual([]);
  });
});

/** Issue 18: secrets in the forms a regex per line missed, planted in a kickstart, an installer kickstart and a blueprint. */
const WRAPPED = {
  nextLine: "NEXT-2001",
  backslash: "BSL-2002",
  wpaNext: "WPA-2003",
  prefix: "PRE-2004",
  activation: "ACT-2005",
  quoted: "QUOTED-2006",
  query: "QRY-2007",
  proxy: "PXY-2008",
  pem: "PEM-2009",
  escapedKey: "ESC-2010",
  installerNext: "INST-2011",
} as const;

const wrappedLeaks = (text: string) =>
  Object.entries(WRAPPED)
    .filter(([, s]) => text.includes(s))
    .map(([k]) => k);

describe("no secret is printed in the forms a line-by-line mask missed", () => {
  function repo() {
    const dir = join(tempDir(), "repo");
    mkdirSync(dir);
    writeFileSync(
      join(dir, "wrapped.ks"),
      `lang C\nuser --name=bob --plaintext --password\n${WRAPPED.nextLine}\nrootpw --plaintext \\\n${WRAPPED.backslash}\nnetwork --device=wlan0 --wpakey\n${WRAPPED.wpaNext}\nostreesetup --nogpg --osname=rhel --url=https://h/repo --ref=r\n`,
    );
    writeFileSync(
      join(dir, "prefixes.ks"),
      `lang C\nbootloader --pa=${WRAPPED.prefix}\nrhsm --act=${WRAPPED.activation} --organization=1\nrootpw --plaintext "two ${WRAPPED.quoted}"\nostreesetup --nogpg --osname=rhel --url=https://h/repo --ref=r\n`,
    );
    writeFileSync(
      join(dir, "web.toml"),
      `name = "web"\n[customizations.installer.kickstart]\ncontents = """\nuser --name=bob --password\n${WRAPPED.installerNext}\n"""\n[customizations.ignition.firstboot]\nurl = "https://h/c.ign?X-Amz-Signature=${WRAPPED.query}"\n[customizations.installer.modules]\n[[customizations.repositories]]\nid = "r"\nbaseurls = ["https://h/el9"]\nproxy = "u:${WRAPPED.proxy}@proxy:3128"\n[[customizations.files]]\npath = "/etc/app/tls.conf"\ndata = """\n-----BEGIN PRIVATE KEY-----\n${WRAPPED.pem}\n-----END PRIVATE KEY-----\n"""\n`,
    );
    writeFileSync(join(dir, "esc.toml"), `name = "esc"\n"p\\u0061ssword" = "${WRAPPED.escapedKey}"\n[broken\n`);
    return dir;
  }

  it("batch prints none and no report holds one (the batch SARIF included)", () => {
    const dir = repo();
    const r = cli(["batch", ".", "--source-image-type", "edge-installer"], dir);
    expect(r.code, r.out).toBe(2);
    expect(r.out).toContain("wrapped.ks:2:1: error: user: its credential does not end on this line");
    expect(r.out).toContain("wrapped.ks:3:1: error: line 2 left its credential for this line; its text is not shown");
    expect(wrappedLeaks(r.out)).toEqual([]);
    const out = join(dir, "bootc");
    for (const file of listFiles(out).filter((f) => /(migration|batch)-(report|review)\./.test(f)))
      expect(wrappedLeaks(readFileSync(join(out, file), "utf8")), file).toEqual([]);
    // the artifacts that need them keep them, written 0600 where they hold one
    const kickstart = readFileSync(join(out, "prefixes/kickstart/prefixes.ks"), "utf8");
    expect(kickstart).toContain(WRAPPED.prefix);
  });

  it("--diff of a changed project prints none", () => {
    const dir = repo();
    cli(["batch", ".", "-q"], dir);
    for (const f of ["prefixes.ks", "web.toml"]) writeFileSync(join(dir, f), readFileSync(join(dir, f), "utf8").replace(/2004|2007|2008|2009/g, "2999"));
    const r = cli(["batch", ".", "--diff"], dir);
    expect(r.code).toBe(2);
    expect(r.out).toContain("+++ b/");
    expect(wrappedLeaks(r.out.replace(/2999/g, ""))).toEqual([]);
    expect(r.out).not.toMatch(/(PRE|QRY|PXY|PEM)-2999/);
  });
});
