/**
 * Mutation fuzzing of the whole conversion: seeds are our own fixtures, mutations are the
 * shapes that broke converters before (brackets, quotes, control characters, includes,
 * duplicated and truncated lines), and the oracle says what must hold for every input.
 * Used by `npm run fuzz` (long campaign, worker threads) and by the property tests.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { convertProject, type ConvertOptions } from "../src/convert.js";
import { codeFrame, InputError } from "../src/core/errors.js";
import { unifiedDiff } from "../src/io/output-folder.js";
import { redactSecrets } from "../src/util/redact.js";

export type CaseKind = "blueprint" | "kickstart" | "json";

export interface FuzzCase {
  kind: CaseKind;
  text: string;
  /** Secrets planted through paths that must never print them. */
  planted: string[];
  options: ConvertOptions;
}

export interface CaseOutcome {
  status: "converted" | "input-error" | "crash" | "oracle";
  message?: string;
}

/** A small, fast, seedable PRNG (mulberry32), so that a failing case can be regenerated. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ROOT = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "fixtures"))) dir = dirname(dir);
  return dir;
})();

/** Seed inputs: every blueprint and kickstart fixture we wrote. */
export function seeds(): Record<CaseKind, string[]> {
  const blueprints: string[] = [];
  const kickstarts: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, name.name);
      if (name.isDirectory()) walk(full);
      else if (full.includes("/input/") && name.name.endsWith(".toml")) blueprints.push(readFileSync(full, "utf8"));
      else if (full.includes("/input/") && /\.(ks|cfg|j2)$/.test(name.name)) kickstarts.push(readFileSync(full, "utf8"));
    }
  };
  walk(join(ROOT, "fixtures"));
  walk(join(ROOT, "examples"));
  // JSON blueprints: the forms fixture (fixtures/json-forms), one file per form.
  const forms = join(ROOT, "fixtures", "json-forms");
  const json = readdirSync(forms)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => readFileSync(join(forms, f), "utf8"));
  return { blueprint: blueprints, kickstart: kickstarts, json };
}

const NASTY_CHARS = [
  "[",
  "]",
  "{",
  "}",
  '"',
  "'",
  '"""',
  "\n",
  "\r\n",
  "\t",
  "\u0000",
  "\u001b",
  "#",
  "=",
  "%",
  "\\",
  "$",
  "\u00e9",
  "\ud800",
  ",",
  "..",
  "/",
  "-",
  "--",
  " ",
];

const SNIPPETS: Record<CaseKind, string[]> = {
  blueprint: [
    '[[packages]]\nname = "a\\nFROM evil"\n',
    '[[customizations.files]]\npath = "/etc/../../x"\ndata = "y"\n',
    '[[customizations.files]]\npath = "/etc/x"\n[[customizations.files]]\npath = "/etc/x/y"\n',
    '[[customizations.user]]\nname = "u;rm"\nuid = -1\n',
    '[customizations.firewall]\nports = ["99999:tcp", "1-0:udp"]\n',
    "__proto__ = 1\nconstructor = 2\n",
    'distro = "rhel-999999"\n',
    "a = [[[[[[[[[[]]]]]]]]]]\n",
    "[customizations]\n",
    '[[containers]]\nsource = "quay.io/a/b@sha256:00"\n',
  ],
  kickstart: [
    "%include ../../../etc/passwd\n",
    "%include /tmp/x.cfg\n",
    "%post\n%end\n%end\n",
    "%packages\nvim\n",
    "ostreecontainer --url=x\n",
    "sshkey --username=a k\nsshkey --username=a k\n",
    "user --name=a\n  --password=x\n",
    "bootloader --append=\"a'b\n",
    "%pre --nochroot\n%end\n",
    "ostreesetup --nogpg --url=file:///run/install/repo/ostree --ref=r --osname=o\n",
  ],
  // Inserted after the first "{", where they keep the document JSON.
  json: [
    '"__proto__": {"polluted": true}, ',
    '"name": "dup", ',
    '"packages": ["@core", "a\\nFROM evil"], ',
    '"customizations": {"users": [{"name": "u"}]}, ',
    '"blueprint": {"name": "inner"}, ',
    '"distribution": "rhel-9-nightly", ',
    '"image_requests": [{"image_type": "edge-installer", "ostree": {"ref": "x"}}], ',
    '"minsize": 123456789012345678901234567890, ',
    '"x": [[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]], ',
  ],
};

