/**
 * AdmissionReview v1 for a validating webhook: read the request, decide with the policy, shape the response.
 * Protocol: https://kubernetes.io/docs/reference/access-authn-authz/extensible-admission-controllers/#request
 * and #response. Pure: the server (../../admission/server.ts) does the HTTPS and the time limit.
 *
 * The request body comes from the API server, but anything that can reach the webhook port can send one, so
 * every field is checked before use and a body that is not an AdmissionReview is refused (the server answers 400).
 */
import { z } from 'zod';
import { parseReference } from '../../../image/oci/reference.js';
import { K8sError } from '../../errors.js';
import type { JsonObject, K8sObject } from '../../types.js';
import { asString } from '../manifest.js';
import { evaluatePodSecurity } from '../pss.js';
import { containersOf, toWorkload } from '../workloads.js';
import type { AdmissionPolicy, PolicyAction } from './policy.js';
import { findScan, fixableCriticals } from './scan-index.js';
import type { ScanIndex } from './scan-index.js';

const ADMISSION_API = 'admission.k8s.io/v1';

const reviewShape = z.object({
  apiVersion: z.string(),
  kind: z.literal('AdmissionReview'),
  request: z.object({
    uid: z.string().min(1).max(256),
    kind: z.object({ group: z.string(), version: z.string(), kind: z.string() }),
    resource: z.object({ group: z.string(), version: z.string(), resource: z.string() }).optional(),
    subResource: z.string().optional(),
    name: z.string().optional(),
    namespace: z.string().optional(),
    operation: z.enum(['CREATE', 'UPDATE', 'DELETE', 'CONNECT']),
    object: z.record(z.unknown()).nullable().optional(),
    dryRun: z.boolean().optional(),
  }),
});

/** The parts of an AdmissionReview request the webhook reads. */
export interface AdmissionRequest {
  uid: string;
  kind: { group: string; version: string; kind: string };
  subResource?: string;
  name?: string;
  namespace?: string;
  operation: 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';
  object?: JsonObject | null;
  dryRun?: boolean;
}

/** The outcome for one request: denial reasons (empty = allowed) and warnings for kubectl. */
export interface AdmissionDecision {
  allowed: boolean;
  reasons: string[];
  warnings: string[];
}

/** The AdmissionReview response document. */
export interface AdmissionReviewResponse {
  apiVersion: typeof ADMISSION_API;
  kind: 'AdmissionReview';
  response: {
    uid: string;
    allowed: boolean;
    status?: { code: number; reason?: string; message: string };
    warnings?: string[];
  };
}

/**
 * Reads an AdmissionReview v1 body (already JSON-parsed).
 * @throws {K8sError} BAD_ADMISSION_REVIEW with the field that is wrong
 */
export function parseAdmissionReview(body: unknown): AdmissionRequest {
  const r = reviewShape.safeParse(body);
  if (!r.success) {
    const i = r.error.issues[0]!;
    throw new K8sError('BAD_ADMISSION_REVIEW', `not an AdmissionReview: ${i.path.join('.') || 'body'}: ${i.message}`);
  }
  if (r.data.apiVersion !== ADMISSION_API) {
    // The webhook configuration should list admissionReviewVersions: ["v1"]; v1beta1 differs in defaults.
    throw new K8sError('BAD_ADMISSION_REVIEW', `AdmissionReview apiVersion ${r.data.apiVersion} is not supported; configure admissionReviewVersions: ["v1"]`);
  }
  return r.data.request as AdmissionRequest;
}

function levelOk(target: 'baseline' | 'restricted', control: 'baseline' | 'restricted'): boolean {
  return target === 'restricted' || control === 'baseline';
}

/**
 * A registry prefix matches the normalised repository name (`nginx` is `docker.io/library/nginx`) at a path
 * boundary: `ghcr.io/acme` admits `ghcr.io/acme/app`, not `ghcr.io/acme-evil/app`; `registry.local` does not admit
 * `registry.local.evil.io/app`.
 */
function registryAllowed(image: string, allowed: readonly string[]): boolean {
  let name: string;
  try {
    const r = parseReference(image);
    name = `${r.registry}/${r.repository}`;
  } catch {
    return false;
  }
  return allowed.some((raw) => {
    const p = raw.trim();
    return p.endsWith('/') ? name.startsWith(p) : name === p || name.startsWith(`${p}/`);
  });
}

