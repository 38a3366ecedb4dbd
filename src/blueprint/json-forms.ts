/**
 * The shapes a blueprint takes as JSON, and how to tell them apart (reference/json-blueprints.md
 * B.1, B.3): image-builder reads a blueprint as JSON with the TOML key names
 * (osbuild/image-builder internal/blueprintload); bootc-image-builder's legacy config.json and
 * osbuild/images' test configurations wrap one in {"blueprint": …}; the hosted Image Builder
 * exports, and cockpit-image-builder stores, its own shape (image-builder-frontend
 * imageBuilderApi.ts); osbuild-composer's cloud API takes nearly the same names in a compose
 * request (openapi.v2.yml `Customizations`).
 */
import { InputError } from "../core/errors.js";
import type { JsonPath, JsonTree } from "./json-tree.js";
import { jsonPointer } from "./json-tree.js";

export type JsonForm = "blueprint-json" | "bib-config" | "osbuild-config" | "hosted" | "cloud";

export const JSON_FORMS: Record<JsonForm, string> = {
  "blueprint-json": "a blueprint in JSON with the TOML key names, as image-builder reads a .json blueprint",
  "bib-config": 'a bootc-image-builder config.json in the legacy {"blueprint": …} form',
  "osbuild-config": 'an osbuild/images test configuration ({"name", "blueprint", "options", "depends"})',
  hosted: "a hosted Image Builder blueprint (the console's export, cockpit-image-builder's stored form)",
  cloud: "an osbuild-composer cloud API compose request",
};

export const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/** Keys only the blueprint (TOML names) form has, where the hosted and cloud forms spell them otherwise. */
const BLUEPRINT_SIGNALS: JsonPath[] = [
  ["distro"],
  ["packages"],
  ["modules"],
  ["groups"],
  ["containers"],
  ["customizations", "user"],
  ["customizations", "sshkey"],
  ["customizations", "group"],
  ["customizations", "repositories"],
];
/** Keys only the hosted and cloud forms have. */
const API_SIGNALS: JsonPath[] = [
  ["distribution"],
  ["image_requests"],
  ["image_request"],
  ["metadata"],
  ["customizations", "users"],
  ["customizations", "packages"],
  ["customizations", "custom_repositories"],
  ["customizations", "payload_repositories"],
  ["customizations", "groups"],
  ["customizations", "subscription"],
];
/** The cloud API's own: a singular image_request, Koji, and subscription keys with underscores (the hosted API hyphenates them). */
const CLOUD_SIGNALS: JsonPath[] = [
  ["image_request"],
  ["koji"],
  ["customizations", "subscription", "activation_key"],
  ["customizations", "subscription", "server_url"],
];
/** What osbuild/images' test configurations put beside the blueprint (test/configs/*.json). */
const OSBUILD_CONFIG_KEYS = ["name", "options", "depends", "solver", "custom_repos"];

function has(value: Record<string, unknown>, path: JsonPath): boolean {
  let v: unknown = value;
  for (const p of path) {
    if (!isObject(v) || !Object.hasOwn(v, p)) return false;
    v = v[p as string];
  }
  return path[0] !== "packages" || (Array.isArray(v) && v.some(isObject));
}

const firstOf = (value: Record<string, unknown>, signals: JsonPath[]) => signals.find((s) => has(value, s));

export interface Detected {
  form: JsonForm;
  /** Where the blueprint itself is: the document, or the wrapper's "blueprint" member. */
  blueprintAt: JsonPath;
  blueprint: Record<string, unknown>;
}

/** Which form a JSON document is; a positioned error when it is no object, or mixes two forms. */
export function detectForm(tree: JsonTree, file: string): Detected {
  const top = tree.value;
  const at = (path: JsonPath) => ({ file, ...(tree.positionOf(jsonPointer(path)) ?? { line: 1, column: 1 }) });
  if (!isObject(top)) throw new InputError([{ source: at([]), message: "expected a JSON object holding a blueprint" }], tree.text);
  const mixed = (a: JsonPath, b: JsonPath): never => {
    const [pa, pb] = [at(a), at(b)];
    throw new InputError(
      [
        {
          source: pb,
          message: `${jsonPointer(b)} is the hosted/cloud API's form, but ${jsonPointer(a)} (line ${pa.line}, column ${pa.column}) is the blueprint form: one file holds one form; rewrite the keys of one form in the other`,
        },
      ],
      tree.text,
    );
  };
  if (isObject(top.blueprint)) {
    const beside = firstOf(top, API_SIGNALS) ?? (Object.hasOwn(top, "customizations") ? ["customizations"] : undefined);
    if (beside !== undefined) mixed(["blueprint"], beside);
    const inner = top.blueprint;
    const innerApi = firstOf(inner, API_SIGNALS);
    if (innerApi !== undefined) mixed(["blueprint"], ["blueprint", ...innerApi]);
    const osbuild = Object.keys(top).some((k) => OSBUILD_CONFIG_KEYS.includes(k));
    return { form: osbuild ? "osbuild-config" : "bib-config", blueprintAt: ["blueprint"], blueprint: inner };
  }
  const api = firstOf(top, API_SIGNALS);
  const blueprint = firstOf(top, BLUEPRINT_SIGNALS);
  if (api !== undefined && blueprint !== undefined) mixed(blueprint, api);
  if (api === undefined) return { form: "blueprint-json", blueprintAt: [], blueprint: top };
  return { form: firstOf(top, CLOUD_SIGNALS) ? "cloud" : "hosted", blueprintAt: [], blueprint: top };
}
