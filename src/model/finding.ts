/** A vulnerability or malicious-package finding: one advisory against one package instance. */
import type { AffectedStatus, EpssScore, KevEntry, Severity, SeverityRating } from './advisory.js';
import type { LayerRef, PackageType } from './package.js';

export interface FindingPackage {
  type: PackageType;
  name: string;
  version: string;
  purl: string;
  /** First location of the package instance. */
  location: string;
  layer?: LayerRef;
  /** The source package the advisory was keyed by (Debian/Ubuntu source, Alpine origin). */
  sourceName?: string;
  sourceVersion?: string;
}

export interface Finding {
  kind: 'vulnerability' | 'malicious';
  /** The primary id (CVE when there is one), then every alias merged from all records. */
  id: string;
  aliases: string[];
  package: FindingPackage;
  status: Exclude<AffectedStatus, 'not_affected'>;
  /** The smallest version that fixes it, in the package's own scheme. */
  fixedVersion?: string;
  /** The severity used for filtering and gates (vendor first, then NVD, then others). */
  severity: Severity;
  severitySource: string;
  /** Every source's rating, kept. */
  ratings: SeverityRating[];
  epss?: EpssScore;
  kev?: KevEntry;
  title?: string;
  description?: string;
  references?: string[];
  cwes?: string[];
  /** Feed ids the finding came from. */
  dataSources: string[];
  /** When the version could not be compared (unparsable): the finding is reported as not evaluated. */
  notEvaluated?: { code: string; message: string };
}
