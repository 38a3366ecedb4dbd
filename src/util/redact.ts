/**
 * The one redaction layer. Everything edge2bootc prints (code frames, diffs, log lines, error
 * messages) and every report it writes goes through it; only the generated artifacts that need
 * a secret (config.toml, kickstarts, the build context) keep it.
 *
 * It knows four kinds of secret:
 * - crypt(3) hashes;
 * - kickstart options and positional values that carry credentials (pykickstart's handlers:
 *   user/bootloader --password, part/logvol/raid/autopart --passphrase, network --wpakey,
 *   rhsm --activation-key, rootpw and sshpw values), argparse prefixes of them included;
 * - URL userinfo (`https://user:token@host`, `ftp://u:pw@h`);
 * - assignments whose key names a credential (`password = "…"`, `"auth": "…"`, `token: …`),
 *   anywhere on a line (inline TOML tables too).
 */

export const REDACTED = "<redacted>";

/** Key names whose values are credentials, in TOML, INI, YAML and JSON assignments. */
const SECRET_KEY = String.raw`[\w.-]*(?:password|passwd|passphrase|secret|token|api[_-]?key|private[_-]?key|credential|activation[_-]?key)[\w.-]*|auth|identitytoken|registrytoken`;

/** A value that is already masked (left alone so a second pass keeps code frames aligned) or a "..." placeholder in prose. */
const MASKED = /^["']?(?:\*+|<redacted>)["']?$|^\.\.\./;

/** Each rule: a cheap test that the text may hold such a secret, the pattern, and its replacement. */
const RULES: [RegExp, RegExp, string | ((...m: string[]) => string)][] = [
  // crypt(3) hashes: $1$, $5$, $6$, $y$, $2b$ ...
  [/\$/, /\$(?:1|2[abxy]|5|6|y|gy|7)\$[./A-Za-z0-9$]+/g, "<redacted-hash>"],
  // URL userinfo: scheme://user:password@host
  [/:\/\/[^\s]*@/, /\b([a-z][a-z0-9+.-]*:\/\/)[^/@\s"']+@/gi, `$1${REDACTED}@`],
  // kickstart options with a credential value, --opt=value or --opt value (and abbreviations)
  [
    /--/,
    /(--(?:pass(?!alg)[\w-]*|wpa[\w-]*|md5pass|activation[\w-]*|proxy-pass[\w-]*|backuppass[\w-]*)(?:=|[ \t]+(?!--)))("[^"]*"|'[^']*'|[^\s"']+)/gi,
    (_m, opt: string, value: string) => (MASKED.test(value) ? `${opt}${value}` : `${opt}${REDACTED}`),
  ],
  // kickstart: rootpw [--plaintext|--iscrypted|--allow-ssh|--lock] VALUE
  [/rootpw/, /^([ \t]*rootpw\b(?:[ \t]+--[\w-]+)*[ \t]+)(?!--)(\S+)/gm, `$1${REDACTED}`],
  // kickstart: sshpw --username=NAME [--iscrypted|--plaintext|--lock|--sshkey] VALUE: every positional word
  [
    /sshpw/,
    /^([ \t]*sshpw\b)(.*)$/gm,
    (_m, cmd: string, rest: string) =>
      cmd + rest.replace(/(^|[ \t])(?!--)([^\s]+)/g, (_w, sp: string, word: string) => (MASKED.test(word) ? sp + word : `${sp}${REDACTED}`)),
  ],
  // key = value (anywhere: inline TOML tables, INI), "key": "value" (JSON), key: value (YAML, at line start)
  [
    // Only a credential word followed by an assignment sign can match; prose that merely names
    // authorized_keys or a token is common in reports and would pay for the long pattern below.
    /(?:passw|passphrase|secret|token|api[_-]?key|private[_-]?key|credential|activation|auth)[\w.-]*["']?[ \t]*[=:]/i,
    new RegExp(
      String.raw`((?:(?:^|[\s{,;])["']?(?:${SECRET_KEY})["']?[ \t]*=|(?:^[ \t]*|[{,][ \t]*)(?:${SECRET_KEY})[ \t]*:|"(?:${SECRET_KEY})"[ \t]*:|'(?:${SECRET_KEY})'[ \t]*:)[ \t]*)("(?:[^"\\]|\\.)*"|'[^']*'|[^\s]+)`,
      "gim",
    ),
    (_m, head: string, value: string) =>
      MASKED.test(value) || /^(true|false|\d+)[,}\]]*$/.test(value) || value === '"""' || value === "'''" ? head + value : `${head}${quoteLike(value)}`,
  ],
];

function quoteLike(value: string): string {
  const q = value[0] === '"' || value[0] === "'" ? value[0] : "";
  return `${q}${REDACTED}${q}`;
}

/** Masks every secret this module knows in text about to be printed or written to a report. */
export function redactSecrets(text: string): string {
  let out = text;
  for (const [maybe, re, by] of RULES) if (maybe.test(out)) out = out.replace(re, by as (substring: string, ...args: string[]) => string);
  return out;
}

/** True when the text holds something the redaction layer would mask (used to pick file modes). */
export function holdsSecret(text: string): boolean {
  return redactSecrets(text) !== text;
}

/**
 * Keys whose values a code frame never shows, even in multi-line strings: credentials, and the
 * free-form contents of files and kickstarts (which may hold anything).
 */
const FRAME_SECRET_KEY = new RegExp(String.raw`^(\s*["']?(?:${SECRET_KEY}|data|contents|pem[\w-]*|key|config)["']?\s*[=:]\s*)(.*)$`, "i");
const TOML_MULTILINE = /("""|''')/;

/**
 * The lines of a file as a code frame may show them: secret values masked with "*" of the same
 * length (so the caret under a column still lines up), multi-line secret strings masked whole.
 */
export function maskedLines(text: string): string[] {
  const lines = text.split("\n").map((l) => l.replace(/\r$/, ""));
  let closing: string | undefined; // inside a multi-line secret string, waiting for this delimiter
  return lines.map((line) => {
    if (closing !== undefined) {
      const end = line.indexOf(closing);
      if (end < 0) return star(line);
      closing = undefined;
      return star(line.slice(0, end)) + line.slice(end);
    }
    const m = FRAME_SECRET_KEY.exec(line);
    if (!m) return redactSecrets(line);
    const value = m[2]!;
    const open = TOML_MULTILINE.exec(value);
    if (open && open.index === 0 && value.indexOf(open[1]!, 3) < 0) closing = open[1]!;
    return m[1]! + value.replace(/[^"'\s,[\]{}]/g, "*");
  });
}

const star = (s: string) => s.replace(/\S/g, "*");
