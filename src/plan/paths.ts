/** Where the assembler puts the generated systemd configuration, relative to the output folder. */
export const TMPFILES_PATH = "overlay/usr/lib/tmpfiles.d/50-edge2bootc.conf";
export const SYSUSERS_PATH = "overlay/usr/lib/sysusers.d/50-edge2bootc.conf";

/** True when `path` is `prefix` or lies below it in a key path (`a.b`, `a.b.c`, `a.b[0]`). */
export function isKeyPathWithin(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`);
}
