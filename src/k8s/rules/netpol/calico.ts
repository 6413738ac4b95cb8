/**
 * Calico `projectcalico.org/v3` NetworkPolicy and GlobalNetworkPolicy, evaluated together with Kubernetes
 * NetworkPolicies the way Calico's dataplane orders them.
 * Resources: https://docs.tigera.io/calico/latest/reference/resources/networkpolicy and
 * https://docs.tigera.io/calico/latest/reference/resources/globalnetworkpolicy; tiers and Pass:
 * https://docs.tigera.io/calico/latest/network-policy/policy-tiers/tiered-policy
 *
 * Per endpoint and direction: tiers in `order`; in a tier, the policies that apply to the endpoint in `order`
 * (no order = last), then by name; in a policy, rules in sequence. The first matching rule with Allow or Deny
 * decides, Log goes on, Pass leaves the tier for the next one. A tier with applying policies but no deciding rule
 * denies (end-of-tier drop). After the last tier, the Kubernetes profile allows. Kubernetes NetworkPolicies sit in
 * the default tier at order 1000 and are all-Allow rules, which gives back the Kubernetes semantics exactly when
 * no Calico policy is present.
 */
import type { JsonValue, K8sObject, SourceRef } from '../../types.js';
import { asArray, asObject, asString } from '../manifest.js';
import { cidrContains, parseCidr } from './cidr.js';
import type { Cidr } from './cidr.js';
import { calicoSelectorMatches, parseCalicoSelector } from './calico-selector.js';
import type { CalicoSelector } from './calico-selector.js';
import type { Labels } from './selector.js';

export type CalicoAction = 'Allow' | 'Deny' | 'Pass' | 'Log';

export type CalicoPort = { start: number; end: number } | { name: string };

/** The source or destination half of a Calico rule. */
export interface CalicoEntityRule {
  nets: Cidr[];
  notNets: Cidr[];
  selector?: CalicoSelector;
  notSelector?: CalicoSelector;
  namespaceSelector?: CalicoSelector;
  ports: CalicoPort[];
  notPorts: CalicoPort[];
}

export interface CalicoRule {
  index: number;
  action: CalicoAction;
  /** Upper-case name (`TCP`, `ICMP`) or a protocol number as text. */
  protocol?: string;
  notProtocol?: string;
  source: CalicoEntityRule;
  destination: CalicoEntityRule;
  /** Set when the rule uses a field this model cannot evaluate; such a rule never matches. */
  unsupported?: string;
}

export interface CalicoPolicy {
  kind: 'NetworkPolicy' | 'GlobalNetworkPolicy';
  name: string;
  /** For NetworkPolicy only. */
  namespace?: string;
  tier: string;
  /** Lower first; policies without an order come after all ordered ones. */
  order: number;
  selector: CalicoSelector;
  /** GlobalNetworkPolicy: which namespaces' endpoints it applies to. */
  namespaceSelector?: CalicoSelector;
  types: { ingress: boolean; egress: boolean };
  ingress: CalicoRule[];
  egress: CalicoRule[];
  source?: SourceRef;
}

const PROTOCOL_NUMBERS: Record<string, string> = { '6': 'TCP', '17': 'UDP', '132': 'SCTP', '1': 'ICMP', '58': 'ICMPv6' };

function normProtocol(v: JsonValue | undefined): string | undefined {
  if (typeof v === 'number') return PROTOCOL_NUMBERS[String(v)] ?? String(v);
  if (typeof v !== 'string') return undefined;
  return PROTOCOL_NUMBERS[v] ?? v.toUpperCase();
}

function compilePorts(v: JsonValue | undefined, at: string, problems: string[]): CalicoPort[] {
  const out: CalicoPort[] = [];
  for (const p of asArray(v)) {
    if (typeof p === 'number' && Number.isInteger(p) && p >= 0 && p <= 65535) out.push({ start: p, end: p });
    else if (typeof p === 'string' && /^\d+:\d+$/.test(p)) {
      const [a, b] = p.split(':').map(Number) as [number, number];
      if (a > b || b > 65535) problems.push(`${at}: port range ${p} is invalid`);
      else out.push({ start: a, end: b });
    } else if (typeof p === 'string' && /^\d+$/.test(p)) out.push({ start: Number(p), end: Number(p) });
    else if (typeof p === 'string' && p !== '') out.push({ name: p });
    else problems.push(`${at}: port ${JSON.stringify(p)} is invalid`);
  }
  return out;
}

function compileNets(v: JsonValue | undefined, at: string, problems: string[]): Cidr[] {
  const out: Cidr[] = [];
  for (const n of asArray(v)) {
    const c = parseCidr(asString(n) ?? '');
    if (c) out.push(c);
    else problems.push(`${at}: ${JSON.stringify(n)} is not a CIDR`);
  }
  return out;
}

