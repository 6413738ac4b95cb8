/**
 * The canonical form of a scan result every scan report starts from: findings in report order (by package, then
 * most severe, then id), suppressed and not-scanned entries sorted the same way, ratings, aliases, CWEs and data
 * sources sorted, object keys in the documented order, `undefined` fields dropped. Warnings keep their order
 * (the pipeline emits them in a meaningful sequence) but lose exact duplicates. Nothing else is dropped.
 */
import { SEVERITY_ORDER, type CheckFinding, type Finding, type NotScanned, type ScanResult, type SeverityRating, type Suppressed } from '../../../model/index.js';
import { canonicalizeInventory } from '../../canonical-inventory.js';
import { ReportError } from '../../errors.js';
import { orderKeys as orderKeysOf } from '../../json-order.js';
import { compareStrings } from '../../package-order.js';

/** The shared key ordering, typed loosely here: this module reorders plain records. */
function orderKeys(obj: object, order: readonly string[], fn: Record<string, (v: never) => unknown> = {}): Record<string, unknown> {
  return orderKeysOf(obj as Record<string, unknown>, order, fn);
}
import { VulnReportError } from '../errors.js';
import { compareFindingsByPackage } from '../facts.js';


const FINDING_KEYS = [
  'kind', 'id', 'aliases', 'package', 'status', 'fixedVersion', 'severity', 'severitySource', 'ratings', 'epss', 'kev',
  'title', 'description', 'references', 'cwes', 'dataSources', 'notEvaluated',
];
const PACKAGE_KEYS = ['type', 'name', 'version', 'purl', 'location', 'layer', 'sourceName', 'sourceVersion'];
const LAYER_KEYS = ['index', 'diffId', 'digest', 'createdBy'];
const RATING_KEYS = ['source', 'severity', 'cvss'];

function compareRatings(a: SeverityRating, b: SeverityRating): number {
  return (
    compareStrings(a.source, b.source) ||
    compareStrings(a.cvss?.version ?? '', b.cvss?.version ?? '') ||
    compareStrings(a.cvss?.vector ?? '', b.cvss?.vector ?? '') ||
    compareStrings(a.severity ?? '', b.severity ?? '')
  );
}

const sortedStrings = (v: string[]): string[] => [...new Set(v)].sort(compareStrings);

function canonicalFinding(f: Finding): Finding {
  return orderKeys(f, FINDING_KEYS, {
    aliases: sortedStrings,
    package: (p: Finding['package']) => orderKeys(p, PACKAGE_KEYS, { layer: (l: object) => orderKeys(l, LAYER_KEYS) }),
    ratings: (r: SeverityRating[]) => [...r].sort(compareRatings).map((x) => orderKeys(x, RATING_KEYS, { cvss: (c: object) => orderKeys(c, ['version', 'vector', 'score']) })),
    epss: (e: object) => orderKeys(e, ['cve', 'score', 'percentile', 'date']),
    kev: (k: object) => orderKeys(k, ['cve', 'dateAdded', 'dueDate', 'knownRansomwareCampaignUse', 'vendorProject', 'product']),
    cwes: sortedStrings,
    dataSources: sortedStrings,
    // References keep their order: the first is the one reports link to.
    references: (r: string[]) => [...new Set(r)],
  }) as unknown as Finding;
}

const CHECK_KEYS = ['kind', 'ruleId', 'severity', 'title', 'message', 'advice', 'path', 'line', 'layer', 'deleted', 'deletedInLayer', 'match', 'references'];

/** Checks in report order: secrets first, most severe first, then rule, path and line. */
export function compareChecks(a: CheckFinding, b: CheckFinding): number {
  return (
    compareStrings(b.kind, a.kind) ||
    SEVERITY_ORDER.indexOf(b.severity) - SEVERITY_ORDER.indexOf(a.severity) ||
    compareStrings(a.ruleId, b.ruleId) ||
    compareStrings(a.path ?? '', b.path ?? '') ||
    (a.line ?? 0) - (b.line ?? 0)
  );
}

function compareNotScanned(a: NotScanned, b: NotScanned): number {
  return (
    compareStrings(a.reason, b.reason) ||
    compareStrings(a.package.type, b.package.type) ||
    compareStrings(a.package.name, b.package.name) ||
    compareStrings(a.package.version, b.package.version) ||
    compareStrings(a.package.location, b.package.location) ||
    compareStrings(a.package.purl, b.package.purl)
  );
}

/**
 * The canonical copy of a scan result (see the module comment); the input is not changed.
 * @throws {VulnReportError} `INVALID_SCAN_RESULT` when the inventory's `createdAt` is not a date.
 * @example canonicalizeScanResult(result).findings[0] // the first finding in report order
 */
export function canonicalizeScanResult(result: ScanResult): ScanResult {
  let inventory;
  try {
    inventory = canonicalizeInventory(result.inventory);
  } catch (e) {
    if (e instanceof ReportError) throw new VulnReportError('INVALID_SCAN_RESULT', e.message, { cause: e });
    throw e;
  }
  const suppressed = [...result.suppressed]
    .sort((a, b) => compareFindingsByPackage(a.finding, b.finding) || compareStrings(a.by, b.by) || compareStrings(a.reason, b.reason))
    .map((s) => orderKeys(s, ['finding', 'by', 'reason', 'justification'], { finding: canonicalFinding }) as unknown as Suppressed);
  return orderKeys(result, ['schema', 'inventory', 'findings', 'suppressed', 'notScanned', 'warnings', 'checks', 'risk', 'database'], {
    checks: (c: CheckFinding[]) => [...c].sort(compareChecks).map((x) => orderKeys(x, CHECK_KEYS)),
    inventory: () => inventory,
    findings: (f: Finding[]) => [...f].sort(compareFindingsByPackage).map(canonicalFinding),
    suppressed: () => suppressed,
    notScanned: (n: NotScanned[]) =>
      [...n].sort(compareNotScanned).map((x) => orderKeys(x, ['package', 'reason', 'detail'], { package: (p: object) => orderKeys(p, ['type', 'name', 'version', 'purl', 'location']) })),
    warnings: (w: string[]) => [...new Set(w)],
    risk: (r: object) => orderKeys(r, ['score', 'explanation'], { explanation: (e: string[]) => [...e] }),
    database: (d: { sources: { id: string }[] }) =>
      orderKeys(d, ['builtAt', 'sources'], {
        sources: (s: { id: string }[]) => [...s].sort((a, b) => compareStrings(a.id, b.id)).map((x) => orderKeys(x, ['id', 'fetchedAt', 'records'])),
      }),
  }) as unknown as ScanResult;
}
