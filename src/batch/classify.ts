import { parseToml } from "../blueprint/parse.js";
import { InputError } from "../core/errors.js";
import { TEMPLATE_SUFFIX } from "./discover.js";

export type FileKind = { kind: "blueprint" } | { kind: "kickstart" } | { kind: "skip"; reason: string };

/** Top-level keys only a blueprint has (image-builder blueprint reference). */
const BLUEPRINT_KEYS = ["name", "description", "version", "distro", "packages", "modules", "groups", "containers", "enabled_modules", "minimal"];

/** A syntactically broken TOML file is still judged a blueprint when a line says so. */
const BLUEPRINT_LINE = /^\s*(name\s*=|\[\[packages\]\]|\[\[modules\]\]|\[\[groups\]\]|\[\[containers\]\]|\[customizations[.\]])/m;

/**
 * Lines a kickstart has and other .cfg files (ansible.cfg, setup.cfg, syslinux.cfg) do not:
 * a section or a command from pykickstart's handler that edge kickstarts use.
 */
const KICKSTART_LINE =
  /^\s*(%(packages|post|pre|pre-install|onerror|include|ksappend|addon|anaconda)\b|(ostreesetup|ostreecontainer|bootc|rootpw|zerombr|clearpart|autopart|part|logvol|volgroup|reqpart|keyboard|lang|timezone|network|firewall|services|user|sshkey|text|graphical|reboot|poweroff|shutdown|bootloader|selinux|liveimg|url)\b)/m;

/** A composer repository source spells its type on a line of its own. */
const COMPOSER_SOURCE_LINE = /^\s*type\s*=\s*["']yum-/m;

function classifyToml(text: string, path: string): FileKind {
  // Most candidates are plain blueprints: say so without parsing them twice (converting parses them).
  // A top-level name (before the first table header) or a [[packages]] table is a blueprint's.
  const topLevel = text.slice(0, text.search(/^\s*\[/m) >>> 0);
  if (!COMPOSER_SOURCE_LINE.test(text) && (/^\s*name\s*=/m.test(topLevel) || /^\s*\[\[packages\]\]/m.test(text))) return { kind: "blueprint" };
  let table: Record<string, unknown>;
  try {
    table = parseToml(text, path);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    if (BLUEPRINT_LINE.test(text)) return { kind: "blueprint" }; // converting it reports the positioned error
    const d = e.diagnostics[0]!;
    return { kind: "skip", reason: `not valid TOML (${d.source.line}:${d.source.column}) and no blueprint keys` };
  }
  const keys = Object.keys(table);
  // Composer sources have a name too: tell them apart first (osbuild-composer "Managing repositories").
  if (["type", "url"].every((k) => keys.includes(k)) && typeof table.type === "string" && /^yum-/.test(table.type))
    return { kind: "skip", reason: "an osbuild-composer repository source, not a blueprint" };
  if (keys.some((k) => BLUEPRINT_KEYS.includes(k))) return { kind: "blueprint" };
  if (keys.length > 0 && keys.every((k) => k === "customizations"))
    return { kind: "skip", reason: "a bootc-image-builder config.toml (only [customizations]); edge2bootc writes these, it does not convert them" };
  if (keys.length > 0 && keys.every((k) => typeof table[k] === "string"))
    return { kind: "skip", reason: "a table of strings only (an image map or settings file), not a blueprint" };
  return { kind: "skip", reason: `TOML without blueprint keys (${BLUEPRINT_KEYS.slice(0, 6).join(", ")}, ...)` };
}

/** What a candidate file is, judged on its name and content; templates count as what they render to. */
export function classifyFile(path: string, text: string): FileKind {
  const name = path.slice(path.lastIndexOf("/") + 1);
  const base = name.replace(TEMPLATE_SUFFIX, "");
  if (base.endsWith(".toml")) {
    if (base !== name) return { kind: "skip", reason: "a blueprint template: render it, then convert the result" };
    return classifyToml(text, path);
  }
  if (base.endsWith(".ks")) return { kind: "kickstart" };
  if (KICKSTART_LINE.test(text)) return { kind: "kickstart" };
  return { kind: "skip", reason: "a .cfg file with no kickstart command or section" };
}
