/**
 * The account simulator (src/device/accounts.ts): what the /etc merge and the /usr/lib/passwd swap
 * do to each account, checked on examples and as properties over generated devices.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { simulateAccounts, simulateMove } from "../../src/device/accounts.js";
import { imageAccounts, type ImageAccount } from "../../src/device/image-accounts.js";
import type { DeviceSnapshot } from "../../src/device/snapshot.js";
import { device, user } from "./synthetic.js";
import { imageFixes } from "../../src/device/image-fixes.js";
import { projectImage } from "../../src/device/project-image.js";
import type { DevicePlan } from "../../src/device/plan.js";

const after = (s: DeviceSnapshot, image: Map<string, ImageAccount>) =>
  Object.fromEntries(simulateAccounts(s, image).map((o) => [o.account.name, o.after === "gone" ? "gone" : (o.after.uid ?? "allocated")]));

describe("the account simulator", () => {
  it("follows the /usr/lib/passwd swap and the whole-file /etc merge", () => {
    const image = imageAccounts("FROM x\nRUN useradd -M -u 1300 -d /var/home/baked baked\n", [
      "u svc 990 - /var/lib/svc /usr/sbin/nologin\nu admin - - /var/home/admin /bin/bash\n",
    ]);
    const olds = [user("admin", 1000), user("svc", 990, "/sbin/nologin"), user("legacy", 1001), user("baked", 1300), user("bin", 1, "/sbin/nologin")];
    // /etc/passwd untouched: the image's /etc/passwd (with the useradd user) replaces it
    expect(after(device([], olds, false), new Map(image))).toEqual({ admin: "allocated", svc: 990, legacy: "gone", baked: 1300, bin: 1 });
    // /etc/passwd changed on the device: it stays, and the image's useradd user never arrives
    expect(after(device([user("ops", 1002)], olds, true), new Map(image))).toEqual({
      ops: 1002,
      admin: "allocated",
      svc: 990,
      legacy: "gone",
      baked: "gone",
      bin: 1,
    });
  });

  it("records what each account owns and whether it logs in", () => {
    const [outcome] = simulateAccounts(
      device([], [user("agent", 990, "/sbin/nologin")], false, [
        { path: "/var/lib/agent", uid: 990 },
        { path: "/etc/x", uid: 5 },
      ]),
      new Map(),
    );
    expect(outcome).toMatchObject({ after: "gone", owns: ["/var/lib/agent"], login: false });
  });

  it("counts an empty shell field as /bin/sh, which logs in (passwd(5))", () => {
    const shells = ["", "/bin/bash", "/sbin/nologin", "/usr/sbin/nologin", "/bin/false", "/usr/bin/false"];
    const outcomes = simulateAccounts(
      device(
        shells.map((shell, i) => user(`u${i}`, 1000 + i, shell)),
        [],
        false,
      ),
      new Map(),
    );
    expect(outcomes.map((o) => [o.account.shell, o.login])).toEqual([
      ["", true],
      ["/bin/bash", true],
      ["/sbin/nologin", false],
      ["/usr/sbin/nologin", false],
      ["/bin/false", false],
      ["/usr/bin/false", false],
    ]);
  });

  const account = fc.record({ name: fc.constantFrom("a", "b", "c", "d", "e", "f"), uid: fc.integer({ min: 1000, max: 1010 }) });
  const accounts = fc.uniqueArray(account, { selector: (a) => a.name, maxLength: 6 });

  it("never loses an account the image creates at boot with the same uid, and never reports root", () => {
    fc.assert(
      fc.property(accounts, accounts, fc.boolean(), (etc, old, changed) => {
        const s = device(
          etc.map((a) => user(a.name, a.uid)),
          old.map((a) => user(a.name, a.uid)),
          changed,
        );
        const image = new Map<string, ImageAccount>([...old, ...etc].map((a) => [a.name, { via: "sysusers", uid: a.uid }]));
        const outcomes = simulateAccounts(s, image);
        expect(outcomes.some((o) => o.account.name === "root")).toBe(false);
        for (const o of outcomes) expect(o.after).toEqual({ uid: o.account.uid });
      }),
    );
  });

  it("loses every account of the old commit's /usr/lib/passwd that the image does not have", () => {
    fc.assert(
      fc.property(accounts, fc.boolean(), (old, changed) => {
        const outcomes = simulateAccounts(
          device(
            [],
            old.map((a) => user(a.name, a.uid)),
            changed,
          ),
          new Map(),
        );
        expect(outcomes.map((o) => o.after)).toEqual(old.map(() => "gone"));
      }),
    );
  });
});

describe("image fixes for the fleet", () => {
  const plan = (name: string, subjects: string[]) =>
    ({ device: name, findings: subjects.map((subject) => ({ id: "device.account-vanishes", subject })) }) as unknown as DevicePlan;

  it("pin a lost account with the id the devices share, and leave it to the team when they disagree", () => {
    const a = device([], [user("agent", 990, "/sbin/nologin"), user("legacy", 1001)], false, [{ path: "/var/lib/agent", uid: 990 }]);
    const b = { ...device([], [user("agent", 990, "/sbin/nologin"), user("legacy", 1002)], false), name: "b" };
    const image = projectImage("Containerfile", "FROM x\n", []);
    const fixes = imageFixes([
      { plan: plan("a", ["agent", "legacy"]), snapshot: a, move: simulateMove(a, image) },
      { plan: plan("b", ["agent", "legacy"]), snapshot: b, move: simulateMove(b, image) },
    ]);
    expect(fixes.sysusers).toEqual([{ line: "u agent 990 - /var/home/agent /sbin/nologin", devices: ["a", "b"] }]);
    expect(fixes.conflicts).toEqual(["legacy has different uids on the devices: 1001 (a); 1002 (b)"]);
    expect(fixes.tmpfiles).toEqual([]);
  });
});