/** Ways to plant a secret; each one must be masked wherever edge2bootc prints or reports. */
const PLANTS: Record<Exclude<CaseKind, "json">, ((s: string) => string)[]> = {
  blueprint: [
    (s) => `[[customizations.user]]\nname = "fz"\npassword = "${s}"\n`,
    (s) => `[[customizations.repositories]]\nid = "fz"\nbaseurls = ["https://u:${s}@r.example.com/x"]\n`,
    (s) => `[customizations.fdo]\nmanufacturing_server_url = "https://u:${s}@fdo.example.com"\n`,
    // the forms issue 18 found printed: escaped keys, query strings, PEM, wrapped and prefixed kickstart options
    (s) => `[[customizations.user]]\nname = "fz"\n"p\\u0061ssword" = "${s}"\n`,
    (s) => `[customizations.ignition.firstboot]\nurl = "https://h/c.ign?X-Amz-Signature=${s}"\n`,
    (s) => `[customizations.fdo]\nmanufacturing_server_url = "https://fdo.example.com/?token=${s}"\n`,
    (s) => `[[customizations.files]]\npath = "/var/lib/fz/k.pem"\nmode = "0600"\ndata = "-----BEGIN PRIVATE KEY-----\\n${s}\\n-----END PRIVATE KEY-----\\n"\n`,
    (s) => `[[customizations.files]]\npath = "/etc/fz/k.pem"\ndata = "-----BEGIN EC PRIVATE KEY-----\\n${s}\\n-----END EC PRIVATE KEY-----\\n"\n`,
    (s) => `[customizations.installer.kickstart]\ncontents = """\nuser --name=fz --password\n${s}\nrootpw --pa=${s}\n"""\n`,
  ],
  kickstart: [
    (s) => `rootpw --plaintext ${s}\n`,
    (s) => `user --name=fz --password=${s}\n`,
    (s) => `sshpw --username=fz ${s}\n`,
    (s) => `network --device=w0 --wpakey=${s}\n`,
    (s) => `part / --fstype=xfs --encrypted --passphrase=${s}\n`,
    (s) => `url --url=ftp://u:${s}@h/x\n`,
    (s) => `user --name=fz\n  --password=${s}\n`,
    (s) => `user --name=fz --plaintext --password\n${s}\n`,
    (s) => `rootpw --plaintext \\\n${s}\n`,
    (s) => `network --device=w0 --wpakey\n${s}\n`,
    (s) => `bootloader --pa=${s}\n`,
    (s) => `network --device=w0 --wp=${s}\n`,
    (s) => `rhsm --act=${s} --organization=1\n`,
    (s) => `rootpw --plaintext "two ${s}"\n`,
    (s) => `url --url=https://h/x?token=${s}\n`,
    (s) => `url --url=https://h/x --proxy=u:${s}@proxy:3128\n`,
  ],
};

/**
 * JSON plants replace an anchor of the mutated text, so the document stays JSON around them; a
 * case whose mutations destroyed every anchor plants nothing.
 */
