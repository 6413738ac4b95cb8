/** Shapes shared by the CVSS parser and the scorers. */

/** The CVSS versions Drydock reads. v2 vectors carry no prefix; the others start with `CVSS:<version>/`. */
export type CvssVersion = '2.0' | '3.0' | '3.1' | '4.0';

/** Metric groups of all versions (v2/v3: temporal; v4: threat and supplemental). */
export type MetricGroup = 'base' | 'temporal' | 'threat' | 'environmental' | 'supplemental';

/** One metric of a version's vector: abbreviation, group and the allowed values (abbreviated). */
export interface MetricDefinition {
  readonly key: string;
  readonly group: MetricGroup;
  readonly values: readonly string[];
}

/** Metric abbreviation → value abbreviation, as written in the vector. Absent metrics are not keys. */
export type MetricValues = Readonly<Record<string, string>>;

interface ParsedBase {
  /** The vector in canonical form: the version prefix, then the given metrics in specification order. */
  readonly vector: string;
  readonly metrics: MetricValues;
}

/** A parsed CVSS v2 vector (no prefix). */
export interface ParsedCvss2 extends ParsedBase {
  readonly version: '2.0';
}

/** A parsed CVSS v3.0 or v3.1 vector. */
export interface ParsedCvss3 extends ParsedBase {
  readonly version: '3.0' | '3.1';
}

/** A parsed CVSS v4.0 vector. */
export interface ParsedCvss4 extends ParsedBase {
  readonly version: '4.0';
}

/** A parsed vector, discriminated by `version`. */
export type ParsedCvss = ParsedCvss2 | ParsedCvss3 | ParsedCvss4;

/** Qualitative rating: FIRST scale for v3/v4 (None…Critical), NVD scale for v2 (Low/Medium/High). */
export type CvssSeverity = 'None' | 'Low' | 'Medium' | 'High' | 'Critical';

/** Scores of a v2 vector. Temporal and environmental scores exist only when the vector has metrics of the group. */
export interface Cvss2Scores {
  readonly version: '2.0';
  readonly vector: string;
  readonly baseScore: number;
  readonly baseSeverity: CvssSeverity;
  readonly temporalScore?: number;
  readonly temporalSeverity?: CvssSeverity;
  readonly environmentalScore?: number;
  readonly environmentalSeverity?: CvssSeverity;
}

/**
 * Scores of a v3.x vector. The specification defines temporal and environmental scores for every vector
 * (Not Defined metrics leave the base values in place), so they are always present.
 */
export interface Cvss3Scores {
  readonly version: '3.0' | '3.1';
  readonly vector: string;
  readonly baseScore: number;
  readonly baseSeverity: CvssSeverity;
  readonly temporalScore: number;
  readonly temporalSeverity: CvssSeverity;
  readonly environmentalScore: number;
  readonly environmentalSeverity: CvssSeverity;
}

/** v4.0 nomenclature (specification section 1.3): which metric groups a score takes into account. */
export type Cvss4Nomenclature = 'CVSS-B' | 'CVSS-BT' | 'CVSS-BE' | 'CVSS-BTE';

/**
 * Scores of a v4.0 vector. `score`/`severity` is the score of all metrics present, named by `nomenclature`.
 * `baseScore` (CVSS-B) ignores threat and environmental metrics; `threatScore` (CVSS-BT) is present when the
 * vector has a threat metric, `environmentalScore` (CVSS-BE) when it has an environmental metric, and
 * `threatEnvironmentalScore` (CVSS-BTE) when it has both.
 */
export interface Cvss4Scores {
  readonly version: '4.0';
  readonly vector: string;
  readonly nomenclature: Cvss4Nomenclature;
  readonly score: number;
  readonly severity: CvssSeverity;
  /** The macrovector (EQ1…EQ6 digits) of the full vector. */
  readonly macroVector: string;
  readonly baseScore: number;
  readonly baseSeverity: CvssSeverity;
  readonly threatScore?: number;
  readonly threatSeverity?: CvssSeverity;
  readonly environmentalScore?: number;
  readonly environmentalSeverity?: CvssSeverity;
  readonly threatEnvironmentalScore?: number;
  readonly threatEnvironmentalSeverity?: CvssSeverity;
}

/** Scores of any vector, discriminated by `version`. */
export type CvssScores = Cvss2Scores | Cvss3Scores | Cvss4Scores;
