/**
 * An `AdvisoryLookup` over arrays, for tests (matching's own, the peer fixtures and the scan tests). It reads the
 * OSV ecosystem strings of `Advisory.affected` the way the store does (see src/vulndb/types.ts).
 */
import type { Advisory, EpssScore, KevEntry } from '../model/index.js';
import type { AdvisoryLookup, EcosystemFamily, PackageQuery } from '../vulndb/types.js';
import { toEcosystemKey } from '../vulndb/ecosystem.js';
import { normalizePypiName } from './language.js';

/** An OSV ecosystem string split into Drydock's family and release. */
export interface ParsedEcosystem {
  ecosystem: EcosystemFamily;
  release?: string;
}

/**
 * Read an OSV ecosystem string ('Debian:12', 'Alpine:v3.20', 'Red Hat:enterprise_linux:9::appstream', 'PyPI', …)
 * exactly as the store indexes it (src/vulndb/ecosystem.ts), so tests over arrays see what a real database gives.
 * Unknown or deliberately unindexed streams → undefined.
 */
export function parseOsvEcosystem(value: string): ParsedEcosystem | undefined {
  const key = toEcosystemKey(value);
  if (!key) return undefined;
  return key.release ? { ecosystem: key.family, release: key.release } : { ecosystem: key.family };
}

/** Data for {@link createMemoryLookup}. */
export interface MemoryLookupData {
  advisories: Advisory[];
  kev?: KevEntry[];
  epss?: EpssScore[];
  /** Releases the "database" knows, per family; merged with the releases named by the advisories. */
  releases?: Partial<Record<EcosystemFamily, string[]>>;
}

function sameName(ecosystem: EcosystemFamily, a: string, b: string): boolean {
  if (ecosystem === 'pypi') return normalizePypiName(a) === normalizePypiName(b);
  // NuGet ids and Packagist names are case-insensitive in their registries.
  if (ecosystem === 'nuget' || ecosystem === 'packagist') return a.toLowerCase() === b.toLowerCase();
  return a === b;
}

function isMalicious(a: Advisory): boolean {
  return a.malicious === true || a.id.startsWith('MAL-');
}

/**
 * Build an in-memory lookup. Withdrawn records are dropped; `byPackage` leaves malicious records to
 * `maliciousByPackage`, like the store.
 * @example createMemoryLookup({ advisories: [adv] }).byPackage({ ecosystem: 'npm', name: 'lodash' })
 */
export function createMemoryLookup(data: MemoryLookupData): AdvisoryLookup {
  const live = data.advisories.filter((a) => !a.withdrawn);
  const releases = new Map<EcosystemFamily, Set<string>>();
  for (const [eco, list] of Object.entries(data.releases ?? {})) {
    releases.set(eco as EcosystemFamily, new Set(list));
  }
  for (const a of live) {
    for (const p of a.affected) {
      const e = parseOsvEcosystem(p.ecosystem);
      if (e?.release === undefined) continue;
      const set = releases.get(e.ecosystem) ?? new Set<string>();
      set.add(e.release);
      releases.set(e.ecosystem, set);
    }
  }
  function select(q: PackageQuery, malicious: boolean): Advisory[] {
    const out: Advisory[] = [];
    for (const a of live) {
      if (isMalicious(a) !== malicious) continue;
      const affected = a.affected.filter((p) => {
        const e = parseOsvEcosystem(p.ecosystem);
        return e !== undefined && e.ecosystem === q.ecosystem && e.release === q.release && sameName(q.ecosystem, p.name, q.name);
      });
      if (affected.length > 0) out.push({ ...a, affected });
    }
    return out;
  }
  return {
    byPackage: (q) => select(q, false),
    maliciousByPackage: (q) => select(q, true),
    byId: (id) => live.filter((a) => a.id === id || a.aliases.includes(id)).map((a) => ({ ...a, affected: [] })),
    kev: (cve) => data.kev?.find((k) => k.cve === cve),
    epss: (cve) => data.epss?.find((e) => e.cve === cve),
    releases: (ecosystem) => [...(releases.get(ecosystem) ?? [])].sort(),
  };
}
