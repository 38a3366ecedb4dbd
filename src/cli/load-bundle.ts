/**
 * Loads the CLI bundle (cli.cjs) with a V8 code cache when one was written for it, the way
 * v8-compile-cache does for require(): compiling the 400 kB bundle, and then each function a run
 * calls, is a third of a conversion's start-up. The cache is written by code-cache.ts (after
 * install, by the Node.js that runs it); V8 rejects a cache from another V8 version or other
 * flags (`cachedDataRejected`) and compiles the source instead, and a cache whose recorded
 * digest is not the bundle's is never handed to V8 (V8 itself checks only the source length).
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { Script } from "node:vm";

export const CLI_BUNDLE = "cli.cjs";
export const CODE_CACHE = "cli.code-cache";
const MAGIC = "edge2bootc-code-cache-v1";

export interface CliModule {
  main(argv: string[]): Promise<void>;
  warmUp(): Promise<void>;
}

export interface LoadedCli {
  cli: CliModule;
  script: Script;
  /** What happened to the code cache: used, rejected by V8, not written for this bundle, or absent. */
  cache: "used" | "rejected" | "stale" | "none";
  sourceDigest: string;
}

const digestOf = (source: string) => createHash("sha256").update(source).digest("hex");

/** The cache file's bytes: a header line naming the bundle's digest, then V8's data. */
export function encodeCodeCache(sourceDigest: string, data: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${MAGIC} ${sourceDigest}\n`), data]);
}

function decodeCodeCache(bytes: Buffer, sourceDigest: string): Buffer | undefined {
  const header = `${MAGIC} ${sourceDigest}\n`;
  return bytes.subarray(0, header.length).toString("latin1") === header ? bytes.subarray(header.length) : undefined;
}

function readCache(dir: string): Buffer | undefined {
  try {
    return readFileSync(join(dir, CODE_CACHE));
  } catch {
    return undefined; // not written (install scripts skipped, a read-only install): compile as usual
  }
}

export function loadCli(dir: string): LoadedCli {
  const file = join(dir, CLI_BUNDLE);
  const source = readFileSync(file, "utf8");
  const sourceDigest = digestOf(source);
  const bytes = readCache(dir);
  const cachedData = bytes === undefined ? undefined : decodeCodeCache(bytes, sourceDigest);
  // The CommonJS wrapper Node puts around a module, so the bundle runs as if require()d.
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: file,
    ...(cachedData !== undefined ? { cachedData } : {}),
  });
  const module = { exports: {} as CliModule };
  script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file));
  const cache = bytes === undefined ? "none" : cachedData === undefined ? "stale" : script.cachedDataRejected === true ? "rejected" : "used";
  return { cli: module.exports, script, cache, sourceDigest };
}
