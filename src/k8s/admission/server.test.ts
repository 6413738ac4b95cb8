/**
 * The admission webhook over real HTTPS: a CA and a server certificate are made with openssl for each run, the
 * server listens on 127.0.0.1, and requests go through node's https client trusting only that CA (verification on).
 * The bodies are AdmissionReview v1 documents as the API server sends them for Pods, Deployments and CronJobs.
 */
import { request } from 'node:https';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanResult } from '../../model/index.js';
import { parseAdmissionPolicy } from '../rules/admission/policy.js';
import { buildScanIndex } from '../rules/admission/scan-index.js';
import { evaluateWithPolicy, startAdmissionServer } from './server.js';
import type { RunningAdmissionServer } from './server.js';
import { openScanResultsDir } from './scan-results.js';
import type { ScanSource } from './scan-results.js';
import { makeTestTls } from './__fixtures__/tls.js';
import type { TestTls } from './__fixtures__/tls.js';

const DIGEST = `sha256:${'a'.repeat(64)}`;

function scanResult(reference: string, findings: { id: string; severity: string; fixedVersion?: string }[], manifestDigest?: string): ScanResult {
  return {
    schema: 'drydock-scan/1',
    inventory: {
      schema: 'drydock-inventory/1', tool: { name: 'drydock', version: '0.1.0' }, createdAt: '2025-01-01T00:00:00Z',
      image: { reference, sourceKind: 'registry', layers: [], ...(manifestDigest ? { manifestDigest } : {}) }, packages: [], issues: [],
    },
    findings: findings.map((f) => ({
      kind: 'vulnerability', id: f.id, aliases: [], status: f.fixedVersion ? 'fixed' : 'affected', severity: f.severity as 'CRITICAL',
      severitySource: 'nvd', ratings: [], dataSources: ['nvd'], ...(f.fixedVersion ? { fixedVersion: f.fixedVersion } : {}),
      package: { type: 'dpkg', name: 'openssl', version: '3.0.1', purl: 'pkg:deb/debian/openssl@3.0.1', location: '/var/lib/dpkg/status' },
    })),
    suppressed: [], notScanned: [], warnings: [],
  };
}

const restrictedPod = {
  securityContext: { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } },
  containers: [{ name: 'app', image: 'registry.example.com/team/app:1.0', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }],
};

function review(uid: string, kind: string, group: string, object: unknown, extra: Record<string, unknown> = {}): unknown {
  return {
    apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview',
    request: {
      uid, kind: { group, version: 'v1', kind }, resource: { group, version: 'v1', resource: `${kind.toLowerCase()}s` },
      name: (object as { metadata?: { name?: string } }).metadata?.name, namespace: 'shop', operation: 'CREATE',
      userInfo: { username: 'alice' }, object, dryRun: false, ...extra,
    },
  };
}

interface Reply { status: number; json: Record<string, unknown> & { response?: { uid: string; allowed: boolean; status?: { code: number; message: string }; warnings?: string[] } } }

let tls: TestTls;
let server: RunningAdmissionServer;
let scanDir: string;
const logLines: string[] = [];

