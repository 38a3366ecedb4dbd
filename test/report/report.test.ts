import Ajv from "ajv/dist/2020.js";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { convert } from "../../src/convert.js";
import { read, ROOT } from "../helpers.js";

const schema = JSON.parse(read(join(ROOT, "schema", "migration-report.schema.json")));
const validateReport = new Ajv({ allErrors: true }).compile(schema);

const inputs = [
  ...readdirSync(join(ROOT, "fixtures")).map((c) => `fixtures/${c}/input/blueprint.toml`),
  "examples/edge-project/blueprint.toml",
].sort();

describe.each(inputs)("reports for %s", (input) => {
  const result = convert({ path: input, text: read(join(ROOT, input)) });
  const json = JSON.parse(result.artifacts.find((a) => a.path === "migration-report.json")!.contents);

  it("match the published JSON schema", () => {
    const ok = validateReport(json);
    expect(validateReport.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it("list every finding in SARIF with a 1-based region and a rule that has help text", () => {
    const sarif = JSON.parse(result.artifacts.find((a) => a.path === "migration-report.sarif")!.contents);
    const run = sarif.runs[0];
    expect(sarif.version).toBe("2.1.0");
    expect(run.results).toHaveLength(json.findings.length);
    for (const r of run.results) {
      expect(run.tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
      expect(r.locations[0].physicalLocation.region.startLine).toBeGreaterThanOrEqual(1);
      expect(r.locations[0].physicalLocation.artifactLocation.uri).toBe(input);
    }
    for (const rule of run.tool.driver.rules) {
      expect(rule.fullDescription.text).not.toBe("");
      expect(rule.help.text).not.toBe("");
    }
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
  ];
  for (const input of inputs) {
    it(`never appear in the reports of ${input}`, () => {
      const result = convert({ path: input, text: read(join(ROOT, input)) });
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
    expect(tmpfiles).toContain(Buffer.from("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIRootKeyForFixturesOnly root@fixture\n").toString("base64"));
  });
});
