import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { directAddonPath, openSqlite } from './sqlite.js';

const requireCjs = createRequire(import.meta.url);

describe('openSqlite', () => {
  it('finds the addon where better-sqlite3 builds it', () => {
    const path = directAddonPath();
    expect(path).toMatch(/better-sqlite3[\\/]build[\\/]Release[\\/]better_sqlite3\.node$/);
    expect(existsSync(path!)).toBe(true);
  });

  it('opens databases that work, share one addon, and throw the library\'s own error class', () => {
    const a = openSqlite(':memory:');
    a.exec('CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (41), (1)');
    expect(a.prepare('SELECT sum(x) AS s FROM t').get()).toEqual({ s: 42 });
    const bytes = a.serialize();
    a.close();
    // Bytes in: deserialised into a private in-memory database (how the rpm cataloger reads rpmdb.sqlite).
    const b = openSqlite(bytes, { readonly: true });
    expect(b.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 2 });
    const { SqliteError } = requireCjs('better-sqlite3') as { SqliteError: new () => Error };
    let caught: unknown;
    try {
      b.prepare('INSERT INTO t VALUES (3)').run();
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(SqliteError);
    expect((caught as { code?: string }).code).toBe('SQLITE_READONLY');
    b.close();
  });
});
