// Converts Trivy's detector fixtures (trivy-db bolt buckets written as YAML, from
// ../shared/peer/5-detection/trivy/pkg/detector, aquasecurity/trivy dc3c56ee, Apache-2.0) into Drydock's Advisory
// model, so the peer cases run through the real matcher over the in-memory lookup. Only the data is used.
import type { Advisory, AffectedPackage, AffectedRange, AffectedStatus, RangeEvent, Severity } from '../../model/index.js';

export interface Bucket {
  bucket?: string;
  key?: string;
  value?: unknown;
  pairs?: Bucket[];
}

/** trivy-db's Status numbering (pkg/types): the order of its iota constants. */
export const TRIVY_STATUS: Record<number, AffectedStatus> = {
  1: 'not_affected',
  2: 'affected',
  3: 'fixed',
  4: 'needs_triage',
  5: 'wont_fix',
  6: 'postponed',
  7: 'end_of_life',
};

/** trivy-db's Severity numbering. */
export const TRIVY_SEVERITY: Record<number, Severity> = { 0: 'UNKNOWN', 1: 'LOW', 2: 'MEDIUM', 3: 'HIGH', 4: 'CRITICAL' };

/** Thrown when a bucket value has the wrong shape (Trivy's "failed to get … advisories" cases). */
export class BrokenBucketError extends Error {}

const DISTRO_PREFIX: Record<string, (release: string) => string> = {
  debian: (r) => `Debian:${r}`,
  ubuntu: (r) => `Ubuntu:${r}`,
  alpine: (r) => `Alpine:v${r}`,
  rocky: (r) => `Rocky Linux:${r}`,
  alma: (r) => `AlmaLinux:${r}`,
};

const LIBRARY_PREFIX: Record<string, string> = {
  composer: 'Packagist',
  go: 'Go',
  julia: 'Julia',
  maven: 'Maven',
  npm: 'npm',
  pip: 'PyPI',
  rubygems: 'RubyGems',
};

interface DistroValue {
  FixedVersion?: unknown;
  Entries?: { FixedVersion?: string; Arches?: string[] }[];
  AffectedVersion?: string;
  Status?: number;
  Severity?: number;
  VendorIDs?: string[];
}

function rangeOf(introduced: string, fixed: string | undefined): AffectedRange {
  const events: RangeEvent[] = [{ introduced }];
  if (fixed) events.push({ fixed });
  return { type: 'ECOSYSTEM', events };
}

/** A package bucket: 'nginx' or, for a module's package, '<module>:<stream>::<name>' ('php:7.2::php'). */
function packageBucket(bucket: string | undefined): { name: string; module?: string } {
  const b = bucket ?? '';
  const i = b.indexOf('::');
  return i < 0 ? { name: b } : { name: b.slice(i + 2), module: b.slice(0, i) };
}

/** Distro buckets "<distro> <release>" → pkg → vuln id → value. */
export function convertDistro(buckets: Bucket[], source: string): Advisory[] {
  const out: Advisory[] = [];
  for (const top of buckets) {
    const [distro = '', release = ''] = (top.bucket ?? '').split(' ');
    const eco = DISTRO_PREFIX[distro];
    if (!eco) continue;
    for (const p of top.pairs ?? []) {
      for (const v of p.pairs ?? []) {
        const val = (v.value ?? {}) as DistroValue;
        if (val.FixedVersion !== undefined && typeof val.FixedVersion !== 'string') throw new BrokenBucketError(`${top.bucket}/${p.bucket}/${v.key}`);
        const fixed = (val.FixedVersion as string | undefined) || undefined;
        const { name, module } = packageBucket(p.bucket);
        // Rocky and Alma buckets may fix per architecture: one entry each, with its arches.
        const perArch = Array.isArray(val.Entries) && val.Entries.some((e) => e.Arches?.length) ? val.Entries : [{ FixedVersion: fixed }];
        const affected = perArch.map((e): AffectedPackage => {
          const entry: AffectedPackage = { ecosystem: eco(release), name, ranges: [rangeOf(val.AffectedVersion ?? '0', e.FixedVersion || undefined)], ...(module ? { module } : {}) };
          if (e.Arches?.length) entry.arches = e.Arches;
          const status = val.Status === undefined ? undefined : TRIVY_STATUS[val.Status];
          if (status && !e.FixedVersion) entry.status = status;
          if (val.Severity !== undefined) entry.severity = TRIVY_SEVERITY[val.Severity];
          return entry;
        });
        out.push({ id: v.key ?? '', aliases: val.VendorIDs ?? [], source, severities: [], affected });
      }
    }
  }
  return out;
}

interface RedHatEntry {
  FixedVersion?: string;
  Arches?: string[];
  Affected?: number[];
  Cves?: { ID?: string; Severity?: number }[];
  Status?: number;
}

/**
 * Red Hat: bucket "Red Hat" → pkg → RHSA or CVE id → Entries with CPE indices (resolved to major releases through
 * cpe.yaml). One advisory per RHSA per CVE; a CVE-only (unfixed) record is dropped for a release where an RHSA
 * fixes that CVE, as Red Hat's data means (the erratum supersedes the older statement).
 */
