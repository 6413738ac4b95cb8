/**
 * Peer cases: trivy-checks' Kubernetes rego unit tests (aquasecurity/trivy-checks 80e5382, MIT), transcribed in
 * ../shared/peer/6-misconfig/trivy-checks/rego_unit_cases.json. Each case is the `input` of one `*_test.rego` test
 * (for the checks run here: a bare Kubernetes object, not wrapped) and the expected count of `deny` results. For every
 * case whose check id is a KSV alias of one of our rules, we parse the object as a manifest, run `analyzeObjects` as
 * the other peer tests do, and expect the mapped rule to report a finding exactly when trivy expects deny > 0
 * (`count(r) == 0` → none; `== N` with N > 0 or `> N` → a finding). Message strings are not compared.
 * Every other Kubernetes check id is skipped with its reason (SKIPPED_CHECKS); mapped cases whose input is not an
 * object we read are listed in SHAPE_SKIPS; mapped cases where our rule differs on purpose in KNOWN_DIFFERENCES.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { peerDir } from '../../../test/helpers/shared.js';
import { analyzeObjects } from './analyze.js';
import { parseManifests } from './manifest.js';
import { WORKLOAD_RULES } from './workload-checks.js';
import { isWorkloadKind } from './workloads.js';

const FILE = join(peerDir, '6-misconfig', 'trivy-checks', 'rego_unit_cases.json');

interface RegoCase {
  check_package: string;
  check_id: string;
  test_file: string;
  test: string;
  rule: string;
  input: unknown;
  expect: { count_op: string; count: number };
  messages: string[];
}

/**
 * KSV alias → our rule id. Workload rules declare theirs in WORKLOAD_RULES; the RBAC and storage rules attach theirs
 * when they emit a finding (rbac.ts: K8S-RBAC-ANONYMOUS, storage.ts: K8S-SECRET-IN-CONFIGMAP).
 */
const ALIAS_TO_RULE = new Map<string, string>([
  ...WORKLOAD_RULES.flatMap((r) => r.aliases.map((a): [string, string] => [a, r.id])),
  ['KSV-0122', 'K8S-RBAC-ANONYMOUS'],
  ['KSV-0109', 'K8S-SECRET-IN-CONFIGMAP'],
]);

/** Kinds read by the non-workload rules mapped above (workload kinds are those of `isWorkloadKind`). */
const OTHER_KINDS_READ = new Set(['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding', 'ConfigMap']);

const CONTROL_PLANE_FLAGS = 'control-plane component flags (kube-apiserver, controller-manager, scheduler and etcd command lines in their static Pods): we read no component flags';
const NODE_INFO = "input is trivy's NodeInfo (file modes and owners, kubelet flags, collected on a node), not a Kubernetes object";
const ROLE_ONLY_RBAC = 'RBAC check of a Role/ClusterRole alone: our RBAC rules report what a binding grants a subject (a role bound to nobody grants nothing) and carry no KSV alias';
const NOT_ALIASED = (ours: string): string => `covered in part by ${ours}; no rule of ours carries this KSV id as an alias`;

