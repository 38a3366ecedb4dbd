/**
 * npm run bench: conversion throughput on a large generated blueprint.
 * Speed targets live here, not in unit tests.
 */
import { convert } from "../src/convert.js";

function largeBlueprint(packages: number, files: number, users: number): string {
  const parts = ['name = "bench"', 'version = "1.0.0"', 'distro = "rhel-9.6"'];
  for (let i = 0; i < packages; i++) parts.push(`[[packages]]\nname = "pkg-${i}"\nversion = "*"`);
  for (let i = 0; i < users; i++) parts.push(`[[customizations.user]]\nname = "user${i}"\nkey = "ssh-ed25519 AAAA${i}"`);
  for (let i = 0; i < files; i++) parts.push(`[[customizations.files]]\npath = "/etc/bench/file-${i}.conf"\ndata = "value = ${i}\\n"`);
  return parts.join("\n") + "\n";
}

const text = largeBlueprint(2000, 1000, 200);
const lines = text.split("\n").length;
convert({ path: "bench.toml", text }); // warm-up: template compilation and JIT
const runs = 5;
const start = process.hrtime.bigint();
for (let i = 0; i < runs; i++) convert({ path: "bench.toml", text });
const seconds = Number(process.hrtime.bigint() - start) / 1e9 / runs;
const heapMiB = process.memoryUsage().heapUsed / 2 ** 20;
console.log(`blueprint convert: ${lines} lines in ${(seconds * 1000).toFixed(1)} ms per run, ${Math.round(lines / seconds)} lines/s, heap ${heapMiB.toFixed(0)} MiB`);
