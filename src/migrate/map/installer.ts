import { BIB_FEATURES, bibHas, DEFAULT_BIB_PROFILE } from "../../bib/profile.js";
import { BIB_CONFIG, INSTALLER_IMAGE_KICKSTART } from "../../plan/paths.js";
import { InputError } from "../../core/errors.js";
import { BOOTC_SUPPORTED, IGNORED_NEXT_TO_OSTREE, OSTREE_PAYLOADS } from "../../kickstart/commands.js";
import { analyzeKickstart, optionValue } from "../../kickstart/analyze.js";
import { KickstartFindings } from "../../kickstart/findings.js";
import { parseKickstart, printKickstart } from "../../kickstart/parse.js";
import type { Finding, MapperOutput } from "../../plan/types.js";
import type { KickstartEntry } from "../../kickstart/model.js";
import { layoutMountPoints } from "./disk.js";
import { ksCommand } from "../../kickstart/command-builder.js";
import { linesOf, type KickstartDocument } from "../../plan/kickstart-document.js";
import { renderKickstart } from "../../render/kickstart.js";
import { containersStoragePayload } from "../../kickstart/payload.js";
import { Emitter, type MigrationContext } from "../resolve/context.js";
import { accountsInKickstart, kickstartAccountLines, type KickstartAccounts } from "./deploy-accounts.js";

const INSTALLER = "customizations.installer";
const DEVICE = "customizations.installation_device";
/** bib writes its own payload (ostreecontainer from the ISO); these would conflict or be ignored. */
const PAYLOAD_COMMANDS = new Set<string>([...OSTREE_PAYLOADS, "liveimg", "url"]);

/**
 * The unattended install to the device the simplified installer wrote to: only what that
 * asks for (no prompts, this disk, wipe it, partition it, reboot) and a locked root account
 * unless the blueprint gives root a password, because a non-interactive install must not stop
 * at the root spoke. Language, keyboard and time zone come from the blueprint, when it sets them.
 */
