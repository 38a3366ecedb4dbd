/**
 * The checks that compare a device with the converted project's image (src/device/image-checks.ts)
 * and what the project's Containerfile is read as (src/device/project-image.ts).
 */
import { describe, expect, it } from "vitest";
import { simulateMemberships } from "../../src/device/accounts.js";
import { checkDevice } from "../../src/device/checks.js";
import { projectImage } from "../../src/device/project-image.js";
import type { DeviceSnapshot } from "../../src/device/snapshot.js";
import { device, user } from "./synthetic.js";

const image = (containerfile: string, sysusers: string[] = []) => projectImage("p/Containerfile", containerfile, sysusers);
const GREENBOOT = "FROM x\nRUN dnf -y install \\\n      greenboot \\\n && dnf clean all\n";
const ids = (s: DeviceSnapshot, containerfile: string, sysusers: string[] = []) =>
  checkDevice(s, new Map(), { image: "quay.io/a/b:10", major: 10, project: image(containerfile, sysusers) })
    .filter((f) => f.id !== "device.bootc-missing" && f.id !== "device.registry-auth")
    .map((f) => `${f.id} ${f.subject}`);

const withGroups = (s: DeviceSnapshot, usrLib: [string, number, string[]][], etc: [string, number, string[]][] = [], etcGroupChanged = false) => ({
  ...s,
  etcChanges: etcGroupChanged ? [...s.etcChanges, { op: "M" as const, path: "group" }] : s.etcChanges,
  accounts: {
    ...s.accounts,
    usrLib: { ...s.accounts.usrLib, groups: usrLib.map(([name, gid, members]) => ({ name, gid, members })) },
    etc: { ...s.accounts.etc, groups: etc.map(([name, gid, members]) => ({ name, gid, members })) },
  },
});

describe("the project's Containerfile as the image", () => {
  it("reads packages, pins, COPY destinations and memberships from our own and hand-written lines", () => {
    const p = image(
      [
        "FROM registry.redhat.io/rhel9/rhel-bootc:9.6",
        'RUN dnf config-manager --set-enabled "rhocp-4.18-for-rhel-9-$(uname -m)-rpms"',
        "RUN dnf -y install --setopt=install_weak_deps=False \\",
        "      'microshift-4.18.*' greenboot \\",
        " && dnf clean all",
        "RUN useradd -m -G wheel,video ops && usermod -aG dialout ops",
        "COPY --chmod=0644 overlay/etc/app.conf /etc/app.conf",
        "COPY seed.db /var/lib/app/seed.db",
      ].join("\n"),
      ["m svc hugetlbfs\nu svc - -\n"],
    );
    expect([...p.packages].sort()).toEqual(["greenboot", "microshift-4.18.*"]);
    expect(p.microshift).toEqual({ major: 4, minor: 18 });
    expect(p.copied).toEqual([
      { path: "/etc/app.conf", line: 7 },
      { path: "/var/lib/app/seed.db", line: 8 },
    ]);
    expect(Object.fromEntries([...p.memberships].map(([g, m]) => [g, [...m]]))).toEqual({
      wheel: ["ops"],
      video: ["ops"],
      dialout: ["ops"],
      hugetlbfs: ["svc"],
    });
    // the rhocp repository names the release when the package is not pinned
    expect(image('RUN dnf config-manager --set-enabled "rhocp-4.16-for-rhel-9-x86_64-rpms"\nRUN dnf -y install microshift\n').microshift).toEqual({
      major: 4,
      minor: 16,
    });
  });
});

describe("checks against the project's image", () => {
  const base = device([], [user("openvswitch", 800, "/sbin/nologin")], false);

  it("finds members the /usr/lib/group swap drops, unless the image adds them back", () => {
    const s = withGroups(base, [["hugetlbfs", 801, ["openvswitch"]]]);
    expect(simulateMemberships(s, image(GREENBOOT))).toEqual([{ group: "hugetlbfs", gid: 801, lost: ["openvswitch"] }]);
    expect(simulateMemberships(s, image(GREENBOOT, ["m openvswitch hugetlbfs\n"]))).toEqual([]);
    expect(ids(s, GREENBOOT)).toContain("device.group-members-lost hugetlbfs");
  });

  it("keeps the members of a changed /etc/group, and drops those of an unchanged one the image lacks", () => {
    const etc: [string, number, string[]][] = [["wheel", 10, ["ops"]]];
    expect(simulateMemberships(withGroups(base, [], etc, true), image(GREENBOOT))).toEqual([]);
    expect(simulateMemberships(withGroups(base, [], etc, false), image(GREENBOOT))).toEqual([{ group: "wheel", gid: 10, lost: ["ops"] }]);
    // a useradd -G in the image puts ops back into the image's /etc/group
    expect(simulateMemberships(withGroups(base, [], etc, false), image(`${GREENBOOT}RUN useradd -G wheel ops\n`))).toEqual([]);
  });

  it("warns about /etc files the image writes that the device changed, and about /var content", () => {
    const s = {
      ...base,
      etcChanges: [
        { op: "M" as const, path: "chrony.conf" },
        { op: "A" as const, path: "app.conf" },
        { op: "D" as const, path: "motd" },
      ],
    };
    const found = ids(s, `${GREENBOOT}COPY a /etc/chrony.conf\nCOPY b /etc/app.conf\nCOPY c /etc/motd\nCOPY d /var/lib/x/seed\n`);
    expect(found).toEqual(["device.etc-change-ignored chrony.conf", "device.etc-change-ignored motd", "device.var-content Containerfile"]);
  });

  it("blocks an image without greenboot; greenboot-rs counts (subjects name the snapshot when no file is known)", () => {
    expect(ids(base, "FROM x\nRUN dnf -y install htop\n")).toEqual(["device.greenboot-absent Containerfile"]);
    expect(ids(base, "FROM x\nRUN dnf -y install greenboot-rs\n")).toEqual([]);
  });

  it("checks MicroShift's drop-in and allows at most two minor versions up", () => {
    const ms = (version: string) => ({ ...base, tools: { ...base.tools, microshift: version } });
    const at = (v: string, pinned: string) => ids(ms(v), `${GREENBOOT}RUN dnf -y install '${pinned}'\n`);
    expect(at("4.16.9-202501.el9", "microshift-4.18.*")).toEqual(["device.microshift-ownership d"]);
    expect(at("4.15.2", "microshift-4.18.*")).toContain("device.microshift-skew d");
    expect(at("4.19.0", "microshift-4.18.*")).toContain("device.microshift-skew d");
    const dropIn = `${GREENBOOT}RUN dnf -y install 'microshift-4.18.*'\nCOPY x /usr/lib/systemd/system/ovsdb-server.service.d/10-own.conf\n`;
    expect(ids(ms("4.17.1"), dropIn)).toEqual([]);
  });
});
