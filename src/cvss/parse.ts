/** Parsing, validation and canonical formatting of CVSS vector strings (all versions). */
import { CvssError } from './errors.js';
import { CVSS2_METRICS, CVSS3_METRICS, CVSS4_METRICS, notDefinedValue } from './metrics.js';
import type { CvssVersion, MetricDefinition, MetricGroup, MetricValues, ParsedCvss } from './types.js';

/** Options of {@link parseCvss}. */
export interface ParseOptions {
  /**
   * Accept what the specifications only recommend against, as RedHat's `cvss` library does: v2 and v4 metrics
   * in any order, and v2 temporal/environmental groups with some metrics left out (they count as ND).
   * Unknown, duplicate, missing base metrics and bad values are rejected in both modes. Default false.
   */
  readonly lenient?: boolean;
}

interface VersionRules {
  readonly metrics: readonly MetricDefinition[];
  /** Strict mode: metrics must come in specification order. */
  readonly ordered: boolean;
  /** Strict mode: a group given at all must be given whole. */
  readonly wholeGroups: readonly MetricGroup[];
}

const RULES: Readonly<Record<CvssVersion, VersionRules>> = {
  // v2 guide section 2.4: the vector lists the metrics "in a predetermined order", and a temporal or
  // environmental metric not used is written as ND, so a group appears whole or not at all.
  '2.0': { metrics: CVSS2_METRICS, ordered: true, wholeGroups: ['temporal', 'environmental'] },
  // v3.0/v3.1 section 6: only the base metrics are mandatory; the order of Table 15 is the preferred one, and
  // vectors in other orders are read (RedHat's library and NVD data do so), then written back canonically.
  '3.0': { metrics: CVSS3_METRICS, ordered: false, wholeGroups: [] },
  '3.1': { metrics: CVSS3_METRICS, ordered: false, wholeGroups: [] },
  // v4.0 section 7: metrics are written in the order of Table 23 (claircore rejects other orders); non-base
  // metrics may be omitted, which means X.
  '4.0': { metrics: CVSS4_METRICS, ordered: true, wholeGroups: [] },
};

const PREFIXED_VERSIONS: readonly string[] = ['3.0', '3.1', '4.0'];

/** `KEY:VALUE` with letters only: anything else (empty parts, `A-N`, `A:C?x=1`) is malformed. */
const METRIC_PART = /^([A-Za-z]+):([A-Za-z]+)$/;

/** The metric definitions of a version, in canonical order. */
export function metricsOf(version: CvssVersion): readonly MetricDefinition[] {
  return RULES[version].metrics;
}

function splitVersion(vector: string): { version: CvssVersion; body: string } {
  if (!vector.startsWith('CVSS')) return { version: '2.0', body: vector };
  if (!vector.startsWith('CVSS:')) throw new CvssError(vector, 'BAD_PREFIX', 'the prefix must be CVSS:<version>/');
  const slash = vector.indexOf('/');
  const version = vector.slice('CVSS:'.length, slash === -1 ? undefined : slash);
  // v2 vectors have no prefix (v2 guide section 2.4), so "CVSS:2.0/" is not a v2 vector.
  if (!PREFIXED_VERSIONS.includes(version)) {
    throw new CvssError(vector, 'UNSUPPORTED_VERSION', `unsupported version ${JSON.stringify(version)}`);
  }
  if (slash === -1) throw new CvssError(vector, 'MISSING_METRIC', 'no metrics after the prefix');
  return { version: version as CvssVersion, body: vector.slice(slash + 1) };
}

/**
 * Parse and validate a CVSS v2, v3.0, v3.1 or v4.0 vector string.
 *
 * @throws {CvssError} code `INVALID_VECTOR` with a `reason`: a bad or unsupported prefix, a part that is not
 *   `METRIC:VALUE`, an unknown or duplicate metric, a value the metric does not have, a missing base metric,
 *   and (unless `lenient`) metrics out of specification order (v2, v4) or a partial v2 temporal/environmental group.
 * @example
 * ```ts
 * const parsed = parseCvss('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H');
 * parsed.version; // '3.1'
 * parsed.metrics.AV; // 'N'
 * ```
 */
