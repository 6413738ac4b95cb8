import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFeedServer, type FeedServer } from '../../../test/helpers/feed-server.js';
import { vulndataDir } from '../../../test/helpers/shared.js';
import { openAdvisoryDb } from '../../store/lookup.js';
import { databasePath } from '../../store/schema.js';
import type { CliIo } from '../command.js';
import { dbCommand } from './db.js';

// End to end over real data: ../shared/vulndata served by test/helpers/feed-server.ts in the upstream layouts, so the
// download, retry, resume and build code all run. Nothing is mocked.

async function runDb(args: string[], env: NodeJS.ProcessEnv = {}, isTty = false): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (c: Buffer) => out.push(c));
  stderr.on('data', (c: Buffer) => err.push(c));
  const io: CliIo = { stdout, stderr, stdin: Readable.from([]), env: { DRYDOCK_DB_BACKOFF_MS: '5', ...env }, isTty };
  const code = await dbCommand.run(args, io);
  return { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}

const SOURCES = 'osv-debian,osv-npm,osv-malicious,alpine-secdb,ubuntu-uct,nvd,kev,epss';
let server: FeedServer;
let cacheDir: string;
const dirs: string[] = [];
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'drydock-db-'));
  dirs.push(d);
  return d;
};

beforeAll(async () => {
  server = await startFeedServer();
  cacheDir = tempDir();
  const r = await runDb(['update', '--cache-dir', cacheDir, '--mirror', server.url, '--sources', SOURCES]);
  if (r.code !== 0) throw new Error(`update failed: ${r.stderr}`);
});
afterAll(async () => {
  await server.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('drydock db update (mirror = local feed server)', () => {
  it('downloads each feed from its mirror path', () => {
    for (const p of ['/osv/Debian/all.zip', '/osv/npm/all.zip', '/osv-malicious/npm/all.zip', '/alpine-secdb/v3.20/main.json',
      '/kev/known_exploited_vulnerabilities.json', '/epss/epss_scores-current.csv.gz', '/ubuntu-uct/uct.zip']) {
      expect(server.requests).toContain(`GET ${p}`);
    }
    expect(server.requests.some((r) => r.startsWith('GET /nvd/rest/json/cves/2.0?resultsPerPage=2000&startIndex=0'))).toBe(true);
    // The downloads are removed once the database is built.
    expect(readdirSync(join(cacheDir, 'db')).filter((f) => f !== 'downloads')).toEqual(['drydock.db']);
  });

  it('answers lookups with known advisories from every feed', () => {
    const db = openAdvisoryDb(databasePath(cacheDir));
    try {
      const curl = db.lookup.byPackage({ ecosystem: 'debian', release: '12', name: 'curl' }).find((a) => a.id === 'CVE-2023-38545');
      expect(curl?.affected).toEqual([expect.objectContaining({ ecosystem: 'Debian:12', ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '7.88.1-10+deb12u4' }] }] })]);
      const lodash = db.lookup.byPackage({ ecosystem: 'npm', name: 'lodash' });
      expect(lodash.map((a) => a.id)).toContain('GHSA-jf85-cpcp-j695');
      expect(db.lookup.byId('CVE-2019-10744').map((a) => a.id)).toContain('GHSA-jf85-cpcp-j695');
      expect(db.lookup.maliciousByPackage({ ecosystem: 'npm', name: 'argo-hosting-api' }).map((a) => [a.id, a.malicious])).toEqual([['MAL-2022-1085', true]]);
      expect(db.lookup.kev('CVE-2025-48384')?.dateAdded).toBe('2025-08-25');
      expect(db.lookup.epss('CVE-1999-0001')).toEqual({ cve: 'CVE-1999-0001', score: 0.03351, percentile: 0.8765 });
      expect(db.lookup.byPackage({ ecosystem: 'alpine', release: '3.20', name: 'aom' }).map((a) => a.id)).toContain('CVE-2024-5171');
      const shadow = db.lookup.byPackage({ ecosystem: 'ubuntu', release: '22.04', name: 'shadow' }).find((a) => a.id === 'CVE-2013-4235');
      expect(shadow?.affected[0]?.status).toBe('fixed');
      const nvd = db.lookup.byId('CVE-2023-4863').find((a) => a.source === 'nvd');
      expect(nvd?.cwes).toEqual(['CWE-787']);
      expect(db.lookup.releases('debian')).toEqual(expect.arrayContaining(['11', '12', '13']));
      const sources = Object.fromEntries(db.sources().map((s) => [s.id, s]));
      expect(sources['osv-debian']?.records).toBe(31_332);
      expect(sources.kev?.records).toBe(1404);
      expect(sources.epss?.records).toBe(360_142);
      expect(sources.nvd?.records).toBe(23);
      expect(sources['osv-npm']?.url).toBe(`${server.url}/osv/npm/all.zip`);
      expect(sources['osv-npm']?.upstreamModified).toMatch(/^2025-/);
    } finally {
      db.close();
    }
  });

  it('db status lists every source and warns when one is older than --stale-days', async () => {
    const ok = await runDb(['status', '--cache-dir', cacheDir, '--json']);
    expect(ok.code).toBe(0);
    const status = JSON.parse(ok.stdout) as { sources: { id: string; records: number }[]; warnings: string[] };
    expect(status.sources.map((s) => s.id)).toEqual(SOURCES.split(',').sort());
    expect(status.warnings.filter((w) => w.includes('was fetched'))).toEqual([]);
    // The shared data is from 2025: its upstream times are old, which status points out.
    expect(status.warnings).toContainEqual(expect.stringMatching(/^kev: the newest upstream data is \d+ days old \(2025-08-25/));
    // Age the kev source by 30 days in a copy, then point status at the copy.
    const aged = tempDir();
    copyFileSync(databasePath(cacheDir), join(aged, 'x.db'));
    const raw = new Database(join(aged, 'x.db'));
    raw.prepare("UPDATE sources SET fetched_at = ? WHERE id = 'kev'").run(new Date(Date.now() - 30 * 86_400_000).toISOString());
    raw.close();
    const agedCache = tempDir();
    mkdirSync(join(agedCache, 'db'));
    copyFileSync(join(aged, 'x.db'), databasePath(agedCache));
    const stale = await runDb(['status', '--cache-dir', agedCache, '--stale-days', '7']);
    expect(stale.code).toBe(0);
    expect(stale.stdout).toMatch(/^kev\s+1404/m);
    expect(stale.stderr).toMatch(/warning: kev was fetched 30 days ago \(over 7\)/);
  });

  it('retries through HTTP 429 and 500, and keeps the other sources', async () => {
    server.fail('/kev/known_exploited_vulnerabilities.json', '429', '500');
    const before = server.requests.length;
    const r = await runDb(['update', '--cache-dir', cacheDir, '--mirror', server.url, '--sources', 'kev']);
    expect(r.code, r.stderr).toBe(0);
    expect(server.requests.slice(before).filter((x) => x.includes('known_exploited'))).toHaveLength(3);
    expect(r.stderr).toMatch(/HTTP 429; retry 1/);
    expect(r.stderr).toMatch(/HTTP 500; retry 2/);
    const db = openAdvisoryDb(databasePath(cacheDir));
    try {
      expect(db.lookup.kev('CVE-2025-48384')?.dateAdded).toBe('2025-08-25');
      expect(db.lookup.byPackage({ ecosystem: 'debian', release: '12', name: 'curl' }).length).toBeGreaterThan(0);
    } finally {
      db.close();
    }
  });

  it('resumes a truncated download with a Range request', async () => {
    server.fail('/epss/epss_scores-current.csv.gz', 'truncate');
    const before = server.requests.length;
    const r = await runDb(['update', '--cache-dir', cacheDir, '--mirror', server.url, '--sources', 'epss']);
    expect(r.code, r.stderr).toBe(0);
    const epss = server.requests.slice(before).filter((x) => x.includes('epss_scores'));
    expect(epss).toHaveLength(2);
    expect(epss[1]).toMatch(/\[bytes=\d+-\]$/);
    const db = openAdvisoryDb(databasePath(cacheDir));
    try {
      expect(db.lookup.epss('CVE-1999-0001')?.score).toBe(0.03351);
    } finally {
      db.close();
    }
  });

  it('a feed that keeps failing is reported, exits 3, and its previous data is kept', async () => {
    server.fail('/epss/epss_scores-current.csv.gz', 'truncate', 'truncate');
    server.fail('/kev/known_exploited_vulnerabilities.json', '500', '500');
    const r = await runDb(['update', '--cache-dir', cacheDir, '--mirror', server.url, '--sources', 'kev,epss,osv-npm', '--retries', '1']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/kev: FAILED DOWNLOAD_FAILED: .*HTTP 500 \(gave up after 2 attempts\)/);
    expect(r.stderr).toMatch(/epss: FAILED DOWNLOAD_FAILED/);
    const db = openAdvisoryDb(databasePath(cacheDir));
    try {
      expect(db.lookup.kev('CVE-2025-48384')).toBeDefined();
      expect(db.lookup.epss('CVE-1999-0001')).toBeDefined();
      expect(db.counts().kev).toBe(1404);
    } finally {
      db.close();
    }
  });

  it('an incremental NVD update asks only for CVEs modified since the last load', async () => {
    const raw = new Database(databasePath(cacheDir));
    raw.prepare("UPDATE sources SET upstream_modified = ? WHERE id = 'nvd'").run(new Date(Date.now() - 86_400_000).toISOString());
    raw.close();
    const before = server.requests.length;
    const r = await runDb(['update', '--cache-dir', cacheDir, '--mirror', server.url, '--sources', 'nvd', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { feeds: { id: string; incremental?: boolean; records: number }[] };
    expect(out.feeds[0]).toMatchObject({ id: 'nvd', incremental: true, records: 23 });
    expect(server.requests.slice(before).some((x) => x.includes('lastModStartDate='))).toBe(true);
  });

  it('rejects unknown sources and feeds without an upstream or mirror', async () => {
    expect((await runDb(['update', '--cache-dir', tempDir(), '--sources', 'osv-wolfi'])).code).toBe(2);
    const r = await runDb(['update', '--cache-dir', tempDir(), '--sources', 'ubuntu-uct']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/DRYDOCK_DB_MIRROR_UBUNTU_UCT/);
  });

  it('shows a progress line on a terminal, and none under CI', async () => {
    const tty = await runDb(['update', '--cache-dir', tempDir(), '--mirror', server.url, '--sources', 'epss'], {}, true);
    expect(tty.code).toBe(0);
    expect(tty.stderr).toContain('\r\u001b[2Kepss: ');
    expect(tty.stderr).toMatch(/epss: [\d.]+\/2\.6 MiB/);
    const ci = await runDb(['update', '--cache-dir', tempDir(), '--mirror', server.url, '--sources', 'epss'], { CI: 'true' }, true);
    expect(ci.stderr).not.toContain('\r');
    expect(ci.stderr).toMatch(/^epss: 360142 records/m);
  });

  it('a mirror in the config file works like the flag', async () => {
    const dir = tempDir();
    const config = join(dir, 'drydock.yaml');
    writeFileSync(config, `mirror-kev: ${server.url}/kev\nsources: kev\n`);
    const r = await runDb(['update', '--cache-dir', dir, '--config', config]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^kev: 1404 records/m);
  });

  it('a zip truncated at the source fails that feed with ZIP_CORRUPT and keeps its previous data', async () => {
    // A mirror whose npm export was cut in half (served with a matching Content-Length, so the download "succeeds").
    const mirrorDir = tempDir();
    mkdirSync(join(mirrorDir, 'osv', 'npm'), { recursive: true });
    const whole = readFileSync(join(vulndataDir, 'osv', 'npm', 'all.zip'));
    writeFileSync(join(mirrorDir, 'osv', 'npm', 'all.zip'), whole.subarray(0, whole.length >> 1));
    const bad = await startFeedServer(mirrorDir);
    try {
      const r = await runDb(['update', '--cache-dir', cacheDir, '--mirror', bad.url, '--sources', 'osv-npm']);
      expect(r.code).toBe(3);
      expect(r.stderr).toMatch(/osv-npm: FAILED ZIP_CORRUPT: npm\/all\.zip: not a readable zip/);
    } finally {
      await bad.close();
    }
    const db = openAdvisoryDb(databasePath(cacheDir));
    try {
      expect(db.lookup.byPackage({ ecosystem: 'npm', name: 'lodash' }).map((a) => a.id)).toContain('GHSA-jf85-cpcp-j695');
    } finally {
      db.close();
    }
  });

  it('a per-group mirror env var points one feed at its upstream-layout base', async () => {
    const dir = tempDir();
    const r = await runDb(['update', '--cache-dir', dir, '--sources', 'kev'], { DRYDOCK_DB_MIRROR_KEV: `${server.url}/kev` });
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(databasePath(dir))).toBe(true);
  });
});

