/**
 * What becomes of each account when a device switches (../shared/reference/device-migration.md
 * A.2.2-3, A.5.3): edge commits keep every account but root in the old commit's read-only
 * /usr/lib/passwd, which the switch replaces with the image's; /etc/passwd is merged as a whole
 * file, so a device that changed it keeps its own and never sees the image's, while one that did
 * not gets the image's. sysusers.d users are created at boot either way, unless the name exists.
 * Pure data: the snapshot and the image's accounts in, the outcome per account out.
 */
import type { Account, DeviceSnapshot } from "./snapshot.js";
import { compareStrings } from "../util/compare.js";
import type { ImageAccounts } from "./image-accounts.js";
import type { ProjectImage } from "./project-image.js";

export interface AccountOutcome {
  account: Account;
  /** After the switch: the uid it has (undefined: allocated at boot), or gone. */
  after: { uid: number | undefined } | "gone";
  /** Paths under /etc and /var the device has owned by its uid today. */
  owns: string[];
  login: boolean;
}

const NO_LOGIN = new Set(["/sbin/nologin", "/usr/sbin/nologin", "/bin/false", "/usr/bin/false"]);

/**
 * Whether an account's shell lets it log in. An empty shell field is not "no shell": login uses
 * /bin/sh for it (passwd(5): "If this field is empty, it defaults to the value /bin/sh").
 */
export const logsIn = (account: Account): boolean => !NO_LOGIN.has(account.shell);

export function simulateAccounts(s: DeviceSnapshot, image: ImageAccounts): AccountOutcome[] {
  const etcKept = s.etcChanges.some((c) => c.path === "passwd" && c.op !== "A");
  const before = new Map<string, Account>();
  if (s.accounts.altfiles) for (const a of s.accounts.usrLib.users) before.set(a.name, a);
  for (const a of s.accounts.etc.users) before.set(a.name, a);
  const kept = new Map(s.accounts.etc.users.map((a) => [a.name, a]));
  const outcome = (name: string): AccountOutcome["after"] => {
    if (etcKept && kept.has(name)) return { uid: kept.get(name)!.uid };
    const inImage = image.get(name);
    if (inImage === undefined) return "gone";
    // useradd writes the image's /etc/passwd, which a device that changed its own never gets.
    if (inImage.via === "useradd" && etcKept) return "gone";
    return { uid: inImage.uid };
  };
  return [...before.values()]
    .filter((a) => a.name !== "root")
    .map((account) => ({
      account,
      after: outcome(account.name),
      owns: s.owners.filter((o) => o.uid === account.uid).map((o) => o.path),
      login: logsIn(account),
    }));
}

/** Both simulations of one device against one image: computed once per device, read by the checks, the runbook and the image fixes. */
export interface AccountMove {
  accounts: AccountOutcome[];
  memberships: MembershipLoss[];
}

export function simulateMove(s: DeviceSnapshot, image: ProjectImage): AccountMove {
  return { accounts: simulateAccounts(s, image.accounts), memberships: simulateMemberships(s, image) };
}

export interface MembershipLoss {
  group: string;
  gid: number;
  /** Members the device has today that the group will not have after the switch. */
  lost: string[];
}

/**
 * Group members the switch drops: the same file rules as for users (A.5.3 accounts.membership).
 * A group in the old commit's /usr/lib/group, or in an /etc/group the device never changed, gets
 * the image's members; the image adds members with useradd -G or usermod -aG (its own /etc/group,
 * which a changed /etc/group never takes) and with sysusers.d `m` lines (applied at boot either way).
 */
export function simulateMemberships(s: DeviceSnapshot, image: ProjectImage): MembershipLoss[] {
  const etcKept = s.etcChanges.some((c) => c.path === "group" && c.op !== "A");
  const keptInEtc = new Map(etcKept ? s.accounts.etc.groups.map((g) => [g.name, g.members]) : []);
  const before = new Map<string, Set<string>>();
  const gids = new Map<string, number>();
  for (const g of [...(s.accounts.altfiles ? s.accounts.usrLib.groups : []), ...s.accounts.etc.groups]) {
    gids.set(g.name, g.gid);
    for (const m of g.members) before.set(g.name, (before.get(g.name) ?? new Set()).add(m));
  }
  const out: MembershipLoss[] = [];
  for (const [group, members] of before) {
    const after = new Set([...(keptInEtc.get(group) ?? []), ...(image.memberships.get(group) ?? [])]);
    const lost = [...members].filter((m) => !after.has(m)).sort(compareStrings);
    if (lost.length > 0) out.push({ group, gid: gids.get(group)!, lost });
  }
  return out.sort((a, b) => compareStrings(a.group, b.group));
}
