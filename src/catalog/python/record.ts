/**
 * A dist-info `RECORD`: a CSV of `path,hash,size` rows, paths relative to the folder holding the dist-info
 * (site-packages), possibly going up with "../" (scripts in bin/).
 * Spec: https://packaging.python.org/en/latest/specifications/recording-installed-packages/#the-record-file
 */
import type { FileParseResult } from '../types.js';
import { pythonIssue } from './errors.js';

/** Facts a RECORD gives to finalize: the files of the dist-info at `dir`. */
export interface RecordFacts {
  kind: 'python-record';
  dir: string;
  files: string[];
}

/** Most rows read from one RECORD; a real one has a few thousand. */
const MAX_ROWS = 200_000;

/** Resolve `rel` against `base` (absolute), normalising "." and ".."; undefined when it climbs above "/". */
export function resolveImagePath(base: string, rel: string): string | undefined {
  const parts = rel.startsWith('/') ? [] : base.split('/').filter(Boolean);
  for (const seg of rel.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else parts.push(seg);
  }
  return `/${parts.join('/')}`;
}

/** First CSV field of a row (RFC 4180 quoting), enough for RECORD's path column. */
function firstCsvField(row: string): string {
  if (!row.startsWith('"')) {
    const comma = row.indexOf(',');
    return comma < 0 ? row : row.slice(0, comma);
  }
  let out = '';
  for (let i = 1; i < row.length; i++) {
    const ch = row[i];
    if (ch === '"') {
      if (row[i + 1] === '"') {
        out += '"';
        i++;
      } else break;
    } else out += ch;
  }
  return out;
}

/** Parse a RECORD into facts (no packages). */
export function parseRecord(path: string, text: string, dir: string): FileParseResult {
  const siteDir = dir.slice(0, dir.lastIndexOf('/')) || '/';
  const files: string[] = [];
  const rows = text.split(/\r?\n/);
  let bad = 0;
  for (const row of rows.slice(0, MAX_ROWS)) {
    if (!row.trim()) continue;
    const rel = firstCsvField(row);
    const abs = rel ? resolveImagePath(siteDir, rel) : undefined;
    if (abs) files.push(abs);
    else bad++;
  }
  const issues = bad > 0 ? [pythonIssue('PYTHON_MALFORMED_RECORD', `${bad} RECORD rows without a usable path skipped`, path)] : [];
  if (rows.length > MAX_ROWS) issues.push(pythonIssue('PYTHON_MALFORMED_RECORD', `more than ${MAX_ROWS} rows; the rest ignored`, path));
  const facts: RecordFacts = { kind: 'python-record', dir, files };
  return { packages: [], issues, facts };
}
