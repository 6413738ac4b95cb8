/**
 * OSV ecosystem strings → (family, release) index keys, and package-name normalisation for the index.
 * Ecosystem names: https://ossf.github.io/osv-schema/#affectedpackage-field and
 * https://osv-vulnerabilities.storage.googleapis.com/ecosystems.txt
 */
import type { EcosystemFamily } from './types.js';

export interface EcosystemKey {
  family: EcosystemFamily;
  /** Distro release ('12', '3.20', '22.04', '9'); '' for language ecosystems. */
  release: string;
}

const LANGUAGE: Record<string, EcosystemFamily> = {
  'crates.io': 'crates.io',
  Go: 'go',
  Hex: 'hex',
  Julia: 'julia',
  Maven: 'maven',
  npm: 'npm',
  NuGet: 'nuget',
  Packagist: 'packagist',
  Pub: 'pub',
  PyPI: 'pypi',
  RubyGems: 'rubygems',
};

/**
 * Map an OSV ecosystem string to the index key, or `undefined` for ecosystems and streams we do not index.
 * Ubuntu Pro's ESM pockets get a release of their own ('18.04-ESM'), read only for images with ESM enabled; the FIPS
 * streams and Red Hat EUS/AUS/SAP streams are left out on purpose: their fixes do not reach a plain image of that
 * release, so indexing them under the release would hide real findings.
 * @example toEcosystemKey('Alpine:v3.20') // { family: 'alpine', release: '3.20' }
 */
export function toEcosystemKey(ecosystem: string): EcosystemKey | undefined {
  // The build asks for the same few hundred strings millions of times.
  if (keyCache.has(ecosystem)) return keyCache.get(ecosystem);
  const key = computeKey(ecosystem);
  if (keyCache.size < 10_000) keyCache.set(ecosystem, key);
  return key;
}

const keyCache = new Map<string, EcosystemKey | undefined>();

function computeKey(ecosystem: string): EcosystemKey | undefined {
  const lang = LANGUAGE[ecosystem];
  if (lang) return { family: lang, release: '' };
  const parts = ecosystem.split(':');
  const [head, second] = parts;
  switch (head) {
    case 'Debian':
      return second && /^\d+$/.test(second) && parts.length === 2 ? { family: 'debian', release: second } : undefined;
    case 'Alpine': {
      const m = /^v(\d+\.\d+)$/.exec(second ?? '');
      return m && parts.length === 2 ? { family: 'alpine', release: m[1]! } : undefined;
    }
    case 'Ubuntu': {
      // 'Ubuntu:22.04', 'Ubuntu:22.04:LTS'; 'Ubuntu:Pro:18.04:LTS' is the ESM pockets (Ubuntu Pro), release '18.04-ESM'.
      // Other Pro streams ('Ubuntu:Pro:FIPS:…') apply only to images that run them: left out.
      if (second === 'Pro') {
        const pro = /^(\d+\.\d+)$/.exec(parts[2] ?? '');
        return pro && parts.length === 4 && parts[3] === 'LTS' ? { family: 'ubuntu', release: `${pro[1]!}-ESM` } : undefined;
      }
      const m = /^(\d+\.\d+)$/.exec(second ?? '');
      return m && (parts.length === 2 || (parts.length === 3 && parts[2] === 'LTS')) ? { family: 'ubuntu', release: m[1]! } : undefined;
    }
    case 'Red Hat': {
      // 'Red Hat:enterprise_linux:9::appstream' (CPE-like product:version::stream).
      const m = /^(\d+)(?:\.\d+)?$/.exec(parts[2] ?? '');
      return second === 'enterprise_linux' && m ? { family: 'redhat', release: m[1]! } : undefined;
    }
    case 'AlmaLinux':
      return second && /^\d+$/.test(second) ? { family: 'almalinux', release: second } : undefined;
    case 'Rocky Linux':
      return second && /^\d+$/.test(second) ? { family: 'rocky', release: second } : undefined;
    default:
      return undefined;
  }
}

/**
 * The name as the index keys it: PyPI names normalised per PEP 503 (https://peps.python.org/pep-0503/#normalized-names),
 * everything else exact (npm and Maven names are case-sensitive as published; distro source names are lower-case).
 */
export function normalisePackageName(family: EcosystemFamily, name: string): string {
  if (family === 'pypi') return name.toLowerCase().replace(/[-_.]+/g, '-');
  return name;
}
