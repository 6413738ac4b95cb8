import { describe, expect, it } from 'vitest';
import { vulndataMember } from '../../../../test/helpers/feed-server.js';
import type { EcosystemFamily } from '../../types.js';
import { parseOsvRecord, rpmArchOf, rpmModuleOf, toAdvisory, type OsvParseOptions } from './parse.js';

// Records from ../shared/vulndata/osv/* (osv.dev exports via vulsio mirrors and golang/vulndb; see its MANIFEST).
const opts = (source: string, families: EcosystemFamily[], malicious: 'only' | 'skip' = 'skip'): OsvParseOptions =>
  ({ source, families: new Set(families), malicious, maxRecordBytes: 1 << 25 });

function advisoryOf(zip: string, member: string, o: OsvParseOptions) {
  const r = parseOsvRecord(vulndataMember(zip, member), zip, member, o);
  if (r.kind !== 'advisory') throw new Error(`expected an advisory, got ${JSON.stringify(r)}`);
  return r.advisory;
}

describe('parseOsvRecord()', () => {
  it('keeps the Debian entries of a combined CVE record, with the Debian 12 fix', () => {
    const a = advisoryOf('osv/Debian/all.zip', 'CVE-2023-38545.json', opts('osv-debian', ['debian']));
    expect(a.id).toBe('CVE-2023-38545');
    expect(a.aliases).toContain('CURL-CVE-2023-38545');
    expect(a.affected.map((x) => x.ecosystem).sort()).toEqual(['Debian:11', 'Debian:12', 'Debian:13']);
    const d12 = a.affected.find((x) => x.ecosystem === 'Debian:12')!;
    expect(d12.name).toBe('curl');
    expect(d12.ranges).toEqual([{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '7.88.1-10+deb12u4' }] }]);
    // 'not yet assigned' is no severity.
    expect(d12.severity).toBeUndefined();
    expect(a.severities).toContainEqual({ source: 'nvd', severity: 'CRITICAL', cvss: { version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', score: 9.8 } });
  });

  it('keeps the Alpine entries of the same record for the Alpine feed, without the enumerated versions', () => {
    const a = advisoryOf('osv/Alpine/all.zip', 'CVE-2023-38545.json', opts('osv-alpine', ['alpine']));
    const v320 = a.affected.find((x) => x.ecosystem === 'Alpine:v3.20')!;
    expect(v320.ranges[0]!.events).toEqual([{ introduced: '0' }, { fixed: '8.4.0-r0' }]);
    expect(v320.versions).toBeUndefined();
    expect(a.affected.every((x) => x.ecosystem.startsWith('Alpine:'))).toBe(true);
  });

  it("maps Debian 'unimportant' without a fix to status ignored and severity NEGLIGIBLE", () => {
    const a = advisoryOf('osv/Debian/all.zip', 'CVE-2002-1976.json', opts('osv-debian', ['debian']));
    const e = a.affected.find((x) => x.ecosystem === 'Debian:12' && x.name === 'net-tools')!;
    expect(e).toMatchObject({ status: 'ignored', severity: 'NEGLIGIBLE' });
  });

  it("maps 'end-of-life' to end_of_life and accepts DEBIAN-CVE- ids", () => {
    const rec = { id: 'DEBIAN-CVE-2020-0001', modified: '2025-01-01T00:00:00Z', aliases: ['CVE-2020-0001'], affected: [{ package: { ecosystem: 'Debian:11', name: 'foo' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }] }], ecosystem_specific: { urgency: 'end-of-life' } }] };
    const r = parseOsvRecord(Buffer.from(JSON.stringify(rec)), 'Debian/all.zip', 'DEBIAN-CVE-2020-0001.json', opts('osv-debian', ['debian']));
    expect(r).toMatchObject({ kind: 'advisory', advisory: { id: 'DEBIAN-CVE-2020-0001', aliases: ['CVE-2020-0001'], affected: [{ status: 'end_of_life' }] } });
  });

  it('reads a GHSA record with its GHSA severity and CWEs', () => {
    const a = advisoryOf('osv/npm/all.zip', 'GHSA-jf85-cpcp-j695.json', opts('osv-npm', ['npm']));
    expect(a.aliases).toEqual(['CVE-2019-10744']);
    expect(a.severities).toContainEqual({ source: 'ghsa', severity: 'CRITICAL' });
    expect(a.cwes?.length).toBeGreaterThan(0);
    expect(a.affected[0]).toMatchObject({ ecosystem: 'npm', name: 'lodash', ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '4.17.12' }] }] });
  });

  it('drops Go zero timestamps instead of treating them as dates', () => {
    const a = advisoryOf('osv/Go/all.zip', 'GO-2020-0007.json', opts('osv-go', ['go']));
    // This record has a zero `modified` and a real `published`.
    expect(a.modified).toBeUndefined();
    expect(a.published).toBe('2021-04-14T20:04:52Z');
  });

  it('skips withdrawn records', () => {
    const r = parseOsvRecord(vulndataMember('osv/Go/all.zip', 'GO-2022-0617.json'), 'Go/all.zip', 'GO-2022-0617.json', opts('osv-go', ['go']));
    expect(r).toEqual({ kind: 'skipped', reason: 'withdrawn' });
  });

  it('flags MAL- records as malicious for the malicious feed and leaves them out of the ecosystem feed', () => {
    const bytes = vulndataMember('osv-malicious/npm/all.zip', 'MAL-2022-1085.json');
    const r = parseOsvRecord(bytes, 'npm/all.zip', 'MAL-2022-1085.json', opts('osv-malicious', ['npm'], 'only'));
    expect(r).toMatchObject({ kind: 'advisory', advisory: { malicious: true, affected: [{ name: 'argo-hosting-api' }] } });
    expect(parseOsvRecord(bytes, 'npm/all.zip', 'MAL-2022-1085.json', opts('osv-npm', ['npm']))).toEqual({ kind: 'skipped', reason: 'malicious' });
  });

  it('reports hostile input as an issue naming the file and member', () => {
    const o = opts('osv-npm', ['npm']);
    expect(parseOsvRecord(Buffer.from('{"id": "GHSA-x", "affected": [trunc'), 'npm/all.zip', 'GHSA-x.json', o))
      .toMatchObject({ kind: 'issue', issue: { code: 'RECORD_INVALID', file: 'npm/all.zip', record: 'GHSA-x.json' } });
    expect(parseOsvRecord(Buffer.from('{"id": 42}'), 'npm/all.zip', 'n.json', o)).toMatchObject({ kind: 'issue', issue: { code: 'RECORD_INVALID', message: expect.stringContaining('id') } });
    expect(parseOsvRecord(Buffer.from('{"id":"A","affected":[{"package":{"ecosystem":"npm","name":"x"},"ranges":[{"type":"SEMVER","events":[{"fixed":1}]}]}]}'), 'f', 'A.json', o).kind).toBe('issue');
    expect(parseOsvRecord(Buffer.from('{"id":"A","affected":[{"package":{"ecosystem":"npm","name":"x"},"versions":[1,2]}]}'), 'f', 'A.json', o)).toMatchObject({ kind: 'issue', issue: { record: 'A.json' } });
    expect(parseOsvRecord(Buffer.alloc(2000, 0x20), 'f', 'huge.json', { ...o, maxRecordBytes: 1000 })).toMatchObject({ kind: 'issue', issue: { code: 'RECORD_TOO_LARGE', record: 'huge.json' } });
    expect(parseOsvRecord(Buffer.from('null'), 'f', 'null.json', o).kind).toBe('issue');
    expect(parseOsvRecord(Buffer.from('{"id":"A","affected":[{"package":{"ecosystem":"npm","name":"x"},"ranges":[{"type":"SEMVER","events":[{"introduced":"0","fixed":"1"}]}]}]}'), 'f', 'A.json', o))
      .toMatchObject({ kind: 'issue', issue: { message: expect.stringContaining('bad range event') } });
  });
});

