/**
 * The bin loads the CLI bundle through a V8 code cache (src/cli/load-bundle.ts). A cache is used
 * only for the bundle it was written for; anything else compiles the bundle as usual, and the CLI
 * works the same either way.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { read, ROOT, tempDir } from "../helpers.js";

const BUNDLE = join(ROOT, "dist/bundle");
const built = existsSync(join(BUNDLE, "cli.cjs")) && existsSync(join(BUNDLE, "cli.code-cache"));

/** A copy of the bundle folder, to spoil its cache without touching the real one. */
function bundleCopy(): string {
  const dir = join(tempDir(), "bundle");
  cpSync(BUNDLE, dir, { recursive: true });
  return dir;
}

/** Which cache state loadCli reports in a fresh process (it runs the bundle's top level, not main). */
function cacheState(dir: string): string {
  const r = spawnSync(
    process.execPath,
    [
      "--input-type=module",
      "-e",
      `import { loadCli } from ${JSON.stringify(join(ROOT, "dist/src/cli/load-bundle.js"))}; console.log(loadCli(${JSON.stringify(dir)}).cache);`,
    ],
    { encoding: "utf8" },
  );
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.trim();
}

function convertsWith(dir: string) {
  const out = join(tempDir(), "out");
  const r = spawnSync(
    process.execPath,
    [join(dir, "edge2bootc.cjs"), "convert", "examples/edge-project/blueprint.toml", "--kickstart", "examples/edge-project/edge.ks", "-o", out, "-q"],
    { cwd: ROOT, encoding: "utf8" },
  );
  expect(r.status, r.stderr).toBe(0);
  expect(read(join(out, "Containerfile"))).toBe(read(join(ROOT, "examples/edge-project/expected/Containerfile")));
}

describe.skipIf(!built)("the CLI's code cache", () => {
  it("is used for the bundle it was written for", () => {
    expect(cacheState(BUNDLE)).toBe("used");
  });

  it("is not handed to V8 for another bundle of the same length, and the CLI still converts", () => {
    const dir = bundleCopy();
    const source = readFileSync(join(dir, "cli.cjs"), "utf8");
    // Same length, different bytes: V8's own check (the source length) would accept the cache.
    const i = source.indexOf("edge2bootc");
    writeFileSync(join(dir, "cli.cjs"), `${source.slice(0, i)}Edge2bootc${source.slice(i + 10)}`);
    expect(cacheState(dir)).toBe("stale");
    convertsWith(dir);
  });

  it("rejected by V8 (damaged data) or missing, compiles the bundle and converts", () => {
    const dir = bundleCopy();
    const bytes = readFileSync(join(dir, "cli.code-cache"));
    const header = bytes.indexOf(10) + 1;
    bytes.fill(0x5a, header, header + 64);
    writeFileSync(join(dir, "cli.code-cache"), bytes);
    expect(cacheState(dir)).toBe("rejected");
    convertsWith(dir);
    writeFileSync(join(dir, "cli.code-cache"), "");
    expect(cacheState(dir)).toBe("stale");
  });

  it("is written by code-cache.cjs after a warm-up conversion that leaves nothing behind", () => {
    const dir = bundleCopy();
    writeFileSync(join(dir, "cli.code-cache"), "");
    const tmp = tempDir();
    const r = spawnSync(process.execPath, [join(dir, "code-cache.cjs")], { encoding: "utf8", env: { ...process.env, TMPDIR: tmp } });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain("wrote");
    expect(cacheState(dir)).toBe("used");
    expect(readdirSync(tmp)).toEqual([]);
  });
});
