import { describe, expect, it } from "vitest";
import { parseBlueprint } from "../../src/blueprint/parse.js";
import { convert } from "../../src/convert.js";
import { InputError } from "../../src/core/errors.js";
import { parseImageMap } from "../../src/kickstart/image-map.js";
import { convertKickstart } from "../../src/kickstart/convert.js";
import { targetFromDistro } from "../../src/migrate/resolve/target.js";
import { renderKickstart } from "../../src/render/kickstart.js";

function errors(toml: string): string[] {
  try {
    parseBlueprint(toml, "bp.toml");
  } catch (e) {
    if (e instanceof InputError) return e.diagnostics.map((d) => `${d.source.line}:${d.source.column} ${d.message}`);
    throw e;
  }
  return [];
}

describe("values that land on one generated line", () => {
  it("refuse a newline that would add a second FROM to the Containerfile", () => {
    expect(errors('[[packages]]\nname = "vim\\nFROM quay.io/evil/image"\n')).toEqual([
      "2:1 packages[0].name: control character U+000A is not allowed here: the value lands on one line of a generated file",
    ]);
    expect(errors('[[packages]]\nname = "vim"\nversion = "1\\r"\n')[0]).toContain("packages[0].version: control character U+000D");
    expect(errors('[customizations.timezone]\nntpservers = ["a\\nserver evil"]\n')[0]).toContain(
      "customizations.timezone.ntpservers[0]: control character U+000A",
    );
    expect(errors('[customizations.kernel]\nappend = "quiet\\u0000"\n')[0]).toContain("U+0000");
    // line breaks outside ASCII: NEL, LINE SEPARATOR, PARAGRAPH SEPARATOR (issue 18)
    for (const [escape, code] of [
      ["\\u0085", "U+0085"],
      ["\\u2028", "U+2028"],
      ["\\u2029", "U+2029"],
    ])
      expect(errors(`[customizations]\nhostname = "a${escape}b"\n`)[0]).toContain(`customizations.hostname: control character ${code}`);
  });

  it("keep line breaks in free text that is written to a file", () => {
    expect(errors('description = """\ntwo\nlines\n"""\n[[customizations.files]]\npath = "/etc/x"\ndata = "a\\n\\tb\\n"\n')).toEqual([]);
    expect(errors('[[customizations.files]]\npath = "/etc/x"\ndata = "bell\\u0007"\n')[0]).toContain("U+0007");
  });

  it("never reach the Containerfile through the library API either", () => {
    expect(() => convert({ path: "bp.toml", text: '[customizations]\nhostname = "kiosk\nFROM evil"\n' })).toThrow(InputError);
  });
});

describe("accounts", () => {
  it("refuse ids outside 0..2^32-2 and names with / ; or spaces", () => {
    expect(errors('[[customizations.user]]\nname = "a"\nuid = -1\n')).toEqual([
      "3:1 customizations.user[0].uid: expected an integer from 0 to 4294967294, found -1",
    ]);
    expect(errors('[[customizations.group]]\nname = "g"\ngid = 4294967295\n')[0]).toContain(
      "customizations.group[0].gid: expected an integer from 0 to 4294967294",
    );
    for (const name of ["a;rm -rf /", "../etc", "a b", "-x", ""]) {
      expect(errors(`[[customizations.user]]\nname = ${JSON.stringify(name)}\n`)[0], name).toContain("customizations.user[0].name: expected an account name");
    }
    expect(errors('[[customizations.sshkey]]\nuser = "a/b"\nkey = "ssh-ed25519 AAAA"\n')[0]).toContain(
      "customizations.sshkey[0].user: expected an account name",
    );
    expect(errors('[[customizations.user]]\nname = "svc_app-1.x"\nuid = 0\n')).toEqual([]);
  });
});

describe("keys that are also JavaScript object members", () => {
  it("are unknown keys like any other, never dropped", () => {
    const parsed = parseBlueprint('__proto__ = "x"\nconstructor = "y"\n[customizations]\ntoString = 1\n', "bp.toml");
    expect(parsed.findings.map((f) => f.title)).toEqual([
      'Unknown key "__proto__" at the top level',
      'Unknown key "constructor" at the top level',
      'Unknown key "toString" in customizations',
    ]);
    expect(parsed.keyPaths).toEqual(expect.arrayContaining(["__proto__", "constructor", "customizations.toString"]));
  });

  it("an image map keyed by a ref named toString or __proto__ maps only what it names", () => {
    const map = parseImageMap('"rhel/9/x86_64/edge" = "quay.io/a/b:1"\n', "map.toml");
    const ks = (ref: string) => `ostreesetup --nogpg --osname=rhel --url=https://h/r --ref=${ref}\n`;
    for (const ref of ["toString", "__proto__", "constructor"]) {
      const r = convertKickstart({ path: "ks.cfg", text: ks(ref) }, () => undefined, { target: "rhel9", installer: "ostreecontainer", imageMap: map });
      expect(renderKickstart(r.documents[0]!), ref).toContain("--url=registry.example.com/");
    }
  });

  it("an image map value must be one word", () => {
    expect(() => parseImageMap('"r" = "quay.io/a/b:1\\nFROM evil"\n', "map.toml")).toThrow(/image map entry r must be one word/);
  });
});

describe("release numbers", () => {
  it("far beyond any release are unknown distros, not base image tags", () => {
    expect(targetFromDistro("rhel-999999")).toBeUndefined();
    expect(targetFromDistro("rhel-9.99")).toBeUndefined();
    expect(targetFromDistro("fedora-4000")).toBeUndefined();
    expect(targetFromDistro("centos-90")).toBeUndefined();
    expect(targetFromDistro("rhel-9.6")?.baseImage).toBe("registry.redhat.io/rhel9/rhel-bootc:9.6");
  });
});

describe("ports", () => {
  it("above 65535 or in falling ranges are reported, not converted", () => {
    const c = convert({ path: "bp.toml", text: '[customizations.firewall]\nports = ["70000:tcp", "90-80:udp", "0:tcp", "8443:tcp"]\n' });
    const containerfile = c.artifacts.find((a) => a.path === "Containerfile")!.contents;
    expect(containerfile).toContain("--port=8443:tcp");
    expect(containerfile).not.toMatch(/70000|90-80|--port=0:/);
    expect(c.report.findings.filter((f) => f.id === "firewall.invalid-port")).toHaveLength(3);
  });
});

describe("Windows line endings", () => {
  it("parse with comments, and positions stay right", () => {
    const crlf = '# edited on Windows\r\nname = "x" # trailing\r\n\r\n[customizations]\r\nhostnme = "h"\r\n';
    const parsed = parseBlueprint(crlf, "bp.toml");
    expect(parsed.blueprint.name).toBe("x");
    expect(parsed.findings.map((f) => [f.title, f.source.line, f.source.column])).toEqual([
      ['Unknown key "hostnme" in customizations; did you mean "hostname"?', 5, 1],
    ]);
    expect(errors('# c\r\nname = "x"\r\nversion = = 1\r\n')[0]).toMatch(/^3:11 TOML syntax error/);
  });
});
