/**
 * Text as the argument of a tmpfiles.d `f` line, readable in review yet byte-exact once written.
 * tmpfiles.d(5): fields may contain C-style escapes and the argument is subject to specifier
 * expansion, so a backslash and a percent sign are doubled and control characters escaped.
 * systemd 252 (RHEL 9's version) writes the argument without a trailing newline (checked with
 * systemd-tmpfiles --create), although its own manual says one is added: the text carries its own
 * newline as "\n", and a second one another systemd might add is a harmless blank line.
 */
export function tmpfilesArgument(text: string): string {
  const escaped = text.replace(/[\\%\u0000-\u001f\u007f]/g, (ch) => {
    if (ch === "\\") return "\\\\";
    if (ch === "%") return "%%";
    if (ch === "\n") return "\\n";
    if (ch === "\t") return "\\t";
    return `\\x${ch.charCodeAt(0).toString(16).padStart(2, "0")}`;
  });
  // Whitespace that begins the argument would be taken as field separation.
  return escaped.replace(/^ /, "\\x20");
}
