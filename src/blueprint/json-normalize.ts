/**
 * Puts a JSON blueprint of any form onto the one blueprint model (TOML key names), remembering
 * for every key it writes the JSON key the user wrote, so findings and coverage point there.
 * Renames follow reference/json-blueprints.md B.2 (osbuild/blueprint's Go types against the
 * hosted API's imageBuilderApi.ts and composer's openapi.v2.yml). Keys that only the hosted
 * service acts on are noted, never dropped.
 */
import { isUtf8 } from "node:buffer";
import type { RuleId } from "../core/rules.js";
import { isObject, type Detected } from "./json-forms.js";
import { jsonPointer, type JsonPath } from "./json-tree.js";
import { joinPath } from "./key-index.js";

export interface JsonNote {
  rule: RuleId;
  /** The key as coverage names it: the blueprint key path, or the JSON pointer outside the blueprint. */
  keyPath: string;
  path: JsonPath;
  title: string;
  detail: string;
  remediation?: string;
}

export interface JsonHints {
  /** The edge image type the hosted request or the osbuild configuration built. */
  imageType?: { value: string; keyPath: string };
}

export interface Normalized {
  raw: Record<string, unknown>;
  /** Blueprint key path → the JSON path of the key the user wrote. */
  origins: Map<string, JsonPath>;
  notes: JsonNote[];
  /** Renamed keys, "written → blueprint name", for the report's line about the form. */
  renames: string[];
  hints: JsonHints;
}

/** Assignment that keeps "__proto__" a key. */
function put(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

class Builder {
  /** The blueprint being written, TOML names. */
  readonly raw: Record<string, unknown> = {};
  readonly origins = new Map<string, JsonPath>();
  readonly notes: JsonNote[] = [];
  readonly renames = new Set<string>();
  readonly hints: JsonHints = {};

  /** The value as written, under keyPath: every key below keeps its name and its origin. */
  copy(keyPath: string, path: JsonPath, value: unknown): unknown {
    this.origins.set(keyPath, path);
    if (Array.isArray(value)) return value.map((v, i) => this.copy(joinPath(keyPath, i), [...path, i], v));
    if (!isObject(value)) return value;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) put(out, k, this.copy(joinPath(keyPath, k), [...path, k], v));
    return out;
  }

  /** A table whose keys are copied, some under another name. */
  renamed(keyPath: string, path: JsonPath, value: unknown, names: Record<string, string>, skip: (key: string, v: unknown) => boolean = () => false): unknown {
    if (!isObject(value)) return this.copy(keyPath, path, value);
    this.origins.set(keyPath, path);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (skip(k, v)) continue;
      const name = Object.hasOwn(names, k) ? names[k]! : k;
      if (name !== k) this.renames.add(`${k} → ${name}`);
      put(out, name, this.copy(joinPath(keyPath, name), [...path, k], v));
    }
    return out;
  }

  /** Each item of a list, renamed as one table. */
  list(keyPath: string, path: JsonPath, value: unknown, names: Record<string, string>, skip?: (i: number, key: string, v: unknown) => boolean): unknown {
    if (!Array.isArray(value)) return this.copy(keyPath, path, value);
    this.origins.set(keyPath, path);
    return value.map((item, i) => this.renamed(joinPath(keyPath, i), [...path, i], item, names, skip && ((k, v) => skip(i, k, v))));
  }

  note(rule: RuleId, keyPath: string, path: JsonPath, text: Pick<JsonNote, "title" | "detail" | "remediation">): void {
    this.origins.set(keyPath, path);
    this.notes.push({ rule, keyPath, path, ...text });
  }

  done(): Normalized {
    return { raw: this.raw, origins: this.origins, notes: this.notes, renames: [...this.renames].sort(), hints: this.hints };
  }
}

const REPOSITORY_NAMES = { baseurl: "baseurls", gpgkey: "gpgkeys", check_gpg: "gpgcheck", check_repo_gpg: "repo_gpgcheck", ssl_verify: "sslverify" };

