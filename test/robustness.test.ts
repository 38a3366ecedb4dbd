import { describe, expect, it } from "vitest";
import { parseBlueprint } from "../src/blueprint/parse.js";
import { convert } from "../src/convert.js";
import { InputError } from "../src/core/errors.js";
import { convertKickstart } from "../src/kickstart/convert.js";
import { renderKickstart } from "../src/render/kickstart.js";

/** Inputs that once ended in exit 3 with a stack trace, or in a bogus finding. */
describe("hostile shapes", () => {
  it("deep nesting is a positioned input error, not a stack overflow", () => {
    const text = `a = ${"[".repeat(8000)}${"]".repeat(8000)}\n`;
    try {
      parseBlueprint(text, "deep.toml");
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      expect((e as InputError).diagnostics[0]).toMatchObject({
        source: { file: "deep.toml", line: 1, column: 69 },
        message: "arrays and inline tables nest more than 64 levels deep",
      });
    }
    // Brackets inside strings and comments do not count.
    expect(() => parseBlueprint(`description = "${"[".repeat(200)}" # ${"{".repeat(200)}\n`, "ok.toml")).not.toThrow();
  });

  it("a %post of 125k lines converts and keeps every line", () => {
    const body = Array.from({ length: 125_000 }, (_, i) => `echo ${i}`);
    const text = ["ostreesetup --nogpg --osname=rhel --url=https://h/r --ref=r", "%post", ...body, "%end", ""].join("\n");
    const r = convertKickstart({ path: "big.ks", text }, () => undefined, { target: "rhel9", installer: "ostreecontainer", image: "quay.io/a/b:1" });
    const out = renderKickstart(r.documents[0]!).split("\n");
    expect(out).toContain("echo 124999");
    expect(out.length).toBeGreaterThan(125_000);
  });

  it("an empty blueprint or empty tables are not 'unaccounted keys'", () => {
    for (const text of ["", "[customizations]\n[customizations.kernel]\npackages = []\n"]) {
      const ids = convert({ path: "bp.toml", text }).report.findings.map((f) => f.id);
      expect(ids, JSON.stringify(text)).not.toContain("convert.unaccounted-key");
    }
    const coverage = convert({ path: "bp.toml", text: "packages = []\n[customizations.kernel]\n" }).report.coverage;
    expect(coverage.map((c) => [c.keyPath, c.disposition])).toEqual([
      ["packages", "converted"],
      ["customizations.kernel", "converted"],
    ]);
  });

  it("a blueprint file at the path of edge2bootc's own sysusers.d file is reported, not silently overwritten", () => {
    const c = convert({
      path: "bp.toml",
      text: '[[customizations.files]]\npath = "/usr/lib/sysusers.d/50-edge2bootc.conf"\ndata = "mine"\n[[customizations.user]]\nname = "a"\n',
    });
    const sysusers = c.artifacts.filter((a) => a.path === "overlay/usr/lib/sysusers.d/50-edge2bootc.conf");
    expect(sysusers).toHaveLength(1);
    expect(sysusers[0]!.contents).toContain("u a -");
    expect(c.report.findings.map((f) => f.id)).toContain("files.reserved-path");
    expect(c.report.coverage.find((e) => e.keyPath === "customizations.files[0].data")?.disposition).toBe("reported");
    expect(c.artifacts.find((a) => a.path === "Containerfile")!.contents.match(/^COPY .*sysusers\.d\/50-edge2bootc\.conf/gm)).toHaveLength(1);
  });
});
