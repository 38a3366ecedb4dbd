import TOML from "@iarna/toml";
import { describe, expect, it } from "vitest";
import { renderKickstart } from "../../src/render/kickstart.js";
import { GOLDEN_CASES, runCase } from "../cases.js";

describe("kickstarts are documents in the plan (issue 19)", () => {
  it.each(GOLDEN_CASES)("$name: every kickstart written, and config.toml's installer kickstart, is a document rendered by the one renderer", (c) => {
    const result = runCase(c);
    const documents = [...(result.plan?.kickstarts ?? []), ...result.kickstarts.flatMap((k) => k.documents)];
    for (const artifact of result.artifacts.filter((a) => a.kind === "kickstart")) {
      const doc = documents.find((d) => d.path === artifact.path);
      expect(doc, artifact.path).toBeDefined();
      expect(renderKickstart(doc!)).toBe(artifact.contents);
    }
    const config = result.artifacts.find((a) => a.path === "config.toml");
    const contents = config ? (TOML.parse(config.contents) as any).customizations?.installer?.kickstart?.contents : undefined;
    const installer = documents.filter((d) => d.role === "installer");
    if (contents === undefined) expect(installer).toEqual([]);
    else expect(installer.map(renderKickstart)).toEqual([contents]);
  });

  it("covers cases with each role, so the checks above are not vacuous", () => {
    const roles = new Set(
      GOLDEN_CASES.flatMap((c) => {
        const r = runCase(c);
        return [...(r.plan?.kickstarts ?? []), ...r.kickstarts.flatMap((k) => k.documents)].map((d) => d.role);
      }),
    );
    expect([...roles].sort()).toEqual(["converted", "fragment", "installer", "installer-image"]);
  });
});
