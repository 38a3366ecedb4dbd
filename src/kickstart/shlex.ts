/**
 * Python's shlex.split(line, comments=True) in POSIX mode, which is how pykickstart (and so
 * Anaconda) splits every command line and section header (kickstart.md §1.2–1.3).
 */
export class ShlexError extends Error {
  constructor(
    message: string,
    /** 0-based offset in the line where the problem was found. */
    readonly offset: number,
  ) {
    super(message);
    this.name = "ShlexError";
  }
}

export interface Token {
  value: string;
  /** 0-based offset of the token's first character in the line. */
  start: number;
}

const WHITESPACE = new Set([" ", "\t", "\r", "\n"]);

export interface SplitLine {
  tokens: Token[];
  /** Where an unquoted "#" cut the line, and whether it did so inside a word (kickstart.md §1.2). */
  comment?: { offset: number; inWord: boolean };
}

export function shlexSplit(line: string): Token[] {
  return shlexSplitDetailed(line).tokens;
}

export function shlexSplitDetailed(line: string): SplitLine {
  const tokens: Token[] = [];
  let comment: SplitLine["comment"];
  let token = "";
  let start = -1;
  let inToken = false; // a token is open (it may be empty: '' is a token)
  let quote: '"' | "'" | null = null;
  let quoteStart = 0;

  const close = () => {
    if (inToken) tokens.push({ value: token, start });
    token = "";
    inToken = false;
    start = -1;
  };
  const open = (i: number) => {
    if (!inToken) {
      inToken = true;
      start = i;
    }
  };

  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote === "'") {
      // Single quotes: everything literal.
      if (c === "'") quote = null;
      else token += c;
      continue;
    }
    if (quote === '"') {
      if (c === '"') quote = null;
      else if (c === "\\") {
        if (i + 1 >= line.length) throw new ShlexError("No closing quotation", quoteStart);
        const next = line[i + 1]!;
        // Inside double quotes a backslash escapes only " and \; otherwise it stays.
        token += next === '"' || next === "\\" ? next : `\\${next}`;
        i++;
      } else token += c;
      continue;
    }
    const placeholderEnd = c === "{" ? templateEnd(line, i) : -1;
    if (placeholderEnd > 0) {
      // A template placeholder ({{ url }}) is one word, spaces and all: the template renders it
      // to one value before Anaconda ever splits the line.
      open(i);
      token += line.slice(i, placeholderEnd);
      i = placeholderEnd - 1;
    } else if (WHITESPACE.has(c)) {
      close();
    } else if (c === "#") {
      // A comment starts even inside an unquoted word and runs to the end of the line.
      comment = { offset: i, inWord: inToken };
      close();
      break;
    } else if (c === "'" || c === '"') {
      open(i);
      quote = c;
      quoteStart = i;
    } else if (c === "\\") {
      open(i);
      if (i + 1 >= line.length) throw new ShlexError("No escaped character", i);
      token += line[i + 1];
      i++;
    } else {
      open(i);
      token += c;
    }
  }
  if (quote !== null) throw new ShlexError("No closing quotation", quoteStart);
  close();
  return comment ? { tokens, comment } : { tokens };
}

const TEMPLATE_CLOSE: Record<string, string> = { "{": "}}", "%": "%}", "#": "#}" };

/** End (exclusive) of a Jinja/gomplate placeholder opening at `i` and closing on the same line, else -1. */
function templateEnd(line: string, i: number): number {
  const close = TEMPLATE_CLOSE[line[i + 1] ?? ""];
  if (close === undefined) return -1;
  const at = line.indexOf(close, i + 2);
  return at < 0 ? -1 : at + close.length;
}

/** Quotes a value so that shlexSplit gives it back unchanged (and a "#" cannot start a comment). */
export function shlexQuote(value: string): string {
  if (value !== "" && /^[A-Za-z0-9_@%+=:,./-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'"'"'`)}'`;
}
