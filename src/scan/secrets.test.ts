import { describe, expect, it } from 'vitest';
import type { ImageInfo } from '../model/index.js';
import type { OpenedImage } from '../image/sources/types.js';
import { listCatalogers } from '../catalog/registry.js';
import { chunked, makeTar, type TestEntry } from '../../test/helpers/tar.js';
import { fake } from '../secrets/__fixtures__/tokens.js';
import { buildInventory } from './inventory.js';
import { createSecretVisitor, scanConfigForSecrets } from './secrets.js';

function imageOf(layers: TestEntry[][], config: ImageInfo['config'] = {}): OpenedImage {
  const tars = layers.map((l) => makeTar(l));
  return {
    info: { reference: 'test', sourceKind: 'oci-dir', layers: tars.map((_, index) => ({ index, diffId: '' })), config },
    openLayer: (i) => chunked(tars[i]!),
    close: async () => {},
  };
}

describe('createSecretVisitor()', () => {
  it('finds a secret in a file deleted by a later layer, in the layer that added it', async () => {
    const image = imageOf([
      [{ name: 'app/', type: 'dir' }, { name: 'app/.env', body: `AWS_ACCESS_KEY_ID=${fake.awsId}\nAWS_SECRET_ACCESS_KEY=${fake.awsSecret}\n` }],
      [{ name: 'app/main.js', body: 'console.log(1)\n' }],
      [{ name: 'app/.wh..env', body: '' }],
    ]);
    const s = createSecretVisitor();
    const inv = await buildInventory(image, { catalogers: listCatalogers(), toolVersion: 't', visitors: [s.visitor] });
    const f = s.results(inv);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ ruleId: 'DD-SEC-002', path: '/app/.env', line: 2, layer: 0, deleted: true, deletedInLayer: 2, source: 'file' });
    expect(f[0]!.message).toContain('anyone who pulls the image');
    expect(JSON.stringify(f)).not.toContain(fake.awsSecret);
    expect(s.stats().filesScanned).toBe(2);
  });

  it('tells apart the same path in several layers (replaced file) by size', async () => {
    const image = imageOf([
      [{ name: 'etc/app.conf', body: `token: ${fake.github}\n` }],
      [{ name: 'etc/app.conf', body: 'token: none\n' }],
      [{ name: 'etc/other.conf', body: `key=${fake.stripe}\n` }],
    ]);
    const s = createSecretVisitor();
    const inv = await buildInventory(image, { catalogers: [], toolVersion: 't', visitors: [s.visitor], concurrency: 3 });
    const f = s.results(inv).sort((a, b) => a.path.localeCompare(b.path));
    expect(f.map((x) => [x.path, x.layer, x.deleted ?? false, x.deletedInLayer])).toEqual([
      ['/etc/app.conf', 0, true, 1],
      ['/etc/other.conf', 2, false, undefined],
    ]);
  });

  it('uses the layer the walker passes when it does', () => {
    const s = createSecretVisitor();
    (s.visitor.visit as (f: unknown, b: Uint8Array, l: number) => void)({ path: '/x', size: 40, mode: 0o644 }, new TextEncoder().encode(fake.github), 5);
    const f = s.results({ analyses: [], merge: { view: new Map(), deleted: [] } });
    expect(f[0]).toMatchObject({ layer: 5, deleted: true });
  });

  it('skips binaries, noise paths and large files', () => {
    const s = createSecretVisitor({ maxFileSize: 100 });
    expect(s.visitor.wants({ path: '/usr/share/doc/x/README', size: 10, mode: 0o644 })).toBe(false);
    expect(s.visitor.wants({ path: '/app/big.txt', size: 101, mode: 0o644 })).toBe(false);
    expect(s.visitor.wants({ path: '/app/a.txt', size: 100, mode: 0o644 })).toBe(true);
    void s.visitor.visit({ path: '/app/a.bin', size: 50, mode: 0o644 }, new TextEncoder().encode(`\0${fake.github}`));
    expect(s.stats()).toEqual({ filesScanned: 0, bytesScanned: 0, binarySkipped: 1 });
    expect(s.results({ analyses: [], merge: { view: new Map(), deleted: [] } })).toEqual([]);
  });

  it('rejects a non-positive size limit with a typed error', () => {
    expect(() => createSecretVisitor({ maxFileSize: 0 })).toThrow(expect.objectContaining({ code: 'INVALID_OPTIONS' }));
  });
});

describe('scanConfigForSecrets()', () => {
  it('finds a token in ENV', () => {
    const f = scanConfigForSecrets({ reference: 'x', sourceKind: 'oci-dir', layers: [], config: { env: [`GH_TOKEN=${fake.github}`] } });
    expect(f.map((x) => [x.ruleId, x.source, x.match])).toEqual([['DD-SEC-006', 'env', 'ghp_****']]);
  });
});
