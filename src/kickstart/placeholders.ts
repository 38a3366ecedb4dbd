/**
 * Template syntax that real kickstart repositories carry (Jinja, gomplate, envsubst, sed-style
 * REPLACE_* markers). Placeholders pass through untouched; the report lists them so nobody ships
 * a kickstart that still has one.
 */
const TEMPLATE_SYNTAX = /\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}|\bREPLACE_[A-Z0-9_]+\b/g;
/** ${VAR} means a placeholder only outside scripts: in %post it is ordinary shell. */
const ENV_SUBST = /\$\{[A-Za-z_][A-Za-z0-9_]*\}/g;

export function placeholdersIn(line: string, inScript: boolean): string[] {
  const found = [...line.matchAll(TEMPLATE_SYNTAX)].map((m) => m[0]);
  if (!inScript) found.push(...[...line.matchAll(ENV_SUBST)].map((m) => m[0]));
  return found;
}

/** A line that is template syntax rather than a kickstart command (e.g. "{% if x %}" or "{{ var }}"). */
export function isTemplateLine(raw: string): boolean {
  return /^\s*(\{[{%#]|\$\{)/.test(raw) || /^\s*\S*REPLACE_[A-Z0-9_]+/.test(raw);
}

export const hasPlaceholder = (value: string) => placeholdersIn(value, false).length > 0;
