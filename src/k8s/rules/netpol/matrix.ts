/**
 * All-pairs connectivity, built to scale (1,000 workloads × 300 policies in well under 2 s):
 * - pods with the same namespace, labels, declared ports and IP behave identically, so they are grouped into classes;
 * - each policy's selected classes and each rule's peer classes are computed once, as bitsets;
 * - per port, a class's allowed peers are the OR of the bitsets of the rules that select it and admit the port.
 * The result must equal evaluateTraffic() for every pair; matrix.test.ts checks that on random input.
 */
import type { NetPolicy, NetworkModel, PodEndpoint, PolicyRule, Protocol } from './model.js';
import { applyingCalicoPolicies, evaluateTraffic, peerMatches, selectingPolicies } from './engine.js';
import { selectorMatches } from './selector.js';

export interface PortQuery {
  port: number;
  protocol: Protocol;
}

type Bits = Uint32Array;

interface CompiledRule {
  rule: PolicyRule;
  peers: Bits;
}

interface CompiledPolicy {
  policy: NetPolicy;
  ingress: CompiledRule[];
  egress: CompiledRule[];
}

export interface NetpolMatrix {
  pods: PodEndpoint[];
  ports: PortQuery[];
  /** True when traffic from pods[i] to pods[j] on ports[p] is allowed. */
  allowed(i: number, j: number, p: number): boolean;
  ingressIsolated(i: number): boolean;
  egressIsolated(i: number): boolean;
  /** Number of distinct behaviour classes the pods were grouped into. */
  classCount: number;
}

function classKey(p: PodEndpoint): string {
  const labels = Object.keys(p.labels).sort().map((k) => `${k}=${p.labels[k]}`).join(',');
  const ports = p.ports.map((x) => `${x.name ?? ''}:${x.port}/${x.protocol}`).sort().join(',');
  return `${p.namespace}\u0000${labels}\u0000${ports}\u0000${p.ip?.text ?? ''}`;
}

/**
 * With Calico policies (ordered, with Deny and Pass) the bitset shortcut does not hold; every pair is evaluated
 * directly instead. Fine for the sizes Calico manifests come in; the Kubernetes-only path stays the fast one.
 */
function pairwiseMatrix(model: NetworkModel, ports: PortQuery[]): NetpolMatrix {
  const n = model.pods.length;
  const cells = ports.map((q) => {
    const b = new Uint8Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) b[i * n + j] = evaluateTraffic(model, model.pods[i]!, model.pods[j]!, q.port, q.protocol).allowed ? 1 : 0;
    return b;
  });
  const iso = (dir: 'ingress' | 'egress'): boolean[] => model.pods.map((p) => selectingPolicies(model, p, dir).length > 0 || applyingCalicoPolicies(model, p, dir).length > 0);
  const ing = iso('ingress');
  const eg = iso('egress');
  return {
    pods: model.pods, ports, classCount: n,
    allowed: (i, j, p) => cells[p]![i * n + j] === 1,
    ingressIsolated: (i) => ing[i]!,
    egressIsolated: (i) => eg[i]!,
  };
}

