import { describe, expect, it } from 'vitest';
import type { CheckFinding, Inventory, Package } from '../model/index.js';
import { compileSkipPaths, skipCheckPaths, skipInventoryPaths, SkipPathsError } from './skip-paths.js';

describe('compileSkipPaths()', () => {
  it.each`
    pattern                                | path                                                        | skipped
    ${'/usr/local/lib/node_modules/npm'}   | ${'/usr/local/lib/node_modules/npm/package.json'}           | ${true}
    ${'/usr/local/lib/node_modules/npm'}   | ${'/usr/local/lib/node_modules/npm'}                        | ${true}
    ${'/usr/local/lib/node_modules/npm/'}  | ${'/usr/local/lib/node_modules/npm/node_modules/x/package.json'} | ${true}
    ${'/usr/local/lib/node_modules/npm'}   | ${'/usr/local/lib/node_modules/npmx/package.json'}          | ${false}
    ${'/opt/*/test'}                       | ${'/opt/app/test/a.jar'}                                    | ${true}
    ${'/opt/*/test'}                       | ${'/opt/app/sub/test/a.jar'}                                | ${false}
    ${'/opt/**/test'}                      | ${'/opt/app/sub/test/a.jar'}                                | ${true}
    ${'/opt/**/test'}                      | ${'/opt/test/a.jar'}                                        | ${true}
    ${'**/testdata'}                       | ${'/srv/x/testdata/lock.json'}                              | ${true}
    ${'**/testdata'}                       | ${'/srv/x/testdata2/lock.json'}                             | ${false}
    ${'/app/v?'}                           | ${'/app/v1/package.json'}                                   | ${true}
    ${'/app/v?'}                           | ${'/app/v10/package.json'}                                  | ${false}
    ${'/srv/a.b(c)+[d]'}                   | ${'/srv/a.b(c)+[d]/x'}                                      | ${true}
    ${'/srv/a.b'}                          | ${'/srv/aXb/x'}                                             | ${false}
    ${'/app/fat.jar'}                      | ${'/app/fat.jar!/BOOT-INF/lib/inner.jar'}                   | ${true}
    ${'/app/fat.jar!'}                     | ${'/app/fat.jar!/BOOT-INF/lib/inner.jar'}                   | ${false}
    ${'/'}                                 | ${'/var/lib/dpkg/status'}                                   | ${true}
  `('$pattern skips $path: $skipped', ({ pattern, path, skipped }: { pattern: string; path: string; skipped: boolean }) => {
    expect(compileSkipPaths(pattern).skips(path)).toBe(skipped);
  });

  it('takes a comma-separated list and ignores empty entries', () => {
    const s = compileSkipPaths(' /a, ,**/b ');
    expect(s.patterns).toEqual(['/a', '**/b']);
    expect([s.skips('/a/x'), s.skips('/c/b/y'), s.skips('/c/d')]).toEqual([true, true, false]);
  });

  it('refuses relative, too long and too many patterns with a typed error', () => {
    expect(() => compileSkipPaths('app/node_modules')).toThrow(SkipPathsError);
    expect(() => compileSkipPaths(`/${'a'.repeat(5000)}`)).toThrow(/at most 4096/);
    expect(() => compileSkipPaths(Array.from({ length: 300 }, (_, i) => `/p${i}`))).toThrow(/at most 256/);
  });

  it('does not backtrack badly on hostile patterns and paths', () => {
    const s = compileSkipPaths('/**/**/**/**/**/**/**/**/x,/*a*a*a*a*a*a*a*b');
    const started = process.hrtime.bigint();
    expect(s.skips(`/${'a/'.repeat(2000)}y`)).toBe(false);
    expect(s.skips(`/${'a'.repeat(20000)}`)).toBe(false);
    expect(s.skips(`/${'a'.repeat(20000)}b/c`)).toBe(true);
    // A generous bound: catastrophic backtracking would take minutes, not milliseconds.
    expect(Number(process.hrtime.bigint() - started) / 1e9).toBeLessThan(5);
  });
});

const pkg = (name: string, locations: string[]): Package => ({ type: 'npm', name, version: '1.0.0', purl: `pkg:npm/${name}@1.0.0`, locations });

describe('skipInventoryPaths()', () => {
  const inventory = {
    schema: 'drydock-inventory/1',
    packages: [
      pkg('npm-dep', ['/usr/local/lib/node_modules/npm/node_modules/a/package.json']),
      pkg('app-dep', ['/app/node_modules/b/package.json']),
      pkg('both', ['/usr/local/lib/node_modules/npm/node_modules/c/package.json', '/app/node_modules/c/package.json']),
      pkg('nowhere', []),
    ],
    issues: [
      { code: 'X', message: 'unreadable', path: '/usr/local/lib/node_modules/npm/node_modules/d/package.json' },
      { code: 'Y', message: 'layer problem', layer: 1 },
    ],
  } as unknown as Inventory;

  it('drops packages found only under the patterns, and issues about files there, and says so', () => {
    const out = skipInventoryPaths(inventory, compileSkipPaths('/usr/local/lib/node_modules/npm'));
    expect(out.packages.map((p) => p.name)).toEqual(['app-dep', 'both', 'nowhere']);
    expect(out.issues).toEqual([
      { code: 'Y', message: 'layer problem', layer: 1 },
      { code: 'PACKAGES_SKIPPED', message: '1 package(s) under --skip-paths /usr/local/lib/node_modules/npm left out' },
    ]);
    expect(inventory.packages).toHaveLength(4);
  });

  it('returns the same inventory when nothing lies under the patterns', () => {
    expect(skipInventoryPaths(inventory, compileSkipPaths('/nothing/here'))).toBe(inventory);
  });
});

describe('skipCheckPaths()', () => {
  it('drops checks about files under the patterns and keeps those about the image config', () => {
    const check = (path?: string): CheckFinding => ({ kind: 'secret', ruleId: 'DD-SEC-1', title: 't', severity: 'HIGH', message: 'm', advice: 'a', ...(path ? { path } : {}) });
    const out = skipCheckPaths([check('/srv/testdata/key.pem'), check('/etc/key.pem'), check('<image config>'), check()], compileSkipPaths('**/testdata'));
    expect(out.map((c) => c.path)).toEqual(['/etc/key.pem', '<image config>', undefined]);
  });
});
