import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { convertProject, type ConvertOptions, type ProjectResult } from "../src/convert.js";
import { read, ROOT, TEST_SALT_SEED } from "./helpers.js";

/** A fixture we wrote: its inputs, the options it runs with, and the folder of reviewed outputs. */
export interface GoldenCase {
  name: string;
  blueprint?: string;
  kickstart?: string;
  options: ConvertOptions;
  expected: string;
}

interface KickstartFixtureOptions {
  kickstart: string;
  blueprint?: string;
  image?: string;
  target?: "rhel9" | "rhel10";
  installer?: "ostreecontainer" | "bootc";
  imageMap?: Record<string, string>;
  registryAuth?: string;
}

function kickstartCase(name: string): GoldenCase {
  const dir = `fixtures/kickstart/${name}/input`;
  const o = JSON.parse(read(join(ROOT, dir, "options.json"))) as KickstartFixtureOptions;
  const auth = o.registryAuth ? { path: `${dir}/${o.registryAuth}`, text: read(join(ROOT, dir, o.registryAuth)) } : undefined;
  return {
    name: `kickstart/${name}`,
    kickstart: `${dir}/${o.kickstart}`,
    ...(o.blueprint ? { blueprint: `${dir}/${o.blueprint}` } : {}),
    options: {
      ...(o.image ? { image: o.image } : {}),
      kickstart: { target: o.target, installer: o.installer, ...(o.imageMap ? { imageMap: o.imageMap } : {}), ...(auth ? { registryAuth: auth } : {}) },
    },
    expected: `fixtures/kickstart/${name}/expected`,
  };
}

/** A blueprint fixture may carry input/options.json with ConvertOptions (source image type, bib profile, ...). */
function blueprintOptions(name: string): ConvertOptions {
  const file = join(ROOT, "fixtures", name, "input", "options.json");
  return existsSync(file) ? (JSON.parse(read(file)) as ConvertOptions) : {};
}

export const GOLDEN_CASES: GoldenCase[] = [
  ...readdirSync(join(ROOT, "fixtures"))
    .filter((name) => existsSync(join(ROOT, "fixtures", name, "input", "blueprint.toml")))
    .sort()
    .map((name) => ({ name, blueprint: `fixtures/${name}/input/blueprint.toml`, options: blueprintOptions(name), expected: `fixtures/${name}/expected` })),
  ...readdirSync(join(ROOT, "fixtures", "kickstart"))
    .sort()
    .map(kickstartCase),
  {
    name: "edge-project (examples/)",
    blueprint: "examples/edge-project/blueprint.toml",
    ...(existsSync(join(ROOT, "examples/edge-project/edge.ks")) ? { kickstart: "examples/edge-project/edge.ks" } : {}),
    options: {},
    expected: "examples/edge-project/expected",
  },
];

/** Include paths are repository-relative, like the paths the fixtures are converted with. */
export const loadFromRepo = (path: string) => (existsSync(join(ROOT, path)) ? read(join(ROOT, path)) : undefined);

export function runCase(c: GoldenCase): ProjectResult {
  const file = (path: string) => ({ path, text: read(join(ROOT, path)) });
  return convertProject(
    { ...(c.blueprint ? { blueprint: file(c.blueprint) } : {}), kickstarts: c.kickstart ? [file(c.kickstart)] : [], loadInclude: loadFromRepo },
    { salt: { seed: TEST_SALT_SEED }, ...c.options },
  );
}
