import { describe, expect, it } from 'vitest';
import type { ScanResult } from '../../model/index.js';
import { rankImageExposure, reachability, workloadImages } from './image-exposure.js';
import type { ImageScan } from './image-exposure.js';
import { parseManifests } from './manifest.js';
import { buildNetworkModel } from './netpol/model.js';

function scan(image: string, findings: { id: string; severity: string; pkg: string; version?: string; fixed?: string }[]): ImageScan {
  const result: ScanResult = {
    schema: 'drydock-scan/1',
    inventory: {
      schema: 'drydock-inventory/1', tool: { name: 'drydock', version: '0.1.0' }, createdAt: '2025-01-01T00:00:00Z',
      image: { reference: image, sourceKind: 'registry', layers: [] }, packages: [], issues: [],
    },
    findings: findings.map((f) => ({
      kind: 'vulnerability', id: f.id, aliases: [], status: f.fixed ? 'fixed' : 'affected', severity: f.severity as 'CRITICAL',
      severitySource: 'nvd', ratings: [], dataSources: ['nvd'], ...(f.fixed ? { fixedVersion: f.fixed } : {}),
      package: { type: 'npm', name: f.pkg, version: f.version ?? '1.0.0', purl: `pkg:npm/${f.pkg}@${f.version ?? '1.0.0'}`, location: '/app/package.json' },
    })),
    suppressed: [], notScanned: [], warnings: [],
  };
  return { image, result };
}

function deploy(ns: string, name: string, image: string, extra = ''): string {
  return `---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec:\n      ${extra}containers: [{name: c, image: ${image}, ports: [{containerPort: 8080, name: http}]}]\n`;
}
function np(ns: string, spec: string): string {
  return `---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: ${ns}}\nspec: ${spec}\n`;
}
const SAME_NS_ONLY = '{podSelector: {}, policyTypes: [Ingress], ingress: [{from: [{podSelector: {}}]}]}';
const objects = (text: string) => parseManifests(text, 'm.yaml').objects;

function reach(text: string, id: string) {
  const model = buildNetworkModel(objects(text));
  return reachability(model, model.pods.find((p) => p.id === id)!);
}

describe('reachability()', () => {
  it('an unisolated workload is reachable from other namespaces and from outside the cluster', () => {
    const r = reach(deploy('shop', 'web', 'a'), 'shop/deployment.web');
    expect(r).toMatchObject({ isolated: false, fromOtherNamespaces: true, fromExternal: true });
    expect(r.reasons.join('\n')).toMatch(/not isolated for ingress/);
  });

  it('a same-namespace-only policy keeps out other namespaces and external addresses', () => {
    const r = reach(deploy('shop', 'web', 'a') + deploy('other', 'tool', 'b') + np('shop', SAME_NS_ONLY), 'shop/deployment.web');
    expect(r).toEqual({ isolated: true, fromOtherNamespaces: false, fromExternal: false, reasons: [] });
  });

  it('an ipBlock 0.0.0.0/0 allow makes it reachable from outside but not from other namespaces', () => {
    const r = reach(deploy('shop', 'web', 'a') + np('shop', '{podSelector: {}, ingress: [{from: [{ipBlock: {cidr: 0.0.0.0/0}}]}]}'), 'shop/deployment.web');
    expect(r).toMatchObject({ isolated: true, fromExternal: true, fromOtherNamespaces: false });
    expect(r.reasons[0]).toMatch(/allowed by shop\/p ingress rule 0/);
  });

  it('a narrow ipBlock with except still counts as external, probed inside the block and outside the except', () => {
    const r = reach(deploy('shop', 'web', 'a') + np('shop', '{podSelector: {}, ingress: [{from: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.0.0.0/16]}}], ports: [{port: 9000}]}]}'), 'shop/deployment.web');
    expect(r.fromExternal).toBe(true);
    expect(r.reasons[0]).toMatch(/^from 10\.1\.0\.0 on 9000\/TCP/);
  });

  it('a namespaceSelector peer matching a namespace not in the manifests is found through a witness pod', () => {
    const r = reach(deploy('shop', 'web', 'a') + np('shop', '{podSelector: {}, ingress: [{from: [{namespaceSelector: {matchLabels: {team: ops}}, podSelector: {matchLabels: {role: scraper}}}]}]}'), 'shop/deployment.web');
    expect(r).toMatchObject({ isolated: true, fromOtherNamespaces: true, fromExternal: false });
  });

  it('a namespaceSelector naming only the own namespace does not open it', () => {
    const r = reach(deploy('shop', 'web', 'a') + np('shop', '{podSelector: {}, ingress: [{from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: shop}}}]}]}'), 'shop/deployment.web');
    expect(r).toMatchObject({ fromOtherNamespaces: false, fromExternal: false });
  });
});

