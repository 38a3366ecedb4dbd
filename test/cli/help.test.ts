import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { CLI } from "../helpers.js";

const help = (command: string) => {
  const r = spawnSync(process.execPath, [CLI, command, "--help"], { encoding: "utf8" });
  expect(r.status).toBe(0);
  return r.stdout;
};

describe("--help", () => {
  for (const command of ["convert", "kickstart", "batch"]) {
    it(`${command}: examples that use only its own flags, the exit codes and the docs link`, () => {
      const text = help(command);
      const examples = text.slice(text.indexOf("Examples:"), text.indexOf("Exit codes:"));
      const lines = examples.split("\n").filter((l) => l.trim().startsWith("edge2bootc "));
      expect(lines.length).toBeGreaterThanOrEqual(2);
      const options = text.slice(0, text.indexOf("Examples:"));
      for (const line of lines) {
        expect(line.trim().startsWith(`edge2bootc ${command} `), line).toBe(true);
        for (const flag of line.replace(/#.*$/, "").match(/--[a-z-]+/g) ?? []) expect(options, `${command}: ${flag}`).toContain(`${flag} `);
      }
      expect(text).toContain("4  a finding at or above --fail-on that nobody accepted");
      expect(text).toContain("Docs: https://github.com/edge2bootc/edge2bootc#readme");
    });
  }
});
