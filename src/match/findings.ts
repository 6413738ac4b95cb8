/**
 * Turn the hits of one package into findings: one per vulnerability, where hits that share an id or an alias
 * (CVE, GHSA, PYSEC, DSA, USN, DEBIAN-CVE-…) are the same vulnerability. Ratings, EPSS and KEV are attached here.
 */
import type { Advisory, AffectedStatus, EpssScore, Finding, FindingPackage, KevEntry, Package, SeverityRating } from '../model/index.js';
import type { AdvisoryLookup } from '../vulndb/types.js';
import type { Hit } from './types.js';
import { chooseSeverity, collectRatings } from './severity.js';

const CVE_RE = /^CVE-\d{4}-\d+$/;

/**
 * The ids a record answers to: its id, its aliases, and the CVE inside the newer prefixed ids
 * (DEBIAN-CVE-2024-1234, ALPINE-CVE-…, UBUNTU-CVE-…), which OSV does not always list as an alias.
 */
export function idsOf(a: Advisory): string[] {
  const ids = [a.id, ...a.aliases];
  const m = /^[A-Z]+-(CVE-\d{4}-\d+)$/.exec(a.id);
  if (m?.[1]) ids.push(m[1]);
  return [...new Set(ids)];
}

/** A hit with the ids it answers to (one CVE at most: see {@link splitErrata}). */
interface KeyedHit {
  hit: Hit;
  ids: string[];
  /** Ids shown as aliases of the finding but not used to key or join it (a CVE record's CVE aliases). */
  extraAliases?: string[];
}

/** The CVE a record stands for when its own id is one: CVE-… or a prefixed DEBIAN-CVE-… / ALPINE-CVE-…. */
function ownCve(id: string): string | undefined {
  if (CVE_RE.test(id)) return id;
  const m = /^[A-Z]+-(CVE-\d{4}-\d+)$/.exec(id);
  return m?.[1];
}

/**
 * A record naming several CVEs is an erratum (RHSA, DSA, USN, ALSA …) covering several vulnerabilities: split it
 * into one keyed hit per CVE, each keeping the erratum's own id as an alias.
 */
function splitErrata(hits: readonly Hit[]): KeyedHit[] {
  return hits.flatMap((hit) => {
    const ids = idsOf(hit.advisory);
    const cves = ids.filter((x) => CVE_RE.test(x));
    if (cves.length <= 1) return [{ hit, ids }];
    const others = ids.filter((x) => !CVE_RE.test(x));
    // A record whose own id is a CVE stands for that CVE only (CVE-2023-4863 aliasing the rejected duplicate
    // CVE-2023-5129 is one vulnerability). Its other CVEs stay visible as aliases but neither make findings of
    // their own nor join groups — records of two CVEs that alias each other (CVE-2019-9512/-9514) stay apart.
    const own = ownCve(hit.advisory.id);
    if (own) return [{ hit, ids: [own, ...others], extraAliases: cves.filter((c) => c !== own) }];
    return cves.map((cve) => ({ hit, ids: [cve, ...others] }));
  });
}

/**
 * Group hits whose id sets overlap (union–find over ids), never joining two groups that name different CVEs: an
 * erratum id shared by two CVEs must not make them one vulnerability. Groups keep the order of their first hit.
 */
function groupHits(hits: readonly KeyedHit[]): KeyedHit[][] {
  const parent = hits.map((_, i) => i);
  const cvesOf = hits.map((h) => new Set(h.ids.filter((x) => CVE_RE.test(x))));
  const find = (i: number): number => {
    let r = i;
    while (parent[r] !== r) r = parent[r] ?? r;
    return r;
  };
  const owner = new Map<string, number[]>();
  hits.forEach((h, i) => {
    for (const id of h.ids) {
      const seen = owner.get(id) ?? [];
      for (const j of seen) {
        const a = find(i);
        const b = find(j);
        if (a === b) continue;
        const ca = cvesOf[a] ?? new Set<string>();
        const cb = cvesOf[b] ?? new Set<string>();
        if (ca.size > 0 && cb.size > 0 && ![...ca].some((c) => cb.has(c))) continue;
        const [lo, hi] = a < b ? [a, b] : [b, a];
        parent[hi] = lo;
        cvesOf[lo] = new Set([...ca, ...cb]);
      }
      seen.push(i);
      owner.set(id, seen);
    }
  });
  const groups = new Map<number, KeyedHit[]>();
  hits.forEach((h, i) => {
    const root = find(i);
    const g = groups.get(root) ?? [];
    g.push(h);
    groups.set(root, g);
  });
  return [...groups.values()];
}

/** Status precedence when merged records disagree: a known fix first, then the most actionable label. */
const STATUS_ORDER: Exclude<AffectedStatus, 'not_affected'>[] = [
  'fixed',
  'affected',
  'needs_triage',
  'postponed',
  'no_dsa',
  'ignored',
  'wont_fix',
  'end_of_life',
];

