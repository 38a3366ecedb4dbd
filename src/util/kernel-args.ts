/** Splits a kernel command line on whitespace, keeping double-quoted spans (and their quotes) together. */
export function splitKernelArgs(cmdline: string): string[] {
  return cmdline.match(/(?:[^\s"]+|"[^"]*")+/g) ?? [];
}
