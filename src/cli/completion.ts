import type { Command } from "commander";

/** What a shell completes: each command's name and its long flags with their help. */
interface CompletionCommand {
  name: string;
  flags: { flag: string; help: string }[];
}

export const SHELLS = ["bash", "zsh", "fish"] as const;
export type Shell = (typeof SHELLS)[number];

/** The commands and flags as commander holds them, so completion cannot drift from the CLI. */
export function completionModel(program: Command): CompletionCommand[] {
  return program.commands.map((cmd) => ({
    name: cmd.name(),
    flags: [...cmd.options.map((o) => ({ flag: o.long ?? "", help: o.description })).filter((f) => f.flag !== ""), { flag: "--help", help: "display help" }],
  }));
}

const bashWords = (words: string[]) => words.join(" ");

/**
 * bash fills COMPREPLY with mapfile (shellcheck SC2207); zsh has no such builtin (its mapfile is a
 * module of another meaning), and splits an unquoted command substitution into words itself.
 */
function bash(commands: CompletionCommand[], forZsh = false): string {
  const reply = (command: string) => (forZsh ? `COMPREPLY=($(${command}))` : `mapfile -t COMPREPLY < <(${command})`);
  const cases = commands.map((c) => `    ${c.name}) opts="${bashWords(c.flags.map((f) => f.flag))}" ;;`).join("\n");
  return `# edge2bootc completion for bash: edge2bootc completion bash > ~/.local/share/bash-completion/completions/edge2bootc
_edge2bootc() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" opts=""
  if [ "$COMP_CWORD" -eq 1 ]; then
    ${reply(`compgen -W "${bashWords(commands.map((c) => c.name))} --help --version" -- "$cur"`)}
    return
  fi
  case "\${COMP_WORDS[1]}" in
${cases}
  esac
  if [[ "$cur" == -* ]]; then
    ${reply('compgen -W "$opts" -- "$cur"')}
  else
    ${reply('compgen -f -- "$cur"')}
  fi
}
complete -o filenames -F _edge2bootc edge2bootc
`;
}

/** zsh runs the bash function through bashcompinit, zsh's own bridge for bash completions. */
function zsh(commands: CompletionCommand[]): string {
  return `# edge2bootc completion for zsh: in ~/.zshrc, source <(edge2bootc completion zsh)
autoload -U +X compinit && compinit
autoload -U +X bashcompinit && bashcompinit
${bash(commands, true).split("\n").slice(1).join("\n")}`;
}

const fishText = (s: string) => `'${s.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;

function fish(commands: CompletionCommand[]): string {
  const lines = [
    "# edge2bootc completion for fish: edge2bootc completion fish > ~/.config/fish/completions/edge2bootc.fish",
    `complete -c edge2bootc -n __fish_use_subcommand -f -a ${fishText(commands.map((c) => c.name).join(" "))}`,
  ];
  for (const c of commands)
    for (const f of c.flags)
      lines.push(`complete -c edge2bootc -n ${fishText(`__fish_seen_subcommand_from ${c.name}`)} -l ${f.flag.slice(2)} -d ${fishText(f.help)}`);
  return `${lines.join("\n")}\n`;
}

export function completionScript(shell: Shell, program: Command): string {
  const model = completionModel(program);
  return shell === "bash" ? bash(model) : shell === "zsh" ? zsh(model) : fish(model);
}
