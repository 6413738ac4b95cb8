import { describe, expect, it } from 'vitest';
import { parseManifests } from '../manifest.js';
import { checkNetwork } from './findings.js';
import { calicoMatches, parseCalicoSelector } from './calico-selector.js';
import { evaluateTraffic } from './engine.js';
import { computeMatrix, openRules } from './matrix.js';
import { buildNetworkModel, ipEndpoint } from './model.js';
import type { NetworkModel, PodEndpoint } from './model.js';

describe('parseCalicoSelector()', () => {
  const labels = { app: 'web', tier: 'front', env: 'prod', 'k8s.io/role': 'api-v2' };
  it.each`
    text                                              | result
    ${''}                                             | ${true}
    ${'all()'}                                        | ${true}
    ${'global()'}                                     | ${false}
    ${"app == 'web'"}                                 | ${true}
    ${'app == "db"'}                                  | ${false}
    ${"app == 'web' && has(tier)"}                    | ${true}
    ${"app == 'web' && !has(tier)"}                   | ${false}
    ${"app != 'db'"}                                  | ${true}
    ${"missing != 'x'"}                               | ${true}
    ${"missing not in {'a'}"}                         | ${true}
    ${"env in {'dev', 'prod'}"}                       | ${true}
    ${"env not in {'dev', 'prod'}"}                   | ${false}
    ${"missing in {'a'}"}                             | ${false}
    ${"k8s.io/role starts with 'api'"}                | ${true}
    ${"k8s.io/role ends with 'v2'"}                   | ${true}
    ${"k8s.io/role contains 'i-v'"}                   | ${true}
    ${"app == 'db' || (env == 'prod' && has(tier))"}  | ${true}
    ${"!(app == 'web')"}                              | ${false}
  `('$text → $result', ({ text, result }: { text: string; result: boolean }) => {
    const s = parseCalicoSelector(text);
    expect(s.error).toBeUndefined();
    expect(calicoMatches(s.expr!, labels)).toBe(result);
  });

  it.each([
    ["app == 'web", 'unterminated string'],
    ['app ==', 'expected a quoted value'],
    ["app = 'x'", 'unexpected "="'],
    ["has(app) app == 'x'", 'unexpected token'],
    ["env in {'a' 'b'}", 'expected "," or "}"'],
  ])('rejects %s', (text, msg) => {
    expect(parseCalicoSelector(text).error).toContain(msg);
  });

  it('rejects hostile nesting without overflowing the stack', () => {
    expect(parseCalicoSelector(`${'('.repeat(2000)}all()${')'.repeat(2000)}`).error).toContain('nested deeper than 64');
    expect(parseCalicoSelector('!'.repeat(5000) + 'all()').error).toMatch(/nested deeper|longer than/);
  });
});

const WORKLOADS = `
apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {team: shop}}
---
apiVersion: v1
kind: Namespace
metadata: {name: db, labels: {team: data}}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web, tier: front}}
spec: {containers: [{name: c, image: nginx, ports: [{containerPort: 80, name: http}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: debug, namespace: shop, labels: {app: debug}}
spec: {containers: [{name: c, image: busybox}]}
---
apiVersion: v1
kind: Pod
metadata: {name: pg, namespace: db, labels: {app: pg}}
spec: {containers: [{name: c, image: postgres, ports: [{containerPort: 5432, name: pg}]}]}
status: {podIP: 10.1.2.3}
`;

function model(policies: string): { m: NetworkModel; pod: (id: string) => PodEndpoint } {
  const m = buildNetworkModel(parseManifests(`${WORKLOADS}\n---\n${policies}`, 'x.yaml').objects);
  return { m, pod: (id) => m.pods.find((p) => p.id === id)! };
}

