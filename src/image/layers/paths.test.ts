import { describe, expect, it } from 'vitest';
import { ImageError } from '../errors.js';
import { normalizeEntryPath } from './paths.js';

/** The reference: split into segments, drop empty and ".", pop on "..", refuse climbing above the root. */
function reference(name: string): string {
  const out: string[] = [];
  for (const seg of name.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length === 0) throw new ImageError('PATH_TRAVERSAL', 'climbs');
      out.pop();
      continue;
    }
    if (seg.includes('\0')) throw new ImageError('PATH_TRAVERSAL', 'nul');
    out.push(seg);
  }
  return `/${out.join('/')}`;
}

describe('normalizeEntryPath()', () => {
  it.each`
    name                          | want
    ${'usr/bin/env'}              | ${'/usr/bin/env'}
    ${'./usr/bin/env'}            | ${'/usr/bin/env'}
    ${'/usr/bin/env'}             | ${'/usr/bin/env'}
    ${'usr/lib/'}                 | ${'/usr/lib'}
    ${'./'}                       | ${'/'}
    ${'/'}                        | ${'/'}
    ${''}                         | ${'/'}
    ${'./usr//bin/../lib/'}       | ${'/usr/lib'}
    ${'a/./b'}                    | ${'/a/b'}
    ${'.hidden/..file/.../x'}     | ${'/.hidden/..file/.../x'}
    ${'a/..'}                     | ${'/'}
    ${'././a'}                    | ${'/a'}
  `('normalises "$name" to $want', ({ name, want }: { name: string; want: string }) => {
    expect(normalizeEntryPath(name)).toBe(want);
  });

  it.each(['..', '../etc/passwd', './../x', 'a/../../b', '/..', 'a/b\0c'])('refuses "%s"', (name) => {
    expect(() => normalizeEntryPath(name)).toThrow(expect.objectContaining({ code: 'PATH_TRAVERSAL' }));
  });

  it('agrees with the segment-by-segment reference on 20,000 generated names', () => {
    const parts = ['a', 'bin', '.', '..', '', '.x', '..y', 'z.', '\0', 'usr'];
    let seed = 7;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let i = 0; i < 20_000; i++) {
      const segs = Array.from({ length: 1 + rnd(5) }, () => parts[rnd(parts.length)]!);
      const name = (rnd(3) === 0 ? '/' : rnd(2) ? './' : '') + segs.join('/') + (rnd(4) === 0 ? '/' : '');
      let want: string | Error;
      try {
        want = reference(name);
      } catch (e) {
        want = e as Error;
      }
      if (want instanceof Error) expect(() => normalizeEntryPath(name), JSON.stringify(name)).toThrow(ImageError);
      else expect(normalizeEntryPath(name), JSON.stringify(name)).toBe(want);
    }
  });
});
