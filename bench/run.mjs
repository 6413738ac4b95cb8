// npm run bench: Drydock's figures next to the peer's (Trivy) and the floor, measured in the same run, written to
// docs/benchmarks.md. Alternates runs, reports min/median/max; the machine is shared and noisy, so trust ratios.
//   node bench/run.mjs [--runs N] [--images a,b] [--skip-trivy] [--no-write]
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir, cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { args, cli, imageList, imagesRoot, measure, median, opt, repo, shared, stats } from './lib/measure.mjs';
import { trivyLogWork } from './lib/trivy-log.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const RUNS = Number(opt('runs', '5'));
const IMAGES = imageList();
const SKIP_TRIVY = args.includes('--skip-trivy');
const out = join(repo, '.bench-out');
mkdirSync(out, { recursive: true });

const fmt = (s) => `${s.min.toFixed(2)} / ${s.median.toFixed(2)} / ${s.max.toFixed(2)}`;
const log = (m) => process.stderr.write(`[bench] ${m}\n`);


let trivyPath;
/** The Trivy binary compare.sh uses (../shared/bench/get-trivy.sh fetches it once and prints its path). */
function trivyBinary() {
  trivyPath ??= spawnSync('bash', [join(shared, 'bench', 'get-trivy.sh')], { encoding: 'utf8' }).stdout.trim().split('\n').pop();
  return trivyPath;
}

