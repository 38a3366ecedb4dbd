import type { Token } from "./shlex.js";

/** Sections pykickstart knows (kickstart.md §1.7); the header names are case-sensitive. */
export const SECTIONS = ["%pre", "%pre-install", "%post", "%packages", "%addon", "%anaconda", "%onerror", "%traceback", "%certificate"] as const;
export type SectionName = (typeof SECTIONS)[number];

export function isSectionName(word: string): word is SectionName {
  return (SECTIONS as readonly string[]).includes(word);
}

/** One physical line, kept byte-for-byte (without its newline) so unchanged lines print back identically. */
export interface RawLine {
  raw: string;
  /** 1-based line number in `file`. */
  line: number;
  file: string;
}

export type KickstartEntry =
  | (RawLine & { kind: "blank" | "comment" })
  | (RawLine & {
      kind: "command";
      name: string;
      args: Token[];
      /** 0-based offset of a "#" that cut a word short (a likely mistake: quote such values). */
      commentInWord?: number;
    })
  | (RawLine & { kind: "include"; directive: "%include" | "%ksappend"; target: string })
  | {
      kind: "section";
      name: SectionName;
      header: RawLine & { args: Token[] };
      /** Body lines exactly as written; scripts are never tokenised. */
      body: RawLine[];
      end: RawLine;
    };

export type KickstartCommand = Extract<KickstartEntry, { kind: "command" }>;

export interface Kickstart {
  file: string;
  entries: KickstartEntry[];
  /** Whether the text ended with a newline, so printing gives back the same bytes. */
  finalNewline: boolean;
}
