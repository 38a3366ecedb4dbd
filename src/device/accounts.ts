/**
 * What becomes of each account when a device switches (../shared/reference/device-migration.md
 * A.2.2-3, A.5.3): edge commits keep every account but root in the old commit's read-only
 * /usr/lib/passwd, which the switch replaces with the image's; /etc/passwd is merged as a whole
 * file, so a device that changed it keeps its own and never sees the image's, while one that did
 * not gets the image's. sysusers.d users are created at boot either way, unless the name exists.
 * Pure data: the snapshot and the image's accounts in, the outcome per account out.
 */
import type { Account, DeviceSnapshot } from "./snapshot.js";
import type { ImageAccounts } from "./image-accounts.js";

export interface AccountOutcome {
  account: Account;
  /** After the switch: the uid it has (undefined: allocated at boot), or gone. */
  after: { uid: number | undefined } | "gone";
  /** Paths under /etc and /var the device has owned by its uid today. */
  owns: string[];
  login: boolean;
}

const NO_LOGIN = new Set(["/sbin/nologin", "/usr/sbin/nologin", "/bin/false", "/usr/bin/false", ""]);

/** Whether an account's shell lets it log in. */
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
