/**
 * Loading the bundled commands with V8's code cache. Node.js 20 compiles every module from source on every run
 * (`module.enableCompileCache()` arrives in Node.js 22), which for the sbom or scan command is a fifth of a warm
 * run. The bundle (scripts/bundle.mjs) therefore builds each command as one CommonJS file, and this loader compiles
 * it with `vm.Script`, handing V8 the code cache of an earlier run and writing a new one at exit when there was
 * none or V8 refused it. The cache is made after the command ran, so it also holds the functions the run compiled
 * lazily. V8 refuses a cache made by another V8 version or with other flags, or for a source of another length,
 * and then compiles from source; it cannot tell two sources of the same length apart, which is why the key names
 * the build (below).
 *
 * Files: `<cache dir>/compile/<command>-<content hash>.<Node.js version>-<arch>-<file size>-<file time>.bin`,
 * written to a temporary name and renamed, so concurrent runs never read half a file; a new build's cache replaces
 * the old build's made by the same Node.js version. A code cache is code: a folder or file that another user could write is not used (the folder is
 * made 0700, the files 0600). `DRYDOCK_NO_COMPILE_CACHE=1` turns it off; a cache dir that cannot be written only
 * means no cache. `drydock cache clean` removes it.
 */
import { isAscii } from 'node:buffer';
import { closeSync, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import { COMPILE_CACHE_FOLDER, resolveCacheDir } from '../cache/dirs.js';

/** What happened to the code cache: used, made now (none or a refused one), or not used at all. */
export type CodeCacheState = 'hit' | 'miss' | 'rejected' | 'off';

export interface LoadedCommonJs {
  exports: Record<string, unknown>;
  cache: CodeCacheState;
  /** Write the code cache now (after the code ran, so it holds what was compiled meanwhile); no-op on a hit. */
  saveCache(): void;
}

/** CommonJS's module wrapper (Node's own `Module.wrap`, which ES modules cannot import by name in Node.js 20). */
function wrap(source: string): string {
  return `(function (exports, require, module, __filename, __dirname) { ${source}\n});`;
}

/**
 * The cache file for a bundled file. The bundle names each command file by its content hash; the rest of the name
 * adds the Node.js version and architecture (V8 refuses another version's cache anyway; keeping them apart avoids
 * rewriting it back and forth) and the file's size and modification time (a file edited in place after the build).
 */
function cacheFileFor(file: string, cacheDir: string): string {
  const st = statSync(file);
  const key = `${process.version}-${process.arch}-${st.size}-${Math.round(st.mtimeMs * 1000)}`;
  return join(cacheDir, COMPILE_CACHE_FOLDER, `${basename(file).replace(/\.c?js$/, '')}.${key}.bin`);
}

/**
 * Remove the caches of earlier builds of the same file made by this Node.js version and arch:
 * `<name>-<hash>.<version>-<arch>-….bin` with another hash, size or time. Another Node.js version's cache is kept
 * (a machine that runs two versions would otherwise rewrite it on every run).
 */
function removeOtherCaches(cacheFile: string): void {
  const mine = basename(cacheFile);
  const name = /^(.+)-[A-Za-z0-9]+\.[^/]+\.bin$/.exec(mine)?.[1];
  if (!name) return;
  const runtime = `${process.version}-${process.arch}-`;
  const dir = dirname(cacheFile);
  for (const f of readdirSync(dir)) {
    if (f === mine || !f.startsWith(`${name}-`)) continue;
    const key = /^[A-Za-z0-9]+\.([^/]+)\.bin$/.exec(f.slice(name.length + 1))?.[1];
    if (key?.startsWith(runtime)) rmSync(join(dir, f), { force: true });
  }
}

/**
 * True when only this user can write the file or folder: a code cache is code, so a cache someone else could have
 * written is never run. (No uid model on Windows: there the cache dir is the user's own profile folder.)
 */
function privateToUser(st: Stats): boolean {
  if (typeof process.getuid !== 'function') return true;
  return st.uid === process.getuid() && (st.mode & 0o022) === 0;
}

/**
 * The cache file's path when its folder exists (made now, not at exit: a run that removes it, `drydock cache
 * clean`, leaves it removed) and only this user can write to it; else undefined (no cache).
 */
function usableCacheFile(cacheFile: string): string | undefined {
  const dir = dirname(cacheFile);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    return privateToUser(statSync(dir)) ? cacheFile : undefined;
  } catch {
    return undefined; // cannot be made or read: run without a cache
  }
}

