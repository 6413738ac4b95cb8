/**
 * The live-cluster path against a stand-in API server. No Kubernetes API server can run here, so a local HTTPS
 * server (certificate made in the test, 127.0.0.1 only) serves list responses in the API's JSON shape: paged with
 * `continue`, bearer-token auth, PartialObjectMetadataList for Secrets when asked, 404 for APIs it does not serve.
 * The kubeconfig is written by the test with the CA as certificate-authority-data and a token user, and read by
 * @kubernetes/client-node as it would be for a real cluster. The analysis is then the same code as for files.
 */
import { createServer } from 'node:https';
import type { Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestTls } from '../admission/__fixtures__/tls.js';
import type { TestTls } from '../admission/__fixtures__/tls.js';
import { analyzeObjects } from '../rules/analyze.js';
import { evaluateTraffic } from '../rules/netpol/engine.js';
import { buildNetworkModel } from '../rules/netpol/model.js';
import { parseManifests } from '../rules/manifest.js';
import { loadClusterObjects } from './cluster.js';

const TOKEN = 'test-token-123';

const podSpec = (image: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({ containers: [{ name: 'c', image, ports: [{ containerPort: 80 }] }], ...extra });
const owner = (kind: string, name: string): unknown => [{ apiVersion: 'apps/v1', kind, name, uid: 'x', controller: true }];

/** What the stand-in API server serves, keyed by path; items carry no apiVersion/kind, as in real list responses. */
const LISTS: Record<string, unknown[]> = {
  '/api/v1/namespaces': [{ metadata: { name: 'shop', labels: { team: 'shop' } } }, { metadata: { name: 'db' } }],
  '/api/v1/pods': [
    { metadata: { name: 'web-abc-1', namespace: 'shop', labels: { app: 'web' }, ownerReferences: owner('ReplicaSet', 'web-abc') }, spec: podSpec('nginx:1.25') },
    { metadata: { name: 'debug', namespace: 'shop', labels: { app: 'debug' } }, spec: podSpec('busybox', { hostPID: true }) },
    { metadata: { name: 'pg-0', namespace: 'db', labels: { app: 'pg' }, ownerReferences: owner('StatefulSet', 'pg') }, spec: podSpec('postgres:16') },
  ],
  '/apis/apps/v1/deployments': [{
    metadata: { name: 'web', namespace: 'shop', creationTimestamp: '2025-01-01T00:00:00Z' },
    spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: podSpec('nginx:1.25', { containers: [{ name: 'c', image: 'nginx:1.25', ports: [{ containerPort: 80 }], securityContext: { privileged: true } }] }) } },
  }],
  '/apis/apps/v1/replicasets': [{ metadata: { name: 'web-abc', namespace: 'shop', ownerReferences: owner('Deployment', 'web') }, spec: { template: { spec: podSpec('nginx:1.25') } } }],
  '/apis/apps/v1/statefulsets': [{ metadata: { name: 'pg', namespace: 'db' }, spec: { template: { metadata: { labels: { app: 'pg' } }, spec: podSpec('postgres:16') } } }],
  '/apis/networking.k8s.io/v1/networkpolicies': [{
    metadata: { name: 'pg-from-shop', namespace: 'db' },
    spec: { podSelector: { matchLabels: { app: 'pg' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'shop' } }, podSelector: { matchLabels: { app: 'web' } } }], ports: [{ port: 5432 }] }] },
  }],
  '/apis/rbac.authorization.k8s.io/v1/clusterroles': [{ metadata: { name: 'all' }, rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }] }],
  '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings': [{ metadata: { name: 'all-to-ci' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'all' }, subjects: [{ kind: 'ServiceAccount', name: 'ci', namespace: 'shop' }] }],
  '/apis/storage.k8s.io/v1/storageclasses': [{ metadata: { name: 'gp2' }, provisioner: 'kubernetes.io/aws-ebs', parameters: { type: 'gp2' } }],
  '/api/v1/persistentvolumeclaims': [{ metadata: { name: 'data', namespace: 'db' }, spec: { storageClassName: 'gp2', accessModes: ['ReadWriteOnce'] } }],
  '/api/v1/configmaps': [{ metadata: { name: 'cfg', namespace: 'shop' }, data: { DB_PASSWORD: 'hunter2-very-secret', mode: 'prod' } }],
  '/api/v1/secrets': [{ metadata: { name: 'tls', namespace: 'shop' }, type: 'kubernetes.io/tls', data: { 'tls.key': 'c2VjcmV0' } }],
};

