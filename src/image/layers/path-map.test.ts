import { describe, expect, it } from 'vitest';
import { PathMap } from './path-map.js';

const keys = (m: Map<string, unknown>): string[] => [...m.keys()];

/** What removeUnder must do, by brute force over every key. */
function expected(all: string[], dir: string, withSelf: boolean): string[] {
  const prefix = dir === '/' ? '/' : `${dir}/`;
  return all.filter((k) => !((withSelf && k === dir) || k.startsWith(prefix)));
}

describe('PathMap', () => {
  const PATHS = ['/a', '/a/b', '/a/b/c', '/a/bc', '/ab', '/ab/x', '/z/deep/down/file', '/z/other', '/a/b/c/d/e'];

  it.each([
    ['/a', true], ['/a', false], ['/a/b', true], ['/a/b', false], ['/ab', true], ['/z', true], ['/z/deep', false],
    ['/', false], ['/missing', true], ['/a/b/c/d/e', true], ['/z/deep/down/file', true],
  ])('removeUnder(%s, withSelf=%s) removes exactly the subtree, in any state of the map', (dir, withSelf) => {
    const m = new PathMap<number>();
    PATHS.forEach((p, i) => m.set(p, i));
    const removed: string[] = [];
    m.removeUnder(dir, withSelf, (p) => removed.push(p));
    expect(keys(m)).toEqual(expected(PATHS, dir, withSelf));
    expect(removed.sort()).toEqual(PATHS.filter((p) => !keys(m).includes(p)).sort());
    // The index stays right: new keys under the removed subtree are removable again.
    m.set(`${dir === '/' ? '' : dir}/new`, 99);
    m.removeUnder(dir, false);
    expect(keys(m).some((k) => k.startsWith(`${dir === '/' ? '' : dir}/`))).toBe(false);
  });

  it('keeps insertion order for what remains, and overwrites without moving a key', () => {
    const m = new PathMap<number>();
    for (const p of ['/c', '/a/x', '/b', '/a/y']) m.set(p, 1);
    m.set('/c', 2);
    m.removeUnder('/a', true);
    expect([...m]).toEqual([['/c', 2], ['/b', 1]]);
  });

  it('delete keeps the index consistent for keys that are also directories of other keys', () => {
    const m = new PathMap<number>();
    m.set('/d', 1);
    m.set('/d/f', 2);
    m.delete('/d');
    expect(keys(m)).toEqual(['/d/f']);
    m.removeUnder('/d', true);
    expect(keys(m)).toEqual([]);
    m.set('/d/g', 3);
    expect(keys(m)).toEqual(['/d/g']);
    m.clear();
    m.set('/e/f', 1);
    m.removeUnder('/e', false);
    expect(m.size).toBe(0);
  });

  it('agrees with a brute-force model over a random sequence of operations', () => {
    let seed = 7;
    const rnd = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
    const segs = ['a', 'b', 'c', 'ab'];
    const randomPath = (): string => `/${Array.from({ length: 1 + rnd(4) }, () => segs[rnd(segs.length)]).join('/')}`;
    const m = new PathMap<number>();
    const model = new Map<string, number>();
    for (let step = 0; step < 3000; step++) {
      const p = randomPath();
      const op = rnd(4);
      if (op <= 1) {
        m.set(p, step);
        model.set(p, step);
      } else if (op === 2) {
        expect(m.delete(p)).toBe(model.delete(p));
      } else {
        const withSelf = rnd(2) === 0;
        m.removeUnder(p, withSelf);
        for (const k of [...model.keys()]) if ((withSelf && k === p) || k.startsWith(`${p}/`)) model.delete(k);
      }
      expect([...m]).toEqual([...model]);
    }
  });
});
