import { shlexQuote } from "./shlex.js";

/** An option's value: a word (quoted as needed), a number, true for a bare flag, undefined or false to leave it out. */
export type OptionValue = string | number | boolean | undefined;

/**
 * One kickstart command line that edge2bootc writes. Anaconda splits every line with shlex
 * (pykickstart's KickstartParser), so every value is quoted here, never spliced: a volume group
 * named `my vg` stays one word and an fs_type of `xfs --encrypted` cannot add an option.
 * Kickstart commands are one line each, so a value with a line break is a bug upstream (the
 * blueprint schema keeps these values single-line) and throws.
 */
export function ksCommand(
  name: string,
  positional: readonly (string | undefined)[] = [],
  options: Readonly<Record<string, OptionValue>> = {},
  /** Words after the options (`sshkey --username=u <key>`), as the installer's docs write them. */
  trailing: readonly string[] = [],
): string {
  const words = [name];
  const word = (value: string) => {
    if (/[\r\n]/.test(value)) throw new Error(`edge2bootc: a kickstart ${name} value holds a line break`);
    return shlexQuote(value);
  };
  for (const p of positional) if (p !== undefined) words.push(word(p));
  for (const [option, value] of Object.entries(options)) {
    if (value === undefined || value === false) continue;
    words.push(value === true ? option : `${option}=${word(String(value))}`);
  }
  for (const t of trailing) words.push(word(t));
  return words.join(" ");
}
