/**
 * npm run bench: conversion throughput on large generated inputs.
 * Speed targets live here, not in unit tests.
 */
import { convert } from "../src/convert.js";
import { convertKickstart } from "../src/kickstart/convert.js";
import { parseKickstart } from "../src/kickstart/parse.js";

function largeBlueprint(packages: number, files: number, users: number): string {
  const parts = ['name = "bench"', 'version = "1.0.0"', 'distro = "rhel-9.6"'];
  for (let i = 0; i < packages; i++) parts.push(`[[packages]]\nname = "pkg-${i}"\nversion = "*"`);
  for (let i = 0; i < users; i++) parts.push(`[[customizations.user]]\nname = "user${i}"\nkey = "ssh-ed25519 AAAA${i}"`);
  for (let i = 0; i < files; i++) parts.push(`[[customizations.files]]\npath = "/etc/bench/file-${i}.conf"\ndata = "value = ${i}\\n"`);
  return parts.join("\n") + "\n";
}

/** Commands of every kind plus long %post scripts, as big kickstarts are. */
function largeKickstart(blocks: number): string {
  const parts = ["lang en_US.UTF-8", "timezone UTC", "ostreesetup --nogpg --osname=rhel --url=https://h/repo --ref=rhel/9/x86_64/edge"];
  for (let i = 0; i < blocks; i++) {
    parts.push(
      `user --name=u${i} --groups=wheel`,
      `sshkey --username=u${i} "ssh-ed25519 AAAA${i} u${i}@h"`,
      `network --device=eth${i} --bootproto=dhcp # nic ${i}`,
      `logvol /srv/d${i} --vgname=rhel --size=100 --name=d${i}`,
    );
    parts.push("%post --log=/var/log/post.log", ...Array.from({ length: 20 }, (_, j) => `echo "step ${i}.${j}" >> /etc/motd`), "%end");
  }
  return parts.join("\n") + "\n";
}

function measure(label: string, lines: number, run: () => unknown) {
  run(); // warm-up: template compilation and JIT
  const runs = 5;
  const start = process.hrtime.bigint();
  for (let i = 0; i < runs; i++) run();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9 / runs;
  const heapMiB = process.memoryUsage().heapUsed / 2 ** 20;
  console.log(`${label}: ${lines} lines in ${(seconds * 1000).toFixed(1)} ms per run, ${Math.round(lines / seconds)} lines/s, heap ${heapMiB.toFixed(0)} MiB`);
}

const blueprint = largeBlueprint(2000, 1000, 200);
measure("blueprint convert", blueprint.split("\n").length, () => convert({ path: "bench.toml", text: blueprint }));
const kickstart = largeKickstart(2000);
const ksLines = kickstart.split("\n").length;
measure("kickstart parse", ksLines, () => parseKickstart(kickstart, "bench.ks"));
measure("kickstart convert", ksLines, () =>
  convertKickstart({ path: "bench.ks", text: kickstart }, () => undefined, { target: "rhel9", installer: "ostreecontainer", image: "quay.io/a/b:1" }),
);

/**
 * Shapes that once made conversion quadratic (coverage copied a list per finding): many files
 * under one table, and many unknown keys. Each doubles the input; the ratio should stay near 2.
 * Sizes stay under MAX_BLUEPRINT_VALUES (10,000 keys and values; a file entry has two).
 */
function scaling(label: string, sizes: number[], make: (n: number) => string) {
  let previous: number | undefined;
  for (const n of sizes) {
    const text = make(n);
    const start = process.hrtime.bigint();
    convert({ path: "bench.toml", text });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const ratio = previous === undefined ? "" : `, ×${(seconds / previous).toFixed(2)} for ×2 input`;
    console.log(`${label}: n=${n} in ${seconds.toFixed(2)} s${ratio}`);
    previous = seconds;
  }
}

scaling(
  "files under /opt",
  [1_200, 2_400, 4_800],
  (n) => ['name = "bench"', ...Array.from({ length: n }, (_, i) => `[[customizations.files]]\npath = "/opt/app/f-${i}"\ndata = "x"`)].join("\n") + "\n",
);
scaling(
  "unknown keys",
  [2_400, 4_800, 9_600],
  (n) => ['name = "bench"', "[customizations]", ...Array.from({ length: n }, (_, i) => `unknown_key_${i} = ${i}`)].join("\n") + "\n",
);

// Past the cap the input is refused with its position, quickly and in little memory.
{
  const text = ['name = "bench"', "[customizations]", ...Array.from({ length: 100_000 }, (_, i) => `unknown_key_${i} = ${i}`)].join("\n") + "\n";
  const start = process.hrtime.bigint();
  let refused = "";
  try {
    convert({ path: "bench.toml", text });
  } catch (e) {
    refused = (e as Error).message.split("\n")[0] ?? "";
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(`100,000 unknown keys: refused in ${seconds.toFixed(2)} s (${refused || "NOT refused"})`);
}
