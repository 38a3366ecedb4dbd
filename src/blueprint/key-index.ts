/**
 * Maps every key path of a TOML document (e.g. `customizations.user[1].name`,
 * `customizations.firewall.ports[2]`) to the 1-based line and column where it is written.
 * @iarna/toml only reports positions for syntax errors, so findings need this index.
 * It runs only on text the TOML parser already accepted, so it can stay lenient.
 */
export interface Position {
  line: number;
  column: number;
}
export type KeyIndex = ReadonlyMap<string, Position>;

export function joinPath(base: string, key: string | number): string {
  if (typeof key === "number") return `${base}[${key}]`;
  return base === "" ? key : `${base}.${key}`;
}

class Scanner {
  pos = 0;
  line = 1;
  column = 1;
  constructor(readonly text: string) {}

  get done(): boolean {
    return this.pos >= this.text.length;
  }
  peek(offset = 0): string {
    return this.text[this.pos + offset] ?? "";
  }
  startsWith(s: string): boolean {
    return this.text.startsWith(s, this.pos);
  }
  advance(n = 1): void {
    for (let i = 0; i < n && !this.done; i++) {
      if (this.text[this.pos] === "\n") {
        this.line++;
        this.column = 1;
      } else {
        this.column++;
      }
      this.pos++;
    }
  }
  here(): Position {
    return { line: this.line, column: this.column };
  }
  skipSpaces(): void {
    while (this.peek() === " " || this.peek() === "\t") this.advance();
  }
  /** Skips whitespace, newlines and comments (inside arrays and between lines). */
  skipTrivia(): void {
    for (;;) {
      const c = this.peek();
      if (c === " " || c === "\t" || c === "\r" || c === "\n") this.advance();
      else if (c === "#") this.skipLine();
      else return;
    }
  }
  skipLine(): void {
    while (!this.done && this.peek() !== "\n") this.advance();
  }
}

function readQuoted(s: Scanner): string {
  const quote = s.peek();
  const triple = s.startsWith(quote.repeat(3));
  const closer = triple ? quote.repeat(3) : quote;
  s.advance(closer.length);
  let value = "";
  while (!s.done && !s.startsWith(closer)) {
    if (quote === '"' && s.peek() === "\\") {
      value += s.peek() + s.peek(1);
      s.advance(2);
      continue;
    }
    value += s.peek();
    s.advance();
  }
  s.advance(closer.length);
  // A triple-quoted string may end with up to two extra quote characters.
  while (triple && s.peek() === quote) s.advance();
  return value;
}

function readKey(s: Scanner): { parts: string[]; start: Position } {
  s.skipSpaces();
  const start = s.here();
  const parts: string[] = [];
  for (;;) {
    s.skipSpaces();
    const c = s.peek();
    if (c === '"' || c === "'") {
      parts.push(readQuoted(s));
    } else {
      let bare = "";
      while (/[A-Za-z0-9_-]/.test(s.peek())) {
        bare += s.peek();
        s.advance();
      }
      if (bare === "") break;
      parts.push(bare);
    }
    s.skipSpaces();
    if (s.peek() !== ".") break;
    s.advance();
  }
  return { parts, start };
}

export function buildKeyIndex(text: string): KeyIndex {
  const index = new Map<string, Position>();
  const arrayCounts = new Map<string, number>();
  const s = new Scanner(text);
  let table = "";

  const record = (path: string, at: Position) => {
    if (!index.has(path)) index.set(path, at);
  };

  /** Resolves a header's key parts to a concrete path, following the latest element of arrays of tables. */
  const resolve = (parts: string[], start: Position, isArrayHeader: boolean): string => {
    let path = "";
    parts.forEach((part, i) => {
      path = joinPath(path, part);
      const last = i === parts.length - 1;
      if (last && isArrayHeader) {
        const n = arrayCounts.get(path) ?? 0;
        arrayCounts.set(path, n + 1);
        record(path, start);
        path = joinPath(path, n);
      } else if (arrayCounts.has(path)) {
        path = joinPath(path, (arrayCounts.get(path) ?? 1) - 1);
      }
      record(path, start);
    });
    return path;
  };

  const scanValue = (path: string): void => {
    const c = s.peek();
    if (c === '"' || c === "'") {
      readQuoted(s);
    } else if (c === "[") {
      s.advance();
      let i = 0;
      for (;;) {
        s.skipTrivia();
        if (s.done || s.peek() === "]") break;
        const elementPath = joinPath(path, i++);
        record(elementPath, s.here());
        scanValue(elementPath);
        s.skipTrivia();
        if (s.peek() === ",") s.advance();
        else if (s.peek() !== "]") break;
      }
      s.advance();
    } else if (c === "{") {
      s.advance();
      for (;;) {
        s.skipSpaces();
        if (s.done || s.peek() === "}") break;
        scanKeyValue(path);
        s.skipSpaces();
        if (s.peek() === ",") s.advance();
        else if (s.peek() !== "}") break;
      }
      s.advance();
    } else {
      while (!s.done && !/[,\]}#\n]/.test(s.peek())) s.advance();
    }
  };

  const scanKeyValue = (base: string): void => {
    const { parts, start } = readKey(s);
    let path = base;
    for (const part of parts) {
      path = joinPath(path, part);
      record(path, start);
    }
    s.skipSpaces();
    if (s.peek() !== "=") return;
    s.advance();
    s.skipSpaces();
    scanValue(path);
  };

  while (!s.done) {
    s.skipTrivia();
    if (s.done) break;
    if (s.peek() === "[") {
      const isArrayHeader = s.startsWith("[[");
      const start = s.here();
      s.advance(isArrayHeader ? 2 : 1);
      const { parts } = readKey(s);
      table = resolve(parts, start, isArrayHeader);
      s.skipLine();
    } else {
      const before = s.pos;
      scanKeyValue(table);
      if (s.pos === before) s.advance();
      s.skipLine();
    }
  }
  return index;
}

/** `a.b[0].c` → [`a.b[0].c`, `a.b[0]`, `a.b`, `a`]. */
export function selfAndAncestors(keyPath: string): string[] {
  const out = [keyPath];
  for (let p = keyPath; ;) {
    const cut = Math.max(p.lastIndexOf("."), p.lastIndexOf("["));
    if (cut <= 0) return out;
    p = p.slice(0, cut);
    out.push(p);
  }
}

/** The position of a key path, falling back to its closest recorded ancestor. */
export function locateKey(index: KeyIndex, path: string): Position {
  for (const p of selfAndAncestors(path)) {
    const hit = index.get(p);
    if (hit) return hit;
  }
  return { line: 1, column: 1 };
}
