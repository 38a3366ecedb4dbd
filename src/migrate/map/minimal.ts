import type { MapperOutput } from "../../plan/types.js";
import { Emitter, type MigrationContext } from "../resolve/context.js";

/** minimal was removed from the blueprint schema (osbuild/blueprint 7e1ea61). */
export function mapMinimal(ctx: MigrationContext): MapperOutput {
  const out = new Emitter(ctx);
  if (ctx.blueprint.minimal === undefined) return out.done();
  out.cover("minimal", "reported").report("blueprint.minimal-removed", "minimal", {
    title: "minimal was removed from the blueprint format; not converted",
    detail: "bootc base images are already minimal; package selection happens in the Containerfile.",
  });
  return out.done();
}
