import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { archivesDir, hasTestImage, imagesRoot } from '../../../test/helpers/shared.js';
import type { FileInfo, FileParseResult } from '../types.js';
import { cataloger } from './index.js';

const enc = new TextEncoder();
function file(path: string, size = 0): FileInfo {
  return { path, size, mode: 0o100644 };
}
function parse(path: string, text: string): FileParseResult {
  return cataloger.parse(file(path, text.length), enc.encode(text)) as FileParseResult;
}

describe('npm cataloger matches()', () => {
  it.each`
    path                                                         | matched
    ${'/app/node_modules/express/package.json'}                  | ${true}
    ${'/app/node_modules/@babel/core/package.json'}              | ${true}
    ${'/app/node_modules/mkdirp/node_modules/minimist/package.json'} | ${true}
    ${'/app/package.json'}                                       | ${false}
    ${'/app/node_modules/express/lib/package.json'}              | ${false}
    ${'/app/node_modules/@babel/package.json'}                   | ${false}
    ${'/app/node_modules/.bin/package.json'}                     | ${false}
    ${'/usr/share/nodejs/acorn/package.json'}                    | ${false}
    ${'/app/package-lock.json'}                                  | ${true}
    ${'/app/npm-shrinkwrap.json'}                                | ${true}
    ${'/app/yarn.lock'}                                          | ${true}
    ${'/app/pnpm-lock.yaml'}                                     | ${true}
    ${'/app/node_modules/foo/package-lock.json'}                 | ${false}
    ${'/app/node_modules/.package-lock.json'}                    | ${false}
  `('$path → $matched', ({ path, matched }: { path: string; matched: boolean }) => {
    expect(cataloger.matches(file(path))).toBe(matched);
  });
});

describe('npm cataloger parse()', () => {
  it('reads an installed scoped package with its licence and purl', () => {
    const r = parse('/app/node_modules/@babel/core/package.json', '{"name":"@babel/core","version":"7.24.0","license":"MIT"}');
    expect(r.issues).toEqual([]);
    expect(r.packages).toEqual([
      {
        type: 'npm',
        name: '@babel/core',
        version: '7.24.0',
        purl: 'pkg:npm/%40babel/core@7.24.0',
        licenses: ['MIT'],
        locations: ['/app/node_modules/@babel/core/package.json'],
        metadata: { source: 'installed' },
      },
    ]);
  });

  it.each`
    label                      | text                                                   | code
    ${'truncated JSON'}        | ${'{"name":"a","vers'}                                 | ${'NPM_MALFORMED_JSON'}
    ${'an array'}              | ${'[1,2]'}                                             | ${'NPM_MALFORMED_JSON'}
    ${'name of a wrong type'}  | ${'{"name":42,"version":"1.0.0"}'}                     | ${'NPM_MISSING_NAME'}
    ${'version of wrong type'} | ${'{"name":"a","version":{"x":1}}'}                    | ${'NPM_MISSING_VERSION'}
    ${'a huge name'}           | ${JSON.stringify({ name: 'a'.repeat(100_000), version: '1.0.0' })} | ${'NPM_INVALID_NAME'}
    ${'deep nesting'}          | ${'['.repeat(200_000) + ']'.repeat(200_000)}           | ${'NPM_MALFORMED_JSON'}
  `('gives $code for $label in package.json', ({ text, code }: { text: string; code: string }) => {
    const r = parse('/app/node_modules/a/package.json', text);
    expect(r.packages).toEqual([]);
    expect(r.issues.map((i) => i.code)).toEqual([code]);
    expect(r.issues[0]?.path).toBe('/app/node_modules/a/package.json');
  });

  it('keeps "__proto__" keys as data and does not pollute prototypes', () => {
    const lock = JSON.stringify({
      lockfileVersion: 3,
      packages: JSON.parse('{"": {}, "node_modules/__proto__": {"version": "1.0.0"}, "node_modules/ok": {"version": "2.0.0", "license": {"__proto__": {"polluted": 1}, "type": "MIT"}}}'),
    });
    const r = parse('/app/package-lock.json', lock);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // "__proto__" is not a valid npm name (leading "_"): skipped with an issue, the rest kept.
    expect(r.packages.map((p) => `${p.name}@${p.version}`)).toEqual(['ok@2.0.0']);
    expect(r.packages[0]?.licenses).toEqual(['MIT']);
    expect(r.issues.map((i) => i.code)).toEqual(['NPM_BAD_ENTRY']);
  });

  it('skips a bad lock entry with an issue and keeps the rest', () => {
    const lock = JSON.stringify({ lockfileVersion: 2, packages: { '': {}, 'node_modules/a': 'oops', 'node_modules/b': { version: '1.0.0', dev: true } } });
    const r = parse('/app/package-lock.json', lock);
    expect(r.packages.map((p) => [p.name, p.version, p.metadata?.dev])).toEqual([['b', '1.0.0', true]]);
    expect(r.issues.map((i) => i.code)).toEqual(['NPM_BAD_ENTRY']);
  });

  it('walks a deeply nested v1 lock without overflowing the stack', () => {
    // JSON.stringify itself recurses, so build the text by hand.
    let text = '';
    for (let i = 0; i < 20_000; i++) text += `{"p${i}":{"version":"1.0.0","dependencies":`;
    text += '{}' + '}}'.repeat(20_000);
    const r = parse('/app/package-lock.json', `{"lockfileVersion":1,"dependencies":${text}}`);
    // V8's JSON.parse may refuse this depth; either way no crash and the file is named.
    if (r.packages.length === 0) expect(r.issues[0]?.path).toBe('/app/package-lock.json');
    else expect(r.packages.length).toBe(20_000);
  });

  it.each`
    label                    | path                     | text
    ${'truncated yarn.lock'} | ${'/app/yarn.lock'}      | ${'ms@^2.1.1:\n  resolved "https://x"\n'}
    ${'bad pnpm YAML'}       | ${'/app/pnpm-lock.yaml'} | ${"lockfileVersion: '9.0'\npackages: [\n"}
    ${'pnpm wrong types'}    | ${'/app/pnpm-lock.yaml'} | ${"lockfileVersion: '9.0'\npackages: 12\n"}
    ${'lock not an object'}  | ${'/app/package-lock.json'} | ${'"x"'}
  `('gives an issue naming the file for $label', ({ path, text }: { path: string; text: string }) => {
    const r = parse(path, text);
    expect(r.packages).toEqual([]);
    expect(r.issues.length).toBeGreaterThan(0);
    expect(r.issues.every((i) => i.path === path && /^NPM_[A-Z_]+$/.test(i.code))).toBe(true);
  });

  it('reads a v1 yarn alias and a berry npm entry', () => {
    const v1 = parse('/app/yarn.lock', '"string-width-cjs@npm:string-width@^4.2.0":\n  version "4.2.3"\n');
    expect(v1.packages.map((p) => `${p.name}@${p.version}`)).toEqual(['string-width@4.2.3']);
    const berry = parse('/app/yarn.lock', '__metadata:\n  version: 6\n\n"ms@npm:^2.1.1":\n  version: 2.1.3\n  resolution: "ms@npm:2.1.3"\n\n"app@workspace:.":\n  version: 0.0.0-use.local\n  resolution: "app@workspace:."\n');
    expect(berry.packages.map((p) => `${p.name}@${p.version}`)).toEqual(['ms@2.1.3']);
  });

  it('reads a v1 yarn alias without a range under the real name (a vulnerability of ms is one of foo-ms)', () => {
    const v1 = parse('/app/yarn.lock', '"foo-ms@npm:ms":\n  version "2.1.3"\n\n"foo-uuid@npm:@types/uuid":\n  version "9.0.7"\n\n"odd@npm:1.2.3":\n  version "1.2.3"\n');
    expect(v1.packages.map((p) => `${p.name}@${p.version}`).sort()).toEqual(['@types/uuid@9.0.7', 'ms@2.1.3', 'odd@1.2.3']);
  });
});

