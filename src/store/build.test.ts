import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build as esbuild } from 'esbuild';
import { afterEach, describe, expect, it } from 'vitest';
import type { Advisory } from '../model/index.js';
import { buildDatabase } from './build.js';
import { openAdvisoryDb } from './lookup.js';
import { databasePath } from './schema.js';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'drydock-store-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const curl: Advisory = {
  id: 'CVE-2023-38545', aliases: ['CURL-CVE-2023-38545'], source: 'osv-debian', modified: '2024-12-05T15:35:20.826437Z',
  severities: [{ source: 'nvd', severity: 'CRITICAL', cvss: { version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', score: 9.8 } }],
  affected: [
    { ecosystem: 'Debian:12', name: 'curl', ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '7.88.1-10+deb12u4' }] }] },
    { ecosystem: 'Debian:11', name: 'curl', ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '7.74.0-1.3+deb11u10' }] }] },
  ],
};

async function buildOld(dbPath: string): Promise<void> {
  await buildDatabase({ dbPath, carryOver: false }, async (w) => {
    w.addAdvisory(curl);
    w.addAdvisory({ id: 'MAL-2022-1085', aliases: [], source: 'osv-malicious', malicious: true, severities: [], affected: [{ ecosystem: 'npm', name: 'argo-hosting-api', ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }] }] }] });
    w.addAdvisory({ id: 'PYSEC-1', aliases: [], source: 'osv-pypi', severities: [], affected: [{ ecosystem: 'PyPI', name: 'Zope.Interface', ranges: [] }] });
    w.addKev({ cve: 'CVE-2023-38545', dateAdded: '2023-10-20' });
    w.addEpss({ cve: 'CVE-2023-38545', score: 0.25, percentile: 0.96 });
    w.setSource({ id: 'osv-debian', url: 'test', fetchedAt: '2026-01-01T00:00:00Z', records: 1, issues: 0 });
  });
}

