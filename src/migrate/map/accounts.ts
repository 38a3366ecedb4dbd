import type { UserCustomization } from "../../blueprint/schema.js";
import type { MapperOutput, SourceRef } from "../../plan/types.js";
import { isCrypted, SALT_NOTE } from "../../util/crypt.js";
import { shq } from "../../util/shell.js";
import { CONTAINERFILE, Emitter, type MigrationContext } from "../resolve/context.js";
import { deployTimeAccounts, expireDate, mapDeployTimeAccounts } from "./deploy-accounts.js";
import { runtimePath } from "../resolve/paths.js";
import type { Account, AccountPlan } from "../resolve/account-plan.js";
import { tmpfilesArgument } from "../../util/tmpfiles.js";
import { BASE_IMAGE_USERS } from "../resolve/base-users.js";

export { planAccounts, type Account, type AccountPlan } from "../resolve/account-plan.js";
export { accountsAbsentAtBuild } from "../resolve/project.js";

const USERS = "customizations.user";
const GROUPS = "customizations.group";
const SSHKEYS = "customizations.sshkey";

function hashPassword(ctx: MigrationContext, out: Emitter, account: Account): string | undefined {
  const { password, name } = account.user;
  if (!password) return undefined;
  const keyPath = `${account.keyPath}.password`;
  if (isCrypted(password)) {
    out.report("users.password-in-image", keyPath, {
      title: `The password hash of ${name} is baked into the image`,
      detail:
        "Every layer of the image is readable by anyone who can pull it, so the hash can be attacked offline. " +
        "An edge commit carried it the same way; in image mode a per-machine password belongs to install time.",
      remediation: `Set the password at install time instead (kickstart: user --name=${name} --iscrypted --password=...), or pull the image only from a private registry.`,
    });
    return password;
  }
  out.report("users.password-plaintext", keyPath, {
    title: `The plaintext password of ${name} was hashed with SHA-512 crypt`,
    detail: `composer hashes plaintext passwords the same way. ${SALT_NOTE} ` + "The plaintext stays in the blueprint, and the hash is baked into the image.",
    remediation: `Replace the plaintext with a hash (openssl passwd -6) or set the password at install time.`,
  });
  return ctx.passwords.hash(name, password);
}

function addAuthorizedKey(out: Emitter, src: SourceRef, name: string, group: string, home: string, key: string) {
  const ssh = `${home}/.ssh`;
  const provenance = [src];
  out.tmpfile({ type: "d", path: ssh, mode: "0700", user: name, group, age: "-", argument: "", provenance });
  out.tmpfile({
    type: "f",
    path: `${ssh}/authorized_keys`,
    mode: "0600",
    user: name,
    group,
    age: "-",
    // Readable in review (an f~ line would hold base64); tmpfilesArgument keeps it byte-exact.
    argument: tmpfilesArgument(`${key.trim()}\n`),
    provenance,
  });
}

function mapRoot(ctx: MigrationContext, out: Emitter, account: Account) {
  const { user } = account;
  const hash = hashPassword(ctx, out, account);
  if (hash !== undefined) {
    out.step({ kind: "run", stage: "accounts", commands: [`usermod -p ${shq(hash)} root`], provenance: [ctx.at(`${account.keyPath}.password`)] });
    out.cover(`${account.keyPath}.password`, "converted", CONTAINERFILE);
  }
  if (user.key !== undefined) {
    addAuthorizedKey(out, ctx.at(account.keyKeyPath!), "root", "root", "/var/roothome", user.key);
    out.cover(account.keyKeyPath!, "converted", "tmpfiles.d");
  }
  out.cover(`${account.keyPath}.name`, "converted");
  for (const field of ["description", "home", "shell", "groups", "uid", "gid", "expiredate", "force_password_reset"] as const) {
    if (user[field] === undefined) continue;
    const keyPath = `${account.keyPath}.${field}`;
    out.cover(keyPath, "reported").report("users.root-field-ignored", keyPath, {
      title: `${field} cannot be changed for root; not converted`,
      detail: "composer only applies a password and an SSH key to root; the base image owns root's other attributes.",
      remediation: `Remove ${field} from the root user entry.`,
    });
  }
}

/**
 * Login users (an SSH key, no uid) that systemd-sysusers creates: without an id it gives them a
 * system uid below 1000 (sysusers.d(5)), which login tools and PAM rules treat as a service
 * account; composer's useradd gave them a regular one. Each gets the next free uid from 1000 on,
 * in blueprint order, skipping ids the blueprint uses.
 */
