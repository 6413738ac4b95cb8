import { describe, expect, it } from 'vitest';
import { parseManifests } from '../manifest.js';
import { parseCidr, parseIp, cidrContains } from './cidr.js';
import { evaluateTraffic } from './engine.js';
import { computeMatrix, openRules } from './matrix.js';
import { buildNetworkModel, ipEndpoint } from './model.js';
import type { NetworkModel, PodEndpoint } from './model.js';

const NS = `apiVersion: v1\nkind: Namespace\nmetadata: {name: prod, labels: {team: a}}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: dev, labels: {team: b}}\n`;
function pod(ns: string, name: string, labels: string, ports = '[{name: http, containerPort: 8080}, {name: dns, containerPort: 53, protocol: UDP}]'): string {
  return `---\napiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: ${ns}, labels: ${labels}}\nspec: {containers: [{name: c, image: x, ports: ${ports}}]}\n`;
}
const PODS = NS + pod('prod', 'web', '{app: web}') + pod('prod', 'db', '{app: db}') + pod('dev', 'tool', '{app: tool}');
function model(policies: string): NetworkModel {
  return buildNetworkModel(parseManifests(`${PODS}---\n${policies}`, 't.yaml').objects);
}
function np(spec: string, ns = 'prod'): string {
  return `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: ${ns}}\nspec: ${spec}\n`;
}
const find = (m: NetworkModel, id: string): PodEndpoint => m.pods.find((p) => p.id === id)!;

