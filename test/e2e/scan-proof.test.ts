/**
 * Proof that a scan finds every vulnerability the advisory data states, and only those (issue 3, "Proof").
 *
 * The database is built from ../shared/vulndata through the real import (test/helpers/vulndb.ts); the images come
 * from ../shared/images. The scan is the library path the `scan` command wires up: openTarget → buildInventory →
 * matchInventory with the SQLite lookup. The expected Debian findings are computed here, independently, from the
 * Debian OSV export read with this test's own zip reader and the deb version scheme (scan-proof-debian.ts).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listCatalogers } from '../../src/catalog/registry.js';
import { openTarget } from '../../src/image/sources/open.js';
import { matchInventory } from '../../src/match/index.js';
import type { MatchResult } from '../../src/match/index.js';
import type { Finding, Inventory } from '../../src/model/index.js';
import { buildInventory } from '../../src/scan/inventory.js';
import type { AdvisoryDatabase } from '../../src/store/lookup.js';
import { scheme as deb } from '../../src/versioning/deb/index.js';
import { archivesDir, hasTestImage, testImageNames, vulndataDir, type TestImageName } from '../helpers/shared.js';
import { hasVulndata, openSharedVulnDb } from '../helpers/vulndb.js';
import {
  DEBIAN_12_OS_RELEASE,
  expectedFindings,
  fixedBefore,
  justBelow,
  loadDebianRecords,
  renderDpkgStatus,
  severityOfUrgency,
  type DebianEntry,
  type DebianRecords,
  type ExpectedFinding,
  type StatusPackage,
} from './scan-proof-debian.js';
import { loadTruth } from './truth.js';

/** A date inside Debian 12's support, so no end-of-life warning depends on when the test runs. */
const NOW = new Date('2026-06-01T00:00:00Z');
const DEBIAN_ZIP = join(vulndataDir, 'osv', 'Debian', 'all.zip');

interface Scan {
  inventory: Inventory;
  match: MatchResult;
}

async function scanTarget(target: string, lookup: AdvisoryDatabase['lookup']): Promise<Scan> {
  const img = await openTarget(target);
  try {
    const { inventory } = await buildInventory(img, { catalogers: listCatalogers(), toolVersion: 'test' });
    return { inventory, match: matchInventory(inventory, lookup, { now: NOW }) };
  } finally {
    await img.close();
  }
}

function rowOf(f: Pick<Finding, 'id' | 'status' | 'fixedVersion'>): string {
  return `${f.id} ${f.status}${f.fixedVersion !== undefined ? ` ${f.fixedVersion}` : ''}`;
}

function expectedRows(list: readonly ExpectedFinding[]): string[] {
  return list.map(rowOf).sort();
}

/** Findings of dpkg packages, as sorted "id status [fix]" rows per "name version". */
function findingRowsByPackage(findings: readonly Finding[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const f of findings) {
    if (f.package.type !== 'dpkg') continue;
    const key = `${f.package.name} ${f.package.version}`;
    const rows = out.get(key) ?? [];
    rows.push(rowOf(f));
    out.set(key, rows);
  }
  for (const rows of out.values()) rows.sort();
  return out;
}

let db: AdvisoryDatabase | undefined;
let records: DebianRecords | undefined;

function lookup(): AdvisoryDatabase['lookup'] {
  if (!db) throw new Error('the shared-data database is not open');
  return db.lookup;
}

function debianRecords(): DebianRecords {
  records ??= loadDebianRecords(DEBIAN_ZIP);
  return records;
}

function entriesOf(source: string): DebianEntry[] {
  return debianRecords().bySource.get(source) ?? [];
}

