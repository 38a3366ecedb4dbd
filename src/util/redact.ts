/**
 * Masks credentials in text that is about to be printed (diffs, code frames). Output files keep
 * their secrets; logs never show them.
 */
const RULES: [RegExp, string][] = [
  // crypt(3) hashes: $1$, $5$, $6$, $y$, $2b$ ...
  [/\$(?:1|2[abxy]|5|6|y|gy|7)\$[./A-Za-z0-9$]+/g, "<redacted-hash>"],
  // kickstart: --password=x / --password x (user, bootloader, sshpw, rhsm, ...)
  [/(--(?:password|md5pass|activation-key|proxy-password)(?:=|[ \t]+))("[^"]*"|'[^']*'|\S+)/g, "$1<redacted>"],
  // kickstart: rootpw [--plaintext|--iscrypted|--allow-ssh] VALUE
  [/^([ \t]*rootpw\b(?:[ \t]+--[\w-]+)*[ \t]+)(?!--)(\S+)/gm, "$1<redacted>"],
  // JSON credentials (auth.json, pull secrets): "auth": "..." and friends
  [/("(?:auth|password|identitytoken|registrytoken|token)"\s*:\s*)"[^"]*"/gi, '$1"<redacted>"'],
];

export function redactSecrets(text: string): string {
  return RULES.reduce((t, [re, by]) => t.replace(re, by), text);
}
