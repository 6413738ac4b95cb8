/**
 * purl conformance: the package-url/purl-spec test suite (../shared/peer/3-purl/current, commit 16f3d0e3; MIT)
 * run through the purl library Drydock uses (packageurl-js) and our `buildPurl`.
 * - parse: `PackageURL.fromString(input)` gives the expected components, or throws when a failure is expected;
 * - build: `buildPurl(components)` gives the expected canonical string, or throws;
 * - validate (round-trip): `PackageURL.fromString(input).toString()` is the expected canonical string.
 * Cases packageurl-js 2.0.1 gets wrong are skipped, each with its reason (KNOWN_DEVIATIONS).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PackageURL } from 'packageurl-js';
import { describe, expect, it } from 'vitest';
import { peerDir } from '../../test/helpers/shared.js';
import { buildPurl } from './purl.js';

interface Components {
  type: string | null;
  namespace: string | null;
  name: string | null;
  version: string | null;
  qualifiers: Record<string, string> | null;
  subpath: string | null;
}
interface SuiteCase {
  description: string;
  test_group: 'required' | 'recommended';
  test_type: 'parse' | 'build' | 'validate';
  input: string | Components;
  expected_output?: string | Components | null;
  expected_failure?: boolean;
  expected_message?: string | null;
}

/** Where packageurl-js 2.0.1 departs from the suite. Keys are `<file>#<index in its tests array>`. */
const KNOWN_DEVIATIONS: { reason: string; cases: string[] }[] = [
  {
    reason: "packageurl-js percent-encodes ':' in qualifier values and subpaths (%3A); the spec's canonical form keeps ':'",
    cases: [
      'spec/specification-test.json#16', 'spec/specification-test.json#17', 'types/bazel-test.json#0', 'types/bazel-test.json#3',
      'types/bazel-test.json#5', 'types/bazel-test.json#15', 'types/bazel-test.json#17', 'types/brew-test.json#17', 'types/brew-test.json#18',
      'types/generic-test.json#4', 'types/generic-test.json#5', 'types/generic-test.json#7', 'types/generic-test.json#8', 'types/hex-test.json#10',
      'types/hex-test.json#11', 'types/huggingface-test.json#4', 'types/huggingface-test.json#6', 'types/huggingface-test.json#7',
      'types/huggingface-test.json#16', 'types/huggingface-test.json#17', 'types/julia-test.json#5', 'types/julia-test.json#7',
      'types/luarocks-test.json#7', 'types/luarocks-test.json#8', 'types/maven-test.json#8', 'types/maven-test.json#14', 'types/maven-test.json#59',
      'types/maven-test.json#60', 'types/mlflow-test.json#0', 'types/mlflow-test.json#2', 'types/mlflow-test.json#3', 'types/mlflow-test.json#4',
      'types/mlflow-test.json#6', 'types/mlflow-test.json#7', 'types/mlflow-test.json#8', 'types/mlflow-test.json#10', 'types/mlflow-test.json#11',
      'types/mlflow-test.json#13', 'types/mlflow-test.json#14', 'types/mlflow-test.json#16', 'types/mlflow-test.json#17', 'types/npm-test.json#11',
      'types/npm-test.json#12', 'types/otp-test.json#1', 'types/otp-test.json#2', 'types/vcpkg-test.json#7', 'types/vcpkg-test.json#8',
    ],
  },
  {
    reason: "packageurl-js leaves '+' in a version unencoded; the spec's canonical form writes %2B (deb 1:2.4.47-2+b1)",
    cases: ['types/deb-test.json#17', 'types/deb-test.json#18'],
  },
  {
    reason: 'packageurl-js has no lower-casing rule for brew names/tap namespaces or git namespaces/names (type definitions say case-insensitive)',
    cases: ['types/brew-test.json#3', 'types/brew-test.json#4', 'types/brew-test.json#14', 'types/brew-test.json#15', 'types/git-test.json#0'],
  },
  {
    reason: "packageurl-js splits a git purl at the last '/', so a forge path name (forgejo/forgejo) lands in the namespace; the git type keeps it in the name",
    cases: ['types/git-test.json#1', 'types/git-test.json#3', 'types/git-test.json#4', 'types/git-test.json#6'],
  },
  {
    reason: 'packageurl-js lower-cases upper-case qualifier keys instead of rejecting them as the suite requires',
    cases: ['types/gem-test.json#1', 'types/rpm-test.json#1'],
  },
  {
    reason:
      'packageurl-js does not implement these type rules: chrome-extension id/version syntax, cpan module-name vs distribution, julia uuid ' +
      'requirement, otp/vcpkg prohibited namespace, vscode-extension required namespace',
    cases: [
      'types/chrome-extension-test.json#3', 'types/chrome-extension-test.json#4', 'types/chrome-extension-test.json#5', 'types/chrome-extension-test.json#6',
      'types/cpan-test.json#4', 'types/cpan-test.json#5', 'types/cpan-test.json#6', 'types/cpan-test.json#22', 'types/cpan-test.json#23',
      'types/julia-test.json#8', 'types/julia-test.json#12', 'types/otp-test.json#6', 'types/otp-test.json#7', 'types/vcpkg-test.json#9',
      'types/vcpkg-test.json#10', 'types/vcpkg-test.json#12', 'types/vscode-extension-test.json#11', 'types/vscode-extension-test.json#12',
    ],
  },
];
const skipReason = new Map(KNOWN_DEVIATIONS.flatMap(({ reason, cases }) => cases.map((c) => [c, reason] as const)));

