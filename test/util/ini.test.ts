import { describe, expect, it } from "vitest";
import { iniFile } from "../../src/util/ini.js";
import { mapRepositories } from "../../src/migrate/map/repositories.js";
import { ids, runMapper } from "../helpers.js";

describe("iniFile", () => {
  it("writes sections separated by an empty line, repeated keys, list values on continuation lines, comments on top", () => {
    const text = iniFile(
      [
        {
          name: "repo",
          entries: [
            ["name", "R"],
            ["baseurl", ["https://a/", "https://b/"]],
            ["priority", 10],
            ["gpgkey", undefined],
          ],
        },
        {
          name: "Service",
          entries: [
            ["ExecStartPre", "/bin/a"],
            ["ExecStartPre", "/bin/b"],
          ],
        },
      ],
      ["generated"],
    );
    expect(text).toBe(
      "# generated\n[repo]\nname=R\nbaseurl=https://a/\n        https://b/\npriority=10\n\n[Service]\nExecStartPre=/bin/a\nExecStartPre=/bin/b\n",
    );
  });

  it("refuses a value with a line break, which would add a key", () => {
    expect(() => iniFile([{ name: "Unit", entries: [["Description", "a\nExecStart=/bin/evil"]] }])).toThrow(/line break/);
  });
});

describe("repository gpgkeys", () => {
  it("reports an entry that is neither an armored key nor one URL instead of writing its lines into the .repo file", () => {
    const out = runMapper('[[customizations.repositories]]\nid = "r"\nbaseurls = ["https://m/r"]\ngpgkeys = ["https://m/key\\ngpgcheck=0"]\n', mapRepositories);
    expect(ids(out.findings)).toContain("repositories.gpgkey-invalid");
    const repo = out.files.find((f) => f.path === "overlay/etc/yum.repos.d/r.repo")!.contents;
    expect(repo).not.toContain("gpgcheck=0");
    expect(repo).not.toContain("gpgkey=");
  });
});
