/**
 * Bulk writes into a database being built: advisories with their affected rows and aliases, KEV, EPSS and the
 * per-source metadata. Prepared statements, called inside the build's transactions.
 */
import type { SqliteDatabase } from '../sqlite.js';
import type { Advisory, EpssScore, KevEntry } from '../model/index.js';
import { normalisePackageName, toEcosystemKey } from '../vulndb/ecosystem.js';
import { SCHEMA_VERSION } from './schema.js';

/** What a feed reports about itself when it has been loaded. */
export interface SourceRecord {
  id: string;
  url: string;
  fetchedAt: string;
  records: number;
  upstreamModified?: string;
  issues: number;
}

/** The write side of the store, handed to each feed through the build. */
export interface DbWriter {
  /** Add an advisory; a second call with the same (source, id) adds its affected rows to the first. */
  addAdvisory(a: Advisory): void;
  /** Remove one advisory of a source (incremental feeds replace changed records). */
  removeAdvisory(source: string, id: string): void;
  addKev(e: KevEntry): void;
  addEpss(s: EpssScore): void;
  /** Remove everything a source wrote (before a full reload of it). */
  clearSource(source: string, tables: readonly ('advisories' | 'kev' | 'epss')[]): void;
  setSource(s: SourceRecord): void;
}

/** Create the writer over an open (temporary) database. */
export function createWriter(db: SqliteDatabase): DbWriter {
  const insAdvisory = db.prepare('INSERT INTO advisories (id, source, modified, withdrawn, malicious, body) VALUES (?, ?, ?, ?, ?, ?)');
  const findAdvisory = db.prepare<[string, string], { rowid: number }>('SELECT rowid FROM advisories WHERE source = ? AND id = ?');
  const insAffected = db.prepare('INSERT INTO affected (advisory, family, release, name, malicious, body) VALUES (?, ?, ?, ?, ?, ?)');
  const insAlias = db.prepare('INSERT INTO aliases (alias, advisory) VALUES (?, ?)');
  const delAffectedOf = db.prepare('DELETE FROM affected WHERE advisory = ?');
  const delAliasesOf = db.prepare('DELETE FROM aliases WHERE advisory = ?');
  const delAdvisory = db.prepare('DELETE FROM advisories WHERE rowid = ?');
  const insKev = db.prepare('INSERT OR REPLACE INTO kev (cve, body) VALUES (?, ?)');
  const insEpss = db.prepare('INSERT OR REPLACE INTO epss (cve, score, percentile, date) VALUES (?, ?, ?, ?)');
  const upSource = db.prepare(`INSERT OR REPLACE INTO sources (id, url, fetched_at, records, upstream_modified, schema_version, issues)
    VALUES (?, ?, ?, ?, ?, ?, ?)`);
  // (source, id) → rowid for advisories written in this build: feeds like alpine-secdb emit one CVE per file.
  const seen = new Map<string, number>();

  function addAffectedRows(rowid: number, a: Advisory): void {
    const mal = a.malicious ? 1 : 0;
    for (const pkg of a.affected) {
      const key = toEcosystemKey(pkg.ecosystem);
      if (!key) continue;
      insAffected.run(rowid, key.family, key.release, normalisePackageName(key.family, pkg.name), mal, JSON.stringify(pkg));
    }
  }

  return {
    addAdvisory(a) {
      const k = `${a.source}\0${a.id}`;
      let rowid = seen.get(k) ?? findAdvisory.get(a.source, a.id)?.rowid;
      if (rowid === undefined) {
        const { id: _id, source: _source, affected: _affected, ...rest } = a;
        rowid = Number(insAdvisory.run(a.id, a.source, a.modified ?? null, a.withdrawn ?? null, a.malicious ? 1 : 0, JSON.stringify(rest)).lastInsertRowid);
        for (const alias of new Set([a.id, ...a.aliases])) insAlias.run(alias, rowid);
      }
      seen.set(k, rowid);
      addAffectedRows(rowid, a);
    },
    removeAdvisory(source, id) {
      const row = findAdvisory.get(source, id);
      if (!row) return;
      delAffectedOf.run(row.rowid);
      delAliasesOf.run(row.rowid);
      delAdvisory.run(row.rowid);
      seen.delete(`${source}\0${id}`);
    },
    addKev(e) {
      insKev.run(e.cve, JSON.stringify(e));
    },
    addEpss(s) {
      insEpss.run(s.cve, s.score, s.percentile, s.date ?? null);
    },
    clearSource(source, tables) {
      // The (source, id) unique index answers this at once; the deletes below would scan affected on a fresh build.
      if (tables.includes('advisories') && db.prepare('SELECT 1 FROM advisories WHERE source = ? LIMIT 1').get(source)) {
        db.prepare('DELETE FROM affected WHERE advisory IN (SELECT rowid FROM advisories WHERE source = ?)').run(source);
        db.prepare('DELETE FROM aliases WHERE advisory IN (SELECT rowid FROM advisories WHERE source = ?)').run(source);
        db.prepare('DELETE FROM advisories WHERE source = ?').run(source);
        for (const k of seen.keys()) if (k.startsWith(`${source}\0`)) seen.delete(k);
      }
      if (tables.includes('kev')) db.prepare('DELETE FROM kev').run();
      if (tables.includes('epss')) db.prepare('DELETE FROM epss').run();
      db.prepare('DELETE FROM sources WHERE id = ?').run(source);
    },
    setSource(s) {
      upSource.run(s.id, s.url, s.fetchedAt, s.records, s.upstreamModified ?? null, SCHEMA_VERSION, s.issues);
    },
  };
}
