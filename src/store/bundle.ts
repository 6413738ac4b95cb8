/**
 * Export/import bundles: the database file itself plus a sidecar manifest `<bundle>.manifest.json` (schema version,
 * sha256, size, per-source metadata). A plain file keeps the air-gap transfer simple (copy two files) and lets
 * `sqlite3` open the bundle directly.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { openSqlite } from '../sqlite.js';
import { VulnDbError } from '../vulndb/errors.js';
import { installDatabaseFile, type BuildResult } from './build.js';
import { openAdvisoryDb, type SourceInfo } from './lookup.js';
import { SCHEMA_VERSION } from './schema.js';

export interface BundleManifest {
  schema: 'drydock-db-bundle/1';
  schemaVersion: number;
  builtAt?: string;
  exportedAt: string;
  bytes: number;
  sha256: string;
  sources: SourceInfo[];
}

export function manifestPath(bundle: string): string {
  return `${bundle}.manifest.json`;
}

async function sha256File(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/**
 * Write the live database to `bundle` (SQLite's online backup: consistent even while an update swaps files) and its
 * manifest beside it.
 * @throws VulnDbError DB_MISSING when there is no database
 */
export async function exportBundle(dbPath: string, bundle: string): Promise<BundleManifest> {
  const live = openAdvisoryDb(dbPath);
  const sources = live.sources();
  const builtAt = live.builtAt();
  live.close();
  const tmp = `${bundle}.tmp-${process.pid}`;
  const src = openSqlite(dbPath, { readonly: true, fileMustExist: true });
  try {
    await src.backup(tmp);
  } finally {
    src.close();
  }
  renameSync(tmp, bundle);
  const manifest: BundleManifest = {
    schema: 'drydock-db-bundle/1', schemaVersion: SCHEMA_VERSION, ...(builtAt ? { builtAt } : {}), exportedAt: new Date().toISOString(),
    bytes: statSync(bundle).size, sha256: await sha256File(bundle), sources,
  };
  writeFileSync(manifestPath(bundle), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/**
 * Install a bundle as the live database, after checking it against its manifest (when present) and SQLite's own
 * integrity check.
 * @throws VulnDbError BUNDLE_CORRUPT (size or sha256 differ from the manifest, unreadable manifest), DB_SCHEMA, DB_CORRUPT
 */
export async function importBundle(bundle: string, dbPath: string): Promise<BuildResult & { manifest?: BundleManifest }> {
  const mPath = manifestPath(bundle);
  let manifest: BundleManifest | undefined;
  if (existsSync(mPath)) {
    try {
      manifest = JSON.parse(readFileSync(mPath, 'utf8')) as BundleManifest;
    } catch (err) {
      throw new VulnDbError('BUNDLE_CORRUPT', `${mPath}: not JSON: ${(err as Error).message}`, { cause: err });
    }
    if (manifest.schema !== 'drydock-db-bundle/1') throw new VulnDbError('BUNDLE_CORRUPT', `${mPath}: not a drydock bundle manifest`);
    if (manifest.schemaVersion !== SCHEMA_VERSION) throw new VulnDbError('DB_SCHEMA', `${bundle} has schema version ${manifest.schemaVersion}, this drydock reads ${SCHEMA_VERSION}`);
    const size = statSync(bundle).size;
    if (size !== manifest.bytes) throw new VulnDbError('BUNDLE_CORRUPT', `${bundle} is ${size} bytes, its manifest says ${manifest.bytes} (truncated copy?)`);
    const sum = await sha256File(bundle);
    if (sum !== manifest.sha256) throw new VulnDbError('BUNDLE_CORRUPT', `${bundle}: sha256 ${sum} differs from the manifest's ${manifest.sha256}`);
  }
  const result = installDatabaseFile(bundle, dbPath);
  return { ...result, ...(manifest ? { manifest } : {}) };
}
