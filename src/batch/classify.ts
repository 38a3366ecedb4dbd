import { detectForm, isObject } from "../blueprint/json-forms.js";
import { parseJsonTree } from "../blueprint/json-tree.js";
import { parseToml } from "../blueprint/parse.js";
import { InputError } from "../core/errors.js";
import { firstTemplateLine, TEMPLATE_SUFFIX } from "../util/template-input.js";

export type FileKind = { kind: "blueprint" } | { kind: "kickstart" } | { kind: "skip"; reason: string };

/**
 * How a file came to be looked at: its name (.toml, .ks, .cfg, also templated), a template
 * suffix on another name (kickstart.j2: judged by content only, and passed over in silence when
 * it is neither), or edge2bootc.toml naming it (include, [[pair]]).
 */
export type Origin = "name" | "content" | "named";

/** What each top-level key of a blueprint holds (image-builder blueprint reference). */
const BLUEPRINT_SHAPE: Record<string, "string" | "array" | "table" | "boolean"> = {
  name: "string",
  description: "string",
  version: "string",
  distro: "string",
  architecture: "string",
  packages: "array",
  modules: "array",
  groups: "array",
  containers: "array",
  enabled_modules: "array",
  minimal: "boolean",
  customizations: "table",
};

/** Keys only a blueprint's purpose explains; a version or description alone says nothing. */
const DEFINING_KEYS = ["name", "distro", "packages", "modules", "groups", "containers", "customizations"];

/** A syntactically broken TOML file is still judged a blueprint when a line says so. */
const BLUEPRINT_LINE = /^\s*(name\s*=|\[\[packages\]\]|\[\[modules\]\]|\[\[groups\]\]|\[\[containers\]\]|\[customizations[.\]])/m;

/**
 * Lines a kickstart has and other .cfg files (ansible.cfg, setup.cfg, syslinux.cfg) do not:
 * a section or a command from pykickstart's handler that edge kickstarts use.
 */
const KICKSTART_LINE =
  /^\s*(%(packages|post|pre|pre-install|onerror|include|ksappend|addon|anaconda)\b|(ostreesetup|ostreecontainer|bootc|rootpw|zerombr|clearpart|autopart|part|logvol|volgroup|reqpart|keyboard|lang|timezone|network|firewall|services|user|sshkey|text|graphical|reboot|poweroff|shutdown|bootloader|selinux|liveimg|url)\b)/m;

/** What a file of any name must hold to be taken for a kickstart: the edge payload, or a closed section. */
const KICKSTART_CONTENT = /^\s*ostreesetup\b|^\s*%(packages|post|pre)\b[^\n]*\n[\s\S]*^\s*%end\b/m;