function compileSel(v: JsonValue | undefined, at: string, problems: string[]): CalicoSelector | undefined {
  if (v === undefined || v === null) return undefined;
  const s = parseCalicoSelector(typeof v === 'string' ? v : '\u0000');
  if (s.error) problems.push(`${at}: ${typeof v === 'string' ? s.error : 'selector is not a string'}`);
  return s;
}

/** Rule fields that change which traffic matches but that this model does not evaluate. */
const UNSUPPORTED_RULE_FIELDS = ['http', 'ipVersion', 'metadata'] as const;
const UNSUPPORTED_ENTITY_FIELDS = ['serviceAccounts', 'services'] as const;

function compileEntity(v: JsonValue | undefined, at: string, problems: string[], unsupported: string[]): CalicoEntityRule {
  const o = asObject(v) ?? {};
  for (const f of UNSUPPORTED_ENTITY_FIELDS) if (o[f] !== undefined) unsupported.push(`${at}.${f}`);
  const e: CalicoEntityRule = {
    nets: compileNets(o.nets ?? (o.net !== undefined ? [o.net] : undefined), `${at}.nets`, problems),
    notNets: compileNets(o.notNets ?? (o.notNet !== undefined ? [o.notNet] : undefined), `${at}.notNets`, problems),
    ports: compilePorts(o.ports, `${at}.ports`, problems),
    notPorts: compilePorts(o.notPorts, `${at}.notPorts`, problems),
  };
  const sel = compileSel(o.selector, `${at}.selector`, problems);
  const notSel = compileSel(o.notSelector, `${at}.notSelector`, problems);
  const nsSel = compileSel(o.namespaceSelector, `${at}.namespaceSelector`, problems);
  if (sel) e.selector = sel;
  if (notSel) e.notSelector = notSel;
  if (nsSel) e.namespaceSelector = nsSel;
  return e;
}

function compileRules(list: JsonValue | undefined, where: string, problems: string[]): CalicoRule[] {
  return asArray(list).map((r, index) => {
    const o = asObject(r) ?? {};
    const at = `${where}[${index}]`;
    const unsupported: string[] = [];
    const action = o.action;
    const rule: CalicoRule = {
      index,
      action: action === 'Allow' || action === 'Deny' || action === 'Pass' || action === 'Log' ? action : 'Deny',
      source: compileEntity(o.source, `${at}.source`, problems, unsupported),
      destination: compileEntity(o.destination, `${at}.destination`, problems, unsupported),
    };
    if (rule.action !== action) {
      problems.push(`${at}.action ${JSON.stringify(action)} is not Allow, Deny, Pass or Log`);
      unsupported.push(`${at}.action`);
    }
    const protocol = normProtocol(o.protocol);
    const notProtocol = normProtocol(o.notProtocol);
    if (protocol) rule.protocol = protocol;
    if (notProtocol) rule.notProtocol = notProtocol;
    for (const f of UNSUPPORTED_RULE_FIELDS) if (o[f] !== undefined) unsupported.push(`${at}.${f}`);
    // The source port of a connection is ephemeral and unknown here.
    if (rule.source.ports.length > 0 || rule.source.notPorts.length > 0) unsupported.push(`${at}.source.ports`);
    if ((rule.destination.ports.length > 0 || rule.destination.notPorts.length > 0) && !['TCP', 'UDP', 'SCTP', 'UDPLITE'].includes(protocol ?? '')) {
      problems.push(`${at}: ports need protocol TCP, UDP or SCTP (Calico rejects the rule)`);
      unsupported.push(`${at}.protocol`);
    }
    if (unsupported.length > 0) {
      rule.unsupported = unsupported.join(', ');
      problems.push(`${at} uses ${rule.unsupported}, which is not evaluated: the rule is treated as matching nothing`);
    }
    return rule;
  });
}

/** True for the Calico policy kinds this module reads. */
export function isCalicoPolicy(o: K8sObject): boolean {
  return o.apiVersion === 'projectcalico.org/v3' && (o.kind === 'NetworkPolicy' || o.kind === 'GlobalNetworkPolicy');
}

