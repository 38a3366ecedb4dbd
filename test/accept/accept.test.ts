import Ajv from "ajv/dist/2020.js";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseBaseline, renderBaseline } from "../../src/accept/baseline.js";
import { parseBatchConfig } from "../../src/batch/config.js";
import { convertProject, type ConvertOptions } from "../../src/convert.js";
import { InputError } from "../../src/core/errors.js";
import { read, ROOT, TEST_SALT_SEED } from "../helpers.js";
import { validateSarif } from "../report/sarif-schema.js";

const validateReport = new Ajv({ allErrors: true }).compile(JSON.parse(read(join(ROOT, "schema", "migration-report.schema.json"))));

const USER = (name: string, comment = "") => `[[customizations.user]]\nname = "${name}"\n${comment}password = "changeme"\n`;
const convert = (text: string, options: ConvertOptions = {}, path = "bp.toml") =>
  convertProject({ blueprint: { path, text: `name = "lab"\ndistro = "rhel-9.6"\n\n${text}` } }, { salt: { seed: TEST_SALT_SEED }, ...options });
const plaintext = (r: ReturnType<typeof convert>) => r.report.findings.filter((f) => f.id === "users.password-plaintext");
const artifact = (r: ReturnType<typeof convert>, path: string) => r.artifacts.find((a) => a.path === path)!.contents;

