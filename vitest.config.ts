import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30000,
    // The JSON file lets .ci/run print a portable "N passed, N failed" line.
    reporters: ["default", ["json", { outputFile: "test-results.json" }]],
  },
});
