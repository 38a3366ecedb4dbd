import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { shlexQuote, shlexSplit, ShlexError } from "../../src/kickstart/shlex.js";

const split = (line: string) => shlexSplit(line).map((t) => t.value);

/** Python's own shlex, when python3 is there, as the reference the rules below mirror. */
function pythonSplit(line: string): string[] | "error" | undefined {
  try {
    const out = execFileSync(
      "python3",
      ["-c", "import json,shlex,sys\ntry: print(json.dumps(shlex.split(sys.argv[1], comments=True)))\nexcept ValueError: print('\"error\"')", line],
      { encoding: "utf8" },
    );
    return JSON.parse(out);
  } catch {
    return undefined;
  }
}
const hasPython = pythonSplit("a") !== undefined;

describe("kickstart tokenizer (pykickstart: shlex.split(line, comments=True), POSIX mode)", () => {
  it("separates on whitespace", () => {
    expect(split("  part /boot   --size=1024\t--fstype xfs ")).toEqual(["part", "/boot", "--size=1024", "--fstype", "xfs"]);
  });

  it("starts a comment at # even inside an unquoted word (rootpw foo#bar → foo)", () => {
    expect(split("rootpw foo#bar")).toEqual(["rootpw", "foo"]);
    expect(split("url --url=http://h/repo#frag")).toEqual(["url", "--url=http://h/repo"]);
    expect(split("# just a comment")).toEqual([]);
  });

  it("keeps # inside quotes", () => {
    expect(split(`rootpw 'foo#bar' "a#b"`)).toEqual(["rootpw", "foo#bar", "a#b"]);
  });

  it("joins adjacent quoted and unquoted pieces (--fstype='xfs' → --fstype=xfs)", () => {
    expect(split("--fstype='xfs'")).toEqual(["--fstype=xfs"]);
    expect(split(`--gecos="Admin User"x`)).toEqual(["--gecos=Admin Userx"]);
  });

  it("keeps everything literal in single quotes ('$6$abc' stays)", () => {
    expect(split("rootpw --iscrypted '$6$abc\\n'")).toEqual(["rootpw", "--iscrypted", "$6$abc\\n"]);
  });

  it('in double quotes escapes only " and \\ ("b\\n" → b\\n)', () => {
    expect(split(`x "b\\n" "q\\"q" "s\\\\s"`)).toEqual(["x", "b\\n", 'q"q', "s\\s"]);
  });

  it("outside quotes, a backslash escapes any character (b\\ c → b c)", () => {
    expect(split("x b\\ c d\\#e")).toEqual(["x", "b c", "d#e"]);
  });

  it("has no variable expansion: $ is literal", () => {
    expect(split("user --name=$USER")).toEqual(["user", "--name=$USER"]);
  });

  it("keeps empty quoted strings as tokens", () => {
    expect(split(`bootloader --append="" ''`)).toEqual(["bootloader", "--append=", ""]);
  });

  it("a trailing backslash is not a line continuation but an error for that line", () => {
    expect(() => shlexSplit("ostreecontainer --url=x \\")).toThrow(ShlexError);
    expect(() => shlexSplit("x 'open")).toThrow(/No closing quotation/);
  });

  it("records where each token starts", () => {
    expect(shlexSplit('  sshkey --username=u "k e y"').map((t) => t.start)).toEqual([2, 9, 22]);
  });

  it("quotes values so they split back unchanged", () => {
    for (const v of ["plain", "has space", "a#b", "it's", "", "$6$x$y"]) {
      expect(split(`cmd ${shlexQuote(v)}`)).toEqual(["cmd", v]);
    }
  });

  it.skipIf(!hasPython)("agrees with Python's shlex on tricky lines", () => {
    const lines = [
      `network --bootproto=dhcp --device=link --activate --onboot=on # comment`,
      `sshkey --username=core "ssh-ed25519 AAAA core@host"`,
      `a"b"'c'd e\\ f "g\\h" 'i\\j' k#l`,
      `user --name=x --password='$6$a$b' --iscrypted`,
      `%post --log=/root/ks-post.log # trailing`,
      `x ""`,
    ];
    for (const line of lines) expect(split(line), line).toEqual(pythonSplit(line));
  });
});

describe("template placeholders on command lines", () => {
  it("keeps a Jinja placeholder with spaces as one word, glued to its option", () => {
    expect(shlexSplit("ostreesetup --url={{ ostree_url }} --ref=r").map((t) => t.value)).toEqual(["ostreesetup", "--url={{ ostree_url }}", "--ref=r"]);
    expect(shlexSplit("lang {{ locale | default('en_US') }}").map((t) => t.value)).toEqual(["lang", "{{ locale | default('en_US') }}"]);
    expect(shlexSplit("timezone {% if utc %}UTC{% endif %}").map((t) => t.value)).toEqual(["timezone", "{% if utc %}UTC{% endif %}"]);
  });

  it("treats an unclosed {{ as ordinary characters", () => {
    expect(shlexSplit("network --hostname={{ h").map((t) => t.value)).toEqual(["network", "--hostname={{", "h"]);
  });
});
