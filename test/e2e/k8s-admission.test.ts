/**
 * `drydock k8s admission serve` from the built CLI: started as a child process on 127.0.0.1 with a certificate made
 * in the test, called over real HTTPS (verifying against the test CA), then stopped with SIGTERM.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestTls } from '../../src/k8s/admission/__fixtures__/tls.js';
import type { TestTls } from '../../src/k8s/admission/__fixtures__/tls.js';
import { repoRoot } from '../helpers/shared.js';

const cli = join(repoRoot, 'dist', 'bundle', 'main.js');

let tls: TestTls;
let child: ChildProcess;
let port = 0;
let stderr = '';

function post(body: unknown): Promise<{ status: number; json: { response?: { uid: string; allowed: boolean; status?: { message: string } } } }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/validate', method: 'POST', ca: tls.caPem, servername: 'localhost', headers: { 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) as never }));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

describe.skipIf(!existsSync(cli))('drydock k8s admission serve (built CLI)', () => {
  beforeAll(async () => {
    tls = makeTestTls();
    const policy = join(tls.dir, 'policy.yaml');
    writeFileSync(policy, 'podSecurity:\n  level: baseline\n  version: v1.30\nregistries:\n  allowed: [docker.io/library/]\n');
    child = spawn(process.execPath, [cli, 'k8s', 'admission', 'serve', '--policy', policy, '--tls-cert', tls.certFile, '--tls-key', tls.keyFile, '--port', '0', '--host', '127.0.0.1', '--timeout', '2s'], { stdio: ['ignore', 'ignore', 'pipe'] });
    port = await new Promise<number>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`server did not start: ${stderr}`)), 20_000);
      child.stderr!.on('data', (c: Buffer) => {
        stderr += c.toString('utf8');
        const m = /listening on https:\/\/127\.0\.0\.1:(\d+)\/validate/.exec(stderr);
        if (m) {
          clearTimeout(t);
          resolve(Number(m[1]));
        }
      });
      child.once('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)));
    });
  });

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    tls?.cleanup();
  });

  it('denies a hostPath Pod and allows a plain one, logging each decision', async () => {
    const review = (uid: string, spec: unknown): unknown => ({
      apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview',
      request: { uid, kind: { group: '', version: 'v1', kind: 'Pod' }, namespace: 'default', name: 'p', operation: 'CREATE', object: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec } },
    });
    const bad = await post(review('e2e-1', { containers: [{ name: 'c', image: 'nginx:1.25' }], volumes: [{ name: 'h', hostPath: { path: '/' } }] }));
    expect(bad.json.response?.uid).toBe('e2e-1');
    expect(bad.json.response?.allowed).toBe(false);
    expect(bad.json.response?.status?.message).toContain('HostPath Volumes');
    expect(bad.json.response?.status?.message).toContain('baseline:v1.30');
    const good = await post(review('e2e-2', { containers: [{ name: 'c', image: 'nginx:1.25' }] }));
    expect(good.json.response).toMatchObject({ uid: 'e2e-2', allowed: true });
    expect(stderr).toMatch(/e2e-1 CREATE Pod default\/p: denied/);
  });

  it('stops cleanly on SIGTERM', async () => {
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toContain('drydock k8s admission: stopped');
  });
});
