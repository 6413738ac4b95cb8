/**
 * `drydock db update|import|export|status`: the local advisory database (docs/vulndb.md). Thin: options, then
 * src/vulndb/update.ts and src/store, then a summary.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { resolveCacheDir } from '../../cache/dirs.js';
import { exportBundle, importBundle } from '../../store/bundle.js';
import { openAdvisoryDb } from '../../store/lookup.js';
import { databasePath } from '../../store/schema.js';
import { selectFeeds } from '../../vulndb/sources/registry.js';
import type { MirrorGroup } from '../../vulndb/sources/types.js';
import { updateDatabase, type FeedOutcome, type Mirrors, type UpdateEvent, type UpdateResult } from '../../vulndb/update.js';
import { EXIT, type CliIo, type Command } from '../command.js';
import { reportError } from '../errors.js';
import { COMMON_OPTIONS, renderUsage, resolveOptions, UsageError, type OptionSpec, type OptionValues } from '../options.js';

const MIRROR_GROUPS: readonly MirrorGroup[] = ['osv', 'osv-malicious', 'alpine-secdb', 'ubuntu-uct', 'nvd', 'kev', 'epss'];

const envName = (g: MirrorGroup): string => `DRYDOCK_DB_MIRROR_${g.toUpperCase().replace(/-/g, '_')}`;

export const DB_OPTIONS: readonly OptionSpec[] = [
  { name: 'sources', type: 'string', env: 'DRYDOCK_DB_SOURCES', description: "comma-separated feed ids, 'osv' or 'all' (default: every feed with a public upstream but nvd)" },
  { name: 'mirror', type: 'string', env: 'DRYDOCK_DB_MIRROR', description: 'one mirror base for every feed: <base>/<group>/<upstream path>' },
  ...MIRROR_GROUPS.map((g): OptionSpec => ({ name: `mirror-${g}`, type: 'string', env: envName(g), description: `mirror base for the ${g} feeds, in the upstream layout` })),
  { name: 'retries', type: 'string', default: '4', env: 'DRYDOCK_DB_RETRIES', description: 'download retries after the first attempt' },
  { name: 'stale-days', type: 'string', default: '7', env: 'DRYDOCK_DB_STALE_DAYS', description: 'db status warns when a source was fetched longer ago than this' },
  { name: 'json', type: 'boolean', default: false, description: 'db status / update: print JSON on standard output' },
  ...COMMON_OPTIONS,
];

const USAGE = `${renderUsage('drydock db <update|import <dir|bundle>|export <bundle>|status> [options]', DB_OPTIONS)}

  update           download the feeds (public upstreams or mirrors) and build a new database
  import <dir>     build from a directory in the upstream layout of ../shared/vulndata (osv/<Ecosystem>/all.zip, native/…)
  import <bundle>  install a database exported with \`db export\` (checked against <bundle>.manifest.json)
  export <bundle>  write the database to <bundle> and its manifest to <bundle>.manifest.json
  status           per-source record counts, fetch and upstream times; warns about stale data

The database is <cache-dir>/db/drydock.db. Updates build a new file and swap it in atomically. See docs/vulndb.md.`;

function intOption(values: OptionValues, name: string): number {
  const n = Number(values[name]);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--${name} must be a non-negative integer`);
  return n;
}

function mirrorsOf(values: OptionValues): Mirrors {
  const groups: Partial<Record<MirrorGroup, string>> = {};
  for (const g of MIRROR_GROUPS) {
    const v = values[`mirror-${g}`];
    if (typeof v === 'string' && v) groups[g] = v;
  }
  return { ...(typeof values.mirror === 'string' && values.mirror ? { base: values.mirror } : {}), groups };
}

/** A one-line progress display on a terminal; silent when not a TTY, with --quiet, or under CI. */
function progress(io: CliIo, quiet: boolean): (e: UpdateEvent) => void {
  const live = !quiet && io.isTty && !io.env.CI;
  const mib = (n: number): string => (n / 1048576).toFixed(1);
  let last = 0;
  return (e) => {
    if (e.kind === 'download' && live) {
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      io.stderr.write(`\r\x1b[2K${e.feed}: ${mib(e.received)}${e.total ? `/${mib(e.total)}` : ''} MiB`);
    } else if (e.kind === 'retry' && !quiet) {
      io.stderr.write(`${live ? '\r\x1b[2K' : ''}${e.feed}: ${e.url}: ${e.reason}; retry ${e.attempt} in ${(e.delayMs / 1000).toFixed(1)} s\n`);
    } else if (e.kind === 'feed-start' && live) {
      io.stderr.write(`\r\x1b[2K${e.feed}: loading`);
    } else if (e.kind === 'feed-done' && !quiet) {
      io.stderr.write(`${live ? '\r\x1b[2K' : ''}${summaryLine(e.outcome)}\n`);
    }
  };
}