/** Keys the hosted service or the cloud API acts on at compose or registration time, with what to do instead. */
const SERVICE_KEYS: Record<string, { title: string; detail: string; remediation: string }> = {
  subscription: {
    title: "Registration (subscription) is done by the hosted service when it builds",
    detail:
      "The hosted service registered the image with its activation key. A bootc image is built on a registered host instead, and a device registers at deploy time. The activation key is a secret and is not repeated here.",
    remediation:
      "Build on a registered host, and register devices at install time (an rhc or subscription-manager %post in the installer kickstart, or an activation key in your provisioning).",
  },
  aap_registration: {
    title: "Ansible Automation Platform registration is done by the hosted service",
    detail: "The service wrote a first-boot callback to your AAP controller. Nothing in the image does it now.",
    remediation: "Register devices from the installer kickstart's %post, or ship a first-boot unit in the image that calls the controller's callback URL.",
  },
  snapshot_date: {
    title: "A content snapshot date pins the hosted build's repositories",
    detail: "The hosted service installed packages from repository snapshots of this date. A Containerfile build uses the repositories the build host has.",
    remediation: "Point the build at snapshot repositories (a .repo file for the build naming the snapshot URLs) to keep the same package versions.",
  },
  content_sources: {
    title: "Content sources are the hosted service's repository definitions",
    detail: "These repositories lived in the Red Hat console's content service, not in the blueprint.",
    remediation: "Add each repository you still need as a blueprint repository (custom_repositories) or a .repo file in the image.",
  },
  metadata: {
    title: "Export metadata (parent blueprint, export time) has no meaning for the image",
    detail: "The console writes it when it exports a blueprint.",
    remediation: "Nothing to do.",
  },
  bootc: {
    title: "The hosted blueprint names a bootc image already",
    detail: "This blueprint builds disk images from a bootc container; its reference is the image to deploy, not something to convert.",
    remediation: "Use the reference as the base image (--base-image) or deploy it as it is.",
  },
};

/** What the hosted API calls an edge image type, as --source-image-type names it. */
const IMAGE_TYPES: Record<string, string> = {
  "edge-commit": "edge-commit",
  "rhel-edge-commit": "edge-commit",
  "edge-installer": "edge-installer",
  "rhel-edge-installer": "edge-installer",
  "edge-container": "edge-container",
  "edge-raw-image": "edge-raw-image",
  "edge-simplified-installer": "edge-simplified-installer",
  "edge-ami": "edge-ami",
  "edge-vsphere": "edge-vsphere",
};

/** A key below keyPath, in its notation: dotted below blueprint keys, a pointer outside the blueprint. */
const childKey = (keyPath: string, key: string) => (keyPath.startsWith("/") ? `${keyPath}${jsonPointer([key])}` : joinPath(keyPath, key));

function ostreeHints(b: Builder, keyPath: string, path: JsonPath, ostree: unknown): void {
  if (!isObject(ostree)) return b.note("blueprint.json-hint", keyPath, path, { title: "ostree is not an object", detail: "It was not read." });
  for (const [k, v] of Object.entries(ostree)) {
    const at = childKey(keyPath, k);
    if (k === "ref" && typeof v === "string") {
      b.note("blueprint.json-hint", at, [...path, k], {
        title: `The ostree ref ${v} is the one devices were installed from`,
        detail:
          "Kickstarts converted with this blueprint install the converted image for every ref an image map (--image-map) does not name, this one included.",
      });
    } else
      b.note("blueprint.json-hint", at, [...path, k], {
        title: `ostree ${k} of the edge build is not needed for the image`,
        detail: `It named where the edge commit came from (${k}). A bootc image is built from its base image, not from a parent commit.`,
      });
  }
}

function imageRequest(b: Builder, keyPath: string, path: JsonPath, request: unknown): void {
  if (!isObject(request)) return b.note("blueprint.json-hint", keyPath, path, { title: "image_request is not an object", detail: "It was not read." });
  for (const [k, v] of Object.entries(request)) {
    const at = joinPath(keyPath, k);
    const where = [...path, k];
    if (k === "image_type" && typeof v === "string") {
      const type = IMAGE_TYPES[v];
      if (type !== undefined) b.hints.imageType ??= { value: type, keyPath: at };
      b.note("blueprint.json-hint", at, where, {
        title:
          type !== undefined
            ? `Built as ${v}: converted as --source-image-type ${type} unless the command line says otherwise`
            : `Built as ${v}, not an edge image type`,
        detail: "The image type decides which settings belong in the image and which move to bootc-image-builder's config.toml or the installer.",
      });
    } else if (k === "ostree") ostreeHints(b, at, where, v);
    else if (k === "architecture" && typeof v === "string") b.raw.architecture ??= b.copy("architecture", where, v);
    else if (
      k === "upload_request" ||
      k === "upload_options" ||
      k === "snapshot_date" ||
      k === "content_template" ||
      k === "content_template_name" ||
      k === "koji"
    )
      b.note("blueprint.service-only-key", at, where, {
        title: `${k} is done by the hosted service or composer, not by an image build`,
        detail: "Uploading, Koji builds and content templates happen after or around a compose. A bootc image is pushed to a registry instead.",
        remediation: "Push the built image with podman push; make disk images for a cloud with bootc-image-builder.",
      });
    else
      b.note("blueprint.json-hint", at, where, {
        title: `${k} of the image request is not needed for the image`,
        detail: `The request's ${k} applied to the disk image the service composed.`,
      });
  }
}

