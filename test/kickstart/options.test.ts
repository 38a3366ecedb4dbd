import { describe, expect, it } from "vitest";
import { parseArgs, type CommandSpec } from "../../src/kickstart/options.js";
import { shlexSplit, shlexSplitDetailed } from "../../src/kickstart/shlex.js";

const spec: CommandSpec = {
  options: [
    { name: "--url", kind: "value", required: true },
    { name: "--no-signature-verification", kind: "flag" },
    { name: "--remote", kind: "value" },
    { name: "--reference", kind: "value" },
    { name: "--onboot", kind: "ksboolean" },
    { name: "--groups", kind: "list" },
    { name: "--log", kind: "value", aliases: ["--logfile"] },
  ],
  positionals: { min: 0, max: 1 },
};
const parse = (line: string) => parseArgs(shlexSplit(line), spec);
const values = (line: string) => Object.fromEntries([...parse(line).options].map(([k, v]) => [k, v.value]));
const messages = (line: string) => parse(line).problems.map((p) => `${p.severity}: ${p.message}`);

describe("kickstart options (pykickstart's KSOptionParser, argparse rules)", () => {
  it("accepts --opt=val and --opt val alike", () => {
    expect(values("--url=a")).toEqual({ "--url": "a" });
    expect(values("--url a")).toEqual({ "--url": "a" });
  });

  it("expands an unambiguous prefix and warns (allow_abbrev is on: --no-sig validates)", () => {
    expect(values("--url=a --no-sig")).toEqual({ "--url": "a", "--no-signature-verification": true });
    expect(messages("--url=a --no-sig")).toEqual(["warning: abbreviated option --no-sig taken as --no-signature-verification; write it in full"]);
  });

  it("rejects an ambiguous prefix and an unknown option; names are case-sensitive (--URL is unknown)", () => {
    expect(messages("--url=a --re=x")).toEqual(["error: ambiguous option --re: could be --remote, --reference"]);
    expect(messages("--URL=a")).toEqual(["error: unrecognized option --URL (option names are case-sensitive)", "error: --url is required"]);
  });

  it("rejects a value on a store_true flag (--nogpg=yes: ignored explicit argument)", () => {
    expect(messages("--url=a --no-signature-verification=yes")[0]).toMatch(/takes no value \(ignored explicit argument 'yes'\)/);
  });

  it('needs the = form for a value that starts with - (bootloader --append "-foo")', () => {
    expect(messages("--url -foo")[0]).toMatch(/--url expects one argument/);
    expect(values("--url=-foo")).toEqual({ "--url": "-foo" });
  });

  it("accepts ksboolean values in any case and rejects others", () => {
    expect(messages("--url=a --onboot=YES")).toEqual([]);
    expect(messages("--url=a --onboot=maybe")).toEqual(["error: --onboot expects on/off, yes/no, true/false or 1/0, not 'maybe'"]);
  });

  it("lets the last scalar win and collects comma lists from every use", () => {
    expect(values("--url=a --url=b --groups=wheel,adm --groups dialout")).toEqual({ "--url": "b", "--groups": ["wheel", "adm", "dialout"] });
  });

  it("maps aliases to the canonical option", () => {
    expect(values("--url=a --logfile=/tmp/x")).toEqual({ "--url": "a", "--log": "/tmp/x" });
  });

  it("rejects extra positionals and reports missing required options", () => {
    expect(messages("--url=a one two")).toEqual(["error: unrecognized argument two"]);
    expect(messages("")).toEqual(["error: --url is required"]);
  });
});

describe("shlexSplitDetailed", () => {
  it("tells a # that cut a word short from a comment after whitespace", () => {
    expect(shlexSplitDetailed("url --url=http://h/repo#frag").comment).toEqual({ offset: 23, inWord: true });
    expect(shlexSplitDetailed("lang en_US # comment").comment).toEqual({ offset: 11, inWord: false });
    expect(shlexSplitDetailed("rootpw 'a#b'").comment).toBeUndefined();
  });
});
