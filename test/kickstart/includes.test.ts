import { describe, expect, it } from "vitest";
import { expandIncludes, includePath } from "../../src/kickstart/includes.js";
import { parseKickstart } from "../../src/kickstart/parse.js";

const files: Record<string, string> = {
  "proj/main.ks":
    "lang en_US.UTF-8\n%include parts/storage.cfg\n%include /tmp/part-include\n%post\necho before\n%include /post-extra.cfg\necho after\n%end\n%include loop.cfg\n",
  "proj/parts/storage.cfg": "zerombr\nclearpart --all\n",
  "proj/post-extra.cfg": "echo from-include\n",
  "proj/loop.cfg": "%include loop.cfg\n",
};
const load = (p: string) => files[p];

describe("%include", () => {
  const ks = parseKickstart(files["proj/main.ks"]!, "proj/main.ks");
  const expanded = expandIncludes(ks, load);

  it("splices commands from files next to the kickstart", () => {
    const names = expanded.entries.filter((e) => e.kind === "command").map((e) => (e.kind === "command" ? e.name : ""));
    expect(names).toEqual(["lang", "zerombr", "clearpart"]);
    const clearpart = expanded.entries.find((e) => e.kind === "command" && e.name === "clearpart")!;
    expect(clearpart).toMatchObject({ file: "proj/parts/storage.cfg", line: 2 });
  });

  it("expands includes inside a section body in place, as ksflatten does", () => {
    const post = expanded.entries.find((e) => e.kind === "section")!;
    expect(post.kind === "section" && post.body.map((b) => b.raw)).toEqual(["echo before", "echo from-include", "echo after"]);
  });

  it("keeps and reports what cannot be resolved, and stops cycles", () => {
    expect(expanded.unresolved.map((u) => [u.target, u.reason, u.line.line])).toEqual([
      ["/tmp/part-include", "generated-at-install", 3],
      ["loop.cfg", "cycle", 1],
    ]);
    expect(expanded.included).toEqual(["proj/parts/storage.cfg", "proj/post-extra.cfg", "proj/loop.cfg"]);
  });

  it("leaves the printed kickstart untouched (includes stay verbatim)", () => {
    expect(ks.entries.filter((e) => e.kind === "include")).toHaveLength(3);
  });

  it("classifies targets", () => {
    expect(includePath("http://x/ks.cfg", "a/b.ks", "a")).toBe("remote");
    expect(includePath("/run/install/x.cfg", "a/b.ks", "a")).toBe("generated-at-install");
    expect(includePath("../c.cfg", "a/sub/b.ks", "a")).toBe("a/c.cfg");
    expect(includePath("missing.cfg", "a/b.ks", "a")).toBe("a/missing.cfg");
  });
});