function post(body: string | Buffer, opts: { path?: string; method?: string; contentType?: string } = {}, port = server.port): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({
      host: '127.0.0.1', port, path: opts.path ?? '/validate', method: opts.method ?? 'POST', ca: tls.caPem, servername: 'localhost',
      headers: { 'content-type': opts.contentType ?? 'application/json' },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: Reply['json'] = {};
        try {
          json = JSON.parse(text) as Reply['json'];
        } catch {
          json = { text };
        }
        resolve({ status: res.statusCode ?? 0, json });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

beforeAll(async () => {
  tls = makeTestTls();
  scanDir = mkdtempSync(join(tmpdir(), 'drydock-scans-'));
  writeFileSync(join(scanDir, 'app.json'), JSON.stringify(scanResult('registry.example.com/team/app:1.0', [{ id: 'CVE-2024-0001', severity: 'HIGH', fixedVersion: '3.0.2' }])));
  writeFileSync(join(scanDir, 'old.json'), JSON.stringify(scanResult('registry.example.com/team/old:2.0', [
    { id: 'CVE-2024-1111', severity: 'CRITICAL', fixedVersion: '3.0.9' }, { id: 'CVE-2024-2222', severity: 'CRITICAL' },
  ], DIGEST)));
  writeFileSync(join(scanDir, 'unfixed.json'), JSON.stringify(scanResult('registry.example.com/team/unfixed:1', [{ id: 'CVE-2024-3333', severity: 'CRITICAL' }])));
  writeFileSync(join(scanDir, 'junk.json'), '{"schema": "something-else"}');
  const policy = parseAdmissionPolicy(`
podSecurity: { level: restricted, version: latest }
registries: { allowed: [registry.example.com/team, docker.io/library/] }
vulnerabilities: { fixableCritical: deny, missingScan: warn }
exemptNamespaces: [kube-system]
`);
  server = await startAdmissionServer({
    policy, cert: tls.certPem, key: tls.keyPem, port: 0, host: '127.0.0.1', failurePolicy: 'fail', timeoutMs: 5_000,
    scans: await openScanResultsDir(scanDir), maxBodyBytes: 64 * 1024, log: (l) => logLines.push(l),
  });
});

afterAll(async () => {
  await server?.close();
  tls?.cleanup();
  if (scanDir) rmSync(scanDir, { recursive: true, force: true });
});

describe('admission webhook over HTTPS', () => {
  it('allows a restricted Pod and echoes the uid', async () => {
    const r = await post(JSON.stringify(review('uid-1', 'Pod', '', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'ok' }, spec: restrictedPod })));
    expect(r.status).toBe(200);
    expect(r.json.apiVersion).toBe('admission.k8s.io/v1');
    expect(r.json.kind).toBe('AdmissionReview');
    expect(r.json.response).toMatchObject({ uid: 'uid-1', allowed: true });
    expect(r.json.response?.status).toBeUndefined();
    expect(logLines.some((l) => l.startsWith('uid-1 CREATE Pod shop/ok: allowed'))).toBe(true);
  });

  it('denies a privileged Pod with the PSS control named in status.message', async () => {
    const spec = { ...restrictedPod, containers: [{ ...restrictedPod.containers[0], securityContext: { privileged: true } }] };
    const r = await post(JSON.stringify(review('uid-2', 'Pod', '', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'priv' }, spec })));
    expect(r.json.response?.uid).toBe('uid-2');
    expect(r.json.response?.allowed).toBe(false);
    expect(r.json.response?.status?.code).toBe(403);
    expect(r.json.response?.status?.message).toContain('Privileged Containers');
    expect(r.json.response?.status?.message).toContain('restricted:latest');
  });

  it('denies a Deployment whose template runs as root and an image outside the allowed registries', async () => {
    const dep = {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop' },
      spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: {
        ...restrictedPod, securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
        containers: [{ ...restrictedPod.containers[0], image: 'registry.example.com.evil.io/team/app:1.0' }],
      } } },
    };
    const r = await post(JSON.stringify(review('uid-3', 'Deployment', 'apps', dep)));
    const msg = r.json.response?.status?.message ?? '';
    expect(r.json.response?.allowed).toBe(false);
    expect(msg).toContain('Running as Non-root');
    expect(msg).toContain('image registry.example.com.evil.io/team/app:1.0 is not from an allowed registry');
  });

  it('denies a CronJob running an image with a fixable critical vulnerability, matched by digest', async () => {
    const cj = {
      apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'nightly' },
      spec: { schedule: '0 1 * * *', jobTemplate: { spec: { template: { spec: { ...restrictedPod, restartPolicy: 'Never',
        containers: [{ ...restrictedPod.containers[0], image: `registry.example.com/team/other@${DIGEST}` }] } } } } },
    };
    const r = await post(JSON.stringify(review('uid-4', 'CronJob', 'batch', cj)));
    const msg = r.json.response?.status?.message ?? '';
    expect(r.json.response?.allowed).toBe(false);
    expect(msg).toContain('1 fixable critical vulnerability per old.json');
    expect(msg).toContain('CVE-2024-1111 (openssl 3.0.1 → 3.0.9)');
    // The critical without a fix is not "fixable" and is not listed.
    expect(msg).not.toContain('CVE-2024-2222');
  });

  it('allows an image whose only critical has no fix, and warns for an image without a scan', async () => {
    const spec = { ...restrictedPod, containers: [
      { ...restrictedPod.containers[0], name: 'a', image: 'registry.example.com/team/unfixed:1' },
      { ...restrictedPod.containers[0], name: 'b', image: 'registry.example.com/team/unscanned:3' },
    ] };
    const r = await post(JSON.stringify(review('uid-5', 'Pod', '', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'w' }, spec })));
    expect(r.json.response?.allowed).toBe(true);
    expect(r.json.response?.warnings).toEqual(['image registry.example.com/team/unscanned:3 has no scan result; its vulnerabilities are unknown']);
  });

  it('admits objects in exempt namespaces, deletes and kinds without pods', async () => {
    const priv = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { hostNetwork: true, containers: [{ name: 'c', image: 'quay.io/x/y' }] } };
    const exempt = await post(JSON.stringify(review('uid-6', 'Pod', '', priv, { namespace: 'kube-system' })));
    expect(exempt.json.response?.allowed).toBe(true);
    const del = await post(JSON.stringify(review('uid-7', 'Pod', '', priv, { operation: 'DELETE', object: null, oldObject: priv })));
    expect(del.json.response?.allowed).toBe(true);
    const cm = await post(JSON.stringify(review('uid-8', 'ConfigMap', '', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: 'b' } })));
    expect(cm.json.response).toMatchObject({ uid: 'uid-8', allowed: true });
    // Without the exemption the same pod is denied for host networking.
    const denied = await post(JSON.stringify(review('uid-9', 'Pod', '', priv)));
    expect(denied.json.response?.status?.message).toContain('Host Namespaces');
  });

  it.each([
    ['not JSON', '{"apiVersion": ', 400, 'body is not JSON'],
    ['no request', JSON.stringify({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview' }), 400, 'request: Required'],
    ['v1beta1', JSON.stringify({ ...(review('u', 'Pod', '', {}) as object), apiVersion: 'admission.k8s.io/v1beta1' }), 400, 'admissionReviewVersions'],
    ['a bad operation', JSON.stringify(review('u', 'Pod', '', {}, { operation: 'PATCH' })), 400, 'request.operation'],
    ['an array', '[]', 400, 'not an AdmissionReview'],
  ])('answers 400 for %s', async (_name, body, status, text) => {
    const r = await post(body);
    expect(r.status).toBe(status);
    expect(String(r.json.error)).toContain(text);
    expect(r.json.response).toBeUndefined();
  });

  it('refuses a body over the size limit with 413, other methods with 405, other types with 415', async () => {
    const big = JSON.stringify(review('u', 'Pod', '', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x', annotations: { a: 'x'.repeat(100_000) } } }));
    const r = await post(big);
    expect(r.status).toBe(413);
    expect(String(r.json.error)).toContain('65536-byte limit');
    expect((await post('', { method: 'PUT' })).status).toBe(405);
    expect((await post('a=b', { contentType: 'application/x-www-form-urlencoded' })).status).toBe(415);
    expect((await post('', { path: '/other' })).status).toBe(404);
  });

  it('serves /healthz', async () => {
    const r = await post('', { path: '/healthz', method: 'GET' });
    expect(r.status).toBe(200);
    expect(r.json.text).toBe('ok');
  });
});

describe('failure policy and time limit', () => {
  // A scan source that never answers in time stands in for a stuck disk or a slow network mount; nothing else here
  // can be made slow on demand.
  const slow: ScanSource = { current: () => new Promise((resolve) => setTimeout(() => resolve(buildScanIndex([])), 2_000)), issues: () => [] };
  const broken: ScanSource = { current: () => Promise.reject(new Error('disk gone')), issues: () => [] };
  const policy = parseAdmissionPolicy('vulnerabilities: { fixableCritical: deny }');
  const req = { uid: 'u', kind: { group: '', version: 'v1', kind: 'Pod' }, operation: 'CREATE' as const, object: { spec: { containers: [{ name: 'c', image: 'nginx' }] } } };

  it('fails closed on timeout with --failure-policy fail', async () => {
    const d = await evaluateWithPolicy(req, { policy, scans: slow, failurePolicy: 'fail', timeoutMs: 50 });
    expect(d.allowed).toBe(false);
    expect(d.reasons[0]).toContain('evaluation took longer than 50 ms');
  });

  it('fails open with a warning with --failure-policy ignore', async () => {
    const d = await evaluateWithPolicy(req, { policy, scans: broken, failurePolicy: 'ignore', timeoutMs: 1_000 });
    expect(d.allowed).toBe(true);
    expect(d.warnings[0]).toContain('disk gone');
    expect(d.warnings[0]).toContain('--failure-policy is ignore');
  });

  it('answers over HTTPS within the limit, closed, when the scan source is stuck', async () => {
    const s = await startAdmissionServer({ policy, cert: tls.certPem, key: tls.keyPem, port: 0, host: '127.0.0.1', failurePolicy: 'fail', timeoutMs: 100, scans: slow });
    try {
      const t0 = Date.now();
      const r = await post(JSON.stringify(review('uid-slow', 'Pod', '', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } })), {}, s.port);
      expect(Date.now() - t0).toBeLessThan(1_500);
      expect(r.json.response).toMatchObject({ uid: 'uid-slow', allowed: false });
      expect(r.json.response?.status?.message).toContain('--failure-policy is fail');
    } finally {
      await s.close();
    }
  });
});

describe('scan results directory', () => {
  it('skips files that are not scan results, and picks up new files after the refresh interval', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'drydock-scans-'));
    try {
      writeFileSync(join(dir, 'bad.json'), '{"schema": "x"}');
      let t = 0;
      const src = await openScanResultsDir(dir, { refreshMs: 1_000, now: () => t });
      expect(src.issues()[0]).toContain('bad.json is not `drydock scan -f json` output');
      expect((await src.current()).size).toBe(0);
      writeFileSync(join(dir, 'new.json'), JSON.stringify(scanResult('nginx:1.25', [])));
      expect((await src.current()).size).toBe(0); // within the interval: not listed again
      t = 2_000;
      const idx = await src.current();
      expect(idx.size).toBe(1);
      expect(idx.byReference.has('docker.io/library/nginx:1.25')).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
