import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { vulndataDir } from '../../../test/helpers/shared.js';
import { vulndataMember } from '../../../test/helpers/feed-server.js';
import { parseAlpineSecdb } from './alpine-secdb/parse.js';
import { parseEpssCsv } from './epss/parse.js';
import { parseKev } from './kev/parse.js';
import { parseNvdPage } from './nvd/parse.js';
import { parseUctRecord, toUctStatus } from './ubuntu-uct/parse.js';

// Real files from ../shared/vulndata/native and samples (sources and dates in its MANIFEST).
const native = (p: string): Buffer => readFileSync(join(vulndataDir, 'native', p));

describe('parseKev()', () => {
  it('reads the 2025.08.25 catalog: 1,404 entries with their dates', () => {
    const r = parseKev(native('cisa-kev/known_exploited_vulnerabilities.json'), 'kev.json');
    expect(r.entries).toHaveLength(1404);
    expect(r.issues).toEqual([]);
    expect(r.entries.find((e) => e.cve === 'CVE-2025-48384')).toMatchObject({ dateAdded: '2025-08-25', dueDate: '2025-09-15', vendorProject: 'Git' });
    expect(r.released).toMatch(/^2025-08-25/);
  });

  it('names a bad entry and keeps the others; a non-catalog is one issue', () => {
    const r = parseKev(Buffer.from(JSON.stringify({ vulnerabilities: [{ cveID: 'CVE-2020-1', dateAdded: '2020-01-01' }, { cveID: 7 }, { cveID: 'nope', dateAdded: 'x' }] })), 'kev.json');
    expect(r.entries.map((e) => e.cve)).toEqual(['CVE-2020-1']);
    expect(r.issues.map((i) => i.record)).toEqual(['vulnerabilities[1]', 'vulnerabilities[2]']);
    expect(parseKev(Buffer.from('[1,2'), 'kev.json').issues[0]?.code).toBe('FILE_INVALID');
  });
});

describe('parseEpssCsv()', () => {
  it('reads the 360,142 scores of the shared file (no comment line)', () => {
    const r = parseEpssCsv(gunzipSync(native('epss/epss_scores.csv.gz')).toString('utf8'), 'epss.csv.gz');
    expect(r.scores).toHaveLength(360_142);
    expect(r.issues).toEqual([]);
    expect(r.scores[0]).toEqual({ cve: 'CVE-1999-0001', score: 0.03351, percentile: 0.8765 });
  });

  it('takes the date from the official #model_version line and reports bad lines by number', () => {
    const r = parseEpssCsv('#model_version:v2025.03.14,score_date:2025-08-20T00:00:00+0000\ncve,epss,percentile\nCVE-2024-1,0.5,0.9\nCVE-2024-2,abc,0.1\nCVE-2024-3,2,0.1\n', 'e.csv');
    expect(r.date).toBe('2025-08-20');
    expect(r.modelVersion).toBe('v2025.03.14');
    expect(r.scores).toEqual([{ cve: 'CVE-2024-1', score: 0.5, percentile: 0.9, date: '2025-08-20' }]);
    expect(r.issues.map((i) => i.record)).toEqual(['line 4', 'line 5']);
  });
});

describe('parseAlpineSecdb()', () => {
  it('turns v3.20/main secfixes into per-CVE advisories with the fixed version', () => {
    const r = parseAlpineSecdb(native('alpine-secdb/v3.20/main.json'), 'v3.20/main.json');
    expect(r.issues).toEqual([]);
    const a = r.advisories.find((x) => x.id === 'CVE-2024-5171')!;
    expect(a.affected).toContainEqual({ ecosystem: 'Alpine:v3.20', name: 'aom', ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '3.9.1-r0' }] }] });
  });

  it("maps a fix version of '0' to not_affected and names bad packages", () => {
    const doc = { distroversion: 'v3.19', packages: [{ pkg: { name: 'x', secfixes: { '0': ['CVE-2020-1'], '1.0-r1': ['CVE-2020-2 XSA-9'] } } }, { pkg: { secfixes: 3 } }] };
    const r = parseAlpineSecdb(Buffer.from(JSON.stringify(doc)), 'v3.19/main.json');
    expect(r.advisories.find((a) => a.id === 'CVE-2020-1')?.affected[0]?.status).toBe('not_affected');
    expect(r.advisories.map((a) => a.id).sort()).toEqual(['CVE-2020-1', 'CVE-2020-2', 'XSA-9']);
    expect(r.issues).toMatchObject([{ code: 'RECORD_INVALID', record: 'packages[1]' }]);
    expect(parseAlpineSecdb(Buffer.from('{"distroversion":"3.19"}'), 'f').issues[0]?.code).toBe('FILE_INVALID');
  });
});

