/**
 * The facts of a bootc Containerfile that a comparison can count: packages installed, services
 * enabled, firewall rules, files placed in the image, kernel arguments and embedded images.
 * Written forms that mean the same are normalised (firewalld services become their ports,
 * lokkit's --port=p:proto becomes the public zone's p/proto, unit files are named by unit).
 */

/** firewalld service → ports, for the services edge blueprints enable (firewalld's service definitions). */
const SERVICE_PORTS: Record<string, string[]> = { ssh: ["22/tcp"], http: ["80/tcp"], https: ["443/tcp"], mdns: ["5353/udp"] };

/** One logical line per instruction: backslash continuations joined, comments dropped. */
function instructions(containerfile: string): string[] {
  const out: string[] = [];
  let current = "";
  let heredoc: string | undefined;
  for (const line of containerfile.split("\n")) {
    if (heredoc !== undefined) {
      current += `\n${line}`;
      if (line.trim() === heredoc) {
        out.push(current);
        current = "";
        heredoc = undefined;
      }
      continue;
    }
    if (current === "" && /^\s*#/.test(line)) continue;
    current += current ? ` ${line.trim()}` : line.trim();
    const open = /<<-?\s*["']?(\w+)["']?\s*$/.exec(line);
    if (open && /^(RUN|COPY)\b/.test(current)) heredoc = open[1];
    else if (!line.endsWith("\\")) {
      out.push(current.replace(/\\\s+/g, " "));
      current = "";
    }
  }
  if (current) out.push(current);
  return out;
}

const unq = (w: string) => w.replace(/^["']|["']$/g, "");
/** microshift-4.20.3, "microshift-{{ver}}", 'microshift-4.18.*' → microshift */
const packageName = (w: string) => unq(w).replace(/-(\d|\{\{).*$/, "");

export function factsOf(containerfile: string, overlay: Record<string, string> = {}): Set<string> {
  const facts = new Set<string>();
  const body = instructions(containerfile).join("\n");
  for (const m of body.matchAll(/dnf (?:-y )?install (?:-y )?((?:(?!&&|;|\n)[^])+)/g))
    for (const w of m[1]!.split(/\s+/).filter((w) => w && !w.startsWith("-"))) facts.add(`package:${packageName(w)}`);
  for (const m of body.matchAll(/systemctl enable ((?:(?!&&|;|\n)[^])+)/g))
    for (const w of m[1]!.split(/\s+/).filter(Boolean)) facts.add(`service:${w.replace(/\.service$/, "")}`);
  for (const m of body.matchAll(/firewall-offline-cmd ((?:(?!&&|;|\n)[^])+)/g)) {
    const args = m[1]!.split(/\s+/);
    const zone = args.find((a) => a.startsWith("--zone="))?.slice(7) ?? "public";
    for (const a of args) {
      const [flag, value] = a.split("=", 2) as [string, string | undefined];
      if (value === undefined) continue;
      if (flag === "--add-port" || flag === "--port") facts.add(`firewall:${zone}:port:${value.replace(":", "/")}`);
      if (flag === "--add-source") facts.add(`firewall:${zone}:source:${value}`);
      if (flag === "--add-service" || flag === "--service") for (const p of SERVICE_PORTS[value] ?? [value]) facts.add(`firewall:${zone}:port:${p}`);
    }
  }
  const place = (path: string) => facts.add(`file:${normalisePath(path)}`);
  for (const m of body.matchAll(/^(?:COPY|ADD)\s+(?:--\S+\s+)*(.+)$/gm)) {
    const words = m[1]!.split(/\s+/);
    const dest = words.at(-1)!;
    for (const src of words.slice(0, -1)) {
      if (src.includes("rpm-repos") || src.includes("$")) continue;
      const base = src.slice(src.lastIndexOf("/") + 1);
      // A folder destination (a trailing slash, or a folder files are dropped into) keeps the source's name.
      place(dest.endsWith("/") || /\/(anchors|[\w.-]+\.d)$/.test(dest) ? `${dest.replace(/\/$/, "")}/${base}` : dest);
    }
  }
  for (const m of body.matchAll(/(?:^|\s)cat > (\/\S+) <</gm)) place(m[1]!);
  for (const m of body.matchAll(/printf '(?:[^']|\\')*' > (\/\S+)/g)) place(m[1]!);
  if (/release-"?\$\(uname -m\)"?\.json/.test(body)) facts.add("embed:microshift-release-info");
  for (const m of body.matchAll(/docker:\/\/([^\s"']+)/g)) if (!m[1]!.includes("$")) facts.add(`embed:${m[1]!.replace(/:latest$/, "")}`);
  for (const m of body.matchAll(/images="\$\{images\} (\S+)"/g)) facts.add(`embed:${m[1]!.replace(/:latest$/, "")}`);
  for (const m of body.matchAll(/appimages="([^"]+)"/g)) for (const img of m[1]!.split(/\s+/)) facts.add(`embed:${img.replace(/:latest$/, "")}`);
  for (const [path, text] of Object.entries(overlay)) if (path.includes("kargs.d/")) for (const m of text.matchAll(/"([^"]+)"/g)) facts.add(`karg:${m[1]}`);
  return facts;
}

/**
 * Unit files are named by unit wherever they live (/etc/systemd/system or /usr/lib/systemd/system);
 * drop-ins by the unit they extend; MicroShift's image-copy script and drop-in by their role.
 */
function normalisePath(path: string): string {
  const dropIn = /systemd\/system\/([^/]+)\.d\/[^/]+\.conf$/.exec(path);
  if (dropIn) return `drop-in for ${dropIn[1]}`;
  const unit = /systemd\/system\/([^/]+\.(?:service|timer|socket|target))$/.exec(path);
  if (unit) return `unit ${unit[1]}`;
  if (/microshift-copy-images$|edge2bootc-embedded-images$/.test(path)) return "embedded image copy script";
  return path;
}
