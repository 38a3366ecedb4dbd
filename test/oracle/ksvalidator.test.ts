/**
 * Anaconda's own parser accepts every kickstart edge2bootc writes (issue 17): pykickstart's
 * ksvalidator, unmodified in ../shared/oracles/pykickstart (its ORIGIN.md), for the version the
 * kickstart is for: converted kickstarts for --target (RHEL9 or RHEL10), the installer kickstart
 * inside config.toml for the base image's major. ksvalidator turns parse warnings and deprecated
 * options into errors, as Anaconda's kickstart tests do.
 */
import TOML from "@iarna/toml";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Artifact } from "../../src/render/artifacts.js";
import { majorOf } from "../build/tier.js";
import { GOLDEN_CASES, runCase } from "../cases.js";
import { InputError } from "../../src/core/errors.js";
import { convertProject } from "../../src/convert.js";
import { CORPUS, listFiles, read, ROOT, tempDir, TEST_SALT_SEED } from "../helpers.js";

const ORACLE = process.env.E2B_PYKICKSTART ?? resolve(ROOT, "..", "shared", "oracles", "pykickstart");
const PYTHON = "/usr/bin/python3";

function unavailable(): string | undefined {
  if (!existsSync(join(ORACLE, "tools", "ksvalidator.py"))) return `no pykickstart oracle at ${ORACLE}`;
  const probe = spawnSync(PYTHON, ["-c", "import requests"], { encoding: "utf8" });
  return probe.status === 0 ? undefined : `${PYTHON} cannot import requests (apt-get install python3-requests)`;
}

/** Files of the public corpus (../shared/corpus), none when it is absent. */
const corpusFiles = (pattern: RegExp): string[] => listFiles(CORPUS).filter((path) => pattern.test(basename(path)));

const reason = unavailable();
if (reason) console.warn(`ksvalidator oracle skipped: ${reason}`);

