import { describe, expect, it } from "vitest";
import { parseBlueprint } from "../../src/blueprint/parse.js";
import { codeFrame, InputError, redactLine } from "../../src/core/errors.js";

function message(toml: string): string {
  try {
    parseBlueprint(toml, "bp.toml");
  } catch (e) {
    if (e instanceof InputError) return e.diagnostics[0]!.message;
  }
  throw new Error("expected an InputError");
}

describe("error messages for real-world templates", () => {
  it("name the character and point at template placeholders", () => {
    expect(message('name = "x"\n{{ if .Debug }}\n')).toBe(
      'TOML syntax error: Unknown character "{" (this looks like a template placeholder: render the template, then convert the result)',
    );
  });

  it("explain shell heredoc escaping", () => {
    expect(message('password = "\\$6\\$abc"\n')).toMatch(/Unknown escape character: \$ \(\\\$ is shell heredoc escaping/);
  });
});

describe("code frames", () => {
  it("show context lines and a caret under the column", () => {
    expect(codeFrame("a = 1\nb = ?\nc = 3\n", 2, 5)).toBe(["  1 | a = 1", "> 2 | b = ?", "    |     ^", "  3 | c = 3"].join("\n"));
  });

  it("never print secret values, but keep their length for the caret", () => {
    expect(redactLine('password = "$6$salt$hash"')).toBe('password = "************"');
    expect(redactLine('key = "ssh-ed25519 AAAA"')).toBe('key = "*********** ****"');
    expect(redactLine('        "auth": "bWljcm9zaGlmdA=="')).toBe('        "auth": "****************"');
    expect(redactLine('name = "admin"')).toBe('name = "admin"');
    const frame = codeFrame('[[customizations.user]]\npassword = "hunter2\n', 2, 12);
    expect(frame).not.toContain("hunter2");
  });
});
