import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { k8sCommand } from './k8s.js';

async function run(args: string[], stdinText = ''): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await k8sCommand.run(args, { stdout, stderr, stdin: Readable.from([Buffer.from(stdinText)]), env: {}, isTty: false });
  return { code, out, err };
}

const BRIEF_NETPOL = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: frontend-policy
  namespace: default
spec:
  podSelector:
    matchLabels:
      app: frontend
  policyTypes:
  - Ingress
  ingress:
  - from:
    - ipBlock:
        cidr: 10.0.0.0/8
    ports:
    - protocol: TCP
      port: 80
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: frontend, namespace: default}
spec:
  template:
    metadata: {labels: {app: frontend}}
    spec:
      containers: [{name: web, image: nginx, ports: [{containerPort: 80, name: http}]}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: backend, namespace: default}
spec:
  template:
    metadata: {labels: {app: backend}}
    spec:
      containers: [{name: api, image: "api:1.2", ports: [{containerPort: 8080}]}]
`;

describe('drydock k8s', () => {
  it('reports findings with file:line and the PSS level, and gates with --fail-on', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'drydock-k8s-cli-'));
    await writeFile(join(dir, 'pod.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: app}\nspec:\n  hostPID: true\n  containers: [{name: c, image: nginx}]\n');
    const r = await run([dir, '--fail-on', 'high']);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/privileged\s+Pod\/app\/p/);
    expect(r.out).toContain(`${join(dir, 'pod.yaml')}:5`);
    const json = await run([dir, '--format', 'json']);
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.out) as { images: string[]; findings: { ruleId: string }[] };
    expect(parsed.images).toEqual(['nginx']);
    expect(parsed.findings.map((f) => f.ruleId)).toContain('K8S-PSS-HOST-NAMESPACES');
  });

  it.each`
    args                               | code
    ${[]}                              | ${2}
    ${['x.yaml', '--format', 'xml']}   | ${2}
    ${['x.yaml', '--fail-on', 'meh']}  | ${2}
    ${['--bogus', 'x']}                | ${2}
    ${['/nonexistent/file.yaml']}      | ${3}
  `('exits $code for $args', async ({ args, code }: { args: string[]; code: number }) => {
    expect((await run(args)).code).toBe(code);
  });

  it('reads stdin and reports hostile YAML as an input issue', async () => {
    const r = await run(['-'], 'a: &a [1]\nb: *a\n---\n- not an object\n');
    expect(r.code).toBe(0);
    expect(r.out).toContain('NOT_AN_OBJECT <stdin>:4');
  });
});

describe('drydock k8s netpol', () => {
  it('explains the brief NetworkPolicy: frontend TCP/80 only from 10.0.0.0/8', async () => {
    const cases: [string, string, string, string][] = [
      ['10.1.2.3', 'default/deployment.frontend', '80', 'ALLOWED'],
      ['10.1.2.3', 'default/deployment.frontend', '443', 'DENIED'],
      ['8.8.8.8', 'default/deployment.frontend', '80', 'DENIED'],
      ['default/deployment.backend', 'default/deployment.frontend', '80', 'DENIED'],
      ['default/deployment.frontend', 'default/deployment.backend', '8080', 'ALLOWED'],
    ];
    for (const [from, to, port, verdict] of cases) {
      const r = await run(['netpol', '-', '--from', from, '--to', to, '--port', port], BRIEF_NETPOL);
      expect([from, to, port, r.out.split('\n')[0]]).toEqual([from, to, port, expect.stringContaining(verdict)]);
    }
  });

  it('prints the matrix, unisolated workloads and open rules', async () => {
    const r = await run(['netpol', '-', '--format', 'json'], BRIEF_NETPOL);
    const j = JSON.parse(r.out) as { matrix: { port: number; allowed: { from: string; to: string[] }[] }[]; unisolated: { id: string }[] };
    const p80 = j.matrix.find((m) => m.port === 80)!;
    expect(p80.allowed.find((a) => a.from === 'default/deployment.backend')?.to).toEqual(['default/deployment.backend']);
    expect(j.unisolated.map((u) => u.id)).toEqual(['default/deployment.frontend', 'default/deployment.backend']);
    const t = await run(['netpol', '-'], BRIEF_NETPOL);
    expect(t.out).toContain('Port 80/TCP');
  });
});

describe('drydock k8s --scan-images', () => {
  it('without an advisory database: exit 3 and says to run db update or db import, before pulling anything', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'drydock-k8s-nodb-'));
    const r = await run(['-', '--scan-images', '--cache-dir', dir], BRIEF_NETPOL);
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/advisory database.*drydock db update.*drydock db import/);
    expect(r.err).not.toContain('scanning image');
    expect(r.out).toBe('');
  });
});
