import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { discoverFiles } from "../../src/batch/discover.js";
import { classifyFile } from "../../src/batch/classify.js";
import { parseBatchConfig } from "../../src/batch/config.js";
import { matchesGlob } from "../../src/util/glob.js";
import { settingsFor } from "../../src/batch/job.js";
import { pairProjects, stemOf } from "../../src/batch/pair.js";
import { InputError } from "../../src/core/errors.js";

describe("classifyFile", () => {
  it.each([
    ["bp.toml", 'name = "x"\n[[packages]]\nname = "vim"\n', "blueprint"],
    ["bp.toml", "[[packages]]\nname = 'vim'\n", "blueprint"],
    ["config.toml", '[[customizations.user]]\nname = "a"\n', "skip"],
    ["src.toml", 'id = "r"\nname = "R"\ntype = "yum-baseurl"\nurl = "http://m/r"\n', "skip"],
    ["map.toml", '"rhel/9/x86_64/edge" = "quay.io/a/b:1"\n', "skip"],
    ["pyproject.toml", "[tool.black]\nline-length = 100\n", "skip"],
    ["broken.toml", 'name = "x"\n[[packages]\n', "blueprint"],
    ["broken-other.toml", "[tool\n", "skip"],
    ["site.ks", "anything\n", "kickstart"],
    ["site.ks.j2", "lang {{ locale }}\n", "kickstart"],
    ["install.cfg", "lang en_US\nostreesetup --url=http://h/r --ref=r --osname=rhel\n", "kickstart"],
    ["ansible.cfg", "[defaults]\ninventory = hosts\n", "skip"],
    // One rule for templates: what they hold decides, and a template that does not parse is skipped.
    ["bp.toml.j2", 'name = "{{ n }}"\n', "blueprint"],
    ["bp.toml.j2", "name = {{ n }}\n", "skip"],
    ["sources/rhel.toml.j2", 'id = "b"\nname = "{{ n }}"\ntype = "yum-baseurl"\nurl = "{{ u }}"\n', "skip"],
    // Vendored tools' TOML: a version alone does not make a blueprint, and packages must be a list.
    ["Protobuild.toml", 'version = "2"\ngenerators = ["go"]\n[packages]\n"gogoproto" = "x"\n', "skip"],
    ["Protobuild.toml", 'version = "2"\ngenerators = ["go"]\n', "skip"],
    ["bp.toml", 'distro = "rhel-9.6"\n[customizations]\nhostname = "h"\n', "blueprint"],
  ])("%s is a %s", (path, text, kind) => {
    expect(classifyFile(path, text)!.kind).toBe(kind);
  });

  it("judges a template of another name by its content, and passes over one that is neither", () => {
    const ks = "lang en_US\n{% if wipe %}\nzerombr\n{% endif %}\nostreesetup --url={{ u }} --ref=r --osname=rhel\n";
    expect(classifyFile("templates/kickstart.j2", ks, "content")).toEqual({ kind: "kickstart" });
    expect(classifyFile("templates/ks.tmpl", "text\n%post\necho {{ x }}\n%end\n", "content")).toEqual({ kind: "kickstart" });
    expect(classifyFile("templates/nginx.conf.j2", "user nginx;\nserver { listen {{ port }}; }\n", "content")).toBeUndefined();
    expect(classifyFile("templates/blueprint.j2", 'name = "{{ n }}"\n[[packages]]\nname = "vim"\n', "content")).toEqual({ kind: "blueprint" });
  });

  it("takes a file edge2bootc.toml names whatever its name, and says why when it is neither", () => {
    expect(classifyFile("deploy/install.txt", "lang en_US\nostreesetup --url=u --ref=r --osname=rhel\n", "named")).toEqual({ kind: "kickstart" });
    expect(classifyFile("deploy/notes.txt", "hello\n", "named")).toEqual({
      kind: "skip",
      reason: expect.stringContaining("neither a blueprint nor a kickstart"),
    });
  });

  it("says why a file was skipped", () => {
    const r = classifyFile("src.toml", 'id = "r"\nname = "R"\ntype = "yum-baseurl"\nurl = "http://m/r"\n');
    expect(r).toEqual({ kind: "skip", reason: expect.stringContaining("repository source") });
    expect(classifyFile("Protobuild.toml", '[packages]\n"a" = "b"\n')).toEqual({
      kind: "skip",
      reason: "TOML whose packages is a table where a blueprint has an array: not a blueprint",
    });
  });
});

