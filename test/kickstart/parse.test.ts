import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors.js";
import { parseKickstart, printKickstart } from "../../src/kickstart/parse.js";

const KS = `#version=RHEL9
lang en_US.UTF-8
rootpw --iscrypted '$6$a$b'   # inline comment
ostreesetup --nogpg --osname=rhel --remote=edge --url=http://10.0.0.1/repo/ --ref=rhel/9/x86_64/edge

%include /tmp/part-include
%post --log=/var/log/ks-post.log --erroronfail
#!/bin/bash
echo "if [ x ]; then" > /etc/motd   # not a kickstart comment: body is verbatim
%{not_a_section}
  %end
%packages --excludedocs
@core
vim#x
%end
`;

function errorsOf(text: string) {
  try {
    parseKickstart(text, "ks.cfg");
  } catch (e) {
    if (e instanceof InputError) return e.diagnostics.map((d) => `${d.source.line}:${d.source.column} ${d.message}`);
    throw e;
  }
  return [];
}

describe("kickstart parser", () => {
  const ks = parseKickstart(KS, "ks.cfg");

  it("models commands with shlex arguments, comments, blanks, includes and sections", () => {
    expect(ks.entries.map((e) => (e.kind === "command" || e.kind === "section" ? `${e.kind}:${e.name}` : e.kind))).toEqual([
      "comment",
      "command:lang",
      "command:rootpw",
      "command:ostreesetup",
      "blank",
      "include",
      "section:%post",
      "section:%packages",
    ]);
    const rootpw = ks.entries[2]!;
    expect(rootpw.kind === "command" && rootpw.args.map((a) => a.value)).toEqual(["rootpw", "--iscrypted", "$6$a$b"]);
  });

  it("keeps section bodies byte-for-byte, with %{…} lines and an indented %end", () => {
    const post = ks.entries[6]!;
    expect(post.kind).toBe("section");
    if (post.kind !== "section") return;
    expect(post.header.args.map((a) => a.value)).toEqual(["%post", "--log=/var/log/ks-post.log", "--erroronfail"]);
    expect(post.body.map((b) => b.raw)).toEqual([
      "#!/bin/bash",
      'echo "if [ x ]; then" > /etc/motd   # not a kickstart comment: body is verbatim',
      "%{not_a_section}",
    ]);
    expect(post.end).toMatchObject({ raw: "  %end", line: 11 });
  });

  it("prints back the same bytes", () => {
    expect(printKickstart(ks)).toBe(KS);
    const noNewline = "text\nreboot";
    expect(printKickstart(parseKickstart(noNewline, "k"))).toBe(noNewline);
  });

  it("reports a missing %end at the section header, also when another section starts", () => {
    expect(errorsOf("%post\necho hi\n")).toEqual(["1:1 section %post does not end with %end"]);
    expect(errorsOf("%pre\necho\n%post\necho\n%end\n")).toEqual(["1:1 section %pre does not end with %end"]);
  });

  it("treats section names case-sensitively and rejects unknown sections", () => {
    expect(errorsOf("%POST\n%end\n")[0]).toBe("1:1 unknown kickstart section %POST (section names are case-sensitive)");
  });

  it("reports an unclosed quote with its column and keeps going", () => {
    expect(errorsOf("lang en_US\nlogging --host='abc\nbootloader --append=\"x\n")).toEqual([
      "2:16 No closing quotation (kickstart lines have no continuation and quotes must close on the same line)",
      "3:21 No closing quotation (kickstart lines have no continuation and quotes must close on the same line)",
    ]);
  });

  it("never parses the line after a credential that does not end on its own line", () => {
    // the quote was meant to go on: the next line is the rest of the password, not a command
    expect(errorsOf("lang en_US\nrootpw 'abc\nbootloader --append=\"x\nuser --name=a --password\nsecret\n")).toEqual([
      "2:1 rootpw: its credential does not end on this line (kickstart lines have no continuation: give the whole value on the same line, quoted if it has spaces)",
      "3:1 line 2 left its credential for this line; its text is not shown",
      "4:1 user: its credential does not end on this line (kickstart lines have no continuation: give the whole value on the same line, quoted if it has spaces)",
      "5:1 line 4 left its credential for this line; its text is not shown",
    ]);
  });
});
