/**
 * runbook.sh run for real against a stand-in device: stand-ins for rpm-ostree, bootc, ostree,
 * systemctl and getent that keep the device's state in files and record every call. The runbook
 * refuses while a blocker is open, stages once (a second run changes nothing), leaves the device
 * as it was when the pull fails, and --verify checks the booted system.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI, read, ROOT, tempDir } from "../helpers.js";
import { standInDevice } from "./stand-in-device.js";

const IMAGE = "quay.io/acme/kiosk:10.0";
const REF = `ostree-unverified-registry:${IMAGE}`;
const has = (cmd: string) => spawnSync("sh", ["-c", `command -v ${cmd}`]).status === 0;

function plans(...args: string[]) {
  const out = join(tempDir(), "plans");
  const r = spawnSync(process.execPath, [CLI, "device", "plan", ...args, "--image", IMAGE, "-o", out], { cwd: ROOT, encoding: "utf8" });
  expect(r.status, r.stderr).toBe(0);
  return out;
}

describe("runbook.sh on a stand-in device", () => {
  it("refuses while a blocker is open, then stages once with the blockers accepted; a second run changes nothing", () => {
    const runbook = join(plans("fixtures/device/kiosk-017"), "kiosk-017/runbook.sh");
    const device = standInDevice(false);
    const refused = device.run(runbook);
    expect(refused.code, refused.out).toBe(3);
    expect(refused.out).toContain("blocked by device.layered-packages");
    expect(device.calls().filter((c) => !c.startsWith("rpm-ostree status"))).toEqual([]);

    const accept = ["--accept", "device.layered-packages", "--accept", "device.ssh-hostkeys-9to10"];
    const first = device.run(runbook, accept);
    expect(first.code, first.out).toBe(0);
    expect(device.calls().filter((c) => !c.startsWith("rpm-ostree status"))).toEqual([
      "ostree admin pin 0",
      "systemctl disable --now rpm-ostreed-automatic.timer",
      "rpm-ostree reset --overlays",
      `rpm-ostree rebase ${REF}`,
    ]);
    expect(read(join(device.state, "staged")).trim()).toBe(REF);
    expect(existsSync(join(device.state, "var-lib-edge2bootc/pre-switch.json"))).toBe(true);

    const recorded = read(join(device.state, "var-lib-edge2bootc/pre-switch.json"));
    expect(recorded).toContain("edge:rhel/9/x86_64/edge");
    expect(recorded).not.toContain(REF);
    const second = device.run(runbook, accept);
    expect(second.code, second.out).toBe(0);
    expect(second.out).toContain("is staged already");
    expect(device.calls().filter((c) => !c.startsWith("rpm-ostree status"))).toEqual([]);
    expect(read(join(device.state, "var-lib-edge2bootc/pre-switch.json"))).toBe(recorded);
  });

  it("leaves nothing staged when the pull fails, after three tries", () => {
    const runbook = join(plans("fixtures/device/kiosk-042"), "kiosk-042/runbook.sh");
    const device = standInDevice(true);
    const r = device.run(runbook, [], { PULL_FAIL: "1" });
    expect(r.code).toBe(1);
    expect(r.out).toContain(`could not stage ${IMAGE}`);
    expect(device.calls().filter((c) => c.startsWith("bootc switch"))).toHaveLength(3);
    expect(existsSync(join(device.state, "staged"))).toBe(false);
  });

  it("--verify passes on the booted image with the device's users, and fails when one is missing", () => {
    const runbook = join(plans("fixtures/device/kiosk-017"), "kiosk-017/runbook.sh");
    const device = standInDevice(true);
    writeFileSync(join(device.state, "booted"), `${REF}\n`);
    writeFileSync(join(device.state, "users"), "admin\nops\n");
    const ok = device.run(runbook, ["--verify"]);
    expect(ok.code, ok.out).toBe(0);
    expect(ok.out).toContain(`kiosk-017 runs ${IMAGE}`);
    writeFileSync(join(device.state, "users"), "ops\n");
    const missing = device.run(runbook, ["--verify"]);
    expect(missing.code).toBe(1);
    expect(missing.out).toContain("user admin does not resolve");
    // Once booted on the image, running it again only points at --verify.
    expect(device.run(runbook).out).toContain("already runs");
  });

  it.skipIf(!has("shellcheck"))("passes shellcheck as POSIX sh for every fixture device", () => {
    const out = plans("fixtures/device/kiosk-017", "fixtures/device/kiosk-042", "fixtures/device/line-7");
    for (const device of ["kiosk-017", "kiosk-042", "line-7"]) {
      const r = spawnSync("shellcheck", ["--shell=sh", join(out, device, "runbook.sh")], { encoding: "utf8" });
      expect(r.status, r.stdout).toBe(0);
    }
  });
});
