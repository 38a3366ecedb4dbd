/**
 * JSON blueprints through the CLI as it ships: convert takes a .json blueprint of any form, bad
 * JSON exits 2 with its position, and batch finds JSON blueprints among the JSON files any
 * repository has (package.json, schemas, reports) without reading those.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI, read, ROOT, tempDir } from "../helpers.js";

function cli(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", CI: "true" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe.skipIf(!existsSync(CLI))("JSON blueprints on the command line", () => {
  it("converts a hosted export and says which form it read", () => {
    const out = join(tempDir(), "out");
    const r = cli(["convert", "fixtures/json-forms/hosted.json", "-o", out, "-q"], ROOT);
    expect(r.code, r.stderr).toBe(0);
    expect(read(join(out, "Containerfile"))).toContain("# customizations.user (hosted.json)");
    const report = read(join(out, "migration-report.md"));
    expect(report).toContain("Read as a hosted Image Builder blueprint");
    expect(report).toContain("(`customizations.user[0].password`, written as `/customizations/users/0/password`)");
    expect(JSON.parse(read(join(out, "migration-report.json"))).schemaVersion).toBe("1.5.0");
  });

  it("exits 2 on a duplicate key, naming both places, and writes nothing", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "bp.json"), '{\n  "name": "a",\n  "customizations": {},\n  "name": "b"\n}\n');
    const r = cli(["convert", "bp.json", "-o", "out"], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('bp.json:4:3: error: duplicate key "name" (first at line 2, column 3)');
    expect(r.stderr).toContain("bp.json:2:3: error: first");
    expect(existsSync(join(dir, "out"))).toBe(false);
  });

  it("batch converts JSON blueprints and passes over the repository's other JSON", () => {
    const dir = join(tempDir(), "repo");
    mkdirSync(join(dir, "sites/berlin"), { recursive: true });
    mkdirSync(join(dir, "bib"), { recursive: true });
    mkdirSync(join(dir, "web"), { recursive: true });
    cpSync(join(ROOT, "fixtures/json-forms/hosted.json"), join(dir, "sites/berlin/kiosk.json"));
    cpSync(join(ROOT, "fixtures/json-forms/osbuild-config.json"), join(dir, "sites/test-config.json"));
    writeFileSync(join(dir, "bib/config.json"), JSON.stringify({ customizations: { user: [{ name: "a" }] } }));
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "site-tools", packages: [{ name: "x" }], customizations: {} }));
    writeFileSync(join(dir, "web/data.json"), JSON.stringify({ items: [1, 2, 3] }));
    writeFileSync(join(dir, "web/app.schema.json"), JSON.stringify({ properties: { customizations: {} } }));
    const r = cli(["batch", ".", "-o", "out"], dir);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(read(join(dir, "out/batch-report.json")));
    expect(
      report.projects
        .map((p: { inputs: string[] }) => p.inputs)
        .flat()
        .sort(),
    ).toEqual(["sites/berlin/kiosk.json", "sites/test-config.json"]);
    expect(report.skipped).toEqual([{ path: "bib/config.json", reason: expect.stringContaining("bootc-image-builder config.json") }]);
    expect(read(join(dir, "out/sites/berlin/kiosk/Containerfile"))).toContain(
      "COPY --chmod=0644 overlay/etc/yum.repos.d/kiosk-apps.repo /etc/yum.repos.d/kiosk-apps.repo",
    );
    expect(existsSync(join(dir, "out/sites/test-config/Containerfile"))).toBe(true);
  });
});
