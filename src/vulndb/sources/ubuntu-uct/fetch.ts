/** Load Ubuntu CVE Tracker records from a zip of vuls JSON renderings (I/O). */
import { forEachZipMember } from '../../fetch/local-zip.js';
import type { FeedContext, FeedRunResult } from '../types.js';
import { parseUctRecord } from './parse.js';

const MAX_RECORD = 32 * 1024 * 1024;

export async function loadUct(ctx: FeedContext): Promise<FeedRunResult> {
  const local = ctx.mode === 'import' ? ctx.listLocal('native/ubuntu-cve-tracker').filter((f) => f.endsWith('.zip')) : ['uct.zip'];
  const origins: string[] = [];
  for (const name of local) {
    const file = await ctx.get({ remote: 'uct.zip', local: `native/ubuntu-cve-tracker/${name}` });
    if (!file) continue;
    origins.push(file.origin);
    forEachZipMember(file.path, name, MAX_RECORD, (member, bytes) => {
      if (!member.endsWith('.json')) return;
      const r = parseUctRecord(bytes, name, member);
      if (r.kind === 'advisory') ctx.sink.advisory(r.advisory);
      else if (r.kind === 'issue') ctx.sink.issue(r.issue);
      else ctx.sink.skip('no-release-status');
    }, (member, err) => ctx.sink.issue({ code: 'MEMBER_UNREADABLE', message: err.message, file: name, record: member }));
  }
  if (origins.length === 0) return { origin: '(none)' };
  return { origin: origins.join(' ') };
}
