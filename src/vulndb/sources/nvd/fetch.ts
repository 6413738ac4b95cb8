/**
 * Load NVD CVE API 2.0 data (I/O). Download mode pages through the API (https://nvd.nist.gov/developers/vulnerabilities):
 * a full load the first time, then only CVEs modified since the previous load (lastModStartDate/lastModEndDate, at
 * most 120 days apart, so an older database gets a full load again). Import mode reads saved API pages from
 * `native/nvd/*.json`, else the API pages in `samples/nvd-cve5-samples.zip` (`nvdcve-2.0/`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { forEachZipMember } from '../../fetch/local-zip.js';
import type { FeedContext, FeedRunResult } from '../types.js';
import { parseNvdPage, type NvdPageResult } from './parse.js';

const PAGE = 2000;
const MAX_WINDOW_DAYS = 120;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function nvdDate(d: Date): string {
  // The API wants an explicit offset; '+' must be percent-encoded in the query.
  return encodeURIComponent(d.toISOString().replace('Z', '+00:00'));
}

function apply(ctx: FeedContext, r: NvdPageResult, incremental: boolean): void {
  for (const i of r.issues) ctx.sink.issue(i);
  for (const id of r.rejected) ctx.sink.remove(id);
  for (const a of r.advisories) {
    if (incremental) ctx.sink.remove(a.id);
    ctx.sink.advisory(a);
  }
  if (r.lastModified) ctx.sink.modified(`${r.lastModified}Z`.replace(/ZZ$/, 'Z'));
}

export async function loadNvd(ctx: FeedContext): Promise<FeedRunResult> {
  if (ctx.mode === 'import') return importNvd(ctx);
  const now = new Date();
  const since = ctx.since ? new Date(ctx.since) : undefined;
  const incremental = since !== undefined && !Number.isNaN(since.getTime()) && now.getTime() - since.getTime() < MAX_WINDOW_DAYS * 86_400_000;
  const key = ctx.env.NVD_API_KEY;
  // Published limits: 5 requests per 30 s without a key, 50 with one.
  const pause = ctx.publicUpstream ? (key ? 700 : 6500) : 0;
  const window = incremental ? `&lastModStartDate=${nvdDate(since!)}&lastModEndDate=${nvdDate(now)}` : '';
  let start = 0;
  let total = Infinity;
  while (start < total) {
    const path = `rest/json/cves/2.0?resultsPerPage=${PAGE}&startIndex=${start}${window}`;
    const r = parseNvdPage(await ctx.api(path, key ? { apiKey: key } : undefined), path);
    if (r.issues.some((i) => i.code === 'FILE_INVALID')) throw new Error(`nvd: ${path}: ${r.issues[0]!.message}`);
    apply(ctx, r, incremental);
    total = r.totalResults;
    const got = r.advisories.length + r.rejected.length + r.issues.length;
    if (got === 0) break;
    start += got;
    ctx.note(`nvd: ${Math.min(start, total)}/${total} CVEs`);
    if (pause && start < total) await sleep(pause);
  }
  return { origin: 'rest/json/cves/2.0', incremental };
}

async function importNvd(ctx: FeedContext): Promise<FeedRunResult> {
  const pages = ctx.listLocal('native/nvd').filter((f) => f.endsWith('.json'));
  if (pages.length) {
    for (const p of pages) {
      const file = await ctx.get({ remote: p, local: `native/nvd/${p}` });
      if (file) apply(ctx, parseNvdPage(readFileSync(file.path), p), false);
    }
    return { origin: 'native/nvd' };
  }
  const samples = await ctx.get({ remote: 'nvd-cve5-samples.zip', local: 'samples/nvd-cve5-samples.zip' }, true);
  // Neither saved API pages nor the samples archive: nothing to import.
  if (!samples || !existsSync(samples.path)) return { origin: '(none)' };
  forEachZipMember(samples.path, 'nvd-cve5-samples.zip', 64 * 1024 * 1024, (name, bytes) => {
    if (name.startsWith('nvdcve-2.0/') && name.endsWith('.json')) apply(ctx, parseNvdPage(bytes, name), false);
  }, (name, err) => ctx.sink.issue({ code: 'MEMBER_UNREADABLE', message: err.message, file: 'nvd-cve5-samples.zip', record: name }));
  return { origin: samples.origin };
}
