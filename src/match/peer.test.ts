// Trivy's detector cases (../shared/peer/5-detection/trivy/pkg/detector, aquasecurity/trivy dc3c56ee, Apache-2.0):
// each fixture DB is converted to Advisory records (__fixtures__/trivy-buckets.ts), loaded into the in-memory lookup,
// and the case's packages run through matchInventory. Every difference is listed in KNOWN with its reason (and in
// docs/matching.md); a listed difference that disappears fails the test, so the list stays true.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Inventory, OsInfo, Package, PackageType } from '../model/index.js';
import { inventory, pkg } from './__fixtures__/builders.js';
import { BrokenBucketError, convertDistro, convertLibrary, convertRedHat, TRIVY_STATUS } from './__fixtures__/trivy-buckets.js';
import type { Bucket } from './__fixtures__/trivy-buckets.js';
import { matchInventory } from './match-inventory.js';
import { createMemoryLookup } from './memory-lookup.js';

const ROOT = join(import.meta.dirname, '../../../shared/peer/5-detection/trivy/pkg/detector');
const NOW = new Date('2025-06-01T00:00:00Z');

interface TrivyPkg {
  Name: string;
  Version: string;
  Release?: string;
  Epoch?: number;
  Arch?: string;
  SrcName?: string;
  SrcVersion?: string;
  Modularitylabel?: string;
}
interface TrivyWant {
  VulnerabilityID: string;
  FixedVersion?: string;
  Status?: string;
  Vulnerability?: { Severity?: { '@call'?: string } };
}
interface Case {
  func: string;
  name: string;
  args: { fixtures?: string[]; libType?: string; args: { osVer?: string; repo?: { Release?: string }; pkgs?: TrivyPkg[]; pkgName?: string; pkgVer?: string } };
  want: { want?: TrivyWant[] | null; wantErr?: unknown };
}

/**
 * Differences from Trivy, by "<dir>/<case>", with the reason. Each one is asserted to still differ.
 */
const KNOWN: Record<string, string> = {
  'ospkg/alpine/happy path':
    "CVE-2019-INVALID has FixedVersion 'invalid': Trivy drops it silently; Drydock reports it as not evaluated (INVALID_ADVISORY_VERSION).",
  'ospkg/redhat/happy path: package without architecture':
    "the fixture's installed version '3.10.0-1127.19' contains '-', which rpm forbids in a version: Drydock reports the finding as not evaluated (INVALID_VERSION) instead of guessing; Trivy orders it leniently.",
  'ospkg/redhat/happy path: advisories have different arches':
    "same invalid rpm version ('3.10.0-326.36' has a '-') → not evaluated. The per-architecture errata themselves are compared (RHSA-2017:0372 is aarch64 only).",
  'ospkg/alma/skip modular package':
    "nginx is a module build (release '8.module_el8.3.0+…') with an empty modularity label (AlmaLinux bug 173), and the advisory is for the nginx:1.14 stream: Trivy skips the package and logs it; Drydock reports the finding not evaluated (UNKNOWN_MODULE_STREAM), so it is not lost.",
  'ospkg/ubuntu/ubuntu 19.04-ESM, 19.04 is outdated':
    "Trivy looks up the bucket 'ubuntu 19.04-ESM', which does not exist, and finds nothing; Drydock strips -ESM (19.04 never had ESM) and matches the 19.04 data, reporting CVE-2019-9243 unfixed, with an end-of-life warning. Drydock's answer is the one the data supports.",
  'library/Custom data for vulnerability':
    "Trivy's FixedVersion lists every patched version ('23.0.15, 26.1.5, 27.1.1, 25.0.6'); Drydock reports the fix of the range that contains the version. Also '19.03.0' is not a valid Go module version (leading zero), so that range is not evaluated: the finding is not evaluated instead of guessed.",
  'library/no vulnerable versions in the advisory':
    "the advisory has only patched and unaffected versions (RubyGems style); the converter does not build complement ranges, and Trivy's FixedVersion is the raw requirement list.",
  'library/seal security pip package': 'Seal Security (a vendor feed of renamed patched packages) is not a Drydock source.',
  'library/seal security rubygems package': 'Seal Security is not a Drydock source.',
  'library/seal security npm package': 'Seal Security is not a Drydock source.',
  'library/seal security go package': 'Seal Security is not a Drydock source.',
  'library/seal security maven package': 'Seal Security is not a Drydock source.',
  'library/seal security pip no-prefix package': 'Seal Security is not a Drydock source.',
  'library/seal security npm no-prefix package': 'Seal Security is not a Drydock source.',
};

const DISTROS: Record<string, { family: string; type: PackageType }> = {
  alma: { family: 'almalinux', type: 'rpm' },
  alpine: { family: 'alpine', type: 'apk' },
  debian: { family: 'debian', type: 'dpkg' },
  redhat: { family: 'rhel', type: 'rpm' },
  rocky: { family: 'rocky', type: 'rpm' },
  ubuntu: { family: 'ubuntu', type: 'dpkg' },
};

const LIB_TYPES: Record<string, PackageType | undefined> = {
  '@ftypes.Composer': 'composer',
  '@ftypes.GoModule': 'go',
  '@ftypes.GoBinary': 'go',
  '@ftypes.PythonPkg': 'python',
  '@ftypes.Bundler': 'gem',
  '@ftypes.Npm': 'npm',
  '@ftypes.Pom': 'java',
  '@ftypes.Julia': 'julia',
};

