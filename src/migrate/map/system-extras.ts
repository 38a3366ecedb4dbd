import type { MapperOutput } from "../../plan/types.js";
import { iniFile } from "../../util/ini.js";
import { shq } from "../../util/shell.js";
import { Emitter, type MigrationContext } from "../resolve/context.js";

const bool = (v: boolean) => (v ? "1" : "0");

/** rhsm: the ini values composer's org.osbuild.rhsm stage set, edited in place. */
export function mapRhsm(ctx: MigrationContext): MapperOutput {
  const out = new Emitter(ctx);
  const rhsm = ctx.blueprint.customizations?.rhsm;
  if (rhsm === undefined) return out.done();
  const base = "customizations.rhsm.config";
  const c = rhsm.config;
  const edits: string[] = [];
  const leaves: string[] = [];
  const plugin = (file: string, key: string, v: boolean | undefined) => {
    if (v === undefined) return;
    edits.push(`sed -i -E 's/^enabled\\s*=.*/enabled = ${bool(v)}/' /etc/dnf/plugins/${file}.conf`);
    leaves.push(`${base}.dnf_plugins.${key}.enabled`);
  };
  plugin("product-id", "product_id", c?.dnf_plugins?.product_id?.enabled);
  plugin("subscription-manager", "subscription_manager", c?.dnf_plugins?.subscription_manager?.enabled);
  const conf: [string, string, boolean | undefined][] = [
    ["rhsm", "manage_repos", c?.subscription_manager?.rhsm?.manage_repos],
    ["rhsm", "auto_enable_yum_plugins", c?.subscription_manager?.rhsm?.auto_enable_yum_plugins],
    ["rhsmcertd", "auto_registration", c?.subscription_manager?.rhsmcertd?.auto_registration],
  ];
  for (const [section, key, v] of conf) {
    if (v === undefined) continue;
    edits.push(`sed -i -E 's/^(${key})\\s*=.*/\\1 = ${bool(v)}/' /etc/rhsm/rhsm.conf`);
    leaves.push(`${base}.subscription_manager.${section}.${key}`);
  }
  if (edits.length > 0) out.run("config", edits, leaves);
  for (const leaf of leaves) out.cover(leaf, "converted");
  return out.done();
}

/** dnf.config.set_releasever: pin $releasever to the distro's version, as composer did. */
export function mapDnf(ctx: MigrationContext): MapperOutput {
  const out = new Emitter(ctx);
  const dnf = ctx.blueprint.customizations?.dnf;
  if (dnf === undefined) return out.done();
  const keyPath = "customizations.dnf.config.set_releasever";
  out.coverIfEmpty("customizations.dnf", dnf).coverIfEmpty("customizations.dnf.config", dnf.config);
  const set = dnf.config?.set_releasever;
  if (set === undefined) return out.done();
  const { major, minor } = ctx.target;
  if (set && minor === undefined) {
    return out
      .cover(keyPath, "reported")
      .report("dnf.releasever-unknown", keyPath, {
        title: "the release to pin is unknown",
        detail: "distro names no minor version, so $releasever cannot be pinned.",
      })
      .done();
  }
  if (set) out.overlayFile("/etc/dnf/vars/releasever", `${major}.${minor}\n`, [keyPath]);
  return out.cover(keyPath, "converted", set ? "/etc/dnf/vars/releasever" : undefined).done();
}

/** sshd: a drop-in that sorts before the distro's (sshd keeps the first value it reads). */
export function mapSshd(ctx: MigrationContext): MapperOutput {
  const out = new Emitter(ctx);
  const sshd = ctx.blueprint.customizations?.sshd;
  if (sshd === undefined) return out.done();
  const keyPath = "customizations.sshd";
  const yesNo = (v: boolean) => (v ? "yes" : "no");
  const lines = [
    ...(sshd.password_authentication !== undefined ? [`PasswordAuthentication ${yesNo(sshd.password_authentication)}`] : []),
    ...(sshd.kbd_interactive_authentication !== undefined ? [`KbdInteractiveAuthentication ${yesNo(sshd.kbd_interactive_authentication)}`] : []),
    ...(sshd.client_alive_interval !== undefined ? [`ClientAliveInterval ${sshd.client_alive_interval}`] : []),
    ...(sshd.permit_root_login !== undefined ? [`PermitRootLogin ${sshd.permit_root_login}`] : []),
  ];
  const allowed = ["yes", "no", "prohibit-password", "forced-commands-only"];
  if (sshd.permit_root_login !== undefined && !allowed.includes(sshd.permit_root_login)) {
    out.report("sshd.permit-root-login", `${keyPath}.permit_root_login`, {
      title: `PermitRootLogin ${sshd.permit_root_login} is not an sshd value`,
      detail: `sshd accepts ${allowed.join(", ")}; it refuses to start on other values.`,
    });
  }
  const leaves = (Object.keys(sshd) as (keyof typeof sshd)[]).map((k) => `${keyPath}.${k}`);
  if (lines.length > 0)
    out.overlayFile("/etc/ssh/sshd_config.d/00-blueprint.conf", `# from the blueprint's [customizations.sshd]\n${lines.join("\n")}\n`, leaves, "0600");
  for (const leaf of leaves) out.cover(leaf, "converted", "/etc/ssh/sshd_config.d/00-blueprint.conf");
  return out.done();
}