function deviceKickstart(device: string, storage: string[] | undefined, rootHasPassword: boolean): string[] {
  const dev = device.replace(/^\/dev\//, "");
  return [
    "text --non-interactive",
    ksCommand("ignoredisk", [], { "--only-use": dev }),
    "zerombr",
    ksCommand("clearpart", [], { "--all": true, "--initlabel": true, "--drives": dev }),
    ...(storage ?? ["autopart"]),
    ...(rootHasPassword ? [] : ["rootpw --lock"]),
    "reboot --eject",
  ];
}

/** lang, keyboard and timezone lines for what the blueprint sets (Anaconda writes its defaults otherwise). */
function localeLines(ctx: MigrationContext, present: Set<string>): { lines: string[]; keyPaths: string[] } {
  const c = ctx.blueprint.customizations ?? {};
  const lines: string[] = [];
  const keyPaths: string[] = [];
  const add = (command: string, value: string | undefined, keyPath: string) => {
    if (value === undefined || present.has(command)) return;
    lines.push(ksCommand(command, [value]));
    keyPaths.push(keyPath);
  };
  add("lang", c.locale?.languages?.[0], "customizations.locale.languages[0]");
  add("keyboard", c.locale?.keyboard, "customizations.locale.keyboard");
  add("timezone", c.timezone?.timezone, "customizations.timezone.timezone");
  return { lines, keyPaths };
}

/**
 * What bootc-image-builder's own kickstart for a bootc ISO without contents sets (osbuild/images
 * AnacondaInstallerISOTree.bootcInstallerKickstartStages): a locked root, the whole disk in a plain
 * layout (xfs, the RHEL bootc images' root file system), reboot, and lang en_US.UTF-8, keyboard us,
 * timezone UTC where the blueprint sets none. An installer image has no builder to add them, so the
 * kickstart edge2bootc writes for it does; text --non-interactive keeps it from stopping at a spoke,
 * as deviceKickstart's.
 */
function unattendedDefaults(lines: readonly string[], rootHasPassword: boolean): string[] {
  const has = (command: string) => lines.some((l) => l === command || l.startsWith(`${command} `));
  return [
    ...(has("text") ? [] : ["text --non-interactive"]),
    ...(["clearpart", "autopart", "part", "reqpart", "logvol"].some(has)
      ? []
      : ["zerombr", "clearpart --all --initlabel", "autopart --nohome --type=plain --fstype=xfs"]),
    ...(has("rootpw") || rootHasPassword ? [] : ["rootpw --lock"]),
    ...(has("reboot") ? [] : ["reboot --eject"]),
  ];
}

const LOCALE_DEFAULTS = [
  ["lang", "en_US.UTF-8"],
  ["keyboard", "us"],
  ["timezone", "UTC"],
] as const;

/**
 * The user's kickstart without what the image payload makes void: payload commands (bib adds
 * its own ostreecontainer), and package sources and %packages, which Anaconda ignores next to an
 * image (kickstart.md §2.2). Returns the text and the commands and account names it keeps.
 */
function stripPayload(contents: string, out: Emitter, installerImage: boolean): { text: string; commands: string[]; accounts: KickstartAccounts } {
  const keyPath = `${INSTALLER}.kickstart.contents`;
  try {
    const ks = parseKickstart(contents, "installer.kickstart.contents");
    const voided = ks.entries.filter(
      (e) => (e.kind === "command" && (PAYLOAD_COMMANDS.has(e.name) || IGNORED_NEXT_TO_OSTREE.has(e.name))) || (e.kind === "section" && e.name === "%packages"),
    );
    if (voided.length > 0) {
      const names = voided.map((e) => (e.kind === "command" || e.kind === "section" ? e.name : ""));
      out.report("installer.payload-stripped", keyPath, {
        title: `${names.join(", ")} removed from the installer kickstart`,
        detail: `${installerImage ? "edge2bootc adds the bootc payload line that installs the image embedded in the installer" : "bootc-image-builder adds its own ostreecontainer payload for the image embedded in the ISO"}; a second payload command conflicts, and Anaconda ignores package sources and %packages next to an image.`,
        remediation: names.includes("%packages") ? "Install the packages in the Containerfile (or the blueprint's packages)." : undefined,
      });
    }
    const kept = ks.entries.filter((e) => !voided.includes(e));
    const commands = kept.flatMap((e) => (e.kind === "command" ? [e] : []));
    const accounts: KickstartAccounts = {
      users: new Set(commands.filter((c) => c.name === "user").map((c) => optionValue(c, "--name") ?? "")),
      groups: new Set(commands.filter((c) => c.name === "group").map((c) => optionValue(c, "--name") ?? "")),
      sshkeys: new Set(commands.filter((c) => c.name === "sshkey").map((c) => optionValue(c, "--username") ?? "")),
      rootpw: commands.some((c) => c.name === "rootpw"),
    };
    return { text: printKickstart({ ...ks, entries: kept }), commands: commands.map((c) => c.name), accounts };
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    out.report("installer.kickstart-unparsed", keyPath, {
      title: "the installer kickstart could not be checked",
      detail: e.diagnostics.map((d) => `line ${d.source.line}: ${d.message}`).join("; "),
    });
    return { text: contents, commands: [], accounts: { users: new Set(), groups: new Set(), sshkeys: new Set(), rootpw: false } };
  }
}

/**
 * The kickstart edge2bootc writes into config.toml goes through the same checks as the
 * kickstarts it converts (duplicate and conflicting commands, unknown commands, removed ones).
 */
function analyzeGenerated(text: string, ctx: MigrationContext, out: Emitter, keyPath: string, bootcPayload: boolean) {
  const found = new KickstartFindings();
  let entries: KickstartEntry[] = [];
  try {
    entries = parseKickstart(text, "installer.kickstart").entries;
    analyzeKickstart(entries, [], ctx.target.major >= 10 ? "rhel10" : "rhel9", found);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    for (const d of e.diagnostics) found.error(d.source, d.message);
  }
  // Mount points of the blueprint's own layout are made in the Containerfile (disk.ts): only the user's count.
  const made = new Set(layoutMountPoints(ctx.blueprint.customizations ?? {}).map(([mountpoint]) => mountpoint));
  const madeLines = new Set(entries.flatMap((e) => (e.kind === "command" && made.has(e.args[1]?.value ?? "") ? [e.line] : [])));
  const madeInImage = (f: Finding) => f.id === "kickstart.mountpoint-not-in-image" && madeLines.has(f.source.line);
  for (const f of found.findings.filter((x) => x.id !== "kickstart.template-placeholder" && !madeInImage(x))) {
    out.report(f.id, keyPath, {
      title: `installer kickstart line ${f.source.line}: ${f.title}`,
      detail: f.detail,
      ...(f.remediation ? { remediation: f.remediation } : {}),
    });
  }
  // The installer image's kickstart installs with the bootc command, which RHEL 10 documents with a short list of commands.
  if (bootcPayload)
    for (const e of entries)
      if (e.kind === "command" && !BOOTC_SUPPORTED.has(e.name))
        out.report("kickstart.not-supported-with-bootc", keyPath, {
          title: `installer kickstart line ${e.line}: ${e.name} is not listed as supported with the bootc command`,
          detail:
            "The RHEL 10 documentation lists the commands that work with the bootc kickstart command, which installs the image from the installer image; the line is kept as written.",
          remediation: "Move the setting into the image (a group: a sysusers.d g line), or build the anaconda-iso instead.",
        });
  for (const d of found.errors) {
    out.report("installer.kickstart-invalid", keyPath, {
      title: `installer kickstart line ${d.source.line}: ${d.message}`,
      detail: "The installer rejects this kickstart.",
    });
  }
}

/** installer.* and installation_device: the anaconda-iso kickstart, bib installer modules, sudoers. */
/**
 * kernel.append on an ISO install. Anaconda does not apply the image's kargs.d when it installs
 * (osbuild/bootc-image-builder#902, bootc-dev/bootc#883) and bootc's later updates apply only
 * changes to kargs.d, so arguments only in kargs.d never reach a machine installed from the ISO.
 */
function kernelArgsOnInstall(ctx: MigrationContext, out: Emitter, lines: string[], provenance: string[], userCommands: Set<string>) {
  const kargs = ctx.kernelArgs;
  if (kargs.length === 0) return;
  const keyPath = "customizations.kernel.append";
  const why =
    "Anaconda does not apply the image's /usr/lib/bootc/kargs.d when it installs (osbuild/bootc-image-builder#902), and later bootc updates apply only changes to kargs.d.";
  if (lines.length > 0 && !userCommands.has("bootloader")) {
    lines.push(ksCommand("bootloader", [], { "--append": kargs.join(" ") }));
    provenance.push(keyPath);
    out.report("installer.kernel-args", keyPath, { title: "the installer kickstart sets the kernel arguments with bootloader --append", detail: why });
    return;
  }
  out.report("installer.kernel-args-not-installed", keyPath, {
    title:
      lines.length > 0
        ? "the installer kickstart's own bootloader line must carry the kernel arguments"
        : "kernel arguments do not reach a machine installed from the ISO",
    detail: `${why} They are in kargs.d for disk images only.`,
    remediation:
      lines.length > 0
        ? `Add --append="${kargs.join(" ")}" to the bootloader line of installer.kickstart.contents.`
        : `Give the ISO an installer kickstart (customizations.installer.kickstart.contents) with bootloader --append="${kargs.join(" ")}"; it then replaces bootc-image-builder's default kickstart, so also set what that one did (text --non-interactive, a disk layout, reboot).`,
  });
}

const ISO_DOC = "osbuild/image-builder doc/20-advanced/20-bootc/10-isos.md";

/**
 * anaconda-iso is deprecated upstream in favour of bootc-generic-iso ("We prefer you use the
 * bootc-generic-iso image type", osbuild/bootc-image-builder#1221), which boots an installer
 * container image: Anaconda installed in a bootc image, its kickstart at
 * /usr/share/anaconda/interactive-defaults.ks, the payload embedded with
 * --bootc-installer-payload-ref and installed from containers-storage: (ISO_DOC). bootc-image-builder
 * keeps building anaconda-iso on RHEL 9 and 10 (osbuild/image-builder#2610, a maintainer,
 * 2026-08-25), and no distribution publishes an installer image (same thread), so anaconda-iso is
 * the default; --iso-type bootc-generic-iso asks for the installer image (resolve/iso-route.ts says
 * where it is allowed, render/installer-image.ts writes it), and otherwise the report says what
 * that route takes. The payload line differs by major:
 * RHEL 10's Anaconda has the bootc kickstart command, RHEL 9's only ostreecontainer (pykickstart's
 * rhel9 and rhel10 handlers).
 */
function reportIsoType(ctx: MigrationContext, out: Emitter): void {
  const profile = ctx.options.bibProfile ?? DEFAULT_BIB_PROFILE;
  const route = ctx.isoRoute;
  if (route?.type === "bootc-generic-iso") {
    out.installerImage({}).report("bib.iso-type", "distro", {
      title: "The installer is built as bootc-generic-iso from the installer image in installer/",
      detail:
        "image-builder makes the ISO from the image installer/Containerfile builds (Anaconda and the ISO tools added to your base image), copies your image into its containers-storage (--bootc-installer-payload-ref), and the kickstart installs it from there with the bootc command. The ISO settings config.toml would hold for anaconda-iso are in installer/ instead. Red Hat publishes no installer image and documents no package set for one (osbuild/image-builder#2610): the one written here follows image-builder's ISO documentation with RHEL 10's package names, so build it and install a test machine before you rely on it.",
      remediation:
        "Build the installer image and the ISO as the next steps say; bootc-image-builder's anaconda-iso remains available (convert without --iso-type bootc-generic-iso).",
    });
    return;
  }
  const generic = bibHas(profile, "bootc-generic-iso");
  const image = ctx.image;
  const payload =
    ctx.target.major >= 10
      ? `bootc --source-imgref containers-storage:${image} --target-imgref ${image}`
      : `ostreecontainer --transport containers-storage --url ${image} --no-signature-verification (RHEL 9's Anaconda has no bootc command, and RHEL documents this transport for neither: test it)`;
  const offered = generic && ctx.target.major >= 10 ? " edge2bootc writes that installer image with --iso-type bootc-generic-iso." : "";
  out.report("bib.iso-type", "distro", {
    title: route?.refused
      ? `bootc-generic-iso was asked for, but the installer is built as anaconda-iso: ${route.refused}`
      : generic
        ? "The installer is built as anaconda-iso, though this bootc-image-builder also has bootc-generic-iso"
        : `The installer is built as anaconda-iso: the bootc-image-builder of profile ${profile} predates bootc-generic-iso`,
    detail: generic
      ? `anaconda-iso is deprecated upstream in favour of bootc-generic-iso, which makes the ISO from an installer container image (Anaconda in a bootc image) instead of RPMs. bootc-image-builder still builds anaconda-iso on RHEL 9 and 10, and Red Hat publishes no installer image, so the config here is anaconda-iso's.${offered}`
      : `bootc-generic-iso arrived in bootc-image-builder's ${BIB_FEATURES["bootc-generic-iso"]} releases; anaconda-iso, deprecated upstream, is what this profile builds.`,
    remediation: `To move to bootc-generic-iso: build an installer image FROM your base image with Anaconda and the ISO tools (${ISO_DOC} has an example Containerfile: anaconda, anaconda-install-env-deps, anaconda-dracut, dracut-config-generic, dracut-network, squashfs-tools, xorriso, grub2-efi-x64-cdboot, shim-x64 reinstalled so its EFI files exist, the initramfs rebuilt with dracut --add anaconda), put the installer kickstart (config.toml's installer.kickstart.contents and its users) at /usr/share/anaconda/interactive-defaults.ks ending with ${payload}, then run image-builder build --bootc-ref <installer image> --bootc-installer-payload-ref ${image} bootc-generic-iso.`,
  });
}

export function mapInstaller(ctx: MigrationContext): MapperOutput {
  const out = new Emitter(ctx);
  const c = ctx.blueprint.customizations ?? {};
  const inst = c.installer;
  const { type, iso, bibType } = ctx.source;
  const notIso = (keyPath: string) =>
    out.cover(keyPath, "reported").report("installer.not-an-installer", keyPath, {
      title: `${keyPath} only applies to installer ISOs`,
      detail: `The conversion is for ${type}, which bootc-image-builder builds as ${bibType ?? "an image pushed to a registry"}; nothing was written for this key.`,
      remediation: "Convert with --source-image-type edge-installer (or edge-simplified-installer) to get an anaconda-iso config.toml.",
    });

  if (inst !== undefined) out.coverIfEmpty(INSTALLER, inst);
  if (iso) reportIsoType(ctx, out);
  else if (ctx.options.isoType === "bootc-generic-iso")
    out.report("installer.not-an-installer", "distro", {
      title: "--iso-type bootc-generic-iso only applies to installer ISOs",
      detail: `The conversion is for ${type}; no installer image was written.`,
      remediation: "Convert with --source-image-type edge-installer (or edge-simplified-installer).",
    });
  const installerImage = ctx.isoRoute?.type === "bootc-generic-iso";
  // Where the installer kickstart goes: config.toml's contents for anaconda-iso, the installer image's file for bootc-generic-iso.
  const kickstartHome = installerImage ? INSTALLER_IMAGE_KICKSTART : `${BIB_CONFIG} [customizations.installer.kickstart]`;
  const rootHasPassword = (c.user ?? []).some((u) => u.name === "root" && u.password);
  const lines: string[] = [];
  const provenance: string[] = [];
  const contents = inst?.kickstart?.contents;
  const userCommands = new Set<string>();
  let userAccounts: KickstartAccounts | undefined;
  if (contents !== undefined) {
    if (!iso) notIso(`${INSTALLER}.kickstart`);
    else {
      const stripped = stripPayload(contents, out, installerImage);
      for (const name of stripped.commands) userCommands.add(name);
      userAccounts = stripped.accounts;
      lines.push(stripped.text.replace(/\n$/, ""));
      provenance.push(`${INSTALLER}.kickstart.contents`);
      out.cover(`${INSTALLER}.kickstart.contents`, "moved", kickstartHome);
    }
  }
  const { layout, storage } = ctx.installerKickstart;
  if (c.installation_device !== undefined) {
    if (!iso) {
      out.cover(DEVICE, "reported").report("installer.device-no-disk-equivalent", DEVICE, {
        title: `installation_device ${c.installation_device} has no disk-image equivalent`,
        detail: "The simplified installer wrote the image to this device; disk images have no target device.",
        remediation: `Install with an anaconda-iso kickstart (--source-image-type edge-simplified-installer) or run bootc install to-disk ${c.installation_device} from a live environment.`,
      });
    } else if (contents !== undefined) {
      out.cover(DEVICE, "reported").report("installer.device-not-added", DEVICE, {
        title: `add installation_device ${c.installation_device} to your installer kickstart`,
        detail: "The blueprint has its own kickstart, so edge2bootc does not add partitioning to it.",
        remediation: `Add: ignoredisk --only-use=${c.installation_device.replace(/^\/dev\//, "")}; clearpart --all --initlabel --drives=...`,
      });
    } else {
      const placed = layout === "installer-kickstart" ? storage : undefined;
      const device = deviceKickstart(c.installation_device, placed?.lines, rootHasPassword);
      lines.push(...device);
      provenance.push(DEVICE, ...(placed?.keyPaths ?? []));
      out.cover(DEVICE, "moved", kickstartHome).report("installer.device", DEVICE, {
        title: `an unattended kickstart installs to ${c.installation_device}`,
        detail: `bootc-image-builder's ISO otherwise installs to the first disk Anaconda finds, and with kickstart contents it adds nothing but the payload. The kickstart holds only what the device asks for: ${device.join("; ")}.${storage ? "" : " autopart uses Anaconda's default scheme."}`,
      });
    }
  }
  const deviceKickstartWritten = iso && c.installation_device !== undefined && contents === undefined;
  if (storage !== undefined && !deviceKickstartWritten) {
    if (layout === "user-partitions") {
      out.report("installer.layout-conflict", storage.keyPaths[0]!, {
        title: "the installer kickstart partitions itself; the blueprint's layout was not added",
        detail: `Two layouts cannot both apply. The blueprint's would be: ${storage.lines.join("; ")}.`,
      });
    } else {
      lines.push(...(userCommands.has("clearpart") ? [] : ["clearpart --all --initlabel"]), ...storage.lines);
      provenance.push(...storage.keyPaths);
      if (contents === undefined) {
        // Contents replace bib's own unattended kickstart: unattended installs must say so again.
        const unattended = inst?.unattended === true || installerImage;
        if (unattended) {
          lines.unshift("text --non-interactive");
          lines.push(...(rootHasPassword ? [] : ["rootpw --lock"]), "reboot --eject");
        }
        out.report(unattended ? "installer.kickstart-for-layout" : "installer.kickstart-for-layout-interactive", storage.keyPaths[0]!, {
          title: "an installer kickstart was written for the disk layout",
          detail: `With kickstart contents bootc-image-builder adds only the payload, so its own unattended defaults no longer apply.${unattended ? " installer.unattended = true: the kickstart is non-interactive, locks root unless the blueprint sets its password, and reboots." : " The installer asks for what the kickstart does not set (root password, ...)."}`,
          ...(unattended ? {} : { remediation: "Set customizations.installer.unattended = true for an unattended install, or complete the kickstart." }),
        });
      }
    }
  }
  // An installer image's kickstart is the whole unattended install, as bootc-image-builder's own would be.
  const defaulted = installerImage && contents === undefined;
  if (defaulted) lines.push(...unattendedDefaults(lines, rootHasPassword));
  if (iso) kernelArgsOnInstall(ctx, out, lines, provenance, userCommands);
  if (lines.length > 0) {
    const locale = localeLines(ctx, userCommands);
    lines.push(...locale.lines);
    provenance.push(...locale.keyPaths);
    if (defaulted)
      for (const [command, value] of LOCALE_DEFAULTS) if (!locale.lines.some((l) => l.startsWith(`${command} `))) lines.push(`${command} ${value}`);
    if (accountsInKickstart(ctx)) lines.push(...kickstartAccountLines(ctx, ctx.accounts.accounts, userAccounts, out));
    // anaconda-iso's builder adds its own payload; an installer image's kickstart carries it (checked apart: see analyzeGenerated).
    const payload = installerImage ? [containersStoragePayload(ctx.image)] : [];
    const doc: KickstartDocument = {
      path: installerImage ? INSTALLER_IMAGE_KICKSTART : "customizations.installer.kickstart.contents",
      role: installerImage ? "installer-image" : "installer",
      // The blueprint's own contents are one entry of several lines; the model holds single lines.
      ...linesOf(`${[...lines, ...payload].join("\n")}\n`),
      sensitive: false,
      provenance: provenance.map((k) => ctx.at(k)),
    };
    analyzeGenerated(renderKickstart(doc), ctx, out, provenance[0] ?? `${INSTALLER}.kickstart.contents`, installerImage);
    out.kickstart(doc);
  }

  const modules = inst?.modules;
  if (modules !== undefined) {
    const keyPath = `${INSTALLER}.modules`;
    if (!iso) notIso(keyPath);
    else if (installerImage)
      out.cover(keyPath, "reported").report("installer.no-equivalent", keyPath, {
        title: "installer.modules is not carried into the installer image",
        detail:
          "bootc-image-builder turns installer.modules into Anaconda configuration of the ISO it builds from RPMs; the installer image edge2bootc writes runs Anaconda as RHEL ships it.",
        remediation:
          "Enable or disable the Anaconda modules in the installer image's Anaconda configuration (/etc/anaconda/conf.d), or build the anaconda-iso instead.",
      });
    else if (!bibHas(ctx.options.bibProfile, "installer.modules"))
      out.cover(keyPath, "reported").report("bib.profile-lacks-key", keyPath, {
        title: "this bootc-image-builder profile has no installer.modules",
        detail: "installer.modules arrived in bib in 2024-08.",
        remediation: "Use a newer bib.",
      });
    else out.bib("customizations.installer.modules", modules, [keyPath]).coverLeaves(keyPath, modules, "moved", BIB_CONFIG);
  }
  if (inst?.unattended !== undefined) {
    out.cover(`${INSTALLER}.unattended`, "reported").report("installer.unattended", `${INSTALLER}.unattended`, {
      title: "bootc-image-builder ISOs are unattended already",
      detail: "bib parses installer.unattended but its bootc ISO path does not use it; without kickstart contents the ISO installs without questions.",
    });
  }
  const nopasswd = inst?.["sudo-nopasswd"];
  if (nopasswd !== undefined) {
    const keyPath = `${INSTALLER}.sudo-nopasswd`;
    if (nopasswd.length > 0)
      out.overlayFile("/etc/sudoers.d/edge2bootc-nopasswd", nopasswd.map((n) => `${n}\tALL=(ALL)\tNOPASSWD: ALL`).join("\n") + "\n", [keyPath], "0440");
    out.coverLeaves(keyPath, nopasswd, "converted", "/etc/sudoers.d/edge2bootc-nopasswd").report("installer.sudo-nopasswd", keyPath, {
      title: "passwordless sudo moves into the image",
      detail:
        "The edge installer wrote these sudoers rules at install time; bib's bootc ISO ignores the key, so the rules ship in the image (same content composer generated).",
    });
  }
  for (const key of ["bootloader", "payload"] as const) {
    if (inst?.[key] === undefined) continue;
    out.cover(`${INSTALLER}.${key}`, "reported").report("installer.no-equivalent", `${INSTALLER}.${key}`, {
      title: `installer.${key} has no image-mode equivalent`,
      detail: "bootc-image-builder's ISO has no setting for it.",
      remediation: key === "payload" ? "Install flatpaks on first boot or from the image." : "Set the GRUB timeout through the image (bootupd) if needed.",
    });
  }
  return out.done();
}

/** iso labels: bib anaconda-iso only, from the 2025-12 profile. */
export function mapIso(ctx: MigrationContext): MapperOutput {
  const out = new Emitter(ctx);
  const labels = ctx.blueprint.customizations?.iso;
  if (labels === undefined) return out.done();
  const keyPath = "customizations.iso";
  const { type, iso } = ctx.source;
  if (!iso) {
    out.cover(keyPath, "reported").report("installer.not-an-installer", keyPath, {
      title: "iso only applies to installer ISOs",
      detail: `The conversion is for ${type}; nothing was written.`,
      remediation: "Convert with --source-image-type edge-installer.",
    });
  } else if (!bibHas(ctx.options.bibProfile, "iso")) {
    out.cover(keyPath, "reported").report("bib.profile-lacks-key", keyPath, {
      title: "this bootc-image-builder profile has no [customizations.iso]",
      detail: "iso arrived in bib in 2025-12.",
      remediation: "Use --bib-profile 2025-12 or later, or relabel the ISO with xorriso.",
    });
  } else if (ctx.isoRoute?.type === "bootc-generic-iso") {
    // iso.yaml has a label (image-builder's sources of configuration); the other two have no key there.
    if (labels.volume_id !== undefined) {
      out.installerImage({ label: { value: labels.volume_id, keyPaths: [`${keyPath}.volume_id`] } });
      out.cover(`${keyPath}.volume_id`, "moved", "installer/iso.yaml");
    }
    for (const key of ["application_id", "publisher"] as const)
      if (labels[key] !== undefined)
        out.cover(`${keyPath}.${key}`, "reported").report("installer.no-equivalent", `${keyPath}.${key}`, {
          title: `iso.${key} has no place in the installer image's iso.yaml`,
          detail: "image-builder's iso.yaml sets the volume label and the boot entries only.",
          remediation: "Relabel the built ISO with xorriso, or build the anaconda-iso instead.",
        });
  } else out.bib(keyPath, labels, [keyPath]).coverLeaves(keyPath, labels, "moved", BIB_CONFIG);
  return out.done();
}
