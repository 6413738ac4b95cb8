/**
 * RBAC: who can do what, from Roles, ClusterRoles (including aggregation) and their bindings.
 * https://kubernetes.io/docs/reference/access-authn-authz/rbac/
 * Escalation paths follow https://kubernetes.io/docs/concepts/security/rbac-good-practices/ : creating workloads runs
 * code with any service account of the namespace, `bind`/`escalate` grant more than one holds, `impersonate` becomes
 * another identity, and read access to secrets includes service-account tokens.
 */
import type { JsonObject, K8sFinding, K8sObject, Severity } from '../types.js';
import { asArray, asObject, asString } from './manifest.js';
import { compileSelector, selectorMatches } from './netpol/selector.js';

interface Rule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  resourceNames: string[];
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function rulesOf(o: K8sObject): Rule[] {
  return asArray(o.raw.rules).map((r) => {
    const x = asObject(r) ?? {};
    return { apiGroups: strings(x.apiGroups), resources: strings(x.resources), verbs: strings(x.verbs), resourceNames: strings(x.resourceNames) };
  });
}

function grants(rules: Rule[], verbs: string[], group: string, resource: string): boolean {
  return rules.some((r) =>
    (r.verbs.includes('*') || verbs.some((v) => r.verbs.includes(v))) &&
    (r.apiGroups.includes('*') || r.apiGroups.includes(group)) &&
    // RBAC matches "*", the exact resource, and "*/<subresource>"; "pods/*" is not a wildcard in Kubernetes
    // (https://kubernetes.io/docs/reference/access-authn-authz/rbac/#referring-to-resources).
    (r.resources.includes('*') || r.resources.includes(resource) || (resource.includes('/') && r.resources.includes(`*/${resource.split('/')[1]!}`))));
}

/** Capabilities we report, each with the (verbs, group, resource) triples that confer it. */
const CAPABILITIES: { id: string; severity: Severity; title: string; any: [string[], string, string][] }[] = [
  { id: 'K8S-RBAC-CLUSTER-ADMIN', severity: 'critical', title: 'Effective cluster-admin', any: [] },
  { id: 'K8S-RBAC-WILDCARD', severity: 'high', title: 'Wildcard verbs or resources', any: [] },
  { id: 'K8S-RBAC-SECRETS', severity: 'high', title: 'Can read secrets', any: [[['get', 'list', 'watch'], '', 'secrets']] },
  { id: 'K8S-RBAC-EXEC', severity: 'high', title: 'Can exec/attach into pods', any: [[['create', 'get'], '', 'pods/exec'], [['create', 'get'], '', 'pods/attach']] },
  {
    id: 'K8S-RBAC-CREATE-WORKLOADS', severity: 'medium', title: 'Can create workloads (runs as any service account of the namespace)',
    any: [[['create', 'update', 'patch'], '', 'pods'], ...(['deployments', 'daemonsets', 'statefulsets', 'replicasets'].map((r) => [['create', 'update', 'patch'], 'apps', r]) as [string[], string, string][]), [['create', 'update', 'patch'], 'batch', 'jobs'], [['create', 'update', 'patch'], 'batch', 'cronjobs']],
  },
  { id: 'K8S-RBAC-BIND-ESCALATE', severity: 'critical', title: 'Can bind or escalate roles', any: [[['bind', 'escalate'], 'rbac.authorization.k8s.io', 'roles'], [['bind', 'escalate'], 'rbac.authorization.k8s.io', 'clusterroles'], [['create', 'update', 'patch'], 'rbac.authorization.k8s.io', 'rolebindings'], [['create', 'update', 'patch'], 'rbac.authorization.k8s.io', 'clusterrolebindings']] },
  { id: 'K8S-RBAC-IMPERSONATE', severity: 'critical', title: 'Can impersonate', any: [[['impersonate'], '', 'users'], [['impersonate'], '', 'groups'], [['impersonate'], '', 'serviceaccounts'], [['impersonate'], 'authentication.k8s.io', 'userextras']] },
  { id: 'K8S-RBAC-NODES-PROXY', severity: 'high', title: 'Can use nodes/proxy (kubelet API)', any: [[['get', 'create'], '', 'nodes/proxy']] },
  { id: 'K8S-RBAC-SA-TOKEN', severity: 'high', title: 'Can mint service-account tokens', any: [[['create'], '', 'serviceaccounts/token']] },
];

