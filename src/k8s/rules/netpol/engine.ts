/**
 * Direct NetworkPolicy evaluation of one connection, with the reasons (which policies isolate each side and which
 * rules allow it). The matrix (matrix.ts) computes the same answer for all pairs at once; tests check they agree.
 * Semantics: https://kubernetes.io/docs/concepts/services-networking/network-policies/
 * - A pod is isolated for ingress (egress) when some policy of its namespace selects it and lists that type.
 * - Isolated: a connection is allowed when any rule of any selecting policy allows it (policies are additive).
 * - A connection needs the source's egress AND the destination's ingress to allow it.
 */
import { calicoNamespaceLabels, calicoPolicyApplies, calicoRuleMatches } from './calico.js';
import type { CalicoEndpointView, CalicoPolicy } from './calico.js';
import { cidrContains } from './cidr.js';
import type { Endpoint, NetPolicy, NetworkModel, PodEndpoint, PolicyPeer, PolicyRule, Protocol } from './model.js';
import { namespaceLabels } from './model.js';
import { selectorMatches } from './selector.js';

/** True when the peer selects the endpoint. `ipBlock` matches external IPs, and pods only through a known pod IP. */
export function peerMatches(model: Pick<NetworkModel, 'namespaces'>, policy: NetPolicy, peer: PolicyPeer, ep: Endpoint): boolean {
  if (peer.invalid) return false;
  if (peer.ipBlock) {
    const ip = ep.ip;
    if (!ip) return false;
    return cidrContains(peer.ipBlock.cidr, ip) && !peer.ipBlock.except.some((e) => cidrContains(e, ip));
  }
  if (ep.kind !== 'pod') return false;
  if (peer.namespaceSelector) {
    if (!selectorMatches(peer.namespaceSelector, namespaceLabels(model, ep.namespace))) return false;
  } else if (ep.namespace !== policy.namespace) {
    return false; // a podSelector alone selects pods of the policy's own namespace
  }
  return peer.podSelector ? selectorMatches(peer.podSelector, ep.labels) : true;
}

/** True when a rule's port list admits `port/protocol` on the destination (named ports resolve on the destination pod). */
export function rulePortMatches(rule: PolicyRule, port: number, protocol: Protocol, dst: Endpoint): boolean {
  if (rule.ports.length === 0) return true;
  return rule.ports.some((p) => {
    if (p.protocol !== protocol) return false;
    if (p.port === undefined) return true;
    if (typeof p.port === 'number') return port >= p.port && port <= (p.endPort ?? p.port);
    if (/^\d+$/.test(p.port)) return Number(p.port) === port;
    return dst.kind === 'pod' && dst.ports.some((cp) => cp.name === p.port && cp.protocol === protocol && cp.port === port);
  });
}

function ruleAllows(model: NetworkModel, policy: NetPolicy, rule: PolicyRule, peer: Endpoint, dst: Endpoint, port: number, protocol: Protocol): boolean {
  if (!rulePortMatches(rule, port, protocol, dst)) return false;
  return rule.peers.length === 0 || rule.peers.some((p) => peerMatches(model, policy, p, peer));
}

/** Policies that select the pod for one direction. */
export function selectingPolicies(model: NetworkModel, pod: PodEndpoint, direction: 'ingress' | 'egress'): NetPolicy[] {
  return model.policies.filter((p) => p.namespace === pod.namespace && p.types[direction] && selectorMatches(p.podSelector, pod.labels));
}

export interface DirectionVerdict {
  /** False when that side is outside the cluster (an IP), where no policy applies. */
  applies: boolean;
  isolated: boolean;
  allowed: boolean;
  /** Each selecting Kubernetes policy and the indexes of its rules that allow the connection (empty = it denies). */
  policies: { policy: NetPolicy; allowingRules: number[] }[];
  /** With Calico policies in the model: what decided, and the policies consulted in order. */
  calico?: CalicoDecision;
}

/** How Calico's ordered evaluation ended for one direction. */
export interface CalicoDecision {
  /** `end-of-tier`: policies applied in the tier and none decided (drop); `profile`: no tier decided (allow). */
  action: 'Allow' | 'Deny' | 'end-of-tier' | 'profile';
  tier?: string;
  /** `knp.default.<name>` for a Kubernetes NetworkPolicy, `<ns>/<name>` or `global/<name>` for Calico ones. */
  policy?: string;
  rule?: number;
  /** One line per policy consulted, in evaluation order. */
  trace: string[];
}

export interface TrafficVerdict {
  allowed: boolean;
  egress: DirectionVerdict;
  ingress: DirectionVerdict;
  /** Whether the destination pod declares a container port for it (informational: undeclared ports may still listen). */
  destinationDeclaresPort: boolean | undefined;
}

/** An endpoint as Calico rules see it. */
export function calicoView(model: Pick<NetworkModel, 'namespaces'>, ep: Endpoint): CalicoEndpointView {
  if (ep.kind !== 'pod') return { ip: ep.ip };
  return {
    pod: { namespace: ep.namespace, labels: ep.labels, namespaceLabels: calicoNamespaceLabels(namespaceLabels(model, ep.namespace), ep.namespace), ports: ep.ports },
    ...(ep.ip ? { ip: ep.ip } : {}),
  };
}

