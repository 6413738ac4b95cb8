/** Load the EPSS scores CSV (I/O: reads and gunzips the downloaded file). */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { FeedContext, FeedRunResult } from '../types.js';
import { parseEpssCsv } from './parse.js';

/** The real file inflates to about 15 MB; anything far beyond is not an EPSS file (decompression-bomb guard). */
const MAX_EPSS_BYTES = 512 * 1024 * 1024;

export async function loadEpss(ctx: FeedContext): Promise<FeedRunResult> {
  const file = await ctx.get({ remote: 'epss_scores-current.csv.gz', local: 'native/epss/epss_scores.csv.gz' }, ctx.mode === 'import');
  if (!file) return { origin: '(none)' };
  let text: string;
  try {
    text = gunzipSync(readFileSync(file.path), { maxOutputLength: MAX_EPSS_BYTES }).toString('utf8');
  } catch (err) {
    ctx.sink.issue({ code: 'FILE_INVALID', message: `cannot gunzip: ${(err as Error).message}`, file: 'epss_scores.csv.gz' });
    throw new Error(`epss: ${file.origin} is not a readable gzip file: ${(err as Error).message}`);
  }
  const r = parseEpssCsv(text, 'epss_scores.csv.gz');
  for (const s of r.scores) ctx.sink.epss(s);
  for (const i of r.issues) ctx.sink.issue(i);
  if (r.date) ctx.sink.modified(r.date);
  return { origin: file.origin };
}
