/**
 * `drydock cache clean|status|prune`: the caches under the cache dir (docs/image-intake.md, "Caches"). Thin: options,
 * then src/cache/layer-cache.ts (clean) and src/cache/prune.ts (status, prune), then a summary.
 */
import { resolveCacheDir } from '../../cache/dirs.js';
import { cleanCache } from '../../cache/layer-cache.js';
import { formatBytes, listCacheEntries, parseDuration, parseSize, pruneCache, usageByFolder, type PruneLimits } from '../../cache/prune.js';
import type { Command } from '../command.js';
import { reportError } from '../errors.js';
import { COMMON_OPTIONS, renderUsage, resolveOptions, UsageError, type OptionSpec, type OptionValues } from '../options.js';

export const CACHE_OPTIONS: readonly OptionSpec[] = [
  { name: 'max-age', type: 'string', env: 'DRYDOCK_CACHE_MAX_AGE', description: 'cache prune: remove entries not used for longer than this (30d, 12h, 90m, 2w)' },
  { name: 'max-size', type: 'string', env: 'DRYDOCK_CACHE_MAX_SIZE', description: 'cache prune: then remove the least recently used until the caches take at most this (2GiB, 500MB, bytes)' },
  { name: 'json', type: 'boolean', default: false, description: 'cache status / prune: print JSON on standard output' },
  ...COMMON_OPTIONS,
];

const USAGE = `${renderUsage('drydock cache <clean|status|prune> [options]', CACHE_OPTIONS)}

  clean    remove the layer, image-result, rendered-report, blob and code caches (the advisory database stays)
  status   entries and bytes per cache folder
  prune    remove what --max-age and --max-size say (least recently used first), and temporary files left by runs
           that were cut off; the advisory database is never pruned

A cached entry's last use is its modification time: reading an entry marks it used.`;

function limitsOf(values: OptionValues): PruneLimits {
  const limits: PruneLimits = {};
  const age = values['max-age'];
  if (typeof age === 'string' && age) {
    const ms = parseDuration(age);
    if (ms === undefined) throw new UsageError(`--max-age ${JSON.stringify(age)} is not a duration such as 30d, 12h, 90m or 2w`);
    limits.maxAgeMs = ms;
  }
  const size = values['max-size'];
  if (typeof size === 'string' && size) {
    const bytes = parseSize(size);
    if (bytes === undefined) throw new UsageError(`--max-size ${JSON.stringify(size)} is not a size such as 2GiB, 500MB or a number of bytes`);
    limits.maxBytes = bytes;
  }
  if (limits.maxAgeMs === undefined && limits.maxBytes === undefined) throw new UsageError('cache prune needs --max-age, --max-size or both');
  return limits;
}

export const cacheCommand: Command = {
  summary: 'manage the layer, image-result, rendered-report, blob and compile caches (clean, status, prune)',
  usage: USAGE,
  async run(args, io) {
    try {
      const { values, positionals } = resolveOptions(args, CACHE_OPTIONS, io.env);
      const [action, ...rest] = positionals;
      if (!action || !['clean', 'status', 'prune'].includes(action) || rest.length) throw new UsageError('expected: drydock cache clean|status|prune');
      const dir = resolveCacheDir(values['cache-dir'] as string | undefined, io.env);
      if (action === 'clean') {
        await cleanCache(dir);
        if (!values.quiet) io.stderr.write(`removed the layer, image-result, rendered-report, blob and compile caches under ${dir}\n`);
        return 0;
      }
      if (action === 'status') {
        const usage = usageByFolder(await listCacheEntries(dir));
        if (values.json) {
          io.stdout.write(`${JSON.stringify({ cacheDir: dir, folders: usage }, null, 2)}\n`);
        } else {
          const rows = usage.map((u) => `${u.folder.padEnd(9)} ${String(u.entries).padStart(8)}  ${formatBytes(u.bytes).padStart(10)}`);
          const total = usage.reduce((n, u) => n + u.bytes, 0);
          io.stdout.write(`${dir}\nfolder     entries        size\n${rows.join('\n')}\ntotal     ${String(usage.reduce((n, u) => n + u.entries, 0)).padStart(8)}  ${formatBytes(total).padStart(10)}\n`);
        }
        return 0;
      }
      const result = await pruneCache(dir, limitsOf(values));
      if (values.json) io.stdout.write(`${JSON.stringify({ cacheDir: dir, ...result }, null, 2)}\n`);
      else if (!values.quiet) {
        io.stderr.write(`removed ${result.removed} entries (${formatBytes(result.freedBytes)}); ${result.kept} entries (${formatBytes(result.keptBytes)}) kept under ${dir}\n`);
      }
      return 0;
    } catch (err) {
      return reportError(err, io, USAGE);
    }
  },
};
