import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI, listFiles, ROOT, tempDir } from "../helpers.js";

function cli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", EDGE2BOOTC_SALT_SEED: "", ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, out: r.stdout + r.stderr };
}

const PAYLOAD = "ostreesetup --nogpg --osname=rhel --url=https://h/repo --ref=rhel/9/x86_64/edge\n";
const TOKEN = "TOKEN-outside-the-project-4242";

/** A host file outside the project, like a service account token. */
function hostSecret(base: string) {
  mkdirSync(join(base, "host"), { recursive: true });
  writeFileSync(join(base, "host/token"), `lang ${TOKEN}\n`);
}

describe("%include stays inside the project", () => {
  it("refuses a ../ include with exit 2, never reading or printing the target", () => {
    const base = tempDir();
    hostSecret(base);
    mkdirSync(join(base, "proj"));
    writeFileSync(join(base, "proj/edge.ks"), `${PAYLOAD}%include ../host/token\n`);
    const r = cli(["kickstart", "edge.ks", "-o", "out"], join(base, "proj"));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("edge.ks:2:1: error: %include ../host/token leaves the project folder");
    expect(r.out).not.toContain(TOKEN);
    expect(existsSync(join(base, "proj/out"))).toBe(false);
  });

  it("refuses a symlinked include that points outside", () => {
    const base = tempDir();
    hostSecret(base);
    mkdirSync(join(base, "proj"));
    symlinkSync(join(base, "host/token"), join(base, "proj/innocent.cfg"));
    writeFileSync(join(base, "proj/edge.ks"), `${PAYLOAD}%include innocent.cfg\n`);
    const r = cli(["kickstart", "edge.ks", "-o", "out"], join(base, "proj"));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("resolves (through a symlink) to a file outside the project folder");
    expect(r.out).not.toContain(TOKEN);
  });

  it("--include-root widens the folder includes may come from", () => {
    const base = tempDir();
    mkdirSync(join(base, "repo/site"), { recursive: true });
    writeFileSync(join(base, "repo/common.cfg"), "timezone UTC\n");
    writeFileSync(join(base, "repo/site/edge.ks"), `${PAYLOAD}%include ../common.cfg\n`);
    expect(cli(["kickstart", "site/edge.ks", "-q", "-o", "out"], join(base, "repo")).code).toBe(2);
    const r = cli(["kickstart", "site/edge.ks", "--include-root", ".", "-o", "out"], join(base, "repo"));
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(join(base, "repo/out/migration-report.json"), "utf8")).inputs.map((i: { path: string }) => i.path)).toEqual([
      "site/edge.ks",
      "common.cfg",
    ]);
  });

  it("refuses an include that is not a regular file", () => {
    const dir = tempDir();
    symlinkSync("/dev/zero", join(dir, "zero.cfg"));
    writeFileSync(join(dir, "edge.ks"), `${PAYLOAD}%include zero.cfg\n`);
    const r = cli(["kickstart", "edge.ks"], dir);
    expect(r.code).toBe(2);
  });
});

describe("inputs are bounded and well-formed", () => {
  it("refuses a device or FIFO as input instead of reading it forever", () => {
    const dir = tempDir();
    const r = cli(["convert", "/dev/zero"], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("not a regular file");
  });

  it("refuses invalid UTF-8 with its position", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "bp.toml"), Buffer.concat([Buffer.from('name = "x"\ndescription = "caf'), Buffer.from([0xe9]), Buffer.from('"\n')]));
    const r = cli(["convert", "bp.toml"], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("bp.toml:2:19: error: invalid UTF-8 (byte 0xe9");
  });
});

describe("option values that land on a generated line", () => {
  it("--image and --base-image with a newline or a space are refused", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "bp.toml"), 'name = "x"\n');
    for (const flag of ["--image", "--base-image"]) {
      const r = cli(["convert", "bp.toml", flag, "quay.io/a/b:1\nFROM quay.io/evil/x"], dir);
      expect(r.code, flag).toBe(2);
      expect(r.stderr).toContain(`option '${flag} <`);
      expect(r.stderr).toContain("must be one word without spaces or control characters");
    }
    expect(existsSync(join(dir, "out"))).toBe(false);
  });
});