let tls: TestTls;
let server: Server;
let port = 0;
const seen: { path: string; accept: string; auth: string }[] = [];

function startFakeApiServer(): Promise<void> {
  server = createServer({ cert: tls.certPem, key: tls.keyPem }, (req, res) => {
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    seen.push({ path: url.pathname + url.search, accept: String(req.headers.accept), auth: String(req.headers.authorization) });
    const send = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return send(401, { kind: 'Status', apiVersion: 'v1', status: 'Failure', message: 'Unauthorized', code: 401 });
    if (url.pathname === '/api/v1/persistentvolumes') return send(403, { kind: 'Status', status: 'Failure', message: 'persistentvolumes is forbidden: User "ci" cannot list resource', code: 403 });
    const items = LISTS[url.pathname];
    if (!items) {
      // Calico and PodSecurityPolicy are not served; the core kinds without fixtures answer with empty lists.
      if (url.pathname.startsWith('/apis/projectcalico.org') || url.pathname.startsWith('/apis/policy/v1beta1')) return send(404, { kind: 'Status', message: 'the server could not find the requested resource', code: 404 });
      return send(200, { kind: 'List', apiVersion: 'v1', metadata: { resourceVersion: '1' }, items: [] });
    }
    // Secrets as metadata only when asked for PartialObjectMetadataList, as the API server does.
    const metaOnly = String(req.headers.accept).includes('as=PartialObjectMetadataList');
    const shaped = metaOnly ? items.map((i) => ({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: (i as { metadata: unknown }).metadata })) : items;
    // Page by `limit`, with an opaque continue token.
    const limit = Number(url.searchParams.get('limit') ?? '500');
    const start = Number(Buffer.from(url.searchParams.get('continue') ?? 'MA==', 'base64').toString());
    const page = shaped.slice(start, start + limit);
    const next = start + limit < shaped.length ? Buffer.from(String(start + limit)).toString('base64') : undefined;
    return send(200, { kind: metaOnly ? 'PartialObjectMetadataList' : 'List', apiVersion: 'v1', metadata: { resourceVersion: '7', ...(next ? { continue: next } : {}) }, items: page });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    port = (server.address() as AddressInfo).port;
    resolve();
  }));
}

function kubeconfig(token: string, name = 'kubeconfig.yaml'): string {
  const file = join(tls.dir, name);
  writeFileSync(file, `apiVersion: v1
kind: Config
clusters:
- name: test
  cluster:
    server: https://127.0.0.1:${port}
    certificate-authority-data: ${Buffer.from(tls.caPem).toString('base64')}
    tls-server-name: localhost
users:
- name: ci
  user:
    token: ${token}
contexts:
- name: other
  context: { cluster: test, user: ci }
- name: test-ctx
  context: { cluster: test, user: ci, namespace: shop }
current-context: other
`);
  return file;
}

beforeAll(async () => {
  tls = makeTestTls();
  await startFakeApiServer();
});

afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  tls.cleanup();
});