describe('buildDatabase()', () => {
  it('writes a database the lookup reads back, keyed by family, release and name', async () => {
    const dbPath = databasePath(tempDir());
    const r = await buildDatabase({ dbPath, carryOver: false }, async (w) => { w.addAdvisory(curl); });
    expect(r.bytes).toBeGreaterThan(0);
    const db = openAdvisoryDb(dbPath);
    try {
      const hits = db.lookup.byPackage({ ecosystem: 'debian', release: '12', name: 'curl' });
      expect(hits).toHaveLength(1);
      expect(hits[0]!.id).toBe('CVE-2023-38545');
      // Only the matching affected entry comes back.
      expect(hits[0]!.affected).toEqual([curl.affected[0]]);
      expect(hits[0]!.severities[0]!.cvss?.score).toBe(9.8);
      expect(db.lookup.byPackage({ ecosystem: 'debian', release: '13', name: 'curl' })).toEqual([]);
      // By id: the record's own fields, without its affected list (AdvisoryLookup.byId).
      expect(db.lookup.byId('CURL-CVE-2023-38545').map((a) => [a.id, a.affected.length, a.severities[0]?.cvss?.score])).toEqual([['CVE-2023-38545', 0, 9.8]]);
      expect(db.lookup.releases('debian')).toEqual(['11', '12']);
    } finally {
      db.close();
    }
  });

  it('lists the releases of a family by skip scan, in order, skipping unversioned rows and other families', async () => {
    const dbPath = databasePath(tempDir());
    const rel = (eco: string, name: string) => ({ ecosystem: eco, name, ranges: [] });
    await buildDatabase({ dbPath, carryOver: false }, async (w) => {
      w.addAdvisory({ ...curl, affected: [rel('Debian:13', 'curl'), rel('Debian:11', 'zlib'), rel('Debian', 'any'), rel('Debian:12', 'curl')] });
      w.addAdvisory({ id: 'ALPINE-1', aliases: [], source: 'osv-alpine', severities: [], affected: [rel('Alpine:v3.18', 'busybox'), rel('Alpine:v3.17', 'busybox')] });
      for (let i = 0; i < 50; i++) w.addAdvisory({ id: `X-${i}`, aliases: [], source: 'osv-debian', severities: [], affected: [rel('Debian:12', `p${i}`)] });
    });
    const db = openAdvisoryDb(dbPath);
    try {
      expect(db.lookup.releases('debian')).toEqual(['11', '12', '13']);
      expect(db.lookup.releases('alpine')).toEqual(['3.17', '3.18']);
      expect(db.lookup.releases('ubuntu')).toEqual([]);
      // Answers are kept for the connection: the same question gives the same (read-only) answer.
      expect(db.lookup.byId('CVE-2023-38545')).toBe(db.lookup.byId('CVE-2023-38545'));
    } finally {
      db.close();
    }
  });

  it('keeps malicious records apart, normalises PyPI names, and serves KEV and EPSS', async () => {
    const dbPath = databasePath(tempDir());
    await buildOld(dbPath);
    const db = openAdvisoryDb(dbPath);
    try {
      expect(db.lookup.byPackage({ ecosystem: 'npm', name: 'argo-hosting-api' })).toEqual([]);
      expect(db.lookup.maliciousByPackage({ ecosystem: 'npm', name: 'argo-hosting-api' })[0]?.malicious).toBe(true);
      expect(db.lookup.byPackage({ ecosystem: 'pypi', name: 'zope-interface' }).map((a) => a.id)).toEqual(['PYSEC-1']);
      expect(db.lookup.kev('CVE-2023-38545')?.dateAdded).toBe('2023-10-20');
      expect(db.lookup.epss('CVE-2023-38545')).toEqual({ cve: 'CVE-2023-38545', score: 0.25, percentile: 0.96 });
      expect(db.lookup.kev('CVE-1999-0001')).toBeUndefined();
    } finally {
      db.close();
    }
  });

  it('leaves the previous database in place when the load throws', async () => {
    const dir = tempDir();
    const dbPath = databasePath(dir);
    await buildOld(dbPath);
    await expect(buildDatabase({ dbPath, carryOver: true }, async (w) => {
      w.clearSource('osv-debian', ['advisories']);
      throw new Error('feed exploded');
    })).rejects.toThrow('feed exploded');
    const db = openAdvisoryDb(dbPath);
    try {
      expect(db.lookup.byId('CVE-2023-38545')).toHaveLength(1);
    } finally {
      db.close();
    }
    expect(readdirSync(join(dir, 'db')).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('carries over sources a build does not reload', async () => {
    const dbPath = databasePath(tempDir());
    await buildOld(dbPath);
    await buildDatabase({ dbPath, carryOver: true }, async (w) => {
      w.clearSource('osv-pypi', ['advisories']);
      w.addAdvisory({ id: 'PYSEC-2', aliases: [], source: 'osv-pypi', severities: [], affected: [{ ecosystem: 'PyPI', name: 'django', ranges: [] }] });
    });
    const db = openAdvisoryDb(dbPath);
    try {
      expect(db.lookup.byId('CVE-2023-38545')).toHaveLength(1);
      expect(db.lookup.byId('PYSEC-1')).toEqual([]);
      expect(db.lookup.byId('PYSEC-2')).toHaveLength(1);
    } finally {
      db.close();
    }
  });

  it('a build killed mid-way leaves the previous database readable, and the next build removes its file', async () => {
    const dir = tempDir();
    const dbPath = databasePath(dir);
    await buildOld(dbPath);
    // The bundle imports better-sqlite3 as an ES module, which resolves from the script's folder upwards (ESM ignores
    // NODE_PATH): put the script under the repository's node_modules so it finds the repository's copy.
    const scriptDir = mkdtempSync(join(process.cwd(), 'node_modules', '.drydock-test-'));
    dirs.push(scriptDir);
    const script = join(scriptDir, 'slow-build.mjs');
    await esbuild({ entryPoints: [join(import.meta.dirname, '__fixtures__', 'slow-build.ts')], bundle: true, platform: 'node', format: 'esm', target: 'node20', external: ['better-sqlite3'], outfile: script, logLevel: 'silent' });
    const child = spawn(process.execPath, [script, dbPath], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (c: Buffer) => { if (c.toString().includes('writing')) resolve(); });
      child.on('exit', (code) => reject(new Error(`child exited early with ${code}`)));
    });
    const tmp = `${dbPath}.tmp-${child.pid}`;
    expect(existsSync(tmp)).toBe(true);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const db = openAdvisoryDb(dbPath);
    try {
      expect(db.lookup.byPackage({ ecosystem: 'debian', release: '12', name: 'curl' }).map((a) => a.id)).toEqual(['CVE-2023-38545']);
      expect(db.lookup.byId('NEW-1')).toEqual([]);
    } finally {
      db.close();
    }
    await buildDatabase({ dbPath, carryOver: true }, async () => undefined);
    expect(existsSync(tmp)).toBe(false);
  });

  it('openAdvisoryDb() names a missing or foreign file with a typed error', async () => {
    const dir = tempDir();
    expect(() => openAdvisoryDb(join(dir, 'none.db'))).toThrow(expect.objectContaining({ code: 'DB_MISSING' }));
    writeFileSync(join(dir, 'junk.db'), 'not a database at all, just text'.repeat(100));
    expect(() => openAdvisoryDb(join(dir, 'junk.db'))).toThrow(expect.objectContaining({ code: 'DB_CORRUPT' }));
  });
});
