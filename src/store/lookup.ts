/**
 * Read side of the advisory database: open the SQLite file read-only and answer the matcher's AdvisoryLookup with
 * prepared statements (one indexed query per call).
 */
import { existsSync } from 'node:fs';
import { openSqlite, type SqliteDatabase } from '../sqlite.js';
import type { Advisory, AffectedPackage, EpssScore, KevEntry } from '../model/index.js';
import { normalisePackageName } from '../vulndb/ecosystem.js';
import { VulnDbError } from '../vulndb/errors.js';
import type { AdvisoryLookup, EcosystemFamily, PackageQuery } from '../vulndb/types.js';
import { SCHEMA_VERSION } from './schema.js';

/** One row of the `sources` table. */
export interface SourceInfo {
  id: string;
  url: string;
  fetchedAt: string;
  records: number;
  upstreamModified?: string;
  schemaVersion: number;
  issues: number;
}

/** An open advisory database. Close it when done (the file may be replaced by an update meanwhile: reads go on). */
export interface AdvisoryDatabase {
  path: string;
  lookup: AdvisoryLookup;
  /** Per-source metadata, sorted by id. */
  sources(): SourceInfo[];
  /** Row counts for status: advisories per source, affected rows, KEV, EPSS. */
  counts(): { advisories: Record<string, number>; affected: number; kev: number; epss: number };
  /** When the file was built (ISO-8601). */
  builtAt(): string | undefined;
  close(): void;
}

interface JoinedRow { rowid: number; id: string; source: string; abody: string; fbody: string | null }

/**
 * Open the database read-only.
 * @throws VulnDbError DB_MISSING when there is no file (run `drydock db update` or `db import`), DB_SCHEMA when it was
 *   written by another schema version, DB_CORRUPT when SQLite cannot read it
 * @example const db = openAdvisoryDb(databasePath(resolveCacheDir(undefined, process.env))); db.lookup.byPackage(q)
 */
export function openAdvisoryDb(path: string): AdvisoryDatabase {
  if (!existsSync(path)) throw new VulnDbError('DB_MISSING', `no advisory database at ${path}: run \`drydock db update\` or \`drydock db import\``);
  let db: SqliteDatabase;
  try {
    db = openSqlite(path, { readonly: true, fileMustExist: true });
    const row = db.prepare<[], { value: string }>("SELECT value FROM meta WHERE key = 'schema_version'").get();
    if (Number(row?.value) !== SCHEMA_VERSION) {
      db.close();
      throw new VulnDbError('DB_SCHEMA', `${path} has schema version ${row?.value ?? 'none'}, this drydock reads ${SCHEMA_VERSION}: run \`drydock db update\``);
    }
  } catch (err) {
    if (err instanceof VulnDbError) throw err;
    throw new VulnDbError('DB_CORRUPT', `cannot read the advisory database ${path}: ${(err as Error).message}`, { cause: err });
  }
  return wrapDatabase(db, path);
}

