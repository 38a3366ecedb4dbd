import type { MapperOutput, SourceRef } from "../../plan/types.js";
import { shq } from "../../util/shell.js";
import { Emitter, type MigrationContext } from "../resolve/context.js";

const PORT = /^([0-9]+(-[0-9]+)?|[A-Za-z][A-Za-z0-9_-]*):(tcp|udp|sctp|dccp)$/;
const SLASH_PORT = /^([0-9]+(?:-[0-9]+)?)\/(tcp|udp|sctp|dccp)$/;
const ARTIFACT = "/etc/firewalld (firewall-offline-cmd)";

/** Port numbers are 1-65535 and a range runs upwards; firewall-offline-cmd fails the build otherwise. */
function portsInRange(spec: string): boolean {
  const numbers = /^(\d+)(?:-(\d+))?[:/]/.exec(spec);
  if (!numbers) return true; // a service name
  const lo = Number(numbers[1]);
  const hi = numbers[2] === undefined ? lo : Number(numbers[2]);
  return lo >= 1 && hi <= 65535 && lo <= hi;
}

/**
 * firewall → firewall-offline-cmd with firewalld's lokkit-compatible options, which take the
 * blueprint's port:proto form verbatim (what composer's firewall stage runs).
 */
export function mapFirewall(ctx: MigrationContext): MapperOutput {
  const out = new Emitter(ctx);
  const fw = ctx.blueprint.customizations?.firewall;
  if (fw === undefined) return out.done();
  const base = "customizations.firewall";
  const args: string[] = [];
  const provenance: SourceRef[] = [];
  const use = (keyPath: string, arg: string) => {
    args.push(arg);
    provenance.push(ctx.at(keyPath));
    out.cover(keyPath, "converted", ARTIFACT);
  };

  out.coverIfEmpty(`${base}.ports`, fw.ports, ARTIFACT);
  (fw.ports ?? []).forEach((port, i) => {
    const keyPath = `${base}.ports[${i}]`;
    const slash = portsInRange(port) ? SLASH_PORT.exec(port) : null;
    if (PORT.test(port) && portsInRange(port)) use(keyPath, `--port=${shq(port)}`);
    else if (slash) {
      use(keyPath, `--port=${slash[1]}:${slash[2]}`);
      out.report("firewall.port-syntax", keyPath, {
        title: `Port "${port}" is written port/proto; converted as ${slash[1]}:${slash[2]}`,
        detail: "Blueprint ports use port:proto. osbuild-composer would have failed on this value.",
        remediation: `Write "${slash[1]}:${slash[2]}" in the blueprint.`,
      });
    } else {
      out.cover(keyPath, "reported").report("firewall.invalid-port", keyPath, {
        title: `Port "${port}" is not port:proto or range:proto with ports 1-65535; not converted`,
        detail: "firewalld needs a port number (1-65535), a rising range (30000-32767) or a service name, then a protocol (tcp, udp, sctp, dccp).",
      });
    }
  });

  const services = fw.services;
  out
    .coverIfEmpty(`${base}.services`, services)
    .coverIfEmpty(`${base}.services.enabled`, services?.enabled, ARTIFACT)
    .coverIfEmpty(`${base}.services.disabled`, services?.disabled, ARTIFACT);
  (services?.enabled ?? []).forEach((s, i) => use(`${base}.services.enabled[${i}]`, `--service=${shq(s)}`));
  (services?.disabled ?? []).forEach((s, i) => use(`${base}.services.disabled[${i}]`, `--remove-service=${shq(s)}`));

  const commands: string[] = [];
  if (args.length > 0) commands.push(`firewall-offline-cmd ${args.join(" ")}`);

  out.coverIfEmpty(`${base}.zones`, fw.zones, ARTIFACT);
  (fw.zones ?? []).forEach((zone, i) => {
    const keyPath = `${base}.zones[${i}]`;
    const sources = zone.sources ?? [];
    const zoneArg = zone.name === undefined ? "" : ` --zone=${shq(zone.name)}`;
    if (zone.name !== undefined) {
      const z = shq(zone.name);
      commands.push(`(firewall-offline-cmd --info-zone=${z} >/dev/null 2>&1 || firewall-offline-cmd --new-zone=${z})`);
    }
    if (sources.length > 0) {
      commands.push(`firewall-offline-cmd${zoneArg} ${sources.map((s) => `--add-source=${shq(s)}`).join(" ")}`);
    }
    provenance.push(ctx.at(keyPath));
    out.cover(keyPath, "converted", ARTIFACT);
  });

  if (commands.length > 0) {
    out.step({
      kind: "dnf-install",
      stage: "packages",
      packages: ["firewalld"],
      then: ["systemctl enable firewalld.service"],
      provenance: [ctx.at(base)],
    });
    out.step({ kind: "run", stage: "firewall", commands, provenance });
    out.report("firewall.firewalld-added", base, {
      title: "firewalld is installed and enabled: the bootc base image does not include it",
      detail:
        "RHEL for edge commits shipped firewalld. The rules are written offline into /etc/firewalld, which machines merge on update; a zone changed locally keeps its local version.",
    });
  }
  return out.coverIfEmpty(base, fw).done();
}
