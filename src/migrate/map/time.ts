import type { MapperOutput } from "../../plan/types.js";
import { shq } from "../../util/shell.js";
import { Emitter, type MigrationContext } from "../resolve/context.js";

/** timezone → /etc/localtime symlink; ntpservers → chrony.conf rewritten the way composer's chrony stage does. */
export function mapTime(ctx: MigrationContext): MapperOutput {
  const out = new Emitter(ctx);
  const tz = ctx.blueprint.customizations?.timezone;
  if (tz === undefined) return out.done();
  out.coverIfEmpty("customizations.timezone", tz);

  if (tz.timezone !== undefined) {
    const keyPath = "customizations.timezone.timezone";
    const zone = tz.timezone;
    if (!/^[A-Za-z0-9_+-]+(\/[A-Za-z0-9_+-]+)*$/.test(zone)) {
      out.cover(keyPath, "reported").report("time.invalid-timezone", keyPath, {
        title: `"${zone}" is not a time zone name`,
        detail: "Time zones are names from the tz database such as Europe/Berlin or UTC.",
      });
    } else {
      const target = `/usr/share/zoneinfo/${zone}`;
      out.step({
        kind: "run",
        stage: "config",
        provenance: [ctx.at(keyPath)],
        commands: [`test -e ${shq(target)}`, `ln -sf ${shq(`..${target}`)} /etc/localtime`],
      });
      out.cover(keyPath, "converted", "/etc/localtime");
    }
  }

  const servers = tz.ntpservers;
  if (servers !== undefined) {
    out.coverIfEmpty("customizations.timezone.ntpservers", servers);
    if (servers.length > 0) {
      // sed's "1i" inserts before line 1; several of them keep their order.
      const inserts = servers.map((s) => `-e ${shq(`1i server ${s} iburst`)}`).join(" ");
      out.step({
        kind: "run",
        stage: "config",
        provenance: servers.map((_, i) => ctx.at(`customizations.timezone.ntpservers[${i}]`)),
        commands: [`sed -i -E '/^(server|pool) /d' /etc/chrony.conf`, `sed -i ${inserts} /etc/chrony.conf`],
      });
      servers.forEach((_, i) => out.cover(`customizations.timezone.ntpservers[${i}]`, "converted", "/etc/chrony.conf"));
      out.report("time.ntp-replaces-pool", "customizations.timezone.ntpservers", {
        title: "NTP servers replace the default pool in /etc/chrony.conf",
        detail:
          "Like composer, every server and pool line is removed and the listed servers are added with iburst. " +
          "chrony.conf is in /etc, so a machine that edited it keeps its own copy on updates.",
      });
    }
  }
  return out.done();
}
