/**
 * A stand-in RHEL for edge device for the runbook and playbook tests: shell stand-ins for
 * rpm-ostree, bootc, ostree, systemctl, getent, rpm, df and hostname that keep the device's state in
 * files and record every call. With a fixture snapshot (fixtures/device/<name>) it also has a root
 * folder holding the fixture's files, and its tools print what the fixture recorded, so the
 * collector (EDGE2BOOTC_DEVICE_ROOT) snapshots it like the device the fixture came from.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "../helpers.js";

export interface StandInDevice {
  state: string;
  root: string;
  bin: string;
  /** The environment the device's commands run with: its tools first on PATH. */
  env: Record<string, string>;
  calls(): string[];
  run(script: string, args?: string[], env?: NodeJS.ProcessEnv): { code: number | null; out: string };
}

/** Where each file of a snapshot lives on the device. */
const ON_DEVICE: [string, string][] = [
  ["os-release", "etc/os-release"],
  ["etc/passwd", "etc/passwd"],
  ["etc/group", "etc/group"],
  ["usr-lib/passwd", "usr/lib/passwd"],
  ["usr-lib/group", "usr/lib/group"],
  ["nsswitch.conf", "etc/nsswitch.conf"],
  ["rpm-ostreed.conf", "etc/rpm-ostreed.conf"],
];

export function standInDevice(withBootc: boolean, options: { fixture?: string; name?: string } = {}): StandInDevice {
  const dir = tempDir();
  const state = join(dir, "device");
  const bin = join(dir, "bin");
  const root = join(dir, "root");
  const fixture = options.fixture ?? "";
  for (const d of [state, bin, root]) mkdirSync(d);
  if (fixture) {
    for (const [from, to] of ON_DEVICE)
      if (existsSync(join(fixture, from))) {
        mkdirSync(join(root, to, ".."), { recursive: true });
        cpSync(join(fixture, from), join(root, to));
      }
    if (existsSync(join(fixture, "remotes"))) cpSync(join(fixture, "remotes"), join(root, "etc/ostree/remotes.d"), { recursive: true });
    if (read(fixture, "auth.present").trim() === "yes") {
      mkdirSync(join(root, "etc/ostree"), { recursive: true });
      writeFileSync(join(root, "etc/ostree/auth.json"), "{}\n");
    }
    if (existsSync(join(fixture, "etc/passwd"))) writeFileSync(join(state, "users"), read(fixture, "etc/passwd").replace(/:.*$/gm, ""));
  }
  const tool = (name: string, body: string) => {
    writeFileSync(join(bin, name), `#!/bin/sh\necho "${name} $*" >> "${state}/calls"\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  };
  const recorded = (file: string) => (existsSync(join(fixture, file)) ? `cat '${join(fixture, file)}'` : ":");
  const deployments = `
    printf '{ "deployments": ['
    sep=''
    if [ -s "${state}/staged" ] && [ "$2" != --booted ]; then printf '{ "staged": true, "container-image-reference": "%s" }' "$(cat "${state}/staged")"; sep=','; fi
    if [ -s "${state}/booted" ]; then printf '%s{ "booted": true, "container-image-reference": "%s" }' "$sep" "$(cat "${state}/booted")";
    else printf '%s{ "booted": true, "origin": "edge:rhel/9/x86_64/edge" }' "$sep"; fi
    printf '], "transaction": null }\\n'`;
  const status = fixture
    ? `if [ -s "${state}/staged" ] || [ -s "${state}/booted" ]; then ${deployments}; else ${recorded("rpm-ostree-status.json")}; fi`
    : deployments;
  tool(
    "rpm-ostree",
    `case $1 in
  status) ${status} ;;
  kargs) ${recorded("kargs.txt")} ;;
  rebase) [ -z "\${PULL_FAIL:-}" ] || { echo "error: pulling $2: connection refused" >&2; exit 1; }; echo "$2" > "${state}/staged" ;;
esac`,
  );
  if (withBootc)
    tool(
      "bootc",
      `case $1 in
  switch) [ -z "\${PULL_FAIL:-}" ] || exit 1; echo "ostree-unverified-registry:$2" > "${state}/staged" ;;
  status) case "$*" in *--booted*) [ -s "${state}/booted" ] ;; *) ${recorded("bootc-status.json")} ;; esac ;;
esac`,
    );
  tool("ostree", `case "$*" in "admin config-diff") ${recorded("config-diff.txt")} ;; esac`);
  const units = join(fixture, "units.txt");
  tool(
    "systemctl",
    `case $1 in
  --failed) [ ! -e "${state}/failed" ] || cat "${state}/failed" ;;
  is-enabled) state=$(grep "^$2 " '${units}' 2>/dev/null | cut -d' ' -f2); [ -n "$state" ] || { echo not-found; exit 1; }; echo "$state" ;;
esac`,
  );
  tool("getent", `grep -qx "$2" "${state}/users"`);
  tool("rpm", recorded("rpm-q.txt"));
  tool("df", recorded("df.txt"));
  tool("hostname", `echo ${options.name ?? "device"}`);
  tool("sleep", "");
  // The reboot: the staged deployment becomes the booted one, and the boot id changes.
  tool(
    "stand-in-reboot",
    `[ ! -s "${state}/staged" ] || mv "${state}/staged" "${state}/booted"; echo $(( $(cat "${state}/boot_id" 2>/dev/null || echo 0) + 1 )) > "${state}/boot_id"`,
  );
  writeFileSync(join(state, "boot_id"), "0\n");
  const env = { PATH: `${bin}:/usr/bin:/bin`, EDGE2BOOTC_STATE: join(state, "var-lib-edge2bootc"), EDGE2BOOTC_DEVICE_ROOT: root };
  return {
    state,
    root,
    bin,
    env,
    calls: () => (existsSync(join(state, "calls")) ? readFileSync(join(state, "calls"), "utf8").trim().split("\n").filter(Boolean) : []),
    run(script, args = [], extra = {}) {
      writeFileSync(join(state, "calls"), "");
      const r = spawnSh(script, args, { ...env, ...extra });
      return { code: r.status, out: `${r.stdout}${r.stderr}` };
    },
  };
}

const read = (dir: string, file: string) => (existsSync(join(dir, file)) ? readFileSync(join(dir, file), "utf8") : "");
const spawnSh = (script: string, args: string[], env: NodeJS.ProcessEnv) => spawnSync("sh", [script, ...args], { encoding: "utf8", env });
