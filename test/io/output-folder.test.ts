import { existsSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { insideFolder, writeOutputFolder } from "../../src/io/output-folder.js";
import { read, tempDir } from "../helpers.js";

describe("output folder", () => {
  it("refuses paths that escape the folder", () => {
    expect(() => insideFolder("/tmp/out", "../x")).toThrow(/escapes/);
    expect(() => insideFolder("/tmp/out", "/etc/passwd")).toThrow(/escapes/);
    expect(insideFolder("/tmp/out", "overlay/etc/x")).toBe("/tmp/out/overlay/etc/x");
  });

  it("writes nothing at all when any path would escape", () => {
    const out = join(tempDir(), "out");
    expect(() =>
      writeOutputFolder(
        out,
        [
          { path: "ok.txt", contents: "a", kind: "build-context" },
          { path: "../evil.txt", contents: "b", kind: "build-context" },
        ],
        false,
      ),
    ).toThrow(/escapes/);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(join(dirname(out), "evil.txt"))).toBe(false);
    expect(readdirSync(dirname(out))).toEqual([]); // no staging folder left behind
  });

  it("creates the folder with a manifest of what it wrote", () => {
    const out = join(tempDir(), "nested", "out");
    const changes = writeOutputFolder(out, [{ path: "a/b.txt", contents: "x", kind: "build-context" }], false);
    expect(changes.map((c) => [c.path, c.status])).toEqual([["a/b.txt", "created"]]);
    expect(read(join(out, "a/b.txt"))).toBe("x");
    expect(JSON.parse(read(join(out, ".edge2bootc-manifest.json"))).files).toHaveProperty("a/b.txt");
  });
});
