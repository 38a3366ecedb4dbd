import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI, tempDir } from "../helpers.js";

const script = (shell: string) => {
  const r = spawnSync(process.execPath, [CLI, "completion", shell], { encoding: "utf8" });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
};
const has = (tool: string) => spawnSync(tool, ["--version"]).status === 0;

/** What bash offers for the words typed so far, through the completion function the script defines. */
function bashComplete(words: string[]): string[] {
  const file = join(tempDir(), "edge2bootc.bash");
  writeFileSync(file, script("bash"));
  const typed = words.map((w) => `'${w}'`).join(" ");
  const r = spawnSync(
    "bash",
    ["-c", `source "${file}"; COMP_WORDS=(${typed}); COMP_CWORD=${words.length - 1}; _edge2bootc; printf '%s\\n' "\${COMPREPLY[@]}"`],
    {
      encoding: "utf8",
    },
  );
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.split("\n").filter((l) => l !== "");
}

describe("edge2bootc completion", () => {
  it("bash completes commands, and each command's own flags from the CLI's definition", () => {
    expect(bashComplete(["edge2bootc", "b"])).toEqual(["batch"]);
    expect(bashComplete(["edge2bootc", "batch", "--pr"])).toEqual(["--provenance", "--prune"]);
    expect(bashComplete(["edge2bootc", "convert", "--reports"])).toEqual(["--reports-dir"]);
    // kickstart has no blueprint settings; convert does.
    expect(bashComplete(["edge2bootc", "kickstart", "--source"])).toEqual([]);
    expect(bashComplete(["edge2bootc", "convert", "--source"])).toEqual(["--source-image-type"]);
  });

  it.skipIf(!has("shellcheck"))("the bash script passes shellcheck", () => {
    const file = join(tempDir(), "edge2bootc.bash");
    writeFileSync(file, script("bash"));
    const r = spawnSync("shellcheck", ["-s", "bash", file], { encoding: "utf8" });
    expect(r.stdout + r.stderr).toBe("");
  });

  it("zsh and fish name the same commands and flags (and parse, where the shell is installed)", () => {
    const zsh = script("zsh");
    expect(zsh).toContain("bashcompinit");
    expect(zsh).not.toContain("mapfile"); // zsh has no mapfile builtin
    expect(zsh).toContain('batch) opts="');
    const fish = script("fish");
    expect(fish).toContain("complete -c edge2bootc -n '__fish_seen_subcommand_from batch' -l prune");
    expect(fish).toContain("-l report-formats");
    for (const [shell, text] of [
      ["zsh", zsh],
      ["fish", fish],
    ] as const) {
      if (!has(shell)) continue;
      const file = join(tempDir(), `c.${shell}`);
      writeFileSync(file, text);
      expect(spawnSync(shell, ["-n", file]).status).toBe(0);
    }
  });

  it("refuses an unknown shell with exit 2", () => {
    const r = spawnSync(process.execPath, [CLI, "completion", "tcsh"], { encoding: "utf8" });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("Allowed choices are bash, zsh, fish");
  });
});