/** Kubernetes check ids no rule of ours carries as an alias, with the reason they are not run. */
export const SKIPPED_CHECKS: Record<string, string> = {
  ...Object.fromEntries(
    ['0001', '0002', '0003', '0004', '0005', '0006', '0007', '0008', '0009', '0010', '0011', '0012', '0013', '0014', '0015', '0016', '0017', '0018',
      '0019', '0020', '0021', '0022', '0024', '0025', '0026', '0027', '0028', '0029', '0030', '0033', '0034', '0035', '0036', '0037', '0038',
      '0039', '0040', '0041', '0042', '0043', '0044', '0045', '0046', '0047'].map((n) => [`KCV-${n}`, CONTROL_PLANE_FLAGS]),
  ),
  ...Object.fromEntries(Array.from({ length: 92 - 48 + 1 }, (_, i) => [`KCV-${String(48 + i).padStart(4, '0')}`, NODE_INFO])),
  'KCV-0093': 'ingress-nginx annotations on Ingress objects: not in scope',
  'KSV-0038': 'selector hygiene of NetworkPolicies and Services: our NetworkPolicy checks judge isolation per workload, not selector usage',
  'KSV-0039': 'namespace-level LimitRange presence: we check requests and limits per container (KSV-0011/0015/0016/0018)',
  'KSV-0040': 'namespace-level ResourceQuota presence: we check requests and limits per container',
  ...Object.fromEntries(['0041', '0042', '0043', '0044', '0045', '0046', '0047', '0048', '0049', '0050', '0051', '0052', '0053', '0054', '0055', '0056',
    '0112', '0113', '0114', '0115'].map((n) => [`KSV-${n}`, ROLE_ONLY_RBAC])),
  'KSV-01010': 'ConfigMap keys named like credentials (a key "username" with value "test" is denied): ours, K8S-SECRET-IN-CONFIGMAP, judges the values and carries KSV-0109 (which has no rego unit cases)',
  'KSV-01011': 'bindings to the system:authenticated group: no rule of ours (we flag anonymous/unauthenticated subjects, KSV-0122)',
  'KSV-0123': 'bindings to the system:masters group: no rule of ours',
  'KSV-0102': 'Tiller (Helm 2) deployed: not in scope',
  'KSV-0103': NOT_ALIASED('the PSS control K8S-PSS-HOST-PROCESS'),
  'KSV-0104': NOT_ALIASED('the PSS control K8S-PSS-SECCOMP-BASELINE (Unconfined) and K8S-WL-SECCOMP (KSV-0030)'),
  'KSV-0105': NOT_ALIASED('the PSS control K8S-PSS-RUN-AS-USER and K8S-WL-UID-LOW (KSV-0020)'),
  'KSV-0106': NOT_ALIASED('the PSS control K8S-PSS-CAPABILITIES-RESTRICTED'),
  'KSV-0107': 'deprecated apiVersion/kind pairs: no rule of ours',
  'KSV-0108': 'Service externalIPs: no rule of ours (we do not judge Services)',
  'KSV-0111': NOT_ALIASED('K8S-RBAC-CLUSTER-ADMIN / K8S-RBAC-NAMESPACE-ADMIN'),
  'KSV-0116': NOT_ALIASED('K8S-WL-GID-LOW (KSV-0021; runAsGroup only, not supplementalGroups/fsGroup)'),
  'KSV-0117': 'containerPort below 1024: no rule of ours',
  'KSV-0118': 'pod or container without a (non-empty) securityContext: no rule of ours (each securityContext field has its own rule)',
  'KSV-0119': NOT_ALIASED('K8S-WL-CAP-ADDED (KSV-0022, any added capability)'),
  'KSV-0120': NOT_ALIASED('K8S-WL-CAP-ADDED (KSV-0022, any added capability)'),
  'KSV-0121': NOT_ALIASED('K8S-WL-HOST-PATH (KSV-0023, every hostPath; trivy flags a list of sensitive paths)'),
};

/** Mapped cases (`check id/test`) whose input is not a Kubernetes object we read. */
export const SHAPE_SKIPS: Record<string, string> = {
  'KSV-0036/test_protect_service_account_token_denied_without_mountPath': 'kind "pod" (lower case) and no apiVersion: not a Kubernetes object',
  'KSV-0036/test_protect_service_account_token_allow': 'kind "pod" (lower case) and no apiVersion: not a Kubernetes object',
  'KSV-0122/test_cluster_role_binding_with_anonymous_user_binding': 'kind "ClusterRolebinding": kinds are case-sensitive and the API server rejects it (see the bug test below for the intended ClusterRoleBinding)',
};

/** Mapped cases (`check id/test`) where our verdict differs on purpose, with the reason. */
export const KNOWN_DIFFERENCES: Record<string, string> = {
  'KSV-0110/test_pod_without_namespace': 'no metadata.namespace: the object lands in the namespace kubectl is pointed at (-n, context), which need not be default; we flag only an explicit default (objects read from a cluster always carry theirs)',
  'KSV-0037/test_pod_core_component': 'trivy exempts a kube-system Pod labelled as a control-plane component (component: kube-apiserver, tier: control-plane); labels are whatever the manifest says, so we flag every workload in kube-system',
  'KSV-0030/test_annotation_allowed': 'seccomp set only by the alpha annotation seccomp.security.alpha.kubernetes.io/pod: runtime/default; the annotation is deprecated since v1.19 and non-functional since v1.27, so only securityContext.seccompProfile counts',
};

const all: RegoCase[] = existsSync(FILE)
  ? (JSON.parse(readFileSync(FILE, 'utf8')) as RegoCase[]).filter((c) => c.check_id.startsWith('KSV') || c.check_package.split('.').includes('kubernetes'))
  : [];

const key = (c: RegoCase): string => `${c.check_id}/${c.test}`;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** True when the input is a Kubernetes object of a kind our rules read. */
function readable(input: unknown): boolean {
  return isObject(input) && typeof input.apiVersion === 'string' && typeof input.kind === 'string' &&
    (isWorkloadKind(input.kind) || OTHER_KINDS_READ.has(input.kind));
}

/** trivy expects at least one deny result. */
function expectsFinding(c: RegoCase): boolean {
  if (c.expect.count_op === '==') return c.expect.count > 0;
  if (c.expect.count_op === '>') return true;
  throw new Error(`${key(c)}: unknown count_op ${c.expect.count_op}`);
}