/** Build the read API over an already open connection (tests use an in-memory build). */
export function wrapDatabase(db: SqliteDatabase, path: string): AdvisoryDatabase {
  const byPkg = db.prepare<[string, string, string, number], JoinedRow>(`
    SELECT a.rowid AS rowid, a.id AS id, a.source AS source, a.body AS abody, f.body AS fbody
    FROM affected f JOIN advisories a ON a.rowid = f.advisory
    WHERE f.family = ? AND f.release = ? AND f.name = ? AND f.malicious = ? AND a.withdrawn IS NULL
    ORDER BY a.rowid`);
  // Without the affected rows (AdvisoryLookup.byId): fbody is NULL.
  const byIdStmt = db.prepare<[string], JoinedRow>(`
    SELECT a.rowid AS rowid, a.id AS id, a.source AS source, a.body AS abody, NULL AS fbody
    FROM advisories a
    WHERE a.rowid IN (SELECT advisory FROM aliases WHERE alias = ?) AND a.withdrawn IS NULL
    ORDER BY a.rowid`);
  const kevStmt = db.prepare<[string], { body: string }>('SELECT body FROM kev WHERE cve = ?');
  const epssStmt = db.prepare<[string], { cve: string; score: number; percentile: number; date: string | null }>('SELECT cve, score, percentile, date FROM epss WHERE cve = ?');
  // The distinct releases of a family by a skip scan over the (family, release, …) index: one index seek per release
  // instead of reading every row of the family.
  const releasesStmt = db.prepare<[{ family: string }], { release: string }>(`
    WITH RECURSIVE r(release) AS (
      SELECT (SELECT min(release) FROM affected WHERE family = @family AND release > '')
      UNION ALL
      SELECT (SELECT min(release) FROM affected WHERE family = @family AND release > r.release) FROM r WHERE r.release IS NOT NULL
    )
    SELECT release FROM r WHERE release IS NOT NULL`);
  // A scan asks for the same records many times (every binary package of a source, every finding's CVE): answers
  // are kept for the life of the connection. They are shared, so callers treat them as read-only.
  const idCache = new Map<string, Advisory[]>();
  const releaseCache = new Map<string, string[]>();

  function assemble(rows: JoinedRow[]): Advisory[] {
    const out: Advisory[] = [];
    let current: Advisory | undefined;
    let currentRow = -1;
    for (const r of rows) {
      if (r.rowid !== currentRow) {
        const body = JSON.parse(r.abody) as Omit<Advisory, 'id' | 'source' | 'affected'>;
        current = { id: r.id, source: r.source, ...body, affected: [] };
        currentRow = r.rowid;
        out.push(current);
      }
      if (r.fbody) current!.affected.push(JSON.parse(r.fbody) as AffectedPackage);
    }
    return out;
  }

  function pkgRows(q: PackageQuery, malicious: number): Advisory[] {
    return assemble(byPkg.all(q.ecosystem, q.release ?? '', normalisePackageName(q.ecosystem, q.name), malicious));
  }

  const lookup: AdvisoryLookup = {
    byPackage: (q) => pkgRows(q, 0),
    maliciousByPackage: (q) => pkgRows(q, 1),
    byId(id) {
      let hit = idCache.get(id);
      if (!hit) {
        hit = assemble(byIdStmt.all(id));
        idCache.set(id, hit);
      }
      return hit;
    },
    kev(cve): KevEntry | undefined {
      const row = kevStmt.get(cve);
      return row ? (JSON.parse(row.body) as KevEntry) : undefined;
    },
    epss(cve): EpssScore | undefined {
      const row = epssStmt.get(cve);
      if (!row) return undefined;
      return { cve: row.cve, score: row.score, percentile: row.percentile, ...(row.date ? { date: row.date } : {}) };
    },
    releases(family: EcosystemFamily) {
      let hit = releaseCache.get(family);
      if (!hit) {
        hit = releasesStmt.all({ family }).map((r) => r.release);
        releaseCache.set(family, hit);
      }
      return hit;
    },
  };

  return {
    path,
    lookup,
    sources() {
      return db.prepare<[], { id: string; url: string; fetched_at: string; records: number; upstream_modified: string | null; schema_version: number; issues: number }>(
        'SELECT * FROM sources ORDER BY id').all().map((r) => ({
        id: r.id, url: r.url, fetchedAt: r.fetched_at, records: r.records, schemaVersion: r.schema_version, issues: r.issues,
        ...(r.upstream_modified ? { upstreamModified: r.upstream_modified } : {}),
      }));
    },
    counts() {
      const advisories: Record<string, number> = {};
      for (const r of db.prepare<[], { source: string; n: number }>('SELECT source, count(*) AS n FROM advisories GROUP BY source').all()) advisories[r.source] = r.n;
      const one = (sql: string): number => (db.prepare<[], { n: number }>(sql).get()?.n ?? 0);
      return { advisories, affected: one('SELECT count(*) AS n FROM affected'), kev: one('SELECT count(*) AS n FROM kev'), epss: one('SELECT count(*) AS n FROM epss') };
    },
    builtAt() {
      return db.prepare<[], { value: string }>("SELECT value FROM meta WHERE key = 'built_at'").get()?.value;
    },
    close() {
      db.close();
    },
  };
}
