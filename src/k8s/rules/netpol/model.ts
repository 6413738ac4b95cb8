/**
 * NetworkPolicy model: endpoints (pods, external IPs), namespaces and compiled policies.
 * API: https://kubernetes.io/docs/reference/kubernetes-api/policy-resources/network-policy-v1/
 * Semantics: https://kubernetes.io/docs/concepts/services-networking/network-policies/
 */
import type { JsonValue, K8sObject, SourceRef } from '../../types.js';
import { asArray, asObject, asString } from '../manifest.js';
import { containersOf, podLabels, toWorkload } from '../workloads.js';
import { compileCalicoPolicy, isCalicoPolicy } from './calico.js';
import type { CalicoPolicy } from './calico.js';
import { parseCidr, parseIp } from './cidr.js';
import type { Cidr } from './cidr.js';
import { compileSelector } from './selector.js';
import type { Labels, Selector } from './selector.js';

export type Protocol = 'TCP' | 'UDP' | 'SCTP';

export interface ContainerPort {
  name?: string;
  port: number;
  protocol: Protocol;
}

/** A pod (or the pods of one workload), the unit of the matrix. */
export interface PodEndpoint {
  kind: 'pod';
  /** `namespace/name`, for display and `--from/--to`. */
  id: string;
  namespace: string;
  name: string;
  labels: Labels;
  ports: ContainerPort[];
  /** Pod IP when known (live cluster, test fixtures); ipBlock peers match pods only through it. */
  ip?: { family: 4 | 6; value: bigint; text: string };
  source?: SourceRef;
}

/** Traffic to or from outside the cluster, or an address we cannot tie to a pod. */
export interface IpEndpoint {
  kind: 'ip';
  id: string;
  ip: { family: 4 | 6; value: bigint; text: string };
}

export type Endpoint = PodEndpoint | IpEndpoint;

export interface PolicyPortSpec {
  protocol: Protocol;
  /** undefined = every port of the protocol. */
  port?: number | string;
  endPort?: number;
}

export interface PolicyPeer {
  podSelector?: Selector;
  namespaceSelector?: Selector;
  ipBlock?: { cidr: Cidr; except: Cidr[] };
  /** Set when the peer is invalid; it then matches nothing. */
  invalid?: string;
}

export interface PolicyRule {
  /** `undefined` or empty: every source/destination (pods and IPs). */
  peers: PolicyPeer[];
  /** Empty: every port. */
  ports: PolicyPortSpec[];
  index: number;
}

export interface NetPolicy {
  name: string;
  namespace: string;
  podSelector: Selector;
  ingress: PolicyRule[];
  egress: PolicyRule[];
  /** Which directions the policy isolates (`policyTypes`, or defaulted as the API server does). */
  types: { ingress: boolean; egress: boolean };
  source?: SourceRef;
}

export interface NetworkModel {
  pods: PodEndpoint[];
  /** Namespace name → labels (including `kubernetes.io/metadata.name`). */
  namespaces: Map<string, Labels>;
  policies: NetPolicy[];
  /** Calico projectcalico.org/v3 policies; when present, evaluation follows Calico's tiers and order (calico.ts). */
  calico: CalicoPolicy[];
  /** Calico Tier name → order (from Tier objects). */
  tiers: Map<string, number>;
  problems: { message: string; source?: SourceRef }[];
}

/** Labels of a namespace; unknown namespaces still carry the automatic name label (Kubernetes ≥ 1.21). */
export function namespaceLabels(model: Pick<NetworkModel, 'namespaces'>, ns: string): Labels {
  return model.namespaces.get(ns) ?? { 'kubernetes.io/metadata.name': ns };
}

function toProtocol(v: JsonValue | undefined): Protocol | undefined {
  if (v === undefined || v === null) return 'TCP';
  return v === 'TCP' || v === 'UDP' || v === 'SCTP' ? v : undefined;
}

function compileRules(list: JsonValue | undefined, key: 'from' | 'to', where: string, problems: string[]): PolicyRule[] {
  if (list !== undefined && list !== null && !Array.isArray(list)) problems.push(`${where} is not a list`);
  return asArray(list).map((r, index) => {
    const rule = asObject(r) ?? {};
    const peers = asArray(rule[key]).map((p, j): PolicyPeer => {
      const peer = asObject(p);
      const at = `${where}[${index}].${key}[${j}]`;
      if (!peer) return { invalid: `${at} is not an object` };
      if (peer.ipBlock !== undefined) {
        const ib = asObject(peer.ipBlock);
        const cidr = parseCidr(asString(ib?.cidr) ?? '');
        if (!cidr) return { invalid: `${at}.ipBlock.cidr ${JSON.stringify(ib?.cidr)} is not a CIDR` };
        if (peer.podSelector !== undefined || peer.namespaceSelector !== undefined) return { invalid: `${at} mixes ipBlock with selectors (the API forbids it)` };
        const except: Cidr[] = [];
        for (const e of asArray(ib?.except)) {
          const c = parseCidr(asString(e) ?? '');
          if (!c) return { invalid: `${at}.ipBlock.except ${JSON.stringify(e)} is not a CIDR` };
          except.push(c);
        }
        return { ipBlock: { cidr, except } };
      }
      const out: PolicyPeer = {};
      if (peer.podSelector !== undefined) out.podSelector = compileSelector(peer.podSelector);
      if (peer.namespaceSelector !== undefined) out.namespaceSelector = compileSelector(peer.namespaceSelector);
      if (!out.podSelector && !out.namespaceSelector) return { invalid: `${at} has no podSelector, namespaceSelector or ipBlock` };
      const err = out.podSelector?.error ?? out.namespaceSelector?.error;
      if (err) out.invalid = `${at}: ${err}`;
      return out;
    });
    for (const p of peers) if (p.invalid) problems.push(p.invalid);
    const ports: PolicyPortSpec[] = [];
    asArray(rule.ports).forEach((p, j) => {
      const port = asObject(p);
      const protocol = toProtocol(port?.protocol);
      const at = `${where}[${index}].ports[${j}]`;
      if (!port || !protocol) {
        problems.push(`${at} is invalid (protocol must be TCP, UDP or SCTP)`);
        return;
      }
      const spec: PolicyPortSpec = { protocol };
      if (typeof port.port === 'number' || typeof port.port === 'string') spec.port = port.port;
      if (typeof port.endPort === 'number') {
        if (typeof spec.port !== 'number' || port.endPort < spec.port) problems.push(`${at}.endPort needs a numeric port not above it`);
        else spec.endPort = port.endPort;
      }
      ports.push(spec);
    });
    return { peers, ports, index };
  });
}

