import { chmodSync, chownSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { COMPILE_CACHE_FOLDER } from '../cache/dirs.js';
import { cacheDirFlag, loadCommonJs } from './compile-cache.js';

const root = mkdtempSync(join(tmpdir(), 'drydock-compile-cache-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const WHEN = new Date('2026-01-02T03:04:05Z');
function fixture(source: string, name = 'cmd-AAAA1111.cjs'): { dir: string; file: string; cacheDir: string } {
  const dir = join(root, `case-${++n}`);
  mkdirSync(dir);
  writeFileSync(join(dir, 'dep.cjs'), 'module.exports = { dep: 41 };');
  const file = join(dir, name);
  writeFileSync(file, source);
  utimesSync(file, WHEN, WHEN); // whole seconds, so that a twin's time (below) is the same to the nanosecond
  return { dir, file, cacheDir: join(dir, 'cache') };
}
/**
 * The same file (name, bytes, time) in a fresh folder: V8 keeps an in-process cache of compiled scripts keyed by
 * source and file name, which would answer a second load of the very same path without looking at the code cache
 * at all. A twin has another path, so a second load really consumes (or refuses) the cache file.
 */
function twin(file: string): string {
  const dir = join(root, `twin-${++n}`);
  mkdirSync(dir);
  writeFileSync(join(dir, 'dep.cjs'), 'module.exports = { dep: 41 };');
  const copy = join(dir, basename(file));
  copyFileSync(file, copy);
  utimesSync(copy, WHEN, WHEN);
  return copy;
}
const SOURCE = "const { dep } = require('./dep.cjs'); function twice(x) { return 2 * x; } exports.answer = dep + 1; exports.twice = twice; exports.file = __filename;";
const cacheFiles = (cacheDir: string): string[] => readdirSync(join(cacheDir, COMPILE_CACHE_FOLDER)).sort();

describe('loadCommonJs()', () => {
  it('runs the file as CommonJS, requiring beside itself, without a cache dir', () => {
    const { file } = fixture(SOURCE);
    const m = loadCommonJs(file, undefined);
    expect(m.cache).toBe('off');
    expect(m.exports.answer).toBe(42);
    expect(m.exports.file).toBe(file);
    m.saveCache(); // nothing to write, must not throw
  });

  it('makes a cache on the first load (after running the code) and uses it on the next', () => {
    const { file, cacheDir } = fixture(SOURCE);
    const first = loadCommonJs(file, cacheDir);
    expect(first.cache).toBe('miss');
    expect((first.exports.twice as (x: number) => number)(21)).toBe(42);
    first.saveCache();
    const files = cacheFiles(cacheDir);
    expect(files).toHaveLength(1);
    expect(files[0]).toBe(`cmd-AAAA1111.${process.version}-${process.arch}-${statSync(file).size}-${Math.round(statSync(file).mtimeMs * 1000)}.bin`);
    expect(statSync(join(cacheDir, COMPILE_CACHE_FOLDER, files[0]!)).mode & 0o777).toBe(0o600);
    const second = loadCommonJs(twin(file), cacheDir);
    expect(second.cache).toBe('hit');
    expect(second.exports.answer).toBe(42);
  });

  it('compiles from source when the cache file is damaged, and replaces it', () => {
    const { file, cacheDir } = fixture(SOURCE);
    loadCommonJs(file, cacheDir).saveCache();
    const [name] = cacheFiles(cacheDir);
    writeFileSync(join(cacheDir, COMPILE_CACHE_FOLDER, name!), Buffer.from('not a V8 code cache at all, just bytes'));
    const damaged = loadCommonJs(twin(file), cacheDir);
    expect(damaged.cache).toBe('rejected');
    expect(damaged.exports.answer).toBe(42);
    damaged.saveCache();
    expect(loadCommonJs(twin(file), cacheDir).cache).toBe('hit');
  });

  it('never runs a cache made for other code of the same length: the file time is in the key', () => {
    const { file, cacheDir } = fixture('exports.v = "a";');
    loadCommonJs(file, cacheDir).saveCache();
    writeFileSync(file, 'exports.v = "b";'); // now: another time than WHEN
    const m = loadCommonJs(file, cacheDir); // another source, so V8's in-process cache cannot answer
    expect(m.cache).toBe('miss');
    expect(m.exports.v).toBe('b');
    m.saveCache();
    // The earlier build's cache is removed when the new one is written.
    expect(cacheFiles(cacheDir)).toHaveLength(1);
  });

  it("keeps another Node.js version's cache of the same file when replacing its own", () => {
    const { file, cacheDir } = fixture('exports.v = 1;');
    const other = join(cacheDir, COMPILE_CACHE_FOLDER, `cmd-AAAA1111.v99.0.0-${process.arch}-15-1.bin`);
    mkdirSync(join(cacheDir, COMPILE_CACHE_FOLDER), { recursive: true });
    writeFileSync(other, 'another runtime');
    loadCommonJs(file, cacheDir).saveCache();
    expect(cacheFiles(cacheDir)).toHaveLength(2);
    expect(existsSync(other)).toBe(true);
  });

  it('keeps the caches of other commands when replacing one', () => {
    const { dir, file, cacheDir } = fixture(SOURCE);
    const other = join(dir, 'cmdx-BBBB2222.cjs');
    writeFileSync(other, 'exports.x = 1;');
    loadCommonJs(file, cacheDir).saveCache();
    loadCommonJs(other, cacheDir).saveCache();
    expect(cacheFiles(cacheDir)).toHaveLength(2);
  });

  it('does not bring back a cache folder removed while the code ran (drydock cache clean)', () => {
    const { file, cacheDir } = fixture(SOURCE);
    const m = loadCommonJs(file, cacheDir);
    rmSync(join(cacheDir, COMPILE_CACHE_FOLDER), { recursive: true });
    m.saveCache();
    expect(existsSync(join(cacheDir, COMPILE_CACHE_FOLDER))).toBe(false);
  });

  it('runs without a cache when the cache dir cannot be written', () => {
    const { dir, file } = fixture(SOURCE);
    const notADir = join(dir, 'plain-file');
    writeFileSync(notADir, 'x');
    const m = loadCommonJs(file, notADir);
    expect(m.cache).toBe('off');
    expect(m.exports.answer).toBe(42);
    expect(() => m.saveCache()).not.toThrow();
  });

  // A code cache is code: nothing another user could have written is run.
  it.skipIf(process.platform === 'win32')('does not use a compile folder that others can write to', () => {
    const { file, cacheDir } = fixture(SOURCE);
    mkdirSync(join(cacheDir, COMPILE_CACHE_FOLDER), { recursive: true });
    chmodSync(join(cacheDir, COMPILE_CACHE_FOLDER), 0o777);
    const m = loadCommonJs(file, cacheDir);
    expect(m.cache).toBe('off');
    m.saveCache();
    expect(cacheFiles(cacheDir)).toEqual([]);
  });

  it.skipIf(process.platform === 'win32')('does not run a cache file that others can write to, and replaces it with a private one', () => {
    const { file, cacheDir } = fixture(SOURCE);
    loadCommonJs(file, cacheDir).saveCache();
    const [name] = cacheFiles(cacheDir);
    const path = join(cacheDir, COMPILE_CACHE_FOLDER, name!);
    chmodSync(path, 0o666);
    const m = loadCommonJs(twin(file), cacheDir);
    expect(m.cache).toBe('miss');
    m.saveCache();
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(loadCommonJs(twin(file), cacheDir).cache).toBe('hit');
  });

  it.skipIf(process.platform === 'win32' || process.getuid?.() !== 0)('does not run a cache file owned by another user (needs root to make one)', () => {
    const { file, cacheDir } = fixture(SOURCE);
    loadCommonJs(file, cacheDir).saveCache();
    const [name] = cacheFiles(cacheDir);
    chownSync(join(cacheDir, COMPILE_CACHE_FOLDER, name!), 65534, 65534);
    expect(loadCommonJs(twin(file), cacheDir).cache).toBe('miss');
  });

  it('reads a file that is not ASCII as UTF-8', () => {
    const { file } = fixture('exports.s = "grüße, 日本";');
    expect(loadCommonJs(file, undefined).exports.s).toBe('grüße, 日本');
  });

  it('reports a syntax error in the file as an error naming it', () => {
    const { file } = fixture('exports.x = ;');
    expect(() => loadCommonJs(file, undefined)).toThrow(SyntaxError);
    try {
      loadCommonJs(file, undefined);
    } catch (e) {
      expect(String((e as Error).stack)).toContain(file);
    }
  });
});

describe('cacheDirFlag()', () => {
  it.each([
    [['-q', '--cache-dir', '/c', 'img'], '/c'],
    [['--cache-dir=/d', 'img'], '/d'],
    [['img'], undefined],
    [['--', '--cache-dir', '/c'], undefined],
    [['--cache-dir'], undefined],
  ])('%j → %s', (args, dir) => {
    expect(cacheDirFlag(args)).toBe(dir);
  });
});