describe('rankImageExposure()', () => {
  const manifests = deploy('open', 'api', 'reg/app:1') + deploy('closed', 'api', 'reg/app:1') + np('closed', SAME_NS_ONLY) +
    deploy('open', 'static', 'reg/clean:1') + deploy('open', 'broken', 'reg/missing:1');
  const scans: ImageScan[] = [
    scan('reg/app:1', [
      { id: 'CVE-2021-44906', severity: 'CRITICAL', pkg: 'minimist', version: '1.2.0', fixed: '1.2.6' },
      { id: 'CVE-2021-44906', severity: 'CRITICAL', pkg: 'minimist', version: '1.2.0', fixed: '1.2.6' },
      { id: 'CVE-2021-23337', severity: 'HIGH', pkg: 'lodash', fixed: '4.17.21' },
    ]),
    scan('reg/clean:1', [{ id: 'CVE-1', severity: 'LOW', pkg: 'x' }]),
    { image: 'reg/missing:1', error: { code: 'IMAGE_NOT_FOUND', message: 'manifest unknown' } },
  ];

  it('ranks critical + reachable first, then critical inside the namespace, then unscanned, then the rest', () => {
    const rows = rankImageExposure(objects(manifests), scans);
    expect(rows.map((r) => [r.rank, r.workload, r.tier])).toEqual([
      [1, 'open/deployment.api', 'CRITICAL_REACHABLE'],
      [2, 'closed/deployment.api', 'CRITICAL_NAMESPACE_ONLY'],
      [3, 'open/deployment.broken', 'NOT_SCANNED_REACHABLE'],
      [4, 'open/deployment.static', 'REACHABLE'],
    ]);
  });

  it('lists the critical findings once per package instance, with the fixed version, and only critical ones', () => {
    const [first] = rankImageExposure(objects(manifests), scans);
    expect(first!.critical).toEqual([{ id: 'CVE-2021-44906', kind: 'vulnerability', package: 'minimist', version: '1.2.0', fixedVersion: '1.2.6' }]);
    expect(first!.image).toBe('reg/app:1');
    expect(first!.reachable).toMatchObject({ fromExternal: true, fromOtherNamespaces: true });
  });

  it('keeps the per-image error on the row and reports no findings for it', () => {
    const row = rankImageExposure(objects(manifests), scans).find((r) => r.image === 'reg/missing:1')!;
    expect(row.scanError).toEqual({ code: 'IMAGE_NOT_FOUND', message: 'manifest unknown' });
    expect(row.critical).toEqual([]);
  });

  it('an image missing from the scans counts as not scanned', () => {
    const rows = rankImageExposure(objects(deploy('a', 'x', 'img:1')), []);
    expect(rows[0]).toMatchObject({ tier: 'NOT_SCANNED_REACHABLE', scanError: { code: 'NOT_SCANNED' } });
  });

  it('a hostNetwork workload is reachable from everywhere whatever the policies', () => {
    const rows = rankImageExposure(objects(deploy('closed', 'h', 'reg/app:1', 'hostNetwork: true\n      ') + np('closed', SAME_NS_ONLY)), scans);
    expect(rows[0]).toMatchObject({ tier: 'CRITICAL_REACHABLE', reachable: { fromExternal: true } });
    expect(rows[0]!.reachable.reasons[0]).toMatch(/hostNetwork/);
  });

  it('among critical + reachable rows, more critical findings rank first', () => {
    const two = scan('reg/two:1', [{ id: 'CVE-A', severity: 'CRITICAL', pkg: 'a' }, { id: 'CVE-B', severity: 'CRITICAL', pkg: 'b' }]);
    const rows = rankImageExposure(objects(deploy('n', 'a', 'reg/app:1') + deploy('n', 'b', 'reg/two:1')), [...scans, two]);
    expect(rows.map((r) => r.workload)).toEqual(['n/deployment.b', 'n/deployment.a']);
  });
});

describe('workloadImages()', () => {
  it('lists every image of every container once, sorted', () => {
    expect(workloadImages(objects(deploy('a', 'x', 'b:1') + deploy('a', 'y', 'a:1') + deploy('b', 'z', 'b:1')))).toEqual(['a:1', 'b:1']);
  });
});