/** Does our mapped rule report a finding, carrying the KSV alias, for this object? */
function oursFinds(input: unknown, checkId: string): boolean {
  const { objects, issues } = parseManifests(JSON.stringify(input), `${checkId}.json`);
  expect(issues).toEqual([]);
  expect(objects).toHaveLength(1);
  const rule = ALIAS_TO_RULE.get(checkId);
  return analyzeObjects(objects).findings.some((f) => f.ruleId === rule && f.aliases?.includes(checkId) === true);
}

const mapped = all.filter((c) => ALIAS_TO_RULE.has(c.check_id));
const shapeSkipped = mapped.filter((c) => !readable(c.input));
const runnable = mapped.filter((c) => readable(c.input));
const agreeing = runnable.filter((c) => !(key(c) in KNOWN_DIFFERENCES));
const unmapped = all.filter((c) => !ALIAS_TO_RULE.has(c.check_id));

const describeName = (c: RegoCase): string => `${key(c)} expects ${expectsFinding(c) ? 'a finding' : 'none'}`;

describe.skipIf(all.length === 0)('trivy-checks Kubernetes rego unit cases', () => {
  it.each(agreeing.map((c) => ({ c, name: describeName(c) })))('$name', ({ c }) => {
    expect(oursFinds(c.input, c.check_id)).toBe(expectsFinding(c));
  });

  it.each(Object.entries(KNOWN_DIFFERENCES).map(([k, why]) => ({ k, why })))('known difference $k', ({ k }) => {
    const c = runnable.find((x) => key(x) === k);
    expect(c, `${k} is not a runnable mapped case`).toBeDefined();
    // The difference is real today: if it goes away, move the case back to the agreeing list.
    expect(oursFinds(c!.input, c!.check_id)).not.toBe(expectsFinding(c!));
  });

  it('system:anonymous bound to a ClusterRole that is not in the manifests is reported (KSV-0122)', () => {
    // test_cluster_role_binding_with_anonymous_user_binding with the kind spelled as the API has it. This case found
    // that checkRbac used to stop at K8S-RBAC-MISSING-ROLE before looking at the subjects; fixed in rbac.ts.
    const c = shapeSkipped.find((x) => key(x) === 'KSV-0122/test_cluster_role_binding_with_anonymous_user_binding');
    expect(c).toBeDefined();
    expect(expectsFinding(c!)).toBe(true);
    const input = { ...(c!.input as Record<string, unknown>), kind: 'ClusterRoleBinding' };
    expect(oursFinds(input, 'KSV-0122')).toBe(true);
    const { objects } = parseManifests(JSON.stringify(input), 'crb.json');
    expect(analyzeObjects(objects).findings.map((f) => f.ruleId).sort()).toEqual(['K8S-RBAC-ANONYMOUS', 'K8S-RBAC-ANONYMOUS', 'K8S-RBAC-MISSING-ROLE']);
  });

  it('every Kubernetes case is run, skipped by input shape, or skipped by check id with a reason', () => {
    expect(all.every((c) => c.rule === 'deny' && ['==', '>'].includes(c.expect.count_op))).toBe(true);
    // The skip tables cover exactly what the data holds: no check of ours among them, none missing, none stale.
    const unmappedIds = new Set(unmapped.map((c) => c.check_id));
    expect([...unmappedIds].filter((id) => !(id in SKIPPED_CHECKS))).toEqual([]);
    expect(Object.keys(SKIPPED_CHECKS).filter((id) => !unmappedIds.has(id))).toEqual([]);
    expect(Object.keys(SKIPPED_CHECKS).filter((id) => ALIAS_TO_RULE.has(id))).toEqual([]);
    expect(shapeSkipped.map(key).sort()).toEqual(Object.keys(SHAPE_SKIPS).sort());

    const byReason: Record<string, number> = {};
    for (const c of unmapped) byReason[SKIPPED_CHECKS[c.check_id]!] = (byReason[SKIPPED_CHECKS[c.check_id]!] ?? 0) + 1;
    // Cases where our verdict matches trivy's: the agreeing list, and none of the known differences.
    const agreeWithTrivy = runnable.filter((c) => oursFinds(c.input, c.check_id) === expectsFinding(c)).length;
    const counts = {
      kubernetesCases: all.length, mapped: mapped.length, run: runnable.length, agreeWithTrivy,
      knownDifferences: Object.keys(KNOWN_DIFFERENCES).length, skippedShape: shapeSkipped.length, skippedCheck: unmapped.length,
    };
    console.log('trivy rego unit cases:', JSON.stringify(counts), '\nskipped by reason:', JSON.stringify(byReason, null, 1));
    expect(counts).toEqual({
      kubernetesCases: 639, mapped: 93, run: 90, agreeWithTrivy: 87, knownDifferences: 3, skippedShape: 3, skippedCheck: 546,
    });
    expect(counts.agreeWithTrivy).toBe(agreeing.length);
    expect(counts.run + counts.skippedShape + counts.skippedCheck).toBe(all.length);
  });
});