export function convertRedHat(buckets: Bucket[], cpeBuckets: Bucket[]): Advisory[] {
  const cpe = new Map<number, string>();
  for (const top of cpeBuckets) for (const b of top.pairs ?? []) {
    if (b.bucket !== 'cpe') continue;
    for (const kv of b.pairs ?? []) {
      const m = /enterprise_linux:(\d+)/.exec(String(kv.value));
      if (m?.[1]) cpe.set(Number(kv.key), m[1]);
    }
  }
  const out: Advisory[] = [];
  const fixedCves = new Set<string>();
  const unfixed: { key: string; adv: Advisory }[] = [];
  for (const top of buckets) {
    if (top.bucket !== 'Red Hat') continue;
    for (const p of top.pairs ?? []) {
      for (const v of p.pairs ?? []) {
        const val = v.value as { Entries?: RedHatEntry[] } | undefined;
        if (!val || !Array.isArray(val.Entries)) throw new BrokenBucketError(`${p.bucket}/${v.key}`);
        for (const e of val.Entries) {
          const releases = [...new Set((e.Affected ?? []).map((i) => cpe.get(i)).filter((r): r is string => r !== undefined))];
          const fixed = e.FixedVersion?.replace(/^0:/, '') || undefined;
          for (const cve of e.Cves ?? []) {
            const id = cve.ID ?? v.key ?? '';
            for (const release of releases) {
              const { name, module } = packageBucket(p.bucket);
              const entry: AffectedPackage = { ecosystem: `Red Hat:enterprise_linux:${release}`, name, ranges: [rangeOf('0', fixed)], ...(module ? { module } : {}) };
              if (cve.Severity !== undefined) entry.severity = TRIVY_SEVERITY[cve.Severity];
              if (e.Arches?.length) entry.arches = e.Arches;
              const status = e.Status === undefined ? undefined : TRIVY_STATUS[e.Status];
              if (status && !fixed) entry.status = status;
              const adv: Advisory = {
                id: v.key ?? id,
                aliases: id !== v.key ? [id] : [],
                source: 'redhat',
                severities: [],
                affected: [entry],
              };
              const key = `${p.bucket}|${release}|${id}`;
              if (fixed) {
                fixedCves.add(key);
                out.push(adv);
              } else unfixed.push({ key, adv });
            }
          }
        }
      }
    }
  }
  for (const u of unfixed) if (!fixedCves.has(u.key)) out.push(u.adv);
  return out;
}

/** Trivy range strings (">=1.0, <2.0", ">=1 <2", "< 4.2.3", "<v1.13.2") → OSV ranges. Unknown operators are kept out. */
export function convertRangeStrings(ranges: string[]): { ranges: AffectedRange[]; versions: string[] } {
  const out: AffectedRange[] = [];
  const versions: string[] = [];
  for (const alt of ranges.flatMap((r) => r.split('||'))) {
    let introduced = '0';
    const tail: RangeEvent[] = [];
    for (const m of alt.matchAll(/(>=|<=|>|<|=)\s*([^\s,]+)/g)) {
      const [, op, ver = ''] = m;
      if (op === '>=') introduced = ver;
      else if (op === '<') tail.push({ fixed: ver });
      else if (op === '<=') tail.push({ last_affected: ver });
      else if (op === '=') versions.push(ver);
    }
    if (tail.length > 0 || introduced !== '0') out.push({ type: 'ECOSYSTEM', events: [{ introduced }, ...tail] });
  }
  return { ranges: out, versions };
}

/** Library buckets "<eco>::<source>" → pkg → vuln id → {VulnerableVersions, PatchedVersions, VendorIDs}. */
export function convertLibrary(buckets: Bucket[]): { advisories: Advisory[]; skipped: string[] } {
  const advisories: Advisory[] = [];
  const skipped: string[] = [];
  for (const top of buckets) {
    const name = top.bucket ?? '';
    const [eco = '', source = ''] = name.includes('::') ? name.split('::') : ['', ''];
    const ecosystem = LIBRARY_PREFIX[eco];
    if (!ecosystem) {
      if (name !== 'data-source') skipped.push(name);
      continue;
    }
    for (const p of top.pairs ?? []) {
      for (const v of p.pairs ?? []) {
        const val = v.value as { VulnerableVersions?: unknown; PatchedVersions?: unknown; VendorIDs?: string[] };
        if (val.PatchedVersions !== undefined && !Array.isArray(val.PatchedVersions)) throw new BrokenBucketError(`${name}/${p.bucket}/${v.key}`);
        if (!Array.isArray(val.VulnerableVersions)) {
          skipped.push(`${name}/${p.bucket}/${v.key}: no VulnerableVersions`);
          continue;
        }
        const { ranges, versions } = convertRangeStrings(val.VulnerableVersions as string[]);
        advisories.push({
          id: v.key ?? '',
          aliases: val.VendorIDs ?? [],
          source: source,
          severities: [],
          affected: [{ ecosystem, name: p.bucket ?? '', ranges, versions }],
        });
      }
    }
  }
  return { advisories, skipped };
}
