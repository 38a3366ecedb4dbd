import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { convertProject } from "../../src/convert.js";
import { loadTemplates } from "../../src/render/templates.js";
import type { ReviewData } from "../../src/report/review-data.js";
import { embedJson, renderBatchReviewPage } from "../../src/report/review-page.js";
import { CLI, listFiles, ROOT, TEST_SALT_SEED, tempDir } from "../helpers.js";

const EXAMPLE = join(ROOT, "examples/edge-project");
const example = () =>
  convertProject(
    {
      blueprint: { path: "examples/edge-project/blueprint.toml", text: readFileSync(join(EXAMPLE, "blueprint.toml"), "utf8") },
      kickstarts: [{ path: "examples/edge-project/edge.ks", text: readFileSync(join(EXAMPLE, "edge.ks"), "utf8") }],
    },
    { salt: { seed: TEST_SALT_SEED } },
  );
const pageOf = (r: { artifacts: { path: string; contents: string }[] }) => r.artifacts.find((a) => a.path === "migration-review.html")!.contents;
const dataOf = (page: string): ReviewData => JSON.parse(/<script type="application\/json" id="e2b-data">([\s\S]*?)<\/script>/.exec(page)![1]!);
const scriptsOf = (page: string) => [...page.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)].map((m) => ({ attrs: m[1]!, body: m[2]! }));

