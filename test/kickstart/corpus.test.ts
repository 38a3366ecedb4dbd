import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import { parseKickstart, printKickstart } from "../../src/kickstart/parse.js";
import { CORPUS, read } from "../helpers.js";

const kickstarts = existsSync(CORPUS)
  ? readdirSync(CORPUS)
      .filter((d) => !d.includes("."))
      .flatMap((d) => readdirSync(join(CORPUS, d)).filter((f) => /\.(ks|cfg|ks\.template)$/.test(f)).map((f) => join(d, f)))
      .sort()
  : [];

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
