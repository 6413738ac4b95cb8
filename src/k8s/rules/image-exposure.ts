/**
 * Images in workloads, ranked by exposure: joins per-image scan results, the workloads that run each image, and
 * whether each workload can be reached from outside its namespace according to the NetworkPolicy analysis.
 * `drydock k8s --scan-images` does the pulling and matching (I/O) and hands the results here.
 *
 * Reachability is what the workload's ingress admits, asked of the engine (`evaluateTraffic`) with probe sources:
 * - another namespace: every pod of the manifests in another namespace, an unlabelled pod in every other known
 *   namespace and in an unknown one, and for each `namespaceSelector` peer of the policies selecting the workload a
 *   pod built to satisfy it (namespace and pod labels taken from the selectors' `matchLabels`/`In`/`Exists`);
 * - outside the cluster: 203.0.113.10 and 2001:db8::10, plus an address inside every `ipBlock` (outside its
 *   `except`) and every Calico source `nets` of those policies.
 * Each probe is asked on the workload's declared container ports and the numeric ports the policies name (80/TCP
 * when there are none). Source-side egress policies are not counted: a new pod elsewhere would not have them.
 * Host-network workloads are not subject to NetworkPolicy and count as reachable from everywhere.
 */
import type { Finding, ScanResult } from '../../model/index.js';
import type { K8sObject } from '../types.js';
import { asString } from './manifest.js';
import { applyingCalicoPolicies, evaluateTraffic, selectingPolicies } from './netpol/engine.js';
import type { Cidr } from './netpol/cidr.js';
import { buildNetworkModel } from './netpol/model.js';
import type { Endpoint, IpEndpoint, NetworkModel, PodEndpoint, Protocol } from './netpol/model.js';
import type { Labels, Selector } from './netpol/selector.js';
import { containersOf, toWorkload } from './workloads.js';

/** How a workload can be reached from outside its namespace. */
export interface Reachability {
  /** Some NetworkPolicy (Kubernetes or Calico) selects the workload for ingress. */
  isolated: boolean;
  /** A pod of another namespace may connect. */
  fromOtherNamespaces: boolean;
  /** An address outside the cluster may connect (no isolation, an `ipBlock`, `0.0.0.0/0`, a rule without peers). */
  fromExternal: boolean;
  /** One line per kind of access found: which probe got in, on which port, and what let it in. */
  reasons: string[];
}

/** The outcome of scanning one image: a scan result, or why it could not be scanned. */
export type ImageScan = { image: string; result: ScanResult } | { image: string; error: { code: string; message: string } };

/** One critical finding, as the exposure report shows it. */
export interface CriticalFinding {
  id: string;
  kind: Finding['kind'];
  package: string;
  version: string;
  fixedVersion?: string;
}

/** Exposure tiers, most urgent first. */
export type ExposureTier =
  | 'CRITICAL_REACHABLE'
  | 'CRITICAL_NAMESPACE_ONLY'
  | 'NOT_SCANNED_REACHABLE'
  | 'NOT_SCANNED_NAMESPACE_ONLY'
  | 'REACHABLE'
  | 'NAMESPACE_ONLY';

/** Tiers in ranking order. */
export const EXPOSURE_TIERS: readonly ExposureTier[] = ['CRITICAL_REACHABLE', 'CRITICAL_NAMESPACE_ONLY', 'NOT_SCANNED_REACHABLE', 'NOT_SCANNED_NAMESPACE_ONLY', 'REACHABLE', 'NAMESPACE_ONLY'];

/** How reports name each tier. */
export const EXPOSURE_TIER_LABELS: Readonly<Record<ExposureTier, string>> = {
  CRITICAL_REACHABLE: 'CRITICAL + reachable from outside the namespace',
  CRITICAL_NAMESPACE_ONLY: 'CRITICAL, reachable only inside the namespace',
  NOT_SCANNED_REACHABLE: 'NOT SCANNED + reachable from outside the namespace',
  NOT_SCANNED_NAMESPACE_ONLY: 'NOT SCANNED, reachable only inside the namespace',
  REACHABLE: 'no critical + reachable from outside the namespace',
  NAMESPACE_ONLY: 'no critical, reachable only inside the namespace',
};