type Script = NonNullable<NonNullable<NonNullable<MigrationContext["blueprint"]["customizations"]>["firstboot"]>["scripts"]>[number];

function scriptBody(s: Script): string | undefined {
  // systemd execs the file directly, so a script without #! would fail with "Exec format error".
  if (s.type === "custom") return s.contents === undefined ? undefined : s.contents.startsWith("#!") ? s.contents : `#!/bin/sh\n${s.contents}`;
  if (s.type === "satellite" && s.command) return `#!/bin/sh\nset -e\n${s.command}\n`;
  if (s.type === "aap" && s.job_template_url && s.host_config_key)
    return `#!/bin/sh\nset -e\ncurl --fail --data host_config_key=${shq(s.host_config_key)} ${shq(s.job_template_url)}\n`;
  return undefined;
}

/** firstboot.scripts: a script plus a oneshot unit per entry, guarded by a stamp in /var. */
export function mapFirstboot(ctx: MigrationContext): MapperOutput {
  const out = new Emitter(ctx);
  const fb = ctx.blueprint.customizations?.firstboot;
  if (fb === undefined) return out.done();
  out.coverIfEmpty("customizations.firstboot", fb).coverIfEmpty("customizations.firstboot.scripts", fb.scripts);
  const units: string[] = [];
  (fb.scripts ?? []).forEach((s, i) => {
    const keyPath = `customizations.firstboot.scripts[${i}]`;
    const body = scriptBody(s);
    if (body === undefined) {
      out.cover(keyPath, "reported").report("firstboot.script-incomplete", keyPath, {
        title: `first-boot script of type ${s.type} cannot be generated`,
        detail: "custom needs contents, satellite needs command, aap needs job_template_url and host_config_key.",
      });
      return;
    }
    const id = `${String(i + 1).padStart(2, "0")}-${(s.name ?? s.type).replace(/[^A-Za-z0-9_.-]+/g, "-")}`;
    const unit = `blueprint-firstboot-${id}.service`;
    const previous = units.at(-1);
    const stamp = `/var/lib/blueprint-firstboot/${id}.done`;
    const after = ["network-online.target", ...(s.after ?? []), ...(previous ? [previous] : [])].join(" ");

    out.overlayFile(`/usr/libexec/blueprint-firstboot/${id}`, body.endsWith("\n") ? body : `${body}\n`, [keyPath], "0755");
    const contents = iniFile([
      {
        name: "Unit",
        entries: [
          ["Description", `First-boot script ${id} from the blueprint`],
          ["ConditionPathExists", `!${stamp}`],
          ["After", after],
          ["Before", s.before?.length ? s.before.join(" ") : undefined],
          ["Wants", "network-online.target"],
          ["Requires", previous && !s.ignore_failure ? previous : undefined],
        ],
      },
      {
        name: "Service",
        entries: [
          ["Type", "oneshot"],
          ["ExecStart", `${s.ignore_failure ? "-" : ""}/usr/libexec/blueprint-firstboot/${id}`],
          ["ExecStartPost", "/usr/bin/mkdir -p /var/lib/blueprint-firstboot"],
          ["ExecStartPost", `/usr/bin/touch ${stamp}`],
        ],
      },
      { name: "Install", entries: [["WantedBy", "multi-user.target"]] },
    ]);
    out.overlayFile(`/usr/lib/systemd/system/${unit}`, contents, [keyPath]);
    units.push(unit);
    out.cover(keyPath, "converted", `/usr/lib/systemd/system/${unit}`);
  });
  if (units.length > 0) {
    out.run("services", [`systemctl enable ${units.join(" ")}`], ["customizations.firstboot.scripts"]);
    out.report("firstboot.units", "customizations.firstboot.scripts", {
      title: "first-boot scripts run from oneshot units",
      detail:
        "Each script runs once per machine (a stamp file in /var/lib/blueprint-firstboot) after the network is online; edge image types never supported firstboot, so this is new behaviour.",
    });
  }
  return out.done();
}
