import { diffLines } from "diff";
import { spawnSync } from "node:child_process";
import { cpSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { convertProject } from "../src/convert.js";
import type { Artifact } from "../src/render/artifacts.js";
import { CLI, listFiles, read, ROOT, tempDir, TEST_SALT_SEED } from "./helpers.js";

const BLUEPRINT = read(join(ROOT, "examples/edge-project/blueprint.toml"));

const generated = (text: string) =>
  new Map(
    convertProject({ blueprint: { path: "examples/edge-project/blueprint.toml", text } }, { salt: { seed: TEST_SALT_SEED } })
      .artifacts.filter((a: Artifact) => a.kind !== "report")
      .map((a) => [a.path, a.contents]),
  );

/**
 * Changed lines per generated file, as a reviewer counts them: a line edited in place counts
 * once (the larger of lines added and lines removed); files that appear or vanish count whole.
 */
function changedLines(before: Map<string, string>, after: Map<string, string>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const path of new Set([...before.keys(), ...after.keys()])) {
    const parts = diffLines(before.get(path) ?? "", after.get(path) ?? "");
    const count = (pick: (p: (typeof parts)[number]) => boolean | undefined) => parts.filter(pick).reduce((sum, p) => sum + (p.count ?? 0), 0);
    const n = Math.max(
      count((p) => p.added),
      count((p) => p.removed),
    );
    if (n > 0) out[path] = n;
  }
  return out;
}

/** Each edit goes near the top of the blueprint, so that every key below it moves down. */
const insertAfterDistro = (text: string) => BLUEPRINT.replace('architecture = "x86_64"\n', `architecture = "x86_64"\n${text}`);
/** A list entry appended where people add them, with a comment near the top that moves every line below. */
const appendEntry = (text: string) => `${insertAfterDistro("# reviewed 2026-12\n")}\n${text}`;

describe("a small change in the input is a small change in the output", () => {
  const base = generated(BLUEPRINT);

  it("one more package: one line of the Containerfile, nothing else", () => {
    const after = generated(insertAfterDistro('\n[[packages]]\nname = "tree"\n'));
    expect(changedLines(base, after)).toEqual({ Containerfile: 1 });
  });

  it("a changed port: one line of the Containerfile", () => {
    const after = generated(BLUEPRINT.replace('"8080:tcp"', '"8443:tcp"'));
    expect(changedLines(base, after)).toEqual({ Containerfile: 1 });
  });

  it("one more file: its COPY step and the file itself", () => {
    const after = generated(appendEntry('[[customizations.files]]\npath = "/etc/motd"\ndata = "hello\\n"\n'));
    expect(changedLines(base, after)).toEqual({ Containerfile: 3, "overlay/etc/motd": 1 });
  });

  it("one more user: the sysusers and tmpfiles lines for it, and no comment", () => {
    const after = generated(appendEntry('[[customizations.user]]\nname = "auditor"\nkey = "ssh-ed25519 AAAAaudit auditor@x"\n'));
    const changed = changedLines(base, after);
    expect(Object.keys(changed).sort()).toEqual(["overlay/usr/lib/sysusers.d/50-edge2bootc.conf", "overlay/usr/lib/tmpfiles.d/50-edge2bootc.conf"]);
    expect(changed["overlay/usr/lib/sysusers.d/50-edge2bootc.conf"]).toBe(1);
    expect(changed["overlay/usr/lib/tmpfiles.d/50-edge2bootc.conf"]).toBe(3); // home, .ssh, authorized_keys
    // The Containerfile keeps its comments: they name customizations.user, not user[1] or user[2].key.
  });

  it("a second package, a second user or a key above another: no provenance comment changes", () => {
    const small = (extra: string) =>
      new Map(
        convertProject({ blueprint: { path: "bp.toml", text: `name = "s"\ndistro = "rhel-9.6"\n${extra}` } }, { salt: { seed: TEST_SALT_SEED } })
          .artifacts.filter((a) => a.kind === "containerfile")
          .map((a) => [a.path, a.contents]),
      );
    const pkg = (n: string) => `[[packages]]\nname = "${n}"\n`;
    const user = (n: string) => `[[customizations.user]]\nname = "${n}"\nkey = "ssh-ed25519 AAAA${n} ${n}@x"\n`;
    expect(changedLines(small(pkg("tree")), small(pkg("tree") + pkg("vim")))).toEqual({ Containerfile: 1 }); // the dnf line, not its comment
    expect(changedLines(small(user("a")), small(user("a") + user("b")))).toEqual({});
    expect(changedLines(small(user("b")), small(user("a") + user("b")))).toEqual({});
  });

  it("with --provenance lines, the same package edit churns every comment below it (the form it replaces)", () => {
    const lines = (text: string) =>
      new Map(
        convertProject({ blueprint: { path: "bp.toml", text } }, { provenance: "lines", salt: { seed: TEST_SALT_SEED } })
          .artifacts.filter((a) => a.kind !== "report")
          .map((a) => [a.path, a.contents]),
      );
    expect(changedLines(lines(BLUEPRINT), lines(insertAfterDistro('\n[[packages]]\nname = "tree"\n'))).Containerfile).toBeGreaterThan(10);
  });
});

describe("the same project from anywhere", () => {
  function cli(args: string[], cwd: string) {
    const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", EDGE2BOOTC_SALT_SEED: "same-seed" } });
    expect(r.status, r.stderr).toBe(0);
  }
  const outputs = (dir: string) =>
    Object.fromEntries(
      listFiles(dir)
        .filter((f) => !/^migration-(report|review)\./.test(f) && f !== ".edge2bootc-manifest.json")
        .map((f) => [f, readFileSync(join(dir, f), "utf8")]),
    );

  it("gives byte-identical generated files from the repo root, from the project folder and with absolute paths", () => {
    const work = tempDir();
    cpSync(join(ROOT, "examples/edge-project"), join(work, "repo/edge-project"), { recursive: true });
    const repo = join(work, "repo");
    cli(["convert", "edge-project/blueprint.toml", "--kickstart", "edge-project/edge.ks", "-o", join(work, "a")], repo);
    cli(["convert", "blueprint.toml", "--kickstart", "edge.ks", "-o", join(work, "b")], join(repo, "edge-project"));
    cli(["convert", join(repo, "edge-project/blueprint.toml"), "--kickstart", join(repo, "edge-project/edge.ks"), "-o", join(work, "c")], work);
    const a = outputs(join(work, "a"));
    expect(Object.keys(a).length).toBeGreaterThan(5);
    expect(outputs(join(work, "b"))).toEqual(a);
    expect(outputs(join(work, "c"))).toEqual(a);
    for (const [file, text] of Object.entries(a)) expect(text, file).not.toContain(work);
  });
});