describe.skipIf(!hasVulndata())('scan proof against ../shared/vulndata', () => {
  beforeAll(async () => {
    db = await openSharedVulnDb();
  });
  afterAll(() => db?.close());

  it('every Debian:12 entry of the export has the shape the independent rule covers', () => {
    const r = debianRecords();
    // MANIFEST: 31,332 records affect Debian:12 (30,918 CVE, 413 DSA, 1 DLA).
    expect(r.records).toBe(31_332);
    expect(r.unexpectedShapes).toEqual([]);
    // The export states no "not affected" entries for Debian:12: a not-affected source has no entry at all.
    expect([...r.bySource.values()].flat().filter((e) => e.fixed === '0')).toEqual([]);
  });

  describe.skipIf(!hasTestImage('debian-min'))('debian-min, checked record by record', () => {
    let scan: Scan;
    beforeAll(async () => {
      scan = await scanTarget(join(archivesDir, 'debian-min.docker.tar'), lookup());
    });

    it('scans Debian 12 with data for it and without warnings', () => {
      expect(scan.inventory.os?.family).toBe('debian');
      expect(lookup().releases('debian')).toContain('12');
      expect(scan.match.warnings).toEqual([]);
      expect(scan.match.notScanned).toEqual([]);
    });

    it('each installed package has exactly the findings the Debian:12 records state for its source version', () => {
      const truth = loadTruth('debian-min');
      const actual = findingRowsByPackage(scan.match.findings);
      const want = new Map<string, string[]>();
      const got = new Map<string, string[]>();
      for (const p of truth.packages.dpkg ?? []) {
        const key = `${String(p.package)} ${String(p.version)}`;
        want.set(key, expectedRows(expectedFindings(entriesOf(String(p.source)), String(p.source_version))));
        got.set(key, actual.get(key) ?? []);
      }
      expect(got).toEqual(want);
      // No finding on a package the truth does not list.
      expect([...actual.keys()].filter((k) => !want.has(k))).toEqual([]);
      expect([...want.values()].flat().length).toBeGreaterThan(100);
    });

    it('each finding names the source package and source version it was keyed by', () => {
      const truth = loadTruth('debian-min');
      const sourceOf = new Map((truth.packages.dpkg ?? []).map((p) => [`${String(p.package)} ${String(p.version)}`, `${String(p.source)} ${String(p.source_version)}`]));
      const wrong = scan.match.findings
        .filter((f) => `${f.package.sourceName} ${f.package.sourceVersion}` !== sourceOf.get(`${f.package.name} ${f.package.version}`))
        .map((f) => `${f.id} on ${f.package.name}`);
      expect(wrong).toEqual([]);
    });

    it('entries fixed at or below the installed source version ("fixed before") give no finding', () => {
      const truth = loadTruth('debian-min');
      const byPkg = findingRowsByPackage(scan.match.findings);
      let checked = 0;
      const leaked: string[] = [];
      for (const p of truth.packages.dpkg ?? []) {
        const ids = new Set((byPkg.get(`${String(p.package)} ${String(p.version)}`) ?? []).map((r) => r.split(' ')[0]));
        for (const e of fixedBefore(entriesOf(String(p.source)), String(p.source_version))) {
          checked++;
          if (ids.has(e.id)) leaked.push(`${e.id} on ${String(p.package)} (fixed in ${e.fixed})`);
        }
      }
      expect(leaked).toEqual([]);
      expect(checked).toBeGreaterThan(1000);
    });

    it("an unfixed entry with urgency 'unimportant' is reported as ignored with Debian's NEGLIGIBLE severity", () => {
      const ignored = scan.match.findings.filter((f) => f.status === 'ignored');
      expect(ignored.length).toBeGreaterThan(0);
      for (const f of ignored) {
        const entry = entriesOf(f.package.sourceName ?? '').find((e) => e.id === f.id);
        expect(entry, f.id).toMatchObject({ urgency: 'unimportant' });
        expect(entry?.fixed, f.id).toBeUndefined();
        expect({ id: f.id, severity: f.severity, source: f.severitySource }).toEqual({ id: f.id, severity: 'NEGLIGIBLE', source: 'debian' });
      }
    });

    it('the Debian urgency is the chosen severity whenever it is a level (low, medium, high, unimportant)', () => {
      const wrong: string[] = [];
      let rated = 0;
      for (const f of scan.match.findings) {
        const entry = entriesOf(f.package.sourceName ?? '').find((e) => e.id === f.id);
        const want = severityOfUrgency(entry?.urgency);
        if (!want) continue;
        rated++;
        if (f.severity !== want || f.severitySource !== 'debian') wrong.push(`${f.id} on ${f.package.name}: ${f.severity}/${f.severitySource}, urgency ${entry?.urgency}`);
      }
      expect(wrong).toEqual([]);
      expect(rated).toBeGreaterThan(0);
    });
  });

  describe('the fixed path: a Debian 12 rootfs with source versions just below and exactly at recorded fixes', () => {
    const root = mkdtempSync(join(tmpdir(), 'drydock-scan-proof-'));
    afterAll(() => rmSync(root, { recursive: true, force: true }));
    // Chosen while collecting, so each triple names its own test.
    const triples = hasVulndata() ? pickFixTriples(debianRecords()) : [];
    let scan: Scan;
    let packages: StatusPackage[] = [];

    beforeAll(async () => {
      packages = triples.flatMap((t) => [
        // Binary names and versions differ from the source's, so only source keying can find the advisories.
        { name: `${t.name}-below-bin`, version: '0.0.1-1', source: t.name, sourceVersion: justBelow(t.fixed!) },
        { name: `${t.name}-at-bin`, version: '0.0.1-1', source: t.name, sourceVersion: t.fixed! },
      ]);
      // CVE-2023-4863 (libwebp) lists CVE-2023-5129, the rejected duplicate of it, as an alias.
      packages.push({ name: 'libwebp7-alias-bin', version: '0.0.1-1', source: 'libwebp', sourceVersion: '1.2.4-0.2' });
      mkdirSync(join(root, 'etc'), { recursive: true });
      mkdirSync(join(root, 'var', 'lib', 'dpkg'), { recursive: true });
      writeFileSync(join(root, 'etc', 'os-release'), DEBIAN_12_OS_RELEASE);
      writeFileSync(join(root, 'var', 'lib', 'dpkg', 'status'), renderDpkgStatus(packages));
      scan = await scanTarget(`rootfs:${root}`, lookup());
    });

    it('picks about twenty real (source, CVE, fix) triples of varied version shapes', () => {
      expect(triples.length).toBeGreaterThanOrEqual(20);
      expect(new Set(triples.map((t) => t.name)).size).toBe(triples.length);
      const shapes = (re: RegExp): number => triples.filter((t) => re.test(t.fixed!)).length;
      expect(shapes(/^\d+:/), 'with an epoch').toBeGreaterThan(0);
      expect(shapes(/~deb12u\d+$/), '~deb12uN backports').toBeGreaterThan(0);
      expect(shapes(/\+deb12u\d+$/), '+deb12uN point updates').toBeGreaterThan(0);
      expect(shapes(/^[^-]+$/), 'native versions').toBeGreaterThan(0);
      expect(triples.some((t) => t.urgency === 'unimportant'), "urgency 'unimportant' with a fix").toBe(true);
    });

    it('"just below" versions are valid and ordered below the fix by the deb scheme', () => {
      for (const t of triples) {
        expect(deb.isValid(justBelow(t.fixed!)), justBelow(t.fixed!)).toBe(true);
        expect(deb.compare(justBelow(t.fixed!), t.fixed!), `${justBelow(t.fixed!)} < ${t.fixed}`).toBe(-1);
      }
    });

    it('reads every generated package from the rootfs as Debian 12', () => {
      expect(scan.inventory.os).toMatchObject({ family: 'debian', version: '12' });
      expect(scan.inventory.packages.filter((p) => p.type === 'dpkg').map((p) => `${p.name} ${p.source?.name} ${p.source?.version}`).sort())
        .toEqual(packages.map((p) => `${p.name} ${p.source} ${p.sourceVersion}`).sort());
      expect(scan.match.warnings).toEqual([]);
    });

    it.each(triples.map((t) => ({ ...t, below: justBelow(t.fixed!) })))('$name $id: just below ($below) → fixed, fixedVersion $fixed; at $fixed → no finding', (t) => {
      const below = scan.match.findings.filter((f) => f.package.name === `${t.name}-below-bin` && f.id === t.id);
      const at = scan.match.findings.filter((f) => f.package.name === `${t.name}-at-bin` && f.id === t.id);
      expect(below.map(rowOf), `${t.id} ${t.name} ${justBelow(t.fixed!)}`).toEqual([`${t.id} fixed ${t.fixed}`]);
      expect(at.map(rowOf), `${t.id} ${t.name} ${t.fixed}`).toEqual([]);
    });

    it('every generated package has exactly the findings the Debian:12 records state for its source version', () => {
      const actual = findingRowsByPackage(scan.match.findings);
      const want = new Map<string, string[]>();
      const got = new Map<string, string[]>();
      for (const p of packages) {
        const key = `${p.name} ${p.version}`;
        want.set(key, expectedRows(expectedFindings(entriesOf(p.source), p.sourceVersion)));
        got.set(key, actual.get(key) ?? []);
      }
      expect(got).toEqual(want);
      expect([...actual.keys()].filter((k) => !want.has(k))).toEqual([]);
    });

    // Fails today: src/match/findings.ts splitErrata() splits every record naming two CVEs, also a CVE record whose
    // alias is a duplicate CVE id of the same vulnerability, so CVE-2023-5129 becomes a second finding.
    it('a CVE alias of a CVE record (CVE-2023-4863 ≡ CVE-2023-5129) gives one finding, not one per id', () => {
      const found = scan.match.findings.filter((f) => f.package.name === 'libwebp7-alias-bin' && [f.id, ...f.aliases].some((x) => x === 'CVE-2023-4863' || x === 'CVE-2023-5129'));
      expect(found.map((f) => ({ id: f.id, aliasOk: f.aliases.includes('CVE-2023-5129'), fix: f.fixedVersion })))
        .toEqual([{ id: 'CVE-2023-4863', aliasOk: true, fix: '1.2.4-0.2+deb12u1' }]);
    });

    it("a fixed entry with urgency 'unimportant' is fixed below its fix (the fix decides, not the urgency)", () => {
      const t = triples.find((x) => x.urgency === 'unimportant')!;
      const f = scan.match.findings.find((x) => x.package.name === `${t.name}-below-bin` && x.id === t.id);
      expect(f).toMatchObject({ status: 'fixed', fixedVersion: t.fixed, severity: 'NEGLIGIBLE', severitySource: 'debian' });
    });
  });

  describe('each shared image scans against the shared data', () => {
    for (const name of testImageNames) {
      it.skipIf(!hasTestImage(name))(`${name}: findings only on inventoried, non-OS-owned packages, none left unevaluated`, async () => {
        const scan = await scanTarget(join(archivesDir, `${name}.docker.tar`), lookup());
        const keys = new Set(scan.inventory.packages.filter((p) => !p.ownedBy).map((p) => `${p.type} ${p.name} ${p.version}`));
        expect(scan.match.findings.filter((f) => !keys.has(`${f.package.type} ${f.package.name} ${f.package.version}`)).map((f) => f.id)).toEqual([]);
        expect(scan.match.findings.filter((f) => f.notEvaluated).map((f) => `${f.id} ${f.package.name}: ${f.notEvaluated?.message}`)).toEqual([]);
        expect(scan.match.findings.length).toBeGreaterThan(0);
        expectImageSpecifics(name, scan);
      });
    }
  });
});