describe("the output folder is never escaped through a symlink", () => {
  const bp = join(ROOT, "examples/edge-project/blueprint.toml");

  it("refuses a symlinked folder inside the output folder, writing nothing there", () => {
    const base = tempDir();
    expect(cli(["convert", bp, "-q", "-o", "out"], base).code).toBe(0);
    mkdirSync(join(base, "elsewhere"));
    rmSync(join(base, "out/overlay/etc"), { recursive: true });
    symlinkSync(join(base, "elsewhere"), join(base, "out/overlay/etc"));
    const r = cli(["convert", bp, "--force", "-o", "out"], base);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("overlay/etc in the output folder is a symlink");
    expect(readdirSync(join(base, "elsewhere"))).toEqual([]);
    const diff = cli(["convert", bp, "--diff", "-o", "out"], base);
    expect(diff.code).toBe(2);
  });

  it("never prints a symlink target's content in --diff", () => {
    const base = tempDir();
    expect(cli(["convert", bp, "-q", "-o", "out"], base).code).toBe(0);
    writeFileSync(join(base, "private.txt"), `${TOKEN}\n`);
    rmSync(join(base, "out/Containerfile"));
    symlinkSync(join(base, "private.txt"), join(base, "out/Containerfile"));
    const r = cli(["convert", bp, "--diff", "-o", "out"], base);
    expect(r.code).toBe(2);
    expect(r.out).not.toContain(TOKEN);
  });

  it("does not delete outside the folder through a crafted manifest", () => {
    const base = tempDir();
    expect(cli(["convert", bp, "-q", "-o", "out"], base).code).toBe(0);
    writeFileSync(join(base, "victim.txt"), "keep me\n");
    const manifest = JSON.parse(readFileSync(join(base, "out/.edge2bootc-manifest.json"), "utf8"));
    manifest.files["../victim.txt"] = "0".repeat(64);
    writeFileSync(join(base, "out/.edge2bootc-manifest.json"), JSON.stringify(manifest));
    const r = cli(["convert", bp, "--force", "-o", "out"], base);
    expect(r.code).toBe(2);
    expect(readFileSync(join(base, "victim.txt"), "utf8")).toBe("keep me\n");
  });

  it("refuses an output path that is a file, a dangling symlink, or empty, and one that holds the inputs", () => {
    const base = tempDir();
    writeFileSync(join(base, "afile"), "x");
    symlinkSync(join(base, "nowhere"), join(base, "dangling"));
    expect(cli(["convert", bp, "-o", "afile"], base).stderr).toContain("exists and is not a folder");
    expect(cli(["convert", bp, "-o", "dangling"], base).stderr).toContain("is a symlink");
    expect(existsSync(join(base, "nowhere"))).toBe(false);
    expect(cli(["convert", bp, "-o", ""], base).code).toBe(2);
    writeFileSync(join(base, "bp.toml"), 'name = "x"\n');
    const r = cli(["convert", "bp.toml", "--force", "-o", "."], base);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("contains the input bp.toml");
  });

  // As root the permission error cannot be provoked: root writes anyway.
  it.skipIf(process.getuid?.() === 0)("exits 2 with a message when the output folder is read-only", () => {
    const base = tempDir();
    mkdirSync(join(base, "ro"));
    chmodSync(join(base, "ro"), 0o555);
    const r = cli(["convert", bp, "-o", "ro/out"], base);
    expect(r.code).toBe(2);
  });
});

describe("the output folder is updated atomically and privately", () => {
  const bp = join(ROOT, "examples/edge-project/blueprint.toml");

  it("completes an update that a kill interrupted after the journal was written, and removes unjournaled staging folders", () => {
    const base = tempDir();
    writeFileSync(join(base, "bp.toml"), '[customizations]\nhostname = "old"\n');
    expect(cli(["convert", "bp.toml", "-q"], base).code).toBe(0);
    // A run that staged hostname "new" and wrote its journal, then died before moving anything.
    const stage = join(base, "out.edge2bootc-stage-00000000dead");
    mkdirSync(join(stage, "overlay/etc"), { recursive: true });
    writeFileSync(join(stage, "overlay/etc/hostname"), "new\n");
    const digest = createHash("sha256").update("new\n").digest("hex");
    writeFileSync(join(stage, ".edge2bootc-journal.json"), JSON.stringify({ moves: [{ path: "overlay/etc/hostname", sha256: digest }], removes: [] }));
    const incomplete = join(base, "out.edge2bootc-stage-00000000beef");
    mkdirSync(incomplete);
    writeFileSync(join(incomplete, "Containerfile"), "half");
    writeFileSync(join(base, "bp.toml"), '[customizations]\nhostname = "new"\n');
    const r = cli(["convert", "bp.toml"], base);
    expect(r.code).toBe(0);
    expect(readFileSync(join(base, "out/overlay/etc/hostname"), "utf8")).toBe("new\n");
    expect(readdirSync(base).sort()).toEqual(["bp.toml", "out"]);
  });

  it("writes files that hold secrets 0600 and the rest 0644", () => {
    const base = tempDir();
    writeFileSync(
      join(base, "bp.toml"),
      '[[customizations.user]]\nname = "a"\npassword = "pw"\n[[customizations.files]]\npath = "/etc/app/token"\nmode = "0600"\ndata = "t"\n' +
        '[[customizations.files]]\npath = "/etc/crio/openshift-pull-secret"\nmode = "0600"\ndata = "{}"\n[[packages]]\nname = "microshift"\n',
    );
    expect(cli(["convert", "bp.toml", "-q", "--source-image-type", "edge-raw-image"], base).code).toBe(0);
    const mode = (p: string) => statSync(join(base, "out", p)).mode & 0o777;
    expect(mode("config.toml")).toBe(0o600);
    expect(mode("overlay/etc/app/token")).toBe(0o600);
    // MicroShift's pull secret is never in the image: the kickstart fragment that writes it is private
    expect(existsSync(join(base, "out/overlay/etc/crio/openshift-pull-secret"))).toBe(false);
    expect(mode("kickstart/microshift-pull-secret.cfg")).toBe(0o600);
    expect(mode(".edge2bootc-manifest.json")).toBe(0o600);
    expect(mode("Containerfile")).toBe(0o644);
    expect(mode("migration-report.md")).toBe(0o644);
    expect(listFiles(join(base, "out"))).toContain("config.toml");
  });

  it("writes a kickstart that carries registry credentials 0600", () => {
    const base = tempDir();
    writeFileSync(join(base, "edge.ks"), PAYLOAD);
    writeFileSync(join(base, "auth.json"), '{"auths": {"quay.io": {"auth": "c2VjcmV0"}}}');
    expect(cli(["kickstart", "edge.ks", "--registry-auth-file", "auth.json", "-q"], base).code).toBe(0);
    expect(statSync(join(base, "out/kickstart/edge.ks")).mode & 0o777).toBe(0o600);
    expect(statSync(join(base, "out/migration-report.json")).mode & 0o777).toBe(0o644);
  });
});

