/**
 * Find the advisory entries that apply to one package version: the step shared by the distro and language matchers.
 * A version that does not parse, or a missing scheme, gives "not evaluated" hits — never a guessed ordering.
 */
import type { Advisory } from '../model/index.js';
import type { VersionScheme } from '../versioning/types.js';
import type { AdvisoryLookup, PackageQuery } from '../vulndb/types.js';
import type { NotEvaluatedCode } from './errors.js';
import { evaluateAffected } from './osv-range.js';
import type { Hit } from './types.js';

/** The statuses that are reported as they are (the distro says why no fix is coming). */
const LABELS = new Set(['wont_fix', 'no_dsa', 'ignored', 'postponed', 'end_of_life', 'needs_triage']);

function hitsOf(
  advisories: readonly Advisory[],
  kind: Hit['kind'],
  version: string,
  scheme: VersionScheme | undefined,
  schemeProblem: { code: NotEvaluatedCode; message: string } | undefined,
): Hit[] {
  const hits: Hit[] = [];
  for (const advisory of advisories) {
    for (const entry of advisory.affected) {
      if (entry.status === 'not_affected') continue;
      const label = entry.status && LABELS.has(entry.status) ? entry.status : undefined;
      const base = { kind, advisory, entry };
      if (!scheme || schemeProblem) {
        hits.push({ ...base, status: label ?? 'affected', notEvaluated: schemeProblem });
        continue;
      }
      const verdict = evaluateAffected(scheme, version, entry);
      if (verdict.kind === 'not_affected') continue;
      if (verdict.kind === 'not_evaluated') {
        hits.push({ ...base, status: label ?? 'affected', notEvaluated: { code: verdict.code, message: verdict.message } });
      } else if (verdict.fixed !== undefined) {
        hits.push({ ...base, status: 'fixed', fixedVersion: verdict.fixed });
      } else {
        hits.push({ ...base, status: label ?? 'affected' });
      }
    }
  }
  return hits;
}

/**
 * The hits of one package: vulnerability records from `lookup.byPackage` and, when `malicious` is set,
 * malicious-package records from `lookup.maliciousByPackage`.
 */
export function collectHits(
  lookup: AdvisoryLookup,
  query: PackageQuery,
  version: string,
  scheme: VersionScheme | undefined,
  schemeId: string,
  malicious: boolean,
): Hit[] {
  let problem: { code: NotEvaluatedCode; message: string } | undefined;
  if (!scheme) {
    problem = { code: 'NO_VERSION_SCHEME', message: `no version scheme '${schemeId}' is registered` };
  } else if (!scheme.isValid(version)) {
    problem = { code: 'INVALID_VERSION', message: `installed version ${JSON.stringify(version)} is not a valid ${scheme.id} version` };
  }
  // Malicious records reach us through their own query; skip any that a store returns from byPackage too.
  const vulns = lookup.byPackage(query).filter((a) => a.malicious !== true && !a.id.startsWith('MAL-'));
  const hits = hitsOf(vulns, 'vulnerability', version, scheme, problem);
  if (malicious) hits.push(...hitsOf(lookup.maliciousByPackage(query), 'malicious', version, scheme, problem));
  return hits;
}