describe('Calico policies in the network engine', () => {
  it('applies order: a lower-order Deny wins over a later Allow, and the reverse', () => {
    const policy = (denyOrder: number): string => `
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: deny-debug, namespace: db}
spec:
  order: ${denyOrder}
  selector: app == 'pg'
  ingress: [{action: Deny, source: {namespaceSelector: "team == 'shop'", selector: "app == 'debug'"}}]
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: allow-shop}
spec:
  order: 100
  selector: app == 'pg'
  ingress: [{action: Allow, protocol: TCP, source: {namespaceSelector: "team == 'shop'"}, destination: {ports: [pg]}}]
`;
    const early = model(policy(10));
    const v = evaluateTraffic(early.m, early.pod('shop/debug'), early.pod('db/pg'), 5432);
    expect(v.allowed).toBe(false);
    expect(v.ingress.calico).toMatchObject({ action: 'Deny', policy: 'db/deny-debug', rule: 0, tier: 'default' });
    expect(evaluateTraffic(early.m, early.pod('shop/web'), early.pod('db/pg'), 5432).allowed).toBe(true);
    const late = model(policy(200));
    expect(evaluateTraffic(late.m, late.pod('shop/debug'), late.pod('db/pg'), 5432).ingress.calico).toMatchObject({ action: 'Allow', policy: 'global/allow-shop' });
    // The named port resolves on the destination: 5433 is not "pg", so it falls to the end-of-tier drop.
    const other = evaluateTraffic(late.m, late.pod('shop/web'), late.pod('db/pg'), 5433);
    expect(other.allowed).toBe(false);
    expect(other.ingress.calico?.action).toBe('end-of-tier');
  });

  it('Pass skips the rest of the tier and reaches the next; Log does not decide', () => {
    const { m, pod } = model(`
apiVersion: projectcalico.org/v3
kind: Tier
metadata: {name: security}
spec: {order: 100}
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: security.pass-shop}
spec:
  tier: security
  order: 1
  selector: all()
  namespaceSelector: "projectcalico.org/name == 'db'"
  ingress:
  - {action: Log}
  - {action: Pass, source: {namespaceSelector: "team == 'shop'"}}
  - {action: Deny}
---
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: only-web, namespace: db}
spec:
  selector: app == 'pg'
  ingress: [{action: Allow, source: {namespaceSelector: all(), selector: "app == 'web'"}}]
`);
    const web = evaluateTraffic(m, pod('shop/web'), pod('db/pg'), 5432);
    expect(web.allowed).toBe(true);
    expect(web.ingress.calico?.trace).toEqual([
      'tier security, order 1: global/security.pass-shop: rule 0 Log (evaluation goes on)',
      'tier security, order 1: global/security.pass-shop: rule 1 Pass',
      'tier default, order none: db/only-web: rule 0 Allow',
    ]);
    expect(evaluateTraffic(m, pod('shop/debug'), pod('db/pg'), 5432).ingress.calico?.action).toBe('end-of-tier');
    // Traffic from outside the cluster is not passed by the first tier: the catch-all Deny takes it.
    expect(evaluateTraffic(m, ipEndpoint('8.8.8.8')!, pod('db/pg'), 5432).ingress.calico).toMatchObject({ action: 'Deny', tier: 'security', rule: 2 });
  });

  it('combines with Kubernetes NetworkPolicy at order 1000 in the default tier', () => {
    const { m, pod } = model(`
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-all-to-pg, namespace: db}
spec: {podSelector: {matchLabels: {app: pg}}, ingress: [{}]}
---
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: block-debug-first, namespace: db}
spec:
  order: 500
  selector: app == 'pg'
  ingress: [{action: Deny, source: {namespaceSelector: global() || all(), selector: "app == 'debug'"}}]
---
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: block-web-last, namespace: db}
spec:
  order: 2000
  selector: app == 'pg'
  ingress: [{action: Deny, source: {namespaceSelector: all(), selector: "app == 'web'"}}]
`);
    expect(evaluateTraffic(m, pod('shop/debug'), pod('db/pg'), 5432).ingress.calico).toMatchObject({ action: 'Deny', policy: 'db/block-debug-first' });
    // The Kubernetes policy (order 1000) allows web before the order-2000 Deny is reached.
    expect(evaluateTraffic(m, pod('shop/web'), pod('db/pg'), 5432).ingress.calico).toMatchObject({ action: 'Allow', policy: 'knp.default.db/allow-all-to-pg', rule: 0 });
  });

  it('matches nets and notNets against pod IPs and external addresses, and egress with protocol', () => {
    const { m, pod } = model(`
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: web-egress, namespace: shop}
spec:
  selector: app == 'web'
  types: [Egress]
  egress:
  - {action: Allow, protocol: TCP, destination: {nets: [10.0.0.0/8], notNets: [10.1.2.0/24]}}
  - {action: Allow, protocol: UDP, destination: {nets: [0.0.0.0/0], ports: [53]}}
  - {action: Allow, protocol: TCP, destination: {nets: [192.168.0.0/16], ports: ["8000:8100"]}}
`);
    const web = pod('shop/web');
    expect(evaluateTraffic(m, web, ipEndpoint('10.9.9.9')!, 443).allowed).toBe(true);
    expect(evaluateTraffic(m, web, pod('db/pg'), 5432).allowed).toBe(false); // 10.1.2.3 is in notNets
    expect(evaluateTraffic(m, web, ipEndpoint('1.1.1.1')!, 53, 'UDP').allowed).toBe(true);
    expect(evaluateTraffic(m, web, ipEndpoint('1.1.1.1')!, 53, 'TCP').allowed).toBe(false);
    expect(evaluateTraffic(m, web, ipEndpoint('192.168.1.1')!, 8050).allowed).toBe(true);
    expect(evaluateTraffic(m, web, ipEndpoint('192.168.1.1')!, 8101).allowed).toBe(false);
    // Ingress to web is not restricted by an Egress-only policy.
    expect(evaluateTraffic(m, pod('shop/debug'), web, 80).ingress.isolated).toBe(false);
    expect(openRules(m).map((r) => r.what)).toEqual(['to 0.0.0.0/0 (Calico nets) on 53/UDP']);
  });

  it('defaults types from the rules, and a namespaced selector stays in its namespace', () => {
    const { m, pod } = model(`
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: same-ns-only, namespace: db}
spec:
  selector: app == 'pg'
  ingress: [{action: Allow, source: {selector: all()}}]
`);
    expect(evaluateTraffic(m, pod('shop/web'), pod('db/pg'), 5432).allowed).toBe(false);
    expect(m.calico[0]!.types).toEqual({ ingress: true, egress: false });
  });

  it('the matrix with Calico equals direct evaluation, and findings see Calico isolation and problems', () => {
    const { m } = model(`
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: default-deny}
spec: {order: 5000, selector: all(), types: [Ingress, Egress]}
---
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: bad, namespace: shop}
spec:
  selector: "app = 'web'"
  ingress: [{action: Allow, protocol: TCP, source: {serviceAccounts: {names: [x]}}}, {action: Allow, source: {ports: [80]}}]
`);
    const ports = [{ port: 80, protocol: 'TCP' as const }, { port: 5432, protocol: 'TCP' as const }];
    const mx = computeMatrix(m, ports);
    for (let i = 0; i < m.pods.length; i++) for (let j = 0; j < m.pods.length; j++) ports.forEach((q, p) => {
      expect(mx.allowed(i, j, p)).toBe(evaluateTraffic(m, m.pods[i]!, m.pods[j]!, q.port, q.protocol).allowed);
    });
    expect(mx.ingressIsolated(0)).toBe(true);
    const messages = m.problems.map((p) => p.message);
    expect(messages).toContain('Calico NetworkPolicy shop/bad: spec.selector: selector "app = \'web\'": unexpected "=" at 4');
    expect(messages.some((x) => x.includes('spec.ingress[0].source.serviceAccounts, which is not evaluated'))).toBe(true);
    expect(messages.some((x) => x.includes('spec.ingress[1].source.ports'))).toBe(true);
    const objects = parseManifests(`${WORKLOADS}\n---\napiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata: {name: d}\nspec: {selector: all(), types: [Ingress, Egress]}\n`, 'y.yaml').objects;
    expect(checkNetwork(objects).filter((f) => f.ruleId === 'K8S-NET-UNISOLATED')).toEqual([]);
  });
});
