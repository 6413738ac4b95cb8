/**
 * The advisory database schema (SQLite). Normalised for the matcher's hot path: one indexed lookup by
 * (family, release, name) returns the affected rows with their advisory. Bump SCHEMA_VERSION on any change: an
 * older file is then rebuilt from scratch instead of carried over.
 */

import { join } from 'node:path';

export const SCHEMA_VERSION = 1;

/** Tables. Secondary indexes come after the bulk load (INDEXES), which is several times faster than indexing per row. */
export const TABLES = `
CREATE TABLE IF NOT EXISTS meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
-- One row per feed: where it came from, when, how much, and how fresh upstream said it was.
CREATE TABLE IF NOT EXISTS sources (
  id TEXT PRIMARY KEY,
  url TEXT NOT NULL,
  fetched_at TEXT NOT NULL,
  records INTEGER NOT NULL,
  upstream_modified TEXT,
  schema_version INTEGER NOT NULL,
  issues INTEGER NOT NULL DEFAULT 0
);
-- The advisory without its affected list (body = JSON of the remaining Advisory fields but id/source).
CREATE TABLE IF NOT EXISTS advisories (
  rowid INTEGER PRIMARY KEY,
  id TEXT NOT NULL,
  source TEXT NOT NULL,
  modified TEXT,
  withdrawn TEXT,
  malicious INTEGER NOT NULL DEFAULT 0,
  body TEXT NOT NULL,
  UNIQUE (source, id)
);
-- One row per AffectedPackage (body = its JSON), keyed for lookup. release is '' for language ecosystems.
CREATE TABLE IF NOT EXISTS affected (
  advisory INTEGER NOT NULL,
  family TEXT NOT NULL,
  release TEXT NOT NULL,
  name TEXT NOT NULL,
  malicious INTEGER NOT NULL DEFAULT 0,
  body TEXT NOT NULL
);
-- Every id an advisory is known by, its own id included, for byId().
CREATE TABLE IF NOT EXISTS aliases (
  alias TEXT NOT NULL,
  advisory INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS kev (
  cve TEXT PRIMARY KEY,
  body TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS epss (
  cve TEXT PRIMARY KEY,
  score REAL NOT NULL,
  percentile REAL NOT NULL,
  date TEXT
) WITHOUT ROWID;
`;

export const INDEXES = `
CREATE INDEX IF NOT EXISTS affected_by_package ON affected (family, release, name, malicious);
CREATE INDEX IF NOT EXISTS affected_by_advisory ON affected (advisory);
CREATE INDEX IF NOT EXISTS aliases_by_alias ON aliases (alias);
CREATE INDEX IF NOT EXISTS aliases_by_advisory ON aliases (advisory);
CREATE INDEX IF NOT EXISTS advisories_by_source ON advisories (source);
`;

/** Where the database lives under the cache directory. */
export function databasePath(cacheDir: string): string {
  return join(cacheDir, 'db', 'drydock.db');
}
