/**
 * SQLite reader for rpm's `rpmdb.sqlite` (rpm ≥ 4.16 sqlite backend; Fedora ≥ 33, RHEL ≥ 9, CBL-Mariner 2).
 * rpm keeps each header blob in table `Packages (hnum INTEGER PRIMARY KEY, blob BLOB)`
 * (rpm lib/backend/sqlite.c).
 *
 * This is the one file of src/catalog that uses better-sqlite3. It does not open any file: `openSqlite(buffer)`
 * deserialises the bytes handed in into a private in-memory database (sqlite3_deserialize), so the cataloger stays
 * pure. A corrupt database makes SQLite return an error, which becomes a typed error here.
 */
import { openSqlite, type SqliteDatabase } from '../../sqlite.js';
import type { RawRecords } from './bdb.js';
import { RpmDbError } from './errors.js';

const SQLITE_MAGIC = 'SQLite format 3\u0000';

/**
 * Read every `Packages.blob` of an rpm SQLite database.
 * @throws {RpmDbError} RPMDB_BAD_MAGIC (not SQLite) or RPMDB_CORRUPT (SQLite refuses it, no Packages table).
 */
export function readSqliteRpmdb(bytes: Uint8Array, path: string): RawRecords {
  if (bytes.length < 100 || new TextDecoder('latin1').decode(bytes.subarray(0, 16)) !== SQLITE_MAGIC) {
    throw new RpmDbError('RPMDB_BAD_MAGIC', `${path}: not an SQLite database`);
  }
  // rpm runs the database in WAL mode (header bytes 18/19 = 2). A deserialised database cannot use WAL (no -shm),
  // and SQLite refuses to open it; marking a private copy as rollback-journal (1/1) reads the same pages.
  // Rows still only in the -wal file are not seen (see readme.md).
  const copy = Buffer.from(bytes);
  if (copy[18] === 2) copy[18] = 1;
  if (copy[19] === 2) copy[19] = 1;
  let db: SqliteDatabase | undefined;
  try {
    // The native module loads on the first rpmdb.sqlite met (few images have one), not with every cataloger.
    db = openSqlite(copy, { readonly: true });
    const rows = db.prepare('SELECT hnum, blob FROM Packages ORDER BY hnum').all() as { hnum: number; blob: unknown }[];
    const blobs: RawRecords['blobs'] = [];
    const issues: RawRecords['issues'] = [];
    for (const row of rows) {
      const where = `${path} hnum ${row.hnum}`;
      if (!(row.blob instanceof Uint8Array)) {
        issues.push({ code: 'RPMDB_BAD_RECORD', message: `${where}: blob column is not a BLOB`, path });
        continue;
      }
      blobs.push({ where, bytes: row.blob });
    }
    return { blobs, issues };
  } catch (cause) {
    throw new RpmDbError('RPMDB_CORRUPT', `${path}: SQLite could not read the Packages table: ${(cause as Error).message}`, { cause });
  } finally {
    db?.close();
  }
}
