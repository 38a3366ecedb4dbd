import { pathToFileURL } from "node:url";
import { run } from "./program.js";

/**
 * Runs the CLI with the process's streams. The bin (launch.ts) calls it from the CommonJS bundle;
 * `node dist/src/cli/main.js` runs it unbundled.
 */
export async function main(argv: string[]): Promise<void> {
  // `edge2bootc convert --diff | head` closes the pipe early; that is not an error worth a stack trace.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (e: NodeJS.ErrnoException) => {
      if (e.code !== "EPIPE") throw e;
      process.exit(process.exitCode ?? 0);
    });
  }
  process.exitCode = await run(argv, {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    env: process.env,
    cwd: process.cwd(),
    stderrIsTTY: process.stderr.isTTY === true,
  });
}

export { warmUp } from "./warm-up.js";

// Run unbundled (`node dist/src/cli/main.js`); in the bundle the bin calls main itself.
const script = process.argv[1];
if (script !== undefined && import.meta.url === pathToFileURL(script).href) void main(process.argv.slice(2));
