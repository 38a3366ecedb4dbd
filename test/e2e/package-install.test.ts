/**
 * Every install route the README names, from a clean prefix (issue 20): the packed tarball, a git
 * URL, and pre-commit. A git install gets no build step that works (npm/cli#8440: a global git
 * install runs `prepare` without the devDependencies it needs; pre-commit 3.0.4 reads `npm pack`'s
 * stdout, which a `prepare` banner pollutes), so the bundles are committed and there is no
 * `prepare`: these tests hold the committed bundles to what `npm run compile` makes. The script
 * is not named `build` either: with one, a global git install links to a clone pacote deletes
 * (npm/cli#9406; reproduced here with npm 11.19).
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { read, ROOT, tempDir } from "../helpers.js";

const run = (cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) => {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", ...env }, timeout: 300_000 });
  return { code: r.status, stdout: r.stdout ?? "", stderr: r.stderr ?? "", output: `${r.stdout}${r.stderr}${r.error ?? ""}` };
};
const has = (cmd: string) => spawnSync("sh", ["-c", `command -v ${cmd}`]).status === 0;
const inGit = existsSync(join(ROOT, ".git")) && has("git");
/** Each route spawns npm or pre-commit several times; CI measured 32 s for pre-commit alone. */
const INSTALL_TIMEOUT = 240_000;

/** The example converted by an installed edge2bootc gives the reviewed Containerfile. */
function convertsTheExample(bin: string) {
  const out = join(tempDir(), "out");
  const r = run(bin, ["convert", "examples/edge-project/blueprint.toml", "--kickstart", "examples/edge-project/edge.ks", "-o", out, "-q"], ROOT);
  expect(r.code, r.output).toBe(0);
  expect(read(join(out, "Containerfile"))).toBe(read(join(ROOT, "examples/edge-project/expected/Containerfile")));
}

describe("install routes", () => {
  it.skipIf(!inGit)("the committed bundles are what npm run compile makes (run it and commit dist/bundle)", () => {
    const r = run("git", ["diff", "--stat", "--", "dist/bundle"], ROOT);
    expect(r.stdout, "dist/bundle differs from what is committed or staged").toBe("");
    expect(run("git", ["ls-files", "dist/bundle"], ROOT).stdout.split("\n").filter(Boolean).sort()).toEqual([
      "dist/bundle/cli.cjs",
      "dist/bundle/code-cache.cjs",
      "dist/bundle/edge2bootc.cjs",
      "dist/bundle/index.js",
      "dist/bundle/worker.js",
    ]);
  });

  it(
    "the tarball ships only what runs, needs no runtime dependency, and installs offline into a clean prefix",
    () => {
      const dir = tempDir();
      const pack = run("npm", ["pack", "--json", "--pack-destination", dir], ROOT);
      expect(pack.code, pack.output).toBe(0);
      const [info] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
      const files = info!.files.map((f) => f.path);
      expect(files).toEqual(
        expect.arrayContaining([
          "dist/bundle/cli.cjs",
          "dist/bundle/code-cache.cjs",
          "dist/bundle/edge2bootc.cjs",
          "dist/bundle/worker.js",
          "dist/bundle/index.js",
          "LICENSE",
          "schema/migration-report.schema.json",
        ]),
      );
      expect(files.filter((f) => /^(bench|test|src|fixtures)\/|^dist\/bench\/|\.map$|\.ts$/.test(f) && !f.endsWith(".d.ts"))).toEqual([]);
      const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
      expect(manifest.dependencies ?? {}).toEqual({});
      expect(manifest.scripts.prepare).toBeUndefined();
      expect(Object.keys(manifest)).toEqual(expect.arrayContaining(["repository", "homepage", "bugs"]));

      const prefix = join(dir, "prefix");
      const install = run("npm", ["install", "--global", "--offline", "--no-audit", "--no-fund", "--prefix", prefix, join(dir, info!.filename)], dir);
      expect(install.code, install.output).toBe(0);
      convertsTheExample(join(prefix, "bin", "edge2bootc"));
      // The tarball carries no code cache (it belongs to one Node.js); the README's optional step writes it.
      expect(files.some((f) => f.endsWith(".code-cache"))).toBe(false);
      const bundle = join(prefix, "lib/node_modules/edge2bootc/dist/bundle");
      expect(run(process.execPath, [join(bundle, "code-cache.cjs")], dir).stdout).toContain("wrote");
      expect(existsSync(join(bundle, "cli.code-cache"))).toBe(true);
      convertsTheExample(join(prefix, "bin", "edge2bootc"));
      // The library entry works from the installed package too.
      const lib = run(
        process.execPath,
        [
          "--input-type=module",
          "-e",
          `import("${join(prefix, "lib/node_modules/edge2bootc/dist/bundle/index.js")}").then((m) => console.log(typeof m.convertProject))`,
        ],
        dir,
      );
      expect(lib.stdout.trim(), lib.output).toBe("function");
    },
    INSTALL_TIMEOUT,
  );

  it.skipIf(!inGit)(
    "a git URL installs globally without a build (npm/cli#8440)",
    () => {
      const dir = tempDir();
      const clone = join(dir, "clone");
      expect(run("git", ["clone", "-q", ROOT, clone], dir).code).toBe(0);
      const prefix = join(dir, "prefix");
      const install = run("npm", ["install", "--global", "--no-audit", "--no-fund", "--prefix", prefix, `git+file://${clone}`], dir);
      expect(install.code, install.output).toBe(0);
      convertsTheExample(join(prefix, "bin", "edge2bootc"));
    },
    INSTALL_TIMEOUT,
  );

  it.skipIf(!inGit || !has("pre-commit"))(
    "pre-commit try-repo installs the hooks and runs them on a fixture repository",
    () => {
      const repo = join(tempDir(), "repo");
      cpSync(join(ROOT, "fixtures/batch-repo"), repo, { recursive: true, filter: (src) => !src.includes("/broken") });
      const git = (...args: string[]) => expect(run("git", ["-c", "user.email=ci@example.com", "-c", "user.name=ci", ...args], repo).code).toBe(0);
      git("init", "-q");
      git("add", "-A");
      git("commit", "-qm", "fixture");
      const env = { PRE_COMMIT_HOME: join(repo, "..", "pre-commit-home") };
      const hook = (id: string) => run("pre-commit", ["try-repo", ROOT, id, "--all-files"], repo, env);
      const convert = hook("edge2bootc-convert");
      expect(convert.code, convert.output).toBe(0);
      expect(existsSync(join(repo, "bootc/fleet/web/Containerfile"))).toBe(true);
      expect(hook("edge2bootc-check")).toMatchObject({ code: 0 });
      cpSync(join(ROOT, "fixtures/batch-repo/fleet/db.toml"), join(repo, "fleet/web.toml"));
      const stale = hook("edge2bootc-check");
      expect(stale.code).toBe(1);
      expect(stale.output).toContain("changed: fleet/web/Containerfile");
    },
    INSTALL_TIMEOUT,
  );
});