/** One workload × image, ranked. */
export interface ExposureRow {
  rank: number;
  tier: ExposureTier;
  /** The NetworkPolicy id: `namespace/name` for Pods, `namespace/<kind>.<name>` for controllers. */
  workload: string;
  kind: string;
  namespace: string;
  name: string;
  file: string;
  line: number;
  image: string;
  /** Set when the image could not be scanned; `critical` is then empty and says nothing. */
  scanError?: { code: string; message: string };
  critical: CriticalFinding[];
  reachable: Reachability;
}

/** Every image run by a workload of the objects, de-duplicated and sorted. */
export function workloadImages(objects: readonly K8sObject[]): string[] {
  const out = new Set<string>();
  for (const o of objects) {
    const w = toWorkload(o);
    if (!w) continue;
    for (const c of containersOf(w)) {
      const image = asString(c.container.image);
      if (image) out.add(image);
    }
  }
  return [...out].sort();
}

function formatIp(family: 4 | 6, value: bigint): string {
  if (family === 4) return [24n, 16n, 8n, 0n].map((s) => String((value >> s) & 0xffn)).join('.');
  const groups: string[] = [];
  for (let s = 112n; s >= 0n; s -= 16n) groups.push(((value >> s) & 0xffffn).toString(16));
  return groups.join(':');
}

function ipProbe(family: 4 | 6, value: bigint): IpEndpoint {
  const text = formatIp(family, value);
  return { kind: 'ip', id: text, ip: { family, value, text } };
}

function lastAddress(c: Cidr): bigint {
  const width = c.family === 4 ? 32 : 128;
  return c.base | ((1n << BigInt(width - c.bits)) - 1n);
}

/** An address inside the block and outside every excepted block, if there is one among a few candidates. */
function addressIn(cidr: Cidr, except: readonly Cidr[]): IpEndpoint | undefined {
  const inside = (v: bigint, c: Cidr): boolean => v >= c.base && v <= lastAddress(c) && c.family === cidr.family;
  const candidates = [cidr.base, ...except.map((e) => lastAddress(e) + 1n)];
  const v = candidates.find((x) => inside(x, cidr) && !except.some((e) => inside(x, e)));
  return v === undefined ? undefined : ipProbe(cidr.family, v);
}

/** Labels satisfying the selector's positive requirements (`In` takes its first value, `Exists` any value). */
function witnessLabels(s: Selector | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const r of s?.requirements ?? []) {
    if (r.op === 'In' && r.values[0] !== undefined) out[r.key] = r.values[0];
    else if (r.op === 'Exists') out[r.key] = 'x';
  }
  return out;
}

const NAME_LABEL = 'kubernetes.io/metadata.name';

function probePod(namespace: string, labels: Labels, n: number): PodEndpoint {
  return { kind: 'pod', id: `${namespace}/probe-${n}`, namespace, name: `probe-${n}`, labels, ports: [] };
}

