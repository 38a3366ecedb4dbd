/**
 * JSON blueprints in the four published forms (reference/json-blueprints.md): fixtures/json-forms
 * holds one blueprint written as TOML and as each form, shaped after osbuild/blueprint's JSON tags,
 * osbuild/images test/configs, image-builder-frontend's imageBuilderApi.ts (hosted export) and
 * osbuild-composer's openapi.v2.yml (cloud compose request).
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { detectForm } from "../../src/blueprint/json-forms.js";
import { normalizeJson } from "../../src/blueprint/json-normalize.js";
import { jsonPointer, parseJsonTree } from "../../src/blueprint/json-tree.js";
import { parseBlueprint } from "../../src/blueprint/parse.js";
import { convertProject } from "../../src/convert.js";
import { InputError } from "../../src/core/errors.js";
import { read, ROOT } from "../helpers.js";

const DIR = join(ROOT, "fixtures/json-forms");
const parse = (name: string) => parseBlueprint(read(join(DIR, name)), name);
const convertFile = (name: string, options = {}) =>
  convertProject({ blueprint: { path: name, text: read(join(DIR, name)) } }, { salt: { seed: "t" }, ...options });

function inputError(text: string, file = "bp.json"): InputError {
  try {
    parseBlueprint(text, file);
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error("expected an InputError");
}

const FORMS: [file: string, form: string][] = [
  ["blueprint.json", "blueprint-json"],
  ["bib-config.json", "bib-config"],
  ["osbuild-config.json", "osbuild-config"],
  ["hosted.json", "hosted"],
  ["cloud.json", "cloud"],
];

describe("JSON blueprints: one blueprint, every form", () => {
  const toml = parse("blueprint.toml");

  it.each(FORMS)("%s is read as the %s form, onto the same blueprint as the TOML", (file, form) => {
    const parsed = parse(file);
    expect(parsed.json?.form).toBe(form);
    // The compose request has no name or description: those name a blueprint, not a compose.
    const { name, description, ...rest } = toml.blueprint;
    // It names the architecture in its image request, which the blueprint names at the top.
    expect(parsed.blueprint).toEqual(form === "cloud" ? { ...rest, architecture: "x86_64" } : toml.blueprint);
    expect(name).toBe("kiosk-json");
    expect(description).toContain("cockpit-image-builder");
  });

  it.each(FORMS)("%s converts to the TOML's Containerfile and config.toml, input names aside", (file, form) => {
    const expected = convertFile("blueprint.toml").artifacts;
    const got = convertFile(file).artifacts;
    for (const path of ["Containerfile", "config.toml", "overlay/etc/yum.repos.d/kiosk-apps.repo", "overlay/etc/kiosk/kiosk.conf"]) {
      const want = expected.find((a) => a.path === path)?.contents.replace(/(?<![\w-])blueprint\.toml/g, file);
      const have = got.find((a) => a.path === path)?.contents;
      expect(have, path).toBeDefined();
      // Labels come from the name and description the compose request does not have.
      expect(have, path).toBe(form === "cloud" ? want?.replace(/LABEL [^\n]*\\\n[^\n]*\n/, "") : want);
    }
  });

  it.each(FORMS)("%s accounts for every key: none unaccounted, the form said once", (file) => {
    const { report } = convertFile(file);
    expect(report.findings.filter((f) => f.id === "convert.unaccounted-key")).toEqual([]);
    expect(report.findings.filter((f) => f.id === "blueprint.json-form")).toHaveLength(1);
  });

  it("points findings on renamed keys at the key as written, with its JSON pointer", () => {
    const text = read(join(DIR, "hosted.json"));
    const { report } = convertFile("hosted.json");
    const password = report.findings.find((f) => f.source.keyPath === "customizations.user[0].password")!;
    expect(password.source.jsonPointer).toBe("/customizations/users/0/password");
    const line = text.split("\n")[password.source.line - 1]!;
    expect(line.slice(password.source.column - 1)).toMatch(/^"password"/);
    const repo = report.coverage.find((c) => c.keyPath === "customizations.repositories[0].gpgcheck");
    expect(repo?.disposition).toBe("converted");
    const sarif = JSON.parse(convertFile("hosted.json").artifacts.find((a) => a.path === "migration-report.sarif")!.contents);
    const pointers = sarif.runs[0].results.flatMap((r: { locations: { logicalLocations?: { fullyQualifiedName: string }[] }[] }) =>
      r.locations.flatMap((l) => (l.logicalLocations ?? []).map((x) => x.fullyQualifiedName)),
    );
    expect(pointers).toContain("/customizations/users/0/password");
  });

  it("notes the hosted-only keys instead of dropping them, and the form's renames", () => {
    const { report } = convertFile("hosted.json");
    const form = report.findings.find((f) => f.id === "blueprint.json-form")!;
    expect(form.title).toContain("hosted Image Builder");
    expect(form.detail).toContain("ssh_key → key");
    expect(form.detail).toContain('"@group" packages → groups');
    const noted = report.findings.filter((f) => f.id === "blueprint.json-hint").map((f) => f.source.keyPath);
    expect(noted).toEqual(expect.arrayContaining(["metadata", "customizations.openscap.profile_name", "customizations.openscap.profile_description"]));
    expect(report.coverage.find((c) => c.keyPath === "metadata")?.disposition).toBe("reported");
  });
});

/** Every leaf of a JSON document (scalars, empty lists and objects), by JSON pointer. */
function leaves(value: unknown, pointer = ""): string[] {
  const children = Array.isArray(value)
    ? value.map((v, i) => [String(i), v] as const)
    : value !== null && typeof value === "object"
      ? Object.entries(value)
      : undefined;
  if (children === undefined || children.length === 0) return [pointer];
  return children.flatMap(([k, v]) => leaves(v, `${pointer}/${k.replace(/~/g, "~0").replace(/\//g, "~1")}`));
}