/** Computes the allowed-connectivity matrix for the model's pods on each given port. */
export function computeMatrix(model: NetworkModel, ports: PortQuery[]): NetpolMatrix {
  if (model.calico.length > 0) return pairwiseMatrix(model, ports);
  const classes: PodEndpoint[] = [];
  const byKey = new Map<string, number>();
  const podClass = model.pods.map((p) => {
    const k = classKey(p);
    let c = byKey.get(k);
    if (c === undefined) {
      c = classes.length;
      byKey.set(k, c);
      classes.push(p);
    }
    return c;
  });
  const n = classes.length;
  const words = Math.ceil(n / 32) || 1;
  const newBits = (): Bits => new Uint32Array(words);
  const set = (b: Bits, i: number): void => {
    b[i >>> 5]! |= 1 << (i & 31);
  };
  const has = (b: Bits, i: number): boolean => ((b[i >>> 5]! >>> (i & 31)) & 1) === 1;
  const all = newBits();
  for (let i = 0; i < n; i++) set(all, i);

  const compileRule = (policy: NetPolicy, rule: PolicyRule): CompiledRule => {
    if (rule.peers.length === 0) return { rule, peers: all };
    const peers = newBits();
    for (let c = 0; c < n; c++) if (rule.peers.some((p) => peerMatches(model, policy, p, classes[c]!))) set(peers, c);
    return { rule, peers };
  };

  // Which policies select each class, per direction.
  const ingressOf: CompiledPolicy[][] = Array.from({ length: n }, () => []);
  const egressOf: CompiledPolicy[][] = Array.from({ length: n }, () => []);
  for (const policy of model.policies) {
    let compiled: CompiledPolicy | undefined;
    for (let c = 0; c < n; c++) {
      const pod = classes[c]!;
      if (pod.namespace !== policy.namespace || !selectorMatches(policy.podSelector, pod.labels)) continue;
      compiled ??= {
        policy,
        ingress: policy.types.ingress ? policy.ingress.map((r) => compileRule(policy, r)) : [],
        egress: policy.types.egress ? policy.egress.map((r) => compileRule(policy, r)) : [],
      };
      if (policy.types.ingress) ingressOf[c]!.push(compiled);
      if (policy.types.egress) egressOf[c]!.push(compiled);
    }
  }

  // Port admission of a rule towards a destination class; named ports make it depend on the destination.
  const portOk = (rule: PolicyRule, q: PortQuery, dst: PodEndpoint): boolean => {
    if (rule.ports.length === 0) return true;
    return rule.ports.some((p) => {
      if (p.protocol !== q.protocol) return false;
      if (p.port === undefined) return true;
      if (typeof p.port === 'number') return q.port >= p.port && q.port <= (p.endPort ?? p.port);
      if (/^\d+$/.test(p.port)) return Number(p.port) === q.port;
      return dst.ports.some((cp) => cp.name === p.port && cp.protocol === q.protocol && cp.port === q.port);
    });
  };
  const hasNamed = (rule: PolicyRule): boolean => rule.ports.some((p) => typeof p.port === 'string' && !/^\d+$/.test(p.port));

  const ingressAllowed: Bits[][] = []; // [port][dstClass] → src classes
  const egressAllowed: Bits[][] = []; // [port][srcClass] → dst classes
  for (const q of ports) {
    const ing: Bits[] = [];
    for (let d = 0; d < n; d++) {
      if (ingressOf[d]!.length === 0) {
        ing.push(all);
        continue;
      }
      const b = newBits();
      for (const cp of ingressOf[d]!) {
        for (const r of cp.ingress) {
          if (!portOk(r.rule, q, classes[d]!)) continue;
          for (let w = 0; w < words; w++) b[w]! |= r.peers[w]!;
        }
      }
      ing.push(b);
    }
    ingressAllowed.push(ing);
    // For egress, a rule with named ports admits only destination classes where the name resolves to q.port.
    const ruleDst = new Map<PolicyRule, Bits>();
    const egressBits = (r: CompiledRule): Bits => {
      let b = ruleDst.get(r.rule);
      if (b) return b;
      if (!hasNamed(r.rule)) {
        b = r.rule.ports.length === 0 || portOk(r.rule, q, classes[0]!) ? r.peers : newBits();
      } else {
        b = newBits();
        for (let c = 0; c < n; c++) if (has(r.peers, c) && portOk(r.rule, q, classes[c]!)) set(b, c);
      }
      ruleDst.set(r.rule, b);
      return b;
    };
    const eg: Bits[] = [];
    for (let s = 0; s < n; s++) {
      if (egressOf[s]!.length === 0) {
        eg.push(all);
        continue;
      }
      const b = newBits();
      for (const cp of egressOf[s]!) for (const r of cp.egress) {
        const rb = egressBits(r);
        for (let w = 0; w < words; w++) b[w]! |= rb[w]!;
      }
      eg.push(b);
    }
    egressAllowed.push(eg);
  }

  return {
    pods: model.pods,
    ports,
    classCount: n,
    allowed(i, j, p) {
      const s = podClass[i]!;
      const d = podClass[j]!;
      return has(egressAllowed[p]![s]!, d) && has(ingressAllowed[p]![d]!, s);
    },
    ingressIsolated: (i) => ingressOf[podClass[i]!]!.length > 0,
    egressIsolated: (i) => egressOf[podClass[i]!]!.length > 0,
  };
}

/** Rules whose ipBlock admits the whole IPv4 or IPv6 space, or that have no peers (everything, inside and out). */
export function openRules(model: NetworkModel): { policy: NetPolicy; direction: 'ingress' | 'egress'; rule: number; what: string }[] {
  const out: { policy: NetPolicy; direction: 'ingress' | 'egress'; rule: number; what: string }[] = [];
  for (const policy of model.policies) {
    for (const dir of ['ingress', 'egress'] as const) {
      if (!policy.types[dir]) continue;
      for (const r of policy[dir]) {
        const ports = r.ports.length === 0 ? 'all ports' : r.ports.map((p) => `${p.port ?? '*'}${p.endPort ? `-${p.endPort}` : ''}/${p.protocol}`).join(', ');
        if (r.peers.length === 0) out.push({ policy, direction: dir, rule: r.index, what: `${dir === 'ingress' ? 'from' : 'to'} anywhere (no peers listed) on ${ports}` });
        for (const p of r.peers) {
          if (p.ipBlock && p.ipBlock.cidr.bits === 0) {
            const ex = p.ipBlock.except.length > 0 ? ` except ${p.ipBlock.except.map((e) => e.text).join(', ')}` : '';
            out.push({ policy, direction: dir, rule: r.index, what: `${dir === 'ingress' ? 'from' : 'to'} ${p.ipBlock.cidr.text}${ex} on ${ports}` });
          }
        }
      }
    }
  }
  for (const policy of model.calico) {
    const label = { name: policy.name, namespace: policy.namespace ?? '(global)' } as NetPolicy;
    for (const dir of ['ingress', 'egress'] as const) {
      if (!policy.types[dir]) continue;
      for (const r of policy[dir]) {
        if (r.action !== 'Allow' || r.unsupported) continue;
        const peer = dir === 'ingress' ? r.source : r.destination;
        const ports = r.destination.ports.length === 0 ? 'all ports' : r.destination.ports.map((p) => ('name' in p ? p.name : p.start === p.end ? String(p.start) : `${p.start}:${p.end}`)).join(', ');
        const proto = r.protocol ?? 'any protocol';
        const noSelector = !peer.selector && !peer.namespaceSelector && !peer.notSelector;
        if (noSelector && peer.nets.length === 0) out.push({ policy: label, direction: dir, rule: r.index, what: `${dir === 'ingress' ? 'from' : 'to'} anywhere (Calico Allow without ${dir === 'ingress' ? 'source' : 'destination'} constraints) on ${ports}/${proto}` });
        for (const n of peer.nets) if (n.bits === 0) out.push({ policy: label, direction: dir, rule: r.index, what: `${dir === 'ingress' ? 'from' : 'to'} ${n.text} (Calico nets) on ${ports}/${proto}` });
      }
    }
  }
  return out;
}
