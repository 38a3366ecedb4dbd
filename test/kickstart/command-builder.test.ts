import { describe, expect, it } from "vitest";
import { ksCommand } from "../../src/kickstart/command-builder.js";
import { shlexSplit } from "../../src/kickstart/shlex.js";

describe("ksCommand, the one builder of kickstart lines edge2bootc writes", () => {
  it("reads back, through the installer's shlex split, as exactly the words it was given", () => {
    const values = ["my vg", "xfs --encrypted", "it's", 'say "hi"', "$HOME", "a#b", "", "plain"];
    for (const v of values) {
      const line = ksCommand("logvol", [v], { "--name": v }, [v]);
      expect(shlexSplit(line).map((t) => t.value)).toEqual(["logvol", v, `--name=${v}`, v]);
    }
  });

  it("writes flags bare, leaves out undefined and false, and keeps the order options were given in", () => {
    expect(ksCommand("part", ["pv.01"], { "--size": 10240, "--grow": true, "--fstype": undefined, "--encrypted": false })).toBe(
      "part pv.01 --size=10240 --grow",
    );
  });

  it("refuses a value with a line break: a kickstart command is one line", () => {
    expect(() => ksCommand("user", [], { "--gecos": "a\nrootpw --plaintext x" })).toThrow(/line break/);
  });
});
