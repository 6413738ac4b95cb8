/**
 * `drydock k8s --kubeconfig` and `drydock k8s netpol --kubeconfig` from the built CLI (so the bundled
 * @kubernetes/client-node is exercised). No API server can run here: a local HTTPS server on 127.0.0.1, with a
 * certificate made in the test, serves list responses in the API's shape, and the kubeconfig points at it with
 * certificate-authority-data and a bearer token.
 */
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:https';
import type { Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestTls } from '../../src/k8s/admission/__fixtures__/tls.js';
import type { TestTls } from '../../src/k8s/admission/__fixtures__/tls.js';
import { repoRoot } from '../helpers/shared.js';

const cli = join(repoRoot, 'dist', 'bundle', 'main.js');
const LISTS: Record<string, unknown[]> = {
  '/api/v1/namespaces': [{ metadata: { name: 'shop' } }],
  '/api/v1/pods': [{ metadata: { name: 'root-shell', namespace: 'shop', labels: { app: 'shell' } }, spec: { hostNetwork: false, containers: [{ name: 'c', image: 'busybox', ports: [{ containerPort: 8080 }], securityContext: { privileged: true } }] } }],
  '/apis/apps/v1/deployments': [{ metadata: { name: 'web', namespace: 'shop' }, spec: { template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx', ports: [{ containerPort: 80 }] }] } } } }],
  '/apis/networking.k8s.io/v1/networkpolicies': [{ metadata: { name: 'web-only-from-web', namespace: 'shop' }, spec: { podSelector: { matchLabels: { app: 'web' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }] }] } }],
};

let tls: TestTls;
let server: Server;
let kubeconfig = '';

function drydock(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  // Asynchronous spawn: the stand-in API server runs in this process and must keep answering meanwhile.
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe.skipIf(!existsSync(cli))('drydock k8s --kubeconfig (built CLI)', () => {
  beforeAll(async () => {
    tls = makeTestTls();
    server = createServer({ cert: tls.certPem, key: tls.keyPem }, (req, res) => {
      const path = new URL(req.url ?? '/', 'https://x').pathname;
      const send = (s: number, b: unknown): void => void res.writeHead(s, { 'content-type': 'application/json' }).end(JSON.stringify(b));
      if (req.headers.authorization !== 'Bearer e2e') return send(401, { kind: 'Status', message: 'Unauthorized', code: 401 });
      if (path.startsWith('/apis/projectcalico.org') || path.startsWith('/apis/policy/')) return send(404, { kind: 'Status', code: 404 });
      return send(200, { kind: 'List', apiVersion: 'v1', metadata: {}, items: LISTS[path] ?? [] });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as AddressInfo).port;
    kubeconfig = join(tls.dir, 'config');
    writeFileSync(kubeconfig, `apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: https://127.0.0.1:${port}\n    certificate-authority-data: ${Buffer.from(tls.caPem).toString('base64')}\n    tls-server-name: localhost\nusers:\n- name: u\n  user: {token: e2e}\ncontexts:\n- name: e2e\n  context: {cluster: c, user: u}\ncurrent-context: e2e\n`);
  });

  afterAll(async () => {
    await new Promise<void>((r) => server?.close(() => r()));
    tls?.cleanup();
  });

  it('reports findings of the cluster objects as JSON, and fails the gate', async () => {
    const r = await drydock(['k8s', '--kubeconfig', kubeconfig, '--context', 'e2e', '--format', 'json', '--fail-on', 'high']);
    expect(r.stderr).toContain('read 4 objects from https://127.0.0.1:');
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { objects: number; findings: { ruleId: string; object: { name: string } }[]; images: string[] };
    expect(out.objects).toBe(4);
    expect(out.images).toEqual(['busybox', 'nginx']);
    expect(out.findings.some((f) => f.ruleId === 'K8S-PSS-PRIVILEGED' && f.object.name === 'root-shell')).toBe(true);
  });

  it('computes the netpol matrix from the cluster', async () => {
    const r = await drydock(['k8s', 'netpol', '--kubeconfig', kubeconfig, '--from', 'shop/root-shell', '--to', 'shop/web', '--port', '80']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('shop/root-shell → shop/deployment.web on 80/TCP: DENIED');
  });

  it('refuses files and --kubeconfig together', async () => {
    const r = await drydock(['k8s', 'x.yaml', '--kubeconfig', kubeconfig]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('either files or --kubeconfig');
  });
});