/** Compiles one Calico policy object; problems (invalid or unevaluated fields) are returned beside it. */
export function compileCalicoPolicy(o: K8sObject): { policy: CalicoPolicy; problems: string[] } {
  const problems: string[] = [];
  const spec = asObject(o.raw.spec) ?? {};
  const ingress = compileRules(spec.ingress, 'spec.ingress', problems);
  const egress = compileRules(spec.egress, 'spec.egress', problems);
  const types = asArray(spec.types);
  // types defaults: Ingress, plus Egress when the policy has egress rules (and Egress alone if it has only those).
  const typed = types.length > 0;
  const hasEgress = asArray(spec.egress).length > 0;
  const hasIngress = asArray(spec.ingress).length > 0;
  const global = o.kind === 'GlobalNetworkPolicy';
  const order = typeof spec.order === 'number' ? spec.order : Number.POSITIVE_INFINITY;
  const tierField = asString(spec.tier) ?? 'default';
  const policy: CalicoPolicy = {
    kind: global ? 'GlobalNetworkPolicy' : 'NetworkPolicy',
    name: o.name,
    ...(global ? {} : { namespace: o.namespace ?? 'default' }),
    tier: tierField,
    order,
    selector: compileSel(spec.selector ?? '', 'spec.selector', problems) ?? parseCalicoSelector(''),
    types: typed
      ? { ingress: types.includes('Ingress'), egress: types.includes('Egress') }
      : { ingress: hasIngress || !hasEgress, egress: hasEgress },
    ingress,
    egress,
    source: o.source,
  };
  if (global) {
    const ns = compileSel(spec.namespaceSelector, 'spec.namespaceSelector', problems);
    if (ns) policy.namespaceSelector = ns;
  } else if (spec.namespaceSelector !== undefined) {
    problems.push('spec.namespaceSelector exists only on GlobalNetworkPolicy');
  }
  if (spec.order !== undefined && typeof spec.order !== 'number') problems.push('spec.order is not a number');
  for (const t of types) if (t !== 'Ingress' && t !== 'Egress') problems.push(`spec.types entry ${JSON.stringify(t)} is not Ingress or Egress`);
  return { policy, problems };
}

/** Labels Calico adds to pod endpoints, so selectors can name the namespace and orchestrator. */
export function calicoPodLabels(labels: Labels, namespace: string): Labels {
  return { ...labels, 'projectcalico.org/namespace': namespace, 'projectcalico.org/orchestrator': 'k8s' };
}

/** Labels of a namespace as Calico's namespaceSelector sees them (`projectcalico.org/name` added). */
export function calicoNamespaceLabels(labels: Labels, namespace: string): Labels {
  return { ...labels, 'projectcalico.org/name': namespace };
}

/** One endpoint as Calico rules see it. */
export interface CalicoEndpointView {
  /** Undefined for addresses outside the cluster. */
  pod?: { namespace: string; labels: Labels; namespaceLabels: Labels; ports: { name?: string; port: number; protocol: string }[] };
  ip?: { family: 4 | 6; value: bigint };
}

/** True when the policy applies to the pod (selector, and namespace or namespaceSelector). */
export function calicoPolicyApplies(p: CalicoPolicy, pod: NonNullable<CalicoEndpointView['pod']>): boolean {
  if (p.namespace !== undefined && p.namespace !== pod.namespace) return false;
  if (p.namespaceSelector && !calicoSelectorMatches(p.namespaceSelector, pod.namespaceLabels)) return false;
  return calicoSelectorMatches(p.selector, calicoPodLabels(pod.labels, pod.namespace));
}

function portIn(list: CalicoPort[], port: number, protocol: string, ep: CalicoEndpointView): boolean {
  return list.some((p) => ('name' in p
    ? ep.pod?.ports.some((cp) => cp.name === p.name && cp.protocol === protocol && cp.port === port) ?? false
    : port >= p.start && port <= p.end));
}

function entityMatches(policy: CalicoPolicy, e: CalicoEntityRule, ep: CalicoEndpointView, port: number | undefined, protocol: string): boolean {
  if (e.nets.length > 0 && !(ep.ip && e.nets.some((n) => cidrContains(n, ep.ip!)))) return false;
  if (ep.ip && e.notNets.some((n) => cidrContains(n, ep.ip!))) return false;
  if (port !== undefined) {
    if (e.ports.length > 0 && !portIn(e.ports, port, protocol, ep)) return false;
    if (e.notPorts.length > 0 && portIn(e.notPorts, port, protocol, ep)) return false;
  }
  const usesSelector = e.selector !== undefined || e.notSelector !== undefined || e.namespaceSelector !== undefined;
  if (!usesSelector) return true;
  // Selectors pick endpoints (pods); an address outside the cluster carries no labels.
  if (!ep.pod) return e.selector === undefined && e.namespaceSelector === undefined;
  const labels = calicoPodLabels(ep.pod.labels, ep.pod.namespace);
  if (e.namespaceSelector) {
    if (!calicoSelectorMatches(e.namespaceSelector, ep.pod.namespaceLabels)) return false;
  } else if (policy.namespace !== undefined && ep.pod.namespace !== policy.namespace) {
    // In a namespaced policy, selectors without a namespaceSelector pick endpoints of the policy's namespace.
    return false;
  }
  if (e.selector && !calicoSelectorMatches(e.selector, labels)) return false;
  if (e.notSelector && calicoSelectorMatches(e.notSelector, labels)) return false;
  return true;
}

/** True when a Calico rule matches the connection src → dst on port/protocol. */
export function calicoRuleMatches(policy: CalicoPolicy, rule: CalicoRule, src: CalicoEndpointView, dst: CalicoEndpointView, port: number, protocol: string): boolean {
  if (rule.unsupported) return false;
  if (rule.protocol !== undefined && rule.protocol !== protocol) return false;
  if (rule.notProtocol !== undefined && rule.notProtocol === protocol) return false;
  return entityMatches(policy, rule.source, src, undefined, protocol) && entityMatches(policy, rule.destination, dst, port, protocol);
}
