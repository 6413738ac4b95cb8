import { describe, expect, it } from 'vitest';
import { makeInventory } from './__fixtures__/inventory.js';
import { contentDigest } from './canonical-inventory.js';
import { reportFormats } from './registry.js';
import { retime } from './time-bound.js';
import type { RenderOptions } from './types.js';

describe('retime', () => {
  it('replaces each string that occurs exactly once, wherever the strings are in the text', () => {
    expect(retime('b then a', ['a', 'b'], ['A', 'BB'])).toBe('BB then A');
    expect(retime('same', ['same'], ['same'])).toBe('same');
    expect(retime('', [], [])).toBe('');
  });

  it('refuses a string that is missing, empty, repeated or overlapping another, and unequal lists', () => {
    expect(retime('abc', ['x'], ['y'])).toBeUndefined();
    expect(retime('abc', [''], ['y'])).toBeUndefined();
    expect(retime('a a', ['a'], ['b'])).toBeUndefined();
    expect(retime('aaa', ['aa'], ['b'])).toBeUndefined();
    expect(retime('abcd', ['abc', 'bcd'], ['x', 'y'])).toBeUndefined();
    expect(retime('abc', ['a'], [])).toBeUndefined();
  });
});

describe('every format with time-bound strings', () => {
  const t0 = '2024-05-01T12:34:56.789Z';
  const t1 = '2026-11-23T16:20:00.001Z';
  const optionSets: RenderOptions[] = [{}, { color: true }, { serialNumber: 'urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79' }, { namespace: 'https://example.org/sbom/1' }];

  for (const [id, format] of Object.entries(reportFormats)) {
    for (const options of optionSets) {
      it(`${id} ${JSON.stringify(options)}: the rendering at one time, moved to another, is the rendering at that time`, () => {
        expect(format.timeBound).toBeDefined();
        const at0 = { ...makeInventory(), createdAt: t0 };
        const at1 = { ...makeInventory(), createdAt: t1 };
        const from = format.timeBound!(t0, () => contentDigest(at0), at0.image, options);
        const to = format.timeBound!(t1, () => contentDigest(at0), at0.image, options);
        expect(to).not.toEqual(from);
        const moved = retime(format.render(at0, options), from, to);
        expect(moved).toBeDefined();
        expect(moved).toBe(format.render(at1, options));
      });
    }
  }

  it('refuses a rendering in which the time also occurs elsewhere (an image created at the same moment)', () => {
    const inv = makeInventory();
    inv.image.config = { ...inv.image.config, labels: { built: inv.createdAt } };
    const json = reportFormats.json;
    const bound = json.timeBound!(inv.createdAt, () => contentDigest(inv), inv.image, {});
    expect(retime(json.render(inv), bound, bound)).toBeUndefined();
  });

  it('the content digest ignores the time and follows the content', () => {
    const a = makeInventory();
    const b = { ...makeInventory(), createdAt: '2030-01-01T00:00:00.000Z' };
    const c = makeInventory();
    c.packages.pop();
    expect(contentDigest(a)).toBe(contentDigest(b));
    expect(contentDigest(c)).not.toBe(contentDigest(a));
  });
});
