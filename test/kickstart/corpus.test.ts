import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors.js";
import { convertKickstart } from "../../src/kickstart/convert.js";
import { parseKickstart, printKickstart } from "../../src/kickstart/parse.js";
import { CORPUS, read } from "../helpers.js";
import { renderKickstart } from "../../src/render/kickstart.js";

const kickstarts = existsSync(CORPUS)
  ? readdirSync(CORPUS)
      .filter((d) => !d.includes("."))
      .flatMap((d) =>
        readdirSync(join(CORPUS, d))
          .filter((f) => /\.(ks|cfg|ks\.template)$/.test(f))
          .map((f) => join(d, f)),
      )
      .sort()
  : [];
if (!existsSync(CORPUS)) console.warn(`corpus tests skipped: ${CORPUS} does not exist (set E2B_CORPUS to a copy of shared/corpus)`);

describe.skipIf(kickstarts.length === 0)("corpus kickstarts (../shared/corpus)", () => {
  it.each(kickstarts)("%s parses and prints back byte-identical, or fails with a positioned error", (file) => {
    const text = read(join(CORPUS, file));
    try {
      expect(printKickstart(parseKickstart(text, file))).toBe(text);
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      for (const d of (e as InputError).diagnostics) {
        expect(d.source).toMatchObject({ file });
        expect(d.source.line).toBeGreaterThanOrEqual(1);
      }
    }
  });
});

describe.skipIf(kickstarts.length === 0)("corpus kickstarts converted to image mode", () => {
  const PAYLOADS = new Set(["ostreesetup", "ostreecontainer", "bootc"]);
  const SOURCES = new Set([...PAYLOADS, "liveimg", "url", "cdrom", "nfs", "harddrive", "hmc"]);
  const load = (path: string) => (existsSync(join(CORPUS, path)) ? read(join(CORPUS, path)) : undefined);
  const commandNames = (text: string) =>
    parseKickstart(text, "x").entries.flatMap((e) => (e.kind === "command" ? [e.name] : e.kind === "section" ? [e.name] : []));

  it.each(kickstarts)("%s: no ostreesetup left and exactly one payload when it had one, or a positioned error", (file) => {
    const text = read(join(CORPUS, file));
    let result;
    try {
      result = convertKickstart({ path: file, text }, load, { target: "rhel9", installer: "ostreecontainer", image: "quay.io/acme/edge:1" });
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      for (const d of (e as InputError).diagnostics) expect(d.source.line).toBeGreaterThanOrEqual(1);
      return;
    }
    const names = result.documents.flatMap((d) => commandNames(renderKickstart(d)));
    expect(names).not.toContain("ostreesetup");
    const hadSource = commandNames(text).some((n) => SOURCES.has(n) || n === "%packages");
    expect(names.filter((n) => PAYLOADS.has(n))).toHaveLength(hadSource ? 1 : 0);
    if (!hadSource) expect(result.findings.map((f) => f.id)).toContain("kickstart.no-payload");
    for (const c of result.coverage) expect(["moved", "reported"]).toContain(c.disposition);
  });
});