describe("migration-review.html", () => {
  const page = pageOf(example());

  it("allows its one inline script by hash and no request of any kind", () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(page)![1]!;
    expect(csp).toMatch(/^default-src 'none'; /);
    const inline = scriptsOf(page).filter((s) => s.attrs === "");
    expect(inline).toHaveLength(1);
    const hash = createHash("sha256").update(inline[0]!.body).digest("base64");
    expect(csp).toContain(`script-src 'sha256-${hash}';`);
    // Nothing in the markup or the script loads anything: no src, no link to a style sheet, no fetch.
    expect(page).not.toMatch(/\ssrc=|<link\b|<iframe|@import|url\(/i);
    expect(inline[0]!.body).not.toMatch(/\bfetch\(|XMLHttpRequest|import\(|innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(/);
  });

  it("embeds its data as JSON that parses back, with the report's counts and a line map", () => {
    const result = example();
    const data = dataOf(pageOf(result));
    expect(data.summary).toEqual(result.report.summary);
    expect(data.findings.map((f) => f.id)).toEqual(result.report.findings.map((f) => f.id));
    expect(data.inputs.map((i) => i.path)).toEqual(["examples/edge-project/blueprint.toml", "examples/edge-project/edge.ks"]);
    const containerfile = data.outputs.find((o) => o.path === "Containerfile")!;
    expect(containerfile.lines!.length).toBe(
      result.artifacts
        .find((a) => a.path === "Containerfile")!
        .contents.trimEnd()
        .split("\n").length,
    );
    // Every key the page can click is where the blueprint has it.
    const text = readFileSync(join(EXAMPLE, "blueprint.toml"), "utf8").split("\n");
    const hostname = data.keys.find((k) => k.keyPath === "customizations.hostname")!;
    expect(text[hostname.line - 1]).toMatch(/^hostname = /);
  });

  it("links each finding to its rule's heading in docs/rules.md, as GitHub anchors headings", () => {
    // GitHub's heading slug: lower case, punctuation other than - dropped, spaces as -.
    const anchors = new Set(
      readFileSync(join(ROOT, "docs/rules.md"), "utf8")
        .split("\n")
        .filter((l) => l.startsWith("### "))
        .map((l) =>
          l
            .slice(4)
            .toLowerCase()
            .replace(/[^a-z0-9 -]/g, "")
            .replace(/ /g, "-"),
        ),
    );
    const findings = dataOf(page).findings;
    expect(findings.length).toBeGreaterThan(5);
    for (const f of findings) {
      const [doc, anchor] = f.ruleUrl.split("#");
      expect(doc).toBe("https://github.com/edge2bootc/edge2bootc/blob/main/docs/rules.md");
      expect(anchors.has(anchor!), `${f.id} → #${anchor}`).toBe(true);
    }
  });

  it("is the same bytes for the same input", () => {
    expect(pageOf(example())).toBe(page);
  });

  it("shows a password hash masked, and marks the file that holds it private", () => {
    const data = dataOf(page);
    const containerfile = data.outputs.find((o) => o.path === "Containerfile")!;
    expect(containerfile.private).toBe(true);
    expect(page).not.toMatch(/\$6\$[./A-Za-z0-9]{8,}\$/);
    expect(containerfile.lines!.some((l) => l.includes("<redacted-hash>"))).toBe(true);
  });

  it("carries input that closes its script only as data, escaped", () => {
    const hostile = "</script><img src=x onerror=alert(1)><!-- \u2028 & ";
    const r = convertProject({ blueprint: { path: "bp.toml", text: `name = "x"\ndescription = ${JSON.stringify(hostile)}\n` } });
    const html = pageOf(r);
    expect(html).not.toContain("</script><img");
    expect(html).not.toContain("<!-- ");
    expect(html).not.toContain("\u2028");
    expect(dataOf(html).inputs[0]!.lines[1]).toBe(`description = ${JSON.stringify(hostile)}`);
    expect(embedJson({ a: "</script>" })).toBe('{"a":"\\u003c/script\\u003e"}');
  });
});

describe("batch-review.html", () => {
  it("links each converted project's page, names escaped, and has no script", () => {
    const row = { inputs: ["a.toml"], keys: 3, converted: 3, info: 1, warning: 0, unsupported: 0, accepted: 0, error: null };
    const html = renderBatchReviewPage(
      [
        { ...row, name: "web <b>", status: "converted" },
        { ...row, name: "sub/kiosk", status: "converted" },
        { ...row, name: "broken", status: "failed", error: "broken.toml:1:2: <bad>" },
      ],
      "migration-review.html",
      loadTemplates(),
    );
    expect(html).toContain('<a href="web%20%3Cb%3E/migration-review.html">web &lt;b&gt;</a>');
    expect(html).toContain('<a href="sub/kiosk/migration-review.html">sub/kiosk</a>');
    expect(html).toContain("failed: broken.toml:1:2: &lt;bad&gt;");
    expect(html).not.toContain('href="broken/');
    expect(scriptsOf(html)).toEqual([]);
    expect(html).toContain("script-src 'none'");
  });
});

describe("the review page of --check and --diff", () => {
  it("shows, with reports kept apart, each generated file that would change", () => {
    const dir = tempDir();
    const cli = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
    writeFileSync(join(dir, "bp.toml"), 'name = "web"\ndistro = "rhel-9.6"\n[customizations]\nhostname = "web1"\n');
    expect(cli("convert", "bp.toml", "-o", "out", "--reports-dir", "reports", "-q").status).toBe(0);
    const before = dataOf(readFileSync(join(dir, "reports/migration-review.html"), "utf8"));
    expect(before.changes).toBeNull();
    writeFileSync(join(dir, "bp.toml"), 'name = "web"\ndistro = "rhel-9.6"\n[customizations]\nhostname = "web2"\n');
    expect(cli("convert", "bp.toml", "-o", "out", "--reports-dir", "reports", "--check").status).toBe(1);
    const after = dataOf(readFileSync(join(dir, "reports/migration-review.html"), "utf8"));
    expect(after.changes!.map((c) => c.path)).toEqual(["overlay/etc/hostname"]);
    expect(after.changes![0]!.lines).toEqual(expect.arrayContaining(["-web1", "+web2"]));
  });
});

describe("batch and the review pages", () => {
  const cli = (dir: string, ...args: string[]) =>
    spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  function repo() {
    const dir = tempDir();
    for (const name of ["web", "kiosk"]) {
      mkdirSync(join(dir, name));
      writeFileSync(join(dir, name, "blueprint.toml"), `name = "${name}"\ndistro = "rhel-9.6"\n`);
    }
    return dir;
  }

  it("writes none unless asked: a repository of many projects gets no page per project by default", () => {
    const dir = repo();
    expect(cli(dir, "batch", ".", "-q").status).toBe(0);
    expect(listFiles(join(dir, "bootc")).filter((f) => f.endsWith(".html"))).toEqual([]);
  });

  it("with html among the formats, writes each project's page and an index whose links reach them", () => {
    const dir = repo();
    expect(cli(dir, "batch", ".", "-q", "--report-formats", "json,html").status).toBe(0);
    const out = join(dir, "bootc");
    expect(listFiles(out).filter((f) => f.endsWith(".html"))).toEqual([
      "batch-review.html",
      "kiosk/blueprint/migration-review.html",
      "web/blueprint/migration-review.html",
    ]);
    const links = [...readFileSync(join(out, "batch-review.html"), "utf8").matchAll(/<a href="([^"]+)">/g)].map((m) => m[1]!);
    expect(links).toEqual(["kiosk/blueprint/migration-review.html", "web/blueprint/migration-review.html"]);
    for (const link of links) expect(existsSync(join(out, decodeURIComponent(link))), link).toBe(true);
  });

  it("in a review run with the reports kept apart, gives each project's page the changes found", () => {
    const dir = repo();
    expect(cli(dir, "batch", ".", "-q", "--report-formats", "html", "--reports-dir", "r").status).toBe(0);
    writeFileSync(join(dir, "web", "blueprint.toml"), 'name = "web"\ndistro = "rhel-9.6"\n[customizations]\nhostname = "w"\n');
    expect(cli(dir, "batch", ".", "--check", "--report-formats", "html", "--reports-dir", "r").status).toBe(1);
    const web = dataOf(readFileSync(join(dir, "r/web/blueprint/migration-review.html"), "utf8"));
    expect(web.changes!.map((c) => c.path)).toEqual(["Containerfile", "overlay/etc/hostname"]);
    expect(dataOf(readFileSync(join(dir, "r/kiosk/blueprint/migration-review.html"), "utf8")).changes).toEqual([]);
  });
});
