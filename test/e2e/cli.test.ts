import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { CLI, listFiles, read, ROOT, tempDir } from "../helpers.js";

function cli(args: string[], cwd = ROOT) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`build first (npm run compile): ${CLI} is missing`);
});

describe("edge2bootc convert (built CLI)", () => {
  it("converts the example project and writes exactly the reviewed files", () => {
    const out = join(tempDir(), "out");
    const r = cli(["convert", "examples/edge-project/blueprint.toml", "--kickstart", "examples/edge-project/edge.ks", "-o", out]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("16 created");
    const expected = join(ROOT, "examples/edge-project/expected");
    // The goldens are the conversion's files; the CLI adds its manifest and the tree's .gitattributes.
    expect(listFiles(out).filter((f) => f !== ".edge2bootc-manifest.json" && f !== ".gitattributes")).toEqual(listFiles(expected));
    expect(read(join(out, "Containerfile"))).toBe(read(join(expected, "Containerfile")));
  });

  it("given a folder, suggests batch, with exit 2", () => {
    for (const args of [
      ["convert", "examples"],
      ["kickstart", "examples"],
    ]) {
      const r = cli([...args, "-o", join(tempDir(), "out")]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("examples is a folder, not a blueprint or kickstart file. To convert every project in it, run: edge2bootc batch examples");
    }
  });

  it("exits 2 with file:line:col and a code frame on a TOML syntax error, writing nothing", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "bad.toml"), 'name = "x"\n[customizations\nhostname = "h"\n');
    const r = cli(["convert", "bad.toml", "-o", "out"], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^bad\.toml:2:\d+: error: TOML syntax error: /);
    expect(r.stderr).toContain("> 2 | [customizations");
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(existsSync(join(dir, "out"))).toBe(false);
  });

  it("exits 2 on a wrong type, naming the key path", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "bp.toml"), "[[packages]]\nname = 7\n");
    const r = cli(["convert", "bp.toml"], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("bp.toml:2:1: error: packages[0].name: expected a string, found an integer");
    expect(existsSync(join(dir, "out"))).toBe(false);
  });

  it("exits 2 for a missing file and for an unknown option", () => {
    expect(cli(["convert", "nope.toml"]).code).toBe(2);
    expect(cli(["convert", "examples/edge-project/blueprint.toml", "--frobnicate"]).code).toBe(2);
  });

  it("--check and --diff report drift with exit 1 and never write", () => {
    const dir = tempDir();
    const bp = join(ROOT, "examples/edge-project/blueprint.toml");
    expect(cli(["convert", bp, "--check"], dir).code).toBe(1);
    expect(existsSync(join(dir, "out"))).toBe(false);
    expect(cli(["convert", bp, "-q"], dir).code).toBe(0);
    expect(cli(["convert", bp, "--check"], dir).code).toBe(0);
    writeFileSync(join(dir, "out/overlay/etc/hostname"), "edited\n");
    const check = cli(["convert", bp, "--check"], dir);
    expect(check.code).toBe(1);
    expect(check.stdout).toBe("changed: overlay/etc/hostname\n");
    const diff = cli(["convert", bp, "--diff"], dir);
    expect(diff.code).toBe(1);
    expect(diff.stdout).toContain("--- a/overlay/etc/hostname");
    expect(diff.stdout).toContain("-edited\n+kiosk");
    expect(read(join(dir, "out/overlay/etc/hostname"))).toBe("edited\n");
  });

  it("refuses to overwrite a file the user edited unless --force, and then restores it", () => {
    const dir = tempDir();
    const bp = join(ROOT, "examples/edge-project/blueprint.toml");
    expect(cli(["convert", bp, "-q"], dir).code).toBe(0);
    writeFileSync(join(dir, "out/Containerfile"), "# my edits\n");
    const refused = cli(["convert", bp], dir);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("refusing to overwrite");
    expect(refused.stderr).toContain("Containerfile");
    expect(read(join(dir, "out/Containerfile"))).toBe("# my edits\n");
    expect(cli(["convert", bp, "--force", "-q"], dir).code).toBe(0);
    const restored = read(join(dir, "out/Containerfile"));
    expect(restored).not.toContain("# my edits");
    expect(restored.trimEnd().endsWith("RUN bootc container lint")).toBe(true);
  });

  it("rewrites its own unchanged files freely and removes files it no longer generates", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "bp.toml"), '[customizations]\nhostname = "a"\n');
    expect(cli(["convert", "bp.toml", "-q"], dir).code).toBe(0);
    expect(existsSync(join(dir, "out/overlay/etc/hostname"))).toBe(true);
    writeFileSync(join(dir, "bp.toml"), 'name = "b"\n');
    const r = cli(["convert", "bp.toml"], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("1 removed");
    expect(existsSync(join(dir, "out/overlay/etc/hostname"))).toBe(false);
    // the folders it emptied go with it; a folder holding a file of the user's stays
    expect(existsSync(join(dir, "out/overlay"))).toBe(false);
    writeFileSync(join(dir, "bp.toml"), '[customizations]\nhostname = "a"\n');
    expect(cli(["convert", "bp.toml", "-q"], dir).code).toBe(0);
    writeFileSync(join(dir, "out/overlay/etc/notes.txt"), "mine\n");
    writeFileSync(join(dir, "bp.toml"), 'name = "b"\n');
    expect(cli(["convert", "bp.toml", "-q"], dir).code).toBe(0);
    expect(existsSync(join(dir, "out/overlay/etc/hostname"))).toBe(false);
    expect(read(join(dir, "out/overlay/etc/notes.txt"))).toBe("mine\n");
  });

  it("--iso-type bootc-generic-iso writes the installer image for a RHEL 10 installer, and refuses a bad value with exit 2", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "bp.toml"), 'name = "kiosk"\ndistro = "rhel-10.2"\n');
    const flags = ["--source-image-type", "edge-installer", "--bib-profile", "2026-08", "-q"];
    expect(cli(["convert", "bp.toml", ...flags, "--iso-type", "bootc-generic-iso"], dir).code).toBe(0);
    expect(readdirSync(join(dir, "out/installer")).sort()).toEqual(["Containerfile", "interactive-defaults.ks", "iso.yaml"]);
    expect(existsSync(join(dir, "out/config.toml"))).toBe(false);
    const bad = cli(["convert", "bp.toml", ...flags, "--iso-type", "iso"], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("anaconda-iso");
  });

  it("prints version and help with exit 0", () => {
    expect(cli(["--version"]).stdout.trim()).toBe("0.1.0");
    expect(cli(["convert", "--help"]).stdout).toContain("--base-image <image>");
  });
});

