import { didYouMean } from "../util/suggest.js";
import { canonicalCommand, DATA_COMMANDS, isRemovedIn, knownCommands, OSTREE_PAYLOADS, SECTION_SPECS, type KickstartTarget } from "./commands.js";
import { parseReported, refOf, shownName, where, type KickstartFindings } from "./findings.js";
import type { UnresolvedInclude } from "./includes.js";
import type { KickstartCommand, KickstartEntry } from "./model.js";
import { isTemplateLine, placeholdersIn } from "./placeholders.js";
import { matchScriptRule } from "./scripts.js";

const SCRIPT_SECTIONS = new Set(["%pre", "%pre-install", "%post", "%onerror", "%traceback"]);

/** The value of `--name=v` / `--name v` (exact spelling), for keying data commands. */
export function optionValue(cmd: KickstartCommand, name: string): string | undefined {
  for (let i = 1; i < cmd.args.length; i++) {
    const v = cmd.args[i]!.value;
    if (v.startsWith(`${name}=`)) return v.slice(name.length + 1);
    if (v === name) return cmd.args[i + 1]?.value;
  }
  return undefined;
}

function dataKey(cmd: KickstartCommand): string | undefined {
  const spec = DATA_COMMANDS[canonicalCommand(cmd.name)];
  if (!spec || spec.key === "none") return undefined;
  if (spec.key === "positional") {
    const first = cmd.args[1]?.value;
    if (first === undefined || first.startsWith("-")) return undefined;
    // A logical volume is named by its mount point and its volume group together.
    return cmd.name === "logvol" ? `${first} in ${optionValue(cmd, "--vgname") ?? "?"}` : first;
  }
  return optionValue(cmd, spec.key);
}

/** Unknown commands, removed commands, and words cut short by an unquoted "#". */
function checkCommandNames(commands: KickstartCommand[], target: KickstartTarget, out: KickstartFindings, hasSections: boolean) {
  const known = knownCommands(target);
  const unknown = commands.filter((c) => !known.has(c.name) && !isRemovedIn(target, c.name) && !isTemplateLine(c.raw));
  // A file of shell lines is a %post body meant to be %include'd inside a section (MicroShift's
  // post-*.cfg): one finding says so instead of one "unknown command" per line.
  const scriptBody = !hasSections && unknown.length >= 3 && unknown.length * 2 >= commands.length;
  if (scriptBody) {
    out.add("kickstart.script-body", refOf(unknown[0]!), {
      title: "this file looks like a script body, not a kickstart",
      detail: `${unknown.length} of its ${commands.length} lines are not kickstart commands. Such files are %include'd inside a %post or %pre section, where their lines are shell; they are kept as written.`,
    });
  }
  for (const cmd of commands) {
    if (isTemplateLine(cmd.raw)) continue;
    if (isRemovedIn(target, cmd.name)) {
      out.add("kickstart.removed-command", refOf(cmd), {
        title: `${cmd.name} was removed for RHEL 10`,
        detail: "pykickstart's RHEL10 handler rejects it; the line is kept as written.",
        remediation: cmd.name.startsWith("auth") ? "Use authselect instead." : "Remove the line.",
      });
    } else if (!known.has(cmd.name) && !scriptBody) {
      const near = didYouMean(cmd.name.toLowerCase(), [...known]);
      const hint = known.has(cmd.name.toLowerCase())
        ? ` KickstartCommand names are case-sensitive: write ${cmd.name.toLowerCase()}.`
        : near
          ? ` Did you mean ${near}?`
          : "";
      out.add("kickstart.unknown-command", refOf(cmd), {
        title: `unknown kickstart command ${shownName(cmd.name)}`,
        detail: `The ${target.toUpperCase()} installer rejects commands it does not know; the line is kept as written.${hint}`,
      });
    }
    if (cmd.commentInWord !== undefined) {
      out.add("kickstart.comment-in-word", refOf(cmd, cmd.commentInWord), {
        title: `"#" cuts ${cmd.name}'s arguments short`,
        detail: "In kickstart a # starts a comment even inside an unquoted word, so everything after it is ignored.",
      });
    }
  }
}

