/**
 * The rule catalogue: every finding id edge2bootc raises, defined once with what it is about.
 * Findings carry the specifics (title, detail, remediation); the catalogue gives SARIF its rules
 * and docs/rules.md its sections (npm run docs:rules), like a linter's rule index.
 */
export interface Rule {
  /** One line: what the rule is about, whatever the input. */
  summary: string;
}

export const RULES = {
  "batch.input-error": { summary: "a file of a batch could not be converted: it is listed with its positioned error" },
  "bib.filesystem-and-disk": { summary: "filesystem next to disk: bootc-image-builder takes one of them, disk is kept" },
  "bib.filesystem-as-disk": { summary: "mountpoints bootc-image-builder refuses in filesystem became an LVM disk layout" },
  "bib.key-not-for-image-type": { summary: "a config.toml key the target image type does not apply was left out" },
  "bib.layout-in-kickstart": { summary: "an installer ISO ignores filesystem and disk: the layout went into the installer kickstart" },
  "bib.layout-key-unused": { summary: "disk layout keys without a kickstart form were not carried over" },
  "bib.mountpoint-created": { summary: "a mount point outside /var is created in the read-only image" },
  "bib.mountpoint-refused": { summary: "mountpoints the chosen bootc-image-builder release cannot create" },
  "bib.partitioning-mode": { summary: "partitioning_mode has no bootc-image-builder setting" },
  "bib.profile-lacks-key": { summary: "the chosen bootc-image-builder release does not know this key" },
  "blueprint.minimal-removed": { summary: "minimal was removed from the blueprint format" },
  "blueprint.unknown-key": { summary: "a key the blueprint format does not have" },
  "containers.bound-images-unsupported": { summary: "logically bound images need RHEL 9.5 or later" },
  "containers.local-storage": { summary: "an image taken from the build host's storage" },
  "containers.logically-bound": { summary: "images bound to the bootc image's lifecycle, pulled by bootc" },
  "containers.physical-for-release": { summary: "images embedded because the target release has no logically bound images" },
  "containers.physically-bound": { summary: "images copied into the bootc image for offline devices" },
  "containers.rename": { summary: "a logically bound image cannot be stored under another name" },
  "containers.storage-path": { summary: "containers-storage.destination-path has no image-mode equivalent" },
  "convert.unaccounted-key": { summary: "a key no converter handled (a bug in edge2bootc)" },
  "dnf.releasever-unknown": { summary: "set_releasever without a minor release to pin" },
  "fdo.manual": { summary: "FIDO Device Onboarding needs manual setup in image mode" },
  "files.duplicate-path": { summary: "two entries write the same file; the later wins" },
  "files.forbidden-path": { summary: "a path that cannot be shipped in a bootc image" },
  "files.invalid-mode": { summary: "a mode that is not an octal permission" },
  "files.new-top-level-directory": { summary: "a new top-level directory in the image" },
  "files.owner-set-at-boot": { summary: "ownership applied at boot because the owner does not exist at build time" },
  "files.private-var-seed": { summary: "a private file under /var is copied at boot from a root-only copy in the image" },
  "files.read-only-image-path": { summary: "content under a path that is read-only on the device" },
  "files.reserved-path": { summary: "a blueprint file at the path of a file edge2bootc generates" },
  "files.secret-in-image": { summary: "a file that looks like a secret is baked into the image" },
  "files.unsafe-path": { summary: "a path that is not absolute or contains .." },
  "files.uri-not-converted": { summary: "file content referenced by uri is not fetched" },
  "files.var-via-tmpfiles": { summary: "content under /var is created at boot by systemd-tmpfiles" },
  "firewall.firewalld-added": { summary: "firewalld is installed and enabled for the firewall settings" },
  "firewall.invalid-port": { summary: "a port that firewalld does not accept" },
  "firewall.port-syntax": { summary: "a port written port/proto instead of port:proto" },
  "firstboot.script-incomplete": { summary: "a first-boot script entry without what its type needs" },
  "firstboot.units": { summary: "first-boot scripts run once from oneshot units" },
  "hostname.baked": { summary: "one hostname baked into every machine" },
  "ignition.embedded": { summary: "an embedded Ignition config cannot be carried over" },
  "ignition.manual": { summary: "Ignition needs manual setup in image mode" },
  "installer.account-in-kickstart": { summary: "an account the installer kickstart already defines is not added twice" },
  "installer.device": { summary: "installation_device in image mode" },
  "installer.kernel-args": { summary: "the installer kickstart carries the blueprint's kernel arguments (bootloader --append)" },
  "installer.kernel-args-not-installed": { summary: "kernel arguments that an ISO install would not apply" },
  "installer.kickstart-for-layout": { summary: "an installer kickstart written for a disk layout replaces bootc-image-builder's defaults" },
  "installer.kickstart-invalid": { summary: "the installer kickstart is one the installer rejects" },
  "installer.kickstart-unparsed": { summary: "the installer kickstart could not be parsed and checked" },
  "installer.layout-conflict": { summary: "both the installer kickstart and the blueprint describe a disk layout" },
  "installer.no-equivalent": { summary: "an installer key with no image-mode equivalent" },
  "installer.not-an-installer": { summary: "an installer key in a conversion that builds no installer" },
  "installer.payload-stripped": { summary: "payload commands and package sources removed from the installer kickstart" },
  "installer.sudo-nopasswd": { summary: "passwordless sudo moves into the image" },
  "installer.unattended": { summary: "bootc-image-builder ISOs are unattended already" },
  "kernel.append-kargs-d": { summary: "kernel arguments ship in /usr/lib/bootc/kargs.d" },
  "kernel.default-flavour": { summary: "kernel.name names the base image's own kernel" },
  "kernel.flavour-swap": { summary: "the base image's kernel is replaced by another flavour" },
  "kickstart.already-image-mode": { summary: "a kickstart that already installs an image" },
  "kickstart.bootc-imgref": { summary: "bootc image references with a wrong transport prefix" },
  "kickstart.bootc-needs-rhel-10-2": { summary: "the bootc kickstart command needs the RHEL 10.2 installer or later" },
  "kickstart.bootc-on-rhel9": { summary: "the bootc kickstart command does not exist on RHEL 9" },
  "kickstart.bootloader-option-ignored": { summary: "bootloader options that have no effect with an image payload" },
  "kickstart.comment-in-word": { summary: "an unquoted # cuts a kickstart line short" },
  "kickstart.duplicate-command": { summary: "a single-use kickstart command given more than once" },
  "kickstart.duplicate-data": { summary: "one kickstart object defined twice" },
  "kickstart.gpg-verification": { summary: "ostree GPG verification has no kickstart equivalent" },
  "kickstart.ignored-with-image": { summary: "commands and sections the installer ignores next to an image payload" },
  "kickstart.image-placeholder": { summary: "no image reference was given: a placeholder was written" },
  "kickstart.include-outside-project": { summary: "an included file outside the kickstart's folder is not written" },
  "kickstart.include-unresolved": { summary: "an %include that could not be followed" },
  "kickstart.kdump-addon": { summary: "the kdump add-on needs kexec-tools in the image" },
  "kickstart.kernel-args-added": { summary: "the blueprint's kernel arguments were added to the kickstart's bootloader --append" },
  "kickstart.kernel-args-missing": { summary: "the kickstart's bootloader --append lacks kernel arguments the blueprint sets" },
  "kickstart.mountpoint-not-in-image": { summary: "a kickstart mount point outside /var that the read-only image must already have" },
  "kickstart.no-payload": { summary: "a kickstart without an install payload" },
  "kickstart.not-supported-with-bootc": { summary: "a command not listed as supported with the bootc kickstart command" },
  "kickstart.option-abbreviated": { summary: "an abbreviated kickstart option" },
  "kickstart.ostree-remote-removed": { summary: "a %post line that writes an ostree remote is removed for bootc installs" },
  "kickstart.payload-converted": { summary: "ostreesetup became ostreecontainer or bootc" },
  "kickstart.payload-replaced": { summary: "a package payload became the image payload" },
  "kickstart.registry-auth": { summary: "registry credentials written by the kickstart" },
  "kickstart.removed-command": { summary: "a kickstart command removed for RHEL 10" },
  "kickstart.script-body": { summary: "a file of shell lines, meant to be included in a script section" },
  "kickstart.script-fips-mode-setup": { summary: "a script turns on FIPS after installation" },
  "kickstart.script-greenboot": { summary: "a script configures greenboot" },
  "kickstart.script-ostree-admin": { summary: "a script runs ostree admin" },
  "kickstart.script-ostree-remote": { summary: "a script configures an ostree remote" },
  "kickstart.script-pull-secret": { summary: "a script writes the MicroShift pull secret" },
  "kickstart.script-rpm-ostree-kargs": { summary: "a script changes kernel arguments with rpm-ostree" },
  "kickstart.script-rpm-ostree-layering": { summary: "a script layers packages or changes the initramfs with rpm-ostree" },
  "kickstart.script-rpm-ostree-rebase": { summary: "a script rebases or upgrades with rpm-ostree" },
  "kickstart.script-update-policy": { summary: "a script configures rpm-ostreed automatic updates" },
  "kickstart.script-writes-usr": { summary: "a script writes under /usr, which is read-only" },
  "kickstart.section-option": { summary: "a section header option the installer rejects" },
  "kickstart.template-placeholder": { summary: "a template placeholder kept as written" },
  "kickstart.traceback-renamed": { summary: "%traceback became %onerror" },
  "kickstart.unknown-command": { summary: "a command the installer does not know" },
  "locale.first-language-only": { summary: "only the first language becomes LANG" },
  "locale.unknown-language": { summary: "a language with no langpack to install" },
  "metadata.version-not-semver": { summary: "a blueprint version that is not semantic versioning" },
  "microshift.base-image": { summary: "the bootc base image for a MicroShift image, and the EUS alternative" },
  "microshift.config-default": { summary: "no /etc/microshift/config.yaml: MicroShift runs with its defaults" },
  "microshift.config-host-specific": { summary: "a MicroShift config that names one machine belongs in the kickstart, not the image" },
  "microshift.detected": { summary: "the blueprint is a MicroShift one, and which MicroShift version it is for" },
  "microshift.firewall-added": { summary: "MicroShift's mandatory firewall sources were added" },
  "microshift.firewall-redundant": { summary: "a kickstart %post adds firewall rules the image already has" },
  "microshift.greenboot": { summary: "greenboot is installed and enabled for MicroShift's health checks" },
  "microshift.make-rshared": { summary: "a unit makes / a shared mount when the image runs as a container, as OVN needs" },
  "microshift.low-latency": { summary: "kernel-rt for MicroShift becomes microshift-low-latency with tuned" },
  "microshift.lvm-no-free-space": { summary: "the disk layout leaves no free space in the volume group for MicroShift's storage" },
  "microshift.not-detected": { summary: "keys hint at MicroShift but the blueprint installs neither its package nor its service" },
  "microshift.ownership-drop-in": { summary: "a drop-in repairs openvswitch ownership on devices moved from an edge commit" },
  "microshift.packages-added": { summary: "MicroShift packages the image needs were added" },
  "microshift.pull-secret": { summary: "the CRI-O pull secret moves out of the image into the kickstart" },
  "microshift.release-images": { summary: "MicroShift's release images are embedded from microshift-release-info at build time" },
  "microshift.rhel-pairing": { summary: "a MicroShift release on a RHEL minor the compatibility matrix does not pair it with" },
  "microshift.repos-enabled": { summary: "the OpenShift and fast-datapath repositories are enabled for the build" },
  "microshift.repos-unverified": { summary: "the RHEL 10 OpenShift and fast-datapath repository ids are not in Red Hat's docs" },
  "packages.kernel-already-in-base": { summary: "the kernel package is already in the base image" },
  "packages.modularity-removed": { summary: "module streams do not exist on RHEL 10" },
  "packages.second-kernel": { summary: "a second kernel package would break the one-kernel rule" },
  "parity.auto-updates": { summary: "bootc updates and reboots on its own; edge only staged updates when told to" },
  "parity.disabled": { summary: "the edge parity layer was left out" },
  "parity.disk-layout": { summary: "the LUKS + LVM layout of edge disk images is not reproduced" },
  "parity.edge-defaults": { summary: "what edge commits shipped and the bootc base image lacks is restored" },
  "parity.edge-update-machinery": { summary: "edge's rpm-ostree update machinery carried into the image" },
  "platform.architecture": { summary: "architecture becomes the build's --platform" },
  "platform.base-image-defaulted": { summary: "no usable distro: the default base image is used" },
  "platform.base-image-overridden": { summary: "--base-image overrides the distro" },
  "platform.rhel8-fleet": { summary: "a RHEL 8 edge project: its devices cannot switch to a bootc image directly" },
  "platform.release-without-bootc-image": { summary: "a RHEL release without a bootc image: the first one that has one is used" },
  "repositories.gpgkey-invalid": { summary: "a gpgkeys entry that is neither an armored key nor a URL" },
  "repositories.invalid-name": { summary: "a repository id or file name that is not a file name" },
  "repositories.runtime-only": { summary: "repositories added after the package layer, as composer never installed from them" },
  "security.cacert-invalid": { summary: "a CA bundle without a PEM certificate" },
  "security.fips": { summary: "FIPS mode must be on from installation" },
  "security.openscap": { summary: "OpenSCAP remediation at build time" },
  "security.openscap-unused": { summary: "OpenSCAP keys that were not applied" },
  "sshd.permit-root-login": { summary: "a PermitRootLogin value sshd does not accept" },
  "time.invalid-timezone": { summary: "a time zone that is not a tz database name" },
  "time.ntp-replaces-pool": { summary: "NTP servers replace the image's pool lines" },
  "users.authorized-keys-first-boot": { summary: "SSH keys are written at boot, only when authorized_keys is missing" },
  "users.baked-with-useradd": { summary: "an account created with useradd in the image" },
  "users.deploy-time": { summary: "accounts created when the machine is made, not in the image" },
  "users.group-in-base-image": { summary: "a group the base image already has is not created again" },
  "users.home-outside-var": { summary: "a home outside /var is read-only on the device" },
  "users.key-not-installed": { summary: "an SSH key that could not be installed" },
  "users.login-uid": { summary: "a login user created by systemd-sysusers gets a regular uid from 1000" },
  "users.password-in-image": { summary: "a password hash baked into the image" },
  "users.password-plaintext": { summary: "a plaintext password was hashed" },
  "users.primary-group-added": { summary: "a group added for a disk-image user whose gid names none" },
  "users.primary-group-missing": { summary: "a disk-image user's gid names no group the blueprint defines" },
  "users.root-field-ignored": { summary: "root attributes that cannot be changed" },
  "users.sshkey-deprecated": { summary: "customizations.sshkey is deprecated" },
  "users.sshkey-overridden": { summary: "an sshkey entry replaced by a user entry's key" },
} as const satisfies Record<string, Rule>;

