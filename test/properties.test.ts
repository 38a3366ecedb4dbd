import fc from "fast-check";
import { existsSync, lstatSync, mkdirSync, readdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeCase, runCase, seeds } from "../bench/fuzz-lib.js";
import { parseBlueprint } from "../src/blueprint/parse.js";
import { codeFrame, InputError } from "../src/core/errors.js";
import { OutputConflictError, OutputFolderError, writeOutputFolder } from "../src/io/output-folder.js";
import { parseKickstart } from "../src/kickstart/parse.js";
import { ShlexError, shlexSplitDetailed } from "../src/kickstart/shlex.js";
import type { Artifact } from "../src/render/artifacts.js";
import { redactedLines, redactSecrets } from "../src/util/redact.js";
import { tempDir } from "./helpers.js";

/** Property tests: the same oracles as `npm run fuzz`, on fewer cases, in every test run. */
const RUNS = Number(process.env.PROPERTY_RUNS ?? 300);

/** Text biased towards what breaks parsers: brackets, quotes, escapes, control characters. */
const nasty = fc.string({
  unit: fc.constantFrom("[", "]", "{", "}", '"', "'", "\\", "=", "#", "%", "\n", "\r", "\t", "\u0000", "a", "b", "1", " ", ".", "-", "é"),
  maxLength: 80,
});

const ownErrorOnly = (run: () => unknown, ...allowed: (new (...a: never[]) => Error)[]) => {
  try {
    run();
  } catch (e) {
    if (!allowed.some((k) => e instanceof k)) throw e;
  }
};

describe("properties", () => {
  it("TOML → blueprint model: any text gives a model or a positioned InputError", () => {
    fc.assert(
      fc.property(fc.oneof(nasty, fc.string({ maxLength: 200 })), (text) => {
        try {
          parseBlueprint(text, "p.toml");
        } catch (e) {
          if (!(e instanceof InputError)) throw e;
          for (const d of e.diagnostics) expect(d.source.line).toBeGreaterThanOrEqual(1);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("kickstart tokenizer and parser: any line gives tokens or our own error", () => {
    fc.assert(
      fc.property(nasty, (text) => {
        for (const line of text.split("\n")) ownErrorOnly(() => shlexSplitDetailed(line), ShlexError);
        ownErrorOnly(() => parseKickstart(text, "p.ks"), InputError);
      }),
      { numRuns: RUNS },
    );
  });

  it("mutated fixtures: converted or InputError, no stray control character, one FROM, no planted secret in reports", () => {
    const pool = seeds();
    fc.assert(
      fc.property(fc.nat(), (n) => {
        const outcome = runCase(makeCase(7, n, pool));
        expect(outcome.message ?? "", outcome.status).toBe("");
        expect(["converted", "input-error"]).toContain(outcome.status);
      }),
      { numRuns: RUNS },
    );
  });

  it("redaction: a secret planted through any known path is masked in printed text and code frames", () => {
    // A value after "--opt " cannot start with "-" (argparse reads it as an option), so no shape plants one.
    const secret = fc.stringMatching(/^[A-Za-z0-9!%^*+.,:;?~-]{6,24}$/).filter((s) => !/^[.-]|^\d+$|^(true|false)$/.test(s));
    const shapes = [
      (s: string) => `user --name=a --password=${s}`,
      (s: string) => `user --name=a --passw ${s}`,
      (s: string) => `rootpw --plaintext ${s}`,
      (s: string) => `sshpw --username=a --plaintext ${s}`,
      (s: string) => `network --wpakey=${s}`,
      (s: string) => `part / --passphrase ${s}`,
      (s: string) => `url --url=ftp://user:${s}@host/x`,
      (s: string) => `password = "${s}"`,
      (s: string) => `x = { name = "a", password = '${s}' }`,
      (s: string) => `"auth": "${s}"`,
      (s: string) => `db_password=${s}`,
    ];
    fc.assert(
      fc.property(secret, fc.integer({ min: 0, max: shapes.length - 1 }), (s, k) => {
        const line = shapes[k]!(s);
        expect(redactSecrets(`before\n${line}\nafter`)).not.toContain(s);
        expect(codeFrame(`a = 1\n${line}\nb = 2\n`, 2, 1)).not.toContain(s);
        // The review page's line-for-line mask.
        const lines = redactedLines(`before\n${line}\nafter`);
        expect(lines).toHaveLength(3);
        expect(lines.join("\n")).not.toContain(s);
      }),
      { numRuns: RUNS },
    );
  });

  it("output writer: any artifact set is written inside the folder or refused with our error; nothing outside changes", () => {
    const segment = fc.constantFrom("a", "b", "..", ".", "", "etc", "x y", "link");
    const path = fc.array(segment, { minLength: 1, maxLength: 4 }).map((parts) => parts.join("/"));
    const artifacts = fc.uniqueArray(fc.record({ path: fc.oneof(path, fc.constantFrom("/abs/x", "../escape")), contents: fc.string({ maxLength: 10 }) }), {
      selector: (a) => a.path,
      maxLength: 6,
    });
    fc.assert(
      fc.property(artifacts, fc.boolean(), (items, withSymlink) => {
        const base = tempDir("e2b-prop-");
        const outside = join(base, "outside");
        mkdirSync(outside);
        const out = join(base, "out");
        if (withSymlink) {
          mkdirSync(out);
          symlinkSync(outside, join(out, "link"));
        }
        const list: Artifact[] = items.map((i) => ({ ...i, kind: "build-context" }));
        ownErrorOnly(() => writeOutputFolder(out, list, true), OutputFolderError, OutputConflictError);
        expect(readdirSync(outside)).toEqual([]);
        expect(readdirSync(base).sort()).toEqual(existsSync(out) ? ["out", "outside"] : ["outside"]);
        if (withSymlink) expect(lstatSync(join(out, "link")).isSymbolicLink()).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});
