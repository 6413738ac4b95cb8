/**
 * Test certificates made with the machine's openssl: a CA and a server certificate for 127.0.0.1/localhost signed
 * by it, so tests use real TLS with verification on (no `rejectUnauthorized: false`).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestTls {
  dir: string;
  caPem: string;
  certPem: string;
  keyPem: string;
  caFile: string;
  certFile: string;
  keyFile: string;
  cleanup(): void;
}

export function makeTestTls(): TestTls {
  const dir = mkdtempSync(join(tmpdir(), 'drydock-k8s-tls-'));
  const f = (n: string): string => join(dir, n);
  const ssl = (...args: string[]): void => {
    execFileSync('openssl', args, { stdio: 'ignore', cwd: dir });
  };
  ssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', f('ca.key'), '-out', f('ca.crt'), '-days', '2', '-subj', '/CN=drydock test CA');
  ssl('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', f('server.key'), '-out', f('server.csr'), '-subj', '/CN=drydock-webhook');
  writeFileSync(f('ext.cnf'), 'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:drydock-webhook.drydock.svc\nextendedKeyUsage=serverAuth\n');
  ssl('x509', '-req', '-in', f('server.csr'), '-CA', f('ca.crt'), '-CAkey', f('ca.key'), '-CAcreateserial', '-out', f('server.crt'), '-days', '2', '-extfile', f('ext.cnf'));
  return {
    dir,
    caPem: readFileSync(f('ca.crt'), 'utf8'),
    certPem: readFileSync(f('server.crt'), 'utf8'),
    keyPem: readFileSync(f('server.key'), 'utf8'),
    caFile: f('ca.crt'),
    certFile: f('server.crt'),
    keyFile: f('server.key'),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
