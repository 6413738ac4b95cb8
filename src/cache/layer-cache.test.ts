import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanCache, FileImageCache, FileLayerCache, FileRenderCache } from './layer-cache.js';

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
    await new FileRenderCache(dir, 'b1').put('k', { createdAt: 't', text: 'report' });
    writeFileSync(join(dir, 'drydock.db'), 'db');
    await cleanCache(dir, ['layers']);
    expect(existsSync(join(dir, 'images'))).toBe(false);
    expect(existsSync(join(dir, 'renders'))).toBe(false);
    expect(existsSync(join(dir, 'layers'))).toBe(false);
    expect(existsSync(join(dir, 'drydock.db'))).toBe(true);
  });

  it('stores a rendered report as a header line and the text as it is, and hands both back', async () => {
    const dir = fresh();
    const renders = new FileRenderCache(dir, 'b1');
    const text = '{\n  "a": "ü\n"\n}\n';
    await renders.put('k', { createdAt: '2026-01-01T00:00:00.000Z', contentDigest: 'ab', text });
    await renders.put('j', { createdAt: '2026-01-02T00:00:00.000Z', text: '' });
    expect(await renders.get('k')).toEqual({ createdAt: '2026-01-01T00:00:00.000Z', contentDigest: 'ab', text });
    expect(await renders.get('j')).toEqual({ createdAt: '2026-01-02T00:00:00.000Z', text: '' });
    expect(await renders.get('other')).toBeUndefined();
    const files = readdirSync(join(dir, 'renders', 'b1'));
    expect(files).toHaveLength(2);
    const raw = files.map((f) => readFileSync(join(dir, 'renders', 'b1', f), 'utf8')).find((r) => r.includes('"k"'))!;
    expect(raw.slice(raw.indexOf('\n') + 1)).toBe(text);
  });

  it('treats a rendered report with a missing or malformed header as a miss and removes it', async () => {
    const dir = fresh();
    const renders = new FileRenderCache(dir, 'b1');
    for (const bad of ['no header line', '{"key":"k"}\ntext', '{"key":"k","createdAt":1}\ntext', 'not json\ntext', '{"key":"k","createdAt":"t","contentDigest":5}\nx']) {
      await renders.put('k', { createdAt: 't', text: 'x' });
      const [file] = readdirSync(join(dir, 'renders', 'b1'));
      writeFileSync(join(dir, 'renders', 'b1', file!), bad);
      expect(await renders.get('k'), bad).toBeUndefined();
      expect(readdirSync(join(dir, 'renders', 'b1')), bad).toHaveLength(0);
    }
  });

  it('keeps the rendered reports of one build: the first report a build writes removes the other builds\' folders', async () => {
    const dir = fresh();
    await new FileRenderCache(dir, 'old1').put('k', { createdAt: 't', text: 'old' });
    await new FileRenderCache(dir, 'old2').put('k', { createdAt: 't', text: 'older' });
    expect(readdirSync(join(dir, 'renders'))).toEqual(['old2']);
    writeFileSync(join(dir, 'renders', 'stray-file'), 'x');
    const current = new FileRenderCache(dir, 'new');
    expect(await current.get('k')).toBeUndefined();
    await current.put('k', { createdAt: 't', text: 'new' });
    await current.put('j', { createdAt: 't', text: 'new too' });
    expect(readdirSync(join(dir, 'renders'))).toEqual(['new']);
    expect(await current.get('k')).toEqual({ createdAt: 't', text: 'new' });
    expect(() => new FileRenderCache(dir, '../x')).toThrow(RangeError);
  });
});
