import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { makeInventory } from './__fixtures__/inventory.js';
import { ReportError } from './errors.js';
import { getReportFormat, listReportFormatIds, renderReport, reportFormats, requireReportFormat } from './registry.js';

const here = dirname(fileURLToPath(import.meta.url));
// Folders under src/report that are not inventory formats: fixtures, vendored data, and SARIF (findings, not
// inventories, and owned by the findings reports).
// sarif is a builder shared by findings reports; vuln/ holds the scan-report formats with their own registry.
const NOT_FORMATS = new Set(['__fixtures__', 'sarif', 'vuln']);

describe('report registry', () => {
  it('registers every format folder on disk, and nothing else', () => {
    const folders = readdirSync(here)
      .filter((f) => statSync(join(here, f)).isDirectory() && !NOT_FORMATS.has(f))
      .sort();
    expect(listReportFormatIds()).toEqual(folders);
  });

  it('is alphabetical and keyed by each format id, with metadata', () => {
    const ids = Object.keys(reportFormats);
    expect(ids).toEqual([...ids].sort());
    for (const [key, f] of Object.entries(reportFormats)) {
      expect(f.id).toBe(key);
      expect(f.displayName).not.toBe('');
      expect(f.mediaType).toMatch(/^[a-z]+\/[a-z0-9.+-]+/);
      expect(f.fileExtension).toMatch(/^\.[a-z.]+$/);
    }
  });

  it('returns undefined or a typed error for an unknown id, never another format', () => {
    expect(getReportFormat('sbom')).toBeUndefined();
    expect(getReportFormat('toString')).toBeUndefined();
    expect(() => requireReportFormat('xml')).toThrow(expect.objectContaining({ code: 'UNSUPPORTED_FORMAT' }) as ReportError);
    expect(requireReportFormat('spdx').id).toBe('spdx');
    expect(() => renderReport('xml', makeInventory())).toThrow(ReportError);
    expect(renderReport('json', makeInventory())).toBe(reportFormats.json.render(makeInventory()));
  });

  it.each(listReportFormatIds())('%s renders deterministic, non-empty output', (id) => {
    const f = requireReportFormat(id);
    const a = f.render(makeInventory());
    expect(a.length).toBeGreaterThan(100);
    expect(f.render(makeInventory())).toBe(a);
  });

  it.each(['cyclonedx', 'json', 'spdx'])('%s mentions every package purl', (id) => {
    const out = requireReportFormat(id).render(makeInventory());
    for (const p of makeInventory().packages) expect(out).toContain(JSON.stringify(p.purl));
  });

  it.each(listReportFormatIds())('%s rejects an inventory whose createdAt is not a date', (id) => {
    expect(() => requireReportFormat(id).render({ ...makeInventory(), createdAt: 'yesterday' })).toThrow(ReportError);
  });
});