describe("accept comments", () => {
  it("accept the named rule on the next line, with the reason, and leave it out of the severity counts", () => {
    const before = convert(USER("admin"));
    const after = convert(USER("admin", "# edge2bootc: accept users.password-plaintext -- lab devices, rotated at first boot\n"));
    const [f] = plaintext(after);
    expect(f!.accepted).toEqual({ by: "inline", reason: "lab devices, rotated at first boot", at: { file: "bp.toml", line: 6, column: 1 } });
    expect(f!.source.line).toBe(7);
    expect(after.report.summary.warning).toBe(before.report.summary.warning - 1);
    expect(after.report.summary.accepted).toBe(1);
    // Other rules on the same account are untouched.
    expect(after.report.findings.filter((x) => x.id !== "users.password-plaintext" && x.accepted)).toEqual([]);
  });

  it("accept nothing without a reason, name an unknown rule with a suggestion, and report a comment that matched nothing", () => {
    const r = convert(
      USER("admin", "# edge2bootc: accept users.password-plaintext\n") +
        '\n# edge2bootc: accept users.pasword-plaintext -- typo\n[customizations.timezone]\n# edge2bootc: accept users.password-in-image -- nothing here\ntimezone = "UTC"\n',
    );
    expect(plaintext(r)[0]!.accepted).toBeUndefined();
    const ids = r.report.findings.filter((f) => f.id.startsWith("accept.")).map((f) => [f.id, f.source.line]);
    expect(ids).toEqual([
      ["accept.no-reason", 6],
      ["accept.unknown-rule", 9],
      ["accept.unused", 11],
    ]);
    expect(r.report.findings.find((f) => f.id === "accept.unknown-rule")!.title).toContain("did you mean users.password-plaintext?");
  });

  it("work in a kickstart, above the command the finding names", () => {
    const ks = (comment: string) => ({ path: "edge.ks", text: `${comment}ostreesetup --osname=rhel --url=http://x/repo --ref=rhel/9/x86_64/edge\n` });
    const run = (comment: string) => convertProject({ kickstarts: [ks(comment)] }, {});
    const plain = run("").report.findings.filter((f) => f.source.line === 1 && !f.id.startsWith("accept."));
    expect(plain.length).toBeGreaterThan(0);
    const rule = plain[0]!.id;
    const accepted = run(`# edge2bootc: accept ${rule} -- the image is set per site\n`).report.findings.filter((f) => f.id === rule);
    expect(accepted.every((f) => f.accepted?.by === "inline" && f.source.line === 2)).toBe(true);
  });

  it("keep the reason in the Markdown report, SARIF suppressions and a JSON report the schema accepts, masking secrets", () => {
    const r = convert(
      USER("admin", "# edge2bootc: accept users.password-plaintext -- old hash was $6$abcdefgh$0123456789abcdefghijABCDEFGHIJ0123456789abcdefghij\n"),
    );
    const json = JSON.parse(artifact(r, "migration-report.json"));
    expect(validateReport(json), JSON.stringify(validateReport.errors)).toBe(true);
    expect(artifact(r, "migration-report.json")).not.toContain("$6$abcdefgh$");
    expect(artifact(r, "migration-report.md")).toMatch(/## Accepted by the team\n\n### The plaintext password of admin[^\n]*\n[\s\S]*- Accepted: old hash was/);
    const sarif = JSON.parse(artifact(r, "migration-report.sarif"));
    expect(validateSarif(sarif), JSON.stringify(validateSarif.errors)).toBe(true);
    const suppressed = sarif.runs[0].results.filter((x: { suppressions?: unknown[] }) => x.suppressions);
    expect(suppressed).toHaveLength(1);
    expect(suppressed[0].ruleId).toBe("users.password-plaintext");
    expect(suppressed[0].suppressions[0]).toMatchObject({ kind: "inSource", status: "accepted" });
    expect(suppressed[0].suppressions[0].justification).not.toContain("$6$abcdefgh$");
  });
});

describe("[[accept]] in edge2bootc.toml", () => {
  const config = (entry: string) => parseBatchConfig(`[[accept]]\n${entry}\n`, "edge2bootc.toml");

  it("accepts a rule for the files its globs match, and only those", () => {
    const { accept } = config('rule = "users.password-plaintext"\nreason = "lab fleet"\npaths = ["lab/**"]');
    const lab = convert(USER("admin"), { accept: { config: accept } }, "lab/site1.toml");
    const prod = convert(USER("admin"), { accept: { config: accept } }, "prod/site1.toml");
    expect(plaintext(lab)[0]!.accepted).toMatchObject({ by: "config", reason: "lab fleet", at: { file: "edge2bootc.toml", line: 1 } });
    expect(plaintext(prod)[0]!.accepted).toBeUndefined();
    expect(
      JSON.parse(artifact(lab, "migration-report.sarif")).runs[0].results.find((x: { ruleId: string }) => x.ruleId === "users.password-plaintext")
        .suppressions[0].kind,
    ).toBe("external");
  });

  it("refuses a rule that is not in the catalogue, with a suggestion, and an entry without a reason", () => {
    const errorOf = (entry: string) => {
      try {
        config(entry);
      } catch (e) {
        return (e as InputError).diagnostics.map((d) => `${d.source.line}:${d.source.column} ${d.message}`);
      }
      return [];
    };
    expect(errorOf('rule = "parity.disable"\nreason = "x"')).toEqual(['2:1 accept[0].rule "parity.disable" is not a rule; did you mean parity.disabled?']);
    expect(errorOf('rule = "parity.disabled"\nreason = "  "')).toEqual(["3:1 accept[0].reason must say why the finding is accepted"]);
    expect(errorOf('rule = "parity.disabled"')[0]).toMatch(/reason/);
  });
});

describe("baselines", () => {
  it("accept every finding recorded, survive lines moving, and leave a new finding unaccepted", () => {
    const first = convert(USER("admin"));
    const baseline = parseBaseline(renderBaseline(first.report.findings), "baseline.json");
    expect(baseline.fingerprints.length).toBe(first.report.findings.length);
    // Lines move (a comment at the top) and a second account brings a finding of the same rule.
    const later = convertProject(
      { blueprint: { path: "bp.toml", text: `# moved\n\nname = "lab"\ndistro = "rhel-9.6"\n\n${USER("admin")}\n${USER("ops")}` } },
      { salt: { seed: TEST_SALT_SEED }, accept: { baseline } },
    );
    const open = later.report.findings.filter((f) => !f.accepted);
    expect(open.map((f) => f.subject).every((s) => s.includes("user[1]")) && open.length > 0).toBe(true);
    expect(later.report.findings.filter((f) => f.accepted).every((f) => f.accepted!.by === "baseline")).toBe(true);
    expect(later.report.summary.accepted).toBe(first.report.findings.length);
  });

  it("hold no finding text, and are refused with a position when they are not a baseline", () => {
    const text = renderBaseline(convert(USER("admin")).report.findings);
    expect(text).not.toContain("plaintext password");
    const refused = (t: string) => {
      try {
        parseBaseline(t, "b.json");
      } catch (e) {
        return (e as InputError).diagnostics[0]!;
      }
      return undefined;
    };
    expect(refused('{\n  "format": 1,\n  oops\n}')).toMatchObject({ source: { file: "b.json", line: 3 } });
    expect(refused('{"findings": []}')!.message).toContain("edge2bootc-baseline/v1");
    expect(refused('{"format": "edge2bootc-baseline/v1", "findings": [{"fingerprint": "x"}]}')!.message).toContain("findings[0]");
  });
});
