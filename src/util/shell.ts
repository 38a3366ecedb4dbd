/** Quotes a word for POSIX sh; safe words stay bare so the Containerfile reads naturally. */
export function shq(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** A Dockerfile double-quoted value: builders expand $ in LABEL and COPY, so escape it too. */
export function dockerQuote(value: string): string {
  return `"${value.replace(/[\\"$]/g, (c) => `\\${c}`).replace(/\r?\n/g, " ")}"`;
}
