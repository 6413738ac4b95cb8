// Drydock's findings next to Trivy's on the shared images, both from ../shared/vulndata (Trivy's DB built by
// ../shared/bench/trivydb/build.sh). The source of the numbers in docs/trivy-comparison.md. Plain node over the built
// dist/ (run `npm run build` first). Prints one JSON line: per image the counts (both, only Drydock, only Trivy,
// same key with another fix/status) and the classes of the differences; --detail prints the whole document with
// every differing row (--rows adds the common rows too).
//   node bench/trivy-compare.mjs [--db FILE] [--trivy-cache DIR] [--trivy-json DIR] [--images a,b] [--detail] [--rows]
// --db: a Drydock database (default: built from the shared data into .bench-out/compare/<data key>/drydock, once).
// --trivy-cache: a Trivy cache dir with the shared-data DB (default: .bench-out/compare/<data key>/trivy, built once).
// --trivy-json: read <image>.json from DIR instead of running Trivy.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listCatalogers } from '../dist/catalog/registry.js';
import { openTarget } from '../dist/image/sources/open.js';
import { matchInventory } from '../dist/match/index.js';
import { buildInventory } from '../dist/scan/inventory.js';
import { openAdvisoryDb } from '../dist/store/lookup.js';
import { databasePath } from '../dist/store/schema.js';
import { selectFeeds } from '../dist/vulndb/sources/registry.js';
import { updateDatabase } from '../dist/vulndb/update.js';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..');
const shared = process.env.DRYDOCK_SHARED ?? resolve(repo, '..', 'shared');
const imagesRoot = process.env.DRYDOCK_TEST_IMAGES ?? join(homedir(), '.cache', 'drydock-test-images');
const args = process.argv.slice(2);
const opt = (name, def) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : def; };
const IMAGES = opt('images', 'alpine-min,debian-min,node-app,polyglot').split(',');
const dataKey = createHash('sha256').update(readFileSync(join(shared, 'vulndata', 'CHECKSUMS.sha256'))).digest('hex').slice(0, 16);
const work = join(repo, '.bench-out', 'compare', dataKey);
const log = (m) => process.stderr.write(`[trivy-compare] ${m}\n`);

async function drydockDb() {
  const given = opt('db');
  if (given) return given;
  const cacheDir = join(work, 'drydock');
  const path = databasePath(cacheDir);
  if (!existsSync(path)) {
    log(`building the Drydock database from ${shared}/vulndata`);
    await updateDatabase({ cacheDir, mode: 'import', importDir: join(shared, 'vulndata'), feeds: selectFeeds('all').selected, carryOver: false, env: {} });
  }
  return path;
}

function trivyBinary() {
  const r = spawnSync('bash', [join(shared, 'bench', 'get-trivy.sh')], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`get-trivy.sh failed: ${r.stderr}`);
  return r.stdout.trim().split('\n').pop();
}