/** Runs ksvalidator on one file from its own folder, so %include paths resolve as Anaconda would. */
export function ksvalidate(file: string, version: "RHEL9" | "RHEL10"): { code: number; out: string } {
  const r = spawnSync(PYTHON, [join(ORACLE, "tools", "ksvalidator.py"), "-i", "-v", version, basename(file)], {
    cwd: dirname(file),
    encoding: "utf8",
    env: { ...process.env, PYTHONPATH: ORACLE },
    timeout: 60_000,
  });
  return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

function write(artifacts: Artifact[]): string {
  const dir = tempDir("e2b-ks-");
  for (const a of artifacts) {
    mkdirSync(dirname(join(dir, a.path)), { recursive: true });
    writeFileSync(join(dir, a.path), a.contents);
  }
  return dir;
}

/** The kickstarts a case writes, with the pykickstart version each is for. */
function kickstartsOf(c: (typeof GOLDEN_CASES)[number], artifacts: Artifact[], dir: string): { file: string; version: "RHEL9" | "RHEL10" }[] {
  const target = c.options.kickstart?.target === "rhel10" ? "RHEL10" : "RHEL9";
  // Templated kickstarts hold Jinja placeholders that only exist once rendered: not a kickstart yet.
  // Files another kickstart %includes are validated inside it (-i), where they stand: a %post body fragment is no kickstart alone.
  const included = new Set(
    artifacts.flatMap((a) =>
      a.path.startsWith("kickstart/") ? [...a.contents.matchAll(/^\s*%include\s+(\S+)/gm)].map((m) => join(dirname(a.path), m[1]!)) : [],
    ),
  );
  const converted = artifacts
    .filter((a) => a.path.startsWith("kickstart/") && !included.has(a.path) && !/\.j2$/.test(a.path) && !/\{[{%#]/.test(a.contents))
    .map((a) => ({ file: join(dir, a.path), version: target as "RHEL9" | "RHEL10" }));
  // An installer image's kickstart installs with the bootc command, which only RHEL 10's Anaconda has (iso-route.ts).
  converted.push(
    ...artifacts.filter((a) => a.path === "installer/interactive-defaults.ks").map((a) => ({ file: join(dir, a.path), version: "RHEL10" as const })),
  );
  const config = artifacts.find((a) => a.path === "config.toml");
  const contents = config
    ? (TOML.parse(config.contents) as { customizations?: { installer?: { kickstart?: { contents?: string } } } }).customizations?.installer?.kickstart?.contents
    : undefined;
  if (contents === undefined) return converted;
  const from = /^FROM\s+(\S+)/m.exec(artifacts.find((a) => a.path === "Containerfile")?.contents ?? "")?.[1] ?? "";
  const installer = join(dir, "installer-kickstart.ks");
  writeFileSync(installer, contents);
  return [...converted, { file: installer, version: majorOf(from) === 10 ? "RHEL10" : "RHEL9" }];
}

describe.skipIf(reason !== undefined)("Anaconda's parser (pykickstart ksvalidator) accepts every kickstart we write", () => {
  let validated = 0;
  afterAll(() => console.log(`ksvalidator oracle: ${validated} kickstarts validated`));

  it.each(GOLDEN_CASES)(
    "$name",
    (c) => {
      const { artifacts } = runCase(c);
      const dir = write(artifacts);
      for (const { file, version } of kickstartsOf(c, artifacts, dir)) {
        const r = ksvalidate(file, version);
        expect(r.code, `${file.slice(dir.length + 1)} (${version}):\n${r.out}`).toBe(0);
        validated++;
      }
    },
    120_000,
  );

  // Every blueprint we have (fixtures and the public corpus) built as an installer ISO: its layout,
  // users and settings become the installer kickstart, the path where Anaconda sees them all.
  const blueprints = [
    ...GOLDEN_CASES.flatMap((c) => (c.blueprint ? [{ path: c.blueprint, text: read(join(ROOT, c.blueprint)) }] : [])),
    ...corpusFiles(/\.toml$/).map((path) => ({ path, text: read(join(CORPUS, path)) })),
    // layouts that become part/logvol lines: / without a size (it grows), LVM and plain partitions
    ...["lvm", "raw"].map((mode) => ({
      path: `inline/${mode}.toml`,
      text: `name = "x"\n[customizations]\npartitioning_mode = "${mode}"\n[[customizations.filesystem]]\nmountpoint = "/var/data"\nminsize = "2 GiB"\n[[customizations.filesystem]]\nmountpoint = "/data"\n`,
    })),
  ];
  it.each(blueprints.map((b) => [b.path, b] as const))(
    "%s as an edge-installer ISO",
    (_path, bp) => {
      for (const target of ["rhel9", "rhel10"] as const) {
        let result;
        try {
          result = convertProject(
            { blueprint: bp, kickstarts: [] },
            { salt: { seed: TEST_SALT_SEED }, sourceImageType: "edge-installer", kickstart: { target } },
          );
        } catch (e) {
          expect(e).toBeInstanceOf(InputError); // not a blueprint (a bib config, a composer source): nothing written
          return;
        }
        const dir = write(result.artifacts);
        for (const { file, version } of kickstartsOf({ name: bp.path, options: { kickstart: { target } }, expected: "" }, result.artifacts, dir)) {
          const r = ksvalidate(file, version);
          expect(r.code, `${bp.path} (${version}):\n${r.out}\n${read(file)}`).toBe(0);
          validated++;
        }
      }
    },
    120_000,
  );

  it("refuses a purposely broken kickstart (logvol without a size)", () => {
    const dir = tempDir("e2b-ks-");
    const file = join(dir, "broken.ks");
    writeFileSync(file, "volgroup rootvg pv.01\npart pv.01 --size=1 --grow\nlogvol / --vgname=rootvg --name=root --grow\n");
    const r = ksvalidate(file, "RHEL9");
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/size/i);
  });
});