/** The sources and ports to ask the engine about for one destination. */
function probes(model: NetworkModel, dst: PodEndpoint): { pods: PodEndpoint[]; ips: IpEndpoint[]; ports: { port: number; protocol: Protocol }[]; namespaces: Map<string, Labels> } {
  const policies = selectingPolicies(model, dst, 'ingress');
  const calico = applyingCalicoPolicies(model, dst, 'ingress');
  const namespaces = new Map(model.namespaces);
  const pods: PodEndpoint[] = model.pods.filter((p) => p.namespace !== dst.namespace);
  let n = 0;
  const otherNames = [...model.namespaces.keys(), ...model.pods.map((p) => p.namespace)].filter((ns) => ns !== dst.namespace);
  for (const ns of new Set([...otherNames, `drydock-probe-${dst.namespace}`])) pods.push(probePod(ns, {}, n++));
  const ips: IpEndpoint[] = [ipProbe(4, 0xcb00710an), ipProbe(6, 0x20010db8000000000000000000000010n)];
  const ports = new Map(dst.ports.map((p) => [`${p.port}/${p.protocol}`, { port: p.port, protocol: p.protocol }]));
  for (const policy of policies) {
    for (const rule of policy.ingress) {
      for (const spec of rule.ports) {
        const port = typeof spec.port === 'number' ? spec.port : typeof spec.port === 'string' && /^\d+$/.test(spec.port) ? Number(spec.port) : undefined;
        if (port !== undefined) ports.set(`${port}/${spec.protocol}`, { port, protocol: spec.protocol });
      }
      for (const peer of rule.peers) {
        if (peer.ipBlock) {
          const ip = addressIn(peer.ipBlock.cidr, peer.ipBlock.except);
          if (ip) ips.push(ip);
        } else if (peer.namespaceSelector) {
          const nsLabels = witnessLabels(peer.namespaceSelector);
          const name = nsLabels[NAME_LABEL] ?? `drydock-probe-${n}`;
          if (name === dst.namespace) continue;
          if (!namespaces.has(name)) namespaces.set(name, { ...nsLabels, [NAME_LABEL]: name });
          pods.push(probePod(name, witnessLabels(peer.podSelector), n++));
        }
      }
    }
  }
  for (const c of calico) for (const rule of c.ingress) for (const net of rule.source.nets) {
    const ip = addressIn(net, rule.source.notNets);
    if (ip) ips.push(ip);
  }
  if (ports.size === 0) ports.set('80/TCP', { port: 80, protocol: 'TCP' });
  // Pods alike in namespace, labels and IP get the same answer: ask once (large manifests have many replicas alike).
  const distinct = new Map<string, PodEndpoint>();
  for (const p of pods) {
    const key = JSON.stringify([p.namespace, Object.entries(p.labels).sort(), p.ip?.text ?? '']);
    if (!distinct.has(key)) distinct.set(key, p);
  }
  return { pods: [...distinct.values()], ips, ports: [...ports.values()], namespaces };
}

function why(v: ReturnType<typeof evaluateTraffic>['ingress']): string {
  if (!v.isolated) return 'not isolated for ingress';
  if (v.calico) return v.calico.action === 'profile' ? 'Calico profile allows' : `allowed by ${v.calico.policy ?? '?'} rule ${v.calico.rule ?? '?'}`;
  const p = v.policies.find((x) => x.allowingRules.length > 0);
  return p ? `allowed by ${p.policy.namespace}/${p.policy.name} ingress rule ${p.allowingRules.join(', ')}` : 'allowed';
}

/**
 * Whether the pod can be reached from outside its namespace: from a pod of another namespace, or from an address
 * outside the cluster (see the module comment for the probes).
 * @example reachability(model, model.pods[0]).fromExternal
 */
export function reachability(model: NetworkModel, dst: PodEndpoint): Reachability {
  const pr = probes(model, dst);
  const probeModel: NetworkModel = { ...model, namespaces: pr.namespaces };
  const out: Reachability = { isolated: false, fromOtherNamespaces: false, fromExternal: false, reasons: [] };
  const ask = (src: Endpoint): string | undefined => {
    for (const q of pr.ports) {
      const v = evaluateTraffic(probeModel, src, dst, q.port, q.protocol).ingress;
      out.isolated ||= v.isolated;
      if (v.allowed) return `from ${src.kind === 'ip' ? src.id : `a pod of namespace ${src.namespace}${src.id.includes('/probe-') ? '' : ` (${src.id})`}`} on ${q.port}/${q.protocol}: ${why(v)}`;
    }
    return undefined;
  };
  for (const ip of pr.ips) {
    const r = ask(ip);
    if (r) {
      out.fromExternal = true;
      out.reasons.push(r);
      break;
    }
  }
  for (const pod of pr.pods) {
    const r = ask(pod);
    if (r) {
      out.fromOtherNamespaces = true;
      out.reasons.push(r);
      break;
    }
  }
  return out;
}

