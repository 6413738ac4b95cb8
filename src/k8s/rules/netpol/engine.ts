/**
 * Direct NetworkPolicy evaluation of one connection, with the reasons (which policies isolate each side and which
 * rules allow it). The matrix (matrix.ts) computes the same answer for all pairs at once; tests check they agree.
 * Semantics: https://kubernetes.io/docs/concepts/services-networking/network-policies/
 * - A pod is isolated for ingress (egress) when some policy of its namespace selects it and lists that type.
 * - Isolated: a connection is allowed when any rule of any selecting policy allows it (policies are additive).
 * - A connection needs the source's egress AND the destination's ingress to allow it.
 */
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
  /** Each selecting policy and the indexes of its rules that allow the connection (empty = it denies). */
  policies: { policy: NetPolicy; allowingRules: number[] }[];
}

export interface TrafficVerdict {
  allowed: boolean;
  egress: DirectionVerdict;
  ingress: DirectionVerdict;
  /** Whether the destination pod declares a container port for it (informational: undeclared ports may still listen). */
  destinationDeclaresPort: boolean | undefined;
}

function direction(model: NetworkModel, subject: Endpoint, peer: Endpoint, dst: Endpoint, port: number, protocol: Protocol, dir: 'ingress' | 'egress'): DirectionVerdict {
  if (subject.kind !== 'pod') return { applies: false, isolated: false, allowed: true, policies: [] };
  const policies = selectingPolicies(model, subject, dir).map((policy) => ({
    policy,
    allowingRules: policy[dir].filter((r) => ruleAllows(model, policy, r, peer, dst, port, protocol)).map((r) => r.index),
  }));
  const isolated = policies.length > 0;
  return { applies: true, isolated, allowed: !isolated || policies.some((p) => p.allowingRules.length > 0), policies };
}

/**
 * Evaluates one connection src → dst on port/protocol and explains the answer.
 * @example evaluateTraffic(model, podA, podB, 80, 'TCP').allowed
 */
export function evaluateTraffic(model: NetworkModel, src: Endpoint, dst: Endpoint, port: number, protocol: Protocol = 'TCP'): TrafficVerdict {
  const egress = direction(model, src, dst, dst, port, protocol, 'egress');
  const ingress = direction(model, dst, src, dst, port, protocol, 'ingress');
  return {
    allowed: egress.allowed && ingress.allowed,
    egress,
    ingress,
    destinationDeclaresPort: dst.kind === 'pod' ? dst.ports.some((p) => p.port === port && p.protocol === protocol) : undefined,
  };
}