function summaryLine(o: FeedOutcome): string {
  if (o.absent) return `${o.id}: not in the import directory, skipped`;
  if (!o.ok) return `${o.id}: FAILED ${o.error?.code}: ${o.error?.message} (previous data kept)`;
  const issues = o.issueCount ? `, ${o.issueCount} issue(s), first: ${o.issues[0]?.file}${o.issues[0]?.record ? `!${o.issues[0].record}` : ''}: ${o.issues[0]?.message}` : '';
  const skipped = Object.entries(o.skipped).map(([k, n]) => `${n} ${k}`).join(', ');
  return `${o.id}: ${o.records} records${o.incremental ? ' (incremental)' : ''}${skipped ? ` (skipped: ${skipped})` : ''} in ${(o.ms / 1000).toFixed(1)} s${issues}`;
}

function finish(result: UpdateResult, values: OptionValues, io: CliIo): number {
  const failed = result.feeds.filter((f) => !f.ok);
  if (values.json) io.stdout.write(`${JSON.stringify({ path: result.build.path, bytes: result.build.bytes, ms: result.build.ms, feeds: result.feeds }, null, 2)}\n`);
  else if (!values.quiet) io.stderr.write(`database ${result.build.path}: ${(result.build.bytes / 1048576).toFixed(1)} MiB, built in ${(result.build.ms / 1000).toFixed(1)} s${failed.length ? `; ${failed.length} feed(s) failed: ${failed.map((f) => f.id).join(', ')}` : ''}\n`);
  return failed.length ? EXIT.input : EXIT.ok;
}

async function runUpdate(values: OptionValues, io: CliIo, importDir?: string): Promise<number> {
  const { selected, unknown } = selectFeeds(values.sources as string | undefined);
  if (unknown.length) throw new UsageError(`unknown source(s): ${unknown.join(', ')} (see docs/vulndb.md)`);
  const cacheDir = resolveCacheDir(values['cache-dir'] as string | undefined, io.env);
  const feeds = importDir && !values.sources ? selectFeeds('all').selected : selected;
  const result = await updateDatabase({
    cacheDir,
    mode: importDir ? 'import' : 'download',
    ...(importDir ? { importDir } : {}),
    feeds,
    mirrors: mirrorsOf(values),
    env: io.env,
    download: { retries: intOption(values, 'retries'), ...(io.env.DRYDOCK_DB_BACKOFF_MS ? { backoffMs: Number(io.env.DRYDOCK_DB_BACKOFF_MS) } : {}) },
    onEvent: progress(io, Boolean(values.quiet) || Boolean(values.json)),
  });
  return finish(result, values, io);
}

