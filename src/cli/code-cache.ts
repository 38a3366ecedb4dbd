/**
 * Writes the CLI bundle's V8 code cache (load-bundle.ts) after one warm-up conversion, so the
 * cache holds the functions a conversion compiles. Run by `npm run compile`, the tool's
 * Containerfile, and optionally once after an npm install (README); not by `postinstall`, because
 * an install script makes npm link a global git install to a clone it deletes (npm/cli#9406).
 * Without a cache the CLI compiles the bundle as usual.
 */
import { renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CODE_CACHE, encodeCodeCache, loadCli } from "./load-bundle.js";

async function writeCodeCache(dir: string): Promise<string> {
  const { cli, script, sourceDigest } = loadCli(dir);
  await cli.warmUp();
  const target = join(dir, CODE_CACHE);
  const temp = `${target}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, encodeCodeCache(sourceDigest, script.createCachedData()));
    renameSync(temp, target);
  } finally {
    rmSync(temp, { force: true });
  }
  return target;
}

writeCodeCache(__dirname).then(
  (file) => process.stdout.write(`edge2bootc: wrote ${file} (${process.version})\n`),
  (e: Error) => process.stdout.write(`edge2bootc: no code cache written (${e.message}); the CLI works without it, only slower to start\n`),
);
