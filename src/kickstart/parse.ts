import { InputError, type Diagnostic } from "../core/errors.js";
import { isSectionName, type Kickstart, type KickstartEntry, type RawLine } from "./model.js";
import { shlexSplitDetailed, ShlexError } from "./shlex.js";
import { continuesCredential } from "../util/redact.js";

const firstWord = (raw: string) => raw.trim().split(/\s+/, 1)[0] ?? "";

/**
 * Limits far past any real kickstart (a few hundred commands; long %post bodies), under which the
 * tool stays within memory: each command line costs a model entry, checks and a coverage row
 * (~8 KiB); 16 million one-letter lines inside the 32 MiB input cap exhausted V8's heap.
 */
export const MAX_KICKSTART_COMMANDS = 10_000;
export const MAX_KICKSTART_LINES = 1_000_000;

/**
 * Parses a kickstart into a line-level model the way pykickstart reads it: commands are split
 * with shlex (comments, quotes), section bodies are kept verbatim up to %end.
 * Syntax problems are collected and thrown together as one InputError with positions.
 */
export function parseKickstart(text: string, file: string): Kickstart {
  const lines = text.split("\n");
  const finalNewline = text.endsWith("\n");
  if (finalNewline) lines.pop();
  if (lines.length > MAX_KICKSTART_LINES)
    throw new InputError(
      [
        {
          source: { file, line: MAX_KICKSTART_LINES + 1, column: 1 },
          message: `more than ${MAX_KICKSTART_LINES.toLocaleString("en")} lines: edge2bootc converts kickstarts up to that size`,
        },
      ],
      text,
    );
  let commands = 0;
  const errors: Diagnostic[] = [];
  const entries: KickstartEntry[] = [];
  const at = (i: number, column = 1) => ({ file, line: i + 1, column });
  const raw = (i: number): RawLine => ({ raw: lines[i]!, line: i + 1, file });

  const tokens = (i: number) => {
    try {
      return shlexSplitDetailed(lines[i]!.replace(/\r$/, ""));
    } catch (e) {
      if (!(e instanceof ShlexError)) throw e;
      errors.push({ source: at(i, e.offset + 1), message: `${e.message} (kickstart lines have no continuation and quotes must close on the same line)` });
      return undefined;
    }
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const word = firstWord(line);
    if (word === "") {
      entries.push({ ...raw(i), kind: "blank" });
      continue;
    }
    if (word.startsWith("#")) {
      entries.push({ ...raw(i), kind: "comment" });
      continue;
    }
    if (!word.startsWith("%") && continuesCredential(line)) {
      // Never parse the next line: it is the secret, and as a command it would be echoed ("unknown command <password>").
      errors.push({
        source: at(i),
        message: `${word}: its credential does not end on this line (kickstart lines have no continuation: give the whole value on the same line, quoted if it has spaces)`,
      });
      if (i + 1 < lines.length) errors.push({ source: at(i + 1), message: `line ${i + 1} left its credential for this line; its text is not shown` });
      i++;
      continue;
    }
    const split = tokens(i);
    if (split === undefined) continue;
    const args = split.tokens;
    if (args.length === 0) {
      entries.push({ ...raw(i), kind: "comment" });
      continue;
    }
    const name = args[0]!.value;
    if (name === "%include" || name === "%ksappend") {
      const target = args[1]?.value;
      if (target === undefined) errors.push({ source: at(i, args[0]!.start + 1), message: `${name} needs a file or URL` });
      else entries.push({ ...raw(i), kind: "include", directive: name, target });
      continue;
    }
    if (name === "%end") {
      errors.push({ source: at(i, args[0]!.start + 1), message: "%end without an open section" });
      continue;
    }
    if (name.startsWith("%") && !isSectionName(name)) {
      errors.push({ source: at(i, args[0]!.start + 1), message: `unknown kickstart section ${name} (section names are case-sensitive)` });
      continue;
    }
    if (isSectionName(name)) {
      const header = { ...raw(i), args };
      const body: RawLine[] = [];
      let end: RawLine | undefined;
      let j = i + 1;
      for (; j < lines.length; j++) {
        const w = firstWord(lines[j]!);
        if (w === "%end") {
          end = raw(j);
          break;
        }
        if (isSectionName(w)) break;
        body.push(raw(j));
      }
      if (end === undefined) {
        errors.push({ source: at(i, args[0]!.start + 1), message: `section ${name} does not end with %end` });
        i = j - 1;
        continue;
      }
      entries.push({ kind: "section", name, header, body, end });
      i = j;
      continue;
    }
    if (++commands > MAX_KICKSTART_COMMANDS) {
      errors.push({
        source: at(i),
        message: `more than ${MAX_KICKSTART_COMMANDS.toLocaleString("en")} commands: no kickstart has this many, and edge2bootc converts kickstarts up to that size`,
      });
      break;
    }
    const cut = split.comment?.inWord ? { commentInWord: split.comment.offset } : {};
    entries.push({ ...raw(i), kind: "command", name, args, ...cut });
  }
  if (errors.length > 0) throw new InputError(errors, text);
  return { file, entries, finalNewline };
}

/** Prints the model back; unchanged entries give back their original bytes. */
export function printKickstart(ks: Kickstart): string {
  const out: string[] = [];
  for (const e of ks.entries) {
    if (e.kind === "section") {
      out.push(e.header.raw);
      for (const b of e.body) out.push(b.raw); // no spread: bodies can be 100k lines long
      out.push(e.end.raw);
    } else out.push(e.raw);
  }
  return out.join("\n") + (ks.finalNewline ? "\n" : "");
}
