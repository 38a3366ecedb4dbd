/**
 * One writer for the INI-shaped files edge2bootc generates: systemd units and drop-ins
 * (systemd.syntax(7)), quadlets (podman-systemd.unit(5)) and dnf .repo files (dnf.conf(5)).
 * `[section]`, then `key=value` lines (a key may repeat, as ExecStartPre= does); a list value
 * continues on indented lines, which dnf reads as more values (baseurl, gpgkey). Sections are
 * separated by an empty line. A value holding a line break would start a new key, so it throws.
 */
export type IniValue = string | number | readonly string[];
export type IniEntry = readonly [key: string, value: IniValue | undefined];
export interface IniSection {
  name: string;
  entries: readonly IniEntry[];
}

function line(key: string, value: IniValue): string {
  const values = typeof value === "object" ? value.map(String) : [String(value)];
  for (const v of values) if (/[\r\n]/.test(v)) throw new Error(`edge2bootc: a line break in the INI value of ${key}`);
  return `${key}=${values.join(`\n${" ".repeat(key.length + 1)}`)}\n`;
}

/** INI text; `comments` become `# ` lines above the first section. */
export function iniFile(sections: readonly IniSection[], comments: readonly string[] = []): string {
  const head = comments.map((c) => `# ${c}\n`).join("");
  const body = sections.map((s) => `[${s.name}]\n${s.entries.flatMap(([k, v]) => (v === undefined ? [] : [line(k, v)])).join("")}`).join("\n");
  return head + body;
}
