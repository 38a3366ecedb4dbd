/**
 * The one redaction layer. Everything edge2bootc prints (code frames, diffs, log lines, error
 * messages) and every report it writes goes through it; only the generated artifacts that need
 * a secret (config.toml, kickstarts, the build context) keep it.
 *
 * It knows these kinds of secret:
 * - crypt(3) hashes;
 * - kickstart options and positional values that carry credentials (pykickstart's handlers:
 *   user/bootloader --password, part/logvol/raid/autopart --passphrase, network --wpakey,
 *   rhsm --activation-key, rootpw and sshpw values), argparse prefixes of them included;
 * - URL userinfo (`https://user:token@host`, `ftp://u:pw@h`, a proxy's `user:pw@host`), credentials in
 *   URL query strings (`?token=`, `X-Amz-Signature=`), PEM private key blocks;
 * - a kickstart line that carries a credential begun on the line before (`continuesCredential`);
 * - assignments whose key names a credential (`password = "…"`, `"auth": "…"`, `token: …`),
 *   anywhere on a line (inline TOML tables too).
 */

export const REDACTED = "<redacted>";

/** Key names whose values are credentials, in TOML, INI, YAML and JSON assignments. */
const SECRET_KEY = String.raw`[\w.-]*(?:password|passwd|passphrase|secret|token|api[_-]?key|private[_-]?key|credential|activation[_-]?key)[\w.-]*|auth|identitytoken|registrytoken`;