/** Last-wins single-use commands, clashing data commands, and the ostree payload conflict (kickstart.md §1.6). */
function checkDuplicates(commands: KickstartCommand[], target: KickstartTarget, out: KickstartFindings) {
  const known = knownCommands(target);
  const lastSingle = new Map<string, KickstartCommand>();
  const dataSeen = new Map<string, KickstartCommand>();
  for (const cmd of commands) {
    if (!known.has(cmd.name) || (OSTREE_PAYLOADS as readonly string[]).includes(cmd.name)) continue;
    const name = canonicalCommand(cmd.name);
    if (!(name in DATA_COMMANDS)) {
      const before = lastSingle.get(name);
      if (before)
        out.add("kickstart.duplicate-command", refOf(before), {
          title: `${before.name} is overridden by line ${where(cmd)}`,
          detail: `${cmd.name} may appear once; the installer keeps only the last line, so this one has no effect.`,
          remediation: "Remove the earlier line.",
        });
      lastSingle.set(name, cmd);
      continue;
    }
    const key = dataKey(cmd);
    if (key === undefined) continue;
    const id = `${name} ${key}`;
    const before = dataSeen.get(id);
    if (before && name === "sshkey")
      out.error(refOf(cmd), `a second sshkey for user ${key} (first at ${where(before)}); ksvalidator rejects it: put one sshkey line per user`);
    else if (before)
      out.add("kickstart.duplicate-data", refOf(cmd), {
        title: `${cmd.name} ${key} is defined twice (first at ${where(before)})`,
        detail: "pykickstart warns and ksvalidator fails on a duplicate; which definition wins depends on the installer.",
      });
    dataSeen.set(id, cmd);
  }
  const payloads = commands.filter((c) => (OSTREE_PAYLOADS as readonly string[]).includes(c.name));
  const first = payloads[0];
  const mixed = payloads.find((c) => c.name !== first?.name);
  if (first && mixed)
    out.error(
      refOf(mixed),
      `${mixed.name} conflicts with ${first.name} at ${where(first)}: a kickstart has exactly one of ostreesetup, ostreecontainer and bootc`,
    );
}

function checkPlaceholders(entries: KickstartEntry[], out: KickstartFindings) {
  const report = (line: Parameters<typeof refOf>[0], inScript: boolean) => {
    const found = placeholdersIn(line.raw, inScript);
    if (found.length === 0) return;
    const column = Math.min(...found.map((p) => line.raw.indexOf(p)));
    out.add("kickstart.template-placeholder", refOf(line, column), {
      title: `template placeholder ${[...new Set(found)].join(", ")}`,
      detail: "Kept untouched in the output. The kickstart only works once your templating step fills it in.",
    });
  };
  for (const e of entries) {
    if (e.kind === "section") {
      report(e.header, false);
      e.body.forEach((b) => report(b, SCRIPT_SECTIONS.has(e.name)));
    } else if (e.kind !== "blank" && e.kind !== "comment") report(e, false);
  }
}

function checkScripts(entries: KickstartEntry[], out: KickstartFindings) {
  for (const e of entries) {
    if (e.kind !== "section" || !SCRIPT_SECTIONS.has(e.name)) continue;
    const chrooted = e.name === "%post" && !e.header.args.some((a) => a.value === "--nochroot");
    for (const line of e.body) {
      const rule = matchScriptRule(line.raw, chrooted);
      if (rule)
        out.add(rule.id, refOf(line), {
          title: `${e.name} script ${rule.title}`,
          detail: `The ${e.name} script that starts at ${where(e.header)} still runs after an image install, but this line was written for an rpm-ostree edge system; it is kept as written.`,
        });
    }
  }
}

/** A kickstart that sets MicroShift up: it writes its config, its pull secret or names it. */
function isMicroShiftKickstart(entries: KickstartEntry[]): boolean {
  return entries.some((e) => e.kind === "section" && e.body.some((l) => /microshift|openshift-pull-secret/i.test(l.raw)));
}

/**
 * MicroShift's storage (LVMS/TopoLVM) makes its volumes in an LVM volume group and needs free
 * space there (MicroShift's own kickstarts: "volgroup rhel pv.01" with a fixed-size root). A
 * layout without a volume group, or whose logical volumes grow into all of it, leaves none.
 */
