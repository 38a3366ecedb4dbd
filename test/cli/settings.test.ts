import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseBatchConfig } from "../../src/batch/config.js";
import { InputError } from "../../src/core/errors.js";
import { run } from "../../src/cli/program.js";
import { SETTING_NAMES, SETTINGS } from "../../src/settings.js";
import { listFiles, read, tempDir } from "../helpers.js";

async function cli(args: string[], cwd: string) {
  let stdout = "";
  let stderr = "";
  const code = await run(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), env: { NO_COLOR: "1" }, cwd });
  return { code, stdout, stderr };
}

const configError = (text: string) => {
  try {
    parseBatchConfig(text, "edge2bootc.toml");
  } catch (e) {
    return (e as InputError).diagnostics.map((d) => d.message).join("\n");
  }
  return "";
};

describe("one table of conversion settings (issue 19)", () => {
  it("every setting is a flag of convert and of batch, and a key of edge2bootc.toml", async () => {
    const help = async (command: string) => (await cli([command, "--help"], tempDir())).stdout;
    const [convert, batch] = [await help("convert"), await help("batch")];
    for (const name of SETTING_NAMES) {
      const flag = SETTINGS[name].value === undefined ? `--no-${name}` : `--${name} ${SETTINGS[name].value}`;
      expect(convert, name).toContain(flag);
      expect(batch, name).toContain(flag);
      expect(configError(`[defaults]\n${name} = ${SETTINGS[name].value === undefined ? "false" : '"x y"'}\n`), name).not.toMatch(/unknown key/);
    }
  });

  it.each([
    ["containers", "virtual", "one of logical, physical"],
    ["source-image-type", "edge-iso", "one of edge-commit"],
    ["bib-profile", "2025-13", "a release month such as 2025-06"],
    ["image", "a b", "must be one word without spaces or control characters"],
  ])("refuses a bad %s the same way as a flag and as a config key", async (name, value, expected) => {
    const dir = tempDir();
    writeFileSync(join(dir, "bp.toml"), 'name = "x"\n');
    const flag = await cli(["convert", "bp.toml", `--${name}`, value], dir);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain(expected);
    expect(configError(`[defaults]\n${name} = "${value}"\n`)).toContain(expected);
  });

  it("batch takes --no-edge-parity like convert (issue 20 asked for it; the table gives it)", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "bp.toml"), 'name = "x"\ndistro = "rhel-9.6"\n');
    expect((await cli(["batch", ".", "-o", "out", "--no-edge-parity", "-q"], dir)).code).toBe(0);
    const containerfile = listFiles(join(dir, "out")).find((f) => f.endsWith("Containerfile"))!;
    expect(read(join(dir, "out", containerfile))).not.toContain("greenboot");
    expect((await cli(["batch", ".", "-o", "out2", "-q"], dir)).code).toBe(0);
    expect(read(join(dir, "out2", containerfile))).toContain("greenboot");
  });
});
