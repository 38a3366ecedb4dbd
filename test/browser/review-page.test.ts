/**
 * The browser tier: migration-review.html opened from disk in Debian's Chromium, driven by
 * playwright-core (1.64, whose Chromium is Debian's 156) through executablePath; never a
 * browser download. Skipped, saying why, where no Chromium is installed (.ci/run installs
 * chromium-headless-shell).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { createTwoFilesPatch } from "diff";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { convertProject } from "../../src/convert.js";
import { withChanges } from "../../src/report/review-page.js";
import type { MigrationReport } from "../../src/report/model.js";
import { ROOT, TEST_SALT_SEED, tempDir } from "../helpers.js";

const CANDIDATES = [process.env.E2B_CHROMIUM, "/usr/bin/chromium-headless-shell", "/usr/bin/chromium"].filter((p): p is string => !!p);
const executable = CANDIDATES.find((p) => existsSync(p));
const skip = executable === undefined ? `no Chromium at ${CANDIDATES.join(", ")} (.ci/run installs chromium-headless-shell)` : undefined;
if (skip) console.log(`browser tier skipped: ${skip}`);

const EXAMPLE = join(ROOT, "examples/edge-project");
const XSS = `</script><img src=x onerror=alert(1)>`;

/** Converts a project in memory and writes its page (and JSON report) to a folder of its own. */
function writePage(blueprint: { path: string; text: string }, kickstart?: { path: string; text: string }) {
  const result = convertProject({ blueprint, ...(kickstart ? { kickstarts: [kickstart] } : {}) }, { salt: { seed: TEST_SALT_SEED } });
  const dir = tempDir();
  const page = result.artifacts.find((a) => a.path === "migration-review.html")!;
  writeFileSync(join(dir, page.path), page.contents);
  return { url: pathToFileURL(join(dir, page.path)).href, report: result.report };
}

const checked: string[] = [];