/** The file's bytes when it exists and only this user can write it. */
function readPrivateFile(path: string): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return undefined;
  }
  try {
    return privateToUser(fstatSync(fd)) ? readFileSync(fd) : undefined;
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/**
 * Load a self-contained CommonJS file (its `require` resolves from its own folder), with a V8 code cache under
 * `cacheDir` when one is given.
 */
export function loadCommonJs(file: string, cacheDir: string | undefined): LoadedCommonJs {
  // The bundle is ASCII as a rule (esbuild escapes non-ASCII outside comments): read as Latin-1 it needs no UTF-8
  // decoding, a few milliseconds on a megabyte. A file that is not ASCII is decoded as UTF-8.
  const raw = readFileSync(file);
  const source = isAscii(raw) ? raw.toString('latin1') : raw.toString('utf8');
  const cacheFile = cacheDir ? usableCacheFile(cacheFileFor(file, cacheDir)) : undefined;
  const cachedData = cacheFile ? readPrivateFile(cacheFile) : undefined;
  const script = new Script(wrap(source), { filename: file, ...(cachedData ? { cachedData } : {}) });
  const cache: CodeCacheState = !cacheFile ? 'off' : !cachedData ? 'miss' : script.cachedDataRejected ? 'rejected' : 'hit';
  const module = { exports: {} as Record<string, unknown> };
  const fn = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: unknown, filename: string, dirname: string) => void;
  fn.call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  let saved = cache === 'hit' || cache === 'off';
  return {
    exports: module.exports,
    cache,
    saveCache() {
      if (saved || !cacheFile) return;
      saved = true;
      const tmp = `${cacheFile}.${process.pid}.tmp`;
      try {
        writeFileSync(tmp, script.createCachedData(), { mode: 0o600 });
        renameSync(tmp, cacheFile);
        removeOtherCaches(cacheFile);
      } catch {
        // A read-only or full cache dir: run without a cache next time too.
      }
    },
  };
}

/** `--cache-dir DIR` or `--cache-dir=DIR` among a command's arguments (read before the command parses them). */
export function cacheDirFlag(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') return undefined;
    if (a === '--cache-dir') return args[i + 1];
    if (a.startsWith('--cache-dir=')) return a.slice('--cache-dir='.length);
  }
  return undefined;
}

function loadBundled(file: string): Record<string, unknown> {
  const off = process.env.DRYDOCK_NO_COMPILE_CACHE === '1';
  const cacheDir = off ? undefined : resolveCacheDir(cacheDirFlag(process.argv.slice(3)), process.env);
  const loaded = loadCommonJs(file, cacheDir);
  if (loaded.cache === 'miss' || loaded.cache === 'rejected') process.once('exit', () => loaded.saveCache());
  return loaded.exports;
}

/**
 * Load `commands/<file>` beside the bundle's entry (`sbom-<content hash>.cjs`), with the code cache in the user's
 * cache dir; the cache is written when the process exits. Only the bundle calls this (scripts/bundle.mjs rewrites
 * the command registry's imports into it); the sources and tests import the commands directly.
 */
export function loadBundledCommand(fileName: string): Promise<Record<string, unknown>> {
  return Promise.resolve(loadBundled(fileURLToPath(new URL(`./commands/${fileName}`, import.meta.url))));
}

/**
 * Load a library bundled on its own (`vendor/undici-<content hash>.cjs`, beside the command files) the same way,
 * on its first `require`. Only the command bundles call this: scripts/bundle.mjs turns their `require('undici')`
 * into it, so that a run that never talks HTTP does not compile a megabyte of HTTP client.
 */
export function loadBundledVendor(fileName: string): Record<string, unknown> {
  return loadBundled(fileURLToPath(new URL(`./vendor/${fileName}`, import.meta.url)));
}
