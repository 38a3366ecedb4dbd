import { posix } from "node:path";
import { InputError } from "../core/errors.js";
import type { CoverageEntry, Finding } from "../plan/types.js";
import { linesOf, type KickstartDocument } from "../plan/kickstart-document.js";
import { analyzeKickstart, optionValue } from "./analyze.js";
import type { KickstartOptions, Rewrites } from "./rewrites.js";
import { BOOTC_SUPPORTED, IGNORED_NEXT_TO_OSTREE, knownCommands } from "./commands.js";
import { fromLine, headLine, KickstartFindings, refOf, shownName, where, type LineRef } from "./findings.js";
import { expandIncludes, type IncludeLoader } from "./includes.js";
import type { Kickstart, KickstartCommand, KickstartEntry, RawLine } from "./model.js";
import { parseKickstart } from "./parse.js";
import { isTemplateLine } from "./placeholders.js";
import { planPayload } from "./plan-payload.js";
import { registryAuthSections } from "./registry-auth.js";
import { bootloaderRewrite } from "./bootloader.js";
import { leavesFolder } from "../util/paths.js";
import { splitKernelArgs } from "../util/kernel-args.js";
import { ksCommand } from "./command-builder.js";

export type { KickstartOptions, Rewrites } from "./rewrites.js";

export interface KickstartConversion {
  /** The converted kickstart first, then each file it includes that is written (paths under the output folder). */
  documents: KickstartDocument[];
  findings: Finding[];
  coverage: CoverageEntry[];
  /** The image the converted kickstart installs, for the report's next steps. */
  image?: string;
  /** It installs the image embedded in the installer ISO. */
  embedded: boolean;
  /** Every file that was read: the kickstart and what it includes. */
  inputs: { path: string; text: string }[];
}

const entryName = (e: KickstartEntry) => (e.kind === "section" ? e.name : e.kind === "command" ? e.name : e.kind === "include" ? e.directive : "");

function printWithRewrites(ks: Kickstart, rewrites: Rewrites, appended: string[]): { lines: string[]; finalNewline: boolean } {
  const out: string[] = [];
  // Loops, not push(...lines): a %post of 125k lines would overflow the call stack.
  const add = (lines: Iterable<string>) => {
    for (const l of lines) out.push(l);
  };
  for (const e of ks.entries) {
    const replacement = e.kind === "blank" || e.kind === "comment" ? undefined : rewrites.get(where(headLine(e)));
    if (replacement) add(replacement);
    else if (e.kind === "section") {
      out.push(e.header.raw);
      for (const b of e.body) out.push(b.raw);
      out.push(e.end.raw);
    } else out.push(e.raw);
  }
  if (appended.length > 0) {
    if (out.at(-1) !== "" && out.length > 0) out.push("");
    add(appended);
  }
  return { lines: out, finalNewline: ks.finalNewline || appended.length > 0 };
}

/** Commands and sections that stay but mean something else or need attention in image mode. */
function reviewKept(entries: KickstartEntry[], rewrites: Rewrites, opts: KickstartOptions, out: KickstartFindings) {
  const known = knownCommands(opts.target);
  for (const e of entries) {
    if (e.kind !== "command" && e.kind !== "section") continue;
    const head = headLine(e);
    if (e.kind === "section" && e.name === "%traceback") {
      rewrites.set(where(head), [head.raw.replace("%traceback", "%onerror"), ...e.body.map((b) => b.raw), e.end.raw]);
      out.add("kickstart.traceback-renamed", refOf(head), {
        title: "%traceback became %onerror",
        detail: "%traceback is deprecated since F34 and ksvalidator rejects it; %onerror runs on the same failures.",
      });
    }
    if (e.kind === "section" && e.name === "%addon" && e.header.args[1]?.value === "com_redhat_kdump") {
      out.add("kickstart.kdump-addon", refOf(head), {
        title: "the kdump add-on needs kexec-tools in the image",
        detail: "Kept. With an image payload the installer does not install packages the add-on asks for.",
      });
    }
    if (e.kind === "command" && e.name === "bootloader") bootloaderRewrite(e, rewrites, opts.installer, out);
    if (e.kind === "section" && e.name === "%post" && opts.installer === "bootc") dropRemoteWrites(e, rewrites, out);
    const name = entryName(e);
    const unknown = e.kind === "command" && (!known.has(name) || isTemplateLine(e.raw));
    if (opts.installer === "bootc" && !unknown && !BOOTC_SUPPORTED.has(name) && !rewrites.has(where(head))) {
      out.add("kickstart.not-supported-with-bootc", refOf(head), {
        title: `${name} is not listed as supported with the bootc command`,
        detail: "The RHEL 10 documentation lists the commands that work with bootc; the line is kept as written.",
        remediation: "Move the setting into the image, or install with ostreecontainer (--installer-command ostreecontainer).",
      });
    }
  }
}

