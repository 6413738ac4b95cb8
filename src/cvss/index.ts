/** CVSS v2, v3.0, v3.1 and v4.0: parse, validate, format and score vector strings. See readme.md. */
export { CvssError, type CvssErrorCode, type CvssErrorReason } from './errors.js';
export { CVSS2_METRICS, CVSS3_METRICS, CVSS4_METRICS } from './metrics.js';
export { formatCvss, metricsOf, parseCvss, tryParseCvss, type FormatOptions, type ParseOptions } from './parse.js';
export { scoreCvss } from './score.js';
export { severityOf, severityOfV2 } from './severity.js';
export type * from './types.js';
