/**
 * Device snapshots (issue 22): the fixtures under fixtures/device are shaped after rpm-ostree's and
 * bootc's published status output (../shared/reference/device-migration.md A.3): a RHEL 9.6 edge
 * kiosk without bootc and with a layered package, one with bootc and nothing to fix, and a line
 * controller caught mid-transaction with local changes of every kind.
 */
import { cpSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors.js";
import { RULES } from "../../src/core/rules.js";
import { parseSnapshot } from "../../src/device/parse-snapshot.js";
import { planDevice, fleetRows } from "../../src/device/plan.js";
import { readSnapshotFolder } from "../../src/io/device-snapshots.js";
import { ROOT, tempDir } from "../helpers.js";

const load = (name: string, cwd = ROOT) => parseSnapshot(readSnapshotFolder(cwd, join("fixtures/device", name)));
const TO_10 = { image: "quay.io/acme/kiosk:10.0", major: 10 as const };
const TO_9 = { image: "quay.io/acme/kiosk:9.6", major: 9 as const };
const ids = (name: string, target = TO_10) => {
  const { snapshot, sources } = load(name);
  return planDevice(snapshot, sources, target).findings.map((f) => f.id);
};

describe("device snapshots", () => {
  it("normalise rpm-ostree status, os-release, kargs, accounts and the update settings", () => {
    const { snapshot } = load("kiosk-017");
    expect(snapshot.host).toEqual({ hostname: "kiosk-017.example.com", arch: "x86_64", os: { id: "rhel", versionId: "9.6" } });
    expect(snapshot.deployments).toHaveLength(1);
    expect(snapshot.deployments[0]).toMatchObject({ booted: true, source: { kind: "ostree", refspec: "edge:rhel/9/x86_64/edge" }, version: "9.6.1" });
    expect(snapshot.deployments[0]!.layering.requestedPackages).toEqual(["htop"]);
    expect(snapshot.bootc).toEqual({ present: false, hostType: null, specImage: null });
    // rpm-ostree kargs prints the whole command line: what ostree and the bootloader set is not the device's own
    expect(snapshot.localKargs).toEqual(["console=ttyS0,115200n8", "nosmt"]);
    expect(snapshot.etcChanges.map((c) => `${c.op} ${c.path}`)).toEqual(["M passwd", "M group", "M ssh/sshd_config", "A greenboot/check/required.d/50-app.sh"]);
    expect(snapshot.accounts.usrLib.users.map((a) => `${a.name}:${a.uid}`)).toEqual(["bin:1", "admin:1000", "svc-agent:990"]);
    expect(snapshot.accounts.etc.groups.find((g) => g.name === "wheel")?.members).toEqual(["ops"]);
    expect(snapshot.accounts.altfiles).toBe(true);
    expect(snapshot.updates).toEqual({
      automaticUpdatePolicy: "stage",
      units: {
        "rpm-ostreed-automatic.timer": "enabled",
        "bootc-fetch-apply-updates.timer": "not-found",
        "greenboot-healthcheck.service": "enabled",
        "fdo-client-linuxapp.service": "enabled",
      },
    });
    expect(snapshot.tools).toMatchObject({ bootc: null, greenboot: "0.15.8-1.el9.x86_64", rpmOstree: "2025.7-1.el9.x86_64" });
    expect(snapshot.remotes).toEqual([{ name: "edge", url: "http://ostree.example.com/repo", gpgVerify: false }]);
    expect(snapshot.owners.map((o) => `${o.uid}:${o.gid} ${o.mode} ${o.path}`)).toEqual([
      "1000:1000 0700 /var/home/admin",
      "990:990 0750 /var/lib/agent",
      "990:990 0640 /etc/agent/agent.conf",
    ]);
    expect(snapshot.space).toEqual({ "/sysroot": 9876543210, "/boot": 250000000, "/boot/efi": 120000000 });
  });

  it("read bootc's status when bootc is installed: an edge deployment has no image yet", () => {
    const { snapshot } = load("kiosk-042");
    expect(snapshot.bootc).toEqual({ present: true, hostType: null, specImage: null });
    expect(snapshot.tools.bootc).toBe("1.8.0-1.el9_8.x86_64");
  });

  it("are refused with a position when they are not what the collector writes", () => {
    const dir = tempDir();
    cpSync(join(ROOT, "fixtures/device/kiosk-042"), join(dir, "bad-json"), { recursive: true });
    writeFileSync(join(dir, "bad-json/rpm-ostree-status.json"), '{\n  "deployments" : [\n    { "id" : "x", }\n  ]\n}\n');
    const error = (name: string) => {
      try {
        parseSnapshot(readSnapshotFolder(dir, name));
      } catch (e) {
        expect(e).toBeInstanceOf(InputError);
        return (e as InputError).message;
      }
      throw new Error(`${name} was accepted`);
    };
    expect(error("bad-json")).toMatch(/^bad-json\/rpm-ostree-status\.json:3:\d+: not valid JSON/);

    cpSync(join(ROOT, "fixtures/device/kiosk-042"), join(dir, "foreign"), { recursive: true });
    writeFileSync(join(dir, "foreign/SNAPSHOT"), "something else\n");
    expect(error("foreign")).toContain("foreign/SNAPSHOT:1:1: not a device snapshot edge2bootc reads");

    cpSync(join(ROOT, "fixtures/device/kiosk-042"), join(dir, "bootc-host"), { recursive: true });
    writeFileSync(
      join(dir, "bootc-host/bootc-status.json"),
      JSON.stringify({
        spec: { image: { image: "quay.io/acme/kiosk:1" } },
        status: { type: "bootcHost", booted: { image: { image: { image: "quay.io/acme/kiosk:1" } } } },
      }),
    );
    expect(error("bootc-host")).toContain("already runs the bootc image quay.io/acme/kiosk:1");

    cpSync(join(ROOT, "fixtures/device/kiosk-042"), join(dir, "rhel-7"), { recursive: true });
    writeFileSync(join(dir, "rhel-7/os-release"), 'NAME="Red Hat Enterprise Linux"\nID="rhel"\nVERSION_ID="7.9"\n');
    expect(error("rhel-7")).toContain('rhel-7/os-release:3:1: expected the VERSION_ID of a RHEL for edge 8, 9 or 10 device in os-release, found "7.9"');
    writeFileSync(join(dir, "rhel-7/os-release"), 'ID="rhel"\n');
    expect(error("rhel-7")).toContain("rhel-7/os-release:1:1: expected the VERSION_ID of a RHEL for edge 8, 9 or 10 device in os-release, found none");

    cpSync(join(ROOT, "fixtures/device/kiosk-042"), join(dir, "linked"), { recursive: true });
    writeFileSync(join(dir, "secret.txt"), "not for edge2bootc\n");
    mkdirSync(join(dir, "linked/etc"), { recursive: true });
    symlinkSync(join(dir, "secret.txt"), join(dir, "linked/etc/passwd"));
    expect(error("linked")).toContain("linked/etc/passwd:1:1: a symbolic link; a snapshot holds regular files and folders only");
  });
});

describe("device checks", () => {
  it("block a layered device and, moving to RHEL 10, its 0640 host keys; the rest are warnings and notes", () => {
    expect(ids("kiosk-017")).toEqual([
      "device.layered-packages",
      "device.kargs",
      "device.bootc-missing",
      "device.registry-auth",
      "device.ssh-hostkeys-9to10",
      "device.bootloader-unadopted",
      "device.two-update-agents",
      "device.etc-passwd-modified",
    ]);
    // RHEL 9 to RHEL 9: the host keys stay readable by sshd
    expect(ids("kiosk-017", TO_9)).not.toContain("device.ssh-hostkeys-9to10");
  });

  it("find nothing on a RHEL 9.8 device with bootc, bootupd, no local changes and credentials", () => {
    expect(ids("kiosk-042")).toEqual([]);
  });

  it("block a device mid-transaction with an unlocked hotfix, overrides, its own initramfs and a full /boot; warn that its verified remote becomes an unverified pull", () => {
    expect(ids("line-7")).toEqual([
      "device.transaction",
      "device.staged",
      "device.layered-packages",
      "device.overrides",
      "device.initramfs",
      "device.unlocked",
      "device.bootc-missing",
      "device.signature-regression",
      "device.space",
      "device.bootloader-unadopted",
    ]);
  });

  it("name the snapshot file and line each finding comes from", () => {
    const { snapshot, sources } = load("line-7");
    const plan = planDevice(snapshot, sources, TO_10);
    const where = (id: string) => plan.findings.find((f) => f.id === id)!.source;
    // the booted deployment is the second one: its requested-local-packages key, on line 29
    expect(where("device.layered-packages")).toMatchObject({ file: "fixtures/device/line-7/rpm-ostree-status.json", line: 29 });
    expect(where("device.space")).toMatchObject({ file: "fixtures/device/line-7/df.txt" });
    for (const f of plan.findings) expect(RULES[f.id].severity).toBe(f.severity);
  });

  it("take bootc where the device has it and rpm-ostree's container transport where not, and count blockers per device", () => {
    const plans = ["kiosk-017", "kiosk-042", "line-7"].map((n) => {
      const { snapshot, sources } = load(n);
      return planDevice(snapshot, sources, TO_10);
    });
    expect(plans.map((p) => p.route.command)).toEqual([
      "rpm-ostree rebase ostree-unverified-registry:quay.io/acme/kiosk:10.0",
      "bootc switch quay.io/acme/kiosk:10.0",
      "rpm-ostree rebase ostree-unverified-registry:quay.io/acme/kiosk:10.0",
    ]);
    expect(fleetRows(plans).map((r) => [r.device, r.blockers, r.ready])).toEqual([
      ["kiosk-017", 2, false],
      ["kiosk-042", 0, true],
      ["line-7", 6, false],
    ]);
  });
});