describe('drydock db export / import', () => {
  it('round-trips the database through a bundle and rejects a damaged one', async () => {
    const out = tempDir();
    const bundle = join(out, 'drydock-db.sqlite');
    expect((await runDb(['export', bundle, '--cache-dir', cacheDir])).code).toBe(0);
    expect(existsSync(`${bundle}.manifest.json`)).toBe(true);
    const other = tempDir();
    const imp = await runDb(['import', bundle, '--cache-dir', other]);
    expect(imp.code, imp.stderr).toBe(0);
    const db = openAdvisoryDb(databasePath(other));
    try {
      expect(db.lookup.kev('CVE-2025-48384')?.dateAdded).toBe('2025-08-25');
    } finally {
      db.close();
    }
    // A truncated copy fails the manifest check; the installed database is untouched.
    const cut = join(out, 'cut.sqlite');
    const bytes = readFileSync(bundle);
    writeFileSync(cut, bytes.subarray(0, bytes.length - 4096));
    copyFileSync(`${bundle}.manifest.json`, `${cut}.manifest.json`);
    const bad = await runDb(['import', cut, '--cache-dir', other]);
    expect(bad.code).toBe(3);
    expect(bad.stderr).toMatch(/BUNDLE_CORRUPT/);
    const after = openAdvisoryDb(databasePath(other));
    expect(after.lookup.kev('CVE-2025-48384')).toBeDefined();
    after.close();
  });

  it('refuses a directory with no feed files, leaving no database behind', async () => {
    const dir = tempDir();
    const r = await runDb(['import', tempDir(), '--cache-dir', dir]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/FEED_NOT_FOUND: .*holds no file of the selected feeds/);
    expect(existsSync(databasePath(dir))).toBe(false);
  });

  it('imports a directory in the upstream layout', async () => {
    const dir = tempDir();
    const r = await runDb(['import', vulndataDir, '--cache-dir', dir, '--sources', 'kev,alpine-secdb,ubuntu-uct,nvd']);
    expect(r.code, r.stderr).toBe(0);
    const db = openAdvisoryDb(databasePath(dir));
    try {
      expect(db.lookup.byPackage({ ecosystem: 'alpine', release: '3.18', name: 'aom' }).length).toBeGreaterThan(0);
      expect(db.lookup.byId('CVE-2024-3094').some((a) => a.source === 'nvd')).toBe(true);
    } finally {
      db.close();
    }
  });
});
