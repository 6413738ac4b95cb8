/**
 * OSV per-ecosystem exports (https://google.github.io/osv.dev/data/#data-dumps): one feed per ecosystem, all through
 * the generic OSV parser. See readme.md.
 */
import type { EcosystemFamily } from '../../types.js';
import type { Feed } from '../types.js';
import { loadOsv } from './fetch.js';

export const OSV_BUCKET = 'https://osv-vulnerabilities.storage.googleapis.com';

/** Feed id suffix → OSV ecosystem folder and the family it indexes. */
export const OSV_ECOSYSTEMS = {
  almalinux: { folder: 'AlmaLinux', family: 'almalinux', name: 'AlmaLinux' },
  alpine: { folder: 'Alpine', family: 'alpine', name: 'Alpine' },
  'crates-io': { folder: 'crates.io', family: 'crates.io', name: 'crates.io (RustSec)' },
  debian: { folder: 'Debian', family: 'debian', name: 'Debian' },
  go: { folder: 'Go', family: 'go', name: 'Go' },
  hex: { folder: 'Hex', family: 'hex', name: 'Hex' },
  julia: { folder: 'Julia', family: 'julia', name: 'Julia (JLSEC)' },
  maven: { folder: 'Maven', family: 'maven', name: 'Maven' },
  npm: { folder: 'npm', family: 'npm', name: 'npm' },
  nuget: { folder: 'NuGet', family: 'nuget', name: 'NuGet' },
  packagist: { folder: 'Packagist', family: 'packagist', name: 'Packagist' },
  pub: { folder: 'Pub', family: 'pub', name: 'Pub' },
  pypi: { folder: 'PyPI', family: 'pypi', name: 'PyPI' },
  redhat: { folder: 'Red Hat', family: 'redhat', name: 'Red Hat' },
  rocky: { folder: 'Rocky Linux', family: 'rocky', name: 'Rocky Linux' },
  rubygems: { folder: 'RubyGems', family: 'rubygems', name: 'RubyGems' },
  ubuntu: { folder: 'Ubuntu', family: 'ubuntu', name: 'Ubuntu' },
} as const satisfies Record<string, { folder: string; family: EcosystemFamily; name: string }>;

export type OsvFeedId = `osv-${keyof typeof OSV_ECOSYSTEMS}`;

/** The feed for one OSV ecosystem export. Malicious-package records (MAL-) are left to the osv-malicious feed. */
export function makeOsvFeed(key: keyof typeof OSV_ECOSYSTEMS): Feed {
  const eco = OSV_ECOSYSTEMS[key];
  const id = `osv-${key}`;
  return {
    id,
    displayName: `OSV ${eco.name}`,
    docs: 'https://ossf.github.io/osv-schema/',
    mirror: 'osv',
    upstream: OSV_BUCKET,
    defaultEnabled: true,
    tables: ['advisories'],
    run: (ctx) => loadOsv(ctx, { source: id, ecosystems: [eco.folder], families: familiesFor(eco.family), malicious: 'skip', localRoot: 'osv', optional: false }),
  };
}

const LANGUAGE_FAMILIES: readonly EcosystemFamily[] = ['crates.io', 'go', 'hex', 'julia', 'maven', 'npm', 'nuget', 'packagist', 'pub', 'pypi', 'rubygems'];

/**
 * A distro feed keeps only its own family's entries (the Debian export also carries Alpine entries, which the Alpine
 * feed has). A language feed keeps every language family: a GitHub advisory that affects both a Maven artifact and
 * a Go module can sit in one export only (CVE-2023-44487's golang.org/x/net entry is in the Maven export of the
 * shared data). The same record loaded from two exports is merged into one finding by id when matching.
 */
export function familiesFor(family: EcosystemFamily): ReadonlySet<EcosystemFamily> {
  return LANGUAGE_FAMILIES.includes(family) ? new Set(LANGUAGE_FAMILIES) : new Set([family]);
}

/** OpenSSF malicious packages, as contained in the OSV exports of the language ecosystems. */
export const osvMaliciousFeed: Feed = {
  id: 'osv-malicious',
  displayName: 'OSV malicious packages (OpenSSF MAL-)',
  docs: 'https://github.com/ossf/malicious-packages',
  mirror: 'osv-malicious',
  upstream: OSV_BUCKET,
  defaultEnabled: true,
  tables: ['advisories'],
  run: (ctx) => loadOsv(ctx, {
    source: 'osv-malicious',
    ecosystems: ['npm', 'PyPI', 'RubyGems', 'NuGet', 'crates.io', 'Go', 'Maven', 'Packagist'],
    families: new Set<EcosystemFamily>(['npm', 'pypi', 'rubygems', 'nuget', 'crates.io', 'go', 'maven', 'packagist']),
    malicious: 'only',
    localRoot: 'osv-malicious',
    optional: true,
  }),
};