function loginUids(ctx: MigrationContext, plan: AccountPlan): Map<string, number> {
  const c = ctx.blueprint.customizations ?? {};
  const used = new Set<number>([
    ...(c.user ?? []).flatMap((u) => (u.uid !== undefined ? [u.uid] : [])),
    ...(c.group ?? []).flatMap((g) => (g.gid !== undefined ? [g.gid] : [])),
  ]);
  const uids = new Map<string, number>();
  let next = 1000;
  for (const { user: u } of plan.accounts) {
    if (u.name === "root" || plan.baked.has(u.name) || plan.existing.has(u.name) || u.key === undefined || u.uid !== undefined) continue;
    while (used.has(next)) next++;
    uids.set(u.name, next);
    used.add(next++);
  }
  return uids;
}

/**
 * A blueprint user the base image already has (operator, adm…): modified with usermod, as osbuild's
 * users stage modifies an existing user, since useradd would fail the build (exit 9). Its uid
 * stays (osbuild refuses a new one), and a key is installed only under a home the blueprint names:
 * the base account's own home may be shared (operator's is /root).
 */
function mapExistingAccount(ctx: MigrationContext, out: Emitter, account: Account) {
  const { user: u, keyPath } = account;
  const base = BASE_IMAGE_USERS.get(u.name)!;
  const artifact = "Containerfile (usermod)";
  const ours = new Set<keyof UserCustomization>(["uid", "key", "password", "name"]);
  for (const field of Object.keys(u) as (keyof UserCustomization)[])
    if (!ours.has(field)) out.coverLeaves(`${keyPath}.${field}`, u[field], "converted", artifact);
  out.cover(`${keyPath}.name`, "converted", artifact);
  const hash = hashPassword(ctx, out, account);
  if (u.password !== undefined) out.cover(`${keyPath}.password`, "converted", artifact);
  const opts: string[] = [];
  if (u.gid !== undefined) opts.push("-g", String(u.gid));
  if (u.groups?.length) opts.push("-G", shq(u.groups.join(",")));
  if (u.description !== undefined) opts.push("-c", shq(u.description));
  if (u.home !== undefined) opts.push("-d", shq(u.home.replace(/\/+$/, "")));
  if (u.shell !== undefined) opts.push("-s", shq(u.shell));
  if (hash !== undefined) opts.push("-p", shq(hash));
  if (u.expiredate !== undefined) opts.push("-e", expireDate(u.expiredate));
  const commands = opts.length > 0 ? [`usermod ${opts.join(" ")} ${shq(u.name)}`] : [];
  if (u.force_password_reset) commands.push(`passwd --expire ${shq(u.name)}`);
  if (commands.length > 0) out.step({ kind: "run", stage: "accounts", commands, provenance: [ctx.at(keyPath)] });
  const uid = base.uid === undefined ? "" : ` (uid ${base.uid})`;
  out.report("users.base-account", keyPath, {
    title: `${u.name} is an account of the base image${uid}: it is modified with usermod, not created`,
    detail:
      "RHEL's base image already has this account, so useradd would fail the build; osbuild modified an existing account the same way. " +
      "Whatever the base image gives it (its uid, its home unless the blueprint names one) stays.",
    remediation: `If ${u.name} was meant as an account of its own, give it a name the base image does not use.`,
  });
  if (u.uid !== undefined && u.uid !== base.uid) {
    out.cover(`${keyPath}.uid`, "reported").report("users.base-account-uid", `${keyPath}.uid`, {
      title: `uid ${u.uid} was not given to ${u.name}, an account of the base image${uid}`,
      detail: 'osbuild refused this too ("can\'t set uid of existing user"); changing the uid of a system account would leave its files owned by the old one.',
      remediation: `Rename the account in the blueprint to keep uid ${u.uid}.`,
    });
  } else if (u.uid !== undefined) out.cover(`${keyPath}.uid`, "converted", artifact);
  if (u.key === undefined) return;
  const home = u.home === undefined ? undefined : runtimePath(u.home.replace(/\/+$/, ""));
  if (home === undefined) {
    out.cover(account.keyKeyPath!, "reported").report("users.key-not-installed", account.keyKeyPath!, {
      title: `${u.name}'s SSH key was not installed: ${u.home === undefined ? `the base account's home is ${base.home}` : `its home ${u.home} is not under /var`}`,
      detail:
        u.home === undefined
          ? "A key in a home the base account shares with another (operator's is root's /root) would let it log in there too."
          : "authorized_keys is created at boot under the home, which must be in /var.",
      remediation: `Give ${u.name} a home of its own under /var/home in the blueprint.`,
    });
    return;
  }
  const group = u.gid !== undefined ? String(u.gid) : base.group;
  out.tmpfile({ type: "d", path: home, mode: "0700", user: u.name, group, age: "-", argument: "", provenance: [ctx.at(keyPath)] });
  addAuthorizedKey(out, ctx.at(account.keyKeyPath!), u.name, group, home, u.key);
  out.cover(account.keyKeyPath!, "converted", "tmpfiles.d");
}

