import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tmpfilesArgument } from "../../src/util/tmpfiles.js";
import { tempDir } from "../helpers.js";

const hasTmpfiles = spawnSync("systemd-tmpfiles", ["--version"]).status === 0;

/** Texts a key or path may hold that tmpfiles.d would otherwise change: specifiers, escapes, spaces, control characters. */
const TEXTS = [
  "ssh-ed25519 AAAAC3Nza user@host\n",
  "ssh-rsa AAAA a%b %n %% c\\d\\n e\n",
  'from="10.0.0.1" ssh-ed25519 AAAA "quoted"\tx\n',
  " leading space\nsecond line\n",
  "bell\u0007 and del\u007f\n",
];

describe("tmpfilesArgument", () => {
  it("keeps an SSH key as it reads, with its newline escaped", () => {
    expect(tmpfilesArgument("ssh-ed25519 AAAA u@h\n")).toBe("ssh-ed25519 AAAA u@h\\n");
    expect(tmpfilesArgument("a%b\\c")).toBe("a%%b\\\\c");
    expect(tmpfilesArgument(" x")).toBe("\\x20x");
  });

  it.skipIf(!hasTmpfiles)("systemd-tmpfiles writes back exactly the text (f lines)", () => {
    const dir = tempDir();
    mkdirSync(join(dir, "root"));
    const conf = TEXTS.map((t, i) => `f /k${i} 0600 - - - ${tmpfilesArgument(t)}`).join("\n") + "\n";
    writeFileSync(join(dir, "t.conf"), conf);
    const r = spawnSync("systemd-tmpfiles", ["--create", `--root=${join(dir, "root")}`, join(dir, "t.conf")], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    // systemd 252 adds no newline of its own; a later one may add one after the text's own.
    TEXTS.forEach((t, i) => expect([t, `${t}\n`]).toContain(readFileSync(join(dir, "root", `k${i}`), "utf8")));
  });
});
