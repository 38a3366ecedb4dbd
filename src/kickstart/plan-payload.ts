import type { SourceRef } from "../plan/types.js";
import { SPECS } from "./commands.js";
import type { KickstartOptions, Rewrites } from "./rewrites.js";
import { fromLine, headLine, parseReported, refOf, where, type KickstartFindings, type LineRef } from "./findings.js";
import type { KickstartCommand, KickstartEntry } from "./model.js";
import { stringOption, type CommandSpec, type ParsedArgs } from "./options.js";
import { displayUrl, payloadLines, placeholderImage, type EdgePayload } from "./payload.js";
import { hasPlaceholder } from "./placeholders.js";

export interface PayloadPlan {
  /** After conversion the kickstart installs an image (so package sources are ignored). */
  installsImage: boolean;
  image?: string;
  /** Sections to append to the root kickstart. */
  post?: string[];
  /** Where the payload is, for findings about it. */
  anchor?: LineRef;
  /** The image comes from the installer ISO rather than a registry. */
  embedded?: boolean;
}

/** Package-mode payload sources, in the order we prefer to put the image payload in their place. */
const CLASSIC_SOURCES = ["liveimg", "url", "cdrom", "nfs", "harddrive", "hmc"];

/** Payload options the installer rejects make the kickstart invalid: errors. */
const parseChecked = (cmd: KickstartCommand, spec: CommandSpec, out: KickstartFindings): ParsedArgs =>
  parseReported(cmd, spec, out, (at, message) => out.error(at, message));

function imageFor(ref: string | undefined, opts: KickstartOptions, at: LineRef, out: KickstartFindings): string {
  const mapped = ref !== undefined && opts.imageMap !== undefined && Object.hasOwn(opts.imageMap, ref) ? opts.imageMap[ref] : undefined;
  const image = mapped ?? opts.image;
  if (image !== undefined) return image;
  const placeholder = placeholderImage(ref);
  out.add("kickstart.image-placeholder", at, {
    title: `no image given: the kickstart installs ${placeholder}`,
    detail: "An image reference cannot be derived from an ostree URL and ref, so a placeholder was written.",
  });
  return placeholder;
}

function convertOstreesetup(setups: KickstartCommand[], rewrites: Rewrites, opts: KickstartOptions, out: KickstartFindings): PayloadPlan {
  const cmd = setups.at(-1)!;
  for (const earlier of setups.slice(0, -1)) {
    rewrites.set(where(earlier), [
      `# edge2bootc: removed ostreesetup${fromLine(opts, earlier.line)}: overridden by a later ostreesetup${opts.lineNumbers ? ` at line ${cmd.line}` : ""}`,
    ]);
    out.add("kickstart.duplicate-command", refOf(earlier), {
      title: `ostreesetup is overridden by line ${where(cmd)}`,
      detail: "Only the last ostreesetup takes effect; this one was removed.",
    });
  }
  const parsed = parseChecked(cmd, SPECS.ostreesetup, out);
  const url = stringOption(parsed, "--url") ?? "";
  const ref = stringOption(parsed, "--ref");
  const at = refOf(cmd);
  if (url !== "" && !/^(file|https?):/.test(url) && !hasPlaceholder(url))
    out.error(refOf(cmd, parsed.options.get("--url")!.token.start), `ostreesetup --url must start with file:, http: or https:, not ${displayUrl(url)}`);
  const edge: EdgePayload = { stateroot: stringOption(parsed, "--osname"), remote: stringOption(parsed, "--remote"), embedded: url.startsWith("file:") };
  const image = imageFor(ref, opts, at, out);
  const lines = payloadLines(opts.installer, image, edge);
  rewrites.set(where(cmd), [
    `# edge2bootc: ${opts.installer} replaces ostreesetup (ref ${ref ?? "?"})${fromLine(opts, cmd.line)}; see migration-report.md`,
    lines.command,
  ]);
  const source = edge.embedded ? "the commit embedded in the installer ISO" : `${displayUrl(url)} (ref ${ref})`;
  out.add("kickstart.payload-converted", at, {
    title: `ostreesetup became ${opts.installer}`,
    detail: `The edge kickstart installed ${source}; the new one installs ${edge.embedded ? `the image embedded in the ISO and then follows ${image}` : image}. The stateroot stays "${edge.stateroot ?? "default"}" so /ostree/deploy paths in scripts keep working.`,
    remediation: edge.embedded
      ? "Build the installer ISO with bootc-image-builder --type anaconda-iso (or mkksiso), which embeds the image under /container."
      : "Push the image before installing; anaconda pulls it from the registry.",
  });
  if (opts.installer === "bootc")
    out.add("kickstart.bootc-needs-rhel-10-2", at, {
      title: "the bootc command needs the RHEL 10.2 installer or later",
      detail:
        "Anaconda's kickstart parser knows the bootc command from pykickstart r3.52.11 on (RHEL 10.2, Technology Preview); the RHEL 10.0 and 10.1 installers reject the kickstart as an unknown command.",
    });
  if (!parsed.options.has("--nogpg")) {
    out.add("kickstart.gpg-verification", at, {
      title: "ostree GPG verification has no kickstart equivalent",
      detail: "The edge commit was GPG-verified; container images are verified by the containers policy instead.",
    });
  }
  return { installsImage: true, image, ...(lines.post ? { post: lines.post } : {}), anchor: at, embedded: edge.embedded };
}

