/** A generated edge repository of realistic size, for the batch benchmark. */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** About the size of the blueprints in ../shared/corpus: 20-40 packages, a few users, files and services. */
export function siteBlueprint(i: number): string {
  const packages = Array.from({ length: 20 + (i % 20) }, (_, p) => `[[packages]]\nname = "pkg-${p}"\nversion = "*"`);
  return [
    `name = "site-${i}"`,
    `description = "Edge image for site ${i}"`,
    'version = "1.2.0"',
    'distro = "rhel-9.6"',
    ...packages,
    '[[groups]]\nname = "container-management"',
    "[customizations]",
    `hostname = "edge-${i}.example.com"`,
    "[customizations.kernel]",
    'append = "console=ttyS0 quiet"',
    "[customizations.timezone]",
    'timezone = "Europe/Berlin"',
    'ntpservers = ["0.pool.ntp.org"]',
    "[customizations.locale]",
    'languages = ["en_US.UTF-8"]',
    'keyboard = "us"',
    "[customizations.services]",
    'enabled = ["sshd", "podman-auto-update.timer"]',
    'disabled = ["bluetooth"]',
    "[customizations.firewall]",
    'ports = ["22:tcp", "8080:tcp"]',
    "[customizations.firewall.services]",
    'enabled = ["ssh"]',
    "[[customizations.user]]",
    `name = "admin"`,
    'groups = ["wheel"]',
    `key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${i} admin@site"`,
    "[[customizations.group]]",
    'name = "app"',
    "gid = 1500",
    "[[customizations.directories]]",
    'path = "/etc/app"',
    'mode = "0755"',
    ...Array.from({ length: 4 }, (_, f) => `[[customizations.files]]\npath = "/etc/app/conf-${f}.ini"\nmode = "0644"\ndata = "site = ${i}\\nkey = ${f}\\n"`),
  ].join("\n");
}

/** An edge kickstart like the ones the fleet installs: storage, network, users, a payload and %post. */
export function siteKickstart(i: number): string {
  return [
    "lang en_US.UTF-8",
    "keyboard us",
    "timezone UTC --utc",
    "text",
    "zerombr",
    "clearpart --all --initlabel",
    "part /boot/efi --fstype=efi --size=200",
    "part /boot --fstype=xfs --size=800",
    "part pv.01 --grow",
    "volgroup rhel pv.01",
    "logvol / --vgname=rhel --fstype=xfs --size=10240 --name=root",
    `network --bootproto=dhcp --device=link --activate --hostname=edge-${i}`,
    "services --enabled=sshd",
    `user --name=ops --groups=wheel`,
    `sshkey --username=ops "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAK${i} ops@site"`,
    `ostreesetup --nogpg --osname=rhel --remote=edge --url=http://mirror.example.com/repo --ref=rhel/9/x86_64/edge`,
    "reboot",
    "%post --log=/var/log/anaconda/post-install.log --erroronfail",
    ...Array.from({ length: 25 }, (_, l) => `echo "provision step ${l} for site ${i}" >> /etc/motd`),
    "%end",
  ].join("\n");
}

/**
 * `sites` blueprints with a kickstart each: half of them next to their blueprint (paired by
 * name), half in a kickstarts/ folder on their own.
 */
export function writeRepo(dir: string, sites: number): number {
  for (let i = 0; i < sites; i++) {
    const site = join(dir, "sites", `site-${String(i).padStart(4, "0")}`);
    mkdirSync(site, { recursive: true });
    writeFileSync(join(site, "edge.toml"), `${siteBlueprint(i)}\n`);
    if (i % 2 === 0) writeFileSync(join(site, "edge.ks"), `${siteKickstart(i)}\n`);
    else {
      mkdirSync(join(dir, "kickstarts"), { recursive: true });
      writeFileSync(join(dir, "kickstarts", `site-${String(i).padStart(4, "0")}.ks`), `${siteKickstart(i)}\n`);
    }
  }
  return sites * 2;
}