describe("pairProjects", () => {
  it("pairs by config first, then name stem, then the only blueprint of the folder", () => {
    const { projects, problems } = pairProjects(
      ["a/web.toml", "b/db.toml", "c/blueprint.toml", "d/one.toml", "d/two.toml"],
      ["a/install.ks", "b/db.ks.j2", "c/site.ks", "d/three.ks", "x/db.cfg"],
      [{ blueprint: "a/web.toml", kickstarts: ["a/install.ks"] }],
    );
    expect(problems).toEqual([]);
    const by = Object.fromEntries(projects.map((p) => [p.name, { bp: p.blueprint, ks: p.kickstarts, pairing: p.pairing }]));
    expect(by["a/web"]).toEqual({ bp: "a/web.toml", ks: ["a/install.ks"], pairing: "config" });
    // same stem in the same folder wins over another folder's db.cfg, which then has no unique match
    expect(by["b/db"]).toEqual({ bp: "b/db.toml", ks: ["b/db.ks.j2", "x/db.cfg"], pairing: "name" });
    expect(by["c/blueprint"]).toEqual({ bp: "c/blueprint.toml", ks: ["c/site.ks"], pairing: "folder" });
    // two blueprints in d/: a kickstart with neither stem converts on its own
    expect(by["d/three"]).toEqual({ bp: undefined, ks: ["d/three.ks"], pairing: undefined });
  });

  it("names colliding output folders by their full file names", () => {
    const { projects } = pairProjects([], ["k/site.ks", "k/site.cfg"], []);
    expect(projects.map((p) => p.name)).toEqual(["k/site.cfg", "k/site.ks"]);
  });

  it("never names a project folder . or .., and marks equal or nested folders and reserved names as conflicts", () => {
    const { projects } = pairProjects(["..toml", "...toml", "x/...toml"], [], []);
    expect(projects.map((p) => [p.name, p.conflict])).toEqual([
      ["...toml", undefined],
      ["..toml", undefined],
      ["x/...toml", undefined],
    ]);
    const clash = pairProjects(["a.ks.toml", "b.toml", "fleet.toml", "fleet/web.toml", "batch-report.md.toml"], ["a.ks", "a.cfg"], [], ["batch-report.md"]);
    const conflicts = Object.fromEntries(clash.projects.map((p) => [p.blueprint ?? p.kickstarts[0], p.conflict ?? "none"]));
    expect(conflicts["a.ks.toml"]).toContain("also the folder of a.ks");
    expect(conflicts["a.ks"]).toContain("also the folder of a.ks.toml");
    expect(conflicts["a.cfg"]).toBe("none");
    expect(conflicts["b.toml"]).toBe("none");
    expect(conflicts["fleet.toml"]).toContain("holds fleet/web");
    expect(conflicts["fleet/web.toml"]).toContain("inside fleet");
    expect(conflicts["batch-report.md.toml"]).toContain("a name the batch writes itself");
  });

  it("reports config pairs that name files it did not find", () => {
    const { problems } = pairProjects(["a.toml"], ["a.ks"], [{ blueprint: "missing.toml", kickstarts: ["a.ks", "nope.ks"] }]);
    expect(problems).toEqual([expect.stringContaining("nope.ks"), expect.stringContaining("missing.toml")]);
  });

  it("takes the stem without folder, template suffix or extension", () => {
    expect(stemOf("sites/a/edge.ks.j2")).toBe("edge");
    expect(stemOf("x.toml")).toBe("x");
  });
});

