/**
 * The rule catalogue: every finding edge2bootc raises, defined once, like hadolint's and leapp's
 * catalogues: its one severity, what it is about (summary), the kind of subject it names, and the
 * remediation that holds wherever it is raised. A finding adds the specifics of one occurrence
 * (title, detail, and a remediation only where the fix depends on the input). docs/rules.md is
 * rendered from here (npm run docs:rules); SARIF takes its rules from here.
 */

/** info: converted with a changed meaning; warning: converted, needs review; unsupported: manual work. */
export type Severity = "info" | "warning" | "unsupported";

/**
 * What a finding points at, which is also what tells two findings of a rule apart (SARIF
 * fingerprints): a blueprint key path, a kickstart command or section (by its name; for the
 * installer kickstart, the blueprint key that holds it), an input file, or a path in the image.
 */
export type SubjectKind = "key" | "kickstart" | "file" | "path";

export interface Rule {
  severity: Severity;
  subject: SubjectKind;
  /** One line: what the rule is about, whatever the input. */
  summary: string;
  /** What to do, when it does not depend on the input; a finding may give a more specific one. */
  remediation?: string;
}

export const RULES = {
  "accept.no-reason": {
    severity: "warning",
    subject: "file",
    summary: "an accept comment gives no reason, so it accepts nothing",
    remediation: "Say why after two dashes: `# edge2bootc: accept <rule> -- <reason>`.",
  },
  "accept.unknown-rule": {
    severity: "warning",
    subject: "file",
    summary: "an accept comment names a rule that is not in the catalogue",
    remediation: "Use a rule id from docs/rules.md.",
  },
  "accept.unused": {
    severity: "info",
    subject: "file",
    summary: "an accept comment matched no finding on the line below it",
    remediation: "Remove the comment, or move it right above the line the finding names.",
  },
  "batch.input-error": {
    severity: "unsupported",
    subject: "file",
    summary: "a file of a batch could not be converted: it is listed with its positioned error",
    remediation: "Fix the input at this position and run the batch again.",
  },
  "bib.filesystem-and-disk": {
    severity: "warning",
    subject: "key",
    summary: "filesystem next to disk: bootc-image-builder takes one of them, disk is kept",
    remediation: "Describe this mountpoint inside the disk layout.",
  },
  "bib.filesystem-as-disk": {
    severity: "warning",
    subject: "key",
    summary: "mountpoints bootc-image-builder refuses in filesystem became an LVM disk layout",
    remediation: "Review the sizes; prefer mountpoints under /var for data.",
  },
  "bib.key-not-for-image-type": {
    severity: "warning",
    subject: "key",
    summary: "a config.toml key the target image type does not apply was left out",
    remediation: "Apply the setting in the Containerfile or the installer kickstart, or convert for another --source-image-type.",
  },
  "bib.layout-in-kickstart": {
    severity: "info",
    subject: "key",
    summary: "an installer ISO ignores filesystem and disk: the layout went into the installer kickstart",
    remediation: "Review the sizes in config.toml's kickstart.",
  },
  "bib.layout-key-unused": {
    severity: "warning",
    subject: "key",
    summary: "disk layout keys without a kickstart form were not carried over",
    remediation: "Add the equivalent part/logvol options to installer.kickstart.contents if you need them.",
  },
  "bib.layout-no-kickstart-form": {
    severity: "unsupported",
    subject: "key",
    summary: "a disk layout an installer ISO ignores and edge2bootc cannot write as kickstart storage commands",
    remediation: "Write btrfs/part/subvol commands in installer.kickstart.contents.",
  },
  "bib.mountpoint-created": {
    severity: "info",
    subject: "key",
    summary: "a mount point outside /var is created in the read-only image",
    remediation: "Prefer mount points under /var for data: they need nothing in the image.",
  },
  "bib.mountpoint-refused": { severity: "unsupported", subject: "key", summary: "mountpoints the chosen bootc-image-builder release cannot create" },
  "bib.partitioning-mode": { severity: "info", subject: "key", summary: "partitioning_mode has no bootc-image-builder setting" },
  "bib.partitioning-mode-unsupported": {
    severity: "unsupported",
    subject: "key",
    summary: "a partitioning_mode that needs a layout bootc-image-builder cannot be given",
  },
  "bib.iso-type": {
    severity: "info",
    subject: "key",
    summary: "which bootc-image-builder ISO type the installer is built as (anaconda-iso, deprecated upstream, or bootc-generic-iso) and why",
  },
  "bib.profile-lacks-key": { severity: "unsupported", subject: "key", summary: "the chosen bootc-image-builder release does not know this key" },
  "blueprint.build-only-repository": {
    severity: "warning",
    subject: "key",
    summary: "a payload repository, used only while building: the image installs from it and keeps its .repo file",
  },
  "blueprint.json-form": {
    severity: "info",
    subject: "file",
    summary: "a JSON blueprint: which of the four forms it is, and which keys were read under their blueprint names",
  },
  "blueprint.json-hint": {
    severity: "info",
    subject: "key",
    summary: "a key of a JSON form that describes the old build (image type, ostree ref, labels): read as a hint, not converted",
  },
  "blueprint.minimal-removed": {
    severity: "unsupported",
    subject: "key",
    summary: "minimal was removed from the blueprint format",
    remediation: "Remove minimal from the blueprint.",
  },
  "blueprint.password-not-exported": {
    severity: "warning",
    subject: "key",
    summary: "a user had a password that the hosted export leaves out",
    remediation:
      "Set the password at deploy time (the installer kickstart's user --password, or bootc-image-builder's config.toml), or add its hash to the blueprint.",
  },
  "blueprint.service-only-key": {
    severity: "warning",
    subject: "key",
    summary: "a key only the hosted service or composer acts on (registration, uploads, content snapshots): not part of an image",
  },
  "blueprint.unknown-key": { severity: "warning", subject: "key", summary: "a key the blueprint format does not have" },
  "containers.bound-images-unsupported": {
    severity: "unsupported",
    subject: "key",
    summary: "logically bound images need RHEL 9.5 or later",
    remediation: "Target rhel-9.6 (or later), or use --containers=physical.",
  },
  "containers.local-storage": {
    severity: "warning",
    subject: "key",
    summary: "an image taken from the build host's storage",
    remediation: "Push the image to a registry the devices can reach.",
  },
  "containers.logically-bound": { severity: "warning", subject: "key", summary: "images bound to the bootc image's lifecycle, pulled by bootc" },
  "containers.physical-for-release": { severity: "info", subject: "key", summary: "images embedded because the target release has no logically bound images" },
  "containers.physically-bound": { severity: "info", subject: "key", summary: "images copied into the bootc image for offline devices" },
  "containers.rename": { severity: "warning", subject: "key", summary: "a logically bound image cannot be stored under another name" },
  "containers.storage-path": {
    severity: "warning",
    subject: "key",
    summary: "containers-storage.destination-path has no image-mode equivalent",
    remediation: "Point tools that read the old path at the default containers-storage, or at /usr/lib/bootc/storage for logically bound images.",
  },
  "convert.template-input": {
    severity: "warning",
    subject: "file",
    summary: "an input is a template: its template expressions were converted as written",
    remediation: "Render the template and convert the result, or template the generated files the same way before building.",
  },
  "convert.unaccounted-key": {
    severity: "warning",
    subject: "key",
    summary: "a key no converter handled (a bug in edge2bootc)",
    remediation: "Apply the setting by hand and report the blueprint to the edge2bootc maintainers.",
  },
  // Device checks (edge2bootc device plan): "unsupported" blocks the device's switch until fixed.
  "device.account-id-changes": {
    severity: "unsupported",
    subject: "file",
    summary: "an account that owns files on the device gets another uid from the image",
  },
  "device.account-vanishes": {
    severity: "unsupported",
    subject: "file",
    summary: "an account that logs in or owns files on the device does not exist after the switch",
  },
  "device.bootc-missing": {
    severity: "info",
    subject: "file",
    summary: "the device has no bootc: it moves with rpm-ostree rebase to the image, and bootc manages it from then on",
  },
  "device.etc-passwd-modified": {
    severity: "warning",
    subject: "file",
    summary: "the device changed /etc/passwd: users the image adds to /etc/passwd will not reach it",
  },
  "device.etc-change-ignored": {
    severity: "warning",
    subject: "file",
    summary: "a file the image writes under /etc was changed or deleted on the device: the device keeps its own",
  },
  "device.greenboot-absent": {
    severity: "unsupported",
    subject: "file",
    summary: "the image has no greenboot: a device that boots badly after the switch does not roll back",
  },
  "device.group-members-lost": {
    severity: "warning",
    subject: "file",
    summary: "group members the device has are not members after the switch",
  },
  "device.initramfs": { severity: "unsupported", subject: "file", summary: "the device regenerates its own initramfs, which the switch drops" },
  "device.kargs": { severity: "info", subject: "file", summary: "kernel arguments set on the device are kept after the switch" },
  "device.layered-packages": {
    severity: "unsupported",
    subject: "file",
    summary: "packages layered on the device are dropped by the switch unless the image installs them",
  },
  "device.microshift-ownership": {
    severity: "warning",
    subject: "file",
    summary: "MicroShift's ovsdb-server needs an ownership drop-in in the image on devices moved from edge",
  },
  "device.microshift-skew": {
    severity: "unsupported",
    subject: "file",
    summary: "the image's MicroShift is more than two minor versions from the device's, or older",
  },
  "device.overrides": { severity: "unsupported", subject: "file", summary: "base packages removed or replaced on the device are restored by the switch" },
  "device.registry-auth": {
    severity: "warning",
    subject: "file",
    summary: "the device has no registry credentials for pulling the image",
    remediation: "Install /etc/ostree/auth.json (mode 0600) before the switch if the registry needs a login.",
  },
  "device.signature-regression": {
    severity: "warning",
    subject: "file",
    summary: "the device verified its edge updates; an unverified image pull would not",
  },
  "device.space": { severity: "unsupported", subject: "file", summary: "too little free space in /boot or /sysroot for the new deployment" },
  "device.bootloader-unadopted": {
    severity: "warning",
    subject: "file",
    summary: "the device was installed before RHEL 9.8, whose edge commits first carry bootupd metadata: bootupd does not manage its boot loader yet",
    remediation:
      "After the switch has booted, run bootupctl adopt-and-update once (then bootupctl update works); until then boot loader updates from the image are not installed.",
  },
  "device.ssh-hostkeys-9to10": {
    severity: "unsupported",
    subject: "file",
    summary: "SSH host keys readable by group or others: RHEL 10's sshd refuses to start with them",
  },
  "device.staged": {
    severity: "warning",
    subject: "file",
    summary: "a deployment staged on the device is replaced by the switch",
    remediation: "Run rpm-ostree cleanup --pending before the switch, or reboot into the staged deployment first if it must be kept.",
  },
  "device.transaction": {
    severity: "unsupported",
    subject: "file",
    summary: "an rpm-ostree transaction is running on the device",
    remediation: "Wait for it to finish, or run rpm-ostree cancel, then collect again.",
  },
  "device.two-update-agents": {
    severity: "warning",
    subject: "file",
    summary: "rpm-ostreed's automatic updates keep running next to bootc's update timer after the switch",
  },
  "device.unlocked": { severity: "unsupported", subject: "file", summary: "changes in an unlocked /usr on the device are lost by the switch" },
  "device.var-content": {
    severity: "warning",
    subject: "file",
    summary: "the image puts files under /var, which a device that switches never receives",
  },
  "dnf.releasever-unknown": {
    severity: "warning",
    subject: "key",
    summary: "set_releasever without a minor release to pin",
    remediation: 'Set distro = "rhel-X.Y" or write /etc/dnf/vars/releasever yourself.',
  },
  "fdo.manual": { severity: "unsupported", subject: "key", summary: "FIDO Device Onboarding needs manual setup in image mode" },
  "files.duplicate-path": {
    severity: "warning",
    subject: "path",
    summary: "two entries write the same file; the later wins",
    remediation: "Keep one of the entries.",
  },
  "files.forbidden-path": {
    severity: "unsupported",
    subject: "key",
    summary: "a path that cannot be shipped in a bootc image",
    remediation: "Drop the entry, or generate the content at boot from a systemd unit.",
  },
  "files.invalid-mode": {
    severity: "unsupported",
    subject: "key",
    summary: "a mode that is not an octal permission",
    remediation: 'Fix the mode, for example mode = "0644".',
  },
  "files.new-top-level-directory": { severity: "warning", subject: "key", summary: "a new top-level directory in the image" },
  "files.owner-set-at-boot": { severity: "info", subject: "key", summary: "ownership applied at boot because the owner does not exist at build time" },
  "files.private-var-seed": { severity: "info", subject: "key", summary: "a private file under /var is copied at boot from a root-only copy in the image" },
  "files.read-only-image-path": {
    severity: "info",
    subject: "key",
    summary: "content under a path that is read-only on the device",
    remediation: "Keep only static content here; write run-time data under /var (for example with StateDirectory= in the unit).",
  },
  "files.reserved-path": {
    severity: "unsupported",
    subject: "path",
    summary: "a blueprint file at the path of a file edge2bootc generates",
    remediation: "Give the blueprint's file another name in the same folder (for example 60-site.conf); both are read.",
  },
  "files.secret-in-image": {
    severity: "warning",
    subject: "key",
    summary: "a file that looks like a secret is baked into the image",
    remediation:
      "Provide it at install or boot time instead (kickstart %post, a bootc-image-builder file customization, or a systemd credential), and rotate it if the image was pushed.",
  },
  "files.unsafe-path": {
    severity: "unsupported",
    subject: "key",
    summary: "a path that is not absolute or contains ..",
    remediation: "Write the absolute target path, for example /etc/app/config.yaml.",
  },
  "files.uri-not-converted": { severity: "unsupported", subject: "key", summary: "file content referenced by uri is not fetched" },
  "files.var-via-tmpfiles": { severity: "info", subject: "key", summary: "content under /var is created at boot by systemd-tmpfiles" },
  "firewall.firewalld-added": { severity: "info", subject: "key", summary: "firewalld is installed and enabled for the firewall settings" },
  "firewall.invalid-port": {
    severity: "unsupported",
    subject: "key",
    summary: "a port that firewalld does not accept",
    remediation: 'Fix the value, for example "8443:tcp".',
  },
  "firewall.port-syntax": { severity: "warning", subject: "key", summary: "a port written port/proto instead of port:proto" },
  "firstboot.script-incomplete": {
    severity: "unsupported",
    subject: "key",
    summary: "a first-boot script entry without what its type needs",
    remediation: "Complete the entry.",
  },
  "firstboot.units": { severity: "info", subject: "key", summary: "first-boot scripts run once from oneshot units" },
  "hostname.baked": {
    severity: "info",
    subject: "key",
    summary: "one hostname baked into every machine",
    remediation: "For per-machine names, drop the hostname and set it at install time (kickstart: network --hostname=<name>).",
  },
  "ignition.embedded": {
    severity: "unsupported",
    subject: "key",
    summary: "an embedded Ignition config cannot be carried over",
    remediation: "Decode it (base64 -d) and move its users, files and units into the blueprint or the Containerfile.",
  },
  "ignition.manual": { severity: "unsupported", subject: "key", summary: "Ignition needs manual setup in image mode" },
  "installer.account-in-kickstart": { severity: "warning", subject: "key", summary: "an account the installer kickstart already defines is not added twice" },
  "installer.device": { severity: "info", subject: "key", summary: "installation_device in image mode" },
  "installer.device-no-disk-equivalent": {
    severity: "unsupported",
    subject: "key",
    summary: "installation_device in a conversion to a disk image, which has no target device",
  },
  "installer.device-not-added": {
    severity: "warning",
    subject: "key",
    summary: "installation_device next to the blueprint's own installer kickstart, which edge2bootc does not partition",
  },
  "installer.kernel-args": {
    severity: "info",
    subject: "key",
    summary: "the installer kickstart carries the blueprint's kernel arguments (bootloader --append)",
  },
  "installer.kernel-args-not-installed": { severity: "warning", subject: "key", summary: "kernel arguments that an ISO install would not apply" },
  "installer.kickstart-for-layout": {
    severity: "info",
    subject: "key",
    summary: "an installer kickstart written for a disk layout replaces bootc-image-builder's defaults",
  },
  "installer.kickstart-for-layout-interactive": {
    severity: "warning",
    subject: "key",
    summary: "an installer kickstart written for a disk layout leaves the rest of the install interactive",
  },
  "installer.kickstart-invalid": {
    severity: "unsupported",
    subject: "key",
    summary: "the installer kickstart is one the installer rejects",
    remediation: "Fix the kickstart contents in the blueprint.",
  },
  "installer.kickstart-unparsed": {
    severity: "warning",
    subject: "key",
    summary: "the installer kickstart could not be parsed and checked",
    remediation: "Make sure it has no ostreesetup, ostreecontainer or liveimg line.",
  },
  "installer.layout-conflict": {
    severity: "warning",
    subject: "key",
    summary: "both the installer kickstart and the blueprint describe a disk layout",
    remediation: "Keep one layout: edit the kickstart contents, or remove the filesystem/disk keys.",
  },
  "installer.no-equivalent": { severity: "unsupported", subject: "key", summary: "an installer key with no image-mode equivalent" },
  "installer.not-an-installer": { severity: "warning", subject: "key", summary: "an installer key in a conversion that builds no installer" },
  "installer.payload-stripped": { severity: "info", subject: "key", summary: "payload commands and package sources removed from the installer kickstart" },
  "installer.sudo-nopasswd": { severity: "info", subject: "key", summary: "passwordless sudo moves into the image" },
  "installer.unattended": { severity: "info", subject: "key", summary: "bootc-image-builder ISOs are unattended already" },
  "kernel.append-kargs-d": { severity: "info", subject: "key", summary: "kernel arguments ship in /usr/lib/bootc/kargs.d" },
  "kernel.default-flavour": { severity: "info", subject: "key", summary: "kernel.name names the base image's own kernel" },
  "kernel.flavour-swap": { severity: "warning", subject: "key", summary: "the base image's kernel is replaced by another flavour" },
  "kickstart.already-image-mode": { severity: "info", subject: "kickstart", summary: "a kickstart that already installs an image" },
  "kickstart.bootc-imgref": { severity: "unsupported", subject: "kickstart", summary: "bootc image references with a wrong transport prefix" },
  "kickstart.bootc-needs-rhel-10-2": {
    severity: "warning",
    subject: "kickstart",
    summary: "the bootc kickstart command needs the RHEL 10.2 installer or later",
    remediation: "Install with a RHEL 10.2 or later boot ISO, or convert with --installer-command ostreecontainer for older installers.",
  },
  "kickstart.bootc-on-rhel9": { severity: "unsupported", subject: "kickstart", summary: "the bootc kickstart command does not exist on RHEL 9" },
  "kickstart.bootloader-option-ignored": { severity: "warning", subject: "kickstart", summary: "bootloader options that have no effect with an image payload" },
  "kickstart.comment-in-word": {
    severity: "warning",
    subject: "kickstart",
    summary: "an unquoted # cuts a kickstart line short",
    remediation: "Quote the value that contains #.",
  },
  "kickstart.duplicate-command": { severity: "warning", subject: "kickstart", summary: "a single-use kickstart command given more than once" },
  "kickstart.duplicate-data": { severity: "warning", subject: "kickstart", summary: "one kickstart object defined twice", remediation: "Keep one definition." },
  "kickstart.gpg-verification": {
    severity: "warning",
    subject: "kickstart",
    summary: "ostree GPG verification has no kickstart equivalent",
    remediation:
      "Ship /etc/containers/policy.json and registries.d in the image and add `bootc switch --mutate-in-place --enforce-container-sigpolicy --transport registry <image>` to %post.",
  },
  "kickstart.ignored-with-image": {
    severity: "warning",
    subject: "kickstart",
    summary: "commands and sections the installer ignores next to an image payload",
  },
  "kickstart.image-placeholder": {
    severity: "warning",
    subject: "kickstart",
    summary: "no image reference was given: a placeholder was written",
    remediation: "Run again with --image <registry/name:tag> (or an --image-map entry for this ref).",
  },
  "kickstart.include-outside-project": {
    severity: "warning",
    subject: "kickstart",
    summary: "an included file outside the kickstart's folder is not written",
    remediation: "Move the file next to the kickstart, or convert it on its own.",
  },
  "kickstart.include-unresolved": {
    severity: "warning",
    subject: "kickstart",
    summary: "an %include that could not be followed",
    remediation: "Make sure what it brings in contains no ostreesetup, %packages, url or repo lines (convert it with edge2bootc too).",
  },
  "kickstart.kdump-addon": {
    severity: "info",
    subject: "kickstart",
    summary: "the kdump add-on needs kexec-tools in the image",
    remediation: "Install kexec-tools in the Containerfile.",
  },
  "kickstart.kernel-args-added": {
    severity: "info",
    subject: "kickstart",
    summary: "the blueprint's kernel arguments were added to the kickstart's bootloader --append",
  },
  "kickstart.kernel-args-missing": {
    severity: "warning",
    subject: "kickstart",
    summary: "the kickstart's bootloader --append lacks kernel arguments the blueprint sets",
  },
  "kickstart.mountpoint-not-in-image": {
    severity: "warning",
    subject: "kickstart",
    summary: "a kickstart mount point outside /var that the read-only image must already have",
  },
  "kickstart.no-payload": {
    severity: "warning",
    subject: "kickstart",
    summary: "a kickstart without an install payload",
    remediation: "If this is a complete kickstart, add the payload command (convert the file that has ostreesetup).",
  },
  "kickstart.not-supported-with-bootc": {
    severity: "warning",
    subject: "kickstart",
    summary: "a command not listed as supported with the bootc kickstart command",
  },
  "kickstart.option-abbreviated": { severity: "warning", subject: "kickstart", summary: "an abbreviated kickstart option" },
  "kickstart.ostree-remote-removed": {
    severity: "warning",
    subject: "kickstart",
    summary: "a %post line that writes an ostree remote is removed for bootc installs",
    remediation:
      "Updates follow the image reference; to take them from another registry than the install, add `bootc switch --mutate-in-place --transport registry <image>` to %post.",
  },
  "kickstart.payload-converted": { severity: "info", subject: "kickstart", summary: "ostreesetup became ostreecontainer or bootc" },
  "kickstart.payload-replaced": {
    severity: "warning",
    subject: "kickstart",
    summary: "a package payload became the image payload",
    remediation: "Make sure the image contains what the package set used to provide.",
  },
  "kickstart.registry-auth": { severity: "info", subject: "kickstart", summary: "registry credentials written by the kickstart" },
  "kickstart.registry-auth-bootc": {
    severity: "unsupported",
    subject: "kickstart",
    summary: "registry credentials with the bootc kickstart command, which cannot pull from an authenticated registry",
    remediation: "Install with ostreecontainer, embed the image in the ISO, or use a registry that needs no credentials for the install.",
  },
  "kickstart.removed-command": { severity: "unsupported", subject: "kickstart", summary: "a kickstart command removed for RHEL 10" },
  "kickstart.script-body": {
    severity: "info",
    subject: "kickstart",
    summary: "a file of shell lines, meant to be included in a script section",
    remediation: "Convert the kickstart that includes it, so that its lines are read as the script they are.",
  },
  "kickstart.script-fips-mode-setup": {
    severity: "unsupported",
    subject: "kickstart",
    summary: "a script turns on FIPS after installation",
    remediation:
      "FIPS must be on from the first boot: add `fips=1` in /usr/lib/bootc/kargs.d and run `update-crypto-policies --no-reload --set FIPS` in the Containerfile, and install with FIPS enabled (bootc-image-builder fips / `fips=1` on the installer command line).",
  },
  "kickstart.script-greenboot": {
    severity: "info",
    subject: "kickstart",
    summary: "a script configures greenboot",
    remediation:
      "Kept: greenboot works with bootc, but the image must contain it (edge commits shipped it). Health checks are better shipped in the image under /usr/lib/greenboot/check.",
  },
  "kickstart.script-ostree-admin": {
    severity: "warning",
    subject: "kickstart",
    summary: "a script runs ostree admin",
    remediation:
      "Use bootc for deployment changes: kernel arguments in /usr/lib/bootc/kargs.d, rollbacks with `bootc rollback`, the update source with `bootc switch`.",
  },
  "kickstart.script-ostree-remote": {
    severity: "warning",
    subject: "kickstart",
    summary: "a script configures an ostree remote",
    remediation:
      "Updates now follow the image reference, not an ostree remote (anaconda only creates a cosmetic remote). Drop these lines; if updates must come from another registry than the install, add `bootc switch --mutate-in-place --transport registry <image>` to %post.",
  },
  "kickstart.script-pull-secret": {
    severity: "info",
    subject: "kickstart",
    summary: "a script writes the MicroShift pull secret",
    remediation:
      "Kept: the pull secret stays machine-local in /etc/crio, as in MicroShift's own image-mode kickstarts. Do not bake it into the image, and keep the kickstart private.",
  },
  "kickstart.script-rpm-ostree-kargs": {
    severity: "warning",
    subject: "kickstart",
    summary: "a script changes kernel arguments with rpm-ostree",
    remediation: 'Use `bootloader --append="..."` in the kickstart (machine-local) or a /usr/lib/bootc/kargs.d/*.toml file in the image.',
  },
  "kickstart.script-rpm-ostree-layering": {
    severity: "unsupported",
    subject: "kickstart",
    summary: "a script layers packages or changes the initramfs with rpm-ostree",
    remediation: "/usr is read-only in %post and image mode has no client-side layering at install time: move the change into the Containerfile.",
  },
  "kickstart.script-rpm-ostree-rebase": {
    severity: "warning",
    subject: "kickstart",
    summary: "a script rebases or upgrades with rpm-ostree",
    remediation: "Use `bootc switch --mutate-in-place --transport registry <image>` to change the update source; upgrades come from `bootc upgrade`.",
  },
  "kickstart.script-update-policy": {
    severity: "warning",
    subject: "kickstart",
    summary: "a script configures rpm-ostreed automatic updates",
    remediation:
      "bootc updates through bootc-fetch-apply-updates.timer, which applies and reboots. To only stage updates like edge's `stage` policy, disable that timer and run `bootc upgrade` (without --apply) from your own timer.",
  },
  "kickstart.script-writes-usr": {
    severity: "warning",
    subject: "kickstart",
    summary: "a script writes under /usr, which is read-only",
    remediation: "/usr is read-only while %post runs on an image-mode system: make this change in the Containerfile instead.",
  },
  "kickstart.section-option": {
    severity: "unsupported",
    subject: "kickstart",
    summary: "a section header option the installer rejects",
    remediation: "Fix the option.",
  },
  "kickstart.template-placeholder": {
    severity: "warning",
    subject: "kickstart",
    summary: "a template placeholder kept as written",
    remediation: "Render the template before installing, or replace the placeholder.",
  },
  "kickstart.traceback-renamed": { severity: "info", subject: "kickstart", summary: "%traceback became %onerror" },
  "kickstart.unknown-command": {
    severity: "unsupported",
    subject: "kickstart",
    summary: "a command the installer does not know",
    remediation: "Fix or remove the line.",
  },
  "locale.first-language-only": { severity: "info", subject: "key", summary: "only the first language becomes LANG" },
  "locale.unknown-language": {
    severity: "warning",
    subject: "key",
    summary: "a language with no langpack to install",
    remediation: "Check the name with: localectl list-locales",
  },
  "metadata.version-not-semver": {
    severity: "info",
    subject: "key",
    summary: "a blueprint version that is not semantic versioning",
    remediation: "Use a semver version (for example 1.2.3) and tag the image with it.",
  },
  "microshift.base-image": { severity: "info", subject: "key", summary: "the bootc base image for a MicroShift image, and the EUS alternative" },
  "microshift.config-default": {
    severity: "info",
    subject: "key",
    summary: "no /etc/microshift/config.yaml: MicroShift runs with its defaults",
    remediation: "Add /etc/microshift/config.yaml (static settings) to the blueprint, or write it per machine in the kickstart %post.",
  },
  "microshift.config-host-specific": {
    severity: "warning",
    subject: "key",
    summary: "a MicroShift config that names one machine belongs in the kickstart, not the image",
  },
  "microshift.detected": { severity: "info", subject: "key", summary: "the blueprint is a MicroShift one, and which MicroShift version it is for" },
  "microshift.firewall-added": { severity: "info", subject: "key", summary: "MicroShift's mandatory firewall sources were added" },
  "microshift.firewall-redundant": {
    severity: "info",
    subject: "kickstart",
    summary: "a kickstart %post adds firewall rules the image already has",
    remediation:
      "Kept, and harmless: a MicroShift image converted by edge2bootc already has these sources in its trusted zone (they are added when the blueprint lacks them), so this line can go once every machine installs that image.",
  },
  "microshift.greenboot": { severity: "info", subject: "key", summary: "greenboot is installed and enabled for MicroShift's health checks" },
  "microshift.low-latency": {
    severity: "warning",
    subject: "key",
    summary: "kernel-rt for MicroShift becomes microshift-low-latency with tuned",
    remediation:
      "microshift-low-latency ships /etc/tuned/microshift-baseline-variables.conf with its defaults: set isolated_cores and hugepages for your hardware (a customizations.files entry for that path is kept as written); if you need the real-time kernel itself, swap it by hand and verify the build.",
  },
  "microshift.lvm-no-free-space": {
    severity: "warning",
    subject: "key",
    summary: "the disk layout leaves no free space in the volume group for MicroShift's storage",
  },
  "microshift.make-rshared": { severity: "info", subject: "key", summary: "a unit makes / a shared mount when the image runs as a container, as OVN needs" },
  "microshift.not-detected": {
    severity: "warning",
    subject: "key",
    summary: "keys hint at MicroShift but the blueprint installs neither its package nor its service",
    remediation: 'If this image should run MicroShift, add [[packages]] name = "microshift" and convert again.',
  },
  "microshift.ownership-drop-in": {
    severity: "info",
    subject: "key",
    summary: "a drop-in repairs openvswitch ownership on devices moved from an edge commit",
    remediation: "Remove the drop-in once every device has moved to image mode.",
  },
  "microshift.packages-added": { severity: "info", subject: "key", summary: "MicroShift packages the image needs were added" },
  "microshift.pull-secret": { severity: "warning", subject: "key", summary: "the CRI-O pull secret moves out of the image into the kickstart" },
  "microshift.release-images": {
    severity: "info",
    subject: "key",
    summary: "MicroShift's release images are embedded from microshift-release-info at build time",
    remediation: "Build with podman build --secret id=pull-secret,src=<pull secret file> so the registry accepts the pulls.",
  },
  "microshift.repos-enabled": {
    severity: "info",
    subject: "key",
    summary: "the OpenShift and fast-datapath repositories are enabled for the build",
    remediation: "Attach the OpenShift subscription to the build host, or define the repositories in the blueprint (customizations.repositories).",
  },
  "microshift.repos-unverified": {
    severity: "warning",
    subject: "key",
    summary: "the RHEL 10 OpenShift and fast-datapath repository ids are not in Red Hat's docs",
    remediation:
      "On the entitled build host, list them with `subscription-manager repos --list | grep -E 'rhocp|fast-datapath'` and fix the ids in the Containerfile, or define the repositories in the blueprint.",
  },
  "microshift.rhel-pairing": {
    severity: "warning",
    subject: "key",
    summary: "a MicroShift release on a RHEL minor the compatibility matrix does not pair it with",
  },
  "microshift.version-guessed": {
    severity: "warning",
    subject: "key",
    summary: "a MicroShift project whose MicroShift version was guessed from the target RHEL release",
  },
  "packages.kernel-already-in-base": {
    severity: "info",
    subject: "key",
    summary: "the kernel package is already in the base image",
    remediation: "To use another kernel flavour, set customizations.kernel.name instead.",
  },
  "packages.modularity-removed": { severity: "unsupported", subject: "key", summary: "module streams do not exist on RHEL 10" },
  "packages.second-kernel": { severity: "unsupported", subject: "key", summary: "a second kernel package would break the one-kernel rule" },
  "parity.auto-updates": {
    severity: "warning",
    subject: "key",
    summary: "bootc updates and reboots on its own; edge only staged updates when told to",
    remediation:
      "Choose how devices update. Edge's default (none): add RUN systemctl mask bootc-fetch-apply-updates.timer and update with bootc upgrade on your schedule. Edge's stage policy: a drop-in for bootc-fetch-apply-updates.service with an empty ExecStart= and ExecStart=/usr/bin/bootc upgrade --quiet stages the update and the next reboot applies it (edge2bootc writes it when the blueprint's /etc/rpm-ostreed.conf says AutomaticUpdatePolicy=stage). Download-only: bootc upgrade --download-only fetches without queueing the update, and bootc upgrade --from-downloaded --apply applies it in a maintenance window (Red Hat, 'Upgrading images by using download-only mode', image mode for RHEL 10).",
  },
  "parity.update-policy": {
    severity: "info",
    subject: "key",
    summary: "the edge update policy (AutomaticUpdatePolicy in /etc/rpm-ostreed.conf) is kept with bootc's update timer",
  },
  "parity.disabled": {
    severity: "warning",
    subject: "key",
    summary: "the edge parity layer was left out",
    remediation: "Check that health checks (greenboot) and the firewall are still what you expect.",
  },
  "parity.disk-layout": {
    severity: "warning",
    subject: "key",
    summary: "the LUKS + LVM layout of edge disk images is not reproduced",
    remediation: "Use bootc install to-disk --block-setup tpm2-luks, or a kickstart with part --encrypted, if you need the encrypted root.",
  },
  "parity.edge-defaults": {
    severity: "info",
    subject: "key",
    summary: "what edge commits shipped and the bootc base image lacks is restored",
    remediation: "Drop what you do not need with --no-edge-parity and list the packages you want in the blueprint.",
  },
  "parity.edge-update-machinery": { severity: "warning", subject: "key", summary: "edge's rpm-ostree update machinery carried into the image" },
  "platform.architecture": { severity: "info", subject: "key", summary: "architecture becomes the build's --platform" },
  "platform.architecture-unknown": { severity: "warning", subject: "key", summary: "an architecture with no RHEL bootc base image" },
  "platform.base-image-defaulted": {
    severity: "warning",
    subject: "key",
    summary: "no usable distro: the default base image is used",
    remediation: 'Set distro (for example distro = "rhel-9.6") or pass --base-image <image>, and pin a minor version tag.',
  },
  "platform.base-image-overridden": { severity: "info", subject: "key", summary: "--base-image overrides the distro" },
  "platform.release-without-bootc-image": {
    severity: "warning",
    subject: "key",
    summary: "a RHEL release without a bootc image: the first one that has one is used",
  },
  "platform.rhel8-fleet": {
    severity: "warning",
    subject: "key",
    summary: "a RHEL 8 edge project: its devices cannot switch to a bootc image directly",
    remediation:
      'Move the fleet in two steps: upgrade each device to a RHEL 9 edge commit first (RHEL 9 "Composing, installing, and managing RHEL for Edge images": rebase with rpm-ostree to the RHEL 9 ref), then switch to this image from RHEL 9; or reinstall the devices with this image.',
  },
  "repositories.gpgkey-invalid": {
    severity: "unsupported",
    subject: "key",
    summary: "a gpgkeys entry that is neither an armored key nor a URL",
    remediation: "Paste the whole armored key, or give its URL (file:///etc/pki/rpm-gpg/... or https://...).",
  },
  "repositories.invalid-name": {
    severity: "unsupported",
    subject: "key",
    summary: "a repository id or file name that is not a file name",
    remediation: "Rename the repository.",
  },
  "repositories.runtime-only": {
    severity: "info",
    subject: "key",
    summary: "repositories added after the package layer, as composer never installed from them",
  },
  "security.cacert-invalid": {
    severity: "unsupported",
    subject: "key",
    summary: "a CA bundle without a PEM certificate",
    remediation: "Paste the certificate in PEM form.",
  },
  "security.fips": { severity: "warning", subject: "key", summary: "FIPS mode must be on from installation" },
  "security.openscap": {
    severity: "warning",
    subject: "key",
    summary: "OpenSCAP remediation at build time",
    remediation: "Scan a booted machine (oscap xccdf eval) and fix the remaining rules in the Containerfile.",
  },
  "security.openscap-no-profile": {
    severity: "unsupported",
    subject: "key",
    summary: "OpenSCAP settings without a profile to remediate for",
    remediation: "Set profile_id (see oscap info on the datastream).",
  },
  "security.openscap-unused": {
    severity: "warning",
    subject: "key",
    summary: "OpenSCAP keys that were not applied",
    remediation: "Keep one way to choose the profile.",
  },
  "sshd.permit-root-login": { severity: "warning", subject: "key", summary: "a PermitRootLogin value sshd does not accept", remediation: "Fix the value." },
  "time.invalid-timezone": {
    severity: "unsupported",
    subject: "key",
    summary: "a time zone that is not a tz database name",
    remediation: "Set timezone to a name listed by: timedatectl list-timezones",
  },
  "time.ntp-replaces-pool": { severity: "info", subject: "key", summary: "NTP servers replace the image's pool lines" },
  "users.authorized-keys-first-boot": {
    severity: "info",
    subject: "key",
    summary: "SSH keys are written at boot, only when authorized_keys is missing",
    remediation: "To rotate keys with image updates, change the f line to f+ in /usr/lib/tmpfiles.d/50-edge2bootc.conf.",
  },
  "users.baked-with-useradd": { severity: "warning", subject: "key", summary: "an account created with useradd in the image" },
  "users.base-account": { severity: "warning", subject: "key", summary: "a user the base image already has is modified with usermod, not created" },
  "users.base-account-uid": {
    severity: "unsupported",
    subject: "key",
    summary: "a uid the blueprint gives an account of the base image is not applied",
  },
  "users.deploy-time": {
    severity: "info",
    subject: "key",
    summary: "accounts created when the machine is made, not in the image",
    remediation: "Rebuild the disk image or installer when the accounts change; bake shared service accounts into the image with sysusers.d instead.",
  },
  "users.group-in-base-image": { severity: "info", subject: "key", summary: "a group the base image already has is not created again" },
  "users.home-outside-var": { severity: "warning", subject: "key", summary: "a home outside /var is read-only on the device" },
  "users.key-not-installed": {
    severity: "unsupported",
    subject: "key",
    summary: "an SSH key that could not be installed",
    remediation: "Use a home under /var/home, then convert again.",
  },
  "users.login-uid": { severity: "info", subject: "key", summary: "a login user created by systemd-sysusers gets a regular uid from 1000" },
  "users.password-in-image": { severity: "warning", subject: "key", summary: "a password hash baked into the image" },
  "users.password-plaintext": { severity: "warning", subject: "key", summary: "a plaintext password was hashed" },
  "users.primary-group-added": { severity: "info", subject: "key", summary: "a group added for a disk-image user whose gid names none" },
  "users.primary-group-missing": { severity: "warning", subject: "key", summary: "a disk-image user's gid names no group the blueprint defines" },
  "users.root-field-ignored": { severity: "unsupported", subject: "key", summary: "root attributes that cannot be changed" },
  "users.sshkey-deprecated": { severity: "info", subject: "key", summary: "customizations.sshkey is deprecated" },
  "users.sshkey-overridden": { severity: "info", subject: "key", summary: "an sshkey entry replaced by a user entry's key" },
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

const SUBJECT_TEXT: Record<SubjectKind, string> = {
  key: "a blueprint key",
  kickstart: "a kickstart command or section (for the installer kickstart, the blueprint key that holds it)",
  file: "an input file",
  path: "a path in the image",
};

/** docs/rules.md: one section per rule, grouped by area. */
export function renderRulesDoc(): string {
  const ids = (Object.keys(RULES) as RuleId[]).sort();
  const areas = [...new Set(ids.map((id) => id.split(".")[0]!))];
  const out = [
    "# edge2bootc rules",
    "",
    "Every finding in a migration report names one of these rules. The report gives the specifics",
    "(where, why, what to do); this index says what each rule is about, how severe it is and what to do",
    "wherever it is raised. Generated from",
    "`src/core/rules.ts` by `npm run docs:rules`; do not edit by hand.",
  ];
  for (const area of areas) {
    out.push("", `## ${area}`);
    for (const id of ids.filter((i) => i.startsWith(`${area}.`))) {
      const rule: Rule = RULES[id];
      out.push(
        "",
        `### ${id}`,
        "",
        `${rule.summary[0]!.toUpperCase()}${rule.summary.slice(1)}.`,
        "",
        `Severity: ${rule.severity}. About: ${SUBJECT_TEXT[rule.subject]}.`,
      );
      if (rule.remediation) out.push("", `What to do: ${rule.remediation}`);
    }
  }
  return `${out.join("\n")}\n`;
}
