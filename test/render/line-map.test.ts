import { describe, expect, it } from "vitest";
import { bibConfigRegions } from "../../src/render/bib-config.js";
import type { SourceRef } from "../../src/core/findings.js";
import { alignedRegions, entryRegions, findingsAbout, regionMarker, regionsFromMarkers, type OutputRegion } from "../../src/render/line-map.js";
import { GOLDEN_CASES, runCase } from "../cases.js";
import { maskedLines, redactedLines } from "../../src/util/redact.js";

/** The pairwise definition findingsAbout must agree with: the oracle of the tests below. */
function keyPathsMeet(a: string, b: string): boolean {
  const within = (inner: string, outer: string) => inner === outer || inner.startsWith(`${outer}.`) || inner.startsWith(`${outer}[`);
  return within(a, b) || within(b, a);
}
function regionConcerns(region: OutputRegion, at: SourceRef): boolean {
  if (region.copyOf && at.file === region.copyOf.file) {
    const last = region.copyOf.line + (region.end - region.start);
    if (at.line >= region.copyOf.line && at.line <= last) return true;
  }
  return region.sources.some((s) =>
    s.keyPath !== undefined && at.keyPath !== undefined ? keyPathsMeet(s.keyPath, at.keyPath) : s.file === at.file && s.line === at.line,
  );
}
/** Whether findingsAbout names a finding at `at` for the region. */
const about = (region: OutputRegion, at: SourceRef) => findingsAbout([{ source: at }])(region).length === 1;

const at = (line: number, keyPath?: string) => ({ file: "bp.toml", line, column: 1, ...(keyPath ? { keyPath } : {}) });

describe("line map", () => {
  it("takes region marks out and names the lines between them, without the blank lines that part them", () => {
    const marked = `# head\n${regionMarker(0)}FROM x\n\n${regionMarker(1)}# k\nRUN a \\\n  b\n\n${regionMarker(2)}RUN lint\n`;
    const split = regionsFromMarkers(marked, [{ sources: [at(1, "distro")] }, { sources: [at(3, "k")] }, { sources: [], reason: "lint" }])!;
    expect(split.text).toBe("# head\nFROM x\n\n# k\nRUN a \\\n  b\n\nRUN lint\n");
    expect(split.regions.map((r) => [r.start, r.end])).toEqual([
      [2, 2],
      [4, 6],
      [8, 8],
    ]);
    // A mark the input smuggled in (one too many, or a stray NUL) leaves no map rather than a wrong one.
    expect(regionsFromMarkers(`${marked}${regionMarker(1)}`, [{ sources: [] }, { sources: [] }, { sources: [] }])).toBeUndefined();
    expect(regionsFromMarkers(`${marked}\u0000`, [{ sources: [] }, { sources: [] }, { sources: [] }])).toBeUndefined();
  });

  it("aligns a converted kickstart with its input: kept runs copy, rewritten runs replace, the rest was added", () => {
    const input = "lang C\nostreesetup --url=x --ref=y\nreboot\n";
    const output = "lang C\nostreecontainer --url=q\nreboot\n%post\nbootc switch\n%end\n";
    const regions = alignedRegions({ file: "ks", text: input }, output, { sources: [], reason: "added" });
    expect(regions).toEqual([
      { start: 1, end: 1, sources: [], copyOf: { file: "ks", line: 1 } },
      { start: 2, end: 2, sources: [{ file: "ks", line: 2, column: 1 }] },
      { start: 3, end: 3, sources: [], copyOf: { file: "ks", line: 3 } },
      { start: 4, end: 6, sources: [], reason: "added" },
    ]);
    // A finding on line 3 is about the copied region, not about the added lines.
    expect(about(regions[2]!, { file: "ks", line: 3, column: 1 })).toBe(true);
    expect(about(regions[3]!, { file: "ks", line: 3, column: 1 })).toBe(false);
  });

  it("maps sysusers.d lines to their entries and config.toml settings to theirs, header and body", () => {
    expect(entryRegions("# c\n\ng a 1\nu b 2\n", [{ sources: [at(5)] }, { sources: [at(9)] }])).toEqual([
      { start: 3, end: 3, sources: [at(5)] },
      { start: 4, end: 4, sources: [at(9)] },
    ]);
    const config = [
      "# header",
      "# customizations.user: customizations.user (bp.toml)",
      "# customizations.installer.kickstart.contents: k (bp.toml)",
      "",
      "[[customizations.user]]",
      'name = "a"',
      "",
      "[customizations.installer.kickstart]",
      'contents = """',
      "text --non-interactive",
      'zerombr"""',
      "",
    ].join("\n");
    const entries = [
      { path: "customizations.user", value: { name: "a" }, append: true, provenance: [at(10, "customizations.user[0]")] },
      { path: "customizations.installer.kickstart.contents", value: "x", provenance: [at(20, "customizations.installer.kickstart.contents")] },
    ];
    expect(bibConfigRegions(config, entries).map((r) => [r.start, r.end, r.sources[0]!.line])).toEqual([
      [2, 2, 10],
      [3, 3, 20],
      [5, 6, 10],
      [9, 11, 20],
    ]);
  });

  it("is about a key, its parent table and its children, not a sibling with a longer name", () => {
    const region = { start: 1, end: 1, sources: [at(1, "customizations.user[0]")] };
    expect(about(region, at(2, "customizations.user[0].password"))).toBe(true);
    expect(about(region, at(2, "customizations.user"))).toBe(true);
    expect(about(region, at(2, "customizations.users"))).toBe(false);
  });
});