function runStatus(values: OptionValues, io: CliIo): number {
  const dbPath = databasePath(resolveCacheDir(values['cache-dir'] as string | undefined, io.env));
  const staleDays = intOption(values, 'stale-days');
  const db = openAdvisoryDb(dbPath);
  try {
    const sources = db.sources();
    const counts = db.counts();
    const now = Date.now();
    const ageDays = (t: string | undefined): number | undefined => (t && !Number.isNaN(Date.parse(t)) ? Math.floor((now - Date.parse(t)) / 86_400_000) : undefined);
    const rows = sources.map((s) => ({ ...s, fetchedDaysAgo: ageDays(s.fetchedAt), upstreamDaysAgo: ageDays(s.upstreamModified), stale: (ageDays(s.fetchedAt) ?? 0) > staleDays }));
    const warnings = [
      ...rows.filter((r) => r.stale).map((r) => `${r.id} was fetched ${r.fetchedDaysAgo} days ago (over ${staleDays}): run \`drydock db update\``),
      // Fresh fetches of old data: a mirror that is not kept up to date, or a feed that stopped publishing.
      ...rows.filter((r) => (r.upstreamDaysAgo ?? 0) > staleDays).map((r) => `${r.id}: the newest upstream data is ${r.upstreamDaysAgo} days old (${r.upstreamModified}); is the mirror up to date?`),
    ];
    if (values.json) {
      io.stdout.write(`${JSON.stringify({ path: dbPath, bytes: statSync(dbPath).size, builtAt: db.builtAt(), sources: rows, counts, warnings }, null, 2)}\n`);
    } else {
      const lines = [`database ${dbPath} (${(statSync(dbPath).size / 1048576).toFixed(1)} MiB, built ${db.builtAt() ?? 'unknown'})`, ''];
      lines.push(`${'source'.padEnd(16)} ${'records'.padStart(8)} ${'issues'.padStart(6)}  ${'fetched'.padEnd(24)} upstream modified`);
      for (const r of rows) lines.push(`${r.id.padEnd(16)} ${String(r.records).padStart(8)} ${String(r.issues).padStart(6)}  ${r.fetchedAt.padEnd(24)} ${r.upstreamModified ?? '-'}${r.upstreamDaysAgo !== undefined ? ` (${r.upstreamDaysAgo} days ago)` : ''}`);
      lines.push('', `affected rows ${counts.affected}, KEV ${counts.kev}, EPSS ${counts.epss}`);
      io.stdout.write(`${lines.join('\n')}\n`);
    }
    for (const w of warnings) io.stderr.write(`warning: ${w}\n`);
    return EXIT.ok;
  } finally {
    db.close();
  }
}

export const dbCommand: Command = {
  summary: 'manage the advisory database (update, import, export, status)',
  usage: USAGE,
  async run(args, io) {
    try {
      const { values, positionals } = resolveOptions(args, DB_OPTIONS, io.env);
      const [sub, arg, ...extra] = positionals;
      if (extra.length) throw new UsageError(`unexpected argument ${extra[0]}`);
      const cacheDir = (): string => resolveCacheDir(values['cache-dir'] as string | undefined, io.env);
      switch (sub) {
        case 'update':
          if (arg) throw new UsageError('db update takes no argument');
          return await runUpdate(values, io);
        case 'import': {
          if (!arg) throw new UsageError('expected: drydock db import <dir|bundle>');
          const path = resolve(arg);
          if (!existsSync(path)) throw new UsageError(`${arg} does not exist`);
          if (statSync(path).isDirectory()) return await runUpdate(values, io, path);
          const r = await importBundle(path, databasePath(cacheDir()));
          if (!values.quiet) io.stderr.write(`installed ${arg} as ${r.path} (${(r.bytes / 1048576).toFixed(1)} MiB)\n`);
          return EXIT.ok;
        }
        case 'export': {
          if (!arg) throw new UsageError('expected: drydock db export <bundle>');
          const m = await exportBundle(databasePath(cacheDir()), resolve(arg));
          if (!values.quiet) io.stderr.write(`wrote ${arg} (${(m.bytes / 1048576).toFixed(1)} MiB, sha256 ${m.sha256}) and ${arg}.manifest.json\n`);
          return EXIT.ok;
        }
        case 'status':
          if (arg) throw new UsageError('db status takes no argument');
          return runStatus(values, io);
        default:
          throw new UsageError(sub ? `unknown db subcommand ${sub}` : 'expected a subcommand: update, import, export or status');
      }
    } catch (err) {
      return reportError(err, io, USAGE);
    }
  },
};
