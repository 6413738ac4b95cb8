// NetworkPolicy matrix benchmark: 1,000 workloads × 300 policies (target ≤ 2 s for the matrix).
// Plain node script over the built engine in dist/ (run `npm run build` first). Prints one JSON line.
import { performance } from 'node:perf_hooks';
import { parseManifests } from '../dist/k8s/rules/manifest.js';
import { buildNetworkModel } from '../dist/k8s/rules/netpol/model.js';
import { computeMatrix } from '../dist/k8s/rules/netpol/matrix.js';

const WORKLOADS = Number(process.env.WORKLOADS ?? 1000);
const POLICIES = Number(process.env.POLICIES ?? 300);
const NAMESPACES = 20;

let seed = 42;
const rnd = (n) => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed % n;
};

const docs = [];
for (let n = 0; n < NAMESPACES; n++) docs.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: `ns${n}`, labels: { team: `t${n % 5}`, env: n % 2 ? 'prod' : 'dev' } } });
for (let i = 0; i < WORKLOADS; i++) {
  docs.push({
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: `w${i}`, namespace: `ns${i % NAMESPACES}` },
    spec: { template: { metadata: { labels: { app: `a${i}`, tier: `t${rnd(4)}`, role: `r${rnd(10)}` } }, spec: { containers: [{ name: 'c', image: 'x', ports: [{ name: 'http', containerPort: 8080 + rnd(3) }, { name: 'metrics', containerPort: 9090 }] }] } } },
  });
}
for (let p = 0; p < POLICIES; p++) {
  const peer = () => [
    { podSelector: { matchLabels: { tier: `t${rnd(4)}` } } },
    { namespaceSelector: { matchLabels: { team: `t${rnd(5)}` } } },
    { namespaceSelector: { matchLabels: { env: 'prod' } }, podSelector: { matchExpressions: [{ key: 'role', operator: 'In', values: [`r${rnd(10)}`, `r${rnd(10)}`] }] } },
    { ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } },
  ][rnd(4)];
  const ports = [[], [{ port: 8080 }], [{ port: 'http' }], [{ port: 8000, endPort: 8081 }]][rnd(4)];
  docs.push({
    apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: `p${p}`, namespace: `ns${rnd(NAMESPACES)}` },
    spec: {
      podSelector: rnd(5) === 0 ? {} : { matchLabels: { role: `r${rnd(10)}` } },
      policyTypes: rnd(2) ? ['Ingress'] : ['Ingress', 'Egress'],
      ingress: [{ from: [peer(), peer()], ports }],
      egress: [{ to: [peer()], ports }, { ports: [{ port: 53, protocol: 'UDP' }] }],
    },
  });
}

const text = docs.map((d) => JSON.stringify(d)).join('\n---\n');
const t0 = performance.now();
const { objects, issues } = parseManifests(text, 'bench.yaml');
const t1 = performance.now();
const model = buildNetworkModel(objects);
const ports = [{ port: 8080, protocol: 'TCP' }, { port: 8081, protocol: 'TCP' }, { port: 9090, protocol: 'TCP' }, { port: 53, protocol: 'UDP' }];
const t2 = performance.now();
const matrix = computeMatrix(model, ports);
let allowed = 0;
for (let i = 0; i < model.pods.length; i++) for (let j = 0; j < model.pods.length; j++) for (let p = 0; p < ports.length; p++) if (matrix.allowed(i, j, p)) allowed++;
const t3 = performance.now();

console.log(JSON.stringify({
  bench: 'k8s-netpol', workloads: model.pods.length, policies: model.policies.length, ports: ports.length, classes: matrix.classCount,
  issues: issues.length, allowedCells: allowed, parseMs: Math.round(t1 - t0), matrixMs: Math.round(t3 - t2), targetMs: 2000, ok: t3 - t2 <= 2000,
}));