describe("JSON blueprints: no key dropped on the way to the blueprint model", () => {
  const files = [...FORMS.map(([f]) => f), "osbuild-all-customizations.json"];
  it.each(files)("%s: every key written is the origin of a blueprint key, or inside a key a note reports whole", (file) => {
    const text = read(join(DIR, file));
    const tree = parseJsonTree(text, file);
    const normalized = normalizeJson(tree.value as Record<string, unknown>, detectForm(tree, file));
    const origins = new Set([...normalized.origins.values()].map(jsonPointer));
    const noted = normalized.notes.map((n) => jsonPointer(n.path));
    const accounted = (p: string) => origins.has(p) || noted.some((n) => p === n || p.startsWith(`${n}/`));
    expect(leaves(tree.value).filter((p) => !accounted(p))).toEqual([]);
  });

  it("an osbuild/images-shaped configuration converts with its wrapper keys and its unknown key reported", () => {
    const { report } = convertFile("osbuild-all-customizations.json");
    expect(report.findings.filter((f) => f.id === "convert.unaccounted-key")).toEqual([]);
    const at = (id: string) => report.findings.filter((f) => f.id === id).map((f) => f.source.keyPath);
    expect(at("blueprint.unknown-key")).toEqual(["customizations.files[2].ref"]);
    expect(at("blueprint.json-hint")).toEqual(expect.arrayContaining(["/name", "/depends", "/options/ostree/url", "/options/ostree/ref", "/options/size"]));
  });
});

describe("JSON blueprints: what only the hosted service knows", () => {
  const hosted = (customizations: object, extra: object = {}) =>
    JSON.stringify({ name: "h", distribution: "rhel-94", customizations, ...extra }, null, 2) + "\n";

  it("masks the activation key and reports registration and uploads as the service's work", () => {
    const text = hosted(
      {
        subscription: {
          organization: 1234,
          "activation-key": "ak-very-secret-9d1f",
          "server-url": "subscription.rhsm.redhat.com",
          "base-url": "https://cdn.redhat.com",
          insights: true,
        },
      },
      {
        image_requests: [
          {
            architecture: "aarch64",
            image_type: "edge-installer",
            upload_request: { type: "aws.s3", options: {} },
            ostree: { ref: "rhel/9/aarch64/edge", url: "https://ostree.example.com/repo" },
          },
        ],
      },
    );
    const result = convertProject({ blueprint: { path: "h.json", text } });
    const service = result.report.findings.filter((f) => f.id === "blueprint.service-only-key").map((f) => f.source.keyPath);
    expect(service.sort()).toEqual(["customizations.subscription", "image_requests[0].upload_request"]);
    for (const a of result.artifacts) if (a.path.startsWith("migration-report")) expect(a.contents, a.path).not.toContain("ak-very-secret-9d1f");
    // rhel-94 is the hosted API's RHEL 9.4; the image request's type and architecture are read as hints.
    expect(result.plan!.baseImage).toBe("registry.redhat.io/rhel9/rhel-bootc:9.4");
    expect(result.report.nextSteps.join("\n")).toContain("--type anaconda-iso");
    const hint = result.report.findings.find((f) => f.source.keyPath === "image_requests[0].image_type")!;
    expect(hint.title).toContain("--source-image-type edge-installer");
  });

  it("reads the hosted API's nightly and beta distributions as their release", () => {
    const text = JSON.stringify({ name: "n", distribution: "rhel-10.2-nightly", customizations: { hostname: "n" } });
    const result = convertProject({ blueprint: { path: "n.json", text } });
    expect(result.plan!.baseImage).toBe("registry.redhat.io/rhel10/rhel-bootc:10.2");
    expect(result.report.findings.find((f) => f.id === "blueprint.json-form")!.detail).toContain("rhel-10.2-nightly → rhel-10.2");
  });

  it("says so when a user's password was left out of the export", () => {
    const text = hosted({
      users: [
        { name: "ops", ssh_key: "ssh-ed25519 AAAAC3Nza ops@x", hasPassword: true },
        { name: "dev", hasPassword: false },
      ],
    });
    const { report } = convertProject({ blueprint: { path: "h.json", text } });
    const lost = report.findings.filter((f) => f.id === "blueprint.password-not-exported");
    expect(lost.map((f) => f.source.keyPath)).toEqual(["customizations.user[0].hasPassword"]);
    expect(lost[0]!.source.jsonPointer).toBe("/customizations/users/0/hasPassword");
  });

  it("turns payload repositories into install_from repositories, with a warning, and base64 file data into text", () => {
    const text = hosted({
      payload_repositories: [
        { baseurl: "https://repo.example.com/el9/", gpgkey: "https://repo.example.com/key", check_gpg: true, ignore_ssl: true, rhsm: false },
      ],
      files: [{ path: "/etc/motd", data: Buffer.from("hello edge\n").toString("base64"), data_encoding: "base64" }],
    });
    const parsed = parseBlueprint(text, "h.json");
    expect(parsed.blueprint.customizations?.repositories).toEqual([
      {
        id: "payload-1",
        baseurls: ["https://repo.example.com/el9/"],
        gpgkeys: ["https://repo.example.com/key"],
        gpgcheck: true,
        sslverify: false,
        install_from: true,
      },
    ]);
    expect(parsed.blueprint.customizations?.files?.[0]?.data).toBe("hello edge\n");
    expect(parsed.findings.map((f) => f.id)).toContain("blueprint.build-only-repository");
  });

  it("takes the image type from the request only when the command line gives none", () => {
    const text = hosted(
      { hostname: "x" },
      { image_requests: [{ architecture: "x86_64", image_type: "edge-installer", upload_request: { type: "aws.s3", options: {} } }] },
    );
    const hinted = convertProject({ blueprint: { path: "h.json", text } });
    const given = convertProject({ blueprint: { path: "h.json", text } }, { sourceImageType: "edge-commit" });
    const bibType = (r: typeof hinted) => /--type (\S+)/.exec(r.report.nextSteps.join("\n"))?.[1];
    expect(bibType(hinted)).toBe("anaconda-iso");
    expect(bibType(given)).toBe("qcow2");
  });
});