function trivyCache() {
  const dir = opt('trivy-cache', join(work, 'trivy'));
  if (!existsSync(join(dir, 'db', 'trivy.db'))) {
    log(`building the Trivy database into ${dir}`);
    mkdirSync(dir, { recursive: true });
    const r = spawnSync('bash', [join(shared, 'bench', 'trivydb', 'build.sh'), join(shared, 'vulndata'), dir], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
    if (r.status !== 0) throw new Error(`trivydb/build.sh failed: ${r.stderr.slice(-2000)}`);
  }
  return dir;
}

let trivyPath;
function trivyReport(name) {
  const dir = opt('trivy-json');
  if (dir) return JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8'));
  trivyPath ??= trivyBinary();
  const r = spawnSync(trivyPath, ['image', '--input', join(imagesRoot, 'archives', `${name}.docker.tar`), '--cache-dir', trivyCache(),
    '--skip-db-update', '--skip-java-db-update', '--offline-scan', '--scanners', 'vuln', '--format', 'json', '--quiet'],
  { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`trivy failed on ${name}: ${r.stderr.slice(-2000)}`);
  return JSON.parse(r.stdout);
}

/** Trivy's result types → Drydock package types. */
const TYPE_OF = { debian: 'dpkg', alpine: 'apk', 'node-pkg': 'npm', jar: 'java', gobinary: 'go', 'python-pkg': 'python' };

function trivyRows(report) {
  const rows = [];
  for (const r of report.Results ?? []) {
    for (const v of r.Vulnerabilities ?? []) {
      rows.push({
        type: TYPE_OF[r.Type] ?? r.Type, id: v.VulnerabilityID, pkg: v.PkgName, version: v.InstalledVersion,
        fixed: v.FixedVersion || undefined, status: v.Status, path: v.PkgPath || undefined, severity: v.Severity, severitySource: v.SeveritySource,
      });
    }
  }
  return rows;
}

/** The name Trivy prints for a package: Maven packages as groupId:artifactId. */
function trivyName(p) {
  if (p.type === 'java' && p.metadata?.groupId && !p.name.includes(':')) return `${p.metadata.groupId}:${p.name}`;
  return p.package?.name ?? p.name;
}

async function drydockScan(name, lookup) {
  const img = await openTarget(join(imagesRoot, 'archives', `${name}.docker.tar`));
  try {
    const { inventory } = await buildInventory(img, { catalogers: listCatalogers(), toolVersion: 'compare' });
    return { inventory, match: matchInventory(inventory, lookup) };
  } finally {
    await img.close();
  }
}

/** Why a row is only on one side (or differs): the classes docs/trivy-comparison.md explains. */
function classify(row, side, ctx) {
  if (side === 'trivy') {
    const owned = ctx.owned.get(`${row.type} ${row.pkg} ${row.version}`);
    if (owned) return 'os-owned-language-package';
    if (!ctx.inventoried.has(`${row.type} ${row.pkg} ${row.version}`)) return 'not-in-drydock-inventory';
    // Drydock reports the same upgrade under another id (e.g. the GHSA's Go entry sits in another ecosystem's export).
    if (ctx.fixes.has(`${row.type} ${row.pkg} ${row.version} ${row.fixed}`)) return 'same-fix-under-another-id';
    return 'missing-in-drydock';
  }
  if (row.type === 'go' && row.pkg === 'stdlib') return 'go-stdlib';
  if (row.type === 'dpkg' && /^DSA-|^DLA-/.test(row.id)) return 'dsa-record-own-finding';
  if (row.type === 'dpkg' && ctx.trivyIds.has(`${row.pkg} ${row.version} ${row.aliasOf ?? ''}`)) return 'cve-alias-split';
  return 'extra-in-drydock';
}

async function compareImage(name, lookup) {
  const trivy = trivyRows(trivyReport(name));
  const { inventory, match } = await drydockScan(name, lookup);
  const ours = match.findings.map((f) => ({
    type: f.package.type, id: f.id, ids: [f.id, ...f.aliases], pkg: f.package.type === 'java' ? javaName(inventory, f) : f.package.name,
    version: f.package.version, fixed: f.fixedVersion, status: f.status, location: f.package.location, severity: f.severity, severitySource: f.severitySource,
  }));
  const key = (r) => `${r.type}\u0000${r.pkg}\u0000${r.version}`;
  const byPkg = new Map();
  for (const r of ours) byPkg.set(key(r), [...(byPkg.get(key(r)) ?? []), r]);
  const used = new Set();
  const both = [];
  const fixList = [];
  const differ = [];
  const onlyTrivy = [];
  for (const t of trivy) {
    const cands = (byPkg.get(key(t)) ?? []).filter((r) => !used.has(r) && r.ids.includes(t.id));
    const d = cands.find((r) => r.id === t.id) ?? cands[0];
    if (!d) { onlyTrivy.push(t); continue; }
    used.add(d);
    const sameFix = (d.fixed ?? '') === (t.fixed ?? '');
    const sameStatus = (d.status === 'fixed') === (t.status === 'fixed');
    // Trivy prints every patched version of every branch ("1.2.6, 0.2.4"); Drydock the fix of the installed branch.
    const inList = !sameFix && d.fixed !== undefined && (t.fixed ?? '').split(/,\s*/).includes(d.fixed);
    if (sameFix && sameStatus) both.push({ t, d });
    else if (inList && sameStatus) fixList.push({ t, d });
    else differ.push({ t, d, class: !sameFix ? 'fixed-version' : 'status' });
  }
  const onlyDrydock = ours.filter((r) => !used.has(r));
  const owned = new Map(inventory.packages.filter((p) => p.ownedBy).map((p) => [`${p.type} ${trivyName(p)} ${p.version}`, p.ownedBy]));
  const inventoried = new Set(inventory.packages.map((p) => `${p.type} ${trivyName(p)} ${p.version}`));
  const trivyIds = new Set(trivy.map((t) => `${t.pkg} ${t.version} ${t.id}`));
  // A Drydock finding whose id Trivy lacks, but whose CVE alias Trivy reports on the same package.
  for (const r of onlyDrydock) r.aliasOf = r.ids.slice(1).find((x) => trivyIds.has(`${r.pkg} ${r.version} ${x}`));
  const fixes = new Set(ours.map((r) => `${r.type} ${r.pkg} ${r.version} ${r.fixed}`));
  const ctx = { owned, inventoried, trivyIds, fixes };
  const countBy = (rows, side) => rows.reduce((acc, r) => { const c = classify(r, side, ctx); acc[c] = (acc[c] ?? 0) + 1; return acc; }, {});
  const statusLabels = {};
  const common = [...both, ...fixList];
  const severity = {};
  const severityRows = [];
  for (const { t, d } of common) {
    const k = t.severity === d.severity ? 'same' : `${d.severity} (Trivy: ${t.severity})`;
    severity[k] = (severity[k] ?? 0) + 1;
    if (t.severity !== d.severity && !(d.severity === 'NEGLIGIBLE' && t.severity === 'LOW')) {
      severityRows.push({ id: d.id, pkg: d.pkg, drydock: `${d.severity} (${d.severitySource})`, trivy: `${t.severity} (${t.severitySource ?? '-'})` });
    }
  }
  for (const { d } of common) if (d.status !== 'fixed') statusLabels[`${d.status} (Trivy: affected)`] = (statusLabels[`${d.status} (Trivy: affected)`] ?? 0) + 1;
  const slim = (r) => ({ type: r.type, id: r.id, pkg: r.pkg, version: r.version, fixed: r.fixed, status: r.status });
  return {
    image: name,
    trivy: trivy.length,
    drydock: ours.length,
    both: both.length + fixList.length,
    bothSameFix: both.length,
    bothFixInTrivyList: fixList.length,
    bothButDiffer: differ.length,
    onlyDrydock: onlyDrydock.length,
    onlyTrivy: onlyTrivy.length,
    byType: Object.fromEntries([...new Set([...trivy, ...ours].map((r) => r.type))].sort().map((type) => [type, {
      trivy: trivy.filter((r) => r.type === type).length,
      drydock: ours.filter((r) => r.type === type).length,
      both: common.filter((x) => x.t.type === type).length,
    }])),
    severityOnCommonRows: severity,
    severityOtherDifferences: severityRows,
    drydockStatusesOnCommonRows: statusLabels,
    onlyDrydockClasses: countBy(onlyDrydock, 'drydock'),
    onlyTrivyClasses: countBy(onlyTrivy, 'trivy'),
    fixInTrivyList: fixList.map((x) => ({ id: x.d.id, pkg: x.d.pkg, version: x.d.version, drydock: x.d.fixed, trivy: x.t.fixed })),
    differ: differ.map((x) => ({ class: x.class, trivy: slim(x.t), drydock: slim(x.d) })),
    onlyDrydockRows: onlyDrydock.map((r) => ({ ...slim(r), class: classify(r, 'drydock', ctx), ...(r.aliasOf ? { aliasOf: r.aliasOf } : {}), location: r.location })),
    onlyTrivyRows: onlyTrivy.map((r) => ({ ...slim(r), class: classify(r, 'trivy', ctx), path: r.path })),
    notScanned: Object.entries(match.notScanned.reduce((acc, n) => { acc[n.reason] = (acc[n.reason] ?? 0) + 1; return acc; }, {})),
    warnings: match.warnings,
    ...(args.includes('--rows') ? { bothRows: both.map((x) => slim(x.d)) } : {}),
  };
}

function javaName(inventory, f) {
  const p = inventory.packages.find((q) => q.type === 'java' && q.name === f.package.name && q.version === f.package.version && q.locations[0] === f.package.location);
  return p ? trivyName(p) : f.package.name;
}

const db = openAdvisoryDb(await drydockDb());
try {
  const images = [];
  for (const name of IMAGES) {
    log(name);
    images.push(await compareImage(name, db.lookup));
  }
  const doc = { date: new Date().toISOString(), database: db.path, images };
  if (args.includes('--detail') || args.includes('--rows')) process.stdout.write(`${JSON.stringify(doc, null, 1)}\n`);
  else {
    const keys = ['image', 'trivy', 'drydock', 'both', 'bothFixInTrivyList', 'bothButDiffer', 'onlyDrydock', 'onlyTrivy', 'onlyDrydockClasses', 'onlyTrivyClasses', 'drydockStatusesOnCommonRows'];
    process.stdout.write(`${JSON.stringify({ bench: 'trivy-compare', date: doc.date, images: images.map((i) => Object.fromEntries(keys.map((k) => [k, i[k]]))) })}\n`);
  }
} finally {
  db.close();
}
