#!/usr/bin/env node
/**
 * The edge2bootc bin: a CommonJS file, because the ES module loader alone costs ~40 ms of a
 * conversion's start-up on Node 20 (measured with `npm run bench`); it loads the bundled CLI
 * with its code cache (load-bundle.ts).
 */
import { loadCli } from "./load-bundle.js";

void loadCli(__dirname).cli.main(process.argv.slice(2));
