import { bibHas, sourceImage } from "../bib/profile.js";
import { BIB_CONFIG } from "../bib/render.js";
import { InputError } from "../errors.js";
import { OSTREE_PAYLOADS } from "../kickstart/commands.js";
import { parseKickstart, printKickstart } from "../kickstart/parse.js";
import type { MapperOutput } from "../plan/types.js";
import { planAccounts } from "./accounts.js";
import { Emitter, type MigrationContext } from "./context.js";
import { accountsInKickstart, kickstartAccountLines } from "./deploy-accounts.js";

const INSTALLER = "customizations.installer";
const DEVICE = "customizations.installation_device";
/** bib writes its own payload (ostreecontainer from the ISO); these would conflict or be ignored. */
const PAYLOAD_COMMANDS = new Set<string>([...OSTREE_PAYLOADS, "liveimg", "url"]);

/** bib's unattended default kickstart (mapping.md §4), with the device the edge installer targeted. */
function deviceKickstart(device: string): string[] {
  const dev = device.replace(/^\/dev\//, "");
  return ["text --non-interactive", "lang en_US.UTF-8", "keyboard us", "timezone UTC", "network --bootproto=dhcp --device=link --activate --onboot=on", `ignoredisk --only-use=${dev}`, "zerombr", `clearpart --all --initlabel --drives=${dev}`, "autopart --noswap --type=lvm", "rootpw --lock", "reboot --eject"];
}

/** The user's kickstart without payload lines (bib adds its own), or undefined when it does not parse. */
function stripPayload(contents: string, out: Emitter): string | undefined {
  try {
    const ks = parseKickstart(contents, "installer.kickstart.contents");
    const dropped = ks.entries.filter((e) => e.kind === "command" && PAYLOAD_COMMANDS.has(e.name));
    if (dropped.length > 0) {
      out.report({ id: "installer.payload-stripped", severity: "info", keyPath: `${INSTALLER}.kickstart.contents`, title: `${dropped.map((e) => (e.kind === "command" ? e.name : "")).join(", ")} removed from the installer kickstart`, detail: "bootc-image-builder adds its own ostreecontainer payload for the image embedded in the ISO; a second payload command conflicts." });
    }
    return printKickstart({ ...ks, entries: ks.entries.filter((e) => !dropped.includes(e)) });
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    out.report({ id: "installer.kickstart-unparsed", severity: "warning", keyPath: `${INSTALLER}.kickstart.contents`, title: "the installer kickstart could not be checked", detail: e.diagnostics.map((d) => `line ${d.source.line}: ${d.message}`).join("; "), remediation: "Make sure it has no ostreesetup, ostreecontainer or liveimg line." });
    return contents;
  }
}

/** installer.* and installation_device: the anaconda-iso kickstart, bib installer modules, sudoers. */
export function mapInstaller(ctx: MigrationContext): MapperOutput {
  const out = new Emitter(ctx);
  const c = ctx.blueprint.customizations ?? {};
  const inst = c.installer;
  const { type, iso, bibType } = sourceImage(ctx.options);
  const notIso = (keyPath: string) =>
    out.cover(keyPath, "reported").report({ id: "installer.not-an-installer", severity: "warning", keyPath, title: `${keyPath} only applies to installer ISOs`, detail: `The conversion is for ${type}, which bootc-image-builder builds as ${bibType ?? "an image pushed to a registry"}; nothing was written for this key.`, remediation: "Convert with --source-image-type edge-installer (or edge-simplified-installer) to get an anaconda-iso config.toml." });

  if (inst !== undefined) out.coverIfEmpty(INSTALLER, inst);
  const lines: string[] = [];
  const contents = inst?.kickstart?.contents;
  if (contents !== undefined) {
    if (!iso) notIso(`${INSTALLER}.kickstart`);
    else {
      lines.push((stripPayload(contents, out) ?? contents).replace(/\n$/, ""));
      out.cover(`${INSTALLER}.kickstart`, "moved", `${BIB_CONFIG} [customizations.installer.kickstart]`);
    }
  }
  if (c.installation_device !== undefined) {
    if (!iso) {
      out.cover(DEVICE, "reported").report({ id: "installer.device", severity: "unsupported", keyPath: DEVICE, title: `installation_device ${c.installation_device} has no disk-image equivalent`, detail: "The simplified installer wrote the image to this device; disk images have no target device.", remediation: `Install with an anaconda-iso kickstart (--source-image-type edge-simplified-installer) or run bootc install to-disk ${c.installation_device} from a live environment.` });
    } else if (contents !== undefined) {
      out.cover(DEVICE, "reported").report({ id: "installer.device", severity: "warning", keyPath: DEVICE, title: `add installation_device ${c.installation_device} to your installer kickstart`, detail: "The blueprint has its own kickstart, so edge2bootc does not add partitioning to it.", remediation: `Add: ignoredisk --only-use=${c.installation_device.replace(/^\/dev\//, "")}; clearpart --all --initlabel --drives=...` });
    } else {
      lines.push(...deviceKickstart(c.installation_device));
      out.cover(DEVICE, "moved", `${BIB_CONFIG} [customizations.installer.kickstart]`).report({ id: "installer.device", severity: "info", keyPath: DEVICE, title: `an unattended kickstart installs to ${c.installation_device}`, detail: "bootc-image-builder's ISO otherwise installs to the first disk Anaconda finds. With kickstart contents bib adds nothing else, so the kickstart carries bib's defaults (lang, keyboard, timezone, network, autopart) explicitly." });
    }
  }
  if (lines.length > 0) {
    if (accountsInKickstart(ctx)) lines.push(...kickstartAccountLines(ctx, planAccounts(ctx.blueprint).accounts));
    out.bib("customizations.installer.kickstart.contents", `${lines.join("\n")}\n`, [contents !== undefined ? `${INSTALLER}.kickstart.contents` : DEVICE]);
  }

  const modules = inst?.modules;
  if (modules !== undefined) {
    const keyPath = `${INSTALLER}.modules`;
    if (!iso) notIso(keyPath);
    else if (!bibHas(ctx.options.bibProfile, "installer.modules")) out.cover(keyPath, "reported").report({ id: "bib.profile-lacks-key", severity: "unsupported", keyPath, title: "this bootc-image-builder profile has no installer.modules", detail: "installer.modules arrived in bib in 2024-08.", remediation: "Use a newer bib." });
    else out.bib("customizations.installer.modules", modules, [keyPath]).cover(keyPath, "moved", BIB_CONFIG);
  }
  if (inst?.unattended !== undefined) {
    out.cover(`${INSTALLER}.unattended`, "reported").report({ id: "installer.unattended", severity: "info", keyPath: `${INSTALLER}.unattended`, title: "bootc-image-builder ISOs are unattended already", detail: "bib parses installer.unattended but its bootc ISO path does not use it; without kickstart contents the ISO installs without questions." });
  }
  const nopasswd = inst?.["sudo-nopasswd"];
  if (nopasswd !== undefined) {
    const keyPath = `${INSTALLER}.sudo-nopasswd`;
    if (nopasswd.length > 0) out.overlayFile("/etc/sudoers.d/edge2bootc-nopasswd", nopasswd.map((n) => `${n}\tALL=(ALL)\tNOPASSWD: ALL`).join("\n") + "\n", [keyPath], "0440");
    out.cover(keyPath, "converted", "/etc/sudoers.d/edge2bootc-nopasswd").report({ id: "installer.sudo-nopasswd", severity: "info", keyPath, title: "passwordless sudo moves into the image", detail: "The edge installer wrote these sudoers rules at install time; bib's bootc ISO ignores the key, so the rules ship in the image (same content composer generated)." });
  }
  for (const key of ["bootloader", "payload"] as const) {
    if (inst?.[key] === undefined) continue;
    out.cover(`${INSTALLER}.${key}`, "reported").report({ id: "installer.no-equivalent", severity: "unsupported", keyPath: `${INSTALLER}.${key}`, title: `installer.${key} has no image-mode equivalent`, detail: "bootc-image-builder's ISO has no setting for it.", remediation: key === "payload" ? "Install flatpaks on first boot or from the image." : "Set the GRUB timeout through the image (bootupd) if needed." });
  }
  return out.done();
}

/** iso labels: bib anaconda-iso only, from the 2025-12 profile. */
export function mapIso(ctx: MigrationContext): MapperOutput {
  const out = new Emitter(ctx);
  const labels = ctx.blueprint.customizations?.iso;
  if (labels === undefined) return out.done();
  const keyPath = "customizations.iso";
  const { type, iso } = sourceImage(ctx.options);
  if (!iso) {
    out.cover(keyPath, "reported").report({ id: "installer.not-an-installer", severity: "warning", keyPath, title: "iso only applies to installer ISOs", detail: `The conversion is for ${type}; nothing was written.`, remediation: "Convert with --source-image-type edge-installer." });
  } else if (!bibHas(ctx.options.bibProfile, "iso")) {
    out.cover(keyPath, "reported").report({ id: "bib.profile-lacks-key", severity: "unsupported", keyPath, title: "this bootc-image-builder profile has no [customizations.iso]", detail: "iso arrived in bib in 2025-12.", remediation: "Use --bib-profile 2025-12 or later, or relabel the ISO with xorriso." });
  } else out.bib(keyPath, labels, [keyPath]).cover(keyPath, "moved", BIB_CONFIG);
  return out.done();
}