function mapUser(ctx: MigrationContext, out: Emitter, account: Account, plan: AccountPlan, loginUid?: number) {
  const { user: u, keyPath } = account;
  const src = ctx.at(keyPath);
  const home = (u.home ?? `/var/home/${u.name}`).replace(/\/+$/, "");
  const runtimeHome = runtimePath(home);
  const primaryGroup = u.gid !== undefined ? String(u.gid) : u.name;
  const artifact = plan.baked.has(u.name) ? "Containerfile (useradd)" : "/usr/lib/sysusers.d";
  for (const field of Object.keys(u) as (keyof UserCustomization)[]) {
    if (field !== "key" && field !== "password") out.coverLeaves(`${keyPath}.${field}`, u[field], "converted", artifact);
  }

  if (plan.baked.has(u.name)) {
    const hash = hashPassword(ctx, out, account);
    const opts = ["-M"];
    if (u.uid !== undefined) opts.push("-u", String(u.uid));
    if (u.gid !== undefined) opts.push("-g", String(u.gid));
    if (u.groups?.length) opts.push("-G", shq(u.groups.join(",")));
    if (u.description !== undefined) opts.push("-c", shq(u.description));
    opts.push("-d", shq(home));
    if (u.shell !== undefined) opts.push("-s", shq(u.shell));
    if (hash !== undefined) opts.push("-p", shq(hash));
    if (u.expiredate !== undefined) opts.push("-e", expireDate(u.expiredate));
    const commands: string[] = [];
    if (u.gid !== undefined && !(ctx.blueprint.customizations?.group ?? []).some((g) => g.gid === u.gid)) {
      commands.push(`(getent group ${u.gid} >/dev/null || groupadd -g ${u.gid} ${shq(u.name)})`);
    }
    commands.push(`useradd ${opts.join(" ")} ${shq(u.name)}`);
    if (u.force_password_reset) commands.push(`passwd --expire ${shq(u.name)}`);
    out.step({ kind: "run", stage: "accounts", commands, provenance: [src] });
    if (u.password !== undefined) out.cover(`${keyPath}.password`, "converted", artifact);
    out.report("users.baked-with-useradd", keyPath, {
      title: `${u.name} is created with useradd in the image`,
      detail:
        "Accounts with a password or expiry need /etc/shadow at build time, so they are added with useradd. " +
        "bootc container lint warns about such users, and once a machine changes /etc/passwd locally it no longer sees account changes from image updates.",
      remediation: `Prefer creating ${u.name} at install time (kickstart user, or bootc-image-builder [[customizations.user]]).`,
    });
  } else {
    const uid = u.uid ?? loginUid;
    const id = uid === undefined ? "-" : u.gid === undefined ? String(uid) : `${uid}:${u.gid}`;
    if (loginUid !== undefined)
      out.report("users.login-uid", keyPath, {
        title: `${u.name} logs in with an SSH key and gets uid ${loginUid}`,
        detail:
          "systemd-sysusers gives an account without an id a system uid below 1000, which login tools treat as a service account; composer's useradd gave a regular one. The uid is the next free one from 1000 in blueprint order.",
        remediation: `Set uid for ${u.name} in the blueprint to keep the uid the devices already use.`,
      });
    // "uid:gid" needs the group to exist: systemd-sysusers otherwise skips the user ("please
    // create GID"), so the user's own group is created like useradd would.
    if (uid !== undefined && u.gid !== undefined && !(ctx.blueprint.customizations?.group ?? []).some((g) => g.gid === u.gid)) {
      out.sysuser({ type: "g", name: u.name, id: String(u.gid), provenance: [src] });
    }
    // sysusers gives accounts nologin by default (sysusers.d(5)); someone with an SSH key logs
    // in, and useradd, which composer runs, gives /bin/bash.
    const shell = u.shell ?? (u.key !== undefined ? "/bin/bash" : undefined);
    out.sysuser({ type: "u", name: u.name, id, gecos: u.description, home, shell, provenance: [src] });
    for (const group of u.groups ?? []) out.sysuser({ type: "m", name: u.name, id: group, provenance: [src] });
    if (u.password === "") out.cover(`${keyPath}.password`, "converted", artifact);
  }
  if (runtimeHome === undefined) {
    out.report("users.home-outside-var", `${keyPath}.home`, {
      title: `Home ${home} of ${u.name} is not under /var/home or /var/roothome`,
      detail: "Only /var is writable and kept across updates in image mode; other paths are read-only image content.",
      remediation: `Use a home under /var/home (for example /var/home/${u.name}).`,
    });
    if (u.key !== undefined) {
      out.cover(account.keyKeyPath!, "reported").report("users.key-not-installed", account.keyKeyPath!, {
        title: `${u.name}'s SSH key was not installed: its home ${home} is read-only image content`,
        detail: "authorized_keys is created at boot under the home, which must be in /var.",
      });
    }
    return;
  }
  out.tmpfile({ type: "d", path: runtimeHome, mode: "0700", user: u.name, group: primaryGroup, age: "-", argument: "", provenance: [src] });
  if (u.key !== undefined) {
    addAuthorizedKey(out, ctx.at(account.keyKeyPath!), u.name, primaryGroup, runtimeHome, u.key);
    out.cover(account.keyKeyPath!, "converted", "tmpfiles.d");
  }
}

