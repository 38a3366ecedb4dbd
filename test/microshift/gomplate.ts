/**
 * Just enough of gomplate to render the MicroShift team's blueprint and Containerfile templates
 * (the test/image-blueprints folders of openshift/microshift): `{{ range (env.Getenv "X" | strings.Split " ") }}`,
 * `{{ . }}`, `{{ .Env.X }}`, `{{ env.Getenv "X" "default" }}`, `{{ if ... }}` (always the "then"
 * branch: every variable the conditions test is set), `{{ else }}`, `{{ end }}`, comments and the
 * `{{-`/`-}}` whitespace trimming. A test helper, not a template engine.
 */
type Node = { text: string } | { range: string; separator: string; body: Node[] } | { ifThen: Node[] } | { expr: string };

const TAG = /\{\{(-?)\s*([\s\S]*?)\s*(-?)\}\}/g;

function parse(template: string): Node[] {
  const root: Node[] = [];
  const stack: { nodes: Node[]; kind: "range" | "if" | "root"; skipping?: boolean }[] = [{ nodes: root, kind: "root" }];
  let last = 0;
  let trimNext = false;
  const push = (n: Node) => {
    const top = stack.at(-1)!;
    if (!top.skipping) top.nodes.push(n);
  };
  for (const m of template.matchAll(TAG)) {
    let text = template.slice(last, m.index);
    if (trimNext) text = text.replace(/^\s+/, "");
    if (m[1] === "-") text = text.replace(/\s+$/, "");
    if (text) push({ text });
    trimNext = m[3] === "-";
    last = m.index + m[0].length;
    const body = m[2]!;
    if (body.startsWith("/*")) continue;
    const range = /^range \((?:env\.Getenv "(\w+)"|\.Env\.(\w+)) \| strings\.Split "([^"]+)"\)$/.exec(body);
    if (range) {
      const node = { range: (range[1] ?? range[2])!, separator: range[3]!, body: [] as Node[] };
      push(node);
      stack.push({ nodes: node.body, kind: "range" });
    } else if (body.startsWith("if ")) {
      const node = { ifThen: [] as Node[] };
      push(node);
      stack.push({ nodes: node.ifThen, kind: "if" });
    } else if (body === "else") stack.at(-1)!.skipping = true;
    else if (body === "end") stack.pop();
    else push({ expr: body });
  }
  let tail = template.slice(last);
  if (trimNext) tail = tail.replace(/^\s+/, "");
  if (tail) root.push({ text: tail });
  return root;
}

function evaluate(expr: string, dot: string, env: Record<string, string>): string {
  if (expr === ".") return dot;
  const envRef = /^\.Env\.(\w+)$/.exec(expr);
  if (envRef) return env[envRef[1]!] ?? "";
  const getenv = /^env\.Getenv "(\w+)"(?: "([^"]*)")?$/.exec(expr);
  if (getenv) return env[getenv[1]!] ?? getenv[2] ?? "";
  if (/^"[^"]*"$/.test(expr)) return expr.slice(1, -1);
  throw new Error(`gomplate test helper: unsupported expression {{ ${expr} }}`);
}

function render(nodes: Node[], dot: string, env: Record<string, string>): string {
  return nodes
    .map((n) =>
      "text" in n
        ? n.text
        : "expr" in n
          ? evaluate(n.expr, dot, env)
          : "range" in n
            ? (env[n.range] ?? "")
                .split(n.separator)
                .filter(Boolean)
                .map((item) => render(n.body, item, env))
                .join("")
            : render(n.ifThen, dot, env),
    )
    .join("");
}

export function renderGomplate(template: string, env: Record<string, string>): string {
  return render(parse(template), "", env);
}