describe('npm cataloger finalize()', () => {
  it('drops lock entries installed beside the lock and keeps the others as lockfile records', () => {
    const results = new Map<string, FileParseResult>([
      ['/app/node_modules/ms/package.json', parse('/app/node_modules/ms/package.json', '{"name":"ms","version":"2.1.3"}')],
      ['/app/package-lock.json', parse('/app/package-lock.json', JSON.stringify({
        lockfileVersion: 3,
        packages: { '': {}, 'node_modules/ms': { version: '2.1.3' }, 'node_modules/left-pad': { version: '1.3.0', dev: true } },
      }))],
      // A lock elsewhere does not see /app/node_modules.
      ['/other/package-lock.json', parse('/other/package-lock.json', JSON.stringify({ lockfileVersion: 3, packages: { 'node_modules/ms': { version: '2.1.3' } } }))],
    ]);
    const out = cataloger.finalize?.(results);
    expect(out?.packages.map((p) => [p.name, p.version, p.locations[0], p.metadata?.source])).toEqual([
      ['ms', '2.1.3', '/app/node_modules/ms/package.json', 'installed'],
      ['left-pad', '1.3.0', '/app/package-lock.json', 'lockfile'],
      ['ms', '2.1.3', '/other/package-lock.json', 'lockfile'],
    ]);
  });
});

/** Every regular file under dir, as absolute paths inside the image. */
function walk(rootfs: string, dir: string, out: string[]): void {
  for (const e of readdirSync(join(rootfs, dir), { withFileTypes: true })) {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) walk(rootfs, rel, out);
    else if (e.isFile()) out.push(rel);
  }
}

describe.skipIf(!hasTestImage('node-app'))('npm cataloger on the node-app image (skipped when the test images are not built)', () => {
  it('finds exactly the 70 npm packages of the truth file', () => {
    const rootfs = join(imagesRoot, 'rootfs', 'node-app');
    const truth = JSON.parse(readFileSync(join(archivesDir, 'node-app.truth.json'), 'utf8')) as {
      packages: { npm: { path: string; name: string; version: string }[] };
    };
    const paths: string[] = [];
    for (const top of ['app', 'usr', 'opt', 'root', 'home', 'srv']) {
      try {
        if (statSync(join(rootfs, top)).isDirectory()) walk(rootfs, `/${top}`, paths);
      } catch {
        // absent top-level folder
      }
    }
    const results = new Map<string, FileParseResult>();
    for (const p of paths.sort()) {
      const info = file(p, statSync(join(rootfs, p)).size);
      if (!cataloger.matches(info)) continue;
      results.set(p, cataloger.parse(info, readFileSync(join(rootfs, p))) as FileParseResult);
    }
    expect(results.has('/app/package-lock.json')).toBe(true);
    const out = cataloger.finalize?.(results);
    expect(out?.issues).toEqual([]);
    const got = (out?.packages ?? []).map((p) => ({ path: p.locations[0], name: p.name, version: p.version }));
    const want = truth.packages.npm.map((p) => ({ path: p.path, name: p.name, version: p.version }));
    const key = (x: { path?: string }): string => x.path ?? '';
    expect(got.sort((a, b) => key(a).localeCompare(key(b)))).toEqual(want.sort((a, b) => key(a).localeCompare(key(b))));
    expect(want.length).toBe(70);
  });
});