describe('evaluateTraffic()', () => {
  it.each`
    name                                   | policy                                                                                                                  | from          | to           | port    | proto    | allowed
    ${'no policy: default allow'}          | ${''}                                                                                                                   | ${'dev/tool'} | ${'prod/db'} | ${5432} | ${'TCP'} | ${true}
    ${'deny all ingress'}                  | ${np('{podSelector: {}, policyTypes: [Ingress]}')}                                                                      | ${'dev/tool'} | ${'prod/db'} | ${5432} | ${'TCP'} | ${false}
    ${'policyTypes defaults to Ingress'}   | ${np('{podSelector: {}}')}                                                                                              | ${'prod/web'} | ${'prod/db'} | ${1}    | ${'TCP'} | ${false}
    ${'egress section implies Egress'}     | ${np('{podSelector: {matchLabels: {app: web}}, egress: []}')}                                                          | ${'prod/web'} | ${'dev/tool'}| ${1}    | ${'TCP'} | ${false}
    ${'podSelector peer: same ns only'}    | ${np('{podSelector: {matchLabels: {app: db}}, ingress: [{from: [{podSelector: {}}]}]}')}                               | ${'dev/tool'} | ${'prod/db'} | ${1}    | ${'TCP'} | ${false}
    ${'podSelector peer: same ns'}         | ${np('{podSelector: {matchLabels: {app: db}}, ingress: [{from: [{podSelector: {}}]}]}')}                               | ${'prod/web'} | ${'prod/db'} | ${1}    | ${'TCP'} | ${true}
    ${'namespaceSelector peer'}            | ${np('{podSelector: {}, ingress: [{from: [{namespaceSelector: {matchLabels: {team: b}}}]}]}')}                          | ${'dev/tool'} | ${'prod/db'} | ${1}    | ${'TCP'} | ${true}
    ${'ns AND pod selector: pod mismatch'} | ${np('{podSelector: {}, ingress: [{from: [{namespaceSelector: {matchLabels: {team: b}}, podSelector: {matchLabels: {app: web}}}]}]}')} | ${'dev/tool'} | ${'prod/db'} | ${1} | ${'TCP'} | ${false}
    ${'ns OR pod selector (two peers)'}    | ${np('{podSelector: {}, ingress: [{from: [{namespaceSelector: {matchLabels: {team: b}}}, {podSelector: {matchLabels: {app: web}}}]}]}')} | ${'dev/tool'} | ${'prod/db'} | ${1} | ${'TCP'} | ${true}
    ${'auto namespace name label'}         | ${np('{podSelector: {}, ingress: [{from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: dev}}}]}]}')} | ${'dev/tool'} | ${'prod/db'} | ${1} | ${'TCP'} | ${true}
    ${'numeric port matches'}              | ${np('{podSelector: {}, ingress: [{ports: [{port: 5432}]}]}')}                                                          | ${'dev/tool'} | ${'prod/db'} | ${5432} | ${'TCP'} | ${true}
    ${'protocol defaults to TCP'}          | ${np('{podSelector: {}, ingress: [{ports: [{port: 53}]}]}')}                                                            | ${'dev/tool'} | ${'prod/db'} | ${53}   | ${'UDP'} | ${false}
    ${'endPort range inside'}              | ${np('{podSelector: {}, ingress: [{ports: [{port: 8000, endPort: 9000}]}]}')}                                           | ${'dev/tool'} | ${'prod/db'} | ${9000} | ${'TCP'} | ${true}
    ${'endPort range outside'}             | ${np('{podSelector: {}, ingress: [{ports: [{port: 8000, endPort: 9000}]}]}')}                                           | ${'dev/tool'} | ${'prod/db'} | ${9001} | ${'TCP'} | ${false}
    ${'named port resolves on dst'}        | ${np('{podSelector: {}, ingress: [{ports: [{port: http}]}]}')}                                                          | ${'dev/tool'} | ${'prod/db'} | ${8080} | ${'TCP'} | ${true}
    ${'named port other number'}           | ${np('{podSelector: {}, ingress: [{ports: [{port: http}]}]}')}                                                          | ${'dev/tool'} | ${'prod/db'} | ${8081} | ${'TCP'} | ${false}
    ${'named UDP port in egress'}          | ${np('{podSelector: {}, policyTypes: [Egress], egress: [{ports: [{port: dns, protocol: UDP}]}]}')}                      | ${'prod/web'} | ${'dev/tool'}| ${53}   | ${'UDP'} | ${true}
    ${'policy in other ns does not isolate'} | ${np('{podSelector: {}}', 'dev')}                                                                                     | ${'dev/tool'} | ${'prod/db'} | ${1}    | ${'TCP'} | ${true}
    ${'additive policies'}                 | ${np('{podSelector: {}}') + '---\n' + np('{podSelector: {}, ingress: [{}]}').replace('name: p', 'name: q')}          | ${'dev/tool'} | ${'prod/db'} | ${1}    | ${'TCP'} | ${true}
    ${'matchExpressions NotIn'}            | ${np('{podSelector: {matchExpressions: [{key: app, operator: NotIn, values: [web]}]}}')}                                | ${'dev/tool'} | ${'prod/web'}| ${1}    | ${'TCP'} | ${true}
  `('$name', ({ policy, from, to, port, proto, allowed }: { policy: string; from: string; to: string; port: number; proto: 'TCP' | 'UDP'; allowed: boolean }) => {
    const m = model(policy);
    expect(m.problems).toEqual([]);
    expect(evaluateTraffic(m, find(m, from), find(m, to), port, proto).allowed).toBe(allowed);
  });

  it.each`
    ip              | allowed
    ${'10.1.2.3'}   | ${true}
    ${'10.9.0.1'}   | ${false}
    ${'192.0.2.1'}  | ${false}
  `('ipBlock with except: $ip → $allowed', ({ ip, allowed }: { ip: string; allowed: boolean }) => {
    const m = model(np('{podSelector: {}, ingress: [{from: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.9.0.0/16]}}]}]}'));
    expect(evaluateTraffic(m, ipEndpoint(ip)!, find(m, 'prod/db'), 80).allowed).toBe(allowed);
  });

  it('reports invalid fields as problems and matches nothing with them', () => {
    const m = model(np('{podSelector: {}, policyTypes: [Sideways], ingress: [{from: [{ipBlock: {cidr: nope}}], ports: [{protocol: ICMP}]}]}'));
    expect(m.problems.map((p) => p.message).join('\n')).toMatch(/Sideways[\s\S]*not a CIDR[\s\S]*ICMP|Sideways/);
    expect(m.problems.length).toBe(3);
  });

  it('explains which policy denies', () => {
    const m = model(np('{podSelector: {matchLabels: {app: db}}, ingress: [{from: [{podSelector: {matchLabels: {app: web}}}]}]}'));
    const v = evaluateTraffic(m, find(m, 'dev/tool'), find(m, 'prod/db'), 5432);
    expect(v.ingress).toMatchObject({ isolated: true, allowed: false });
    expect(v.ingress.policies.map((p) => [p.policy.name, p.allowingRules])).toEqual([['p', []]]);
  });

  it('openRules() lists 0.0.0.0/0 and peerless rules', () => {
    const m = model(np('{podSelector: {}, ingress: [{from: [{ipBlock: {cidr: 0.0.0.0/0}}]}], egress: [{}], policyTypes: [Ingress, Egress]}'));
    expect(openRules(m).map((r) => r.what)).toEqual(['from 0.0.0.0/0 on all ports', 'to anywhere (no peers listed) on all ports']);
  });
});

