/**
 * The command-line tokenizer behind the option table: the rules of Node.js's `util.parseArgs` in its strict mode
 * with positionals allowed (`--name value`, `--name=value`, `-n value`, `-nvalue`, grouped short booleans `-ab`,
 * `--` ending the options, the last of a repeated option winning), written out because `util.parseArgs` is an
 * internal module Node.js compiles on first use, 3–4 ms of every run. `args.test.ts` checks it against
 * `util.parseArgs` on the same inputs.
 */

export interface ArgSpec {
  type: 'string' | 'boolean';
  /** One character, used as `-x`. */
  short?: string;
}

export interface ParsedArgs {
  values: Record<string, string | boolean>;
  positionals: string[];
}

/** A malformed command line: an unknown option, a missing or ambiguous value, a value given to a boolean. */
export class ArgvError extends Error {
  override readonly name = 'ArgvError';
  readonly code = 'USAGE';
}

/** A value that looks like an option (`-x`, `--x`), which a string option refuses unless written `--name=-x`. */
function optionLike(value: string): boolean {
  return value.length > 1 && value.charCodeAt(0) === 0x2d;
}

function label(name: string, spec: ArgSpec): string {
  return spec.short ? `-${spec.short}, --${name}` : `--${name}`;
}

/**
 * Split `argv` into option values and positionals.
 * @throws ArgvError for an unknown option, a string option without a value (or with one that looks like an
 *   option), or a boolean option given a value
 * @example parseArgv(['-f', 'json', 'img'], { format: { type: 'string', short: 'f' } }) // { values: { format: 'json' }, positionals: ['img'] }
 */
export function parseArgv(argv: readonly string[], options: Readonly<Record<string, ArgSpec>>): ParsedArgs {
  const byShort = new Map<string, string>();
  for (const [name, spec] of Object.entries(options)) if (spec.short) byShort.set(spec.short, name);
  const specOf = (name: string): ArgSpec | undefined => (Object.hasOwn(options, name) ? options[name] : undefined);
  const values: Record<string, string | boolean> = Object.create(null) as Record<string, string | boolean>;
  const positionals: string[] = [];

  /** Set option `name` (known), taking its value from `inline` or the next argument. Returns how many arguments it used. */
  const take = (name: string, spec: ArgSpec, written: string, inline: string | undefined, next: string | undefined): number => {
    if (spec.type === 'boolean') {
      if (inline !== undefined) throw new ArgvError(`option ${label(name, spec)} does not take a value (got ${written})`);
      values[name] = true;
      return 0;
    }
    if (inline !== undefined) {
      values[name] = inline;
      return 0;
    }
    if (next === undefined) throw new ArgvError(`option ${label(name, spec)} <value> needs a value`);
    if (optionLike(next)) {
      throw new ArgvError(`option ${label(name, spec)} <value> is followed by ${next}, which looks like an option; write ${written.startsWith('--') ? written : `--${name}`}=${next} if that is the value`);
    }
    values[name] = next;
    return 1;
  };
  const unknown = (written: string): never => {
    throw new ArgvError(`unknown option ${written} (a positional argument starting with "-" goes after "--")`);
  };

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg.length < 2 || arg.charCodeAt(0) !== 0x2d) {
      positionals.push(arg); // includes a lone "-"
      continue;
    }
    if (arg.charCodeAt(1) === 0x2d) {
      // --name or --name=value (an "=" right after the dashes is part of the name, as util.parseArgs has it)
      const eq = arg.indexOf('=', 3);
      const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
      const spec = specOf(name);
      if (!spec) unknown(eq < 0 ? arg : arg.slice(0, eq));
      i += take(name, spec!, eq < 0 ? arg : arg.slice(0, eq), eq < 0 ? undefined : arg.slice(eq + 1), argv[i + 1]);
      continue;
    }
    // -x, -xvalue (x a string option), or a group of short options -abc (a string option ends the group with its value)
    for (let k = 1; k < arg.length; k++) {
      const ch = arg[k]!;
      if (ch === '-') {
        // util.parseArgs splits a group into `-<c>` words, so a "-" inside one is a "--": what follows is positional,
        // split the same way (a string option's letter takes the rest of the word with it).
        for (let j = k + 1; j < arg.length; j++) {
          const c = arg[j]!;
          const n = byShort.get(c);
          if (j === arg.length - 1 || n === undefined || specOf(n)?.type !== 'string') positionals.push(`-${c}`);
          else {
            positionals.push(`-${arg.slice(j)}`);
            break;
          }
        }
        positionals.push(...argv.slice(i + 1));
        return { values: { ...values }, positionals };
      }
      const name = byShort.get(ch);
      const spec = name === undefined ? undefined : specOf(name);
      if (!spec) unknown(`-${ch}`);
      if (spec!.type === 'string') {
        const rest = arg.slice(k + 1);
        i += take(name!, spec!, `-${ch}`, rest === '' ? undefined : rest, argv[i + 1]);
        break;
      }
      values[name!] = true;
    }
  }
  return { values: { ...values }, positionals };
}
