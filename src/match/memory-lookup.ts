/**
 * An `AdvisoryLookup` over arrays, for tests (matching's own, the peer fixtures and the scan tests). It reads the
 * OSV ecosystem strings of `Advisory.affected` the way the store does (see src/vulndb/types.ts).
 */
import type { Advisory, EpssScore, KevEntry } from '../model/index.js';
import type { AdvisoryLookup, EcosystemFamily, PackageQuery } from '../vulndb/types.js';
import { normalizePypiName } from './language.js';

/** An OSV ecosystem string split into Drydock's family and release. */
export interface ParsedEcosystem {
  ecosystem: EcosystemFamily;
  release?: string;
}

const LANGUAGE_ECOSYSTEMS: Record<string, EcosystemFamily> = {
  'crates.io': 'crates.io',
  Go: 'go',
  Hex: 'hex',
  Maven: 'maven',
  npm: 'npm',
  NuGet: 'nuget',
  Packagist: 'packagist',
  Pub: 'pub',
  PyPI: 'pypi',
  RubyGems: 'rubygems',
};

/**
 * Read an OSV ecosystem string ('Debian:12', 'Alpine:v3.20', 'Ubuntu:Pro:22.04:LTS',
 * 'Red Hat:enterprise_linux:9::appstream', 'Rocky Linux:9', 'AlmaLinux:9', 'PyPI', …). Unknown → undefined.
 * See https://ossf.github.io/osv-schema/#affectedpackage-field for the list.
 */
export function parseOsvEcosystem(value: string): ParsedEcosystem | undefined {
  const lang = LANGUAGE_ECOSYSTEMS[value];
  if (lang) return { ecosystem: lang };
  const [head = '', ...rest] = value.split(':');
  const tail = rest.join(':');
  switch (head) {
    case 'Debian':
      return { ecosystem: 'debian', release: tail.split('.')[0] };
    case 'Alpine':
      return { ecosystem: 'alpine', release: tail.replace(/^v/, '') };
    case 'Ubuntu': {
      const m = /\d+\.\d+/.exec(tail);
      return m ? { ecosystem: 'ubuntu', release: m[0] } : undefined;
    }
    case 'Red Hat': {
      const m = /(?:^|:)(\d+)(?:[.:]|$)/.exec(tail);
      return m ? { ecosystem: 'redhat', release: m[1] } : undefined;
    }
    case 'Rocky Linux':
      return { ecosystem: 'rocky', release: tail.split('.')[0] };
    case 'AlmaLinux':
      return { ecosystem: 'almalinux', release: tail.split('.')[0] };
    default:
      return undefined;
  }
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
    byId: (id) => live.filter((a) => a.id === id || a.aliases.includes(id)),
    kev: (cve) => data.kev?.find((k) => k.cve === cve),
    epss: (cve) => data.epss?.find((e) => e.cve === cve),
    releases: (ecosystem) => [...(releases.get(ecosystem) ?? [])].sort(),
  };
}