describe("edge2bootc.toml", () => {
  const config = `exclude = ["old/**"]
[defaults]
containers = "physical"
[[override]]
glob = "factory/**"
source-image-type = "edge-installer"
[[override]]
glob = "*.ks"
target = "rhel10"
[image-map]
"rhel/9/x86_64/edge" = "quay.io/a/b:1"
`;

  it("merges defaults and every matching override, in file order", () => {
    const c = parseBatchConfig(config, "edge2bootc.toml");
    expect(settingsFor({ name: "f", blueprint: "factory/a/bp.toml", kickstarts: ["factory/a/i.ks"] }, c)).toEqual({
      containers: "physical",
      "source-image-type": "edge-installer",
      target: "rhel10",
    });
    expect(settingsFor({ name: "w", blueprint: "web/bp.toml", kickstarts: [] }, c)).toEqual({ containers: "physical" });
    expect(c.imageMap?.["rhel/9/x86_64/edge"]).toBe("quay.io/a/b:1");
    expect(c.imageMap?.["toString"]).toBeUndefined();
  });

  it.each([
    ['[defaults]\nsource_image_type = "edge-installer"\n', "edge2bootc.toml:2:1", 'unknown key "source_image_type"'],
    ['[defaults]\ncontainers = "both"\n', "edge2bootc.toml:2:1", "expected one of logical, physical"],
    ['[[override]]\ntarget = "rhel10"\n', "edge2bootc.toml:1:1", 'missing required key "glob"'],
    ['[image-map]\n"rhel/9" = "two words"\n', "edge2bootc.toml:2:1", "image-map entry rhel/9 must be one word"],
    ["[defaults\n", "edge2bootc.toml:1:11", "TOML syntax error"],
  ])("rejects %j with a positioned error", (text, where, message) => {
    let error: unknown;
    try {
      parseBatchConfig(text, "edge2bootc.toml");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toContain(where);
    expect((error as InputError).message).toContain(message);
  });
});

describe("globs", () => {
  it.each([
    ["factory/a/b.toml", "factory/**", true],
    ["factory/b.toml", "factory/*.toml", true],
    ["factory/a/b.toml", "factory/*.toml", false],
    ["a/b/site.ks", "*.ks", true],
    ["a/b/site.ks", "**/site.ks", true],
    ["site.ks", "**/site.ks", true],
    ["a/site.ksx", "*.ks", false],
    ["factory", "factory/**", false],
    ["a/x/b/y/c.toml", "a/**/b/**/*.toml", true],
    ["a/b.toml", "a/**/b.toml", true],
    ["ab.toml", "a*b*.t?ml", true],
    ["a/b.toml", "a*b.toml", false],
  ])("%s matches %s: %s", (path, glob, expected) => {
    expect(matchesGlob(path, glob)).toBe(expected);
  });

  it("matches patterns that made the regex matcher backtrack exponentially (issue 18: twelve **/ took 96 s)", () => {
    // With the old matcher this test never finished; the timing target itself lives in npm run bench.
    const pattern = `${"**/".repeat(12)}x.toml`;
    const path = `${"d/".repeat(40)}y.toml`;
    expect(matchesGlob(path, pattern)).toBe(false);
    expect(matchesGlob(path.replace("y.toml", "x.toml"), pattern)).toBe(true);
    expect(matchesGlob("a".repeat(5000), "*a*a*a*a*a*a*a*a*b")).toBe(false);
  });
});

describe("README's edge2bootc.toml reference", () => {
  it("is a valid configuration", async () => {
    const { readFileSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { ROOT } = await import("../helpers.js");
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("### edge2bootc.toml"));
    const example = /```toml\n([\s\S]*?)```/.exec(section)![1]!;
    const config = parseBatchConfig(example, "README.md");
    expect(config.defaults["microshift-version"]).toBe("4.18");
    expect(config.overrides).toHaveLength(1);
    expect(config.pairs).toHaveLength(1);
  });
});

describe("discoverFiles", () => {
  /** A small tree: sites/ with inputs, legacy/ excluded whole, a symlink, and a big non-input folder. */
  function repo(): string {
    const dir = mkdtempSync(join(tmpdir(), "e2b-discover-"));
    for (const [path, text] of [
      ["sites/a/edge.toml", 'name = "a"\n'],
      ["sites/a/edge.ks", "ostreesetup --url=https://h/r --ref=x\n"],
      ["sites/a/notes.md", "# notes\n"],
      ["legacy/old/edge.toml", 'name = "old"\n'],
      ["legacy/old/also.ks", "text\n"],
      ["docs/kickstart.j2", "ostreesetup --url={{ url }} --ref=x\n"],
    ]) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    symlinkSync(join(dir, "sites/a/edge.toml"), join(dir, "sites/link.toml"));
    return dir;
  }

  it("finds candidates by name and template suffix, reports links, and does not walk a folder an exclude glob covers", () => {
    const found = discoverFiles(repo(), [], [], ["legacy/**"]);
    expect(found.candidates).toEqual(["docs/kickstart.j2", "sites/a/edge.ks", "sites/a/edge.toml"]);
    expect([...found.byContent]).toEqual(["docs/kickstart.j2"]);
    expect(found.skipped).toEqual([
      { path: "legacy", reason: "excluded by edge2bootc.toml (legacy/**); not walked" },
      { path: "sites/link.toml", reason: "a symbolic link: batch never follows links; convert its target where it lives" },
    ]);
  });

  it("walks an excluded folder when an include glob reaches into it", () => {
    const found = discoverFiles(repo(), [], ["legacy/old/edge.toml"], ["legacy/**"]);
    expect(found.candidates).toContain("legacy/old/edge.toml");
    expect([...found.named]).toEqual(["legacy/old/edge.toml"]);
  });
});