function criticalOf(result: ScanResult): CriticalFinding[] {
  const seen = new Map<string, CriticalFinding>();
  for (const f of result.findings) {
    if (f.severity !== 'CRITICAL') continue;
    const key = `${f.id}\0${f.package.name}\0${f.package.version}`;
    if (!seen.has(key)) seen.set(key, { id: f.id, kind: f.kind, package: f.package.name, version: f.package.version, ...(f.fixedVersion ? { fixedVersion: f.fixedVersion } : {}) });
  }
  return [...seen.values()].sort((a, b) => a.id.localeCompare(b.id) || a.package.localeCompare(b.package) || a.version.localeCompare(b.version));
}

function tierOf(critical: number, scanned: boolean, outside: boolean): ExposureTier {
  if (!scanned) return outside ? 'NOT_SCANNED_REACHABLE' : 'NOT_SCANNED_NAMESPACE_ONLY';
  if (critical > 0) return outside ? 'CRITICAL_REACHABLE' : 'CRITICAL_NAMESPACE_ONLY';
  return outside ? 'REACHABLE' : 'NAMESPACE_ONLY';
}

/**
 * One row per workload × image, ranked by exposure: critical findings reachable from outside the namespace first,
 * then critical findings reachable only inside it, then images that could not be scanned, then the rest. Within a
 * tier: reachable from outside the cluster before other namespaces only, more critical findings first, then by
 * workload and image. Images without an entry in `scans` count as not scanned.
 */
export function rankImageExposure(objects: readonly K8sObject[], scans: readonly ImageScan[]): ExposureRow[] {
  const model = buildNetworkModel(objects);
  const byImage = new Map(scans.map((s) => [s.image, s]));
  const critical = new Map<string, CriticalFinding[]>();
  for (const s of scans) if ('result' in s) critical.set(s.image, criticalOf(s.result));
  const rows: Omit<ExposureRow, 'rank'>[] = [];
  for (const o of objects) {
    const w = toWorkload(o);
    if (!w) continue;
    const namespace = o.namespace ?? 'default';
    const name = o.kind === 'Pod' ? o.name : `${o.kind.toLowerCase()}.${o.name}`;
    const id = `${namespace}/${name}`;
    let reach: Reachability;
    if (w.spec.hostNetwork === true) {
      reach = { isolated: false, fromOtherNamespaces: true, fromExternal: true, reasons: ['hostNetwork: the pod uses the node network, which NetworkPolicy does not govern'] };
    } else {
      const pod = model.pods.find((p) => p.id === id && p.source === o.source) ?? model.pods.find((p) => p.id === id);
      reach = pod ? reachability(model, pod) : { isolated: false, fromOtherNamespaces: true, fromExternal: true, reasons: ['not in the network model: counted as reachable'] };
    }
    const images = [...new Set(containersOf(w).map((c) => asString(c.container.image)).filter((x): x is string => x !== undefined))];
    for (const image of images) {
      const scan = byImage.get(image);
      const scanError = !scan ? { code: 'NOT_SCANNED', message: 'no scan result for this image' } : 'error' in scan ? scan.error : undefined;
      const crit = critical.get(image) ?? [];
      const outside = reach.fromExternal || reach.fromOtherNamespaces;
      rows.push({
        tier: tierOf(crit.length, scanError === undefined, outside),
        workload: id, kind: o.kind, namespace, name: o.name, file: o.source.file, line: o.source.line, image,
        ...(scanError ? { scanError } : {}), critical: crit, reachable: reach,
      });
    }
  }
  rows.sort((a, b) =>
    EXPOSURE_TIERS.indexOf(a.tier) - EXPOSURE_TIERS.indexOf(b.tier) ||
    Number(b.reachable.fromExternal) - Number(a.reachable.fromExternal) ||
    b.critical.length - a.critical.length ||
    a.workload.localeCompare(b.workload) || a.image.localeCompare(b.image));
  return rows.map((r, i) => ({ rank: i + 1, ...r }));
}
