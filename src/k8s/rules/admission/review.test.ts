import { describe, expect, it } from 'vitest';
import { K8sError } from '../../errors.js';
import { parseAdmissionPolicy } from './policy.js';
import { admissionResponse, decideAdmission, parseAdmissionReview } from './review.js';
import type { AdmissionRequest } from './review.js';
import { EMPTY_SCAN_INDEX, normaliseImage } from './scan-index.js';

function podRequest(spec: unknown, namespace = 'app'): AdmissionRequest {
  return { uid: 'u1', kind: { group: '', version: 'v1', kind: 'Pod' }, operation: 'CREATE', namespace, object: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec } as never };
}

describe('parseAdmissionPolicy()', () => {
  it('fills defaults', () => {
    const p = parseAdmissionPolicy('podSecurity: {level: baseline}\nvulnerabilities: {}\n');
    expect(p.podSecurity).toEqual({ level: 'baseline', version: 'latest', action: 'deny' });
    expect(p.vulnerabilities).toEqual({ fixableCritical: 'deny', missingScan: 'warn' });
    expect(p.exemptNamespaces).toEqual([]);
  });

  it.each([
    ['podSecurty: {level: baseline}', 'Unrecognized key'],
    ['podSecurity: {level: strict}', 'podSecurity.level'],
    ['podSecurity: {level: baseline, version: "1.x"}', 'must be latest or v1.NN'],
    ['registries: {allowed: []}', 'an empty list would deny every image'],
    ['a: [', 'not valid YAML'],
  ])('rejects %s', (text, msg) => {
    expect(() => parseAdmissionPolicy(text)).toThrowError(K8sError);
    expect(() => parseAdmissionPolicy(text)).toThrowError(msg);
  });
});

describe('decideAdmission()', () => {
  it('applies the PSS version: runAsUser 0 passes restricted v1.22 and fails v1.23', () => {
    const spec = {
      securityContext: { runAsNonRoot: true, runAsUser: 0, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [{ name: 'c', image: 'nginx', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }],
    };
    const at = (v: string): boolean => decideAdmission(podRequest(spec), parseAdmissionPolicy(`podSecurity: {level: restricted, version: ${v}}`), EMPTY_SCAN_INDEX).allowed;
    expect(at('v1.22')).toBe(true);
    expect(at('v1.23')).toBe(false);
  });

  it('warns instead of denying with action warn', () => {
    const d = decideAdmission(podRequest({ hostPID: true, containers: [{ name: 'c', image: 'nginx' }] }), parseAdmissionPolicy('podSecurity: {level: baseline, action: warn}'), EMPTY_SCAN_INDEX);
    expect(d.allowed).toBe(true);
    expect(d.warnings[0]).toContain('Host Namespaces');
  });

  it.each`
    image                                       | allowed
    ${'nginx'}                                  | ${true}
    ${'docker.io/library/nginx:1.25'}           | ${true}
    ${'bitnami/nginx'}                          | ${false}
    ${'ghcr.io/acme/app@sha256:' + 'b'.repeat(64)} | ${true}
    ${'ghcr.io/acme'}                           | ${true}
    ${'ghcr.io/acme-evil/app'}                  | ${false}
    ${'registry.local:5000/x/y:1'}              | ${true}
    ${'registry.local.evil.io/x/y:1'}           | ${false}
    ${'Not A Reference!'}                       | ${false}
  `('registry prefixes: $image → allowed $allowed', ({ image, allowed }: { image: string; allowed: boolean }) => {
    const policy = parseAdmissionPolicy('registries: {allowed: [docker.io/library/, ghcr.io/acme, "registry.local:5000"]}');
    expect(decideAdmission(podRequest({ containers: [{ name: 'c', image }] }), policy, EMPTY_SCAN_INDEX).allowed).toBe(allowed);
  });

  it('checks init and ephemeral containers and the ephemeralcontainers sub-resource', () => {
    const policy = parseAdmissionPolicy('registries: {allowed: [docker.io/library/]}');
    const req = { ...podRequest({ containers: [{ name: 'c', image: 'nginx' }], ephemeralContainers: [{ name: 'dbg', image: 'evil.io/shell' }] }), subResource: 'ephemeralcontainers' };
    expect(decideAdmission(req, policy, EMPTY_SCAN_INDEX).reasons).toEqual(['image evil.io/shell is not from an allowed registry (docker.io/library/)']);
    expect(decideAdmission({ ...req, subResource: 'status' }, policy, EMPTY_SCAN_INDEX).allowed).toBe(true);
  });
});

describe('parseAdmissionReview() and admissionResponse()', () => {
  it('reads a request and answers with its uid', () => {
    const req = parseAdmissionReview({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request: { uid: 'abc', kind: { group: 'apps', version: 'v1', kind: 'Deployment' }, operation: 'UPDATE', object: {} } });
    expect(req.uid).toBe('abc');
    const res = admissionResponse(req.uid, { allowed: false, reasons: ['a', 'b'], warnings: ['w'] });
    expect(res).toEqual({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response: { uid: 'abc', allowed: false, status: { code: 403, reason: 'Forbidden', message: 'drydock: a; b' }, warnings: ['w'] } });
  });

  it('rejects a request without a uid', () => {
    expect(() => parseAdmissionReview({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request: { kind: { group: '', version: 'v1', kind: 'Pod' }, operation: 'CREATE' } })).toThrowError('request.uid');
  });

  it('normalises image references the way the scan index keys them', () => {
    expect(normaliseImage('nginx')).toBe('docker.io/library/nginx:latest');
    expect(normaliseImage('::')).toBeUndefined();
  });
});