/** A composer repository source spells its type on a line of its own. */
const COMPOSER_SOURCE_LINE = /^\s*type\s*=\s*["']yum-/m;

const article = (word: string) => `${/^[aeiou]/.test(word) ? "an" : "a"} ${word}`;
const kindOf = (v: unknown) => (Array.isArray(v) ? "array" : v !== null && typeof v === "object" ? "table" : typeof v);

/** Why a parsed TOML table is not a blueprint, or undefined when it has a blueprint's shape. */
function notABlueprint(table: Record<string, unknown>): string | undefined {
  const keys = Object.keys(table);
  // Composer sources have a name too: tell them apart first (osbuild-composer "Managing repositories").
  if (typeof table.type === "string" && /^yum-/.test(table.type) && keys.includes("url")) return "an osbuild-composer repository source, not a blueprint";
  if (keys.length > 0 && keys.every((k) => k === "customizations"))
    return "a bootc-image-builder config.toml (only [customizations]); edge2bootc writes these, it does not convert them";
  for (const k of keys) {
    const expected = BLUEPRINT_SHAPE[k];
    if (expected !== undefined && kindOf(table[k]) !== expected)
      return `TOML whose ${k} is ${article(kindOf(table[k]))} where a blueprint has ${article(expected)}: not a blueprint`;
  }
  if (keys.some((k) => DEFINING_KEYS.includes(k))) return undefined;
  if (keys.length > 0 && keys.every((k) => typeof table[k] === "string")) return "a table of strings only (an image map or settings file), not a blueprint";
  return `TOML without a blueprint's keys (${DEFINING_KEYS.join(", ")})`;
}

function classifyToml(text: string, path: string, template: boolean): FileKind {
  // Most candidates are plain blueprints: say so without parsing them twice (converting parses them).
  // A top-level name (before the first table header) or a [[packages]] table is a blueprint's.
  const topLevel = text.slice(0, text.search(/^\s*\[/m) >>> 0);
  if (!template && !COMPOSER_SOURCE_LINE.test(text) && (/^\s*name\s*=/m.test(topLevel) || /^\s*\[\[packages\]\]/m.test(text))) return { kind: "blueprint" };
  let table: Record<string, unknown>;
  try {
    table = parseToml(text, path);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    const d = e.diagnostics[0]!;
    if (template)
      return {
        kind: "skip",
        reason: `a template that is not valid TOML until it is rendered (${d.source.line}:${d.source.column}): render it, then convert the result`,
      };
    if (BLUEPRINT_LINE.test(text)) return { kind: "blueprint" }; // converting it reports the positioned error
    return { kind: "skip", reason: `not valid TOML (${d.source.line}:${d.source.column}) and no blueprint keys` };
  }
  const reason = notABlueprint(table);
  return reason === undefined ? { kind: "blueprint" } : { kind: "skip", reason };
}

/**
 * JSON files no blueprint is written in: npm's and TypeScript's, JSON schemas, SARIF, and the
 * reports edge2bootc itself writes. A batch does not even read them.
 */
const NOT_INPUT_JSON =
  /^(package(-lock)?\.json|npm-shrinkwrap\.json|tsconfig(\..*)?\.json|jsconfig\.json|composer\.json|.*\.schema\.json|.*\.sarif(\.json)?|migration-report\.json|batch-report\.json|device-plan\.json|\.edge2bootc-manifest\.json)$/;

export const isInputJsonName = (name: string) => name.endsWith(".json") && !NOT_INPUT_JSON.test(name);

/** Words one of the JSON forms has; a file with none of them is not parsed at all. */
const JSON_BLUEPRINT_WORD = /"(customizations|blueprint|packages|distro|distribution)"\s*:/;

/**
 * A JSON file is a blueprint when it has one of the four forms (blueprint/json-forms.ts) and a
 * blueprint's keys. Other JSON is common in repositories and not worth a line; a
 * bootc-image-builder config.json (only customizations) is listed as skipped, like config.toml.
 */
function classifyJson(text: string, path: string): FileKind | undefined {
  if (!JSON_BLUEPRINT_WORD.test(text)) return undefined;
  let top: unknown;
  let inner: Record<string, unknown>;
  try {
    const tree = parseJsonTree(text, path);
    top = tree.value;
    inner = detectForm(tree, path).blueprint;
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    // Broken or mixed: converting it reports the positioned error, when it looks like a blueprint.
    return /"(customizations|blueprint)"\s*:/.test(text) ? { kind: "blueprint" } : undefined;
  }
  if (!isObject(top)) return undefined;
  const keys = Object.keys(inner);
  if (keys.length > 0 && keys.every((k) => k === "customizations"))
    return {
      kind: "skip",
      reason: "a bootc-image-builder config.json (only customizations); edge2bootc writes these as config.toml, it does not convert them",
    };
  return inner === top && notABlueprint(top) !== undefined && !Object.hasOwn(top, "distribution") ? undefined : { kind: "blueprint" };
}

/**
 * What a candidate file is, judged on its content with its name as a hint. Undefined: a file
 * found only by its template suffix that is neither, which is no input and not worth a line.
 */
export function classifyFile(path: string, text: string, origin: Origin = "name"): FileKind | undefined {
  const name = path.slice(path.lastIndexOf("/") + 1);
  const base = name.replace(TEMPLATE_SUFFIX, "");
  const template = base !== name || firstTemplateLine(text) > 0;
  if (base.endsWith(".toml")) return classifyToml(text, path, template);
  if (name.endsWith(".json")) return isInputJsonName(name) ? classifyJson(text, path) : undefined;
  if (base.endsWith(".ks")) return { kind: "kickstart" };
  if (base.endsWith(".cfg") || origin === "named") {
    if (KICKSTART_LINE.test(text)) return { kind: "kickstart" };
    if (origin === "named" && BLUEPRINT_LINE.test(text)) return classifyToml(text, path, template);
    return {
      kind: "skip",
      reason: origin === "named" ? "named in edge2bootc.toml, but neither a blueprint nor a kickstart" : "a .cfg file with no kickstart command or section",
    };
  }
  if (KICKSTART_CONTENT.test(text)) return { kind: "kickstart" };
  if (BLUEPRINT_LINE.test(text)) {
    const kind = classifyToml(text, path, template);
    return kind.kind === "blueprint" ? kind : undefined;
  }
  return undefined;
}
