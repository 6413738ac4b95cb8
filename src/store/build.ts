/**
 * Atomic database builds. A build writes a new file beside the live one (`drydock.db.tmp-<pid>`), checks it, and only
 * then renames it over `drydock.db`. rename(2) within one directory is atomic, so readers see the old file or the new
 * one, never a half-written one, and a crash or kill at any moment leaves the previous database in place (the
 * orphaned temporary file is removed by the next build).
 */
import { closeSync, copyFileSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { openSqlite, type SqliteDatabase } from '../sqlite.js';
import { VulnDbError } from '../vulndb/errors.js';
import { INDEXES, SCHEMA_VERSION, TABLES } from './schema.js';
import { createWriter, type DbWriter } from './writer.js';

export interface BuildOptions {
  /** The live database path (`<cacheDir>/db/drydock.db`). */
  dbPath: string;
  /**
   * Start from a copy of the live database, so sources this build does not reload (and incremental ones) keep their
   * data. Ignored when there is no live file or it has another schema version.
   */
  carryOver: boolean;
  /** SQLite page cache for the build, KiB. */
  cacheKiB?: number;
}

export interface BuildResult {
  path: string;
  bytes: number;
  ms: number;
  /** True when the build started from a copy of the previous database. */
  carried: boolean;
}

/** Open (or create) a database file for writing with the build pragmas; exported for tests. */
export function openForBuild(path: string, cacheKiB = 131072): SqliteDatabase {
  const db = openSqlite(path);
  // No fsync while building: the file is private until the final rename, and a crash simply abandons it. Durability
  // is added once, by the fsync before the rename. The journal stays (in memory) so that a failed feed can be rolled
  // back to its savepoint, keeping the data carried over from the previous database.
  db.pragma('journal_mode = MEMORY');
  db.pragma('synchronous = OFF');
  db.pragma(`cache_size = -${cacheKiB}`);
  db.pragma('temp_store = MEMORY');
  db.exec(TABLES);
  db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?)").run(String(SCHEMA_VERSION));
  return db;
}

/**
 * Build a new database with `load` (which writes through the DbWriter) and swap it in atomically.
 * @throws VulnDbError DB_CORRUPT when the new file fails SQLite's integrity check (the live file is left as it was);
 *   whatever `load` throws (the temporary file is removed first)
 */
export async function buildDatabase(opts: BuildOptions, load: (writer: DbWriter, db: SqliteDatabase) => Promise<void>): Promise<BuildResult> {
  const started = performance.now();
  const dir = dirname(opts.dbPath);
  mkdirSync(dir, { recursive: true });
  removeOrphans(opts.dbPath);
  const tmp = `${opts.dbPath}.tmp-${process.pid}`;
  removeIfExists(tmp);
  const carried = opts.carryOver && hasSchema(opts.dbPath);
  if (carried) copyFileSync(opts.dbPath, tmp);
  let db: SqliteDatabase | undefined;
  try {
    db = openForBuild(tmp, opts.cacheKiB);
    db.exec('BEGIN');
    await load(createWriter(db), db);
    db.exec(INDEXES);
    db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('built_at', ?)").run(new Date().toISOString());
    db.exec('COMMIT');
    const free = Number(db.pragma('freelist_count', { simple: true }));
    const pages = Number(db.pragma('page_count', { simple: true }));
    if (carried && free > pages / 4) db.exec('VACUUM');
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new VulnDbError('DB_CORRUPT', `the new database failed its integrity check: ${String(check)}`);
    db.close();
    db = undefined;
    fsyncPath(tmp);
    renameSync(tmp, opts.dbPath);
    fsyncPath(dir);
  } catch (err) {
    try { db?.close(); } catch { /* already failing: the original error is what matters */ }
    removeIfExists(tmp);
    throw err;
  }
  return { path: opts.dbPath, bytes: statSync(opts.dbPath).size, ms: Math.round(performance.now() - started), carried };
}

/**
 * Swap a complete, checked database file in place of the live one (import of an exported bundle): copy beside the
 * live file, check, rename.
 * @throws VulnDbError DB_SCHEMA / DB_CORRUPT when the file is not a database this version reads
 */
export function installDatabaseFile(source: string, dbPath: string): BuildResult {
  const started = performance.now();
  mkdirSync(dirname(dbPath), { recursive: true });
  const tmp = `${dbPath}.tmp-${process.pid}`;
  try {
    copyFileSync(source, tmp);
    const db = openSqlite(tmp, { fileMustExist: true });
    try {
      const version = db.prepare<[], { value: string }>("SELECT value FROM meta WHERE key = 'schema_version'").get()?.value;
      if (Number(version) !== SCHEMA_VERSION) throw new VulnDbError('DB_SCHEMA', `${source} has schema version ${version ?? 'none'}, this drydock reads ${SCHEMA_VERSION}`);
      const check = db.pragma('quick_check', { simple: true });
      if (check !== 'ok') throw new VulnDbError('DB_CORRUPT', `${source} failed its integrity check: ${String(check)}`);
    } catch (err) {
      if (err instanceof VulnDbError) throw err;
      throw new VulnDbError('DB_CORRUPT', `${source} is not a readable SQLite database: ${(err as Error).message}`, { cause: err });
    } finally {
      db.close();
    }
    fsyncPath(tmp);
    renameSync(tmp, dbPath);
    fsyncPath(dirname(dbPath));
  } catch (err) {
    removeIfExists(tmp);
    throw err;
  }
  return { path: dbPath, bytes: statSync(dbPath).size, ms: Math.round(performance.now() - started), carried: false };
}

function hasSchema(path: string): boolean {
  if (!existsSync(path)) return false;
  try {
    const db = openSqlite(path, { readonly: true, fileMustExist: true });
    try {
      return Number(db.prepare<[], { value: string }>("SELECT value FROM meta WHERE key = 'schema_version'").get()?.value) === SCHEMA_VERSION;
    } finally {
      db.close();
    }
  } catch {
    return false;
  }
}

/** Temporary files of builds whose process is gone (killed, crashed): they are never renamed, so delete them. */
function removeOrphans(dbPath: string): void {
  const dir = dirname(dbPath);
  const prefix = `${basename(dbPath)}.tmp-`;
  for (const name of readdirSync(dir)) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(name.slice(prefix.length));
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) continue;
    removeIfExists(join(dir, name));
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function removeIfExists(path: string): void {
  try { unlinkSync(path); } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try { fsyncSync(fd); } finally { closeSync(fd); }
}