describe("findingsAbout", () => {
  it("finds for every region of every golden case what comparing each finding with regionConcerns finds", () => {
    let compared = 0;
    for (const c of GOLDEN_CASES) {
      const result = runCase(c);
      const findings = [...(result.plan?.findings ?? []), ...result.kickstarts.flatMap((k) => k.findings)];
      const about = findingsAbout(findings);
      for (const a of result.artifacts)
        for (const r of a.regions ?? []) {
          const expected = findings.filter((f) => regionConcerns(r, f.source));
          expect(new Set(about(r)), `${c.name} ${a.path}:${r.start}`).toEqual(new Set(expected));
          compared += expected.length;
        }
    }
    expect(compared).toBeGreaterThan(100);
  });
});

describe("redactedLines", () => {
  it("keeps one line per line while masking what only the whole text shows", () => {
    const text = [
      "user --name=bob --password",
      "NEXT-1",
      "-----BEGIN PRIVATE KEY-----",
      "PEM-2",
      "-----END PRIVATE KEY-----",
      'password = """',
      "ML-3",
      '"""',
      "rootpw --plaintext ROOT-4",
      "plain line",
    ].join("\n");
    const lines = redactedLines(text);
    expect(lines).toHaveLength(10);
    expect(lines.join("\n")).not.toMatch(/NEXT-1|PEM-2|ML-3|ROOT-4/);
    expect(lines[2]).toBe("-----BEGIN PRIVATE KEY-----");
    expect(lines[4]).toBe("-----END PRIVATE KEY-----");
    expect(lines[9]).toBe("plain line");
  });

  it("code frames mask the body of a PEM private key too, which no line on its own shows to be secret", () => {
    const text = "%post\ncat > /etc/app/key.pem <<EOF\n-----BEGIN PRIVATE KEY-----\nPEM-BODY-1\n-----END PRIVATE KEY-----\nEOF\n%end";
    const lines = maskedLines(text);
    expect(lines).toHaveLength(7);
    expect(lines.join("\n")).not.toContain("PEM-BODY-1");
    expect(lines[2]).toBe("-----BEGIN PRIVATE KEY-----");
    expect(lines[5]).toBe("EOF");
  });
});
