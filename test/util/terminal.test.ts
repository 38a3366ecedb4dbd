import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sanitizeTerminal } from "../../src/util/terminal.js";
import { redactSecrets } from "../../src/util/redact.js";
import { CLI, tempDir } from "../helpers.js";

describe("what reaches a terminal (issue 18, minors)", () => {
  it("shows escape sequences and other controls as visible escapes, keeping line breaks, tabs, erase-line and colour when on", () => {
    const title = "\u001b]0;pwned\u0007";
    expect(sanitizeTerminal(`a${title}b\u001b[2Jc\u009bd\u2028e`, true)).toBe("a\\x1b]0;pwned\\x07b\\x1b[2Jc\\x9bd\\u2028e");
    expect(sanitizeTerminal("\u001b[31mred\u001b[39m\r\u001b[K\tok\n", true)).toBe("\u001b[31mred\u001b[39m\r\u001b[K\tok\n");
    expect(sanitizeTerminal("\u001b[31mred\u001b[39m", false)).toBe("\\x1b[31mred\\x1b[39m");
  });

  it("a file name with an escape sequence is printed escaped by batch", () => {
    const dir = join(tempDir(), "repo");
    mkdirSync(dir);
    const name = "evil\u001b]0;title\u0007.ks";
    writeFileSync(join(dir, name), "ostreesetup --nogpg --osname=rhel --url=x --ref=r\n%end\n");
    const r = spawnSync(process.execPath, [CLI, "batch", "."], { cwd: dir, encoding: "utf8", env: { ...process.env, CI: "true", NO_COLOR: "1" } });
    const printed = r.stdout + r.stderr;
    expect(printed).toContain("evil\\x1b]0;title\\x07.ks");
    expect(printed).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
  });

  it("keeps a position after a file name that holds a credential word", () => {
    expect(redactSecrets("pull-secret.ks:12:3: error: unknown command")).toBe("pull-secret.ks:12:3: error: unknown command");
    expect(redactSecrets("token: abc")).toBe("token: <redacted>");
  });
});