/** What each image must show beyond the common checks (see docs/trivy-comparison.md for the numbers). */
function expectImageSpecifics(name: TestImageName, scan: Scan): void {
  const owned = scan.match.notScanned.filter((n) => n.reason === 'OWNED_BY_OS_PACKAGE').length;
  switch (name) {
    case 'alpine-min':
      // Alpine 3.17.10 is end of life. The shared data has no 3.17 secdb; its only 3.17 entries are the Alpine:v3.17
      // entries inside the OSV records (a partial set), so the release is known to the database and not warned about.
      expect(scan.match.warnings).toEqual(['alpine 3.17 is end-of-life: it gets no more security fixes, so findings may be missing']);
      expect(lookup().releases('alpine')).toContain('3.17');
      break;
    case 'polyglot':
      // Debian-owned jars and dist-info are covered by their dpkg package's advisories, not matched again.
      expect(owned).toBeGreaterThan(100);
      expect(scan.match.notScanned.filter((n) => n.reason === 'FOREIGN_PACKAGE_MANAGER').map((n) => n.package.name).sort()).toEqual(['demo-epoch', 'demo-hello', 'demo-lib']);
      break;
    case 'node-app':
      expect(scan.match.findings.some((f) => f.package.type === 'npm' && f.package.name === 'lodash' && f.status === 'fixed')).toBe(true);
      break;
    default:
      expect(scan.match.warnings).toEqual([]);
  }
}

