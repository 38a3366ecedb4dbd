import type { Blueprint, UserCustomization } from "../../blueprint/schema.js";
import { BASE_IMAGE_USERS } from "./base-users.js";

/**
 * Where and when each blueprint account is created: one place that answers it for every mapper
 * (accounts, deploy-time accounts, files and directories, the installer kickstart).
 */

const USERS = "customizations.user";
const SSHKEYS = "customizations.sshkey";

/** A blueprint user with the key path it came from (sshkey entries become users too, as in composer). */
export interface Account {
  user: UserCustomization;
  keyPath: string;
  keyKeyPath?: string;
}

/**
 * How each account is created. Passwordless accounts go to sysusers.d (created at boot, lint-clean,
 * no passwd drift); accounts that need /etc/shadow data at build time are baked with useradd.
 */
export interface AccountPlan {
  accounts: Account[];
  baked: Set<string>;
  /** Accounts the base image already has (not root): modified with usermod at build time, never created. */
  existing: Set<string>;
  /** Users and groups that only exist once systemd-sysusers ran at boot. */
  bootTime: Set<string>;
  /** Blueprint groups created with groupadd because a baked user needs them during the build. */
  bakedGroups: Set<string>;
}

export function planAccounts(bp: Blueprint): AccountPlan {
  const c = bp.customizations ?? {};
  const byName = new Map<string, Account>();
  (c.sshkey ?? []).forEach((k, i) =>
    byName.set(k.user, { user: { name: k.user, key: k.key }, keyPath: `${SSHKEYS}[${i}]`, keyKeyPath: `${SSHKEYS}[${i}].key` }),
  );
  (c.user ?? []).forEach((u, i) => {
    const earlier = byName.get(u.name);
    const keyFromSshkey = u.key === undefined && earlier?.user.key !== undefined;
    byName.set(u.name, {
      user: keyFromSshkey ? { ...u, key: earlier!.user.key } : u,
      keyPath: `${USERS}[${i}]`,
      keyKeyPath: keyFromSshkey ? earlier!.keyKeyPath : `${USERS}[${i}].key`,
    });
  });
  const accounts = [...byName.values()];
  const existing = new Set(accounts.map(({ user }) => user.name).filter((n) => n !== "root" && BASE_IMAGE_USERS.has(n)));
  const baked = new Set(
    accounts
      .filter(({ user: u }) => u.name !== "root" && !existing.has(u.name))
      .filter(({ user: u }) => !!u.password || u.expiredate !== undefined || u.force_password_reset === true || (u.gid !== undefined && u.uid === undefined))
      .map(({ user }) => user.name),
  );
  const groups = c.group ?? [];
  const bakedGroups = new Set(
    groups
      .filter((g) =>
        accounts.some(
          ({ user: u }) => (baked.has(u.name) || existing.has(u.name)) && ((u.groups ?? []).includes(g.name) || (g.gid !== undefined && u.gid === g.gid)),
        ),
      )
      .map((g) => g.name),
  );
  const bootTime = new Set<string>([
    ...accounts.filter(({ user: u }) => u.name !== "root" && !baked.has(u.name) && !existing.has(u.name)).map(({ user }) => user.name),
    ...groups.filter((g) => !bakedGroups.has(g.name)).map((g) => g.name),
  ]);
  return { accounts, baked, existing, bootTime, bakedGroups };
}