/** Compiles one NetworkPolicy object; problems (invalid fields) are returned beside it. */
export function compilePolicy(o: K8sObject): { policy: NetPolicy; problems: string[] } {
  const problems: string[] = [];
  const spec = asObject(o.raw.spec) ?? {};
  const types = asArray(spec.policyTypes);
  // policyTypes defaults: Ingress always, Egress only when the policy has an egress section.
  const typed = types.length > 0;
  const policy: NetPolicy = {
    name: o.name,
    namespace: o.namespace ?? 'default',
    podSelector: compileSelector(spec.podSelector ?? {}),
    ingress: compileRules(spec.ingress, 'from', 'spec.ingress', problems),
    egress: compileRules(spec.egress, 'to', 'spec.egress', problems),
    types: { ingress: typed ? types.includes('Ingress') : true, egress: typed ? types.includes('Egress') : spec.egress !== undefined },
    source: o.source,
  };
  for (const t of types) if (t !== 'Ingress' && t !== 'Egress') problems.push(`policyTypes entry ${JSON.stringify(t)} is not Ingress or Egress`);
  if (policy.podSelector.error) problems.push(`spec.podSelector: ${policy.podSelector.error}`);
  return { policy, problems };
}

/** Builds the network model from manifest objects: workloads become pod endpoints. */
export function buildNetworkModel(objects: readonly K8sObject[]): NetworkModel {
  const model: NetworkModel = { pods: [], namespaces: new Map(), policies: [], calico: [], tiers: new Map(), problems: [] };
  for (const o of objects) {
    if (o.kind === 'Namespace') {
      const labels: Record<string, string> = {};
      for (const [k, v] of Object.entries(asObject(asObject(o.raw.metadata)?.labels) ?? {})) if (typeof v === 'string') labels[k] = v;
      labels['kubernetes.io/metadata.name'] = o.name;
      model.namespaces.set(o.name, labels);
    } else if (isCalicoPolicy(o)) {
      const { policy, problems } = compileCalicoPolicy(o);
      model.calico.push(policy);
      const label = `Calico ${policy.kind} ${policy.namespace ? `${policy.namespace}/` : ''}${policy.name}`;
      for (const p of problems) model.problems.push({ message: `${label}: ${p}`, source: o.source });
    } else if (o.kind === 'Tier' && o.apiVersion === 'projectcalico.org/v3') {
      const order = asObject(o.raw.spec)?.order;
      model.tiers.set(o.name, typeof order === 'number' ? order : Number.POSITIVE_INFINITY);
    } else if (o.kind === 'NetworkPolicy' && o.apiVersion === 'networking.k8s.io/v1') {
      const { policy, problems } = compilePolicy(o);
      model.policies.push(policy);
      for (const p of problems) model.problems.push({ message: `NetworkPolicy ${policy.namespace}/${policy.name}: ${p}`, source: o.source });
    } else {
      const w = toWorkload(o);
      if (!w || w.spec.hostNetwork === true) continue; // host-network pods are not subject to NetworkPolicy
      const ports: ContainerPort[] = [];
      for (const c of containersOf(w)) {
        for (const p of asArray(c.container.ports)) {
          const cp = asObject(p);
          const protocol = toProtocol(cp?.protocol);
          if (cp && typeof cp.containerPort === 'number' && protocol) ports.push({ port: cp.containerPort, protocol, ...(typeof cp.name === 'string' ? { name: cp.name } : {}) });
        }
      }
      const namespace = o.namespace ?? 'default';
      const name = o.kind === 'Pod' ? o.name : `${o.kind.toLowerCase()}.${o.name}`;
      // A live Pod carries its IP, which ipBlock and Calico nets match.
      const podIp = o.kind === 'Pod' ? asString(asObject(o.raw.status)?.podIP) : undefined;
      const ip = podIp ? parseIp(podIp) : undefined;
      model.pods.push({ kind: 'pod', id: `${namespace}/${name}`, namespace, name, labels: podLabels(w), ports, ...(ip && podIp ? { ip: { ...ip, text: podIp } } : {}), source: o.source });
    }
  }
  return model;
}

/** Makes an IP endpoint from text, or undefined when it is not an address. */
export function ipEndpoint(text: string): IpEndpoint | undefined {
  const ip = parseIp(text);
  return ip ? { kind: 'ip', id: text, ip: { ...ip, text } } : undefined;
}
