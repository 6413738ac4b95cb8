// Full vulnerability scan, Drydock next to Trivy with the same advisory data (../shared/bench/trivydb builds Trivy a
// database from ../shared/vulndata), and next to the gunzip floor. Alternating runs; Trivy's start-up (UPX unpacking)
// is subtracted as ../shared/bench/README.md explains, and its work is also read from its own log (lib/trivy-log.mjs).
// Prints one JSON line. Needs `npm run build` and python3.
//   node bench/scan-vs-trivy.mjs [--runs N] [--images a,b]
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cli, imageList, imagesRoot, measure as measureCommand, median, opt, repo, shared, stats } from './lib/measure.mjs';
import { trivyLogWork } from './lib/trivy-log.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const RUNS = Number(opt('runs', '3'));
const IMAGES = imageList();
const dataKey = createHash('sha256').update(readFileSync(join(shared, 'vulndata', 'CHECKSUMS.sha256'))).digest('hex').slice(0, 16);
const work = join(repo, '.bench-out', 'compare', dataKey);
const log = (m) => process.stderr.write(`[scan-vs-trivy] ${m}\n`);

function measure(cmd) {
  const j = measureCommand(cmd);
  return { wall: j.wall_s, rss: j.max_rss_kb / 1024 };
}

const trivy = spawnSync('bash', [join(shared, 'bench', 'get-trivy.sh')], { encoding: 'utf8' }).stdout.trim().split('\n').pop();
const seed = join(dirname(trivy), 'cache-seed');
const trivyDb = join(work, 'trivy');
if (!existsSync(join(trivyDb, 'db', 'trivy.db'))) {
  log('building the Trivy database from the shared data');
  mkdirSync(trivyDb, { recursive: true });
  const r = spawnSync('bash', [join(shared, 'bench', 'trivydb', 'build.sh'), join(shared, 'vulndata'), trivyDb], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`trivydb/build.sh: ${r.stderr.slice(-1000)}`);
}
const drydockCache = join(work, 'drydock');
if (!existsSync(join(drydockCache, 'db', 'drydock.db'))) {
  log('building the Drydock database from the shared data');
  const r = spawnSync(process.execPath, [cli, 'db', 'import', join(shared, 'vulndata'), '--cache-dir', drydockCache, '-q'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`db import: ${r.stderr.slice(-1000)}`);
}

/**
 * A fresh Trivy cache per run: the shared-data DB linked in, the empty Java DB copied, no layer cache. With `fromLog`,
 * the run is timed by Trivy's own log instead (lib/trivy-log.mjs) and gives its work in seconds.
 */
function trivyRun(archive, fromLog = false) {
  const dir = mkdtempSync(join(tmpdir(), 'trivy-scan-'));
  try {
    cpSync(seed, dir, { recursive: true });
    symlinkSync(join(trivyDb, 'db'), join(dir, 'db'));
    const argv = ['image', '--input', archive, '--cache-dir', dir, '--skip-db-update', '--skip-java-db-update', '--offline-scan',
      '--scanners', 'vuln', '--format', 'json', '--quiet', '--timeout', '15m', '-o', join(dir, 'out.json')];
    return fromLog ? trivyLogWork(trivy, argv) : measure([trivy, ...argv]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const out = { bench: 'scan-vs-trivy', runs: RUNS, images: {} };
for (const name of IMAGES) {
  const archive = join(imagesRoot, 'archives', `${name}.docker.tar`);
  if (!existsSync(archive)) continue;
  log(name);
  const res = { version: [], trivy: [], drydock: [], floor: [], start: [], trivyLog: [] };
  for (let i = 0; i < RUNS; i++) {
    res.version.push(measure([trivy, '--version']));
    res.trivyLog.push(trivyRun(archive, true));
    const pair = [
      () => res.trivy.push(trivyRun(archive)),
      () => res.drydock.push(measure([process.execPath, cli, 'scan', '--no-cache', '-q', '--scanners', 'vuln', '-f', 'json', '--cache-dir', drydockCache, archive])),
    ];
    for (const f of i % 2 ? pair.reverse() : pair) f();
    res.floor.push(measure([process.execPath, join(here, 'gunzip-floor.mjs'), join(imagesRoot, 'oci', name)]));
    res.start.push(measure([process.execPath, cli, 'version']));
  }
  const w = (k) => res[k].map((x) => x.wall);
  const trivyAdjusted = median(w('trivy')) - median(w('version'));
  out.images[name] = {
    drydock: stats(w('drydock')), drydockRssMiB: Math.round(Math.max(...res.drydock.map((x) => x.rss))),
    trivy: stats(w('trivy')), trivyVersion: stats(w('version')), trivyAdjusted: Number(trivyAdjusted.toFixed(3)),
    trivyRssMiB: Math.round(Math.max(...res.trivy.map((x) => x.rss))), floor: stats(w('floor')),
    ratioToTrivyAdjusted: Number((median(w('drydock')) / trivyAdjusted).toFixed(3)),
    ratioToFloor: Number((median(w('drydock')) / median(w('floor'))).toFixed(3)),
    drydockStartup: stats(w('start')),
    ratioWorkToTrivyAdjusted: Number(((median(w('drydock')) - median(w('start'))) / trivyAdjusted).toFixed(3)),
    trivyLogWork: stats(res.trivyLog),
    ratioWorkToTrivyLog: Number(((median(w('drydock')) - median(w('start'))) / median(res.trivyLog)).toFixed(3)),
  };
}
process.stdout.write(`${JSON.stringify(out)}\n`);
