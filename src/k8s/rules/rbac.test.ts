import { describe, expect, it } from 'vitest';
import { parseManifests } from './manifest.js';
import { checkRbac } from './rbac.js';

function ids(yaml: string): string[] {
  return checkRbac(parseManifests(yaml, 'r.yaml').objects).map((f) => f.ruleId).sort();
}
const role = (rules: string, kind = 'ClusterRole', extra = ''): string => `apiVersion: rbac.authorization.k8s.io/v1\nkind: ${kind}\nmetadata: {name: r, namespace: ns${extra}}\nrules: ${rules}\n`;
const binding = (kind = 'ClusterRoleBinding', roleKind = 'ClusterRole', name = 'r', subject = '{kind: User, name: alice}'): string =>
  `---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ${kind}\nmetadata: {name: b, namespace: ns}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ${roleKind}, name: ${name}}\nsubjects: [${subject}]\n`;

describe('checkRbac()', () => {
  it.each`
    name                        | yaml                                                                                                             | expected
    ${'cluster-admin builtin'}  | ${binding('ClusterRoleBinding', 'ClusterRole', 'cluster-admin')}                                                 | ${['K8S-RBAC-CLUSTER-ADMIN']}
    ${'namespace admin'}        | ${role("[{apiGroups: ['*'], resources: ['*'], verbs: ['*']}]", 'Role') + binding('RoleBinding', 'Role')}        | ${['K8S-RBAC-NAMESPACE-ADMIN']}
    ${'secrets read'}           | ${role("[{apiGroups: [''], resources: [secrets], verbs: [list]}]") + binding()}                                  | ${['K8S-RBAC-SECRETS']}
    ${'exec'}                   | ${role("[{apiGroups: [''], resources: [pods/exec], verbs: [create]}]") + binding()}                              | ${['K8S-RBAC-EXEC']}
    ${'create deployments'}     | ${role("[{apiGroups: [apps], resources: [deployments], verbs: [create]}]") + binding()}                          | ${['K8S-RBAC-CREATE-WORKLOADS']}
    ${'bind'}                   | ${role("[{apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: [bind]}]") + binding()}      | ${['K8S-RBAC-BIND-ESCALATE']}
    ${'impersonate'}            | ${role("[{apiGroups: [''], resources: [groups], verbs: [impersonate]}]") + binding()}                            | ${['K8S-RBAC-IMPERSONATE']}
    ${'wildcard verbs on pods'} | ${role("[{apiGroups: [''], resources: [pods], verbs: ['*']}]") + binding()}                                      | ${['K8S-RBAC-CREATE-WORKLOADS', 'K8S-RBAC-WILDCARD']}
    ${'read-only pods'}         | ${role("[{apiGroups: [''], resources: [pods], verbs: [get, list]}]") + binding()}                                | ${[]}
    ${'anonymous'}              | ${role("[{apiGroups: [''], resources: [pods], verbs: [get]}]") + binding('ClusterRoleBinding', 'ClusterRole', 'r', '{kind: User, name: "system:anonymous"}')} | ${['K8S-RBAC-ANONYMOUS']}
    ${'unknown role'}           | ${binding('RoleBinding', 'Role', 'ghost')}                                                                      | ${[]}
    ${'aggregated role'}        | ${role('[]', 'ClusterRole', '}\naggregationRule: {clusterRoleSelectors: [{matchLabels: {agg: "yes"}}]') + '---\n' + role("[{apiGroups: [''], resources: [secrets], verbs: [get]}]").replace('name: r,', 'name: part, labels: {agg: "yes"},') + binding()} | ${['K8S-RBAC-SECRETS']}
  `('$name', ({ yaml, expected }: { yaml: string; expected: string[] }) => {
    expect(ids(yaml)).toEqual(expected);
  });
});