export function parseCvss(vector: string, options: ParseOptions = {}): ParsedCvss {
  if (typeof vector !== 'string' || vector === '') throw new CvssError(String(vector), 'EMPTY', 'empty vector');
  const { version, body } = splitVersion(vector);
  const rules = RULES[version];
  const byKey = new Map(rules.metrics.map((m, index) => [m.key, { m, index }]));
  const metrics: Record<string, string> = {};
  let lastIndex = -1;
  for (const part of body.split('/')) {
    const match = METRIC_PART.exec(part);
    if (!match) throw new CvssError(vector, 'MALFORMED_METRIC', `${JSON.stringify(part)} is not METRIC:VALUE`);
    const [, key = '', value = ''] = match;
    const found = byKey.get(key);
    if (!found) throw new CvssError(vector, 'UNKNOWN_METRIC', `unknown metric ${key} for CVSS ${version}`);
    if (Object.hasOwn(metrics, key)) throw new CvssError(vector, 'DUPLICATE_METRIC', `metric ${key} appears twice`);
    if (!found.m.values.includes(value)) {
      throw new CvssError(vector, 'INVALID_VALUE', `${key} cannot be ${value} (allowed: ${found.m.values.join(', ')})`);
    }
    if (rules.ordered && !options.lenient && found.index < lastIndex) {
      throw new CvssError(vector, 'WRONG_ORDER', `metric ${key} is out of the specification's order`);
    }
    lastIndex = Math.max(lastIndex, found.index);
    metrics[key] = value;
  }
  const missing = rules.metrics.filter((m) => m.group === 'base' && !Object.hasOwn(metrics, m.key));
  if (missing.length > 0) {
    throw new CvssError(vector, 'MISSING_METRIC', `missing base metric(s) ${missing.map((m) => m.key).join(', ')}`);
  }
  if (!options.lenient) {
    for (const group of rules.wholeGroups) {
      const members = rules.metrics.filter((m) => m.group === group);
      const given = members.filter((m) => Object.hasOwn(metrics, m.key));
      if (given.length > 0 && given.length < members.length) {
        const absent = members.filter((m) => !Object.hasOwn(metrics, m.key)).map((m) => m.key);
        throw new CvssError(vector, 'INCOMPLETE_GROUP', `${group} metrics given without ${absent.join(', ')}`);
      }
    }
  }
  const frozen: MetricValues = Object.freeze(metrics);
  return Object.freeze({ version, metrics: frozen, vector: formatMetrics(version, frozen, {}) }) as ParsedCvss;
}

/**
 * Like {@link parseCvss}, but returns `undefined` for an invalid vector instead of throwing.
 *
 * @example
 * ```ts
 * tryParseCvss('AV:N/AC:L'); // undefined
 * ```
 */
export function tryParseCvss(vector: string, options: ParseOptions = {}): ParsedCvss | undefined {
  try {
    return parseCvss(vector, options);
  } catch (error) {
    if (error instanceof CvssError) return undefined;
    throw error;
  }
}

/** Options of {@link formatCvss}. */
export interface FormatOptions {
  /** Leave out metrics whose value is Not Defined (X, or ND in v2). Default false: keep what was given. */
  readonly omitNotDefined?: boolean;
}

function formatMetrics(version: CvssVersion, metrics: MetricValues, options: FormatOptions): string {
  const notDefined = notDefinedValue(version);
  const parts: string[] = [];
  for (const { key } of RULES[version].metrics) {
    const value = metrics[key];
    if (value === undefined || (options.omitNotDefined && value === notDefined)) continue;
    parts.push(`${key}:${value}`);
  }
  return version === '2.0' ? parts.join('/') : [`CVSS:${version}`, ...parts].join('/');
}

/**
 * The canonical vector string of a parsed vector: the prefix (none for v2), then its metrics in the
 * specification's order. A canonical vector formats back to itself.
 *
 * @example
 * ```ts
 * formatCvss(parseCvss('CVSS:3.1/S:U/AV:N/AC:L/PR:N/UI:N/C:H/I:H/A:H/E:X'), { omitNotDefined: true });
 * // 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'
 * ```
 */
export function formatCvss(parsed: ParsedCvss, options: FormatOptions = {}): string {
  return formatMetrics(parsed.version, parsed.metrics, options);
}