const JSON_PLANTS: [anchor: RegExp, plant: (s: string) => string][] = [
  [/"customizations": \{/, (s) => `"customizations": {"subscription": {"organization": 1, "activation-key": "${s}"}, `],
  [/"name": "kiosk"/, (s) => `"name": "kiosk", "password": "${s}"`],
  [/"https:\/\//, (s) => `"https://u:${s}@`],
];

const pick = <T>(rand: () => number, items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;

function mutate(text: string, kind: CaseKind, rand: () => number): string {
  let t = text;
  const n = 1 + Math.floor(rand() * 4);
  for (let i = 0; i < n; i++) {
    const at = Math.floor(rand() * (t.length + 1));
    const lines = t.split("\n");
    switch (Math.floor(rand() * 7)) {
      case 0:
        t = t.slice(0, at) + pick(rand, NASTY_CHARS) + t.slice(at);
        break;
      case 1:
        t = t.slice(0, at) + t.slice(at + 1 + Math.floor(rand() * 20));
        break;
      case 2: {
        const l = Math.floor(rand() * lines.length);
        lines.splice(l, 0, lines[l] ?? "");
        t = lines.join("\n");
        break;
      }
      case 3: {
        const a = Math.floor(rand() * lines.length);
        const b = Math.floor(rand() * lines.length);
        [lines[a], lines[b]] = [lines[b]!, lines[a]!];
        t = lines.join("\n");
        break;
      }
      case 4:
        if (kind === "json") t = t.replace("{", `{${pick(rand, SNIPPETS.json)}`);
        else t = `${t}${t.endsWith("\n") ? "" : "\n"}${pick(rand, SNIPPETS[kind])}`;
        break;
      case 5:
        t = t.slice(0, at);
        break;
      default:
        t = t.slice(0, at) + "x".repeat(1 + Math.floor(rand() * 400)) + t.slice(at);
    }
  }
  return t;
}

/** The case number `n` of a campaign with `seed`: the same numbers always give the same input. */
export function makeCase(seed: number, n: number, pool = seeds()): FuzzCase {
  const rand = prng(seed * 1_000_003 + n);
  const r = rand();
  const kind: CaseKind = r < 0.4 ? "blueprint" : r < 0.8 ? "kickstart" : "json";
  const secret = `PLANTED${n}x${Math.floor(rand() * 1e9)}`;
  // Plants go in after mutation, as a whole section at the end, so their meaning survives.
  const seedText = pick(rand, pool[kind]);
  // Half the JSON cases stay JSON (a snippet inserted, no character damage), so they reach the forms' normalizer.
  const mutated = kind === "json" && rand() < 0.5 ? seedText.replace("{", `{${pick(rand, SNIPPETS.json)}`) : mutate(seedText, kind, rand);
  if (kind === "json") {
    const [anchor, plant] = pick(rand, JSON_PLANTS);
    const text = mutated.replace(anchor, plant(secret));
    return { kind, text, planted: text === mutated ? [] : [secret], options: { salt: { seed: "fuzz" } } };
  }
  const text = `${mutated}${mutated.endsWith("\n") ? "" : "\n"}${pick(rand, PLANTS[kind as Exclude<CaseKind, "json">])(secret)}`;
  const options: ConvertOptions = {
    salt: { seed: "fuzz" },
    ...(rand() < 0.3 ? { sourceImageType: "edge-installer" } : {}),
    ...(rand() < 0.2 ? { image: "quay.io/fuzz/image:1" } : {}),
    // the installer image route (taken where the blueprint says RHEL 10): its kickstart and iso.yaml are outputs too
    ...(rand() < 0.2 ? { isoType: "bootc-generic-iso", bibProfile: "2026-08" } : {}),
  };
  return { kind, text, planted: [secret], options };
}

/** Characters no single-line value may bring into a generated Containerfile or kickstart. */
const STRAY_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** Runs one case and checks the oracle: a result or our positioned InputError, and nothing unsafe in either. */
export function runCase(c: FuzzCase): CaseOutcome {
  const file = c.kind === "blueprint" ? "fuzz.toml" : c.kind === "json" ? "fuzz.json" : "fuzz.ks";
  let result;
  try {
    result = convertProject(c.kind !== "kickstart" ? { blueprint: { path: file, text: c.text } } : { kickstarts: [{ path: file, text: c.text }] }, c.options);
  } catch (e) {
    if (!(e instanceof InputError)) return { status: "crash", message: (e as Error).stack ?? String(e) };
    const bad = e.diagnostics.find((d) => d.source.line < 1 || d.source.column < 1 || !Number.isInteger(d.source.line));
    if (bad) return { status: "oracle", message: `diagnostic without a valid position: ${JSON.stringify(bad)}` };
    // what the CLI prints: each message and its code frame, through the redaction layer
    const sources = e.sourceTexts();
    const printed = redactSecrets(
      e.diagnostics
        .map((d) => `${d.message}\n${sources[d.source.file] !== undefined ? codeFrame(sources[d.source.file]!, d.source.line, d.source.column) : ""}`)
        .join("\n"),
    );
    const leaked = c.planted.find((s) => printed.includes(s));
    return leaked ? { status: "oracle", message: `error message or code frame prints a planted secret` } : { status: "input-error" };
  }
  for (const a of result.artifacts) {
    if (a.kind === "report") {
      const leaked = c.planted.find((s) => a.contents.includes(s));
      if (leaked) return { status: "oracle", message: `${a.path} prints a planted secret` };
      continue;
    }
    // an artifact that needs the secret is written 0600, and --diff shows none of its lines
    if (c.planted.some((s) => a.contents.includes(s))) {
      if (!a.private) return { status: "oracle", message: `${a.path} holds a planted secret but is not private (0600)` };
    }
    const diff = unifiedDiff({
      path: a.path,
      status: "created",
      after: a.contents,
      userEdited: false,
      ...(a.private || a.sensitive ? { sensitive: true } : {}),
    });
    if (c.planted.some((s) => diff.includes(s))) return { status: "oracle", message: `--diff of ${a.path} prints a planted secret` };
    if (a.kind === "containerfile") {
      if (STRAY_CONTROL.test(a.contents)) return { status: "oracle", message: "control character in the Containerfile" };
      const froms = a.contents.split("\n").filter((l) => /^FROM\s/i.test(l));
      if (froms.length !== 1) return { status: "oracle", message: `${froms.length} FROM lines in the Containerfile` };
    }
  }
  return { status: "converted" };
}