/** The hosted and cloud forms: everything under customizations, with their own names. */
function normalizeApi(b: Builder, top: Record<string, unknown>): void {
  const raw = b.raw;
  const customizations: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(top)) {
    if (k === "customizations" && isObject(v)) continue;
    if (k === "distribution") {
      b.renames.add("distribution → distro");
      put(raw, "distro", b.copy("distro", [k], typeof v === "string" ? distroName(b, v) : v));
    } else if (k === "image_requests" && Array.isArray(v)) {
      b.origins.set(k, [k]);
      v.forEach((r, i) => imageRequest(b, `${k}[${i}]`, [k, i], r));
    } else if (k === "image_request") imageRequest(b, k, [k], v);
    else if (Object.hasOwn(SERVICE_KEYS, k)) b.note(k === "metadata" ? "blueprint.json-hint" : "blueprint.service-only-key", k, [k], SERVICE_KEYS[k]!);
    else if (k === "image_name" || k === "image_description" || k === "client_id")
      b.note("blueprint.json-hint", k, [k], { title: `${k} named the compose, not the image`, detail: "The converted image is named by --image." });
    else put(raw, k, b.copy(k, [k], v));
  }
  const c = top.customizations;
  if (isObject(c)) {
    b.origins.set("customizations", ["customizations"]);
    for (const [k, v] of Object.entries(c)) customization(b, raw, customizations, k, v);
    if (Object.keys(customizations).length > 0 || Object.keys(c).length === 0) put(raw, "customizations", customizations);
  }
}

/** Hosted distributions add -nightly and -beta; the image is built on the release's bootc image. */
function distroName(b: Builder, name: string): string {
  const m = /^(.*)-(nightly|beta)$/.exec(name);
  if (m === null) return name;
  b.renames.add(`${name} → ${m[1]}`);
  return m[1]!;
}

const C = "customizations";