describe('cidr', () => {
  it.each`
    cidr                | ip               | inside
    ${'10.0.0.0/8'}     | ${'10.255.0.1'}  | ${true}
    ${'10.0.0.0/8'}     | ${'11.0.0.1'}    | ${false}
    ${'0.0.0.0/0'}      | ${'8.8.8.8'}     | ${true}
    ${'2001:db8::/32'}  | ${'2001:db8::1'} | ${true}
    ${'2001:db8::/32'}  | ${'2001:db9::1'} | ${false}
    ${'::/0'}           | ${'10.0.0.1'}    | ${false}
    ${'10.0.0.5/24'}    | ${'10.0.0.200'}  | ${true}
  `('$ip in $cidr is $inside', ({ cidr, ip, inside }: { cidr: string; ip: string; inside: boolean }) => {
    expect(cidrContains(parseCidr(cidr)!, parseIp(ip)!)).toBe(inside);
  });
  it.each(['10.0.0.0', '10.0.0.0/33', '300.0.0.0/8', 'a::b::c/64', '10.0.0.0/8/1'])('rejects %s', (s) => {
    expect(parseCidr(s)).toBeUndefined();
  });
});

describe('computeMatrix()', () => {
  it('agrees with evaluateTraffic() on random models', () => {
    let seed = 7;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const pick = <T>(xs: T[]): T => xs[rnd(xs.length)]!;
    for (let round = 0; round < 20; round++) {
      const docs: string[] = [NS];
      for (let i = 0; i < 12; i++) docs.push(pod(pick(['prod', 'dev']), `p${i}`, `{app: ${pick(['web', 'db', 'api'])}, tier: ${pick(['a', 'b'])}}`, pick(['[{name: http, containerPort: 80}]', '[{name: http, containerPort: 81}]', '[]'])));
      for (let i = 0; i < 6; i++) {
        const peer = pick(['{podSelector: {matchLabels: {app: web}}}', '{namespaceSelector: {matchLabels: {team: b}}}', '{namespaceSelector: {}, podSelector: {matchLabels: {tier: a}}}', '{ipBlock: {cidr: 0.0.0.0/0}}']);
        const ports = pick(['', ', ports: [{port: 80}]', ', ports: [{port: http}]', ', ports: [{port: 70, endPort: 80}]']);
        const dir = pick(['ingress', 'egress']);
        const rules = pick([`[{${dir === 'ingress' ? 'from' : 'to'}: [${peer}]${ports}}]`, '[]', '[{}]']);
        docs.push(`---\n${np(`{podSelector: {matchLabels: {tier: ${pick(['a', 'b'])}}}, policyTypes: [${dir === 'ingress' ? 'Ingress' : 'Egress'}], ${dir}: ${rules}}`, pick(['prod', 'dev'])).replace('name: p', `name: n${i}`)}`);
      }
      const m = buildNetworkModel(parseManifests(docs.join(''), 'r.yaml').objects);
      const ports = [{ port: 80, protocol: 'TCP' as const }, { port: 81, protocol: 'TCP' as const }];
      const mx = computeMatrix(m, ports);
      m.pods.forEach((s, i) => m.pods.forEach((d, j) => ports.forEach((q, p) => {
        expect([round, s.id, d.id, q.port, mx.allowed(i, j, p)]).toEqual([round, s.id, d.id, q.port, evaluateTraffic(m, s, d, q.port, q.protocol).allowed]);
      })));
    }
  });
});
