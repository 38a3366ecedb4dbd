/**
 * What may reach a terminal. File names, code frames and messages carry input text, and input
 * text can hold escape sequences that move the cursor, retitle the window, write hyperlinks or
 * clear the screen. Everything edge2bootc prints keeps line breaks, tabs, carriage returns and
 * erase-line (the progress bar), colour (SGR) only when colour is on; every other control
 * character, C1 included, is shown as a visible escape instead.
 */
const SGR = /^\u001b\[[0-9;]*m/;
const ERASE_LINE = /^\u001b\[K/;
const UNSAFE = /[\u0000-\u0008\u000b-\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029]/;

export function sanitizeTerminal(text: string, colour: boolean): string {
  if (!UNSAFE.test(text)) return text;
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === "\u001b") {
      const rest = text.slice(i, i + 32);
      const kept = ERASE_LINE.exec(rest) ?? (colour ? SGR.exec(rest) : null);
      if (kept) {
        out += kept[0];
        i += kept[0].length - 1;
        continue;
      }
    }
    out += UNSAFE.test(ch) ? visible(ch) : ch;
  }
  return out;
}

const visible = (ch: string) => {
  const code = ch.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
};
