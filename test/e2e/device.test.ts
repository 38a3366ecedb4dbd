/**
 * `edge2bootc device` end to end (issue 22): the collector runs on a stand-in device root (stand-ins
 * for rpm-ostree, ostree, systemctl and rpm that print what a RHEL 9 edge device prints) without
 * reading secrets, and `device plan` turns snapshots into the reviewed plans and fleet table.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import Ajv2020 from "ajv/dist/2020.js";
import { CLI, listFiles, read, ROOT, tempDir } from "../helpers.js";
import { RULES } from "../../src/core/rules.js";

const cli = (args: string[], cwd = ROOT) => {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
const has = (cmd: string) => spawnSync("sh", ["-c", `command -v ${cmd}`]).status === 0;
const EXPECTED = join(ROOT, "fixtures/device-plans");
const DEVICES = ["kiosk-017", "kiosk-042", "line-7"].map((d) => `fixtures/device/${d}`);
const TOKEN = "s3cr3t-token-for-the-collector-test";

/** The plans written to `out` are the reviewed ones in `expected` (UPDATE_GOLDEN=1 rewrites them); returns their files. */
function expectGolden(out: string, expected: string): string[] {
  const files = listFiles(out).filter((f) => !f.startsWith("."));
  if (process.env.UPDATE_GOLDEN) for (const f of files) cpSync(join(out, f), join(expected, f));
  expect(files).toEqual(listFiles(expected));
  for (const f of files) expect(read(join(out, f)), f).toBe(read(join(expected, f)));
  return files;
}