/** A value that is already masked (left alone so a second pass keeps code frames aligned) or a "..." placeholder in prose. */
const MASKED = /^["']?(?:\*+|<redacted>)["']?$|^\.\.\./;

/**
 * Kickstart options whose value is a credential (pykickstart: user/bootloader --password,
 * part/logvol/raid/autopart --passphrase and --backuppassphrase, network --wpakey, rhsm
 * --activation-key, bootloader --md5pass). pykickstart's option parser takes any unambiguous
 * prefix (`--pa=`, `--wp=`, `--act=`), so every prefix of two letters or more counts too:
 * masking a value that was not a secret costs nothing, printing one that was cannot be undone.
 */
const CREDENTIAL_OPTIONS = ["password", "passphrase", "wpakey", "activation-key", "md5pass", "backuppassphrase"];
const prefixesOf = (name: string) => Array.from({ length: name.length - 1 }, (_, i) => name.slice(0, i + 2));
const OPTION_PREFIXES = [...new Set(CREDENTIAL_OPTIONS.flatMap(prefixesOf))].sort((a, b) => b.length - a.length).map((p) => p.replace(/-/g, "\\-"));
/** A credential option as written: a known prefix, or a longer name beginning with one (--password-file, --wpa-psk). */
const CREDENTIAL_OPTION = String.raw`--(?:pass(?!alg)[\w-]*|wpa[\w-]*|md5pass|activation[\w-]*|proxy-pass[\w-]*|backuppass[\w-]*|${OPTION_PREFIXES.join("|")})`;
const OPTION_VALUE = new RegExp(String.raw`(${CREDENTIAL_OPTION}(?:=|[ \t]+(?!--)))("[^"]*"|'[^']*'|[^\s"']+)`, "gi");

/** Each rule: a cheap test that the text may hold such a secret, the pattern, and its replacement. */
const RULES: [RegExp, RegExp, string | ((...m: string[]) => string)][] = [
  // crypt(3) hashes: $1$, $5$, $6$, $y$, $2b$ ...
  [/\$/, /\$(?:1|2[abxy]|5|6|y|gy|7)\$[./A-Za-z0-9$]+/g, "<redacted-hash>"],
  // URL userinfo: scheme://user:password@host
  [/:\/\/[^\s]*@/, /\b([a-z][a-z0-9+.-]*:\/\/)[^/@\s"']+@/gi, `$1${REDACTED}@`],
  // userinfo without a scheme, as proxies are often written (proxy = "user:password@host:3128")
  [/:[^\s@/]*@/, /(^|[\s="'(,])([A-Za-z0-9._%+-]+):(?!\/\/)[^\s/@"']+@(?=[A-Za-z0-9[])(?!sha(?:256|384|512):)/g, `$1$2:${REDACTED}@`],
  // credentials in URL query strings: ?token=…, &X-Amz-Signature=…, &sig=… (pre-signed and SAS URLs)
  [/[?&]/, /([?&][\w.-]*(?:token|signature|sig|credential|password|passwd|secret|key|auth)[\w.-]*=)[^&\s"'#]+/gi, `$1${REDACTED}`],
  // PEM private keys: every line between BEGIN and END
  [/PRIVATE KEY-----/, /(-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----)[\s\S]*?(-----END [A-Z0-9 ]*PRIVATE KEY-----)/g, `$1\n${REDACTED}\n$2`],
  // kickstart options with a credential value, --opt=value or --opt value (and abbreviations)
  [/--/, OPTION_VALUE, (_m, opt: string, value: string) => (MASKED.test(value) ? `${opt}${value}` : `${opt}${REDACTED}`)],
  // kickstart: rootpw [--plaintext|--iscrypted|--allow-ssh|--lock] VALUE (a quoted value may hold spaces)
  [/rootpw/, /^([ \t]*rootpw\b(?:[ \t]+--[\w-]+)*[ \t]+)(?!--)("[^"\n]*"?|'[^'\n]*'?|\S+)/gm, `$1${REDACTED}`],
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
      MASKED.test(value) || /^(true|false|\d+)[,}\]]*$/.test(value) || POSITION.test(value) || value === '"""' || value === "'''"
        ? head + value
        : `${head}${quoteLike(value)}`,
  ],
];

/** `12:3:` after a file name such as pull-secret.ks is a position, not a value. */
const POSITION = /^\d+:\d+:?$/;

function quoteLike(value: string): string {
  const q = value[0] === '"' || value[0] === "'" ? value[0] : "";
  return `${q}${REDACTED}${q}`;
}

const CREDENTIAL_CONTEXT = new RegExp(String.raw`^[ \t]*(?:rootpw|sshpw)\b|(?:^|\s)${CREDENTIAL_OPTION}(?=[=\s]|$)`, "i");
const LONE_OPTION = new RegExp(String.raw`^${CREDENTIAL_OPTION}$`, "i");
// The cheap test before texts are split into lines: the same words continuesCredential looks for
// (a hand-written list missed --proxy-password, so a code frame showed the line after it).
const CONTINUATION_HINT = new RegExp(String.raw`rootpw|sshpw|${CREDENTIAL_OPTION}`, "i");
const UNESCAPED_QUOTE = { '"': /(?<!\\)"/g, "'": /(?<!\\)'/g } as const;

/**
 * Whether a kickstart command line leaves its credential for the next line: a credential option
 * with no value (`user --name=bob --password`), rootpw or sshpw with no value, a quote left open,
 * or a trailing backslash. Kickstart lines have no continuation (pykickstart reads line by line),
 * so Anaconda rejects such a file, but the next line is what the user meant as the secret.
 */
export function continuesCredential(line: string): boolean {
  const l = line.replace(/\r$/, "");
  if (!/^[ \t]*[a-z]/i.test(l) || !CREDENTIAL_CONTEXT.test(l)) return false;
  if (/\\$/.test(l)) return true;
  const unescaped = (q: '"' | "'") => (l.match(UNESCAPED_QUOTE[q]) ?? []).length;
  if (unescaped('"') % 2 === 1 || unescaped("'") % 2 === 1) return true;
  const words = l.trim().split(/\s+/);
  if (LONE_OPTION.test(words[words.length - 1]!)) return true;
  // `rootpw --lock` needs no password (pykickstart F18_RootPw.parse)
  return /^(rootpw|sshpw)$/.test(words[0]!) && words.slice(1).every((w) => w.startsWith("--")) && !words.includes("--lock");
}

/** Line numbers (0-based) that carry a credential begun on the line before. */
function continuationLines(lines: string[]): Set<number> {
  const secret = new Set<number>();
  for (let i = 0; i + 1 < lines.length; i++) {
    const carried = secret.has(i) && /\\\r?$/.test(lines[i]!);
    if (carried || continuesCredential(lines[i]!)) secret.add(i + 1);
  }
  return secret;
}

/** Masks every secret this module knows in text about to be printed or written to a report. */
export function redactSecrets(text: string): string {
  let out = text;
  if (text.includes("\n") && CONTINUATION_HINT.test(text)) {
    const lines = text.split("\n");
    const secret = continuationLines(lines);
    if (secret.size > 0) out = lines.map((l, i) => (secret.has(i) ? REDACTED : l)).join("\n");
  }
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
 * length (so the caret under a column still lines up), multi-line secret strings and the bodies
 * of PEM private keys masked whole.
 */
export function maskedLines(text: string): string[] {
  const lines = text.split("\n").map((l) => l.replace(/\r$/, ""));
  const continued = CONTINUATION_HINT.test(text) ? continuationLines(lines) : new Set<number>();
  const pem = text.includes("PRIVATE KEY-----") ? pemBodyLines(lines) : new Set<number>();
  let closing: string | undefined; // inside a multi-line secret string, waiting for this delimiter
  return lines.map((line, i) => {
    if (continued.has(i) || pem.has(i)) return star(line);
    if (closing !== undefined) {
      const end = line.indexOf(closing);
      if (end < 0) return star(line);
      closing = undefined;
      return star(line.slice(0, end)) + line.slice(end);
    }
    const m = FRAME_SECRET_KEY.exec(line) ?? escapedSecretKey(line);
    if (!m) return redactSecrets(line);
    const value = m[2]!;
    const open = TOML_MULTILINE.exec(value);
    if (open && open.index === 0 && value.indexOf(open[1]!, 3) < 0) closing = open[1]!;
    return m[1]! + value.replace(/[^"'\s,[\]{}]/g, "*");
  });
}

/**
 * A key written with escapes that mean a secret key (TOML `"p\u0061ssword" = …`): the match
 * for the line as written, so the value is masked where it stands.
 */
function escapedSecretKey(line: string): RegExpExecArray | null {
  if (!/\\[uU]/.test(line)) return null;
  const eq = /^\s*(?:"(?:[^"\\]|\\.)*"|'[^']*'|[\w.-]+)\s*[=:]\s*/.exec(line);
  if (!eq) return null;
  const key = eq[0].replace(/\\u([0-9a-fA-F]{4})|\\U([0-9a-fA-F]{8})/g, (_m, u4?: string, u8?: string) => {
    const code = parseInt(u4 ?? u8!, 16);
    return code <= 0x10ffff ? String.fromCodePoint(code) : "";
  });
  if (!FRAME_SECRET_KEY.test(key)) return null;
  const match = [line, eq[0], line.slice(eq[0].length)] as unknown as RegExpExecArray;
  return match;
}

const star = (s: string) => s.replace(/\S/g, "*");

const PEM_BEGIN = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/;
const PEM_END = /-----END [A-Z0-9 ]*PRIVATE KEY-----/;
const SECRET_MULTILINE = new RegExp(String.raw`^\s*["']?(?:${SECRET_KEY})["']?\s*[=:]\s*("""|''')`, "i");

/** Line numbers (0-based) inside a PEM private key block, which no line on its own shows to be secret. */
function pemBodyLines(lines: readonly string[]): Set<number> {
  const body = new Set<number>();
  let inside = false;
  lines.forEach((line, i) => {
    if (inside && PEM_END.test(line)) inside = false;
    else if (inside) body.add(i);
    else if (PEM_BEGIN.test(line) && !PEM_END.test(line)) inside = true;
  });
  return body;
}

/**
 * A text line by line as a page may show it, one output line per input line: what
 * redactSecrets masks, plus what only the whole text shows: a credential carried onto the next
 * line, the body of a PEM private key, a multi-line string under a credential key.
 */
export function redactedLines(text: string): string[] {
  const lines = text.split("\n");
  const continued = CONTINUATION_HINT.test(text) ? continuationLines(lines) : new Set<number>();
  const pem = text.includes("PRIVATE KEY-----") ? pemBodyLines(lines) : new Set<number>();
  let closing: string | undefined; // inside a multi-line secret string, waiting for this delimiter
  return lines.map((line, i) => {
    if (continued.has(i) || pem.has(i)) return REDACTED;
    if (closing !== undefined) {
      const end = line.indexOf(closing);
      if (end < 0) return REDACTED;
      closing = undefined;
      return REDACTED + line.slice(end);
    }
    const multiline = SECRET_MULTILINE.exec(line);
    if (multiline && line.indexOf(multiline[1]!, multiline.index + multiline[0].length) < 0) {
      closing = multiline[1]!;
      return line.slice(0, multiline[0].length) + REDACTED;
    }
    return redactSecrets(line);
  });
}
