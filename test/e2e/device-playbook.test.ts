/**
 * The fleet playbooks of `edge2bootc device playbook`, run by Debian's ansible-core against three
 * stand-in devices (test/e2e/stand-in-device.ts) through a connection that is the local one under
 * another name (ansible/connection_plugins/stand_in.py): collect.yml collects, fetches and plans;
 * switch.yml moves the devices in waves and stops the fleet when a device fails its verification.
 */
import { spawnSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI, read, ROOT, tempDir } from "../helpers.js";
import { standInDevice, type StandInDevice } from "./stand-in-device.js";

const IMAGE = "quay.io/acme/kiosk:10.0";
const has = (cmd: string) => spawnSync("sh", ["-c", `command -v ${cmd}`]).status === 0;

describe.skipIf(!has("ansible-playbook"))("the fleet playbooks under ansible-playbook", () => {
  it("collect, plan, then switch in waves until a device fails its verification", () => {
    const dir = tempDir();
    const books = join(dir, "fleet");
    const written = spawnSync(process.execPath, [CLI, "device", "playbook", "-o", books, "-q"], { encoding: "utf8" });
    expect(written.status, written.stderr).toBe(0);

    const names = ["kiosk-a", "kiosk-b", "kiosk-c"];
    const devices = new Map<string, StandInDevice>(
      names.map((name) => [name, standInDevice(true, { fixture: join(ROOT, "fixtures/device/kiosk-042"), name })]),
    );
    // kiosk-b boots the image with a failed unit: its verification fails
    writeFileSync(join(devices.get("kiosk-b")!.state, "failed"), "app.service loaded failed failed Kiosk app\n");
    const hosts = Object.fromEntries(
      [...devices].map(([name, d]) => [
        name,
        {
          ansible_connection: "stand_in",
          ansible_become: false,
          ansible_python_interpreter: "/usr/bin/python3",
          edge2bootc_environment: d.env,
          edge2bootc_device_dir: join(d.state, "snapshots"),
          edge2bootc_reboot_command: join(d.bin, "stand-in-reboot"),
          edge2bootc_boot_time_command: `cat ${join(d.state, "boot_id")}`,
        },
      ]),
    );
    writeFileSync(join(dir, "inventory.yml"), JSON.stringify({ all: { hosts } }));
    const ansible = (book: string, extra: object) =>
      spawnSync("ansible-playbook", ["-i", join(dir, "inventory.yml"), join(books, book), "-e", JSON.stringify(extra)], {
        encoding: "utf8",
        env: {
          ...process.env,
          ANSIBLE_CONNECTION_PLUGINS: join(ROOT, "test/e2e/ansible/connection_plugins"),
          ANSIBLE_LOCAL_TEMP: join(dir, "ansible-local"),
          ANSIBLE_REMOTE_TEMP: join(dir, "ansible-remote"),
          ANSIBLE_NOCOLOR: "1",
          ANSIBLE_RETRY_FILES_ENABLED: "0",
          ANSIBLE_LOCALHOST_WARNING: "0",
        },
      });

    const collected = ansible("collect.yml", { edge2bootc_image: IMAGE, edge2bootc_cli: [process.execPath, CLI] });
    expect(collected.status, collected.stdout + collected.stderr).toBe(0);
    for (const name of names) expect(existsSync(join(books, "snapshots", `${name}.tar.gz`)), name).toBe(true);
    const fleet = read(join(books, "device-plans/fleet-plan.md"));
    expect(fleet).toContain("3 of 3 devices can switch now.");
    for (const name of names) expect(fleet).toContain(`| [${name}](${name}/device-plan.md) | ${name} | rhel 9.8 | bootc | 0 | 0 |`);
    // collecting only read: no tool changed anything
    for (const [name, d] of devices)
      expect(
        d.calls().filter((c) => !/^(rpm-ostree (status|kargs)|bootc status|ostree admin config-diff|systemctl is-enabled|rpm -q|df |hostname)/.test(c)),
        name,
      ).toEqual([]);

    // Waves of two: kiosk-a and kiosk-b, then kiosk-c. One failure in a wave stops the play (with
    // serial alone, Ansible goes on to the next wave while any host of the last one succeeded).
    const switched = ansible("switch.yml", { wave_size: 2 });
    const log = switched.stdout + switched.stderr;
    expect(switched.status, log).not.toBe(0);
    const a = devices.get("kiosk-a")!;
    const b = devices.get("kiosk-b")!;
    const c = devices.get("kiosk-c")!;
    // kiosk-a staged, rebooted and verified
    expect(read(join(a.state, "booted")).trim()).toBe(`ostree-unverified-registry:${IMAGE}`);
    expect(a.calls()).toContain(`bootc switch ${IMAGE}`);
    expect(log).toMatch(/kiosk-a\s*: ok=\d+\s+changed=\d+\s+unreachable=0\s+failed=0/);
    // kiosk-b rebooted into the image and failed its verification
    expect(read(join(b.state, "booted")).trim()).toBe(`ostree-unverified-registry:${IMAGE}`);
    expect(log).toContain("1 unit(s) failed");
    expect(log).toMatch(/kiosk-b\s*: ok=\d+\s+changed=\d+\s+unreachable=0\s+failed=1/);
    // the second wave never ran: kiosk-c was collected and nothing else
    expect(c.calls().some((call) => call.startsWith("bootc switch"))).toBe(false);
    expect(existsSync(join(c.state, "staged"))).toBe(false);
    expect(existsSync(join(c.state, "booted"))).toBe(false);

    // Run again for kiosk-a: it runs the image already, so nothing is staged and it verifies again.
    const callsBefore = a.calls().length;
    const again = ansible("switch.yml", { edge2bootc_hosts: "kiosk-a" });
    expect(again.status, again.stdout + again.stderr).toBe(0);
    expect(again.stdout).toContain(`kiosk-a runs ${IMAGE}`);
    expect(
      a
        .calls()
        .slice(callsBefore)
        .some((call) => call.startsWith("bootc switch")),
    ).toBe(false);
    expect(read(join(a.state, "boot_id")).trim()).toBe("1");
  }, 240_000);
});
