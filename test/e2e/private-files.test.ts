/** Issue 18, blocker 2: a private blueprint file's content never lands in a file others can read. */
import { spawnSync } from "node:child_process";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI, listFiles, tempDir } from "../helpers.js";

const SECRET = "PRIVATE-fixture-value-7f3a";
const blueprint = (data: string) =>
  `name = "p"\n[[customizations.files]]\npath = "/home/app/.ssh/id_ed25519"\nmode = "0600"\ndata = "${data}"\n[[customizations.files]]\npath = "/srv/app/readme"\ndata = "public"\n`;

function cli(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", CI: "true" } });
  return { code: r.status, out: r.stdout + r.stderr };
}

describe("private /var, /root, /home and /srv files", () => {
  it("keep their content out of every file others may read, and out of --diff", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "bp.toml"), blueprint(SECRET));
    const r = cli(["convert", "bp.toml", "-o", "out"], dir);
    expect(r.code, r.out).toBe(0);
    const out = join(dir, "out");
    const holders = listFiles(out).filter(
      (f) =>
        readFileSync(join(out, f), "utf8").includes(SECRET) || readFileSync(join(out, f), "utf8").includes(Buffer.from(SECRET).toString("base64").slice(0, 20)),
    );
    expect(holders).toEqual(["overlay/usr/share/factory/var/home/app/.ssh/id_ed25519"]);
    for (const f of holders) expect(statSync(join(out, f)).mode & 0o077).toBe(0);
    const containerfile = readFileSync(join(out, "Containerfile"), "utf8");
    expect(containerfile).toContain("COPY --chmod=0600 overlay/usr/share/factory/var/home/app/.ssh/id_ed25519 /usr/share/factory/var/home/app/.ssh/id_ed25519");
    const tmpfiles = readFileSync(join(out, "overlay/usr/lib/tmpfiles.d/50-edge2bootc.conf"), "utf8");
    expect(tmpfiles).toContain(
      "C /var/home/app/.ssh/id_ed25519 - - - - /usr/share/factory/var/home/app/.ssh/id_ed25519\nz /var/home/app/.ssh/id_ed25519 0600 root root -",
    );
    // the report (0644) gives no unsalted digest of a file that holds a secret
    const report = JSON.parse(readFileSync(join(out, "migration-report.json"), "utf8")) as { outputs: { path: string; sha256?: string; private?: boolean }[] };
    const entry = report.outputs.find((o) => o.path === "overlay/usr/share/factory/var/home/app/.ssh/id_ed25519");
    expect(entry).toMatchObject({ path: "overlay/usr/share/factory/var/home/app/.ssh/id_ed25519", kind: "build-context", private: true });
    expect(entry?.sha256).toBeUndefined();
    expect(report.outputs.find((o) => o.path === "Containerfile")?.sha256).toMatch(/^[0-9a-f]{64}$/);
    // the public file still travels in tmpfiles.d
    expect(tmpfiles).toContain(`f~ /var/srv/app/readme 0644 root root - ${Buffer.from("public").toString("base64")}`);

    writeFileSync(join(dir, "bp.toml"), blueprint("PRIVATE-changed-value-9c1d"));
    const diff = cli(["convert", "bp.toml", "-o", "out", "--diff"], dir);
    expect(diff.code).toBe(1);
    expect(diff.out).toContain("contents not shown because the file is private");
    expect(diff.out).not.toContain("PRIVATE-");
  });
});