function customization(b: Builder, raw: Record<string, unknown>, out: Record<string, unknown>, k: string, v: unknown): void {
  const path: JsonPath = [C, k];
  const at = `${C}.${k}`;
  switch (k) {
    case "packages": {
      if (!Array.isArray(v)) return put(out, k, b.copy(at, path, v));
      b.origins.set(at, path);
      const packages: unknown[] = [];
      const groups: unknown[] = [];
      v.forEach((entry, i) => {
        const isGroup = typeof entry === "string" && entry.startsWith("@");
        const list = isGroup ? groups : packages;
        const keyPath = `${isGroup ? "groups" : "packages"}[${list.length}]`;
        b.origins.set(keyPath, [...path, i]);
        b.origins.set(`${keyPath}.name`, [...path, i]);
        list.push(typeof entry === "string" ? { name: isGroup ? entry.slice(1) : entry } : b.copy(keyPath, [...path, i], entry));
      });
      if (groups.length > 0) b.renames.add('"@group" packages → groups');
      b.renames.add("customizations.packages → packages");
      if (packages.length > 0 || groups.length === 0) put(raw, "packages", packages);
      if (groups.length > 0) put(raw, "groups", groups);
      return;
    }
    case "enabled_modules":
      b.renames.add("customizations.enabled_modules → enabled_modules");
      return put(raw, "enabled_modules", b.copy("enabled_modules", path, v));
    case "containers":
      b.renames.add("customizations.containers → containers");
      return put(raw, "containers", b.list("containers", path, v, { tls_verify: "tls-verify" }));
    case "users":
      b.renames.add("users → user");
      return put(
        out,
        "user",
        b.list(`${C}.user`, path, v, { ssh_key: "key" }, (i, key, value) => {
          if (key !== "hasPassword") return false;
          const user = (v as unknown[])[i] as Record<string, unknown>;
          const keyPath = `${C}.user[${i}].hasPassword`;
          if (value === true && user.password === undefined)
            b.note("blueprint.password-not-exported", keyPath, [...path, i, key], {
              title: `User ${String(user.name)} has a password the export left out`,
              detail: 'The hosted service never returns a password ("The password is never returned in the response"), so this user gets none from the image.',
            });
          else
            b.note("blueprint.json-hint", keyPath, [...path, i, key], {
              title: "hasPassword is a read-only flag of the hosted API",
              detail: "It says whether a password was set; it sets nothing.",
            });
          return true;
        }),
      );
    case "groups":
      b.renames.add("groups → group");
      return put(out, "group", b.copy(`${C}.group`, path, v));
    case "filesystem":
      return put(out, k, b.list(at, path, v, { min_size: "minsize" }));
    case "custom_repositories":
      b.renames.add("custom_repositories → repositories");
      return put(out, "repositories", [...asList(out.repositories), ...asList(b.list(`${C}.repositories`, path, v, REPOSITORY_NAMES))]);
    case "payload_repositories":
      return payloadRepositories(b, out, path, v);
    case "fips":
      if (isObject(v) && typeof v.enabled === "boolean" && Object.keys(v).length === 1) {
        b.renames.add("fips.enabled → fips");
        return put(out, "fips", b.copy(at, [...path, "enabled"], v.enabled));
      }
      return put(out, k, b.copy(at, path, v));
    case "openscap":
      return put(
        out,
        k,
        b.renamed(at, path, v, {}, (key) => {
          if (key !== "profile_name" && key !== "profile_description") return false;
          b.note("blueprint.json-hint", `${at}.${key}`, [...path, key], {
            title: `openscap ${key} is a label of the hosted profile picker`,
            detail: "The profile is profile_id; the label changes nothing.",
          });
          return true;
        }),
      );
    case "files":
      return put(out, k, files(b, at, path, v));
    default:
      if (Object.hasOwn(SERVICE_KEYS, k)) return b.note("blueprint.service-only-key", at, path, SERVICE_KEYS[k]!);
      return put(out, k, b.copy(at, path, v));
  }
}

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Hosted files may carry base64 data ("to prevent Akamai content filter false positives"): it is read as the text it encodes. */
function files(b: Builder, at: string, path: JsonPath, v: unknown): unknown {
  const binary = new Set<number>();
  const decoded = Array.isArray(v)
    ? v.map((f, i) => {
        if (!isObject(f) || f.data_encoding !== "base64" || typeof f.data !== "string") return f;
        const bytes = Buffer.from(f.data, "base64");
        if (!isUtf8(bytes)) return (binary.add(i), f);
        b.renames.add("data (base64) → data");
        return { ...f, data: bytes.toString("utf8") };
      })
    : v;
  return b.list(at, path, decoded, {}, (i, key, value) => {
    const keyPath = `${at}[${i}].${key}`;
    if (key === "ensure_parents") {
      b.note("blueprint.json-hint", keyPath, [...path, i, key], {
        title: "ensure_parents: the image build creates a file's parent folders anyway",
        detail: "COPY makes every folder above a file.",
      });
      return true;
    }
    if (key !== "data_encoding") return false;
    if (binary.has(i))
      b.note("blueprint.service-only-key", keyPath, [...path, i, key], {
        title: "The base64 data is binary, which a blueprint file cannot hold as text",
        detail: "The data was kept as written (base64 text), so the file in the image holds the encoded form.",
        remediation: "Put the binary file in the build context and COPY it in the Containerfile.",
      });
    else if (value !== "plain" && value !== "base64")
      b.note("blueprint.json-hint", keyPath, [...path, i, key], {
        title: `data_encoding ${JSON.stringify(value)} is neither plain nor base64`,
        detail: "The data was taken as it is written.",
      });
    else b.origins.set(keyPath, [...path, i, key]);
    return true;
  });
}

/**
 * Payload repositories are the cloud API's build-only repositories: "used to install packages"
 * and not written to the image (openapi.v2.yml `payload_repositories`). The nearest blueprint
 * spelling is a repository with install_from; the image keeps its file, which the report says.
 */
