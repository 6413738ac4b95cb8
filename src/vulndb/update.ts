/**
 * `drydock db update` / `db import <dir>`: run the selected feeds into a new database file and swap it in (wiring:
 * the I/O is in fetch/, sources/<feed>/fetch.ts and src/store). A feed that fails is rolled back to its savepoint, so
 * the data it had in the previous database is kept and the other feeds still update.
 */
import { existsSync, readdirSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { buildDatabase, type BuildResult } from '../store/build.js';
import { databasePath } from '../store/schema.js';
import { VulnDbError, type FeedIssue, type VulnDbErrorCode } from './errors.js';
import { downloadFile, fetchBytes, type DownloadOptions } from './fetch/download.js';
import type { Feed, FeedContext, FetchedFile, MirrorGroup } from './sources/types.js';

export interface Mirrors {
  /** One base for every feed: feed files are under `<base>/<mirror group>/` in their upstream layout. */
  base?: string;
  /** A base per mirror group (upstream layout directly under it); wins over `base`. */
  groups: Partial<Record<MirrorGroup, string>>;
}

export type UpdateEvent =
  | { kind: 'feed-start'; feed: string }
  | { kind: 'download'; feed: string; url: string; received: number; total?: number }
  | { kind: 'retry'; feed: string; url: string; attempt: number; reason: string; delayMs: number }
  | { kind: 'note'; feed: string; message: string }
  | { kind: 'feed-done'; outcome: FeedOutcome };

export interface UpdateOptions {
  cacheDir: string;
  mode: 'download' | 'import';
  /** The directory in the upstream layout of ../shared/vulndata (import mode). */
  importDir?: string;
  feeds: readonly Feed[];
  mirrors?: Mirrors;
  env?: NodeJS.ProcessEnv;
  download?: Pick<DownloadOptions, 'retries' | 'backoffMs' | 'timeoutMs' | 'maxRetryAfterMs'>;
  onEvent?: (e: UpdateEvent) => void;
  /** Keep data of feeds not in this run (default true). */
  carryOver?: boolean;
}

export interface FeedOutcome {
  id: string;
  ok: boolean;
  /** Rows the feed holds after the run (advisories, KEV entries or EPSS scores). */
  records: number;
  issueCount: number;
  /** The first issues (at most 50). */
  issues: FeedIssue[];
  /** Records left out on purpose, by reason ('withdrawn', 'no-affected', 'malicious', …). */
  skipped: Record<string, number>;
  origin?: string;
  upstreamModified?: string;
  incremental?: boolean;
  /** The import directory has no file of this feed: nothing was loaded or changed. */
  absent?: boolean;
  error?: { code: string; message: string };
  ms: number;
}

export interface UpdateResult {
  build: BuildResult;
  feeds: FeedOutcome[];
}

const MAX_WINDOW_MS = 120 * 86_400_000;

/**
 * Build the database from the feeds and install it atomically.
 * @throws VulnDbError when every feed failed (the previous database is left untouched)
 */
export async function updateDatabase(opts: UpdateOptions): Promise<UpdateResult> {
  const env = opts.env ?? process.env;
  const dbPath = databasePath(opts.cacheDir);
  const downloadsDir = join(opts.cacheDir, 'db', 'downloads');
  const cache = new Map<string, Promise<FetchedFile | undefined>>();
  const completed = new Set<string>();
  const outcomes: FeedOutcome[] = [];
  const emit = opts.onEvent ?? (() => undefined);

  const build = await buildDatabase({ dbPath, carryOver: opts.carryOver ?? true }, async (writer, db) => {
    const prevModified = db.prepare<[string], { upstream_modified: string | null }>('SELECT upstream_modified FROM sources WHERE id = ?');
    const countRows = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM advisories WHERE source = ?');
    for (const feed of opts.feeds) {
      const started = performance.now();
      emit({ kind: 'feed-start', feed: feed.id });
      const prev = prevModified.get(feed.id)?.upstream_modified ?? undefined;
      const since = feed.incremental && opts.mode === 'download' && prev && Date.now() - Date.parse(prev) < MAX_WINDOW_MS ? prev : undefined;
      const issues: FeedIssue[] = [];
      let issueCount = 0;
      const skipped: Record<string, number> = {};
      let added = 0;
      let newest: string | undefined;
      const base = opts.mode === 'download' ? baseFor(feed, opts.mirrors) : undefined;
      const ctx: FeedContext = {
        mode: opts.mode,
        env,
        publicUpstream: opts.mode === 'download' && base === feed.upstream,
        ...(since ? { since } : {}),
        note: (message) => emit({ kind: 'note', feed: feed.id, message }),
        listLocal(dir) {
          const full = join(opts.importDir ?? '', dir);
          return opts.importDir && existsSync(full) ? readdirSync(full).sort() : [];
        },
        async get(file, optional) {
          if (opts.mode === 'import') {
            const path = join(opts.importDir ?? '', file.local);
            if (existsSync(path)) return { path, origin: path };
            if (optional) return undefined;
            throw new VulnDbError('FEED_NOT_FOUND', `${feed.id}: ${path} does not exist`);
          }
          if (!base) throw new VulnDbError('FEED_NOT_FOUND', `${feed.id} has no public upstream: set DRYDOCK_DB_MIRROR_${feed.mirror.toUpperCase().replace(/-/g, '_')} or DRYDOCK_DB_MIRROR`);
          const url = `${base.replace(/\/+$/, '')}/${file.remote.split('/').map(encodeURIComponent).join('/')}`;
          let pending = cache.get(url);
          if (!pending) {
            const dest = join(downloadsDir, feed.mirror, ...file.remote.split('/'));
            pending = downloadFile(url, dest, {
              ...opts.download,
              onProgress: (received, total) => emit({ kind: 'download', feed: feed.id, url, received, ...(total !== undefined ? { total } : {}) }),
              onRetry: (attempt, reason, delayMs) => emit({ kind: 'retry', feed: feed.id, url, attempt, reason, delayMs }),
            }).then(() => {
              completed.add(dest);
              return { path: dest, origin: url };
            }, (err: unknown) => {
              if (optional && err instanceof VulnDbError && err.code === 'FEED_NOT_FOUND') return undefined;
              throw err;
            });
            cache.set(url, pending);
          }
          return pending;
        },
        async api(remote, headers) {
          if (!base) throw new VulnDbError('FEED_NOT_FOUND', `${feed.id} has no public upstream and no mirror`);
          const url = `${base.replace(/\/+$/, '')}/${remote}`;
          return fetchBytes(url, {
            ...opts.download,
            ...(headers ? { headers } : {}),
            onRetry: (attempt, reason, delayMs) => emit({ kind: 'retry', feed: feed.id, url, attempt, reason, delayMs }),
          });
        },
        sink: {
          advisory(a) { writer.addAdvisory(a); added++; },
          remove(id) { writer.removeAdvisory(feed.id, id); },
          kev(e) { writer.addKev(e); added++; },
          epss(s) { writer.addEpss(s); added++; },
          issue(i) { issueCount++; if (issues.length < 50) issues.push(i); },
          skip(reason) { skipped[reason] = (skipped[reason] ?? 0) + 1; },
          modified(t) { if (!newest || t > newest) newest = t; },
        },
      };
      db.exec('SAVEPOINT feed');
      let outcome: FeedOutcome;
      try {
        if (!since) writer.clearSource(feed.id, feed.tables);
        const result = await feed.run(ctx);
        if (result.origin === '(none)') {
          // Import mode and no file of this feed in the directory: record nothing, keep what an earlier load had.
          db.exec('ROLLBACK TO feed');
          db.exec('RELEASE feed');
          outcome = { id: feed.id, ok: true, absent: true, records: 0, issueCount, issues, skipped, ms: Math.round(performance.now() - started) };
          outcomes.push(outcome);
          emit({ kind: 'feed-done', outcome });
          continue;
        }
        const records = feed.tables.includes('advisories') ? (countRows.get(feed.id)?.n ?? 0) : added;
        const upstreamModified = newest && since && newest < since ? since : newest ?? since;
        writer.setSource({ id: feed.id, url: result.origin, fetchedAt: new Date().toISOString(), records, issues: issueCount, ...(upstreamModified ? { upstreamModified } : {}) });
        db.exec('RELEASE feed');
        outcome = { id: feed.id, ok: true, records, issueCount, issues, skipped, origin: result.origin, ms: Math.round(performance.now() - started), ...(upstreamModified ? { upstreamModified } : {}), ...(result.incremental ? { incremental: true } : {}) };
      } catch (err) {
        db.exec('ROLLBACK TO feed');
        db.exec('RELEASE feed');
        const code = err instanceof VulnDbError ? err.code : 'FEED_FAILED';
        outcome = { id: feed.id, ok: false, records: 0, issueCount, issues, skipped, error: { code, message: (err as Error).message }, ms: Math.round(performance.now() - started) };
      }
      outcomes.push(outcome);
      emit({ kind: 'feed-done', outcome });
    }
    if (outcomes.length > 0 && outcomes.every((o) => o.absent)) {
      throw new VulnDbError('FEED_NOT_FOUND', `${opts.importDir ?? 'the import directory'} holds no file of the selected feeds (expected the layout of ../shared/vulndata: osv/<Ecosystem>/all.zip, native/…); the database was not changed`);
    }
    if (outcomes.length > 0 && outcomes.every((o) => !o.ok)) {
      const first = outcomes[0]!.error!;
      const code: VulnDbErrorCode = first.code === 'FEED_FAILED' ? 'DOWNLOAD_FAILED' : (first.code as VulnDbErrorCode);
      throw new VulnDbError(code, `every feed failed; the database was not changed. First: ${outcomes[0]!.id}: ${first.message}`);
    }
  });
  // Complete downloads are not needed again (the next update fetches fresh files); cut `.part` files stay for resume.
  for (const f of completed) {
    try { unlinkSync(f); } catch { /* already gone */ }
  }
  return { build, feeds: outcomes };
}

function baseFor(feed: Feed, mirrors: Mirrors | undefined): string | undefined {
  const group = mirrors?.groups[feed.mirror];
  if (group) return group;
  if (mirrors?.base) return `${mirrors.base.replace(/\/+$/, '')}/${feed.mirror}`;
  return feed.upstream;
}
