import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanCache, FileImageCache, FileLayerCache } from './layer-cache.js';

const root = mkdtempSync(join(tmpdir(), 'drydock-cache-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const fresh = (): string => join(root, `c${n++}`);

describe('the file caches', () => {
  it('keeps image results apart from layer analyses, and hands back what was put', async () => {
    const dir = fresh();
    const images = new FileImageCache(dir);
    const layers = new FileLayerCache(dir);
    await images.put('k', { packages: [], issues: [{ code: 'X', message: 'm' }] });
    expect(await images.get('k')).toEqual({ packages: [], issues: [{ code: 'X', message: 'm' }] });
    expect(await layers.get('k')).toBeUndefined();
    expect(readdirSync(join(dir, 'images'))).toHaveLength(1);
  });

  it('treats a corrupt entry as a miss and removes it', async () => {
    const dir = fresh();
    const images = new FileImageCache(dir);
    await images.put('k', { packages: [], issues: [] });
    const [file] = readdirSync(join(dir, 'images'));
    writeFileSync(join(dir, 'images', file!), 'not gzip');
    expect(await images.get('k')).toBeUndefined();
    expect(readdirSync(join(dir, 'images'))).toHaveLength(0);
  });

  it('cache clean of the layers removes the image results made from them, and keeps other files', async () => {
    const dir = fresh();
    await new FileImageCache(dir).put('k', { packages: [], issues: [] });
    await new FileLayerCache(dir).put('k', { diffId: 'sha256:x', files: [], whiteouts: [], opaqueDirs: [], hits: [], issues: [] });
    writeFileSync(join(dir, 'drydock.db'), 'db');
    await cleanCache(dir, ['layers']);
    expect(existsSync(join(dir, 'images'))).toBe(false);
    expect(existsSync(join(dir, 'layers'))).toBe(false);
    expect(existsSync(join(dir, 'drydock.db'))).toBe(true);
  });
});
