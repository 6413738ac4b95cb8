/** Load Alpine secdb files (I/O). Download mode probes the known branches; import mode lists native/alpine-secdb/. */
import { readFileSync } from 'node:fs';
import type { FeedContext, FeedRunResult } from '../types.js';
import { parseAlpineSecdb } from './parse.js';

/** Branches probed upstream (a 404 for a branch or repository is normal: secdb does not publish every pair). */
export const ALPINE_BRANCHES = ['v3.14', 'v3.15', 'v3.16', 'v3.17', 'v3.18', 'v3.19', 'v3.20', 'v3.21', 'v3.22', 'v3.23'];
const REPOS = ['main', 'community'];

export async function loadAlpineSecdb(ctx: FeedContext): Promise<FeedRunResult> {
  const branches = ctx.mode === 'import' ? ctx.listLocal('native/alpine-secdb').filter((b) => /^v\d+\.\d+$/.test(b)) : ALPINE_BRANCHES;
  const origins: string[] = [];
  for (const branch of branches) {
    for (const repo of REPOS) {
      const rel = `${branch}/${repo}.json`;
      const file = await ctx.get({ remote: rel, local: `native/alpine-secdb/${rel}` }, true);
      if (!file) continue;
      origins.push(file.origin);
      const r = parseAlpineSecdb(readFileSync(file.path), rel);
      for (const a of r.advisories) ctx.sink.advisory(a);
      for (const i of r.issues) ctx.sink.issue(i);
    }
  }
  if (origins.length === 0) {
    if (ctx.mode === 'import') return { origin: '(none)' };
    throw new Error('alpine-secdb: no secdb file found upstream');
  }
  return { origin: origins.length > 1 ? `${origins[0]} (+${origins.length - 1} more)` : origins[0]! };
}
