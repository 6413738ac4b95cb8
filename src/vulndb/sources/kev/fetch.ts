/** Load the CISA KEV catalog (I/O: reads the downloaded file). */
import { readFileSync } from 'node:fs';
import type { FeedContext, FeedRunResult } from '../types.js';
import { parseKev } from './parse.js';

export async function loadKev(ctx: FeedContext): Promise<FeedRunResult> {
  const file = await ctx.get({ remote: 'known_exploited_vulnerabilities.json', local: 'native/cisa-kev/known_exploited_vulnerabilities.json' }, ctx.mode === 'import');
  if (!file) return { origin: '(none)' };
  const r = parseKev(readFileSync(file.path), 'known_exploited_vulnerabilities.json');
  for (const e of r.entries) ctx.sink.kev(e);
  for (const i of r.issues) ctx.sink.issue(i);
  if (r.released) ctx.sink.modified(r.released);
  return { origin: file.origin };
}
