// Advisory database build benchmark: every feed from ../shared/vulndata through the import path (target ≤ 60 s).
// Plain node script over the built code in dist/ (run `npm run build` first). Prints one JSON line on stdout.
// VULNDATA overrides the data directory; KEEP=1 keeps the built database (its path is in the output).
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { selectFeeds } from '../dist/vulndb/sources/registry.js';
import { updateDatabase } from '../dist/vulndb/update.js';

const here = dirname(fileURLToPath(import.meta.url));
const vulndata = process.env.VULNDATA ?? resolve(here, '..', '..', 'shared', 'vulndata');
const cacheDir = mkdtempSync(join(tmpdir(), 'drydock-bench-db-'));

const t0 = performance.now();
const cpu0 = process.cpuUsage();
const result = await updateDatabase({ cacheDir, mode: 'import', importDir: vulndata, feeds: selectFeeds('all').selected, carryOver: false });
const ms = Math.round(performance.now() - t0);
const cpu = process.cpuUsage(cpu0);

const failed = result.feeds.filter((f) => !f.ok).map((f) => `${f.id}: ${f.error?.message}`);
console.log(JSON.stringify({
  bench: 'vulndb-build',
  ms,
  cpuMs: Math.round((cpu.user + cpu.system) / 1000),
  bytes: result.build.bytes,
  mib: Math.round((result.build.bytes / 1048576) * 10) / 10,
  // maxRSS is in KiB (getrusage): the build loop is synchronous, so sampling from a timer would miss the peak.
  peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
  cores: cpus().length,
  feeds: Object.fromEntries(result.feeds.map((f) => [f.id, { records: f.records, ms: f.ms, issues: f.issueCount }])),
  failed,
  targetMs: 60_000,
  ok: ms <= 60_000 && failed.length === 0,
  ...(process.env.KEEP ? { path: result.build.path } : {}),
}));
if (!process.env.KEEP) rmSync(cacheDir, { recursive: true, force: true });