/** Context of the package being matched. */
export interface FindingContext {
  /** The distro source id whose severity ranks first ('debian', 'ubuntu', 'alpine', 'redhat', …). */
  vendor?: string;
  sourceName?: string;
  sourceVersion?: string;
  /** Orders fixed versions in the package's scheme (the highest fix across records is reported). */
  compare?: (a: string, b: string) => number;
}

function findingPackage(pkg: Package, ctx: FindingContext): FindingPackage {
  const out: FindingPackage = {
    type: pkg.type,
    name: pkg.name,
    version: pkg.version,
    purl: pkg.purl,
    location: pkg.locations[0] ?? '',
  };
  if (pkg.layer) out.layer = pkg.layer;
  if (ctx.sourceName !== undefined) out.sourceName = ctx.sourceName;
  if (ctx.sourceVersion !== undefined) out.sourceVersion = ctx.sourceVersion;
  return out;
}

function maxFixed(fixes: string[], compare?: (a: string, b: string) => number): string | undefined {
  let best: string | undefined;
  for (const f of fixes) {
    if (best === undefined) best = f;
    else if (compare) {
      try {
        if (compare(f, best) > 0) best = f;
      } catch {
        // Fix versions were compared while matching; an unparsable one cannot reach here, keep the first.
      }
    }
  }
  return best;
}

function primaryId(ids: readonly string[]): string {
  return ids.find((id) => CVE_RE.test(id)) ?? ids[0] ?? '';
}

/** Build one finding per vulnerability from one package's hits. */
export function buildFindings(pkg: Package, hits: readonly Hit[], lookup: AdvisoryLookup, ctx: FindingContext): Finding[] {
  const out: Finding[] = [];
  for (const keyed of groupHits(splitErrata(hits))) {
    const group = keyed.map((k) => k.hit);
    const advisories = [...new Map(group.map((h) => [h.advisory.id + '\0' + h.advisory.source, h.advisory])).values()];
    const keyIds = [...new Set(keyed.flatMap((k) => k.ids))];
    const ids = [...new Set([...keyIds, ...keyed.flatMap((k) => k.extraAliases ?? [])])];
    const id = primaryId(keyIds);
    const cves = keyIds.filter((x) => CVE_RE.test(x));
    // Other sources' records of the same vulnerability (NVD, GHSA …) add ratings, CWEs and text.
    const related = cves.flatMap((c) => lookup.byId(c)).filter((a) => !advisories.some((m) => m.id === a.id && m.source === a.source));
    const ratings: SeverityRating[] = [];
    for (const h of group) {
      if (h.entry.severity && ctx.vendor) ratings.push({ source: ctx.vendor, severity: h.entry.severity });
    }
    for (const a of [...advisories, ...related]) ratings.push(...a.severities);
    const kept = collectRatings(ratings);
    const evaluated = group.filter((h) => !h.notEvaluated);
    const malicious = group.some((h) => h.kind === 'malicious');
    const statusFrom = evaluated.length > 0 ? evaluated : group;
    const status = STATUS_ORDER.find((s) => statusFrom.some((h) => h.status === s)) ?? 'affected';
    const fixes = statusFrom.filter((h) => h.status === 'fixed' && h.fixedVersion).map((h) => h.fixedVersion ?? '');
    const chosen = malicious ? { severity: 'CRITICAL' as const, source: group[0]?.advisory.source ?? 'osv' } : chooseSeverity(kept, ctx.vendor);
    const finding: Finding = {
      kind: malicious ? 'malicious' : 'vulnerability',
      id,
      aliases: ids.filter((x) => x !== id).sort(),
      package: findingPackage(pkg, ctx),
      status,
      severity: chosen.severity,
      severitySource: chosen.source,
      ratings: kept,
      dataSources: [...new Set(advisories.map((a) => a.source))],
    };
    const fixed = status === 'fixed' ? maxFixed(fixes, ctx.compare) : undefined;
    if (fixed !== undefined) finding.fixedVersion = fixed;
    let kev: KevEntry | undefined;
    let epss: EpssScore | undefined;
    for (const c of cves) {
      kev ??= lookup.kev(c);
      const e = lookup.epss(c);
      if (e && (!epss || e.score > epss.score)) epss = e;
    }
    if (kev) finding.kev = kev;
    if (epss) finding.epss = epss;
    const text = [...advisories, ...related];
    const title = text.find((a) => a.summary)?.summary;
    if (title) finding.title = title;
    const description = text.find((a) => a.details)?.details;
    if (description) finding.description = description;
    const refs = [...new Set(text.flatMap((a) => a.references ?? []))];
    if (refs.length > 0) finding.references = refs;
    const cwes = [...new Set(text.flatMap((a) => a.cwes ?? []))];
    if (cwes.length > 0) finding.cwes = cwes;
    if (evaluated.length === 0) {
      const ne = group.find((h) => h.notEvaluated)?.notEvaluated;
      if (ne) finding.notEvaluated = { code: ne.code, message: ne.message };
    }
    out.push(finding);
  }
  return out;
}