describe.skipIf(skip !== undefined)("browser tier: the review page in Chromium", () => {
  let browser: Browser;
  let example: { url: string; report: MigrationReport };
  const problems: string[] = [];

  async function open(url: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on("console", (m) => m.type() === "error" && problems.push(`console: ${m.text()}`));
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    page.on("request", (r) => !/^(file|data):/.test(r.url()) && problems.push(`request: ${r.url()}`));
    page.on("dialog", (d) => {
      problems.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    await page.goto(url);
    return page;
  }

  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: executable!,
      // As root in CI; no background traffic on a closed network (Chromium's own services).
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    example = writePage(
      { path: "examples/edge-project/blueprint.toml", text: readFileSync(join(EXAMPLE, "blueprint.toml"), "utf8") },
      { path: "examples/edge-project/edge.ks", text: readFileSync(join(EXAMPLE, "edge.ks"), "utf8") },
    );
  });
  afterAll(async () => {
    await browser?.close();
    if (checked.length) console.log(`browser tier (${executable}): checked ${checked.join("; ")}`);
  });

  it("opens from file:// with no console error and no request but file: and data:", async () => {
    const page = await open(example.url);
    await expect.poll(() => page.locator("#input-code .ln").count()).toBeGreaterThan(10);
    expect(await page.locator("#finding-list li").count()).toBe(example.report.findings.length);
    expect(await page.locator("#coverage-rows tr").count()).toBe(example.report.coverage.length);
    mkdirSync(join(ROOT, "test-results"), { recursive: true });
    await page.screenshot({ path: join(ROOT, "test-results", "review-page.png"), fullPage: false });
    expect(problems).toEqual([]);
    checked.push("no console error or network request", "screenshot test-results/review-page.png");
    await page.close();
  });

  it("clicking an input key highlights the output lines it became, in view, and back", async () => {
    const page = await open(example.url);
    const input = example.report.inputs[0]!.path;
    // The hostname key: where it is, and what the JSON report says it became.
    const text = readFileSync(join(EXAMPLE, "blueprint.toml"), "utf8").split("\n");
    const line = text.findIndex((l) => l.startsWith("hostname =")) + 1;
    const containerfile = example.report.outputs.find((o) => o.path === "Containerfile")!;
    const expected = containerfile
      .regions!.filter((r) => r.sources.some((s) => s.keyPath === "customizations.hostname"))
      .flatMap((r) => Array.from({ length: r.lines[1] - r.lines[0] + 1 }, (_, k) => r.lines[0] + k));
    expect(expected.length).toBeGreaterThan(0);

    await page.locator(`#input-code .ln[data-line="${line}"] .tx`).click();
    await expect.poll(() => page.evaluate(() => location.hash)).toBe(`#in=${encodeURIComponent(input)}:${line}`);
    await expect.poll(() => page.locator("#output-code .ln.hl").count()).toBeGreaterThan(0);
    const highlighted = await page.locator("#output-code .ln.hl").evaluateAll((rows) => rows.map((r) => Number((r as HTMLElement).dataset.line)));
    expect(await page.locator("#output-tabs [aria-selected=true]").getAttribute("title")).toBe("Containerfile");
    expect(highlighted).toEqual(expected);
    const inView = await page.locator(`#output-code .ln[data-line="${expected[0]}"]`).evaluate((row) => {
      const box = row.parentElement!.getBoundingClientRect();
      const r = row.getBoundingClientRect();
      return r.top >= box.top && r.bottom <= box.bottom;
    });
    expect(inView).toBe(true);
    expect(await page.locator("#why").textContent()).toContain(`Containerfile:${expected[0]}`);

    // Back: the COPY line names the key, which lights up in the input.
    await page.locator(`#output-code .ln[data-line="${expected.at(-1)}"] .tx`).click();
    await expect.poll(() => page.locator("#input-code .ln.hl").evaluateAll((rows) => rows.map((r) => Number((r as HTMLElement).dataset.line)))).toContain(line);
    expect(await page.locator("#why").textContent()).toContain("customizations.hostname");
    expect(problems).toEqual([]);
    checked.push("input key → output lines highlighted and in view, and back");
    await page.close();
  });

  it("j and k walk the findings, / searches, a deep link opens a finding", async () => {
    const page = await open(example.url);
    await page.locator("body").press("j");
    await expect.poll(() => page.evaluate(() => location.hash)).toBe("#f=0");
    await expect.poll(() => page.locator("#f0").getAttribute("class")).toContain("current");
    await page.locator("body").press("j");
    await expect.poll(() => page.evaluate(() => location.hash)).toBe("#f=1");
    await page.locator("body").press("k");
    await expect.poll(() => page.evaluate(() => location.hash)).toBe("#f=0");
    // The finding's input line is selected.
    const first = example.report.findings[0]!;
    await expect.poll(() => page.locator(`#input-code .ln.sel`).getAttribute("data-line")).toBe(String(first.source.line));

    await page.locator("body").press("/");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("search");
    await page.keyboard.type(first.id);
    const visible = await page.locator("#finding-list li:not([hidden])").count();
    expect(visible).toBe(example.report.findings.filter((f) => `${f.id} ${f.title} ${f.detail}`.toLowerCase().includes(first.id)).length);

    const last = example.report.findings.length - 1;
    await page.goto(`${example.url}#f=${last}`);
    await expect.poll(() => page.locator(`#f${last}`).getAttribute("class")).toContain("current");
    expect(problems).toEqual([]);
    checked.push("j/k, / search, #f= deep link");
    await page.close();
  });

  it("follows the reader's colour scheme", async () => {
    const page = await open(example.url);
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await page.emulateMedia({ colorScheme: "light" });
    expect(await background()).toBe("rgb(255, 255, 255)");
    await page.emulateMedia({ colorScheme: "dark" });
    expect(await background()).toBe("rgb(13, 17, 23)");
    await page.emulateMedia({ media: "print", colorScheme: "light" });
    expect(await page.locator("nav").isVisible()).toBe(false);
    checked.push("light, dark and print");
    await page.close();
  });

  it("has no serious or critical accessibility violation (axe-core), in light and dark", async () => {
    const page = await open(example.url);
    const axe = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
    for (const scheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.evaluate(axe);
      const violations = await page.evaluate(async () => {
        const r = await (window as unknown as { axe: { run: () => Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }> } }).axe.run();
        return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
      });
      expect(
        violations.filter((v) => v.impact === "serious" || v.impact === "critical"),
        scheme,
      ).toEqual([]);
    }
    checked.push("axe-core: no serious or critical violation");
    await page.close();
  });

  it("shows the changes --check found side by side", async () => {
    const result = convertProject({ blueprint: { path: "bp.toml", text: 'name = "web"\n[customizations]\nhostname = "web2"\n' } });
    const dir = tempDir();
    const diff = createTwoFilesPatch("a/overlay/etc/hostname", "b/overlay/etc/hostname", "web1\n", "web2\n");
    const written = result.artifacts.find((a) => a.path === "migration-review.html")!.contents;
    writeFileSync(join(dir, "page.html"), withChanges(written, [{ path: "overlay/etc/hostname", diff }]));
    const page = await open(pathToFileURL(join(dir, "page.html")).href);
    expect(await page.locator("#changes").isVisible()).toBe(true);
    expect(await page.locator("#change-list .diff .d").allTextContents()).toEqual(["web1"]);
    expect(await page.locator("#change-list .diff .a").allTextContents()).toEqual(["web2"]);
    expect(problems).toEqual([]);
    checked.push("the changes section side by side");
    await page.close();
  });

  it("runs nothing an input smuggles in: a description that closes the script opens no dialog", async () => {
    const hostile = writePage({
      path: "xss/blueprint.toml",
      text: `name = "xss"\ndescription = "${XSS}"\ndistro = "rhel-9.6"\n[customizations]\nhostname = "${XSS.replace(/"/g, "")}"\n`,
    });
    const page = await open(hostile.url);
    await expect.poll(() => page.locator("#input-code .ln").count()).toBeGreaterThan(2);
    expect(await page.locator("img").count()).toBe(0);
    expect(await page.locator("#input-code").textContent()).toContain(XSS);
    expect(problems).toEqual([]);
    // The policy holds in the browser: a script added to the page does not run (Chromium logs the refusal).
    const injected = await page.evaluate(
      () =>
        new Promise<string>((resolve) => {
          document.addEventListener("securitypolicyviolation", (e) => resolve(`blocked by ${e.violatedDirective}`));
          const script = document.createElement("script");
          script.textContent = "document.title = 'ran'";
          document.body.append(script);
          setTimeout(() => resolve(`not blocked, title ${document.title}`), 500);
        }),
    );
    expect(injected).toBe("blocked by script-src-elem");
    expect(problems.every((p) => p.includes("Content Security Policy"))).toBe(true);
    problems.length = 0;
    checked.push("the XSS fixture runs nothing and shows its text");
    await page.close();
  });
});