describe('loadClusterObjects()', () => {
  it('lists every kind over TLS with the token, paging, and skips pods owned by listed controllers', async () => {
    seen.length = 0;
    const r = await loadClusterObjects({ kubeconfig: kubeconfig(TOKEN), context: 'test-ctx', pageSize: 1 });
    expect(r.context).toBe('test-ctx');
    expect(seen.every((s) => s.auth === `Bearer ${TOKEN}`)).toBe(true);
    // Three pods served one per page: three requests with continue tokens after the first.
    expect(seen.filter((s) => s.path.startsWith('/api/v1/pods')).map((s) => s.path)).toEqual(['/api/v1/pods?limit=1', '/api/v1/pods?limit=1&continue=MQ%3D%3D', '/api/v1/pods?limit=1&continue=Mg%3D%3D']);
    const names = r.objects.map((o) => `${o.kind}/${o.namespace ?? ''}/${o.name}`);
    expect(names).toContain('Pod/shop/debug');
    expect(names).not.toContain('Pod/shop/web-abc-1'); // owned by a ReplicaSet
    expect(names).not.toContain('ReplicaSet/shop/web-abc'); // owned by the Deployment
    expect(names).toContain('Deployment/shop/web');
    expect(r.ownedSkipped).toBe(3);
    expect(r.objects.find((o) => o.kind === 'Deployment')?.apiVersion).toBe('apps/v1');
    expect(r.issues.map((i) => i.message)).toEqual(['cannot list PersistentVolume (v1): HTTP 403 persistentvolumes is forbidden: User "ci" cannot list resource']);
  });

  it('takes Secrets as metadata only and keeps ConfigMap keys without their values', async () => {
    seen.length = 0;
    const r = await loadClusterObjects({ kubeconfig: kubeconfig(TOKEN) });
    expect(seen.find((s) => s.path.startsWith('/api/v1/secrets'))?.accept).toContain('as=PartialObjectMetadataList;g=meta.k8s.io;v=v1');
    const secret = r.objects.find((o) => o.kind === 'Secret');
    expect(secret?.raw.data).toBeUndefined();
    expect(secret?.name).toBe('tls');
    const cm = r.objects.find((o) => o.kind === 'ConfigMap');
    expect(cm?.raw.data).toEqual({ DB_PASSWORD: '', mode: '' });
    expect(JSON.stringify(r.objects)).not.toContain('hunter2');
  });

  it('gives the same findings as the same objects in a manifest file', async () => {
    const live = await loadClusterObjects({ kubeconfig: kubeconfig(TOKEN) });
    const liveResult = analyzeObjects(live.objects);
    const ids = (fs: { ruleId: string; object: { kind: string; name: string } }[]): string[] => [...new Set(fs.map((f) => `${f.ruleId} ${f.object.kind}/${f.object.name}`))].sort();
    expect(ids(liveResult.findings)).toEqual(expect.arrayContaining([
      'K8S-PSS-PRIVILEGED Deployment/web', 'K8S-PSS-HOST-NAMESPACES Pod/debug',
    ]));
    expect(liveResult.findings.some((f) => f.category === 'rbac' && f.message.includes('ci'))).toBe(true);
    expect(liveResult.findings.some((f) => f.ruleId === 'K8S-STORAGE-PVC-UNENCRYPTED')).toBe(true);
    // The same objects written as a manifest give the same rule hits: the analysis does not care about the source.
    const text = live.objects.map((o) => JSON.stringify(o.raw)).join('\n---\n');
    const fromFile = analyzeObjects(parseManifests(text, 'dump.yaml').objects);
    expect(ids(fromFile.findings)).toEqual(ids(liveResult.findings));
    // And the network model: only the web pods of namespace shop reach pg on 5432.
    const model = buildNetworkModel(live.objects);
    const web = model.pods.find((p) => p.id === 'shop/deployment.web')!;
    const debug = model.pods.find((p) => p.id === 'shop/debug')!;
    const pg = model.pods.find((p) => p.id === 'db/statefulset.pg')!;
    expect(evaluateTraffic(model, web, pg, 5432).allowed).toBe(true);
    expect(evaluateTraffic(model, debug, pg, 5432).allowed).toBe(false);
  });

  it('fails with CLUSTER_FORBIDDEN when the token is refused everywhere', async () => {
    await expect(loadClusterObjects({ kubeconfig: kubeconfig('wrong', 'bad.yaml') })).rejects.toMatchObject({ code: 'CLUSTER_FORBIDDEN' });
  });

  it('fails with BAD_KUBECONFIG for an unknown context and CLUSTER_UNREACHABLE for a closed port', async () => {
    await expect(loadClusterObjects({ kubeconfig: kubeconfig(TOKEN), context: 'nope' })).rejects.toMatchObject({ code: 'BAD_KUBECONFIG', message: expect.stringContaining('contexts: other, test-ctx') });
    const file = join(tls.dir, 'closed.yaml');
    writeFileSync(file, `apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]\nusers: [{name: u, user: {token: t}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]\ncurrent-context: x\n`);
    await expect(loadClusterObjects({ kubeconfig: file, timeoutMs: 2_000 })).rejects.toMatchObject({ code: 'CLUSTER_UNREACHABLE' });
  });
});
