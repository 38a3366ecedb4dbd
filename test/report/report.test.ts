import Ajv from "ajv/dist/2020.js";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { convert } from "../../src/convert.js";
import { GOLDEN_CASES, runCase } from "../cases.js";
import { read, ROOT } from "../helpers.js";
import { validateSarif } from "./sarif-schema.js";

const schema = JSON.parse(read(join(ROOT, "schema", "migration-report.schema.json")));
const validateReport = new Ajv({ allErrors: true }).compile(schema);

describe.each(GOLDEN_CASES)("reports for $name", (c) => {
  const result = runCase(c);
  const inputs = new Set(result.report.inputs.map((i) => i.path));
  const json = JSON.parse(result.artifacts.find((a) => a.path === "migration-report.json")!.contents);

  it("match the published JSON schema", () => {
    const ok = validateReport(json);
    expect(validateReport.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it("write SARIF that the SARIF 2.1.0 schema accepts", () => {
    const sarif = JSON.parse(result.artifacts.find((a) => a.path === "migration-report.sarif")!.contents);
    validateSarif(sarif);
    expect(validateSarif.errors ?? []).toEqual([]);
    // and that a broken log fails it, so the check is real
    expect(validateSarif({ ...sarif, runs: [{ results: [] }] })).toBe(false);
  });

  it("list every finding in SARIF with a 1-based region and a rule that has help text", () => {
    const sarif = JSON.parse(result.artifacts.find((a) => a.path === "migration-report.sarif")!.contents);
    const run = sarif.runs[0];
    expect(sarif.version).toBe("2.1.0");
    expect(run.results).toHaveLength(json.findings.length);
    for (const r of run.results) {
      expect(run.tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
      expect(r.locations[0].physicalLocation.region.startLine).toBeGreaterThanOrEqual(1);
      expect(inputs.has(r.locations[0].physicalLocation.artifactLocation.uri), r.locations[0].physicalLocation.artifactLocation.uri).toBe(true);
    }
    for (const rule of run.tool.driver.rules) {
      expect(rule.fullDescription.text).not.toBe("");
      expect(rule.help.text).not.toBe("");
    }
  });

  it("gives every SARIF result its own fingerprint, so code scanning keeps distinct alerts apart (issue 8, defect 4)", () => {
    const sarif = JSON.parse(result.artifacts.find((a) => a.path === "migration-report.sarif")!.contents);
    const prints = sarif.runs[0].results.map((r: { partialFingerprints: Record<string, string> }) => JSON.stringify(r.partialFingerprints));
    expect(new Set(prints).size).toBe(prints.length);
  });
});

describe("SARIF fingerprints", () => {
  it("do not change when an edit moves a finding to another line", async () => {
    const { convertProject } = await import("../../src/convert.js");
    const ks = "lang C\nurl --url=http://h/x\nostreesetup --nogpg --osname=rhel --url=https://h/r --ref=r\n";
    const prints = (text: string) =>
      JSON.parse(
        convertProject({ kickstarts: [{ path: "e.ks", text }] }).artifacts.find((a) => a.path === "migration-report.sarif")!.contents,
      ).runs[0].results.map((r: { ruleId: string; partialFingerprints: object }) => [r.ruleId, r.partialFingerprints]);
    expect(prints(`# moved down\n${ks}`)).toEqual(prints(ks));
  });

  it("do not change when an unrelated list grows (a title that counts images is not part of them, issue 19)", () => {
    const blueprint = (n: number) =>
      `name = "c"\ndistro = "rhel-9.6"\n${Array.from({ length: n }, (_, i) => `[[containers]]\nsource = "quay.io/example/app${i}:1"\n`).join("")}`;
    const results = (text: string) =>
      new Map<string, { title: string; print: string }>(
        JSON.parse(convert({ path: "b.toml", text }).artifacts.find((a) => a.path === "migration-report.sarif")!.contents).runs[0].results.map(
          (r: { ruleId: string; message: { text: string }; partialFingerprints: Record<string, string> }) => [
            r.ruleId,
            { title: r.message.text, print: r.partialFingerprints["edge2bootc/v1"]! },
          ],
        ),
      );
    const one = results(blueprint(1));
    const two = results(blueprint(2));
    // The title does change ("1 image(s)" -> "2 image(s)"), so the fingerprint would have with titles in it.
    expect(two.get("containers.logically-bound")!.title).not.toBe(one.get("containers.logically-bound")!.title);
    expect(two.get("containers.logically-bound")!.print).toBe(one.get("containers.logically-bound")!.print);
  });
});

describe("coverage", () => {
  it("names only files of the output folder that were written (issue 19: the pull secret appended to kickstarts named a fragment never written)", () => {
    for (const c of GOLDEN_CASES) {
      const result = runCase(c);
      const written = new Set(result.artifacts.map((a) => a.path));
      const named = result.report.coverage.flatMap((e) => (e.artifact ?? "").split(", ")).filter((p) => /^(kickstart|overlay)\//.test(p));
      for (const path of named) expect(written.has(path), `${c.name}: coverage names ${path}`).toBe(true);
    }
  });
});

describe("the one finding constructor", () => {
  it("gives every finding of every golden case its rule's severity, and a subject", async () => {
    const { RULES } = await import("../../src/core/rules.js");
    for (const c of GOLDEN_CASES)
      for (const f of runCase(c).report.findings) {
        expect(f.severity, `${c.name}: ${f.id}`).toBe(RULES[f.id].severity);
        expect(f.subject, `${c.name}: ${f.id}`).not.toBe("");
      }
  });

  it("takes the rule's remediation when an occurrence gives none, and the occurrence's when it does", async () => {
    const { report } = await import("../../src/core/findings.js");
    const { RULES } = await import("../../src/core/rules.js");
    const at = { file: "b.toml", line: 1, column: 1 };
    expect(report("files.duplicate-path", at, "/etc/x", { title: "t", detail: "d" }).remediation).toBe(RULES["files.duplicate-path"].remediation);
    expect(report("files.duplicate-path", at, "/etc/x", { title: "t", detail: "d", remediation: "r" }).remediation).toBe("r");
  });
});

describe("secrets", () => {
  const secrets = [
    "plain-admin-secret", // plaintext password
    "fixture-root-plaintext",
    "fixture-token-value-not-a-real-secret", // file data under /root
    "$6$kioskdemo$", // crypted hash
    "RootKeyForFixturesOnly", // ssh key
    "KioskOperatorDemoKey",
    "$6$e2bfixture$", // kickstart user --password
    "fixture-field-plaintext", // deploy-time user password (hashed into config.toml)
    "$6$fixture$",
    "Zml4dHVyZS11c2VyOmZpeHR1cmUtcGFzc3dvcmQ=", // --registry-auth-file contents
    "Zml4dHVyZTpub3QtYS1yZWFsLXNlY3JldA==", // MicroShift pull secret in a %post include
  ];
  for (const c of GOLDEN_CASES) {
    it(`never appear in the reports of ${c.name}`, () => {
      const result = runCase(c);
      for (const report of result.artifacts.filter((a) => a.kind === "report")) {
        for (const secret of secrets) expect(report.contents, `${report.path} leaks ${secret}`).not.toContain(secret);
        for (const hash of report.contents.match(/\$6\$[./0-9A-Za-z]+\$[./0-9A-Za-z]{20,}/g) ?? []) {
          expect.fail(`${report.path} contains a password hash ${hash.slice(0, 8)}…`);
        }
      }
    });
  }

  it("the secrets above do reach the build context where they belong (so the check above is not vacuous)", () => {
    const result = convert({ path: "a.toml", text: read(join(ROOT, "fixtures/accounts/input/blueprint.toml")) });
    const containerfile = result.artifacts.find((a) => a.path === "Containerfile")!.contents;
    expect(containerfile).toMatch(/usermod -p '\$6\$/);
    const tmpfiles = result.artifacts.find((a) => a.path.includes("tmpfiles.d"))!.contents;
    expect(tmpfiles).toContain("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIRootKeyForFixturesOnly root@fixture\\n");
    const microshift = runCase(GOLDEN_CASES.find((c) => c.name === "kickstart/microshift-lvm")!);
    const ks = microshift.artifacts.find((a) => a.path === "kickstart/microshift.ks")!;
    expect(ks.contents).toContain("Zml4dHVyZS11c2VyOmZpeHR1cmUtcGFzc3dvcmQ=");
    expect(ks.sensitive).toBe(true);
  });
});