describe("JSON blueprints: bad input", () => {
  it("refuses a duplicate key with both positions (JSON parsers keep the last one silently)", () => {
    const e = inputError('{\n  "name": "a",\n  "customizations": { "hostname": "x" },\n  "name": "b"\n}\n');
    expect(e.diagnostics.map((d) => [d.source.line, d.source.column])).toEqual([
      [4, 3],
      [2, 3],
    ]);
    expect(e.diagnostics[0]!.message).toContain('duplicate key "name" (first at line 2, column 3)');
  });

  it("refuses a mixed form, naming both keys", () => {
    const e = inputError('{\n  "name": "m",\n  "packages": [{ "name": "vim" }],\n  "customizations": { "users": [{ "name": "a" }] }\n}\n');
    expect(e.diagnostics[0]!.message).toContain("/customizations/users");
    expect(e.diagnostics[0]!.message).toContain("/packages (line 3, column 3)");
    expect(e.diagnostics[0]!.source.line).toBe(4);
  });

  it.each([
    ['{\n  "name": "a",\n}\n', 3, "trailing commas are not JSON"],
    ['{\n  // a comment\n  "name": "a"\n}\n', 2, "comments"],
    ["", 1, "empty"],
    ["[1, 2]\n", 1, "expected a JSON object"],
  ])("refuses %j at line %i", (text, line, says) => {
    const e = inputError(text);
    expect(e.diagnostics[0]!.source.line).toBe(line);
    expect(e.diagnostics[0]!.message).toContain(says);
  });

  it("refuses nesting deeper than any blueprint, before the parser recurses", () => {
    const e = inputError(`{"customizations": ${"[".repeat(5000)}${"]".repeat(5000)}}`);
    expect(e.diagnostics[0]!.message).toContain("nest more than 64 levels");
  });

  it("reports unknown keys with did-you-mean at the JSON position; __proto__ stays a key", () => {
    const text = '{\n  "name": "u",\n  "customizations": {\n    "hostnme": "x",\n    "__proto__": { "polluted": true }\n  }\n}\n';
    const parsed = parseBlueprint(text, "u.json");
    const unknown = parsed.findings.filter((f) => f.id === "blueprint.unknown-key");
    expect(unknown.map((f) => [f.source.keyPath, f.source.line, f.source.column])).toEqual([
      ["customizations.hostnme", 4, 5],
      ["customizations.__proto__", 5, 5],
    ]);
    expect(unknown[0]!.title).toContain('did you mean "hostname"');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("keeps sizes past 2^53 as their digits and tolerates a byte order mark", () => {
    const text = '\ufeff{"name": "s", "customizations": {"filesystem": [{"mountpoint": "/var", "minsize": 123456789012345678901}]}}';
    const parsed = parseBlueprint(text, "s.json");
    expect(parsed.blueprint.customizations?.filesystem?.[0]?.minsize).toBe("123456789012345678901");
  });
});
