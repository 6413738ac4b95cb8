/**
 * The option table: every option's flag, type, default, environment variable and description, in one place.
 * Flags, env vars, the config file and `docs/cli.md` all come from it. Values merge as
 * defaults < config file < environment < flags.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { parseArgv, type ArgSpec } from './args.js';

export interface OptionSpec {
  /** Long flag name without dashes; also the config-file key. */
  name: string;
  short?: string;
  type: 'string' | 'boolean';
  default?: string | boolean;
  env?: string;
  description: string;
  /** Allowed values for string options. */
  choices?: readonly string[];
  /** A comma-separated list: the config file may also give it as a YAML list. */
  list?: boolean;
}

export const COMMON_OPTIONS: readonly OptionSpec[] = [
  { name: 'config', type: 'string', env: 'DRYDOCK_CONFIG', description: 'YAML config file whose keys are these option names' },
  { name: 'cache-dir', type: 'string', env: 'DRYDOCK_CACHE_DIR', description: 'cache and database directory (default $XDG_CACHE_HOME/drydock or ~/.cache/drydock)' },
  { name: 'quiet', short: 'q', type: 'boolean', default: false, env: 'DRYDOCK_QUIET', description: 'no progress display' },
];

export const IMAGE_OPTIONS: readonly OptionSpec[] = [
  { name: 'platform', type: 'string', default: 'linux/amd64', env: 'DRYDOCK_PLATFORM', description: 'platform to pick from a multi-platform image (os/arch[/variant])' },
  { name: 'tag', type: 'string', env: 'DRYDOCK_TAG', description: 'image to pick inside an archive or layout holding several' },
  { name: 'no-cache', type: 'boolean', default: false, env: 'DRYDOCK_NO_CACHE', description: 'neither read nor write the layer, image-result and blob caches' },
  { name: 'insecure', type: 'boolean', default: false, env: 'DRYDOCK_INSECURE', description: 'plain HTTP to the registry (loopback registries always use it)' },
  { name: 'username', type: 'string', env: 'DRYDOCK_REGISTRY_USERNAME', description: 'registry user name (else ~/.docker/config.json)' },
  { name: 'password', type: 'string', env: 'DRYDOCK_REGISTRY_PASSWORD', description: 'registry password or token' },
  { name: 'max-layer-size', type: 'string', default: String(32 * 1024 ** 3), env: 'DRYDOCK_MAX_LAYER_SIZE', description: 'largest uncompressed layer accepted, bytes (decompression-bomb guard)' },
  { name: 'skip-paths', type: 'string', list: true, env: 'DRYDOCK_SKIP_PATHS', description: 'leave out packages (and secrets) under these paths inside the image, comma-separated globs (/usr/local/lib/node_modules/npm, **/testdata)' },
];

export type OptionValues = Record<string, string | boolean | undefined>;

export class UsageError extends Error {
  override readonly name = 'UsageError';
  readonly code = 'USAGE';
}

function envValue(spec: OptionSpec, raw: string): string | boolean {
  if (spec.type === 'boolean') return !/^(0|false|no|off|)$/i.test(raw.trim());
  return raw;
}

/**
 * Parse argv against the table and merge with the config file and environment.
 * @throws UsageError for unknown flags, bad choices or an unreadable config file
 */
export function resolveOptions(argv: string[], specs: readonly OptionSpec[], env: NodeJS.ProcessEnv): { values: OptionValues; positionals: string[] } {
  const options: Record<string, ArgSpec> = {};
  for (const s of specs) options[s.name] = { type: s.type, ...(s.short ? { short: s.short } : {}) };
  let parsed;
  try {
    parsed = parseArgv(argv, options);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const flags: OptionValues = parsed.values;
  const values: OptionValues = {};
  for (const s of specs) if (s.default !== undefined) values[s.name] = s.default;
  const configPath = (flags.config as string | undefined) ?? env.DRYDOCK_CONFIG;
  if (configPath) {
    let doc: unknown;
    try {
      doc = parseYaml(readFileSync(configPath, 'utf8'), { maxAliasCount: 50 });
    } catch (err) {
      throw new UsageError(`cannot read config file ${configPath}: ${(err as Error).message}`);
    }
    if (doc && typeof doc === 'object') {
      for (const s of specs) {
        const v = (doc as Record<string, unknown>)[s.name];
        if (v === undefined) continue;
        const scalar = (x: unknown): boolean => typeof x === 'string' || typeof x === 'number';
        if (s.list && Array.isArray(v) && v.every(scalar)) {
          values[s.name] = v.map(String).join(',');
          continue;
        }
        if (s.type === 'boolean' ? typeof v !== 'boolean' : !scalar(v)) {
          throw new UsageError(`config file ${configPath}: ${s.name} must be a ${s.list ? 'string or a list of strings' : s.type}`);
        }
        values[s.name] = s.type === 'boolean' ? (v as boolean) : String(v);
      }
    }
  }
  for (const s of specs) if (s.env && env[s.env] !== undefined) values[s.name] = envValue(s, env[s.env]!);
  for (const s of specs) if (flags[s.name] !== undefined) values[s.name] = flags[s.name];
  for (const s of specs) {
    const v = values[s.name];
    if (s.choices && typeof v === 'string' && !s.choices.includes(v)) {
      throw new UsageError(`--${s.name} must be one of ${s.choices.join(', ')} (got "${v}")`);
    }
  }
  return { values, positionals: parsed.positionals };
}

/** Usage text for a command, generated from the table. */
export function renderUsage(synopsis: string, specs: readonly OptionSpec[]): string {
  const rows = specs.map((s) => {
    const flag = `${s.short ? `-${s.short}, ` : '    '}--${s.name}${s.type === 'string' ? ' <value>' : ''}`;
    const extra = [s.choices ? `one of ${s.choices.join('|')}` : '', s.default !== undefined && s.default !== false ? `default ${String(s.default)}` : '', s.env ? `env ${s.env}` : '']
      .filter(Boolean).join('; ');
    return `  ${flag.padEnd(34)} ${s.description}${extra ? ` (${extra})` : ''}`;
  });
  return `Usage: ${synopsis}\n\nOptions:\n${rows.join('\n')}`;
}
