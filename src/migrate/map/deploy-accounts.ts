import { BIB_CONFIG, INSTALLER_IMAGE_KICKSTART } from "../../plan/paths.js";
import { ksCommand } from "../../kickstart/command-builder.js";
import type { MapperOutput } from "../../plan/types.js";
import { isCrypted, SALT_NOTE } from "../../util/crypt.js";
import { shq } from "../../util/shell.js";
import type { Account } from "../resolve/account-plan.js";
import { deployTimeAccounts } from "../resolve/project.js";
import { BASE_IMAGE_GROUPS } from "../resolve/base-groups.js";
import { Emitter, type MigrationContext } from "../resolve/context.js";

export { deployTimeAccounts } from "../resolve/project.js";

/**
 * bib rejects users/groups next to installer.kickstart.contents, and a synthesized installer
 * kickstart must create them itself: then accounts go into the kickstart.
 */
export function accountsInKickstart(ctx: MigrationContext): boolean {
  return deployTimeAccounts(ctx) && ctx.installerKickstart.written;
}

/** Blueprint expiredate is days since the epoch; useradd -e and chage -E take YYYY-MM-DD. */
export function expireDate(days: number): string {
  return new Date(days * 86_400_000).toISOString().slice(0, 10);
}

/** Accounts a user's own installer kickstart already creates. */
export interface KickstartAccounts {
  users: Set<string>;
  groups: Set<string>;
  sshkeys: Set<string>;
  rootpw: boolean;
}

/**
 * Kickstart lines for the blueprint's groups and users (one sshkey line per user, kickstart.md
 * §1.6). Accounts the user's own kickstart already creates are not added a second time.
 */
export function kickstartAccountLines(ctx: MigrationContext, accounts: Account[], present?: KickstartAccounts, out?: Emitter): string[] {
  const post: string[] = [];
  const skip = (what: string, name: string, keyPath: string) =>
    out?.report("installer.account-in-kickstart", keyPath, {
      title: `the installer kickstart already creates ${what} ${name}; the blueprint's entry was not added`,
      detail: "Two definitions of one account make the installer fail or apply one of them at random.",
      remediation: `Keep ${name} in one place: the blueprint or the kickstart contents.`,
    });
  const groups = (ctx.blueprint.customizations?.group ?? []).filter((g, i) => {
    if (BASE_IMAGE_GROUPS.has(g.name)) return false;
    if (!present?.groups.has(g.name)) return true;
    skip("group", g.name, `customizations.group[${i}]`);
    return false;
  });
  const lines = groups.map((g) => ksCommand("group", [], { "--name": g.name, "--gid": g.gid }));
  for (const { user: u, keyPath } of accounts) {
    const defined = u.name === "root" ? present?.rootpw && u.password !== undefined : present?.users.has(u.name);
    if (defined) {
      skip(u.name === "root" ? "the root password of" : "user", u.name, keyPath);
      continue;
    }
    if (u.name === "root") {
      if (u.password) lines.push(ksCommand("rootpw", [], { "--iscrypted": true }, [ctx.passwords.hash(u.name, u.password)]));
    } else {
      lines.push(
        ksCommand("user", [], {
          "--name": u.name,
          "--groups": u.groups?.length ? u.groups.join(",") : undefined,
          "--uid": u.uid,
          "--gid": u.gid,
          "--homedir": u.home || undefined,
          "--shell": u.shell || undefined,
          "--gecos": u.description || undefined,
          "--iscrypted": Boolean(u.password),
          "--password": u.password ? ctx.passwords.hash(u.name, u.password) : undefined,
        }),
      );
    }
    const keys = (u.key ?? "")
      .split("\n")
      .map((k) => k.trim())
      .filter((k) => k !== "" && !k.startsWith("#"));
    if (keys.length > 0 && present?.sshkeys.has(u.name)) skip("an SSH key for", u.name, keyPath);
    else if (keys.length > 0) lines.push(ksCommand("sshkey", [], { "--username": u.name }, [keys[0]!]));
    if (keys.length > 1) post.push(...extraKeyLines(u.name, keys.slice(1)));
    // The kickstart user command has no expiry options: chage sets them on the installed system.
    if (u.expiredate !== undefined) post.push(`chage -E ${expireDate(u.expiredate)} ${shq(u.name)}`);
    if (u.force_password_reset) post.push(`chage -d 0 ${shq(u.name)}`);
  }
  return post.length > 0 ? [...lines, "%post --erroronfail", ...post, "%end"] : lines;
}

/**
 * A blueprint key may list several keys, one per line, but a kickstart takes one sshkey line
 * per user (pykickstart's F22_SshKey rejects a second one): the rest are appended in %post.
 */
function extraKeyLines(user: string, keys: string[]): string[] {
  return [
    `# edge2bootc: further SSH keys of ${user} (a kickstart takes one sshkey line per user)`,
    `cat >> "$(getent passwd ${shq(user)} | cut -d: -f6)/.ssh/authorized_keys" <<'EDGE2BOOTC_SSH_KEYS'`,
    ...keys,
    "EDGE2BOOTC_SSH_KEYS",
  ];
}

