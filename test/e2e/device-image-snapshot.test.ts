/**
 * The image-side collector (`device image-collect-script`) on a stand-in image root, and
 * `device plan --image-snapshot`: the built image's own accounts, group members, /etc sums, /var
 * files, drop-ins and packages are compared with a device, base image included.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI, listFiles, read, ROOT, tempDir } from "../helpers.js";

const TOKEN = "s3cr3t-in-the-image";
const cli = (args: string[], cwd = ROOT) => spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });

/** A built MicroShift image, as files: openvswitch got another uid, config.yaml a new default, sshd_config did not change. */
function imageRoot(dir: string): { root: string; bin: string } {
  const root = join(dir, "image");
  const put = (path: string, text: string) => {
    mkdirSync(join(root, path, ".."), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  put("etc/os-release", 'ID="rhel"\nVERSION_ID="9.6"\n');
  put("etc/passwd", "root:x:0:0:root:/root:/bin/bash\n");
  put("etc/group", "root:x:0:\nwheel:x:10:\n");
  put("usr/lib/passwd", "bin:x:1:1:bin:/bin:/sbin/nologin\nopenvswitch:x:801:801:Open vSwitch Daemons:/:/sbin/nologin\n");
  put("usr/lib/group", "bin:x:1:\nopenvswitch:x:801:\nhugetlbfs:x:802:openvswitch\n");
  put("etc/ssh/sshd_config", "# sshd defaults\n");
  put("etc/microshift/config.yaml", "# microshift 4.18 defaults\n");
  put("etc/shadow", `root:${TOKEN}:19000::::::\n`);
  put("etc/ostree/auth.json", `{"auths": {"quay.io": {"auth": "${TOKEN}"}}}\n`);
  put("etc/ssh/ssh_host_ed25519_key", `${TOKEN}\n`);
  put("var/lib/microshift-manifests/app.yaml", "kind: Namespace\n");
  put("var/cache/dnf/metadata", "cache\n");
  put("usr/lib/systemd/system/ovsdb-server.service.d/10-edge2bootc-ownership.conf", "[Service]\n");
  const bin = join(dir, "bin");
  mkdirSync(bin);
  // The image's rpm database, as rpm --root would print it.
  writeFileSync(join(bin, "rpm"), "#!/bin/sh\nprintf 'microshift 4.18.3\\ngreenboot 0.15.8\\nbash 5.1.8\\n'\n");
  chmodSync(join(bin, "rpm"), 0o755);
  return { root, bin };
}

describe("device plan --image-snapshot", () => {
  it("collects a built image without its secrets and compares the device with it", () => {
    const dir = tempDir();
    const { root, bin } = imageRoot(dir);
    const script = join(dir, "image-collect.sh");
    writeFileSync(script, cli(["device", "image-collect-script"]).stdout);
    const out = join(dir, "image-snapshot");
    mkdirSync(out);
    const env = { PATH: `${bin}:/usr/bin:/bin`, EDGE2BOOTC_IMAGE_ROOT: root };
    const collected = spawnSync("sh", [script, out], { encoding: "utf8", env });
    expect(collected.status, collected.stderr).toBe(0);
    for (const f of listFiles(out)) expect(readFileSync(join(out, f), "utf8"), f).not.toContain(TOKEN);
    expect(read(join(out, "etc-sums.txt"))).not.toMatch(/shadow|auth\.json|ssh_host_/);
    expect(read(join(out, "var-files.txt"))).toBe("/var/lib/microshift-manifests/app.yaml\n");
    expect(read(join(out, "packages.txt"))).toBe("bash 5.1.8\ngreenboot 0.15.8\nmicroshift 4.18.3\n");
    // a second run into the same folder is refused
    expect(spawnSync("sh", [script, out], { env }).status).toBe(2);

    const plans = join(dir, "plans");
    const r = cli(["device", "plan", "fixtures/device/ms-edge-3", "--image", "quay.io/acme/ms:9.6", "--image-snapshot", out, "-o", plans]);
    expect(r.status, r.stderr).toBe(0);
    const plan = JSON.parse(read(join(plans, "ms-edge-3/device-plan.json"))) as {
      findings: { id: string; title: string; source: { file: string; line: number } }[];
      notEvaluated: string[];
    };
    const found = plan.findings.map((f) => `${f.id}: ${f.title}`);
    // openvswitch keeps its name but the image's /usr/lib/passwd gives it 801: its files break
    expect(found).toContain(
      "device.account-id-changes: openvswitch changes uid from 800 to 801; it owns /etc/openvswitch, /etc/openvswitch/conf.db, /var/lib/openvswitch",
    );
    // hugetlbfs keeps openvswitch in the image: no membership lost
    expect(found.filter((f) => f.startsWith("device.group-members-lost"))).toEqual([]);
    // config.yaml has a new default the device's change hides; sshd_config is the same as before
    expect(found.filter((f) => f.startsWith("device.etc-change-ignored"))).toEqual([
      "device.etc-change-ignored: /etc/microshift/config.yaml: the image's version will be ignored, the device changed it",
    ]);
    const varContent = plan.findings.find((f) => f.id === "device.var-content")!;
    expect(`${varContent.source.file}:${varContent.source.line}`).toBe(`${out}/var-files.txt:1`.replace(`${ROOT}/`, ""));
    // greenboot is installed, the drop-in is there, 4.16 to 4.18 is within two minor versions
    for (const id of ["device.greenboot-absent", "device.microshift-ownership", "device.microshift-skew"]) expect(found.join("\n")).not.toContain(id);
    expect(plan.notEvaluated).toEqual([]);

    // --project and --image-snapshot together are a usage error; a device snapshot is not an image snapshot
    expect(
      cli([
        "device",
        "plan",
        "fixtures/device/ms-edge-3",
        "--image",
        "quay.io/a/b:9",
        "--image-snapshot",
        out,
        "--project",
        "fixtures/device-project-microshift",
        "-o",
        join(dir, "p2"),
      ]).status,
    ).toBe(2);
    const wrong = cli([
      "device",
      "plan",
      "fixtures/device/ms-edge-3",
      "--image",
      "quay.io/a/b:9",
      "--image-snapshot",
      "fixtures/device/kiosk-042",
      "-o",
      join(dir, "p3"),
    ]);
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain("fixtures/device/kiosk-042/SNAPSHOT:1:1: error: not an image snapshot");
    expect(existsSync(join(dir, "p3"))).toBe(false);
  });
});
