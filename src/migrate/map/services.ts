import type { MapperOutput } from "../../plan/types.js";
import { shq } from "../../util/shell.js";
import { CONTAINERFILE, Emitter, type MigrationContext } from "../resolve/context.js";

const ACTIONS = [
  ["enabled", "enable"],
  ["disabled", "disable"],
  ["masked", "mask"],
] as const;

/** services → systemctl enable/disable/mask, the last configuration step before the lint. */
export function mapServices(ctx: MigrationContext): MapperOutput {
  const out = new Emitter(ctx);
  const services = ctx.blueprint.customizations?.services;
  if (services === undefined) return out.done();
  const base = "customizations.services";
  out.coverIfEmpty(base, services);
  for (const [key, verb] of ACTIONS) {
    const units = services[key];
    if (units === undefined) continue;
    const keyPath = `${base}.${key}`;
    out.coverIfEmpty(keyPath, units);
    if (units.length === 0) continue;
    out.step({
      kind: "run",
      stage: "services",
      commands: [`systemctl ${verb} ${units.map(shq).join(" ")}`],
      provenance: units.map((_, i) => ctx.at(`${keyPath}[${i}]`)),
    });
    units.forEach((_, i) => out.cover(`${keyPath}[${i}]`, "converted", CONTAINERFILE));
  }
  return out.done();
}