/** Calico policies that apply to a pod in one direction. */
export function applyingCalicoPolicies(model: NetworkModel, pod: PodEndpoint, dir: 'ingress' | 'egress'): CalicoPolicy[] {
  if (model.calico.length === 0) return [];
  const view = calicoView(model, pod).pod!;
  return model.calico.filter((p) => p.types[dir] && calicoPolicyApplies(p, view));
}

/** The default tier sorts after user tiers without an explicit Tier object order (Calico gives it 1,000,000). */
function tierOrder(model: NetworkModel, tier: string): number {
  return model.tiers.get(tier) ?? (tier === 'default' ? 1_000_000 : Number.POSITIVE_INFINITY);
}

type Ordered = { tier: string; order: number; label: string } & ({ k8s: { policy: NetPolicy; allowingRules: number[] } } | { calico: CalicoPolicy });

function calicoDirection(model: NetworkModel, subject: PodEndpoint, src: Endpoint, dst: Endpoint, port: number, protocol: Protocol, dir: 'ingress' | 'egress', k8s: { policy: NetPolicy; allowingRules: number[] }[]): CalicoDecision {
  const entries: Ordered[] = [
    // Calico renders a Kubernetes NetworkPolicy as "knp.default.<name>" in the default tier at order 1000.
    ...k8s.map((k): Ordered => ({ tier: 'default', order: 1000, label: `knp.default.${k.policy.namespace}/${k.policy.name}`, k8s: k })),
    ...applyingCalicoPolicies(model, subject, dir).map((p): Ordered => ({ tier: p.tier, order: p.order, label: p.namespace ? `${p.namespace}/${p.name}` : `global/${p.name}`, calico: p })),
  ];
  const trace: string[] = [];
  if (entries.length === 0) return { action: 'profile', trace };
  const tiers = [...new Set(entries.map((e) => e.tier))].sort((a, b) => tierOrder(model, a) - tierOrder(model, b) || (a < b ? -1 : a > b ? 1 : 0));
  const sv = calicoView(model, src);
  const dv = calicoView(model, dst);
  for (const tier of tiers) {
    const inTier = entries.filter((e) => e.tier === tier).sort((a, b) => a.order - b.order || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
    let passed = false;
    for (const e of inTier) {
      const head = `tier ${tier}, order ${Number.isFinite(e.order) ? e.order : 'none'}: ${e.label}`;
      if ('k8s' in e) {
        const r = e.k8s.allowingRules[0];
        if (r !== undefined) {
          trace.push(`${head}: rule ${r} allows`);
          return { action: 'Allow', tier, policy: e.label, rule: r, trace };
        }
        trace.push(`${head}: no rule matches`);
        continue;
      }
      let decided: CalicoDecision | undefined;
      for (const rule of e.calico[dir]) {
        if (!calicoRuleMatches(e.calico, rule, sv, dv, port, protocol)) continue;
        if (rule.action === 'Log') {
          trace.push(`${head}: rule ${rule.index} Log (evaluation goes on)`);
          continue;
        }
        trace.push(`${head}: rule ${rule.index} ${rule.action}`);
        if (rule.action === 'Pass') passed = true;
        else decided = { action: rule.action, tier, policy: e.label, rule: rule.index, trace };
        break;
      }
      if (decided) return decided;
      if (passed) break;
      trace.push(`${head}: no rule matches`);
    }
    if (!passed) {
      trace.push(`tier ${tier}: policies apply but none decided: end-of-tier drop`);
      return { action: 'end-of-tier', tier, trace };
    }
  }
  trace.push('every tier passed: the Kubernetes profile allows');
  return { action: 'profile', trace };
}

function direction(model: NetworkModel, subject: Endpoint, peer: Endpoint, src: Endpoint, dst: Endpoint, port: number, protocol: Protocol, dir: 'ingress' | 'egress'): DirectionVerdict {
  if (subject.kind !== 'pod') return { applies: false, isolated: false, allowed: true, policies: [] };
  const policies = selectingPolicies(model, subject, dir).map((policy) => ({
    policy,
    allowingRules: policy[dir].filter((r) => ruleAllows(model, policy, r, peer, dst, port, protocol)).map((r) => r.index),
  }));
  if (model.calico.length > 0) {
    const calico = calicoDirection(model, subject, src, dst, port, protocol, dir, policies);
    const isolated = policies.length > 0 || applyingCalicoPolicies(model, subject, dir).length > 0;
    return { applies: true, isolated, allowed: calico.action === 'Allow' || calico.action === 'profile', policies, calico };
  }
  const isolated = policies.length > 0;
  return { applies: true, isolated, allowed: !isolated || policies.some((p) => p.allowingRules.length > 0), policies };
}

/**
 * Evaluates one connection src → dst on port/protocol and explains the answer.
 * @example evaluateTraffic(model, podA, podB, 80, 'TCP').allowed
 */
export function evaluateTraffic(model: NetworkModel, src: Endpoint, dst: Endpoint, port: number, protocol: Protocol = 'TCP'): TrafficVerdict {
  const egress = direction(model, src, dst, src, dst, port, protocol, 'egress');
  const ingress = direction(model, dst, src, src, dst, port, protocol, 'ingress');
  return {
    allowed: egress.allowed && ingress.allowed,
    egress,
    ingress,
    destinationDeclaresPort: dst.kind === 'pod' ? dst.ports.some((p) => p.port === port && p.protocol === protocol) : undefined,
  };
}