/** Drops what anaconda ignores once an ostree payload is present (kickstart.md §2.2). */
function dropIgnored(entries: KickstartEntry[], rewrites: Rewrites, opts: KickstartOptions, out: KickstartFindings) {
  const installer = opts.installer;
  for (const e of entries) {
    const head = headLine(e);
    if (rewrites.has(where(head))) continue;
    if (e.kind === "command" && IGNORED_NEXT_TO_OSTREE.has(e.name)) {
      rewrites.set(where(head), [`# edge2bootc: removed ${e.name}${fromLine(opts, head.line)}: the installer ignores it next to ${installer}`]);
      const remediation =
        e.name === "module"
          ? "Enable the module stream in the Containerfile (dnf module enable)."
          : "Packages come from the image now: add repositories and packages in the Containerfile.";
      out.add("kickstart.ignored-with-image", refOf(head), {
        title: `${e.name} removed`,
        detail: `Anaconda silently ignores ${e.name} when it installs an image (${installer}).`,
        remediation: remediation,
      });
    }
    if (e.kind === "section" && e.name === "%packages") {
      const packages = e.body.map((b) => b.raw.split("#", 1)[0]!.trim()).filter((p) => p !== "" && !p.startsWith("%"));
      rewrites.set(where(head), [`# edge2bootc: removed the %packages section${fromLine(opts, head.line)}: the installer ignores it next to ${installer}`]);
      out.add("kickstart.ignored-with-image", refOf(head), {
        title: "%packages removed",
        detail: `Anaconda silently ignores %packages when it installs an image. It listed: ${packages.join(", ") || "(nothing)"}.`,
        remediation: "Install these packages in the Containerfile (or the blueprint's packages) so they are in the image.",
      });
    }
  }
}

function outputPath(rootDir: string, file: string, out: KickstartFindings, at: LineRef): string | undefined {
  const rel = posix.relative(rootDir, file);
  if (leavesFolder(rel)) {
    out.add("kickstart.include-outside-project", at, {
      title: `${file} is outside the kickstart's folder`,
      detail: "Its converted copy is not written, because outputs stay inside the output folder.",
    });
    return undefined;
  }
  return rel;
}

