import { report, type Finding } from "./core/findings.js";
import { firstTemplateLine, isTemplateName } from "./util/template-input.js";

/**
 * One rule for templated inputs (util/template-input.ts): a template that parsed is converted
 * like any input, and its report says so at the first template expression, since the values
 * holding expressions (an image name, a URL, a partition size) were copied as written. Kickstarts
 * report each placeholder themselves (kickstart.template-placeholder), so only blueprints need it.
 */
export function templateFindings(inputs: readonly { path: string; text: string; kind: string }[]): Finding[] {
  return inputs.flatMap((input) => {
    if (input.kind !== "blueprint") return [];
    const line = firstTemplateLine(input.text);
    if (line === 0 && !isTemplateName(input.path)) return [];
    return [
      report("convert.template-input", { file: input.path, line: Math.max(line, 1), column: 1 }, input.path, {
        title: `${input.path} is a template${line > 0 ? `: a template expression on line ${line}` : ""}`,
        detail:
          "edge2bootc converts what the file holds; template expressions were carried into the generated files as written, and a line that only renders to a command (an if block) was read as it stands.",
      }),
    ];
  });
}
