// Advisory database build and matching throughput on the shared data. Plain node over the built dist/ (run
// `npm run build` first). Prints one JSON line.
//   node bench/match.mjs [--runs N] [--images a,b] [--db FILE]
// 1. Build: `drydock db import ../shared/vulndata` (every feed) into a fresh temporary cache dir: wall time, the
//    store's own build time, file size, records per feed. Target: ≤ 60 s. Skipped with --db FILE (an existing build).
// 2. Matching: the inventories of node-app and polyglot (read once, not timed) matched against that database with
//    matchInventory and the SQLite lookup; one warm-up, then N timed runs. Throughput = packages ÷ median seconds
//    (all packages of the inventory, the OS-owned and not-scanned ones included, as a scan passes them all).
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { listCatalogers } from '../dist/catalog/registry.js';
import { openTarget } from '../dist/image/sources/open.js';
import { matchInventory } from '../dist/match/index.js';
import { buildInventory } from '../dist/scan/inventory.js';
import { openAdvisoryDb } from '../dist/store/lookup.js';
import { selectFeeds } from '../dist/vulndb/sources/registry.js';
import { updateDatabase } from '../dist/vulndb/update.js';

const here = dirname(fileURLToPath(import.meta.url));
const shared = process.env.DRYDOCK_SHARED ?? resolve(here, '..', '..', 'shared');
const imagesRoot = process.env.DRYDOCK_TEST_IMAGES ?? join(homedir(), '.cache', 'drydock-test-images');
const args = process.argv.slice(2);
const opt = (name, def) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : def; };
const RUNS = Number(opt('runs', '5'));
const IMAGES = opt('images', 'node-app,polyglot').split(',');
const BUILD_TARGET_S = 60;
const NOW = new Date('2026-06-01T00:00:00Z');

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const round = (x, d = 3) => Math.round(x * 10 ** d) / 10 ** d;

async function buildDb() {
  const cacheDir = mkdtempSync(join(tmpdir(), 'drydock-bench-match-'));
  const t0 = performance.now();
  const r = await updateDatabase({ cacheDir, mode: 'import', importDir: join(shared, 'vulndata'), feeds: selectFeeds('all').selected, carryOver: false, env: {} });
  const wallS = (performance.now() - t0) / 1000;
  return {
    cacheDir,
    path: r.build.path,
    build: {
      wallS: round(wallS, 2),
      storeS: round(r.build.ms / 1000, 2),
      bytes: r.build.bytes,
      mib: round(r.build.bytes / 1048576, 1),
      failed: r.feeds.filter((f) => !f.ok).map((f) => f.id),
      records: Object.fromEntries(r.feeds.map((f) => [f.id, f.records])),
      targetS: BUILD_TARGET_S,
      ok: wallS <= BUILD_TARGET_S && r.feeds.every((f) => f.ok),
    },
  };
}

async function inventoryOf(name) {
  const img = await openTarget(join(imagesRoot, 'archives', `${name}.docker.tar`));
  try {
    return (await buildInventory(img, { catalogers: listCatalogers(), toolVersion: 'bench' })).inventory;
  } finally {
    await img.close();
  }
}

const given = opt('db');
const built = given ? undefined : await buildDb();
const dbPath = given ?? built.path;
const db = openAdvisoryDb(dbPath);
const images = [];
try {
  for (const name of IMAGES) {
    let inventory;
    try {
      inventory = await inventoryOf(name);
    } catch (err) {
      images.push({ image: name, skipped: err.message });
      continue;
    }
    const t0 = performance.now();
    const first = matchInventory(inventory, db.lookup, { now: NOW });
    const coldS = (performance.now() - t0) / 1000;
    const times = [];
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      matchInventory(inventory, db.lookup, { now: NOW });
      times.push((performance.now() - t) / 1000);
    }
    const n = inventory.packages.length;
    images.push({
      image: name,
      packages: n,
      findings: first.findings.length,
      notScanned: first.notScanned.length,
      firstRunS: round(coldS),
      medianS: round(median(times)),
      packagesPerSecond: Math.round(n / median(times)),
    });
  }
} finally {
  db.close();
  if (built) rmSync(built.cacheDir, { recursive: true, force: true });
}

const measured = images.filter((x) => !x.skipped);
const totalPackages = measured.reduce((a, x) => a + x.packages, 0);
const totalS = measured.reduce((a, x) => a + x.medianS, 0);
console.log(JSON.stringify({
  bench: 'match',
  runs: RUNS,
  database: built ? built.build : { path: dbPath, bytes: statSync(dbPath).size, built: false },
  images,
  packagesPerSecond: totalS > 0 ? Math.round(totalPackages / totalS) : null,
  ok: built ? built.build.ok : true,
}));