/** A line that writes an ostree remote's config: a redirect, tee, sed -i, cp or install into remotes.d. */
const WRITES_REMOTE = /(?:>>?\s*|\btee\s+(?:-a\s+)?|\bsed\s+-i\S*\s.*|\b(?:cp|install|mv)\s.*)['"]?\/etc\/ostree\/remotes\.d\//;

/**
 * With the bootc command there is no ostree remote: Anaconda's ostreecontainer path rewrites
 * /etc/ostree/remotes.d for the edge %post that appends to it, bootc does not, and a remotes.d
 * file that is not a whole remote breaks every later ostree and bootc call on the machine. Such
 * lines (with their here-document) are commented out, and the report says so.
 */
function dropRemoteWrites(e: Extract<KickstartEntry, { kind: "section" }>, rewrites: Rewrites, out: KickstartFindings) {
  const body: string[] = [];
  const dropped: RawLine[] = [];
  let heredoc: string | undefined;
  for (const line of e.body) {
    if (heredoc !== undefined) {
      body.push(`# ${line.raw}`);
      if (line.raw.trim() === heredoc) heredoc = undefined;
      continue;
    }
    if (/^\s*#/.test(line.raw) || !WRITES_REMOTE.test(line.raw)) {
      body.push(line.raw);
      continue;
    }
    dropped.push(line);
    body.push(`# edge2bootc: removed, bootc installs have no ostree remote: ${line.raw}`);
    heredoc = /<<-?\s*['"]?(\w+)['"]?/.exec(line.raw)?.[1];
  }
  if (dropped.length === 0) return;
  rewrites.set(where(e.header), [e.header.raw, ...body, e.end.raw]);
  const lines = new Set(dropped.map(where));
  // The check of the kickstart as written warned "kept as written"; these lines are not kept.
  const stale = out.findings.filter((f) => f.id === "kickstart.script-ostree-remote" && lines.has(`${f.source.file}:${f.source.line}`));
  for (const f of stale) out.findings.splice(out.findings.indexOf(f), 1);
  for (const line of dropped)
    out.add("kickstart.ostree-remote-removed", refOf(line), {
      title: "%post line that writes an ostree remote removed",
      detail:
        "With the bootc command Anaconda does not rewrite /etc/ostree/remotes.d as it does for ostreecontainer, and a partial remote file there breaks every ostree and bootc call on the installed machine.",
    });
}

/**
 * The blueprint's kernel arguments on the installing kickstart: a bootloader --append line when
 * the kickstart has no bootloader command; when it has one, each argument its --append lacks is
 * reported (editing the user's own line would hide what changed).
 */
function kernelArgsLines(entries: KickstartEntry[], kargs: string[], out: KickstartFindings, at: LineRef): string[] {
  if (kargs.length === 0) return [];
  const bootloaders = entries.filter((e): e is KickstartCommand => e.kind === "command" && e.name === "bootloader");
  if (bootloaders.length === 0) {
    out.add("kickstart.kernel-args-added", at, {
      title: "bootloader --append added with the blueprint's kernel arguments",
      detail:
        "Anaconda does not apply the image's /usr/lib/bootc/kargs.d when it installs (bootc-dev/bootc#883), and later updates apply only changes to kargs.d, so the kernel arguments must be given at install.",
    });
    return [ksCommand("bootloader", [], { "--append": kargs.join(" ") })];
  }
  const last = bootloaders[bootloaders.length - 1]!;
  const written = splitKernelArgs(optionValue(last, "--append") ?? "");
  const missing = kargs.filter((k) => !written.includes(k));
  if (missing.length > 0)
    out.add("kickstart.kernel-args-missing", refOf(last), {
      title: `bootloader --append lacks the blueprint's kernel arguments ${missing.join(" ")}`,
      detail:
        "Anaconda does not apply the image's /usr/lib/bootc/kargs.d when it installs (bootc-dev/bootc#883), and later updates apply only changes to kargs.d, so a machine installed with this kickstart never gets them.",
      remediation: `Add them to this line: --append="${[...written, ...missing].join(" ")}".`,
    });
  return [];
}

/** Include lines that were followed: they vanish from the expanded view but stay in the output. */
function resolvedIncludes(files: Kickstart[], expanded: KickstartEntry[]): KickstartEntry[] {
  const unresolved = new Set(expanded.filter((e) => e.kind === "include").map((e) => where(headLine(e))));
  return files.flatMap((f) => f.entries.filter((e) => e.kind === "include" && !unresolved.has(where(e))));
}

function coverageOf(entries: KickstartEntry[], rewrites: Rewrites, findings: Finding[], artifact: (file: string) => string | undefined): CoverageEntry[] {
  const idsAt = new Map<string, string[]>();
  for (const f of findings) {
    const at = `${f.source.file}:${f.source.line}`;
    idsAt.set(at, [...(idsAt.get(at) ?? []), f.id]);
  }
  return entries.flatMap((e): CoverageEntry[] => {
    if (e.kind === "blank" || e.kind === "comment") return [];
    const head = headLine(e);
    const lines = e.kind === "section" ? [head, ...e.body] : [head];
    const ids = [...new Set(lines.flatMap((l) => idsAt.get(where(l)) ?? []))].sort();
    const replaced = rewrites.get(where(head));
    const dropped = replaced !== undefined && replaced.every((l) => l.startsWith("#"));
    const file = artifact(head.file);
    return [
      {
        keyPath: `kickstart:${where(head)}:${shownName(entryName(e))}`,
        disposition: dropped || file === undefined ? "reported" : "moved",
        ...(file !== undefined && !dropped ? { artifact: file } : {}),
        ...(ids.length ? { findingIds: ids } : {}),
      },
    ];
  });
}

/**
 * Converts an edge kickstart (and the files it includes) into an image-mode kickstart.
 * Pure: included files come through `load`. Throws InputError for kickstarts the installer rejects.
 */
export function convertKickstart(
  file: { path: string; text: string },
  load: IncludeLoader,
  opts: KickstartOptions,
  outputDir = "kickstart",
): KickstartConversion {
  const root = parseKickstart(file.text, file.path);
  const expanded = expandIncludes(root, load, opts.includeRoot ?? posix.dirname(root.file));
  const out = new KickstartFindings();
  analyzeKickstart(expanded.entries, expanded.unresolved, opts.target, out);

  const rewrites: Rewrites = new Map();
  const payload = planPayload(expanded.entries, rewrites, opts, out);
  if (payload.installsImage) dropIgnored(expanded.entries, rewrites, opts, out);
  reviewKept(expanded.entries, rewrites, opts, out);
  // A finding about the whole file has no command: its subject is the file.
  const fileStart = (path: string): LineRef => ({ file: path, line: 1, column: 1, subject: "(file)" });
  const auth = opts.registryAuth ? registryAuthSections(opts.registryAuth, opts.installer, payload.anchor ?? fileStart(root.file), out) : [];
  const kargs = payload.installsImage ? kernelArgsLines(expanded.entries, opts.kernelArgs ?? [], out, fileStart(root.file)) : [];
  const appended = [...kargs, ...(payload.post ?? []), ...auth, ...(opts.appendPost !== undefined ? opts.appendPost.trimEnd().split("\n") : [])];

  if (out.errors.length > 0) {
    const sources = Object.fromEntries([[root.file, file.text], ...[...expanded.files].map(([p, f]) => [p, f.text])]);
    throw new InputError(out.errors, sources[out.errors[0]!.source.file], sources);
  }

  const rootDir = posix.dirname(root.file);
  const paths = new Map<string, string | undefined>();
  const documents: KickstartDocument[] = [];
  const emit = (path: string, text: { lines: string[]; finalNewline: boolean }, at: LineRef) => {
    const rel = outputPath(rootDir, path, out, at);
    paths.set(path, rel === undefined ? undefined : `${outputDir}/${rel}`);
    const secret = opts.registryAuth !== undefined || opts.appendPost !== undefined;
    if (rel !== undefined)
      documents.push({
        path: `${outputDir}/${rel}`,
        role: "converted",
        ...text,
        sensitive: path === root.file && secret,
        provenance: [{ file: path, line: 1, column: 1 }],
      });
  };
  emit(root.file, printWithRewrites(root, rewrites, appended), fileStart(root.file));
  for (const [path, f] of expanded.files) emit(path, f.kind === "fragment" ? linesOf(f.text) : printWithRewrites(f.kickstart, rewrites, []), fileStart(path));
  const parsedFiles = [root, ...[...expanded.files.values()].flatMap((f) => (f.kind === "kickstart" ? [f.kickstart] : []))];
  const covered = [...expanded.entries, ...resolvedIncludes(parsedFiles, expanded.entries)];
  const coverage = coverageOf(covered, rewrites, out.findings, (p) => paths.get(p));
  const inputs = [file, ...[...expanded.files].map(([path, f]) => ({ path, text: f.text }))];
  return { documents, findings: out.findings, coverage, ...(payload.image ? { image: payload.image } : {}), embedded: payload.embedded === true, inputs };
}
