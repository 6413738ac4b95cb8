import { describe, expect, it } from 'vitest';
import { sampleScanResult } from '../report/vuln/__fixtures__/scan-result.js';
import { PolicyError } from './errors.js';
import { applyIgnoreFile, MAX_IGNORE_FILE_LENGTH, parseIgnoreFile } from './ignore-file.js';

const NAME = '.drydockignore.yaml';
const NOW = new Date('2024-07-01T12:00:00Z');

const FILE = `# accepted risks, reviewed by the platform team
version: 1
ignore:
  - id: CVE-2023-45853
    package: zlib            # Debian source name
    reason: minizip is not built into the image
    expires: 2024-12-31
  - id: ghsa-35jh-r3h4-6jhm  # an alias, any case
    package: pkg:npm/lodash@4.17.20
    reason: template() is never called with user input
  - id: CVE-2024-0727
    package: libssl3
    version: 3.0.0-1
    reason: only the old build was affected
  - id: CVE-2023-4911
    reason: no setuid binaries
    expires: 2024-06-30
`;

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof PolicyError) return `${e.code}: ${e.message}`;
    throw e;
  }
  return undefined;
}

describe('parseIgnoreFile()', () => {
  it('reads entries with their expiry', () => {
    const f = parseIgnoreFile(FILE, NAME);
    expect(f.entries).toHaveLength(4);
    expect(f.entries[0]).toEqual({
      id: 'CVE-2023-45853', package: 'zlib', reason: 'minizip is not built into the image', expires: '2024-12-31',
      expiresAt: Date.UTC(2025, 0, 1), index: 1,
    });
    expect(f.entries[2]!.version).toBe('3.0.0-1');
  });

  it('reads an empty or comment-only file as no entries', () => {
    expect(parseIgnoreFile('', NAME).entries).toEqual([]);
    expect(parseIgnoreFile('# nothing yet\n', NAME).entries).toEqual([]);
    expect(parseIgnoreFile('ignore: []\n', NAME).entries).toEqual([]);
  });

  it.each`
    what                           | text                                                                        | message
    ${'not YAML'}                  | ${'ignore: [\n'}                                                            | ${/\.drydockignore\.yaml: not valid YAML/}
    ${'a list at the top'}         | ${'- id: CVE-1\n  reason: x\n'}                                             | ${/\.drydockignore\.yaml: \(root\): Expected object, received array/}
    ${'a missing reason'}          | ${'ignore:\n  - id: CVE-2024-1\n'}                                          | ${/ignore\[0\]\.reason: Required/}
    ${'an empty reason'}           | ${'ignore:\n  - id: CVE-2024-1\n    reason: "  "\n'}                        | ${/ignore\[0\]\.reason: must not be empty/}
    ${'an unknown key (typo)'}     | ${'ignore:\n  - id: CVE-2024-1\n    reason: x\n    expire: 2024-01-01\n'}  | ${/Unrecognized key\(s\) in object: 'expire'/}
    ${'an id of the wrong type'}   | ${'ignore:\n  - id: [1, 2]\n    reason: x\n'}                               | ${/ignore\[0\]\.id: Expected string, received array/}
    ${'a bad date'}                | ${'ignore:\n  - id: CVE-2024-1\n    reason: x\n    expires: 2024-02-30\n'}  | ${/ignore\[0\] \(CVE-2024-1\): expires must be a date/}
    ${'free text as a date'}       | ${'ignore:\n  - id: CVE-2024-1\n    reason: x\n    expires: next year\n'}   | ${/expires must be a date/}
    ${'a version with no package'} | ${'ignore:\n  - id: CVE-2024-1\n    reason: x\n    version: "1.0"\n'}       | ${/version needs a package/}
    ${'duplicate keys'}            | ${'ignore:\n  - id: CVE-2024-1\n    id: CVE-2024-2\n    reason: x\n'}       | ${/not valid YAML/}
    ${'two documents'}             | ${'ignore: []\n---\nignore: []\n'}                                          | ${/not valid YAML/}
    ${'a scalar'}                  | ${'42\n'}                                                                   | ${/Expected object, received number/}
  `('rejects $what with a typed error naming the file', ({ text, message }) => {
    const out = codeOf(() => parseIgnoreFile(text, NAME));
    expect(out).toMatch(/^INVALID_IGNORE_FILE: \.drydockignore\.yaml/);
    expect(out).toMatch(message);
  });

  it('rejects a YAML alias bomb', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++) bomb.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    bomb.push('ignore: []');
    expect(codeOf(() => parseIgnoreFile(bomb.join('\n'), NAME))).toMatch(/^INVALID_IGNORE_FILE: \.drydockignore\.yaml: /);
  });

  it('rejects a huge file before parsing it', () => {
    expect(codeOf(() => parseIgnoreFile('#'.repeat(MAX_IGNORE_FILE_LENGTH + 1), NAME))).toMatch(/^INPUT_TOO_LARGE: \.drydockignore\.yaml/);
  });
});

describe('applyIgnoreFile()', () => {
  const file = parseIgnoreFile(FILE, NAME);
  const before = sampleScanResult();
  const out = applyIgnoreFile(before, file, NOW);

  it('suppresses by id or alias, package name, source name or purl, with the reason', () => {
    const s = out.suppressed.filter((x) => x.by === 'ignore-file').map((x) => [x.finding.id, x.reason]);
    expect(s).toEqual(expect.arrayContaining([
      ['CVE-2023-45853', 'minizip is not built into the image (until 2024-12-31)'],
      ['CVE-2021-23337', 'template() is never called with user input'],
    ]));
    expect(out.findings.map((f) => f.id)).not.toContain('CVE-2023-45853');
    expect(out.findings.length + out.suppressed.length).toBe(before.findings.length + before.suppressed.length);
  });

  it('does not suppress when the version differs', () => {
    expect(out.findings.map((f) => f.id)).toContain('CVE-2024-0727');
  });

  it('stops suppressing after the expiry day and warns', () => {
    expect(out.findings.map((f) => f.id)).toContain('CVE-2023-4911');
    expect(out.warnings).toContain('.drydockignore.yaml: ignore entry 4 (CVE-2023-4911) expired on 2024-06-30; it no longer suppresses');
    // Through the whole expiry day (UTC), then no more.
    const lastDay = applyIgnoreFile(before, file, new Date('2024-06-30T23:59:59Z'));
    expect(lastDay.findings.map((f) => f.id)).not.toContain('CVE-2023-4911');
  });

  it('keeps suppressions already made and does not change its input', () => {
    expect(out.suppressed.filter((x) => x.by === 'vex')).toHaveLength(1);
    expect(before.findings).toHaveLength(7);
  });
});