/** Findings per subject and capability, through every binding. */
export function checkRbac(objects: readonly K8sObject[]): K8sFinding[] {
  const roles = new Map<string, K8sObject>();
  const clusterRoles = new Map<string, K8sObject>();
  for (const o of objects) {
    if (o.kind === 'Role') roles.set(`${o.namespace ?? 'default'}/${o.name}`, o);
    if (o.kind === 'ClusterRole') clusterRoles.set(o.name, o);
  }
  // Aggregated ClusterRoles gather the rules of ClusterRoles whose labels match their selectors.
  const effectiveClusterRules = (name: string): Rule[] | undefined => {
    const cr = clusterRoles.get(name);
    if (!cr) return name === 'cluster-admin' ? [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'], resourceNames: [] }] : undefined;
    const rules = rulesOf(cr);
    for (const s of asArray(asObject(cr.raw.aggregationRule)?.clusterRoleSelectors)) {
      const sel = compileSelector(s);
      for (const other of clusterRoles.values()) {
        const labels: Record<string, string> = {};
        for (const [k, v] of Object.entries(asObject(asObject(other.raw.metadata)?.labels) ?? {})) if (typeof v === 'string') labels[k] = v;
        if (other !== cr && selectorMatches(sel, labels)) rules.push(...rulesOf(other));
      }
    }
    return rules;
  };

  const out: K8sFinding[] = [];
  for (const b of objects) {
    if (b.kind !== 'RoleBinding' && b.kind !== 'ClusterRoleBinding') continue;
    const ref = asObject(b.raw.roleRef) ?? {};
    const refKind = asString(ref.kind);
    const refName = asString(ref.name) ?? '';
    const rules = refKind === 'ClusterRole' ? effectiveClusterRules(refName) : rulesOf(roles.get(`${b.namespace ?? 'default'}/${refName}`) ?? ({ raw: {} } as K8sObject));
    const scope = b.kind === 'ClusterRoleBinding' ? 'cluster-wide' : `in namespace ${b.namespace ?? 'default'}`;
    const subjects = asArray(b.raw.subjects).map((s) => {
      const x = asObject(s) ?? ({} as JsonObject);
      return `${String(x.kind)} ${x.namespace ? `${String(x.namespace)}/` : ''}${String(x.name)}`;
    });
    // Anonymous subjects are a finding whatever the role grants, even when the role is not in the manifests.
    for (const subject of subjects) {
      if (subject.includes('system:anonymous') || subject.includes('system:unauthenticated')) {
        out.push(finding(b, 'K8S-RBAC-ANONYMOUS', 'critical', 'Anonymous access bound', `${subject} is granted ${refKind} ${refName} ${scope}`, 'subjects', ['KSV-0122']));
      }
    }
    if (!rules) {
      out.push(finding(b, 'K8S-RBAC-MISSING-ROLE', 'info', 'Binding to an unknown role', `${refKind} ${refName} is not among the manifests; its rules were not evaluated`, 'roleRef'));
      continue;
    }
    const isAdmin = grants(rules, ['*'], '*', '*') && rules.some((r) => r.verbs.includes('*') && r.resources.includes('*') && r.apiGroups.includes('*'));
    for (const subject of subjects) {
      for (const cap of CAPABILITIES) {
        let has: boolean;
        if (cap.id === 'K8S-RBAC-CLUSTER-ADMIN') has = isAdmin && b.kind === 'ClusterRoleBinding';
        else if (cap.id === 'K8S-RBAC-WILDCARD') has = !isAdmin && rules.some((r) => r.verbs.includes('*') || r.resources.includes('*'));
        else has = !isAdmin && cap.any.some(([v, g, r]) => grants(rules, v, g, r));
        if (has) out.push(finding(b, cap.id, cap.severity, cap.title, `${subject} ${cap.title.toLowerCase()} ${scope} (via ${refKind} ${refName})`, 'roleRef'));
      }
      if (isAdmin && b.kind === 'RoleBinding') out.push(finding(b, 'K8S-RBAC-NAMESPACE-ADMIN', 'high', 'Full control of a namespace', `${subject} has every verb on every resource ${scope} (via ${refKind} ${refName})`, 'roleRef'));
    }
  }
  return out;
}

function finding(o: K8sObject, ruleId: string, severity: Severity, title: string, message: string, path: string, aliases?: string[]): K8sFinding {
  return {
    ruleId, severity, category: 'rbac', title, message, object: { kind: o.kind, name: o.name, namespace: o.namespace },
    source: { ...o.source, line: o.lines.get(path) ?? o.source.line }, path, ...(aliases ? { aliases } : {}),
  };
}
