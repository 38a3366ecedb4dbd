/**
 * Templated inputs (Jinja, gomplate, Go templates, autoconf): one rule for every kind. A template
 * is judged by what it contains, converts when it parses as that, and its report says it is a
 * template; one that does not parse until rendered is skipped with that reason.
 */

/** Template suffixes real projects put after (or instead of) the file's own extension. */
export const TEMPLATE_SUFFIX = /\.(j2|jinja2?|tmpl|tpl|template|in)$/;

/** `{{ expr }}`, `{% stmt %}` or `{# note #}` on one line: Jinja's, Go's and gomplate's delimiters. */
const TEMPLATE_EXPRESSION = /\{\{[^\n]*\}\}|\{%[^\n]*%\}|\{#[^\n]*#\}/;

export function isTemplateName(path: string): boolean {
  return TEMPLATE_SUFFIX.test(path);
}

/** The first line (1-based) holding a template expression, or 0. */
export function firstTemplateLine(text: string): number {
  const m = TEMPLATE_EXPRESSION.exec(text);
  return m ? text.slice(0, m.index).split("\n").length : 0;
}
