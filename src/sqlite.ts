/**
 * better-sqlite3, loaded on first use, with its native addon loaded directly.
 *
 * Left to itself, better-sqlite3 finds its addon through the `bindings` package, which reads the call stack and
 * tries a dozen paths: 4–7 ms of every run that opens a database (measured on this project's machine against 1.3–1.8
 * ms for the same open with the addon handed in). The addon is where better-sqlite3's install puts it
 * (`build/Release/better_sqlite3.node`, whether built from source or fetched prebuilt); when it is not there, the
 * `bindings` search runs as before, rooted at the package. In the bundle (scripts/bundle.mjs), better-sqlite3's
 * JavaScript is part of the command file and compiled with its code cache instead of read from node_modules.
 *
 * Every database in Drydock is opened through `openSqlite`, so that one copy of the library and one addon serve them
 * all (the addon is set up with the library's error class once).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';

// Not named `require`: the bundler leaves calls through this function alone. scripts/bundle.mjs rewrites the one
// call that loads the library itself, so that the bundle carries it.
const requireCjs = createRequire(import.meta.url);

export type SqliteDatabase = BetterSqlite3.Database;
export type SqliteOptions = Omit<BetterSqlite3.Options, 'nativeBinding'>;

let library: typeof BetterSqlite3 | undefined;
let addon: object | undefined;

function packageRoot(): string {
  return dirname(requireCjs.resolve('better-sqlite3/package.json'));
}

/** The addon's path when it is where better-sqlite3's install puts it; undefined otherwise. */
export function directAddonPath(root = packageRoot()): string | undefined {
  const path = join(root, 'build', 'Release', 'better_sqlite3.node');
  return existsSync(path) ? path : undefined;
}

function nativeAddon(): object {
  if (addon) return addon;
  const root = packageRoot();
  const direct = directAddonPath(root);
  if (direct) return (addon = requireCjs(direct) as object);
  const bindings = requireCjs('bindings') as (opts: { bindings: string; module_root: string }) => object;
  return (addon = bindings({ bindings: 'better_sqlite3.node', module_root: root }));
}

/**
 * Open (or, given bytes, deserialise into memory) an SQLite database.
 * @example openSqlite(path, { readonly: true, fileMustExist: true }).prepare('SELECT 1').get()
 */
export function openSqlite(filename: string | Buffer, options: SqliteOptions = {}): SqliteDatabase {
  library ??= requireCjs('better-sqlite3') as typeof BetterSqlite3;
  // The library takes the addon object as well as a path (lib/database.js, "nativeBinding"); its type declarations
  // name only the path.
  return new library(filename, { ...options, nativeBinding: nativeAddon() as unknown as string });
}
