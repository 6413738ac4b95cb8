/** The explicit, alphabetical map of advisory feeds. `--sources` takes these ids (and 'osv' for every osv-* feed). */
import { alpineSecdbFeed } from './alpine-secdb/index.js';
import { epssFeed } from './epss/index.js';
import { kevFeed } from './kev/index.js';
import { nvdFeed } from './nvd/index.js';
import { makeOsvFeed, osvMaliciousFeed } from './osv/index.js';
import type { Feed } from './types.js';
import { ubuntuUctFeed } from './ubuntu-uct/index.js';

export const feeds = {
  'alpine-secdb': alpineSecdbFeed,
  epss: epssFeed,
  kev: kevFeed,
  nvd: nvdFeed,
  'osv-almalinux': makeOsvFeed('almalinux'),
  'osv-alpine': makeOsvFeed('alpine'),
  'osv-crates-io': makeOsvFeed('crates-io'),
  'osv-debian': makeOsvFeed('debian'),
  'osv-go': makeOsvFeed('go'),
  'osv-hex': makeOsvFeed('hex'),
  'osv-julia': makeOsvFeed('julia'),
  'osv-malicious': osvMaliciousFeed,
  'osv-maven': makeOsvFeed('maven'),
  'osv-npm': makeOsvFeed('npm'),
  'osv-nuget': makeOsvFeed('nuget'),
  'osv-packagist': makeOsvFeed('packagist'),
  'osv-pub': makeOsvFeed('pub'),
  'osv-pypi': makeOsvFeed('pypi'),
  'osv-redhat': makeOsvFeed('redhat'),
  'osv-rocky': makeOsvFeed('rocky'),
  'osv-rubygems': makeOsvFeed('rubygems'),
  'osv-ubuntu': makeOsvFeed('ubuntu'),
  'ubuntu-uct': ubuntuUctFeed,
} as const satisfies Record<string, Feed>;

export type FeedId = keyof typeof feeds;

/** The feed for an id, or undefined (an unknown id is never replaced by another feed). */
export function getFeed(id: string): Feed | undefined {
  return Object.hasOwn(feeds, id) ? feeds[id as FeedId] : undefined;
}

/**
 * Resolve a `--sources` list: comma-separated ids, 'osv' (every osv-* feed), 'all'; empty = the default feeds.
 * Returns the unknown names separately so the caller can report them.
 */
export function selectFeeds(list: string | undefined): { selected: Feed[]; unknown: string[] } {
  const all = Object.values(feeds) as Feed[];
  if (!list?.trim()) return { selected: all.filter((f) => f.defaultEnabled), unknown: [] };
  const chosen = new Set<Feed>();
  const unknown: string[] = [];
  for (const raw of list.split(',').map((s) => s.trim()).filter(Boolean)) {
    if (raw === 'all') all.forEach((f) => chosen.add(f));
    else if (raw === 'osv') all.filter((f) => f.id.startsWith('osv-') && f.id !== 'osv-malicious').forEach((f) => chosen.add(f));
    else {
      const f = getFeed(raw);
      if (f) chosen.add(f); else unknown.push(raw);
    }
  }
  return { selected: all.filter((f) => chosen.has(f)), unknown };
}
