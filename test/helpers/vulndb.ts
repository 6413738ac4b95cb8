/**
 * The advisory database built from ../shared/vulndata through the real import code (`drydock db import <dir>`:
 * src/vulndb/update.ts with every feed), once per machine and data version, and shared by every test file.
 *
 * The build is cached under `<tmpdir>/drydock-test-vulndb/<key>/` (DRYDOCK_TEST_VULNDB_CACHE moves it), where the
 * key is the sha256 of ../shared/vulndata/CHECKSUMS.sha256 and of the schema version: new data or a new schema gets
 * a new directory. Test files run in parallel worker processes, so the first one to arrive takes a lock (an
 * exclusive `mkdir`) and builds; the others wait for the `ready.json` it writes last. A lock left by a dead process
 * is taken over.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openAdvisoryDb, type AdvisoryDatabase } from '../../src/store/lookup.js';
import { databasePath, SCHEMA_VERSION } from '../../src/store/schema.js';
import { selectFeeds } from '../../src/vulndb/sources/registry.js';
import { updateDatabase } from '../../src/vulndb/update.js';
import { repoRoot, vulndataDir } from './shared.js';

/** What the build wrote beside the database: how it went. */
export interface VulnDbBuildInfo {
  key: string;
  path: string;
  bytes: number;
  /** Build time of this cached file (the build that made it, not this test run). */
  ms: number;
  feeds: { id: string; ok: boolean; records: number; issueCount: number }[];
}

const POLL_MS = 250;
const WAIT_LIMIT_MS = 10 * 60_000;

/** True when ../shared/vulndata is present. */
export function hasVulndata(): boolean {
  return existsSync(join(vulndataDir, 'CHECKSUMS.sha256'));
}

/** Every source file of the code that builds the database: a change to a feed parser must rebuild it. */
function buildCodeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === '__fixtures__' ? [] : buildCodeFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  }).sort();
}

/** The cache key: the data's checksum list, the store schema version and the build code. */
export function vulndbKey(): string {
  const h = createHash('sha256');
  h.update(readFileSync(join(vulndataDir, 'CHECKSUMS.sha256')));
  h.update(`schema ${SCHEMA_VERSION}`);
  for (const f of [...buildCodeFiles(join(repoRoot, 'src', 'vulndb')), ...buildCodeFiles(join(repoRoot, 'src', 'store'))]) h.update(readFileSync(f));
  return h.digest('hex').slice(0, 16);
}

function cacheRoot(): string {
  return process.env.DRYDOCK_TEST_VULNDB_CACHE ?? join(tmpdir(), 'drydock-test-vulndb');
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readPid(path: string): number {
  try {
    return Number(readFileSync(path, 'utf8')) || 0;
  } catch {
    return 0;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

async function build(dir: string, key: string): Promise<VulnDbBuildInfo> {
  const result = await updateDatabase({
    cacheDir: dir,
    mode: 'import',
    importDir: vulndataDir,
    feeds: selectFeeds('all').selected,
    carryOver: false,
    env: {},
  });
  const failed = result.feeds.filter((f) => !f.ok);
  if (failed.length) throw new Error(`vulndb test build: feed(s) failed: ${failed.map((f) => `${f.id}: ${f.error?.message}`).join('; ')}`);
  return {
    key,
    path: result.build.path,
    bytes: result.build.bytes,
    ms: result.build.ms,
    feeds: result.feeds.map((f) => ({ id: f.id, ok: f.ok, records: f.records, issueCount: f.issueCount })),
  };
}

let pending: Promise<VulnDbBuildInfo> | undefined;

/**
 * Build (or find) the shared-data database and return where it is. Safe to call from every test file at once.
 * @throws Error when a feed fails to import, or when another process holds the lock for over ten minutes
 */
export function ensureSharedVulnDb(): Promise<VulnDbBuildInfo> {
  pending ??= (async () => {
    const key = vulndbKey();
    const dir = join(cacheRoot(), key);
    const ready = join(dir, 'ready.json');
    const lock = join(cacheRoot(), `${key}.lock`);
    mkdirSync(cacheRoot(), { recursive: true });
    const started = Date.now();
    for (;;) {
      if (existsSync(ready)) return JSON.parse(readFileSync(ready, 'utf8')) as VulnDbBuildInfo;
      try {
        mkdirSync(lock);
      } catch {
        const owner = readPid(join(lock, 'pid'));
        const st = statSync(lock, { throwIfNoEntry: false });
        const age = st ? Date.now() - st.mtimeMs : 0;
        // A lock whose owner died (or that never got a pid within a minute) is taken over.
        if ((owner && !isAlive(owner)) || (!owner && age > 60_000)) rmSync(lock, { recursive: true, force: true });
        else if (Date.now() - started > WAIT_LIMIT_MS) throw new Error(`vulndb test build: ${lock} held by pid ${owner} for over ten minutes`);
        await sleep(POLL_MS);
        continue;
      }
      try {
        writeFileSync(join(lock, 'pid'), String(process.pid));
        if (existsSync(ready)) continue;
        rmSync(dir, { recursive: true, force: true });
        const info = await build(dir, key);
        writeFileSync(ready, JSON.stringify(info, null, 2));
        return info;
      } finally {
        rmSync(lock, { recursive: true, force: true });
      }
    }
  })();
  return pending;
}

/** Open the shared-data database read-only (build it first if needed). Close it when done. */
export async function openSharedVulnDb(): Promise<AdvisoryDatabase> {
  const info = await ensureSharedVulnDb();
  return openAdvisoryDb(info.path ?? databasePath(join(cacheRoot(), info.key)));
}
