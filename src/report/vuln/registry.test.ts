import { readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sampleScanResult } from './__fixtures__/scan-result.js';
import { VulnReportError } from './errors.js';
import { getVulnReportFormat, listVulnReportFormatIds, renderScanReport, requireVulnReportFormat, vulnReportFormats } from './registry.js';

const dir = import.meta.dirname;
const folders = readdirSync(dir).filter((n) => !n.startsWith('_') && statSync(join(dir, n)).isDirectory()).sort();

describe('scan report registry', () => {
  it('lists every format folder, alphabetically, each with its metadata and readme', () => {
    expect(listVulnReportFormatIds()).toEqual(folders);
    for (const id of folders) {
      const f = vulnReportFormats[id as keyof typeof vulnReportFormats];
      expect(f.id).toBe(id);
      expect(f.displayName).not.toBe('');
      expect(f.mediaType).toMatch(/^[a-z]+\/[\w.+-]+$/);
      expect(f.fileExtension).toMatch(/^\./);
      expect(f.specs.length).toBeGreaterThan(0);
      expect(existsSync(join(dir, id, 'readme.md'))).toBe(true);
    }
  });

  it('renders every format deterministically', () => {
    for (const id of listVulnReportFormatIds()) {
      const a = renderScanReport(id, sampleScanResult());
      expect(a.length).toBeGreaterThan(100);
      expect(renderScanReport(id, sampleScanResult())).toBe(a);
    }
  });

  it('gives an explicit result for unknown ids, never another format', () => {
    expect(getVulnReportFormat('xml')).toBeUndefined();
    expect(getVulnReportFormat('constructor')).toBeUndefined();
    expect(() => requireVulnReportFormat('cyclonedx')).toThrow(VulnReportError);
    expect(() => requireVulnReportFormat('nope')).toThrow(/unknown scan report format "nope" \(known: cyclonedx-vex, gitlab, json, junit, markdown, sarif, table\)/);
  });
});
