/** Helpers the Dockerfile rules share: the rule type, command lookup, mounts and the final image's stages. */
import type { Rule } from '../types.js';
import type { DockerfileInstruction, ParsedDockerfile } from './parse.js';
import { programName, type ShellCommand } from './shell.js';

/** A rule over a parsed Dockerfile. */
export type DockerfileRule = Rule<ParsedDockerfile>;

/** One simple command of one RUN instruction, with its position among the RUN's commands. */
export interface RunCommand {
  ins: DockerfileInstruction;
  /** The command with wrappers (`sudo -E`, `env X=1`, `nice`) removed: what actually runs. */
  cmd: ShellCommand;
  /** The command as written. */
  raw: ShellCommand;
  /** Index of `cmd` in `ins.commands`. */
  index: number;
  program: string;
}

/** Every simple command of every RUN (ONBUILD RUN included), in file order. */
export function listRunCommands(df: ParsedDockerfile): RunCommand[] {
  const out: RunCommand[] = [];
  for (const ins of df.instructions) {
    if (ins.keyword !== 'RUN' || !ins.commands) continue;
    ins.commands.forEach((raw, index) => {
      const cmd = unwrap(raw);
      out.push({ ins, cmd, raw, index, program: programName(cmd) });
    });
  }
  return out;
}

const WRAPPERS = new Set(['sudo', 'env', 'nice', 'time', 'exec', 'nohup', 'command']);

/** Removes leading wrapper programs and their options (bounded: argv is finite and each step drops a word). */
function unwrap(cmd: ShellCommand): ShellCommand {
  let argv = cmd.argv;
  while (argv.length > 1 && WRAPPERS.has(programName({ argv, piped: false }))) {
    let i = 1;
    while (i < argv.length && (argv[i]!.startsWith('-') || /^[A-Za-z_][A-Za-z0-9_]*=/.test(argv[i]!))) {
      // sudo -u user / -g group take a value.
      if (argv[i] === '-u' || argv[i] === '-g') i++;
      i++;
    }
    argv = argv.slice(i);
  }
  return argv === cmd.argv ? cmd : { argv, piped: cmd.piped };
}

/**
 * True when `argv` has the option: a long name (`--no-cache`, also `--no-cache=…`) or a short letter that may be
 * bundled with others (`-y` inside `-qqy`).
 */
export function hasOption(argv: readonly string[], long: readonly string[], short = ''): boolean {
  for (const a of argv) {
    if (a === '--') return false;
    if (a.startsWith('--')) {
      const name = a.split('=', 1)[0]!;
      if (long.includes(name)) return true;
    } else if (short && a.startsWith('-') && a.length > 1 && /^-[A-Za-z]+$/.test(a)) {
      if ([...short].some((s) => a.includes(s))) return true;
    }
  }
  return false;
}

/**
 * The first non-option word after the program: apt-get's and dnf's subcommand. `valued` lists the options that
 * take a separate value (`-o X`, `-t X`) so that value is not mistaken for the subcommand.
 */
export function subcommand(argv: readonly string[], valued: readonly string[] = []): { name: string; at: number } | undefined {
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('-')) {
      if (valued.includes(a)) i++;
      continue;
    }
    return { name: a, at: i };
  }
  return undefined;
}

/** A `RUN --mount=type=…,target=…` mount. */
export interface Mount {
  type: string;
  target: string;
}

/** The BuildKit mounts of a RUN (https://docs.docker.com/reference/dockerfile/#run---mount). */
export function listMounts(ins: DockerfileInstruction): Mount[] {
  const out: Mount[] = [];
  for (const f of ins.flags) {
    if (f.name !== 'mount' || !f.value) continue;
    const opts = new Map<string, string>();
    for (const part of f.value.split(',')) {
      const eq = part.indexOf('=');
      if (eq > 0) opts.set(part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1).trim());
    }
    const target = opts.get('target') ?? opts.get('dst') ?? opts.get('destination');
    if (target) out.push({ type: opts.get('type') ?? 'bind', target: target.replace(/\/+$/, '') });
  }
  return out;
}

/** True when a cache or tmpfs mount covers one of `dirs`: nothing written there stays in the layer. */
export function hasThrowawayMount(ins: DockerfileInstruction, dirs: readonly string[]): boolean {
  return listMounts(ins).some((m) => (m.type === 'cache' || m.type === 'tmpfs') && dirs.some((d) => d === m.target || d.startsWith(`${m.target}/`)));
}

/**
 * The stages whose filesystem ends up in the final image: the last stage and the stages it is built FROM.
 * Stages only copied from are not in it. With no FROM at all, nothing is (the caller decides what that means).
 */
export function finalStageChain(df: ParsedDockerfile): Set<number> {
  const chain = new Set<number>();
  let s = df.stages.at(-1);
  while (s && !chain.has(s.index)) {
    chain.add(s.index);
    s = s.parentStage === undefined ? undefined : df.stages[s.parentStage];
  }
  return chain;
}

/**
 * The instructions that shape the final image, in build order: the ancestors' first, then the last stage's.
 * For a file with no FROM, every instruction (such a file is a fragment, checked as if it were one stage).
 */
export function finalImageInstructions(df: ParsedDockerfile): DockerfileInstruction[] {
  if (df.stages.length === 0) return df.instructions.filter((i) => !i.onbuild);
  const chain = [...finalStageChain(df)].sort((a, b) => a - b);
  return chain.flatMap((i) => [df.stages[i]!.from, ...df.stages[i]!.instructions]).filter((i) => !i.onbuild);
}

/** True when a later command of the same RUN (index > `after`) matches `pred`. */
export function laterCommand(rc: RunCommand, pred: (cmd: ShellCommand) => boolean): boolean {
  const cmds = rc.ins.commands ?? [];
  for (let i = rc.index + 1; i < cmds.length; i++) if (pred(cmds[i]!)) return true;
  return false;
}

/** True when the command is `rm` with one of its path arguments starting with one of `prefixes`. */
export function removesPath(cmd: ShellCommand, prefixes: readonly string[]): boolean {
  if (programName(cmd) !== 'rm') return false;
  return cmd.argv.slice(1).some((a) => !a.startsWith('-') && prefixes.some((p) => a === p || a.startsWith(p)));
}

/** Strips one pair of matching outer quotes. */
export function unquote(s: string): string {
  if (s.length >= 2 && (s[0] === '"' || s[0] === "'") && s.at(-1) === s[0]) return s.slice(1, -1);
  return s;
}