describe("edge2bootc kickstart (built CLI)", () => {
  const EDGE = "lang C\nuser --name=ops --iscrypted --password=$6$abcdefgh$hashhashhashhashhashhash\n%include parts/payload.cfg\n";
  const PAYLOAD = "ostreesetup --nogpg --osname=rhel --url=https://h/repo --ref=rhel/9/x86_64/edge\n";
  function project() {
    const dir = tempDir();
    mkdirSync(join(dir, "parts"));
    writeFileSync(join(dir, "edge.ks"), EDGE);
    writeFileSync(join(dir, "parts/payload.cfg"), PAYLOAD);
    return dir;
  }

  it("converts a kickstart and the files it includes into the output folder", () => {
    const dir = project();
    const r = cli(["kickstart", "edge.ks", "--image", "quay.io/acme/edge:1", "-o", "out"], dir);
    expect(r.code).toBe(0);
    expect(listFiles(join(dir, "out"))).toEqual([
      ".edge2bootc-manifest.json",
      ".gitattributes",
      "kickstart/edge.ks",
      "kickstart/parts/payload.cfg",
      "migration-report.json",
      "migration-report.md",
      "migration-report.sarif",
      "migration-review.html",
    ]);
    expect(read(join(dir, "out/kickstart/parts/payload.cfg"))).toContain(
      "ostreecontainer --url=quay.io/acme/edge:1 --transport=registry --stateroot=rhel --no-signature-verification",
    );
    expect(JSON.parse(read(join(dir, "out/migration-report.json"))).baseImage).toBeNull();
  });

  it("exits 2 with positions when the kickstart is one the installer rejects, writing nothing", () => {
    const dir = project();
    writeFileSync(join(dir, "parts/payload.cfg"), `${PAYLOAD}ostreecontainer --url=x\n`);
    const r = cli(["kickstart", "edge.ks", "-o", "out"], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("parts/payload.cfg:2:1: error: ostreecontainer conflicts with ostreesetup at parts/payload.cfg:1");
    expect(r.stderr).toContain("> 2 | ostreecontainer --url=x");
    expect(existsSync(join(dir, "out"))).toBe(false);
  });

  it("exits 2 on bad flag combinations and on an auth file that is not auth.json, without echoing it", () => {
    const dir = project();
    expect(cli(["kickstart", "edge.ks", "--installer-command", "bootc", "--target", "rhel9"], dir).stderr).toContain(
      "--installer-command bootc needs --target rhel10",
    );
    expect(cli(["kickstart", "edge.ks", "--target", "rhel8"], dir).code).toBe(2);
    writeFileSync(join(dir, "auth.json"), '{"token": "s3cr3t-value"}');
    const r = cli(["kickstart", "edge.ks", "--registry-auth-file", "auth.json"], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('registry auth file has no "auths" object');
    expect(r.stderr).not.toContain("s3cr3t-value");
  });

  it("--diff never prints password hashes or registry credentials", () => {
    const dir = project();
    writeFileSync(join(dir, "auth.json"), '{"auths": {"quay.io": {"auth": "c2VjcmV0LXZhbHVl"}}}');
    const r = cli(["kickstart", "edge.ks", "--registry-auth-file", "auth.json", "--diff"], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("contents not shown because the file is private");
    const plain = cli(["kickstart", "edge.ks", "--diff"], dir);
    // a kickstart with a password hash is written 0600, and a private file shows no lines at all
    expect(plain.stdout).toContain("--- a/kickstart/edge.ks\n+++ b/kickstart/edge.ks\n@@ created; contents not shown because the file is private");
    for (const out of [r.stdout + r.stderr, plain.stdout + plain.stderr]) {
      expect(out).not.toContain("c2VjcmV0LXZhbHVl");
      expect(out).not.toContain("hashhashhash");
    }
  });

  it("image map entries choose the image per ostree ref", () => {
    const dir = project();
    writeFileSync(join(dir, "images.toml"), '"rhel/9/x86_64/edge" = "quay.io/acme/mapped:7"\n');
    expect(cli(["kickstart", "edge.ks", "--image-map", "images.toml", "-q"], dir).code).toBe(0);
    expect(read(join(dir, "out/kickstart/parts/payload.cfg"))).toContain("--url=quay.io/acme/mapped:7");
  });
});

describe("--fail-on (built CLI)", () => {
  it("exits 4 when a finding at or above the threshold is reported, 0 below it", () => {
    const out = join(tempDir(), "out");
    const args = ["convert", "examples/edge-project/blueprint.toml", "--kickstart", "examples/edge-project/edge.ks", "-o", out, "-q"];
    const report = () => JSON.parse(read(join(out, "migration-report.json"))).summary;
    expect(cli([...args, "--fail-on", "unsupported"]).code).toBe(report().unsupported > 0 ? 4 : 0);
    expect(report().warning).toBeGreaterThan(0);
    expect(cli([...args, "--fail-on", "warning"]).code).toBe(4);
    expect(cli([...args]).code).toBe(0);
  });

  it("lists the exit codes in --help", () => {
    for (const command of [[], ["convert"], ["batch"]])
      expect(cli([...command, "--help"]).stdout).toMatch(/Exit codes:[\s\S]*4 {2}a finding at or above --fail-on/);
  });
});
