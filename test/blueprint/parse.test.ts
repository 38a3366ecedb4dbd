import { describe, expect, it } from "vitest";
import { parseBlueprint } from "../../src/blueprint/parse.js";
import { buildKeyIndex } from "../../src/blueprint/key-index.js";
import { InputError } from "../../src/core/errors.js";

function inputError(toml: string): InputError {
  try {
    parseBlueprint(toml, "bp.toml");
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error("expected an InputError");
}

describe("TOML syntax errors", () => {
  it("report 1-based line and column with the file name", () => {
    const e = inputError('name = "ok"\nversion = "1\n');
    expect(e.diagnostics).toHaveLength(1);
    expect(e.diagnostics[0]!.source).toMatchObject({ file: "bp.toml", line: 2 });
    expect(e.diagnostics[0]!.source.column).toBeGreaterThan(1);
    expect(e.diagnostics[0]!.message).toMatch(/^TOML syntax error: Unterminated string/);
    expect(e.message).toMatch(/^bp\.toml:2:\d+: /);
  });

  it("rejects invalid escapes that real templated blueprints contain", () => {
    const e = inputError('[[customizations.user]]\nname = "a"\npassword = "\\$6\\$x"\n');
    expect(e.diagnostics[0]!.source.line).toBe(3);
    expect(e.diagnostics[0]!.message).toContain("Unknown escape character");
  });
});

describe("schema validation", () => {
  it("reports wrong types at the key's position", () => {
    const e = inputError('name = "x"\n\n[customizations]\nhostname = 42\n');
    expect(e.diagnostics[0]).toMatchObject({
      source: { line: 4, column: 1, keyPath: "customizations.hostname" },
      message: "customizations.hostname: expected a string, found an integer",
    });
  });

  it("reports every wrong value, with array indices", () => {
    const e = inputError('[customizations.firewall]\nports = ["22:tcp", 80]\n\n[[customizations.user]]\nname = "a"\nuid = "1000"\n');
    expect(e.diagnostics.map((d) => [d.source.keyPath, d.source.line, d.source.column])).toEqual([
      ["customizations.firewall.ports[1]", 2, 20],
      ["customizations.user[0].uid", 6, 1],
    ]);
  });

  it("rejects integers beyond 2^53 instead of silently losing precision", () => {
    const e = inputError('[[customizations.user]]\nname = "a"\nuid = 9007199254740993\n');
    expect(e.diagnostics[0]!.message).toContain("too large");
  });

  it("requires the keys composer requires", () => {
    const e = inputError('[[customizations.user]]\ndescription = "no name"\n');
    expect(e.diagnostics[0]!.message).toBe('customizations.user[0]: missing required key "name"');
    expect(e.diagnostics[0]!.source.line).toBe(1);
  });

  it("accepts both int and unit strings for sizes, and strings or ints for owners", () => {
    const bp = parseBlueprint(
      '[[customizations.filesystem]]\nmountpoint = "/var"\nminsize = "10 GiB"\n[[customizations.files]]\npath = "/etc/x"\nuser = 1000\ngroup = "wheel"\n',
      "bp.toml",
    ).blueprint;
    expect(bp.customizations?.filesystem?.[0]?.minsize).toBe("10 GiB");
    expect(bp.customizations?.files?.[0]?.user).toBe(1000);
  });
});

describe("unknown keys", () => {
  it("are warnings with a did-you-mean suggestion, and are left out of the model", () => {
    const parsed = parseBlueprint('[customizations.firewall]\nport = ["22:tcp"]\n', "bp.toml");
    expect(parsed.findings).toHaveLength(1);
    expect(parsed.findings[0]).toMatchObject({
      id: "blueprint.unknown-key",
      severity: "warning",
      source: { line: 2, column: 1, keyPath: "customizations.firewall.port" },
    });
    expect(parsed.findings[0]!.title).toContain('did you mean "ports"?');
    expect(parsed.blueprint.customizations?.firewall).toEqual({});
  });

  it("suggests packages for [[package]] and sslverify for ssl_verify", () => {
    const parsed = parseBlueprint('[[package]]\nname = "vim"\n[[customizations.repositories]]\nid = "r"\nssl_verify = false\n', "bp.toml");
    expect(parsed.findings.map((f) => f.title)).toEqual([
      'Unknown key "package" at the top level; did you mean "packages"?',
      'Unknown key "ssl_verify" in customizations.repositories[0]; did you mean "sslverify"?',
    ]);
  });
});

describe("key index", () => {
  it("finds keys in tables, arrays of tables, inline tables, dotted keys and arrays", () => {
    const index = buildKeyIndex(
      [
        'name = "x" # comment',
        "[customizations]",
        'kernel.append = "quiet"',
        "[[customizations.user]]",
        'name = "a"',
        "[[customizations.user]]",
        '  name = "b"',
        "[customizations.firewall]",
        "ports = [",
        '  "22:tcp", # ssh',
        '  "80:tcp",',
        "]",
        'zones = [{name = "trusted", sources = ["10.0.0.0/8"]}]',
        'data = """',
        "[not.a.table]",
        '"""',
        'after = "y"',
      ].join("\n"),
    );
    expect(index.get("name")).toEqual({ line: 1, column: 1 });
    expect(index.get("customizations.kernel.append")).toEqual({ line: 3, column: 1 });
    expect(index.get("customizations.user[0].name")).toEqual({ line: 5, column: 1 });
    expect(index.get("customizations.user[1]")).toEqual({ line: 6, column: 1 });
    expect(index.get("customizations.user[1].name")).toEqual({ line: 7, column: 3 });
    expect(index.get("customizations.firewall.ports[1]")).toEqual({ line: 11, column: 3 });
    expect(index.get("customizations.firewall.zones[0].sources[0]")).toEqual({ line: 13, column: 40 });
    expect(index.has("not.a.table")).toBe(false);
    expect(index.get("customizations.firewall.after")).toEqual({ line: 17, column: 1 });
  });

  it("restarts nested arrays of tables for each parent element", () => {
    const index = buildKeyIndex(["[[a]]", "[[a.b]]", "x = 1", "[[a]]", "[[a.b]]", "x = 2"].join("\n"));
    expect(index.get("a[1].b[0].x")).toEqual({ line: 6, column: 1 });
  });
});