/** Users, groups and keys written at disk-build or install time: bib config.toml or its kickstart. */
/**
 * A user whose gid names no group: osbuild's users stage runs `useradd -g <gid>`, which fails
 * when no such group exists, so bootc-image-builder's disk build stops. (Anaconda's user command
 * makes the group itself, and the Containerfile path writes a sysusers g line.) A gid in the user
 * range gets a group named after the user; a system gid must be one the base image has.
 */
function primaryGroups(out: Emitter, groups: { name: string; gid?: number }[], accounts: Account[]) {
  const gids = new Set(groups.flatMap((g) => (g.gid !== undefined ? [g.gid] : [])));
  const names = new Set(groups.map((g) => g.name));
  for (const a of accounts) {
    const gid = a.user.gid;
    if (gid === undefined || gids.has(gid)) continue;
    const keyPath = `${a.keyPath}.gid`;
    if (gid >= 1000 && !names.has(a.user.name)) {
      out.bib("customizations.group", { name: a.user.name, gid }, [keyPath], true);
      gids.add(gid);
      names.add(a.user.name);
      out.report("users.primary-group-added", keyPath, {
        title: `group ${a.user.name} (gid ${gid}) added for user ${a.user.name}`,
        detail: "bootc-image-builder creates users with useradd -g <gid>, which fails when no group has that gid; the blueprint names none.",
      });
    } else
      out.report("users.primary-group-missing", keyPath, {
        title: `no group of the blueprint has gid ${gid}, the primary group of ${a.user.name}`,
        detail: "bootc-image-builder creates users with useradd -g <gid>, which fails unless the base image already has that group.",
        remediation: `Add a [[customizations.group]] with gid = ${gid}, or use a gid the base image has.`,
      });
  }
}

export function mapDeployTimeAccounts(ctx: MigrationContext, accounts: Account[]): MapperOutput {
  const out = new Emitter(ctx);
  const c = ctx.blueprint.customizations ?? {};
  const inKickstart = accountsInKickstart(ctx);
  const where = !inKickstart ? BIB_CONFIG : ctx.isoRoute?.type === "bootc-generic-iso" ? INSTALLER_IMAGE_KICKSTART : `${BIB_CONFIG} (installer kickstart)`;
  const { type } = ctx.source;
  (c.group ?? []).forEach((g, i) => {
    const keyPath = `customizations.group[${i}]`;
    if (BASE_IMAGE_GROUPS.has(g.name)) {
      out.cover(keyPath, "reported").report("users.group-in-base-image", keyPath, {
        title: `group ${g.name} already exists in the base image; it is not created again`,
        detail: `osbuild's groups stage (and Anaconda's group command) fail on a group that exists.${g.gid !== undefined ? ` The base image's ${g.name} keeps its own gid, not ${g.gid}.` : ""}`,
        remediation: g.gid !== undefined ? `Use the base image's gid for ${g.name}, or another group name for gid ${g.gid}.` : undefined,
      });
      return;
    }
    if (!inKickstart) out.bib("customizations.group", { name: g.name, ...(g.gid !== undefined ? { gid: g.gid } : {}) }, [keyPath], true);
    out.cover(keyPath, "moved", where);
  });
  if (!inKickstart) primaryGroups(out, c.group ?? [], accounts);
  for (const a of accounts) {
    const { password, ...rest } = a.user;
    if (password && !isCrypted(password)) {
      out.report("users.password-plaintext", `${a.keyPath}.password`, {
        title: `The plaintext password of ${a.user.name} was hashed with SHA-512 crypt`,
        detail: `The hash goes into ${where}; the plaintext stays in the blueprint. ${SALT_NOTE}`,
        remediation: "Replace the plaintext with a hash (openssl passwd -6).",
      });
    }
    if (!inKickstart)
      out.bib("customizations.user", { ...rest, ...(password ? { password: ctx.passwords.hash(a.user.name, password) } : {}) }, [a.keyPath], true);
    out.cover(a.keyPath, "moved", where);
    if (a.keyKeyPath && a.keyKeyPath !== `${a.keyPath}.key`) out.cover(a.keyKeyPath.replace(/\.key$/, ""), "moved", where);
  }
  // An sshkey entry whose user also has a key in a user entry is overridden, as in composer.
  (c.sshkey ?? []).forEach((k, i) => {
    const keyPath = `customizations.sshkey[${i}]`;
    if (accounts.some((a) => a.keyKeyPath === `${keyPath}.key`)) return;
    out.cover(keyPath, "reported").report("users.sshkey-overridden", keyPath, {
      title: `The sshkey entry for ${k.user} is replaced by the key of the user entry`,
      detail: "As in composer, a [[customizations.user]] entry with a key wins over the deprecated sshkey entry.",
    });
  });
  out
    .coverIfEmpty("customizations.user", c.user, where)
    .coverIfEmpty("customizations.group", c.group, where)
    .coverIfEmpty("customizations.sshkey", c.sshkey, where);
  if (accounts.length > 0 || (c.group ?? []).length > 0) {
    out.report("users.deploy-time", accounts[0]?.keyPath ?? "customizations.group[0]", {
      title: `users and groups are created at ${inKickstart ? "install" : "disk-build"} time, not in the image`,
      detail: `For ${type} the accounts are machine-local (image-builder creates them per machine for disk and installer images): they are written to ${where} and are not part of the image, so \`bootc switch\` of an existing device keeps its own accounts.`,
    });
  }
  return out.done();
}