/** Trivy's SBOM mode, as compare.sh runs it (fresh cache dir seeded with the empty Java DB), timed by its own log. */
function trivySbomLogWork(trivy, archive) {
  const cache = mkdtempSync(join(tmpdir(), 'trivy-log-'));
  try {
    cpSync(join(dirname(trivy), 'cache-seed'), cache, { recursive: true });
    return trivyLogWork(trivy, ['image', '--input', archive, '--format', 'cyclonedx', '--cache-dir', cache,
      '--offline-scan', '--skip-java-db-update', '--quiet', '--timeout', '15m', '-o', join(cache, 'sbom.cdx.json')]);
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
}

function trivyCompare(archive, command) {
  const tsv = join(out, `compare-${Date.now()}.tsv`);
  const r = spawnSync('bash', [join(shared, 'bench', 'compare.sh'), '-n', String(RUNS), '-o', tsv, archive, '--', ...command], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`compare.sh failed: ${r.stderr.slice(-2000)}`);
  const rows = readFileSync(tsv, 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t'));
  const by = (label) => rows.filter((x) => x[0] === label).map((x) => ({ wall: Number(x[2]), rss: Number(x[3]) / 1024 }));
  const version = by('trivy --version');
  const trivy = by('trivy sbom');
  const ours = by('command');
  const adjusted = median(trivy.map((x) => x.wall)) - median(version.map((x) => x.wall));
  return {
    trivyVersion: stats(version.map((x) => x.wall)),
    trivy: stats(trivy.map((x) => x.wall)),
    trivyRss: Math.max(...trivy.map((x) => x.rss)),
    trivyAdjusted: adjusted,
    drydock: stats(ours.map((x) => x.wall)),
    drydockRss: Math.max(...ours.map((x) => x.rss)),
    ratioAdjusted: median(ours.map((x) => x.wall)) / adjusted,
    raw: r.stdout,
  };
}

const RENDER_ONLY = args.includes('--render-only');
const results = RENDER_ONLY ? JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) : { date: new Date().toISOString(), machine: { cpus: cpus().length, model: cpus()[0]?.model, memGiB: Math.round(totalmem() / 2 ** 30), node: process.version }, runs: RUNS, images: {}, extra: {} };

for (const name of RENDER_ONLY ? [] : IMAGES) {
  const archive = join(imagesRoot, 'archives', `${name}.docker.tar`);
  const oci = join(imagesRoot, 'oci', name);
  if (!existsSync(archive)) { log(`skip ${name}: no test image (run ../shared/images/build-all.sh)`); continue; }
  log(`${name}: floor, cold and warm (${RUNS} alternating runs)`);
  const floor = [], coldOci = [], coldOciRss = [], warm = [], warmRss = [], start = [];
  const cache = mkdtempSync(join(tmpdir(), 'drydock-bench-cache-'));
  measure(['node', cli, 'sbom', '-q', '-f', 'cyclonedx', '--cache-dir', cache, archive]); // fill the layer, image-result and rendered-report caches
  for (let i = 0; i < RUNS; i++) {
    const order = i % 2 ? ['cold', 'floor', 'warm', 'start'] : ['start', 'floor', 'cold', 'warm'];
    for (const what of order) {
      if (what === 'floor') floor.push(measure(['node', join(here, 'gunzip-floor.mjs'), oci]).wall_s);
      // Drydock's own start-up (Node.js plus the CLI's first module), subtracted like Trivy's for the work ratios.
      if (what === 'start') start.push(measure(['node', cli, 'version']).wall_s);
      if (what === 'cold') { const m = measure(['node', cli, 'sbom', '--no-cache', '-q', '-f', 'cyclonedx', oci]); coldOci.push(m.wall_s); coldOciRss.push(m.max_rss_kb / 1024); }
      if (what === 'warm') { const m = measure(['node', cli, 'sbom', '-q', '-f', 'cyclonedx', '--cache-dir', cache, archive]); warm.push(m.wall_s); warmRss.push(m.max_rss_kb / 1024); }
    }
  }
  rmSync(cache, { recursive: true, force: true });
  const entry = { floor: stats(floor), coldOci: stats(coldOci), coldOciRss: Math.max(...coldOciRss), warm: stats(warm), warmRss: Math.max(...warmRss), start: stats(start) };
  if (!SKIP_TRIVY) {
    log(`${name}: Trivy vs Drydock cold on the docker archive (compare.sh)`);
    entry.trivy = trivyCompare(archive, ['node', cli, 'sbom', '--no-cache', '-q', '-f', 'cyclonedx', '{}']);
    log(`${name}: Trivy's work from its own log (${RUNS} runs)`);
    entry.trivyLog = stats(Array.from({ length: RUNS }, () => trivySbomLogWork(trivyBinary(), archive)));
  }
  results.images[name] = entry;
}

// Other benchmarks of the project: each prints one JSON document on stdout.
for (const f of RENDER_ONLY ? [] : readdirSync(here).filter((f) => f.endsWith('.mjs') && !['run.mjs', 'gunzip-floor.mjs'].includes(f)).sort()) {
  log(`extra: ${f}`);
  const r = spawnSync('node', [join(here, f)], { encoding: 'utf8', timeout: 20 * 60_000, maxBuffer: 64 * 1024 * 1024 });
  try {
    results.extra[f] = r.status === 0 ? JSON.parse(r.stdout.trim().split('\n').pop()) : { error: `exit ${r.status}: ${r.stderr.slice(-300)}` };
  } catch {
    results.extra[f] = { output: r.stdout.slice(-1000) };
  }
}

if (!RENDER_ONLY) writeFileSync(join(out, 'results.json'), JSON.stringify(results, null, 2));

// docs/benchmarks.md: the generated part sits between markers; the rest of the file is prose kept as is.
const lines = [];
lines.push(`Measured ${results.date.slice(0, 16)}Z on ${results.machine.cpus} × ${results.machine.model}, ${results.machine.memGiB} GiB, Node ${results.machine.node}; ${results.runs} alternating runs each; times in seconds as min / median / max.`);
lines.push('');
lines.push('### Inventory (`drydock sbom -f cyclonedx`)');
lines.push('');
lines.push('| image | gunzip floor (OCI layout) | Drydock cold, OCI layout | cold ÷ floor | Drydock cold, docker archive | Trivy work (adjusted) | Drydock ÷ Trivy work | Drydock work ÷ Trivy work | Trivy work (its log) | Drydock work ÷ Trivy work (its log) | Drydock warm | warm ÷ cold | warm work ÷ cold work | peak RSS cold (OCI layout / docker archive) / warm | Trivy peak RSS |');
lines.push('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const [name, e] of Object.entries(results.images)) {
  const t = e.trivy;
  const coldArchive = t ? t.drydock.median : undefined;
  const adjOk = t && t.trivyAdjusted > 0.01;
  const up = e.start?.median;
  const coldWork = coldArchive !== undefined && up !== undefined ? coldArchive - up : undefined;
  const workRatio = adjOk && coldWork !== undefined ? (coldWork / t.trivyAdjusted).toFixed(2) : '–';
  const warmWork = coldWork && up !== undefined ? ((e.warm.median - up) / coldWork).toFixed(2) : '–';
  const logRatio = e.trivyLog && coldWork !== undefined ? (coldWork / e.trivyLog.median).toFixed(2) : '–';
  lines.push(`| ${name} | ${fmt(e.floor)} | ${fmt(e.coldOci)} | ${(e.coldOci.median / e.floor.median).toFixed(2)} | ${t ? fmt(t.drydock) : '–'} | ${t ? (adjOk ? t.trivyAdjusted.toFixed(2) : 'n/a (≤ start-up)') : '–'} | ${adjOk ? t.ratioAdjusted.toFixed(2) : '–'} | ${workRatio} | ${e.trivyLog ? fmt(e.trivyLog) : '–'} | ${logRatio} | ${fmt(e.warm)} | ${coldArchive ? (e.warm.median / coldArchive).toFixed(2) : '–'} | ${warmWork} | ${Math.round(e.coldOciRss)} / ${t ? Math.round(t.drydockRss) : '–'} / ${Math.round(e.warmRss)} MiB | ${t ? `${Math.round(t.trivyRss)} MiB` : '–'} |`);
}
lines.push('');
lines.push('Trivy work (adjusted) = median(`trivy image --input … --format cyclonedx`) − median(`trivy --version`), both from `../shared/bench/compare.sh` in the same run (Trivy is UPX-packed: every start costs seconds of unpacking). "Drydock ÷ Trivy work" keeps Drydock\'s own start-up in; "Drydock work" subtracts the median of `drydock version` measured in the same run (Node.js start-up plus the CLI\'s entry module), the same adjustment Trivy gets. "Trivy work (its log)" times separate runs of the same Trivy command with `--debug` from its first log line to its exit (bench/lib/trivy-log.mjs): no subtraction of two noisy medians, and Trivy\'s flag parsing left out besides its start-up. Start-up of `drydock version` per image (median): ' + Object.entries(results.images).map(([n, e]) => `${n} ${e.start ? e.start.median.toFixed(2) : '–'} s`).join(', ') + '.');
const sv = results.extra['scan-vs-trivy.mjs'];
if (sv?.images) {
  lines.push('');
  lines.push('### Full vulnerability scan (`drydock scan --scanners vuln -f json`, docker archive) next to Trivy with the same advisory data');
  lines.push('');
  lines.push('| image | gunzip floor | Drydock | Drydock ÷ floor | Trivy | trivy --version | Trivy work (adjusted) | Drydock ÷ Trivy work | Drydock work ÷ Trivy work | Trivy work (its log) | Drydock work ÷ Trivy work (its log) | peak RSS Drydock / Trivy |');
  lines.push('|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const [name, e] of Object.entries(sv.images)) {
    const adj = e.trivyAdjusted > 0.01 ? e.trivyAdjusted.toFixed(2) : 'n/a (≤ start-up)';
    const work = e.trivyAdjusted > 0.01 && e.ratioWorkToTrivyAdjusted !== undefined ? e.ratioWorkToTrivyAdjusted.toFixed(2) : 'n/a';
    lines.push(`| ${name} | ${fmt(e.floor)} | ${fmt(e.drydock)} | ${e.ratioToFloor.toFixed(2)} | ${fmt(e.trivy)} | ${fmt(e.trivyVersion)} | ${adj} | ${e.trivyAdjusted > 0.01 ? e.ratioToTrivyAdjusted.toFixed(2) : 'n/a'} | ${work} | ${e.trivyLogWork ? fmt(e.trivyLogWork) : '–'} | ${e.ratioWorkToTrivyLog !== undefined ? e.ratioWorkToTrivyLog.toFixed(2) : '–'} | ${e.drydockRssMiB} / ${e.trivyRssMiB} MiB |`);
  }
}
if (Object.keys(results.extra).length) {
  lines.push('');
  lines.push('### Other benchmarks');
  lines.push('');
  for (const [f, v] of Object.entries(results.extra)) lines.push(`- \`bench/${f}\`: \`${JSON.stringify(v)}\``);
}
const doc = join(repo, 'docs', 'benchmarks.md');
const BEGIN = '<!-- bench:begin (generated by npm run bench) -->';
const END = '<!-- bench:end -->';
let text = existsSync(doc) ? readFileSync(doc, 'utf8') : `# Benchmarks\n\n${BEGIN}\n${END}\n`;
if (!text.includes(BEGIN)) text += `\n${BEGIN}\n${END}\n`;
const at = text.indexOf(BEGIN);
const end = text.indexOf(END, at);
text = `${text.slice(0, at)}${BEGIN}\n${lines.join('\n')}\n${text.slice(end)}`;
if (!args.includes('--no-write')) writeFileSync(doc, text);
process.stdout.write(`${lines.join('\n')}\n`);
