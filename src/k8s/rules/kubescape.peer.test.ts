/**
 * Peer cases: kubescape regolibrary rule tests (kubescape/regolibrary ce7ef32, Apache-2.0), packed in
 * ../shared/peer/6-misconfig/kubescape-regolibrary/regolibrary_tests.json. Each case is a set of input objects and
 * the rule responses kubescape expects ([] = no finding). For the kubescape rules that one of ours covers, we run our
 * analysis over the inputs and compare presence: a finding of the mapped rule ids on the case's objects ⇔ kubescape
 * expects a response. Rules not mapped are listed with reasons in src/k8s/readme.md; the few mapped cases where our
 * rule deliberately differs are listed below with the reason.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeObjects } from './analyze.js';
import { parseManifests } from './manifest.js';

const FILE = join(process.cwd(), '..', 'shared', 'peer', '6-misconfig', 'kubescape-regolibrary', 'regolibrary_tests.json');

interface Case { rule: string; test: string; inputs: Record<string, string>; expected: unknown[] }

/** kubescape rule name → our rule ids that stand for it. */
export const KUBESCAPE_MAP: Record<string, string[]> = {
  'rule-privileged-container': ['K8S-WL-PRIVILEGED', 'K8S-WL-CAP-SYS-ADMIN'],
  'alert-any-hostpath': ['K8S-WL-HOST-PATH'],
  'host-ipc-privileges': ['K8S-WL-HOST-IPC'],
  'host-pid-privileges': ['K8S-WL-HOST-PID'],
  'host-pid-ipc-privileges': ['K8S-WL-HOST-PID', 'K8S-WL-HOST-IPC'],
  'host-network-access': ['K8S-WL-HOST-NETWORK'],
  'set-hostprocess-true': ['K8S-PSS-HOST-PROCESS'],
  'set-procmount-default': ['K8S-WL-PROC-MOUNT'],
  'insecure-capabilities': ['K8S-WL-CAP-ADDED'],
  'non-root-containers': ['K8S-WL-RUN-AS-ROOT'],
  'rule-allow-privilege-escalation': ['K8S-WL-ESCALATION'],
  'immutable-container-filesystem': ['K8S-WL-READONLY-ROOTFS'],
  'resources-cpu-limits': ['K8S-WL-CPU-LIMIT'],
  'resources-cpu-requests': ['K8S-WL-CPU-REQUEST'],
  'resources-memory-limits': ['K8S-WL-MEMORY-LIMIT'],
  'resources-memory-requests': ['K8S-WL-MEMORY-REQUEST'],
  'resources-cpu-limit-and-request': ['K8S-WL-CPU-LIMIT', 'K8S-WL-CPU-REQUEST'],
  'resources-memory-limit-and-request': ['K8S-WL-MEMORY-LIMIT', 'K8S-WL-MEMORY-REQUEST'],
  'set-seccomp-profile-RuntimeDefault': ['K8S-WL-SECCOMP'],
  'rule-secrets-in-env-var': ['K8S-SECRET-IN-ENV'],
  'rule-can-list-get-secrets-v1': ['K8S-RBAC-SECRETS', 'K8S-RBAC-CLUSTER-ADMIN', 'K8S-RBAC-NAMESPACE-ADMIN'],
  'exec-into-container-v1': ['K8S-RBAC-EXEC', 'K8S-RBAC-CLUSTER-ADMIN', 'K8S-RBAC-NAMESPACE-ADMIN'],
  'rule-can-bind-escalate': ['K8S-RBAC-BIND-ESCALATE', 'K8S-RBAC-CLUSTER-ADMIN', 'K8S-RBAC-NAMESPACE-ADMIN'],
  'rule-can-impersonate-users-groups-v1': ['K8S-RBAC-IMPERSONATE', 'K8S-RBAC-CLUSTER-ADMIN', 'K8S-RBAC-NAMESPACE-ADMIN'],
  // kubescape's "high privileges" is "*" verbs on "*" resources, in any API group: our wildcard finding.
  'rule-list-all-cluster-admins-v1': ['K8S-RBAC-CLUSTER-ADMIN', 'K8S-RBAC-NAMESPACE-ADMIN', 'K8S-RBAC-WILDCARD'],
  'cluster-admin-role': ['K8S-RBAC-CLUSTER-ADMIN'],
  'rule-can-create-service-account-token': ['K8S-RBAC-SA-TOKEN', 'K8S-RBAC-CLUSTER-ADMIN', 'K8S-RBAC-NAMESPACE-ADMIN'],
};

/** Mapped cases whose verdict differs on purpose, `rule/test` → why. */
export const KNOWN_DIFFERENCES: Record<string, string> = {
  'exec-into-container-v1/clusterrole': 'the role grants "pods/*"; Kubernetes RBAC has no "pods/*" wildcard (only "*" and "*/<sub>"), so it does not grant pods/exec',
  'resources-cpu-limit-and-request/workload-mixed-unit': 'kubescape fails CPU values above a configured maximum; we check presence only, with no site thresholds',
  'resources-memory-limit-and-request/workload-exceeded': 'memory above a configured maximum: presence only here, no thresholds',
  'resources-memory-limit-and-request/workload-milli-suffix': 'memory above a configured maximum: presence only here, no thresholds',
  'resources-memory-limit-and-request/workload-mixed-unit': 'memory above a configured maximum: presence only here, no thresholds',
  'set-procmount-default/workload': 'kubescape wants procMount: Default written out; unset is Default in the API, so we flag only non-Default values (as PSS baseline does)',
  'set-seccomp-profile-RuntimeDefault/pod': 'kubescape accepts only RuntimeDefault; Localhost profiles are also confined and PSS restricted accepts them',
  'set-seccomp-profile-RuntimeDefault/workloads': 'as above: a Localhost profile passes here',
};

const cases: Case[] = existsSync(FILE) ? (JSON.parse(readFileSync(FILE, 'utf8')) as { tests: Case[] }).tests : [];
const mapped = cases.filter((c) => KUBESCAPE_MAP[c.rule]);

function run(c: Case): boolean {
  const objects = Object.entries(c.inputs).flatMap(([name, text]) => parseManifests(text, name).objects);
  const ids = new Set(KUBESCAPE_MAP[c.rule]);
  return analyzeObjects(objects).findings.some((f) => ids.has(f.ruleId));
}

describe.skipIf(cases.length === 0)('kubescape regolibrary cases', () => {
  it.each(mapped.filter((c) => !KNOWN_DIFFERENCES[`${c.rule}/${c.test}`]).map((c) => ({ ...c, name: `${c.rule}/${c.test} expects ${c.expected.length > 0 ? 'a finding' : 'none'}` })))('$name', (c) => {
    expect(run(c)).toBe(c.expected.length > 0);
  });

  it.each(Object.entries(KNOWN_DIFFERENCES).map(([k, why]) => ({ k, why })))('known difference $k', ({ k }) => {
    const c = mapped.find((x) => `${x.rule}/${x.test}` === k)!;
    // The difference is real today: if it goes away, move the case back to the passing list.
    expect(run(c)).not.toBe(c.expected.length > 0);
  });
});
