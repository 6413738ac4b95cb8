/**
 * The advisory database API the scan command uses:
 *
 *   const db = openAdvisoryDb(databasePath(resolveCacheDir(flag, env)));
 *   try { match(packages, db.lookup) } finally { db.close() }
 */
export { buildDatabase, installDatabaseFile, type BuildOptions, type BuildResult } from './build.js';
export { openAdvisoryDb, wrapDatabase, type AdvisoryDatabase, type SourceInfo } from './lookup.js';
export { databasePath, SCHEMA_VERSION } from './schema.js';
export { createWriter, type DbWriter, type SourceRecord } from './writer.js';