function readYaml(dir: string, file: string): Bucket[] {
  return parse(readFileSync(join(ROOT, dir, file), 'utf8')) as Bucket[];
}

function wantKeys(want: TrivyWant[] | null | undefined): string[] {
  return (want ?? [])
    .map((w) => {
      const status = w.Status ? statusOf(w.Status) : w.FixedVersion ? 'fixed' : 'affected';
      return `${w.VulnerabilityID}|${w.FixedVersion ?? ''}|${status}`;
    })
    .sort();
}

function statusOf(s: string): string {
  const names: Record<string, number> = { StatusNotAffected: 1, StatusAffected: 2, StatusFixed: 3, StatusUnderInvestigation: 4, StatusWillNotFix: 5, StatusFixDeferred: 6, StatusEndOfLife: 7 };
  return TRIVY_STATUS[names[s.replace('@dbTypes.', '')] ?? 0] ?? s;
}

function gotKeys(inv: Inventory, lookup: ReturnType<typeof createMemoryLookup>): string[] {
  return matchInventory(inv, lookup, { now: NOW })
    .findings.map((f) => `${f.id}|${f.fixedVersion ?? ''}|${f.notEvaluated ? `not_evaluated:${f.notEvaluated.code}` : f.status}`)
    .sort();
}

function osPackage(type: PackageType, p: TrivyPkg): Package {
  const version = type === 'rpm' ? p.Version : (p.SrcVersion ?? p.Version);
  return pkg({
    type,
    name: p.Name,
    version: type === 'rpm' ? p.Version : p.Version,
    release: type === 'rpm' ? p.Release : undefined,
    epoch: type === 'rpm' ? p.Epoch : undefined,
    source: p.SrcName ? { name: p.SrcName, version } : undefined,
    metadata: p.Modularitylabel ? { modularityLabel: p.Modularitylabel } : undefined,
    arch: p.Arch,
  });
}

function loadCases(dir: string): Case[] {
  const file = join(ROOT, dir, 'expected.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { cases: Case[] }).cases;
}

const results: { key: string; pass: boolean }[] = [];

function check(key: string, want: string[], got: string[] | 'rejected', wantErr: boolean): void {
  const known = KNOWN[key];
  const same = wantErr ? got === 'rejected' : got !== 'rejected' && JSON.stringify(got) === JSON.stringify(want);
  results.push({ key, pass: same });
  if (!same && process.env.PEER_DEBUG) console.log(key, JSON.stringify(want), JSON.stringify(got));
  if (known === undefined) {
    expect(got).toEqual(wantErr ? 'rejected' : want);
  } else {
    expect(same, `${key} is listed as a difference but now matches: update KNOWN and docs/matching.md`).toBe(false);
  }
}

describe.runIf(existsSync(ROOT))('Trivy detector peer cases', () => {
  for (const [dir, os] of Object.entries(DISTROS)) {
    for (const c of loadCases(`ospkg/${dir}`).filter((x) => x.func === 'TestScanner_Detect')) {
      const key = `ospkg/${dir}/${c.name}`;
      it(key, () => {
        let got: string[] | 'rejected';
        try {
          const files = (c.args.fixtures ?? []).map((f) => readYaml(`ospkg/${dir}`, f));
          const buckets = files.flat();
          const advisories = dir === 'redhat' ? convertRedHat(buckets, buckets) : convertDistro(buckets, dir);
          const lookup = createMemoryLookup({ advisories });
          const repositoryRelease = dir === 'alpine' ? c.args.args.repo?.Release : undefined;
          const info: OsInfo = { family: os.family, version: c.args.args.osVer, source: 'peer', ...(repositoryRelease ? { repositoryRelease } : {}) };
          const pkgs = (c.args.args.pkgs ?? []).map((p) => osPackage(os.type, p));
          got = gotKeys(inventory(pkgs, info), lookup);
        } catch (err) {
          if (!(err instanceof BrokenBucketError)) throw err;
          got = 'rejected';
        }
        check(key, wantKeys(c.want.want), got, c.want.wantErr !== undefined);
      });
    }
  }

  for (const c of loadCases('library').filter((x) => x.func === 'TestDriver_Detect')) {
    const key = `library/${c.name}`;
    it(key, () => {
      let got: string[] | 'rejected';
      try {
        const buckets = (c.args.fixtures ?? []).flatMap((f) => readYaml('library', f));
        const { advisories } = convertLibrary(buckets);
        const lookup = createMemoryLookup({ advisories });
        const type = LIB_TYPES[c.args.libType ?? ''];
        const name = c.args.args.pkgName ?? '';
        const metadata = type === 'java' ? { groupId: name.split(':')[0], artifactId: name.split(':')[1] } : undefined;
        const p = pkg({ type: type ?? 'npm', name, version: c.args.args.pkgVer ?? '', metadata });
        got = type ? gotKeys(inventory([p]), lookup) : [];
      } catch (err) {
        if (!(err instanceof BrokenBucketError)) throw err;
        got = 'rejected';
      }
      check(key, wantKeys(c.want.want), got, c.want.wantErr !== undefined);
    });
  }

  it('summary', () => {
    const passed = results.filter((r) => r.pass).length;
    console.log(`trivy detector peer cases: ${passed}/${results.length} equal; differences: ${results.filter((r) => !r.pass).map((r) => r.key).join('; ')}`);
    expect(results.length).toBeGreaterThan(30);
  });
});
