import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseBlueprint } from "../src/blueprint/parse.js";
import type { MigrationContext, MigrationOptions } from "../src/migrate/resolve/context.js";
import { resolveProject } from "../src/migrate/resolve/project.js";
import { passwordHasher } from "../src/util/crypt.js";
import type { Finding, MapperOutput } from "../src/plan/types.js";

/** Tests hash plaintext passwords with a fixed seed so that outputs are comparable. */
export const TEST_SALT_SEED = "edge2bootc-test-fixtures";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
/** Real public inputs, never copied into the project: E2B_CORPUS, else ../shared/corpus beside the checkout. */
export const CORPUS = process.env.E2B_CORPUS ?? resolve(ROOT, "..", "shared", "corpus");
/** The CLI as it ships: the bundle (scripts/bundle.mjs), which `npm test` builds first. */
export const CLI = join(ROOT, "dist", "bundle", "edge2bootc.cjs");

/** Runs one mapper on a blueprint written inline, with the options a conversion would have (deploy-time types, bib profile, ...). */
export function runMapper(toml: string, mapper: (ctx: MigrationContext) => MapperOutput, options: MigrationOptions | string = {}) {
  const parsed = parseBlueprint(toml, "bp.toml");
  const opts: MigrationOptions = typeof options === "string" ? { baseImage: options } : options;
  const ctx = resolveProject(parsed.blueprint, opts, parsed.locate, passwordHasher({ seed: TEST_SALT_SEED }));
  const out = mapper(ctx);
  return {
    ...out,
    steps: out.steps ?? [],
    files: out.files ?? [],
    tmpfiles: out.tmpfiles ?? [],
    sysusers: out.sysusers ?? [],
    findings: out.findings ?? [],
    coverage: out.coverage ?? [],
  };
}

export const ids = (findings: Finding[]) => findings.map((f) => f.id);

/** Every step as the text a reader would see: the run commands, or the COPY/install summary. */
export function stepTexts(out: { steps: NonNullable<MapperOutput["steps"]> }): string[] {
  return out.steps.map((s) =>
    s.kind === "run"
      ? s.commands.join(" && ")
      : s.kind === "copy"
        ? `COPY ${s.chmod ?? ""} ${s.chown ?? ""} ${s.source} ${s.destination}`.replace(/\s+/g, " ")
        : `dnf install ${s.packages.join(" ")}${s.then ? ` && ${s.then.join(" && ")}` : ""}`,
  );
}

export function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else out.push(relative(dir, full).split("\\").join("/"));
    }
  };
  walk(dir);
  return out;
}

export const tempDir = (prefix = "e2b-") => mkdtempSync(join(tmpdir(), prefix));
export const read = (path: string) => readFileSync(path, "utf8");
