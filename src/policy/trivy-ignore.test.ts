import { describe, expect, it } from 'vitest';
import { sampleScanResult } from '../report/vuln/__fixtures__/scan-result.js';
import { PolicyError } from './errors.js';
import { applyIgnoreFile } from './ignore-file.js';
import { ignoreFileFormat, parseTrivyIgnore, parseTrivyIgnoreYaml } from './trivy-ignore.js';

describe('parseTrivyIgnore()', () => {
  it('reads ids, expiries and the comments above an id as its reason', () => {
    const f = parseTrivyIgnore('# Accept the risk\n# (no exploit path)\nCVE-2018-14618\n\nCVE-2019-14697 exp:2025-01-31\nGHSA-aaaa-bbbb-cccc # inline note\n', '.trivyignore');
    expect(f.entries).toEqual([
      { id: 'CVE-2018-14618', reason: 'Accept the risk (no exploit path)', index: 1 },
      { id: 'CVE-2019-14697', reason: 'listed in a Trivy ignore file', expires: '2025-01-31', expiresAt: Date.UTC(2025, 1, 1), index: 2 },
      { id: 'GHSA-aaaa-bbbb-cccc', reason: 'listed in a Trivy ignore file', index: 3 },
    ]);
    expect(parseTrivyIgnore('', '.trivyignore').entries).toEqual([]);
  });

  it('names the line of a bad entry', () => {
    expect(() => parseTrivyIgnore('CVE-1 exp:2025-02-30\n', '.trivyignore')).toThrow(/line 1: the expiry must be a date/);
    expect(() => parseTrivyIgnore('\nCVE-1 something\n', '.trivyignore')).toThrow(/line 2: unexpected "something"/);
    expect(() => parseTrivyIgnore('x'.repeat(2 * 1024 * 1024), '.trivyignore')).toThrow(PolicyError);
  });
});

describe('parseTrivyIgnoreYaml()', () => {
  it('reads vulnerabilities, one entry per purl or path, with statement and expiry', () => {
    const f = parseTrivyIgnoreYaml([
      'vulnerabilities:',
      '  - id: CVE-2022-40897',
      '    paths: ["usr/local/lib/python3.9/site-packages/setuptools-58.1.0.dist-info/METADATA"]',
      '    statement: Accept the risk',
      '  - id: CVE-2023-2650',
      '  - id: CVE-2023-3446',
      '    expired_at: 2023-09-01',
      '    purls: ["pkg:deb/debian/libssl1.1", "pkg:deb/debian/openssl"]',
    ].join('\n'), '.trivyignore.yaml');
    expect(f.entries.map((e) => [e.id, e.package ?? e.path ?? '', e.reason, e.expires ?? ''])).toEqual([
      ['CVE-2022-40897', 'usr/local/lib/python3.9/site-packages/setuptools-58.1.0.dist-info/METADATA', 'Accept the risk', ''],
      ['CVE-2023-2650', '', 'listed in a Trivy ignore file', ''],
      ['CVE-2023-3446', 'pkg:deb/debian/libssl1.1', 'listed in a Trivy ignore file', '2023-09-01'],
      ['CVE-2023-3446', 'pkg:deb/debian/openssl', 'listed in a Trivy ignore file', '2023-09-01'],
    ]);
  });

  it('refuses the sections of other scanners, unknown keys and non-purls, naming them', () => {
    expect(() => parseTrivyIgnoreYaml('secrets:\n  - id: aws-access-key-id\n', '.trivyignore.yaml')).toThrow(/secrets: Drydock reads the vulnerabilities section/);
    expect(() => parseTrivyIgnoreYaml('vulnerabilities:\n  - id: CVE-1\n    expire: 2024-01-01\n', '.trivyignore.yaml')).toThrow(PolicyError);
    expect(() => parseTrivyIgnoreYaml('vulnerabilities:\n  - id: CVE-1\n    purls: [openssl]\n', '.trivyignore.yaml')).toThrow(/is not a purl/);
    expect(() => parseTrivyIgnoreYaml('a: &a [*a]\n', '.trivyignore.yaml')).toThrow(PolicyError);
  });
});

describe('ignoreFileFormat() and paths', () => {
  it('picks the reader by file name', () => {
    expect(['.trivyignore', 'ci/.trivyignore', '.trivyignore.yaml', 'x/trivyignore.yml', '.drydockignore.yaml', 'ignore.yaml'].map(ignoreFileFormat))
      .toEqual(['trivy', 'trivy', 'trivy-yaml', 'trivy-yaml', 'drydock', 'drydock']);
  });

  it('suppresses by path only the package found there', () => {
    const result = sampleScanResult();
    const f = result.findings[0]!;
    const at = parseTrivyIgnoreYaml(`vulnerabilities:\n  - id: ${f.id}\n    paths: ["${f.package.location.replace(/^\//, '')}"]\n`, '.trivyignore.yaml');
    const before = result.suppressed.length;
    const here = applyIgnoreFile(result, at, new Date());
    expect(here.suppressed.slice(before).map((s) => s.finding.id)).toEqual([f.id]);
    const elsewhere = parseTrivyIgnoreYaml(`vulnerabilities:\n  - id: ${f.id}\n    paths: ["somewhere/else"]\n`, '.trivyignore.yaml');
    expect(applyIgnoreFile(result, elsewhere, new Date()).suppressed).toHaveLength(before);
  });
});
