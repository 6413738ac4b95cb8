// Secret scanning cost: a full inventory of each shared image with and without the secret visitor (target: the
// visitor adds ≤ 30%), plus each rule on 1 MB of near-matches (a catastrophic-backtracking guard: ≤ 1 s a rule).
// Plain node script over the built dist/ (run `npm run build` first). Prints one JSON line.
//   node bench/secrets.mjs [--runs N] [--images a,b]
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { listCatalogers } from '../dist/catalog/registry.js';
import { openTarget } from '../dist/image/sources/open.js';
import { buildInventory } from '../dist/scan/inventory.js';
import { createSecretVisitor, scanConfigForSecrets } from '../dist/scan/secrets.js';
import { secretRules } from '../dist/secrets/index.js';

const args = process.argv.slice(2);
const opt = (name, def) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : def; };
const RUNS = Number(opt('runs', '5'));
const IMAGES = opt('images', 'alpine-min,debian-min,node-app,polyglot').split(',');
const imagesRoot = process.env.DRYDOCK_TEST_IMAGES ?? join(homedir(), '.cache', 'drydock-test-images');
const TARGET_OVERHEAD = 0.3;
const RULE_LIMIT_MS = 1000;

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };

async function inventory(archive, withSecrets) {
  const img = await openTarget(archive);
  try {
    const s = withSecrets ? createSecretVisitor() : undefined;
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const inv = await buildInventory(img, { catalogers: listCatalogers(), toolVersion: 'bench', ...(s ? { visitors: [s.visitor] } : {}) });
    const findings = s ? [...s.results(inv), ...scanConfigForSecrets(inv.inventory.image)].length : 0;
    const c = process.cpuUsage(c0);
    return { ms: performance.now() - t0, cpuMs: (c.user + c.system) / 1000, findings, stats: s?.stats() };
  } finally {
    await img.close();
  }
}

const images = [];
for (const name of IMAGES) {
  const archive = join(imagesRoot, 'archives', `${name}.docker.tar`);
  if (!existsSync(archive)) { images.push({ image: name, skipped: 'not built' }); continue; }
  await inventory(archive, true); // warm-up: page cache and JIT
  const without = [];
  const withS = [];
  let last;
  // Alternate the two so that machine noise hits both alike.
  for (let i = 0; i < RUNS; i++) {
    without.push(await inventory(archive, false));
    last = await inventory(archive, true);
    withS.push(last);
  }
  const a = median(without.map((r) => r.ms));
  const b = median(withS.map((r) => r.ms));
  // CPU time (all threads of this process) is steadier than wall time on a shared machine: both are reported.
  const ca = median(without.map((r) => r.cpuMs));
  const cb = median(withS.map((r) => r.cpuMs));
  images.push({
    image: name, runs: RUNS, withoutMs: Math.round(a), withMs: Math.round(b), overhead: Number(((b - a) / a).toFixed(3)),
    withoutCpuMs: Math.round(ca), withCpuMs: Math.round(cb), cpuOverhead: Number(((cb - ca) / ca).toFixed(3)),
    findings: last.findings, filesScanned: last.stats.filesScanned, mbScanned: Number((last.stats.bytesScanned / 1048576).toFixed(1)), binarySkipped: last.stats.binarySkipped,
  });
}

// Near-matches: each rule's keywords and token characters, repeated to 1 MB with no complete match.
const near = 'ghp_AKIAeyJhbGci.eyJ password="a1" token: pypi-AgE sk_live_ xoxb-1- glpat- npm_ AccountKey= Q~ ://u:p@ Server=x;Password= "auth": "private_key": -----BEGIN RSA PRIVATE KEY-----\n';
const MB = 1024 * 1024;
const texts = {
  mixed: near.repeat(Math.ceil(MB / near.length)),
  tokenRun: `ghp_${'A'.repeat(MB)}`,
  eyjRun: 'eyJ'.repeat(MB / 3),
  keyNameRun: 'password_'.repeat(MB / 9),
  urlRun: 'a://'.repeat(MB / 4),
};
const rules = [];
for (const rule of secretRules) {
  let worst = 0;
  for (const text of Object.values(texts)) {
    const t0 = performance.now();
    rule.scan(text, '/root/.netrc');
    worst = Math.max(worst, performance.now() - t0);
  }
  rules.push({ rule: rule.id, worstMs: Math.round(worst) });
}

const measured = images.filter((x) => !x.skipped);
const worstOverhead = measured.length ? Math.max(...measured.map((x) => x.overhead)) : null;
const slowRules = rules.filter((r) => r.worstMs > RULE_LIMIT_MS);
console.log(JSON.stringify({
  bench: 'secrets', images, targetOverhead: TARGET_OVERHEAD, worstOverhead,
  rules, ruleLimitMs: RULE_LIMIT_MS,
  ok: (worstOverhead === null || worstOverhead <= TARGET_OVERHEAD) && slowRules.length === 0,
}));
