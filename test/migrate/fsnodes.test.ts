import { describe, expect, it } from "vitest";
import { mapFilesAndDirectories } from "../../src/migrate/map/fsnodes.js";
import { classifyPath, safeAbsolutePath } from "../../src/migrate/resolve/paths.js";
import { ids, runMapper, stepTexts } from "../helpers.js";

const file = (path: string, extra = "") => `[[customizations.files]]\npath = "${path}"\ndata = "x"\n${extra}`;

describe("path policy", () => {
  it("never lets a path climb out", () => {
    expect(safeAbsolutePath("/etc/../../x")).toBeUndefined();
    expect(safeAbsolutePath("etc/x")).toBeUndefined();
    expect(safeAbsolutePath("/etc//app/")).toBe("/etc/app");
  });

  it.each([
    ["/etc/app.conf", "etc"],
    ["/usr/local/bin/x", "usr"],
    ["/opt/app/x", "usr"],
    ["/data/x", "other-root"],
    ["/boot/x", "forbidden"],
    ["/usr/etc/x", "forbidden"],
    ["/etc/passwd", "forbidden"],
  ])("%s is %s", (path, kind) => {
    expect(classifyPath(path).kind).toBe(kind);
  });

  it("maps /root, /home, /srv into /var", () => {
    expect(classifyPath("/root/a")).toEqual({ kind: "runtime", path: "/var/roothome/a" });
    expect(classifyPath("/home/u/a")).toEqual({ kind: "runtime", path: "/var/home/u/a" });
    expect(classifyPath("/srv/www")).toEqual({ kind: "runtime", path: "/var/srv/www" });
  });
});

describe("files", () => {
  it("COPYs /etc files with mode and owner", () => {
    const out = runMapper(file("/etc/app/app.conf", 'mode = "640"\nuser = "apache"\ngroup = 48\n'), mapFilesAndDirectories);
    expect(out.files).toMatchObject([{ path: "overlay/etc/app/app.conf", contents: "x" }]);
    expect(stepTexts(out)).toEqual(["COPY 0640 apache:48 overlay/etc/app/app.conf /etc/app/app.conf"]);
  });

  it("creates /var and /root files others may read at boot with tmpfiles f~", () => {
    const out = runMapper(file("/root/notes.txt", 'mode = "0644"\n'), mapFilesAndDirectories);
    expect(out.files).toEqual([]);
    expect(out.tmpfiles).toMatchObject([{ type: "f~", path: "/var/roothome/notes.txt", mode: "0644", argument: "eA==" }]);
    expect(ids(out.findings)).toEqual(["files.var-via-tmpfiles"]);
  });

  it.each(["0600", "0640", "0400", "0750"])("never puts a %s /var file's content into tmpfiles.d: a root-only copy is copied at boot", (mode) => {
    const out = runMapper(
      `[[customizations.files]]\npath = "/var/lib/app/key"\ndata = "PRIVATE-KEY-DATA"\nmode = "${mode}"\nuser = "root"\ngroup = "wheel"\n`,
      mapFilesAndDirectories,
    );
    expect(JSON.stringify(out.tmpfiles)).not.toContain(Buffer.from("PRIVATE-KEY-DATA").toString("base64"));
    expect(out.files).toMatchObject([{ path: "overlay/usr/share/factory/var/lib/app/key", contents: "PRIVATE-KEY-DATA" }]);
    expect(stepTexts(out)).toEqual(["COPY 0600 overlay/usr/share/factory/var/lib/app/key /usr/share/factory/var/lib/app/key"]);
    expect(out.tmpfiles).toMatchObject([
      { type: "C", path: "/var/lib/app/key", argument: "/usr/share/factory/var/lib/app/key" },
      { type: "z", path: "/var/lib/app/key", mode, user: "root", group: "wheel" },
    ]);
    expect(ids(out.findings)).toEqual(["files.private-var-seed"]);
  });

  it("sets ownership at boot when the owner is a sysusers account", () => {
    const out = runMapper(`[[customizations.user]]\nname = "app"\n${file("/etc/app.conf", 'user = "app"\n')}`, mapFilesAndDirectories);
    expect(stepTexts(out)).toEqual(["COPY 0644 overlay/etc/app.conf /etc/app.conf"]);
    expect(out.tmpfiles).toMatchObject([{ type: "z", path: "/etc/app.conf", user: "app" }]);
  });

  it("reports unsafe, forbidden, bad-mode and uri files without writing them", () => {
    const out = runMapper(
      [
        file("/etc/../../escape"),
        file("/boot/grub.cfg"),
        file("/etc/m", 'mode = "abc"\n'),
        '[[customizations.files]]\npath = "/etc/u"\nuri = "file:///src/u"\n',
      ].join(""),
      mapFilesAndDirectories,
    );
    expect(out.files).toEqual([]);
    expect(out.steps).toEqual([]);
    expect(ids(out.findings)).toEqual(["files.unsafe-path", "files.forbidden-path", "files.invalid-mode", "files.uri-not-converted"]);
    expect(out.coverage.every((c) => c.disposition === "reported")).toBe(true);
  });

  it("rebuilds the trust store after a CA certificate shipped as a file (issue 17)", () => {
    const out = runMapper(
      '[[customizations.files]]\npath = "/etc/pki/ca-trust/source/anchors/corp.pem"\ndata = "-----BEGIN CERTIFICATE-----\\nx\\n-----END CERTIFICATE-----\\n"\n',
      mapFilesAndDirectories,
    );
    expect(stepTexts(out)).toEqual(["COPY 0644 overlay/etc/pki/ca-trust/source/anchors/corp.pem /etc/pki/ca-trust/source/anchors/corp.pem", "update-ca-trust"]);
    expect(out.steps[1]!.stage).toBe("config");
  });

  it("warns about secrets without repeating their content", () => {
    const out = runMapper('[[customizations.files]]\npath = "/etc/containers/auth.json"\ndata = "TOPSECRET"\n', mapFilesAndDirectories);
    const finding = out.findings.find((f) => f.id === "files.secret-in-image")!;
    expect(JSON.stringify(finding)).not.toContain("TOPSECRET");
  });
});

describe("directories", () => {
  it("installs /etc directories and checks the parent unless ensure_parents", () => {
    const out = runMapper(
      '[[customizations.directories]]\npath = "/etc/a/b"\nmode = "0700"\n[[customizations.directories]]\npath = "/etc/c/d"\nensure_parents = true\n',
      mapFilesAndDirectories,
    );
    expect(stepTexts(out)).toEqual(["test -d /etc/a && install -d -m 0700 -o root -g root /etc/a/b", "install -d -m 0755 -o root -g root /etc/c/d"]);
  });

  it("creates /var directories with tmpfiles d", () => {
    const out = runMapper('[[customizations.directories]]\npath = "/var/lib/app"\nuser = "root"\n', mapFilesAndDirectories);
    expect(out.tmpfiles).toMatchObject([{ type: "d", path: "/var/lib/app", mode: "0755" }]);
  });
});