function checkImagePayload(cmd: KickstartCommand, opts: KickstartOptions, out: KickstartFindings): PayloadPlan {
  const at = refOf(cmd);
  const parsed = parseChecked(cmd, cmd.name === "bootc" ? SPECS.bootc : SPECS.ostreecontainer, out);
  if (cmd.name === "bootc") {
    const source = stringOption(parsed, "--source-imgref") ?? "";
    const target = stringOption(parsed, "--target-imgref");
    if (source !== "" && !/^[a-z-]+:/.test(source))
      out.add("kickstart.bootc-imgref", at, {
        title: "bootc --source-imgref needs a transport prefix",
        detail: "For example registry:quay.io/org/image:tag or oci:/run/install/repo/container.",
      });
    if (target !== undefined && /^(registry|oci|oci-archive|containers-storage|docker):/.test(target))
      out.add("kickstart.bootc-imgref", at, { title: "bootc --target-imgref must not have a transport prefix", detail: "Write the registry reference alone." });
    if (opts.target === "rhel9")
      out.add("kickstart.bootc-on-rhel9", at, {
        title: "the bootc kickstart command does not exist on RHEL 9",
        detail: "Use ostreecontainer for RHEL 9.4 and later.",
      });
  }
  out.add("kickstart.already-image-mode", at, {
    title: `already installs an image with ${cmd.name}`,
    detail: `Kept as written${cmd.name !== opts.installer ? ` (not rewritten to ${opts.installer})` : ""}.`,
  });
  const image = cmd.name === "bootc" ? stringOption(parsed, "--target-imgref") : stringOption(parsed, "--url");
  const embedded = stringOption(parsed, "--transport") === "oci" || (stringOption(parsed, "--source-imgref") ?? "").startsWith("oci:");
  return { installsImage: true, ...(image ? { image } : {}), anchor: at, embedded };
}

/** Replaces a package-mode source (liveimg, url, ..., %packages) with the image payload. */
function replaceClassic(
  entries: KickstartEntry[],
  commands: KickstartCommand[],
  rewrites: Rewrites,
  opts: KickstartOptions,
  out: KickstartFindings,
): PayloadPlan {
  const source = CLASSIC_SOURCES.map((n) => commands.filter((c) => c.name === n).at(-1)).find((c) => c !== undefined);
  const anchorEntry = source ?? entries.find((e) => e.kind === "section" && e.name === "%packages");
  if (anchorEntry === undefined) {
    const first = entries.find((e) => e.kind !== "blank" && e.kind !== "comment");
    const at: LineRef = first ? refOf(headLine(first)) : { file: "", line: 1, column: 1, subject: "(file)" };
    out.add("kickstart.no-payload", at, {
      title: "no install payload in this kickstart",
      detail: "It has no ostreesetup, ostreecontainer, bootc or package source. That is expected for a file that another kickstart includes.",
    });
    return { installsImage: false };
  }
  const head = headLine(anchorEntry);
  const at = refOf(head);
  const name = anchorEntry.kind === "section" ? "%packages" : anchorEntry.kind === "command" ? anchorEntry.name : "";
  const image = imageFor(undefined, opts, at, out);
  const lines = payloadLines(opts.installer, image, { embedded: false });
  rewrites.set(where(head), [
    `# edge2bootc: ${opts.installer} replaces the ${name} payload${fromLine(opts, head.line)}; see migration-report.md`,
    lines.command,
  ]);
  out.add("kickstart.payload-replaced", at, {
    title: `the ${name} payload became ${opts.installer}`,
    detail: `The kickstart installed packages (${name}); it now installs ${image}.`,
  });
  return { installsImage: true, image, anchor: at };
}

/** Finds the payload and turns it into the image-mode one (kickstart.md §3). */
export function planPayload(entries: KickstartEntry[], rewrites: Rewrites, opts: KickstartOptions, out: KickstartFindings): PayloadPlan {
  const commands = entries.filter((e): e is KickstartCommand => e.kind === "command");
  const setups = commands.filter((c) => c.name === "ostreesetup");
  if (setups.length > 0) return convertOstreesetup(setups, rewrites, opts, out);
  const image = commands.filter((c) => c.name === "ostreecontainer" || c.name === "bootc").at(-1);
  if (image) return checkImagePayload(image, opts, out);
  return replaceClassic(entries, commands, rewrites, opts, out);
}