/** Warnings longer than this are cut: the API server truncates long ones and kubectl prints each on its own line. */
const WARNING_MAX = 240;

/**
 * Decides one request. Objects that carry no pod template (ConfigMaps, Services, …), deletes, connects and
 * sub-resources other than `ephemeralcontainers` are allowed without checks.
 */
export function decideAdmission(req: AdmissionRequest, policy: AdmissionPolicy, scans: ScanIndex): AdmissionDecision {
  const reasons: string[] = [];
  const warnings: string[] = [];
  const obj = req.object;
  const out = (): AdmissionDecision => ({ allowed: reasons.length === 0, reasons, warnings: warnings.map((w) => (w.length > WARNING_MAX ? `${w.slice(0, WARNING_MAX - 1)}…` : w)) });
  if (req.operation === 'DELETE' || req.operation === 'CONNECT' || !obj) return out();
  if (req.subResource && req.subResource !== 'ephemeralcontainers') return out();
  const meta = (obj.metadata && typeof obj.metadata === 'object' && !Array.isArray(obj.metadata) ? obj.metadata : {}) as JsonObject;
  const namespace = req.namespace ?? asString(meta.namespace);
  if (namespace && policy.exemptNamespaces.includes(namespace)) return out();
  const name = req.name ?? asString(meta.name) ?? asString(meta.generateName) ?? '';
  const object: K8sObject = {
    apiVersion: typeof obj.apiVersion === 'string' ? obj.apiVersion : `${req.kind.group ? `${req.kind.group}/` : ''}${req.kind.version}`,
    kind: req.kind.kind, name, namespace, raw: obj as JsonObject,
    source: { file: '<admission>', document: 1, line: 1 }, lines: new Map(),
  };
  const w = toWorkload(object);
  if (!w) return out();
  const add = (action: PolicyAction | 'ignore', msg: string): void => {
    if (action === 'deny') reasons.push(msg);
    else if (action === 'warn') warnings.push(msg);
  };

  const ps = policy.podSecurity;
  if (ps) {
    const r = evaluatePodSecurity(w, ps.version);
    for (const c of r.controls) {
      if (!levelOk(ps.level, c.control.level)) continue;
      for (const v of c.violations) add(ps.action, `violates PodSecurity "${ps.level}:${r.version}" (${c.control.title}): ${v.message}`);
    }
  }

  const images = [...new Set(containersOf(w).map((c) => asString(c.container.image)).filter((x): x is string => x !== undefined))];
  if (policy.registries) {
    for (const image of images) {
      if (!registryAllowed(image, policy.registries.allowed)) add(policy.registries.action, `image ${image} is not from an allowed registry (${policy.registries.allowed.join(', ')})`);
    }
  }
  const vp = policy.vulnerabilities;
  if (vp) {
    for (const image of images) {
      const scan = findScan(scans, image);
      if (!scan) {
        add(vp.missingScan, `image ${image} has no scan result${scans.size === 0 ? ' (no --scan-results loaded)' : ''}; its vulnerabilities are unknown`);
        continue;
      }
      const crit = fixableCriticals(scan.result);
      if (crit.length === 0) continue;
      const ids = [...new Set(crit.map((f) => `${f.id} (${f.package.name} ${f.package.version} → ${f.fixedVersion})`))];
      add(vp.fixableCritical, `image ${image} has ${ids.length} fixable critical vulnerabilit${ids.length === 1 ? 'y' : 'ies'} per ${scan.name}: ${ids.slice(0, 3).join(', ')}${ids.length > 3 ? `, and ${ids.length - 3} more` : ''}`);
    }
  }
  return out();
}

/** Shapes the AdmissionReview response for a decision. The uid must be the request's, or the API server rejects it. */
export function admissionResponse(uid: string, d: AdmissionDecision): AdmissionReviewResponse {
  return {
    apiVersion: ADMISSION_API,
    kind: 'AdmissionReview',
    response: {
      uid,
      allowed: d.allowed,
      ...(d.allowed ? {} : { status: { code: 403, reason: 'Forbidden', message: `drydock: ${d.reasons.join('; ')}` } }),
      ...(d.warnings.length > 0 ? { warnings: d.warnings } : {}),
    },
  };
}