describe('toAdvisory() on GitHub advisories withdrawn before OSV had the field', () => {
  it('skips a GHSA whose summary starts with "Withdrawn:"', () => {
    const r = toAdvisory({ id: 'GHSA-7fhm-mqm4-2wp7', modified: '2020-04-03T21:54:52Z', summary: 'Withdrawn: ESLint dependencies are vulnerable', affected: [{ package: { ecosystem: 'npm', name: 'minimist' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.2.2' }] }] }] } as never, opts('osv-npm', ['npm']));
    expect(r).toEqual({ kind: 'skipped', reason: 'withdrawn' });
  });
});

describe('rpmModuleOf()', () => {
  it.each`
    purl                                                                                                   | module
    ${'pkg:rpm/redhat/perl-libs@5.32.1-473.module%2Bel8.10.0%2B21354%2B3ad137bb?arch=x86_64&epoch=4&rpmmod=perl:5.32'} | ${'perl:5.32'}
    ${'pkg:rpm/redhat/SLOF@20210217-2?arch=src&rpmmod=virt-devel:rhel:8100020240704072441:489197e6'}       | ${'virt-devel:rhel'}
    ${'pkg:rpm/redhat/php@7.2?RPMMOD=php%3A7.2#sub/path'}                                                  | ${'php:7.2'}
    ${'pkg:rpm/redhat/nodejs'}                                                                             | ${undefined}
    ${'pkg:rpm/redhat/nodejs?arch=x86_64&rpmmod=nodejs'}                                                   | ${undefined}
    ${'pkg:rpm/redhat/nodejs?rpmmod=%E0%A4%A'}                                                             | ${undefined}
    ${'pkg:npm/x@1?rpmmod=a:b'}                                                                            | ${undefined}
  `('$purl → $module', ({ purl, module }: { purl: string; module?: string }) => {
    expect(rpmModuleOf(purl)).toBe(module);
  });

  it('puts the stream of a Red Hat record into its affected entry', () => {
    const record = {
      id: 'RHSA-2024:0001', modified: '2024-01-01T00:00:00Z',
      affected: [
        { package: { ecosystem: 'Red Hat:enterprise_linux:9::appstream', name: 'nodejs', purl: 'pkg:rpm/redhat/nodejs?rpmmod=nodejs:18:9030020231120082734:rhel9' },
          ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1:18.19.1-1.module+el9.3.0+21388+5d2e4b0f' }] }] },
        { package: { ecosystem: 'Red Hat:enterprise_linux:9::appstream', name: 'nodejs-docs', purl: 'pkg:rpm/redhat/nodejs-docs' },
          ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1:18.19.1-1.module+el9.3.0+21388+5d2e4b0f' }] }] },
      ],
    };
    const r = parseOsvRecord(new TextEncoder().encode(JSON.stringify(record)), 'test.zip', 'RHSA-2024:0001.json', opts('osv-redhat', ['redhat']));
    if (r.kind !== 'advisory') throw new Error(JSON.stringify(r));
    expect(r.advisory.affected.map((a) => [a.name, a.module])).toEqual([['nodejs', 'nodejs:18'], ['nodejs-docs', undefined]]);
  });
});

describe('rpmArchOf()', () => {
  it.each`
    purl                                                           | arch
    ${'pkg:rpm/rocky/kernel@4.18.0?arch=aarch64'}                  | ${'aarch64'}
    ${'pkg:rpm/redhat/php@7.2?arch=src&rpmmod=php:7.2'}            | ${'src'}
    ${'pkg:rpm/redhat/php@7.2?ARCH=x86_64'}                        | ${'x86_64'}
    ${'pkg:rpm/redhat/php'}                                        | ${undefined}
    ${'pkg:rpm/redhat/php?arch=x86%2064'}                          | ${undefined}
    ${'pkg:deb/debian/curl?arch=amd64'}                            | ${undefined}
  `('$purl → $arch', ({ purl, arch }: { purl: string; arch?: string }) => {
    expect(rpmArchOf(purl)).toBe(arch);
  });
});
