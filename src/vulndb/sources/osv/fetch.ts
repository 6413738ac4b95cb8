/** Load OSV `all.zip` exports (I/O: reads the downloaded zip; parsing is parse.ts). */
import { forEachZipMember } from '../../fetch/local-zip.js';
import type { EcosystemFamily } from '../../types.js';
import type { FeedContext, FeedRunResult } from '../types.js';
import { parseOsvRecord } from './parse.js';

/** Records over this size are reported and skipped (the largest real Debian record is about 1 MB). */
export const MAX_OSV_RECORD_BYTES = 32 * 1024 * 1024;

export interface OsvLoadSpec {
  source: string;
  /** OSV ecosystem folder names ('Debian', 'Red Hat', 'npm', …). */
  ecosystems: readonly string[];
  families: ReadonlySet<EcosystemFamily>;
  malicious: 'only' | 'skip';
  /** Import-directory folder: 'osv' or 'osv-malicious'. */
  localRoot: string;
  /** Missing files are skipped instead of failing (the malicious feed: not every ecosystem has MAL records). */
  optional: boolean;
}

/** Read each ecosystem's all.zip and write its records through the sink. */
export async function loadOsv(ctx: FeedContext, spec: OsvLoadSpec): Promise<FeedRunResult> {
  const origins: string[] = [];
  for (const eco of spec.ecosystems) {
    const file = await ctx.get({ remote: `${eco}/all.zip`, local: `${spec.localRoot}/${eco}/all.zip` }, spec.optional || ctx.mode === 'import');
    if (!file) {
      ctx.note(`${spec.source}: no ${eco}/all.zip, skipped`);
      continue;
    }
    origins.push(file.origin);
    const label = `${eco}/all.zip`;
    forEachZipMember(file.path, label, MAX_OSV_RECORD_BYTES, (name, bytes) => {
      if (!name.endsWith('.json')) return;
      const r = parseOsvRecord(bytes, label, name, { source: spec.source, families: spec.families, malicious: spec.malicious, maxRecordBytes: MAX_OSV_RECORD_BYTES });
      if (r.kind === 'advisory') {
        ctx.sink.advisory(r.advisory);
        if (r.advisory.modified) ctx.sink.modified(r.advisory.modified);
      } else if (r.kind === 'issue') ctx.sink.issue(r.issue);
      else ctx.sink.skip(r.reason);
    }, (name, err) => ctx.sink.issue({ code: 'MEMBER_UNREADABLE', message: err.message, file: label, record: name }));
  }
  return { origin: origins.join(' ') || '(none)' };
}
