import { describe, expect, it } from "vitest";
import { mapRepositories } from "../../src/migrate/map/repositories.js";
import { runMapper, stepTexts } from "../helpers.js";

describe("repositories", () => {
  it("writes one .repo per filename with composer's keys and 0/1 booleans", () => {
    const out = runMapper(
      '[[customizations.repositories]]\nid = "a"\nbaseurls = ["http://x/a", "http://y/a"]\ngpgcheck = false\npriority = 5\n[[customizations.repositories]]\nid = "b"\nfilename = "a"\nmetalink = "http://m"\nenabled = false\n',
      mapRepositories,
    );
    expect(out.files).toHaveLength(1);
    expect(out.files[0]!.path).toBe("overlay/etc/yum.repos.d/a.repo");
    expect(out.files[0]!.contents).toBe(
      "[a]\nname=a\nbaseurl=http://x/a\n        http://y/a\nenabled=1\ngpgcheck=0\npriority=5\n\n[b]\nname=b\nmetalink=http://m\nenabled=0\n",
    );
    expect(out.steps.map((s) => s.stage)).toEqual(["runtimeRepos"]);
  });

  it("puts install_from repos before the packages and imports inline keys", () => {
    const out = runMapper(
      '[[customizations.repositories]]\nid = "build"\nbaseurls = ["http://x"]\ninstall_from = true\ngpgkeys = ["-----BEGIN PGP PUBLIC KEY BLOCK-----\\nabc\\n-----END PGP PUBLIC KEY BLOCK-----", "https://x/key"]\n',
      mapRepositories,
    );
    expect(out.files.map((f) => f.path).sort()).toEqual(["overlay/etc/pki/rpm-gpg/RPM-GPG-KEY-build-0", "overlay/etc/yum.repos.d/build.repo"]);
    const repo = out.files.find((f) => f.path.endsWith(".repo"))!;
    expect(repo.contents).toContain("gpgkey=file:///etc/pki/rpm-gpg/RPM-GPG-KEY-build-0\n       https://x/key");
    expect(out.steps.every((s) => s.stage === "buildRepos")).toBe(true);
    expect(stepTexts(out).at(-1)).toBe("rpm --import /etc/pki/rpm-gpg/RPM-GPG-KEY-build-0");
  });

  it("refuses ids that are not file names", () => {
    const out = runMapper('[[customizations.repositories]]\nid = "../evil"\nbaseurls = ["http://x"]\n', mapRepositories);
    expect(out.files).toEqual([]);
    expect(out.findings.map((f) => f.id)).toContain("repositories.invalid-name");
  });
});