function payloadRepositories(b: Builder, out: Record<string, unknown>, path: JsonPath, v: unknown): void {
  if (!Array.isArray(v)) return put(out, "payload_repositories", b.copy(`${C}.payload_repositories`, path, v));
  const start = asList(out.repositories).length;
  const repos = v.map((repo, i) => {
    const keyPath = `${C}.repositories[${start + i}]`;
    const where = [...path, i];
    if (!isObject(repo)) return b.copy(keyPath, where, repo);
    b.origins.set(keyPath, where);
    const r: Record<string, unknown> = {};
    put(r, "id", typeof repo.id === "string" ? repo.id : `payload-${i + 1}`);
    b.origins.set(`${keyPath}.id`, typeof repo.id === "string" ? [...where, "id"] : where);
    for (const [k, value] of Object.entries(repo)) {
      const from = [...where, k];
      if (k === "id") continue;
      if (k === "baseurl" || k === "gpgkey") {
        // one URL or key here, a list in the blueprint
        b.origins.set(`${keyPath}.${k}s`, from);
        put(r, `${k}s`, [b.copy(`${keyPath}.${k}s[0]`, from, value)]);
      } else if (k === "ignore_ssl" && typeof value === "boolean") put(r, "sslverify", b.copy(`${keyPath}.sslverify`, from, !value));
      else if (k === "rhsm")
        b.note("blueprint.json-hint", `${keyPath}.rhsm`, from, {
          title: value === true ? "This repository needs the build host's subscription (rhsm)" : "rhsm: false",
          detail: "On a registered build host, dnf inside the build uses the host's entitlement for Red Hat CDN repositories.",
        });
      else {
        const name = Object.hasOwn(REPOSITORY_NAMES, k) ? REPOSITORY_NAMES[k as keyof typeof REPOSITORY_NAMES] : k;
        put(r, name, b.copy(`${keyPath}.${name}`, from, value));
      }
    }
    put(r, "install_from", true);
    b.origins.set(`${keyPath}.install_from`, where);
    b.note("blueprint.build-only-repository", `${keyPath}.install_from`, where, {
      title: `Payload repository ${String(r.id)} is used to install packages`,
      detail:
        "composer used payload repositories only while building and did not write them to the image. The converted image installs from it (install_from) and keeps its .repo file.",
      remediation: `Remove /etc/yum.repos.d/${String(r.id)}.repo in the Containerfile after the package install if devices must not see it.`,
    });
    return r;
  });
  b.renames.add("payload_repositories → repositories (install_from)");
  put(out, "repositories", [...asList(out.repositories), ...repos]);
}

/** Keys beside the blueprint in a wrapper: a JSON pointer names them, as they are outside the blueprint. */
function wrapperKeys(b: Builder, top: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(top)) {
    if (k === "blueprint") continue;
    const keyPath = jsonPointer([k]);
    if (k === "options" && isObject(v)) {
      b.origins.set(keyPath, [k]);
      for (const [o, ov] of Object.entries(v)) {
        if (o === "ostree") ostreeHints(b, `/options/${o}`, [k, o], ov);
        else
          b.note("blueprint.json-hint", `/options/${o}`, [k, o], {
            title: `options.${o} applied to the test build`,
            detail: "osbuild's image options (size, bootc, …) describe the disk image of one test build.",
          });
      }
    } else if (k === "depends" && isObject(v) && typeof v["image-type"] === "string") {
      // The dependency is the build that made the ostree commit, not the image this configuration builds.
      b.note("blueprint.json-hint", keyPath, [k], {
        title: `The configuration installs an ostree commit built as ${v["image-type"]} by ${String(v.config ?? "another configuration")}`,
        detail: "osbuild's test configurations name the build their ostree parent comes from. Give --source-image-type for the image this blueprint made.",
      });
    } else
      b.note("blueprint.json-hint", keyPath, [k], {
        title: `${k} belongs to the configuration, not the blueprint`,
        detail: "It was read as a label and changes nothing in the image.",
      });
  }
}

export function normalizeJson(top: Record<string, unknown>, detected: Detected): Normalized {
  const b = new Builder();
  if (detected.form === "hosted" || detected.form === "cloud") normalizeApi(b, top);
  else {
    const prefix = detected.blueprintAt;
    for (const [k, v] of Object.entries(detected.blueprint)) put(b.raw, k, b.copy(k, [...prefix, k], v));
    if (prefix.length > 0) wrapperKeys(b, top);
  }
  return b.done();
}