const suiteDir = join(peerDir, '3-purl/current/tests');
const suiteFiles = existsSync(suiteDir)
  ? ['spec/specification-test.json', ...readdirSync(join(suiteDir, 'types')).filter((f) => f.endsWith('.json')).sort().map((f) => `types/${f}`)]
  : [];

const rows = suiteFiles.flatMap((file) =>
  (JSON.parse(readFileSync(join(suiteDir, file), 'utf8')) as { tests: SuiteCase[] }).tests.map((t, i) => ({ key: `${file}#${i}`, t })),
);

const orUndefined = <T>(v: T | null | undefined): T | undefined => (v === null || v === undefined ? undefined : v);
function sortedQualifiers(q: Record<string, string> | null | undefined): Record<string, string> | undefined {
  return q && Object.keys(q).length > 0 ? Object.fromEntries(Object.entries(q).sort(([a], [b]) => (a < b ? -1 : 1))) : undefined;
}
function normalise(c: { type?: string | null; namespace?: string | null; name?: string | null; version?: string | null; qualifiers?: Record<string, string> | null; subpath?: string | null }) {
  return {
    type: orUndefined(c.type),
    namespace: orUndefined(c.namespace),
    name: orUndefined(c.name),
    version: orUndefined(c.version),
    qualifiers: sortedQualifiers(c.qualifiers),
    subpath: orUndefined(c.subpath),
  };
}

function runCase(t: SuiteCase): void {
  if (t.test_type === 'parse') {
    const input = t.input as string;
    if (t.expected_failure) {
      expect(() => PackageURL.fromString(input)).toThrow();
      return;
    }
    const p = PackageURL.fromString(input);
    expect(normalise({ ...p, qualifiers: p.qualifiers ? { ...p.qualifiers } : undefined })).toEqual(normalise(t.expected_output as Components));
    return;
  }
  if (t.test_type === 'build') {
    const c = t.input as Components;
    const build = () => buildPurl(c.type as string, c.namespace ?? undefined, c.name as string, c.version ?? undefined, c.qualifiers ?? {}, c.subpath ?? undefined);
    if (t.expected_failure) {
      expect(build).toThrow();
      return;
    }
    expect(build()).toBe(t.expected_output);
    return;
  }
  // validate: round-trip an input (canonical or not) to the canonical string.
  const input = t.input as string;
  if (t.expected_failure) {
    expect(() => PackageURL.fromString(input).toString()).toThrow();
    return;
  }
  expect(PackageURL.fromString(input).toString()).toBe(t.expected_output);
}

describe.skipIf(rows.length === 0)('purl-spec test suite through packageurl-js and buildPurl (../shared/peer/3-purl)', () => {
  it('reads the whole suite and every skip names a real case', () => {
    expect(rows.length).toBe(586);
    const keys = new Set(rows.map((r) => r.key));
    expect([...skipReason.keys()].filter((k) => !keys.has(k))).toEqual([]);
  });

  for (const { key, t } of rows) {
    const title = `${t.test_type} ${t.test_group}: ${t.description} [${key}]`;
    const reason = skipReason.get(key);
    if (reason) it.skip(`${title} — skipped: ${reason}`, () => runCase(t));
    else it(title, () => runCase(t));
  }
});

describe('buildPurl()', () => {
  it.each`
    type     | namespace   | name            | version                 | qualifiers                             | want
    ${'deb'} | ${'debian'} | ${'libstdc++6'} | ${'12.2.0-14'}          | ${{ arch: 'amd64', distro: undefined }} | ${'pkg:deb/debian/libstdc%2B%2B6@12.2.0-14?arch=amd64'}
    ${'deb'} | ${'debian'} | ${'bsdutils'}   | ${'1:2.38.1-5+b1'}      | ${{ arch: 'amd64' }}                   | ${'pkg:deb/debian/bsdutils@1:2.38.1-5+b1?arch=amd64'}
    ${'rpm'} | ${undefined} | ${'dive'}      | ${'0.9.2-1'}            | ${{ arch: 'x86_64', epoch: '' }}       | ${'pkg:rpm/dive@0.9.2-1?arch=x86_64'}
    ${'apk'} | ${'alpine'} | ${'musl'}       | ${'1.2.3-r4'}           | ${{}}                                  | ${'pkg:apk/alpine/musl@1.2.3-r4'}
  `('builds $want, leaving out empty qualifiers (the "+" in a version stays unencoded: a known packageurl-js deviation, see above)', ({ type, namespace, name, version, qualifiers, want }: { type: string; namespace?: string; name: string; version: string; qualifiers: Record<string, string | undefined>; want: string }) => {
    expect(buildPurl(type, namespace, name, version, qualifiers)).toBe(want);
  });
});