describe("edge2bootc device plan", () => {
  it("writes each device's plan and the fleet table as reviewed (UPDATE_GOLDEN=1 rewrites them)", () => {
    const out = join(tempDir(), "plans");
    const r = cli(["device", "plan", ...DEVICES, "--image", "quay.io/acme/kiosk:10.0", "-o", out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("blocked kiosk-017: 2 blocker(s), 4 warning(s); rpm-ostree");
    expect(r.stderr).toContain("ready kiosk-042: 0 blocker(s), 0 warning(s); bootc");
    const files = expectGolden(out, EXPECTED);
    // Both JSON files hold to their published schemas.
    const schemas = new Ajv2020({ allErrors: true }).addSchema(JSON.parse(read(join(ROOT, "schema/migration-report.schema.json"))));
    const validatePlan = schemas.compile(JSON.parse(read(join(ROOT, "schema/device-plan.schema.json"))));
    const validateSnapshot = schemas.compile(JSON.parse(read(join(ROOT, "schema/device-snapshot.schema.json"))));
    for (const device of ["kiosk-017", "kiosk-042", "line-7"]) {
      expect(validatePlan(JSON.parse(read(join(out, device, "device-plan.json")))), JSON.stringify(validatePlan.errors)).toBe(true);
      expect(validateSnapshot(JSON.parse(read(join(out, device, "device-snapshot.json")))), JSON.stringify(validateSnapshot.errors)).toBe(true);
    }
    // the same snapshots, the same bytes
    const again = join(tempDir(), "plans");
    expect(cli(["device", "plan", ...DEVICES, "--image", "quay.io/acme/kiosk:10.0", "-o", again]).code).toBe(0);
    for (const f of files) expect(read(join(again, f))).toBe(read(join(out, f)));
    // a device no longer planned leaves no plan and no empty folder behind
    expect(cli(["device", "plan", ...DEVICES.slice(0, 2), "--image", "quay.io/acme/kiosk:10.0", "-o", again, "-q"]).code).toBe(0);
    expect(existsSync(join(again, "line-7"))).toBe(false);
    expect(read(join(again, "fleet-plan.md"))).not.toContain("line-7");
    // review runs, as convert's: the same snapshots are up to date; a third device is drift, shown and not written
    const review = (...flags: string[]) => cli(["device", "plan", ...flags, "--image", "quay.io/acme/kiosk:10.0", "-o", again]);
    const same = review(...DEVICES.slice(0, 2), "--check");
    expect([same.code, same.stdout, same.stderr]).toEqual([0, "", `${again} is up to date\n`]);
    const more = review(...DEVICES, "--check");
    expect(more.code).toBe(1);
    expect(more.stdout.trimEnd().split("\n").sort()).toEqual([
      "changed: fleet-plan.md",
      "created: line-7/device-plan.json",
      "created: line-7/device-plan.md",
      "created: line-7/device-snapshot.json",
      "created: line-7/runbook.sh",
    ]);
    const diff = review(...DEVICES, "--diff");
    expect(diff.code).toBe(1);
    expect(diff.stdout).toContain("+++ b/fleet-plan.md");
    expect(diff.stdout).toMatch(/^\+.*line-7/m);
    expect(existsSync(join(again, "line-7"))).toBe(false);
  });

  it("with --project, compares each device's accounts with the converted project's", () => {
    const dir = tempDir();
    expect(cli(["convert", join(ROOT, "fixtures/device-project/blueprint.toml"), "-o", join(dir, "kiosk"), "-q"]).code).toBe(0);
    const r = cli([
      "device",
      "plan",
      "fixtures/device/kiosk-017",
      "--image",
      "quay.io/acme/kiosk:10.0",
      "--project",
      join(dir, "kiosk"),
      "-o",
      join(dir, "plans"),
    ]);
    expect(r.code, r.stderr).toBe(0);
    const plan = JSON.parse(read(join(dir, "plans/kiosk-017/device-plan.json"))) as {
      findings: { id: string; title: string; source: { file: string; line: number } }[];
      notEvaluated: string[];
    };
    const accounts = plan.findings.filter((f) => f.id.startsWith("device.account-"));
    // admin gets the blueprint's uid 1200 and owns its home; the vendor agent's account is not in the project
    expect(accounts.map((f) => [f.id, f.title, `${f.source.file}:${f.source.line}`])).toEqual([
      ["device.account-id-changes", "admin changes uid from 1000 to 1200; it owns /var/home/admin", "fixtures/device/kiosk-017/usr-lib/passwd:2"],
      [
        "device.account-vanishes",
        "svc-agent (uid 990) will not exist after the switch; it owns /var/lib/agent, /etc/agent/agent.conf",
        "fixtures/device/kiosk-017/usr-lib/passwd:3",
      ],
    ]);
    expect(plan.notEvaluated.join("\n")).not.toContain("accounts that vanish");
    // What the image can carry meanwhile: the vanishing account with the devices' id, admin's files given back, 0600 host keys.
    const lines = (file: string) =>
      read(join(dir, "plans/image-fixes/usr/lib", file))
        .split("\n")
        .filter((l) => l !== "" && !l.startsWith("#"));
    expect(lines("sysusers.d/60-edge2bootc-fleet-move.conf")).toEqual(["u svc-agent 990 - /var/lib/agent /sbin/nologin"]);
    expect(lines("tmpfiles.d/60-edge2bootc-fleet-move.conf")).toEqual(["Z /var/home/admin - admin admin -", "z /etc/ssh/ssh_host_*_key 0600 root root -"]);
    expect(read(join(dir, "plans/image-fixes.md"))).toContain("COPY image-fixes/usr/ /usr/");
    // systemd-tmpfiles itself applies the file fixes on a root as the device boots it: admin's
    // files, still owned by its old uid 1000, go to the image's admin (1200); the host keys get 0600.
    if (has("systemd-tmpfiles") && process.getuid?.() === 0) {
      const root = join(tempDir(), "root");
      mkdirSync(join(root, "var/home/admin/.config"), { recursive: true });
      mkdirSync(join(root, "etc/ssh"), { recursive: true });
      writeFileSync(join(root, "etc/passwd"), "root:x:0:0::/root:/bin/bash\nadmin:x:1200:1200::/var/home/admin:/bin/bash\n");
      writeFileSync(join(root, "etc/group"), "root:x:0:\nadmin:x:1200:\n");
      writeFileSync(join(root, "var/home/admin/.config/app.ini"), "x\n");
      for (const p of ["var/home/admin", "var/home/admin/.config", "var/home/admin/.config/app.ini"]) chownSync(join(root, p), 1000, 1000);
      writeFileSync(join(root, "etc/ssh/ssh_host_ed25519_key"), "key\n", { mode: 0o644 });
      const tmpfiles = spawnSync(
        "systemd-tmpfiles",
        ["--create", `--root=${root}`, join(dir, "plans/image-fixes/usr/lib/tmpfiles.d/60-edge2bootc-fleet-move.conf")],
        { encoding: "utf8" },
      );
      expect(tmpfiles.status, tmpfiles.stderr).toBe(0);
      for (const p of ["var/home/admin", "var/home/admin/.config", "var/home/admin/.config/app.ini"])
        expect([statSync(join(root, p)).uid, statSync(join(root, p)).gid], p).toEqual([1200, 1200]);
      expect(statSync(join(root, "etc/ssh/ssh_host_ed25519_key")).mode & 0o777).toBe(0o600);
    }
    expect(
      cli(["device", "plan", "fixtures/device/kiosk-017", "--image", "quay.io/acme/kiosk:10.0", "--project", dir, "-o", join(dir, "p2")]).stderr,
    ).toContain("holds no Containerfile");
  });

  it("with a hand-written MicroShift image as the project, runs every image check and writes the fixes (golden)", () => {
    const out = join(tempDir(), "plans");
    const r = cli([
      "device",
      "plan",
      "fixtures/device/ms-edge-3",
      "--image",
      "quay.io/acme/ms:9.6",
      "--project",
      "fixtures/device-project-microshift",
      "-o",
      out,
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("blocked ms-edge-3: 3 blocker(s), 6 warning(s); bootc");
    expectGolden(out, join(ROOT, "fixtures/device-plans-microshift"));
    // systemd-sysusers itself applies the account fixes: the device's ids and membership come back
    if (has("systemd-sysusers")) {
      const root = join(tempDir(), "root");
      mkdirSync(join(root, "etc"), { recursive: true });
      const sysusers = spawnSync("systemd-sysusers", [`--root=${root}`, join(out, "image-fixes/usr/lib/sysusers.d/60-edge2bootc-fleet-move.conf")], {
        encoding: "utf8",
      });
      expect(sysusers.status, sysusers.stderr).toBe(0);
      expect(read(join(root, "etc/group"))).toContain("hugetlbfs:x:801:openvswitch\n");
      expect(read(join(root, "etc/passwd"))).toContain("openvswitch:x:800:800::/:/sbin/nologin");
    }
    // the drop-in in the fixes is the one convert writes for a MicroShift blueprint
    expect(read(join(out, "image-fixes/usr/lib/systemd/system/ovsdb-server.service.d/60-edge2bootc-fleet-move.conf"))).toBe(
      read(join(ROOT, "fixtures/microshift-plain/expected/overlay/usr/lib/systemd/system/ovsdb-server.service.d/10-edge2bootc-ownership.conf")),
    );
  });

  it("has a fixture that triggers every device rule of the catalogue", () => {
    const dir = tempDir();
    expect(cli(["convert", join(ROOT, "fixtures/device-project/blueprint.toml"), "-o", join(dir, "kiosk"), "-q"]).code).toBe(0);
    const runs: string[][] = [
      [...DEVICES, "--image", "quay.io/acme/kiosk:10.0"],
      [...DEVICES, "--image", "quay.io/acme/kiosk:10.0", "--project", join(dir, "kiosk")],
      ["fixtures/device/ms-edge-3", "--image", "quay.io/acme/ms:9.6", "--project", "fixtures/device-project-microshift"],
    ];
    const seen = new Set<string>();
    runs.forEach((args, i) => {
      expect(cli(["device", "plan", ...args, "-o", join(dir, `p${i}`), "-q"]).code).toBe(0);
      for (const f of listFiles(join(dir, `p${i}`)).filter((f) => f.endsWith("device-plan.json")))
        for (const finding of (JSON.parse(read(join(dir, `p${i}`, f))) as { findings: { id: string }[] }).findings) seen.add(finding.id);
    });
    const deviceRules = Object.keys(RULES).filter((id) => id.startsWith("device."));
    expect(deviceRules.filter((id) => !seen.has(id))).toEqual([]);
  });

  it("exits 2 naming the file and line of a bad snapshot, and writes nothing", () => {
    const dir = tempDir();
    cpSync(join(ROOT, "fixtures/device/kiosk-042"), join(dir, "broken"), { recursive: true });
    writeFileSync(join(dir, "broken/rpm-ostree-status.json"), '{ "deployments": [ }');
    const r = cli(["device", "plan", "broken", "--image", "quay.io/acme/kiosk:10.0", "-o", "plans"], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/broken\/rpm-ostree-status\.json:1:\d+: .*not valid JSON/);
    expect(existsSync(join(dir, "plans"))).toBe(false);
    expect(cli(["device", "plan", "broken", "--image", "not an image", "-o", "plans"], dir).code).toBe(2);
  });
});

describe("the collector (edge2bootc device collect-script)", () => {
  const script = () => {
    const r = cli(["device", "collect-script"]);
    expect(r.code).toBe(0);
    return r.stdout;
  };

  it.skipIf(!has("shellcheck"))("passes shellcheck as POSIX sh", () => {
    const file = join(tempDir(), "collect.sh");
    writeFileSync(file, script());
    const r = spawnSync("shellcheck", ["--shell=sh", file], { encoding: "utf8" });
    expect(r.status, r.stdout).toBe(0);
  });

  it("snapshots a stand-in device without reading its secrets, and the snapshot plans like the fixture it mirrors", () => {
    const dir = tempDir();
    const device = join(dir, "root");
    const fixture = join(ROOT, "fixtures/device/kiosk-017");
    const put = (path: string, text: string, mode = 0o644) => {
      mkdirSync(join(device, path, ".."), { recursive: true });
      writeFileSync(join(device, path), text);
      chmodSync(join(device, path), mode);
    };
    put("etc/os-release", read(join(fixture, "os-release")));
    put("etc/passwd", read(join(fixture, "etc/passwd")));
    put("etc/group", read(join(fixture, "etc/group")));
    put("usr/lib/passwd", read(join(fixture, "usr-lib/passwd")));
    put("etc/nsswitch.conf", read(join(fixture, "nsswitch.conf")));
    put("etc/rpm-ostreed.conf", read(join(fixture, "rpm-ostreed.conf")));
    put("etc/ostree/remotes.d/edge.conf", read(join(fixture, "remotes/edge.conf")));
    put("etc/ssh/ssh_host_ed25519_key", `${TOKEN}\n`, 0o640);
    put("etc/shadow", `root:${TOKEN}:19000::::::\n`, 0o600);
    put("etc/ostree/auth.json", `{"auths": {"quay.io": {"auth": "${TOKEN}"}}}\n`, 0o600);
    put("usr/etc/ssh/sshd_config", "# sshd defaults\n");
    // Stand-ins for the device's tools, printing what the fixture recorded.
    const bin = join(dir, "bin");
    mkdirSync(bin);
    const tool = (name: string, body: string) => {
      writeFileSync(join(bin, name), `#!/bin/sh\n${body}\n`);
      chmodSync(join(bin, name), 0o755);
    };
    tool("rpm-ostree", `case "$1" in status) cat '${join(fixture, "rpm-ostree-status.json")}';; kargs) cat '${join(fixture, "kargs.txt")}';; esac`);
    tool("ostree", `cat '${join(fixture, "config-diff.txt")}'`);
    tool(
      "systemctl",
      `case "$2" in rpm-ostreed-automatic.timer|greenboot-healthcheck.service|fdo-client-linuxapp.service) echo enabled;; *) echo not-found; exit 1;; esac`,
    );
    tool("rpm", `cat '${join(fixture, "rpm-q.txt")}'`);
    tool("df", `cat '${join(fixture, "df.txt")}'`);
    const out = join(dir, "snapshots", "kiosk-017");
    const r = spawnSync("sh", ["-c", script(), "collect.sh", out], {
      encoding: "utf8",
      env: { PATH: `${bin}:/usr/bin:/bin`, EDGE2BOOTC_DEVICE_ROOT: device },
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`wrote ${out} and ${out}.tar.gz`);
    expect(existsSync(`${out}.tar.gz`)).toBe(true);
    for (const f of listFiles(out)) expect(readFileSync(join(out, f), "utf8"), f).not.toContain(TOKEN);
    expect(read(join(out, "auth.present"))).toBe("yes\n");
    expect(read(join(out, "ssh-hostkeys.txt"))).toMatch(/^640 \S+ \S+ \/etc\/ssh\/ssh_host_ed25519_key\n$/);
    expect(read(join(out, "bootc-status.json.rc"))).toBe("127\n");
    // the old default of each changed /etc file, as a sum: the image snapshot is compared with it
    expect(read(join(out, "usr-etc-sums.txt"))).toBe(`${createHash("sha256").update("# sshd defaults\n").digest("hex")}  ssh/sshd_config\n`);

    const plans = join(dir, "plans");
    const plan = cli(["device", "plan", out, "--image", "quay.io/acme/kiosk:10.0", "-o", plans], dir);
    expect(plan.code, plan.stderr).toBe(0);
    const ids = (file: string) => (JSON.parse(read(file)) as { findings: { id: string }[] }).findings.map((f) => f.id);
    // The same findings as the fixture kiosk-017 (whose files this device serves), but its own
    // registry credentials: the collector saw that /etc/ostree/auth.json exists.
    expect(ids(join(plans, "kiosk-017/device-plan.json"))).toEqual(
      ids(join(EXPECTED, "kiosk-017/device-plan.json")).filter((id) => id !== "device.registry-auth"),
    );
    // A second run into the same folder is refused: a snapshot is never overwritten.
    expect(spawnSync("sh", ["-c", script(), "collect.sh", out], { env: { PATH: `${bin}:/usr/bin:/bin`, EDGE2BOOTC_DEVICE_ROOT: device } }).status).toBe(2);
  });
});

describe("snapshot archives", () => {
  /** One tar entry (ustar header and data), for archives tar itself would not write. */
  const entry = (name: string, data: string, type = "0") => {
    const header = Buffer.alloc(512);
    header.write(name, 0);
    header.write("0000644\0", 100);
    header.write("0000000\0", 108);
    header.write("0000000\0", 116);
    header.write(`${Buffer.byteLength(data).toString(8).padStart(11, "0")}\0`, 124);
    header.write("00000000000\0", 136);
    header.write(type, 156);
    header.write("ustar\u000000", 257);
    header.fill(" ", 148, 156);
    header.write(
      `${header
        .reduce((a, b) => a + b, 0)
        .toString(8)
        .padStart(6, "0")}\0 `,
      148,
    );
    const body = Buffer.alloc(Math.ceil(Buffer.byteLength(data) / 512) * 512);
    body.write(data);
    return Buffer.concat([header, body]);
  };
  const archive = (...entries: Buffer[]) => gzipSync(Buffer.concat([...entries, Buffer.alloc(1024)]));

  it("plan from the collector's .tar.gz as from its folder", () => {
    const dir = tempDir();
    expect(spawnSync("tar", ["-C", join(ROOT, "fixtures/device"), "-czf", join(dir, "kiosk-017.tar.gz"), "kiosk-017"]).status).toBe(0);
    const r = cli(["device", "plan", "kiosk-017.tar.gz", "--image", "quay.io/acme/kiosk:10.0", "-o", "plans"], dir);
    expect(r.code, r.stderr).toBe(0);
    const ids = (file: string) => (JSON.parse(read(file)) as { findings: { id: string }[] }).findings.map((f) => f.id);
    expect(ids(join(dir, "plans/kiosk-017/device-plan.json"))).toEqual(ids(join(EXPECTED, "kiosk-017/device-plan.json")));
    expect(read(join(dir, "plans/kiosk-017/device-plan.md"))).toContain("`kiosk-017.tar.gz:kiosk-017/rpm-ostree-status.json:16:7`");
  });

  it("refuse a link, a path that climbs out, and a second folder, naming the entry; nothing is written", () => {
    const dir = tempDir();
    const snapshot = readFileSync(join(ROOT, "fixtures/device/kiosk-042/SNAPSHOT"), "utf8");
    const cases: [string, Buffer, string][] = [
      ["link", archive(entry("d/SNAPSHOT", snapshot), entry("d/etc/passwd", "", "2")), "link.tar.gz:d/etc/passwd:1:1: error: a link"],
      ["climb", archive(entry("d/SNAPSHOT", snapshot), entry("d/../../etc/cron.d/x", "* * * * * root id\n")), "a path that is absolute or climbs with .."],
      ["two", archive(entry("d/SNAPSHOT", snapshot), entry("e/SNAPSHOT", snapshot)), "a second top folder next to d"],
      ["notgz", Buffer.from("plain text"), "not a gzip archive"],
    ];
    for (const [name, bytes, message] of cases) {
      writeFileSync(join(dir, `${name}.tar.gz`), bytes);
      const r = cli(["device", "plan", `${name}.tar.gz`, "--image", "quay.io/acme/kiosk:10.0", "-o", "plans"], dir);
      expect(r.code, name).toBe(2);
      expect(r.stderr, name).toContain(message);
    }
    expect(existsSync(join(dir, "plans"))).toBe(false);
    expect(existsSync(join(dir, "..", "etc"))).toBe(false);
  });
});