/** group, user and sshkey: one concern, because users refer to groups and sshkeys to users. */
export function mapAccounts(ctx: MigrationContext): MapperOutput {
  if (deployTimeAccounts(ctx)) return mapDeployTimeAccounts(ctx, ctx.accounts.accounts);
  const out = new Emitter(ctx);
  const c = ctx.blueprint.customizations ?? {};
  const plan = ctx.accounts;
  const uids = loginUids(ctx, plan);
  out.coverIfEmpty(USERS, c.user).coverIfEmpty(GROUPS, c.group).coverIfEmpty(SSHKEYS, c.sshkey);

  (c.group ?? []).forEach((g, i) => {
    const keyPath = `${GROUPS}[${i}]`;
    const src = ctx.at(keyPath);
    if (plan.bakedGroups.has(g.name)) {
      const gid = g.gid === undefined ? "" : ` -g ${g.gid}`;
      out.step({ kind: "run", stage: "accounts", commands: [`(getent group ${shq(g.name)} >/dev/null || groupadd${gid} ${shq(g.name)})`], provenance: [src] });
      out.cover(keyPath, "converted", "Containerfile (groupadd)");
    } else {
      out.sysuser({ type: "g", name: g.name, id: g.gid === undefined ? "-" : String(g.gid), provenance: [src] });
      out.cover(keyPath, "converted", "/usr/lib/sysusers.d");
    }
  });

  (c.sshkey ?? []).forEach((k, i) => {
    const keyPath = `${SSHKEYS}[${i}]`;
    out.cover(`${keyPath}.user`, "converted", "tmpfiles.d");
    const usedBy = plan.accounts.find((a) => a.keyKeyPath === `${keyPath}.key`);
    if (usedBy === undefined) {
      out.cover(`${keyPath}.key`, "reported").report("users.sshkey-overridden", keyPath, {
        title: `The sshkey entry for ${k.user} is replaced by the key of the user entry`,
        detail: "As in composer, a [[customizations.user]] entry with a key wins over the deprecated sshkey entry.",
      });
    }
    out.report("users.sshkey-deprecated", keyPath, {
      title: `sshkey is deprecated; ${k.user}'s key is installed like a user key`,
      detail: "customizations.sshkey is an old alias of [[customizations.user]] with a key.",
      remediation: `Move it to [[customizations.user]] name = "${k.user}" key = "...".`,
    });
  });

  for (const account of plan.accounts) {
    if (account.user.name === "root") mapRoot(ctx, out, account);
    else if (plan.existing.has(account.user.name)) mapExistingAccount(ctx, out, account);
    else mapUser(ctx, out, account, plan, uids.get(account.user.name));
  }

  if (plan.accounts.some((a) => a.user.key !== undefined)) {
    out.report("users.authorized-keys-first-boot", c.user?.length ? USERS : SSHKEYS, {
      title: "SSH keys are written at boot by systemd-tmpfiles, only when authorized_keys does not exist",
      detail:
        "Edge commits added keys with a first-boot service. Here a tmpfiles.d f line creates authorized_keys under /var once, " +
        "so a key changed in a later image does not replace a key already on the machine.",
    });
  }
  return out.done();
}
