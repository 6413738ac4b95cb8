/**
 * FIRST EPSS daily CSV (https://www.first.org/epss/data_stats) → EpssScore values. Pure. The official file starts with
 * `#model_version:v2025.03.14,score_date:2025-08-20T00:00:00+0000`, then the header `cve,epss,percentile`; the
 * shared test copy has no comment line. Both are accepted.
 */
import type { EpssScore } from '../../../model/index.js';
import type { FeedIssue } from '../../errors.js';

export interface EpssParseResult {
  scores: EpssScore[];
  issues: FeedIssue[];
  /** score_date from the comment line, when present. */
  date?: string;
  modelVersion?: string;
}

/** Parse the CSV text. Bad lines are issues naming the line number; at most 100 are listed, then counted. */
export function parseEpssCsv(text: string, file: string): EpssParseResult {
  const scores: EpssScore[] = [];
  const issues: FeedIssue[] = [];
  let date: string | undefined;
  let modelVersion: string | undefined;
  let bad = 0;
  let lineNo = 0;
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end).replace(/\r$/, '');
    start = end + 1;
    lineNo++;
    if (!line) continue;
    if (line.startsWith('#')) {
      modelVersion = /model_version:([^,]+)/.exec(line)?.[1];
      date = /score_date:(\d{4}-\d{2}-\d{2})/.exec(line)?.[1];
      continue;
    }
    if (line.startsWith('cve,')) continue;
    const [cve, epss, pct] = line.split(',');
    const score = Number(epss);
    const percentile = Number(pct);
    if (!cve || !/^CVE-\d{4}-\d+$/.test(cve) || epss === '' || !Number.isFinite(score) || !Number.isFinite(percentile) || score < 0 || score > 1 || percentile < 0 || percentile > 1) {
      if (++bad <= 100) issues.push({ code: 'RECORD_INVALID', message: `bad EPSS line: ${line.slice(0, 80)}`, file, record: `line ${lineNo}` });
      continue;
    }
    scores.push({ cve, score, percentile, ...(date ? { date } : {}) });
  }
  if (bad > 100) issues.push({ code: 'RECORD_INVALID', message: `${bad - 100} more bad lines not listed`, file });
  return { scores, issues, ...(date ? { date } : {}), ...(modelVersion ? { modelVersion } : {}) };
}