describe("password salts", () => {
  const BP = '[[customizations.user]]\nname = "admin"\npassword = "hunter2"\n';
  const hashIn = (dir: string, out = "out") => /-p '(\$6\$[^']+)'/.exec(readFileSync(join(dir, out, "Containerfile"), "utf8"))![1]!;

  it("are random in a fresh output folder, reused on the next run while the password is unchanged", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "bp.toml"), BP);
    expect(cli(["convert", "bp.toml", "-q", "-o", "a"], dir).code).toBe(0);
    expect(cli(["convert", "bp.toml", "-q", "-o", "b"], dir).code).toBe(0);
    expect(hashIn(dir, "a")).not.toBe(hashIn(dir, "b"));
    const first = hashIn(dir, "a");
    expect(cli(["convert", "bp.toml", "--check", "-o", "a"], dir).code).toBe(0);
    const again = cli(["convert", "bp.toml", "-o", "a"], dir);
    expect(again.stderr).toContain("0 created, 0 changed");
    expect(hashIn(dir, "a")).toBe(first);
    writeFileSync(join(dir, "bp.toml"), BP.replace("hunter2", "changed"));
    expect(cli(["convert", "bp.toml", "-q", "-o", "a"], dir).code).toBe(0);
    expect(hashIn(dir, "a")).not.toBe(first);
  });

  it("are reproducible across fresh folders with EDGE2BOOTC_SALT_SEED", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "bp.toml"), BP);
    const env = { EDGE2BOOTC_SALT_SEED: "ci-secret" };
    expect(cli(["convert", "bp.toml", "-q", "-o", "a"], dir, env).code).toBe(0);
    expect(cli(["convert", "bp.toml", "-q", "-o", "b"], dir, env).code).toBe(0);
    expect(hashIn(dir, "a")).toBe(hashIn(dir, "b"));
  });
});

describe("what the filesystem cannot hold", () => {
  it("a 300-character file name and a file that is also a folder exit 2 with a message", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "long.toml"), `[[customizations.files]]\npath = "/etc/${"a".repeat(300)}"\ndata = "x"\n`);
    const long = cli(["convert", "long.toml"], dir);
    expect(long.code).toBe(2);
    expect(long.stderr).toContain("a file name is too long");
    writeFileSync(
      join(dir, "clash.toml"),
      '[[customizations.files]]\npath = "/etc/foo"\ndata = "x"\n[[customizations.files]]\npath = "/etc/foo/bar"\ndata = "y"\n',
    );
    const clash = cli(["convert", "clash.toml"], dir);
    expect(clash.code).toBe(2);
    expect(clash.stderr).toContain("overlay/etc/foo would be written as a file and as the folder of overlay/etc/foo/bar");
    for (const r of [long, clash]) expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(dir, "out"))).toBe(false);
  });
});

describe("errors in several kickstarts (issue 8, defect 5)", () => {
  it("print a code frame for each file", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "a.ks"), `lang C\n${PAYLOAD}%post\necho never closed\n`);
    writeFileSync(join(dir, "b.ks"), `${PAYLOAD}network --bootproto="dhcp\n`);
    const r = cli(["convert", "--kickstart", "a.ks", "--kickstart", "b.ks"], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("a.ks:3:1: error: section %post does not end with %end");
    expect(r.stderr).toContain("> 3 | %post");
    expect(r.stderr).toContain("b.ks:2:");
    expect(r.stderr).toContain('> 2 | network --bootproto="dhcp');
  });
});
