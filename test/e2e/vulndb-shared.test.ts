/** Facts about the advisory database built from ../shared/vulndata through the real import code. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdvisoryDatabase } from '../../src/store/index.js';
import { hasVulndata, openSharedVulnDb } from '../helpers/vulndb.js';

describe.skipIf(!hasVulndata())('the shared-data advisory database', () => {
  let db: AdvisoryDatabase;
  beforeAll(async () => { db = await openSharedVulnDb(); }, 600_000);
  afterAll(() => db?.close());

  it('keeps a GitHub advisory\'s Go entry even when the record sits in the Maven export (CVE-2023-44487)', () => {
    const hits = db.lookup.byPackage({ ecosystem: 'go', name: 'golang.org/x/net' });
    expect(hits.some((a) => a.id === 'CVE-2023-44487' || a.aliases.includes('CVE-2023-44487'))).toBe(true);
  });

  it('skips GitHub advisories withdrawn by summary (GHSA-7fhm-mqm4-2wp7)', () => {
    expect(db.lookup.byId('GHSA-7fhm-mqm4-2wp7')).toEqual([]);
  });

  it('has KEV and EPSS data for a known exploited CVE', () => {
    expect(db.lookup.kev('CVE-2021-44228')?.dateAdded).toMatch(/^2021-12-/);
    expect(db.lookup.epss('CVE-2021-44228')?.score).toBeGreaterThan(0.5);
  });
});
