import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./helpers.js";

describe("code style", () => {
  it("src, test, bench and scripts are formatted with prettier (npm run format)", () => {
    const r = spawnSync(process.execPath, [join(ROOT, "node_modules/prettier/bin/prettier.cjs"), "--check", "src", "test", "bench", "scripts"], {
      cwd: ROOT,
      encoding: "utf8",
    });
    expect(r.status, `${r.stdout}${r.stderr}`).toBe(0);
  });
});
