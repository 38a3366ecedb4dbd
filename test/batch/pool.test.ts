/** Issue 18, major 8: a failure while handling a worker's result reaches run(), never Node's uncaught-exception printer. */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers.js";

const POOL = join(ROOT, "dist/src/batch/pool.js");

describe.skipIf(!existsSync(POOL))("the batch worker pool (compiled: npm run compile)", () => {
  it("rejects with the error thrown while a result is handled, and converts nothing more", async () => {
    const { convertPool } = (await import(POOL)) as typeof import("../../src/batch/pool.js");
    const job = (i: number) => ({
      root: ROOT,
      project: { name: `p${i}`, kickstarts: [`k${i}.ks`] },
      options: {},
      salt: { seed: "x" },
      texts: { [`k${i}.ks`]: "lang C\n" },
    });
    const seen: number[] = [];
    const run = convertPool(2)([job(0), job(1), job(2), job(3)], (index) => {
      seen.push(index);
      throw new Error("disk on fire");
    });
    await expect(run).rejects.toThrow("disk on fire");
    expect(seen.length).toBeLessThanOrEqual(2);
  });
});