/**
 * About twenty real (source, CVE, fix) triples from the Debian:12 records, chosen deterministically to cover the
 * version shapes that matter: epochs, `~deb12uN` backports, `+deb12uN` point updates, native versions (no
 * revision), ordinary revisions, and one entry with urgency 'unimportant' that still has a fix. One per source.
 */
function pickFixTriples(r: DebianRecords): DebianEntry[] {
  const fixed = [...r.bySource.values()].flat()
    .filter((e) => e.id.startsWith('CVE-') && e.fixed !== undefined && deb.isValid(e.fixed))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : a.name < b.name ? -1 : 1));
  const buckets: { test: (e: DebianEntry) => boolean; take: number }[] = [
    { test: (e) => /^\d+:/.test(e.fixed!), take: 4 },
    { test: (e) => /~deb12u\d+$/.test(e.fixed!), take: 4 },
    { test: (e) => /\+deb12u\d+$/.test(e.fixed!), take: 4 },
    { test: (e) => /^[^-]+$/.test(e.fixed!), take: 3 },
    { test: (e) => e.urgency === 'unimportant', take: 1 },
    { test: (e) => /^[^:]+-\d+$/.test(e.fixed!), take: 4 },
  ];
  const out: DebianEntry[] = [];
  const used = new Set<string>();
  for (const b of buckets) {
    const pool = fixed.filter((e) => b.test(e) && !used.has(e.name));
    // Spread the picks over the pool (ids sort by year), so old and new records both appear.
    let taken = 0;
    for (let k = 0; taken < b.take && k < pool.length; k++) {
      const e = pool[(Math.floor(((k % b.take) + 0.5) * pool.length / b.take) + Math.floor(k / b.take)) % pool.length]!;
      if (used.has(e.name)) continue;
      used.add(e.name);
      out.push(e);
      taken++;
    }
  }
  return out;
}
