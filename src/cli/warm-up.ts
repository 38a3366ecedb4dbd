import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run } from "./program.js";

/** A small project using the common keys, so a warm-up compiles the code an everyday conversion runs. */
const SAMPLE_BLUEPRINT = `name = "warm-up"
version = "1.0.0"
distro = "rhel-9.6"
[[packages]]
name = "nginx"
[[groups]]
name = "container-management"
[customizations]
hostname = "edge"
[customizations.kernel]
append = "console=ttyS0 quiet"
[customizations.timezone]
timezone = "UTC"
ntpservers = ["ntp.example.com"]
[customizations.locale]
languages = ["en_US.UTF-8"]
keyboard = "us"
[customizations.firewall]
ports = ["22:tcp"]
[customizations.services]
enabled = ["nginx.service"]
[[customizations.user]]
name = "admin"
key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIWarmUpKeyOnly admin@example"
groups = ["wheel"]
[[customizations.directories]]
path = "/etc/app"
[[customizations.files]]
path = "/etc/app/app.conf"
data = "port = 8080\\n"
`;

const SAMPLE_KICKSTART = `lang en_US.UTF-8
timezone UTC --utc
network --bootproto=dhcp --device=link --activate
zerombr
clearpart --all --initlabel
autopart
rootpw --lock
ostreesetup --nogpg --osname=rhel --remote=edge --url=https://ostree.example.com/repo --ref=rhel/9/x86_64/edge
%post --log=/var/log/post.log
echo done
%end
`;

/**
 * Runs one conversion of a sample project, start to finish, in a temporary folder it removes: the
 * code-cache writer (code-cache.ts) calls it so the cache holds the functions a run compiles.
 */
export async function warmUp(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "edge2bootc-warm-up-"));
  try {
    writeFileSync(join(dir, "blueprint.toml"), SAMPLE_BLUEPRINT);
    writeFileSync(join(dir, "edge.ks"), SAMPLE_KICKSTART);
    const silent = { stdout: () => {}, stderr: () => {}, env: {}, cwd: dir, stderrIsTTY: false };
    const code = await run(["convert", "blueprint.toml", "--kickstart", "edge.ks", "-o", "out"], silent);
    if (code !== 0) throw new Error(`the warm-up conversion exited ${code}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