function checkMicroShiftStorage(entries: KickstartEntry[], out: KickstartFindings) {
  if (!isMicroShiftKickstart(entries)) return;
  const commands = entries.filter((e): e is KickstartCommand => e.kind === "command");
  const autopart = commands.find((c) => c.name === "autopart");
  const volgroup = commands.find((c) => c.name === "volgroup");
  const growing = commands.find((c) => c.name === "logvol" && c.args.some((a) => a.value === "--grow") && !c.args.some((a) => a.value.startsWith("--maxsize")));
  const culprit = autopart ?? growing ?? (volgroup === undefined ? commands.find((c) => c.name === "part" || c.name === "reqpart") : undefined);
  if (culprit === undefined) return;
  const why =
    culprit === autopart
      ? "autopart gives all the disk space to the system's own volumes"
      : culprit === growing
        ? "this logical volume grows into all free space of the volume group"
        : "the layout has no LVM volume group";
  out.add("microshift.lvm-no-free-space", refOf(culprit), {
    title: `MicroShift storage: ${why}`,
    detail:
      "MicroShift's storage driver (LVMS, TopoLVM) creates persistent volumes in an LVM volume group and needs free space there; MicroShift's own kickstarts make a volume group (volgroup rhel pv.01) with a fixed-size root and leave the rest free.",
    remediation: "Use part pv.01 --grow, volgroup rhel pv.01 and logvol / --vgname=rhel --size=<fixed> (no --grow), as MicroShift's kickstarts do.",
  });
}

const INCLUDE_REASONS: Record<UnresolvedInclude["reason"], string> = {
  "generated-at-install": "It is written by a %pre script while the installer runs, so it cannot be checked here.",
  remote: "It is fetched from the network at install time, so it cannot be checked here.",
  missing: "The file was not found next to the kickstart.",
  cycle: "It includes itself (directly or through other files); the repeated include was not followed.",
};

function checkIncludes(unresolved: UnresolvedInclude[], out: KickstartFindings) {
  for (const u of unresolved) {
    out.add("kickstart.include-unresolved", refOf(u.line), {
      title: `%include ${u.target} was not analysed`,
      detail: `${INCLUDE_REASONS[u.reason]} The line is kept as written.`,
    });
  }
}

/** Section header options the installer rejects (e.g. %pre --nochroot) or that are abbreviated. */
function checkSectionHeaders(entries: KickstartEntry[], out: KickstartFindings) {
  for (const e of entries) {
    const spec = e.kind === "section" ? SECTION_SPECS[e.name] : undefined;
    if (e.kind !== "section" || spec === undefined) continue;
    parseReported(e.header, spec, out, (at, message) =>
      out.add("kickstart.section-option", at, { title: message, detail: "pykickstart rejects this section header; the line is kept as written." }),
    );
  }
}

/** Checks that do not depend on the conversion: they describe the kickstart as written. */
/** Mount points an image-mode install can use as they are: /var ones are made at boot, /, /boot and /boot/efi by the installer, /home, /srv, /mnt and /opt lead into /var. */
const MOUNTABLE = /^\/(?:$|var(?:\/|$)|boot(?:\/efi)?$|(?:home|srv|mnt|opt|root)(?:\/|$)|usr\/local(?:\/|$))/;

/**
 * A part or logvol mounted outside /var (/data): the image's root is read-only at run time, so
 * the folder must already be in the image or the mount fails and the machine boots to emergency
 * mode (bootc docs, "filesystem"). The kickstart cannot make it; the Containerfile must.
 */
function checkMountPoints(commands: KickstartCommand[], out: KickstartFindings) {
  for (const cmd of commands) {
    if (cmd.name !== "part" && cmd.name !== "partition" && cmd.name !== "logvol") continue;
    const mount = cmd.args[1]?.value;
    if (mount === undefined || !mount.startsWith("/") || MOUNTABLE.test(mount)) continue;
    out.add("kickstart.mountpoint-not-in-image", refOf(cmd), {
      title: `${mount} must exist in the image`,
      detail:
        "The root filesystem of an image-mode system is read-only, so the installer and systemd cannot create this mount point; without it the mount fails at boot.",
      remediation: `Add RUN mkdir -p ${mount} to the Containerfile (edge2bootc does this for the blueprint's filesystem and disk layouts), or mount it under /var.`,
    });
  }
}

export function analyzeKickstart(entries: KickstartEntry[], unresolved: UnresolvedInclude[], target: KickstartTarget, out: KickstartFindings) {
  const commands = entries.filter((e): e is KickstartCommand => e.kind === "command");
  checkCommandNames(
    commands,
    target,
    out,
    entries.some((e) => e.kind === "section"),
  );
  checkDuplicates(commands, target, out);
  checkPlaceholders(entries, out);
  checkScripts(entries, out);
  checkMicroShiftStorage(entries, out);
  checkMountPoints(commands, out);
  checkSectionHeaders(entries, out);
  checkIncludes(unresolved, out);
}
