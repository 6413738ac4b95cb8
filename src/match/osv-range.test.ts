import { describe, expect, it } from 'vitest';
import type { AffectedRange } from '../model/index.js';
import { getScheme } from '../versioning/registry.js';
import { evaluateAffected } from './osv-range.js';

const npm = getScheme('npm');
const deb = getScheme('deb');
if (!npm || !deb) throw new Error('schemes missing');

type Ev = AffectedRange['events'];
const r = (events: Ev): AffectedRange => ({ type: 'SEMVER', events });

describe('evaluateAffected() with OSV events (https://ossf.github.io/osv-schema/#evaluation)', () => {
  it.each`
    version    | events                                                                                       | expected
    ${'1.0.0'} | ${[{ introduced: '0' }, { fixed: '1.2.3' }]}                                                 | ${{ kind: 'affected', fixed: '1.2.3' }}
    ${'1.2.3'} | ${[{ introduced: '0' }, { fixed: '1.2.3' }]}                                                 | ${{ kind: 'not_affected' }}
    ${'0.9.0'} | ${[{ introduced: '1.0.0' }, { fixed: '1.2.3' }]}                                             | ${{ kind: 'not_affected' }}
    ${'1.0.0'} | ${[{ introduced: '1.0.0' }, { fixed: '1.2.3' }]}                                             | ${{ kind: 'affected', fixed: '1.2.3' }}
    ${'2.5.0'} | ${[{ introduced: '1.0.0' }, { fixed: '2.0.0' }, { introduced: '3.0.0' }, { fixed: '4.0.0' }]} | ${{ kind: 'not_affected' }}
    ${'3.5.0'} | ${[{ fixed: '4.0.0' }, { introduced: '3.0.0' }, { fixed: '2.0.0' }, { introduced: '1.0.0' }]} | ${{ kind: 'affected', fixed: '4.0.0' }}
    ${'1.5.0'} | ${[{ introduced: '1.0.0' }, { fixed: '2.0.0' }, { introduced: '3.0.0' }, { fixed: '4.0.0' }]} | ${{ kind: 'affected', fixed: '2.0.0' }}
    ${'1.5.0'} | ${[{ introduced: '0' }, { last_affected: '1.5.0' }]}                                         | ${{ kind: 'affected' }}
    ${'1.5.1'} | ${[{ introduced: '0' }, { last_affected: '1.5.0' }]}                                         | ${{ kind: 'not_affected' }}
    ${'9.9.9'} | ${[{ introduced: '0' }]}                                                                     | ${{ kind: 'affected' }}
    ${'1.5.0'} | ${[{ introduced: '1.0.0' }, { limit: '1.4.0' }]}                                             | ${{ kind: 'not_affected' }}
    ${'1.3.0'} | ${[{ introduced: '1.0.0' }, { limit: '1.4.0' }]}                                             | ${{ kind: 'affected' }}
    ${'1.3.0'} | ${[{ introduced: '1.0.0' }, { limit: '*' }]}                                                 | ${{ kind: 'affected' }}
    ${'1.0.0'} | ${[{ introduced: '1.0.0' }, { fixed: '1.0.0' }]}                                             | ${{ kind: 'not_affected' }}
  `('$version against $events is $expected.kind', ({ version, events, expected }: { version: string; events: Ev; expected: unknown }) => {
    expect(evaluateAffected(npm, version, { ranges: [r(events)] })).toEqual(expected);
  });

  it('matches an explicit versions list even without ranges', () => {
    expect(evaluateAffected(npm, '1.0.1', { ranges: [], versions: ['1.0.0', '1.0.1'] })).toEqual({ kind: 'affected' });
    expect(evaluateAffected(npm, '1.0.2', { ranges: [], versions: ['1.0.0', '1.0.1'] })).toEqual({ kind: 'not_affected' });
  });

  it('treats an entry with no ranges and no versions as every version (distro status-only records)', () => {
    expect(evaluateAffected(deb, '1.0-1', { ranges: [] })).toEqual({ kind: 'affected' });
  });

  it('ignores GIT ranges', () => {
    expect(evaluateAffected(npm, '1.0.0', { ranges: [{ type: 'GIT', events: [{ introduced: '0' }] }] })).toEqual({ kind: 'not_affected' });
  });

  it('reports an unparsable event version as not evaluated, never ordered', () => {
    const v = evaluateAffected(npm, '1.0.0', { ranges: [r([{ introduced: '0' }, { fixed: 'not a version' }])] });
    expect(v.kind).toBe('not_evaluated');
  });

  it('still answers affected when another range contains the version', () => {
    const v = evaluateAffected(npm, '1.0.0', {
      ranges: [r([{ introduced: '0' }, { fixed: 'garbage' }]), r([{ introduced: '0.5.0' }, { fixed: '1.1.0' }])],
    });
    expect(v).toEqual({ kind: 'affected', fixed: '1.1.0' });
  });

  it('orders with the scheme: deb epochs and tildes', () => {
    const ev: Ev = [{ introduced: '0' }, { fixed: '1:2.0-1' }];
    expect(evaluateAffected(deb, '3.0-1', { ranges: [{ type: 'ECOSYSTEM', events: ev }] }).kind).toBe('affected');
    const tilde: Ev = [{ introduced: '0' }, { fixed: '1.0-1' }];
    expect(evaluateAffected(deb, '1.0~rc1-1', { ranges: [{ type: 'ECOSYSTEM', events: tilde }] }).kind).toBe('affected');
  });
});