describe('parseUctRecord()', () => {
  it('reads CVE-2013-4235: jammy shadow released in 1:4.8.1-2ubuntu2.1, priority low, NVD CVSS', () => {
    const r = parseUctRecord(vulndataMember('native/ubuntu-cve-tracker/uct-jammy.zip', '2013/CVE-2013-4235.json'), 'uct-jammy.zip', '2013/CVE-2013-4235.json');
    if (r.kind !== 'advisory') throw new Error(JSON.stringify(r));
    const jammy = r.advisory.affected.find((a) => a.ecosystem === 'Ubuntu:22.04' && a.name === 'shadow');
    expect(jammy).toMatchObject({ status: 'fixed', severity: 'LOW', ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1:4.8.1-2ubuntu2.1' }] }] });
    expect(r.advisory.severities).toContainEqual({ source: 'nvd', severity: 'MEDIUM', cvss: { version: '3.1', vector: 'CVSS:3.1/AV:L/AC:H/PR:L/UI:N/S:U/C:N/I:H/A:N', score: 4.7 } });
    // ESM pockets become Ubuntu:Pro:<version>:LTS entries; FIPS pockets are left out.
    expect(r.advisory.affected.every((a) => /^Ubuntu:(?:\d+\.\d+|Pro:\d+\.\d+:LTS)$/.test(a.ecosystem))).toBe(true);
    expect(r.advisory.published).toBe('2019-12-03T15:15:00.000Z');
  });

  it('reads the ESM pockets of CVE-2019-8457 as Ubuntu:Pro entries, beside the plain release', () => {
    const r = parseUctRecord(vulndataMember('native/ubuntu-cve-tracker/uct-jammy.zip', '2019/CVE-2019-8457.json'), 'uct-jammy.zip', '2019/CVE-2019-8457.json');
    if (r.kind !== 'advisory') throw new Error(JSON.stringify(r));
    const entry = (ecosystem: string, name: string) => r.advisory.affected.find((a) => a.ecosystem === ecosystem && a.name === name);
    // Plain bionic: out of standard support. esm-apps/bionic: needed, so an ESM image is affected and gets a fix.
    expect(entry('Ubuntu:18.04', 'sqlcipher')).toMatchObject({ status: 'end_of_life' });
    expect(entry('Ubuntu:Pro:18.04:LTS', 'sqlcipher')).toMatchObject({ status: 'affected' });
    expect(entry('Ubuntu:Pro:18.04:LTS', 'db5.3')).toMatchObject({ status: 'not_affected' });
    // One entry per package and release, whichever pocket names it.
    const keys = r.advisory.affected.map((a) => `${a.ecosystem}|${a.name}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.some((k) => k.includes('FIPS'))).toBe(false);
  });

  it('keeps one entry per package when the old and new pocket names both list it (trusty/esm, esm-infra-legacy/trusty)', () => {
    const record = {
      candidate: 'CVE-2020-2', priority: 'medium',
      packages: {
        'trusty/esm': { bash: { name: 'bash', status: 'needed' } },
        'esm-infra-legacy/trusty': { bash: { name: 'bash', status: 'released', note: '4.3-7ubuntu1.8+esm1' } },
        'fips/focal': { bash: { name: 'bash', status: 'needed' } },
      },
    };
    const r = parseUctRecord(Buffer.from(JSON.stringify(record)), 'u.zip', '2020/CVE-2020-2.json');
    if (r.kind !== 'advisory') throw new Error(JSON.stringify(r));
    expect(r.advisory.affected).toEqual([
      expect.objectContaining({ ecosystem: 'Ubuntu:Pro:14.04:LTS', name: 'bash', status: 'fixed', ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '4.3-7ubuntu1.8+esm1' }] }] }),
    ]);
  });

  it.each`
    status            | note             | expected
    ${'released'}     | ${'1.2-1'}       | ${'fixed'}
    ${'needed'}       | ${''}            | ${'affected'}
    ${'deferred'}     | ${'2024-01-01'}  | ${'postponed'}
    ${'ignored'}      | ${'end of life'} | ${'end_of_life'}
    ${'ignored'}      | ${'code not used'} | ${'ignored'}
    ${'needs-triage'} | ${''}            | ${'needs_triage'}
    ${'not-affected'} | ${''}            | ${'not_affected'}
    ${'DNE'}          | ${''}            | ${undefined}
  `('maps $status ($note) to $expected', ({ status, note, expected }: { status: string; note: string; expected: string | undefined }) => {
    expect(toUctStatus(status, note)).toBe(expected);
  });

  it('reports a record with wrong types naming the member', () => {
    expect(parseUctRecord(Buffer.from('{"candidate":"CVE-2020-1","packages":{"jammy":{"x":{"status":5}}}}'), 'u.zip', '2020/CVE-2020-1.json'))
      .toMatchObject({ kind: 'issue', issue: { file: 'u.zip', record: '2020/CVE-2020-1.json' } });
  });
});

describe('parseNvdPage()', () => {
  it('reads CVE-2023-4863 from an API 2.0 page: NVD CVSS 3.1 8.8 and CWE-787', () => {
    const r = parseNvdPage(vulndataMember('samples/nvd-cve5-samples.zip', 'nvdcve-2.0/CVE-2023-4863.json'), 'p.json');
    expect(r.issues).toEqual([]);
    expect(r.totalResults).toBe(1);
    const a = r.advisories[0]!;
    expect(a).toMatchObject({ id: 'CVE-2023-4863', source: 'nvd', cwes: ['CWE-787'], affected: [] });
    expect(a.severities).toContainEqual({ source: 'nvd', severity: 'HIGH', cvss: { version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H', score: 8.8 } });
    expect(r.lastModified).toBe('2023-10-28T19:15:38.643');
  });

  it('lists rejected CVEs for removal and names bad entries', () => {
    const page = { resultsPerPage: 2, startIndex: 0, totalResults: 2, vulnerabilities: [{ cve: { id: 'CVE-2020-1', vulnStatus: 'Rejected' } }, { cve: { id: 'bad' } }] };
    const r = parseNvdPage(Buffer.from(JSON.stringify(page)), 'p.json');
    expect(r.rejected).toEqual(['CVE-2020-1']);
    expect(r.issues).toMatchObject([{ record: 'vulnerabilities[1]' }]);
    expect(parseNvdPage(Buffer.from('{}'), 'p.json').issues[0]?.code).toBe('FILE_INVALID');
  });
});
