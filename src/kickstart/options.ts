import type { Token } from "./shlex.js";

/**
 * How one option takes its value, as pykickstart's KSOptionParser (argparse) declares it:
 * flag = store_true, value = one argument (last wins), list = comma list collected from every use,
 * ksboolean = one of on/yes/true/1/off/no/false/0.
 */
export type OptionKind = "flag" | "value" | "list" | "ksboolean";

export interface OptionSpec {
  name: string;
  kind: OptionKind;
  required?: boolean;
  /** Other spellings that set the same option (e.g. --logfile for --log). */
  aliases?: readonly string[];
}

export interface CommandSpec {
  options: readonly OptionSpec[];
  /** How many positional arguments the command takes. */
  positionals: { min: number; max: number };
}

export interface ParsedOption {
  value: string | true | string[];
  /** The token that set it last. */
  token: Token;
}

export interface OptionProblem {
  severity: "error" | "warning";
  /** 0-based offset in the line. */
  offset: number;
  message: string;
}

export interface ParsedArgs {
  /** Keyed by the option's canonical name (e.g. "--url"). */
  options: Map<string, ParsedOption>;
  positionals: Token[];
  problems: OptionProblem[];
}

const KSBOOLEAN = new Set(["on", "yes", "true", "1", "off", "no", "false", "0"]);

function lookup(spec: CommandSpec, written: string): { option?: OptionSpec; problem?: string; expanded?: boolean } {
  const names = spec.options.flatMap((o) => [o.name, ...(o.aliases ?? [])].map((n) => ({ n, o })));
  const exact = names.find((x) => x.n === written);
  if (exact) return { option: exact.o };
  // argparse accepts any unambiguous prefix (allow_abbrev is on in pykickstart).
  const matches = [...new Set(names.filter((x) => x.n.startsWith(written)).map((x) => x.o))];
  if (matches.length === 1) return { option: matches[0], expanded: true };
  if (matches.length > 1) return { problem: `ambiguous option ${written}: could be ${matches.map((m) => m.name).join(", ")}` };
  return { problem: `unrecognized option ${written} (option names are case-sensitive)` };
}

/** Parses a command's arguments (without the command name) the way argparse would. */
export function parseArgs(args: readonly Token[], spec: CommandSpec): ParsedArgs {
  const options = new Map<string, ParsedOption>();
  const positionals: Token[] = [];
  const problems: OptionProblem[] = [];
  const problem = (severity: OptionProblem["severity"], token: Token, message: string) => problems.push({ severity, offset: token.start, message });

  for (let i = 0; i < args.length; i++) {
    const token = args[i]!;
    if (!token.value.startsWith("-") || token.value === "-") {
      positionals.push(token);
      continue;
    }
    const eq = token.value.indexOf("=");
    const written = eq === -1 ? token.value : token.value.slice(0, eq);
    const found = lookup(spec, written);
    if (!found.option) {
      problem("error", token, found.problem!);
      continue;
    }
    const option = found.option;
    if (found.expanded) problem("warning", token, `abbreviated option ${written} taken as ${option.name}; write it in full`);
    let value: string | undefined = eq === -1 ? undefined : token.value.slice(eq + 1);
    if (option.kind === "flag") {
      if (value !== undefined) problem("error", token, `${option.name} takes no value (ignored explicit argument '${value}')`);
      options.set(option.name, { value: true, token });
      continue;
    }
    if (value === undefined) {
      const next = args[i + 1];
      if (next === undefined || next.value.startsWith("-")) {
        problem("error", token, `${option.name} expects one argument (a value that starts with "-" needs the ${option.name}=value form)`);
        continue;
      }
      value = next.value;
      i++;
    }
    if (option.kind === "ksboolean" && !KSBOOLEAN.has(value.toLowerCase())) {
      problem("error", token, `${option.name} expects on/off, yes/no, true/false or 1/0, not '${value}'`);
    }
    if (option.kind === "list") {
      const before = options.get(option.name)?.value;
      const list = Array.isArray(before) ? before : [];
      options.set(option.name, { value: [...list, ...value.split(",").filter((v) => v !== "")], token });
    } else options.set(option.name, { value, token });
  }
  for (const option of spec.options) {
    if (option.required && !options.has(option.name)) problems.push({ severity: "error", offset: 0, message: `${option.name} is required` });
  }
  const { min, max } = spec.positionals;
  if (positionals.length > max) problem("error", positionals[max]!, `unrecognized argument ${positionals[max]!.value}`);
  if (positionals.length < min) problems.push({ severity: "error", offset: 0, message: `expects ${min} positional argument(s)` });
  return { options, positionals, problems };
}

/** The value of a single-value option, or undefined. */
export function stringOption(parsed: ParsedArgs, name: string): string | undefined {
  const v = parsed.options.get(name)?.value;
  return typeof v === "string" ? v : undefined;
}