export type RuleId = keyof typeof RULES;

export function isRuleId(id: string): id is RuleId {
  return Object.hasOwn(RULES, id);
}

/** Findings are raised only under catalogued ids; a new one is added to RULES first. */
export function assertRule(id: string): asserts id is RuleId {
  if (!isRuleId(id)) throw new Error(`edge2bootc: finding id ${id} is not in the rule catalogue (src/core/rules.ts)`);
}

/** The heading anchor of a rule in docs/rules.md (GitHub's slug of the id). */
export const ruleAnchor = (id: string) => id.toLowerCase().replace(/[^a-z0-9 -]/g, "");

export const RULES_DOC = "docs/rules.md";

/** Where a rule is documented, for SARIF helpUri and the Markdown report's links. */
export const ruleUrl = (id: string) => `https://github.com/edge2bootc/edge2bootc/blob/main/${RULES_DOC}#${ruleAnchor(id)}`;

/** docs/rules.md: one section per rule, grouped by area. */
export function renderRulesDoc(): string {
  const ids = (Object.keys(RULES) as RuleId[]).sort();
  const areas = [...new Set(ids.map((id) => id.split(".")[0]!))];
  const out = [
    "# edge2bootc rules",
    "",
    "Every finding in a migration report names one of these rules. The report gives the specifics",
    "(where, why, what to do); this index says what each rule is about. Generated from",
    "`src/core/rules.ts` by `npm run docs:rules`; do not edit by hand.",
  ];
  for (const area of areas) {
    out.push("", `## ${area}`);
    for (const id of ids.filter((i) => i.startsWith(`${area}.`)))
      out.push("", `### ${id}`, "", `${RULES[id].summary[0]!.toUpperCase()}${RULES[id].summary.slice(1)}.`);
  }
  return `${out.join("\n")}\n`;
}
