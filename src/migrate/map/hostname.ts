import type { MapperOutput } from "../../plan/types.js";
import { Emitter, type MigrationContext } from "../resolve/context.js";

/** hostname → COPY of /etc/hostname (never RUN echo: buildah manages that file during RUN). */
export function mapHostname(ctx: MigrationContext): MapperOutput {
  const out = new Emitter(ctx);
  const hostname = ctx.blueprint.customizations?.hostname;
  if (hostname === undefined) return out.done();
  const keyPath = "customizations.hostname";
  out.overlayFile("/etc/hostname", `${hostname}\n`, [keyPath]);
  out.cover(keyPath, "converted", "/etc/hostname");
  out.report("hostname.baked", keyPath, {
    title: `Every machine installed from this image is named "${hostname}"`,
    detail: "As with an edge commit, the hostname is part of the image. /etc is merged on updates, so a hostname changed on a machine stays.",
  });
  return out.done();
}
