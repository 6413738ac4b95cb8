/**
 * The bundle's own machinery (scripts/bundle.mjs, src/cli/compile-cache.ts), through the built CLI in child
 * processes: command files compiled with a V8 code cache that the first run writes and later runs read, the switch
 * that turns it off, undici bundled on its own and loaded on the first HTTP request (a real `db update` from the
 * local feed server serving ../shared/vulndata), and better-sqlite3 bundled with its addon loaded directly.
 */
import { isAscii } from 'node:buffer';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { startFeedServer } from '../helpers/feed-server.js';
import { repoRoot } from '../helpers/shared.js';

const run = promisify(execFile);
const bundle = join(repoRoot, 'dist', 'bundle');
const cli = join(bundle, 'main.js');
const tmp = mkdtempSync(join(tmpdir(), 'drydock-bundle-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function drydock(args: string[], env: Record<string, string>): Promise<{ stdout: string; stderr: string }> {
  return run(process.execPath, [cli, ...args], { env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 });
}

describe.skipIf(!existsSync(cli))('the bundled CLI', () => {
  it('is an entry plus one CommonJS file per registered command, named by content hash, and undici on its own', () => {
    const files = readdirSync(join(bundle, 'commands')).filter((f) => f.endsWith('.cjs'));
    const registry = readFileSync(join(repoRoot, 'src', 'cli', 'commands', 'registry.ts'), 'utf8');
    const registered = [...registry.matchAll(/import\('\.\/([a-z0-9-]+)\.js'\)/g)].map((m) => m[1]!).sort();
    expect(files.map((f) => f.replace(/-[A-Z0-9]+\.cjs$/, '')).sort()).toEqual(registered);
    expect(readdirSync(join(bundle, 'commands', 'vendor')).filter((f) => f.endsWith('.cjs')).sort()).toEqual([
      expect.stringMatching(/^undici-[A-Z0-9]+\.cjs$/),
      expect.stringMatching(/^yaml-[A-Z0-9]+\.cjs$/),
    ]);
    // The command files call undici's loader instead of carrying undici.
    const scan = files.find((f) => f.startsWith('scan-'))!;
    const text = readFileSync(join(bundle, 'commands', scan), 'utf8');
    expect(text).toContain('loadBundledVendor(');
    expect(text).not.toContain('node_modules/undici/');
    expect(text).not.toContain('node_modules/yaml/');
    // The image commands are ASCII, so the loader reads them without UTF-8 decoding (src/cli/compile-cache.ts).
    for (const name of ['sbom', 'scan']) {
      const f = files.find((x) => x.startsWith(`${name}-`))!;
      expect(isAscii(readFileSync(join(bundle, 'commands', f))), f).toBe(true);
    }
  });

  it('writes a code cache on the first run of a command and gives the same answers from it', async () => {
    const cacheDir = join(tmp, 'cc');
    const first = await drydock(['cvss', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'], { DRYDOCK_CACHE_DIR: cacheDir });
    const caches = readdirSync(join(cacheDir, 'compile'));
    expect(caches).toEqual([expect.stringMatching(/^cvss-[A-Z0-9]+\.v\d+\.\d+\.\d+-\w+-\d+-\d+\.bin$/)]);
    const second = await drydock(['cvss', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'], { DRYDOCK_CACHE_DIR: cacheDir });
    expect(second.stdout).toBe(first.stdout);
    expect(JSON.parse(second.stdout)).toMatchObject({ baseScore: 9.8 });
    expect(readdirSync(join(cacheDir, 'compile'))).toEqual(caches);
  });

  it('loads the bundled yaml only for a config file (the options table reads it)', async () => {
    const dir = join(tmp, 'yaml');
    // No database: db status exits 3.
    await expect(drydock(['db', 'status'], { DRYDOCK_CACHE_DIR: dir })).rejects.toMatchObject({ code: 3 });
    expect(readdirSync(join(dir, 'compile'))).toEqual([expect.stringMatching(/^db-/)]);
    // A config file whose cache-dir is a list: only a YAML parser can tell, and the option table refuses it.
    const config = join(tmp, 'drydock.yaml');
    writeFileSync(config, 'cache-dir: [a, b]\n');
    await expect(drydock(['db', 'status', '--config', config], { DRYDOCK_CACHE_DIR: dir })).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('cache-dir must be a string') });
    expect(readdirSync(join(dir, 'compile')).sort()).toEqual([expect.stringMatching(/^db-/), expect.stringMatching(/^yaml-/)]);
  });

  it('writes nothing with DRYDOCK_NO_COMPILE_CACHE=1, and follows --cache-dir', async () => {
    const envDir = join(tmp, 'env-dir');
    const flagDir = join(tmp, 'flag-dir');
    await drydock(['vercmp', 'deb', '1.0', '1.0~rc1'], { DRYDOCK_CACHE_DIR: envDir, DRYDOCK_NO_COMPILE_CACHE: '1' });
    expect(existsSync(join(envDir, 'compile'))).toBe(false);
    const r = await drydock(['sbom', '--help', '--cache-dir', flagDir], { DRYDOCK_CACHE_DIR: envDir });
    expect(r.stdout).toMatch(/^Usage: drydock sbom/);
    expect(readdirSync(join(flagDir, 'compile'))).toEqual([expect.stringMatching(/^sbom-/)]);
    expect(existsSync(join(envDir, 'compile'))).toBe(false);
  });

  it('loads the bundled undici for a real download (db update from the local feed server), and not before', async () => {
    const server = await startFeedServer();
    try {
      const cacheDir = join(tmp, 'db');
      // db status imports the download code but downloads nothing: undici is not loaded, so it gets no code cache.
      await expect(drydock(['db', 'status'], { DRYDOCK_CACHE_DIR: cacheDir })).rejects.toMatchObject({ code: 3, stderr: expect.stringMatching(/DB_MISSING/) });
      expect(readdirSync(join(cacheDir, 'compile'))).toEqual([expect.stringMatching(/^db-/)]);
      const r = await drydock(['db', 'update', '--mirror', server.url, '--sources', 'kev', '-q'], { DRYDOCK_CACHE_DIR: cacheDir });
      expect(readdirSync(join(cacheDir, 'compile')).filter((f) => f.startsWith('undici-'))).toHaveLength(1);
      expect(r.stderr).toBe('');
      expect(existsSync(join(cacheDir, 'db', 'drydock.db'))).toBe(true);
      // Opening the database: better-sqlite3's JavaScript comes from the command file, its addon straight from its
      // build folder (src/sqlite.ts), and neither the library's files nor `bindings` are read from node_modules.
      const hook = join(tmp, 'loaded-modules.cjs');
      const loaded = join(tmp, 'loaded-modules.json');
      writeFileSync(hook, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(loaded)}, JSON.stringify(Object.keys(require.cache))));\n`);
      const status = await drydock(['db', 'status', '--json'], { DRYDOCK_CACHE_DIR: cacheDir, NODE_OPTIONS: `--require ${hook}` });
      expect(status.stdout).toMatch(/"kev"/);
      const modules = (JSON.parse(readFileSync(loaded, 'utf8')) as string[]).map((m) => m.split('\\').join('/'));
      expect(modules).toContainEqual(expect.stringMatching(/node_modules\/better-sqlite3\/build\/Release\/better_sqlite3\.node$/));
      expect(modules.filter((m) => /node_modules\/(better-sqlite3\/lib|bindings)\//.test(m))).toEqual([]);
    } finally {
      await server.close();
    }
  });
});
