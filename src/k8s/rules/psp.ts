/**
 * PodSecurityPolicy (policy/v1beta1, removed in Kubernetes 1.25): validates the object against the real API, says
 * what it allows and which Pod Security Standards level it corresponds to.
 * API: https://v1-24.docs.kubernetes.io/docs/reference/generated/kubernetes-api/v1.24/#podsecuritypolicyspec-v1beta1-policy
 * Mapping: https://kubernetes.io/docs/reference/access-authn-authz/psp-to-pod-security-standards/
 */
import type { JsonValue, K8sFinding, K8sObject, Severity } from '../types.js';
import { asArray, asObject, asString } from './manifest.js';
import type { PssLevel } from './pss.js';

const SPEC_FIELDS = new Set([
  'allowPrivilegeEscalation', 'allowedCSIDrivers', 'allowedCapabilities', 'allowedFlexVolumes', 'allowedHostPaths', 'allowedProcMountTypes',
  'allowedUnsafeSysctls', 'defaultAddCapabilities', 'defaultAllowPrivilegeEscalation', 'forbiddenSysctls', 'fsGroup', 'hostIPC', 'hostNetwork',
  'hostPID', 'hostPorts', 'privileged', 'readOnlyRootFilesystem', 'requiredDropCapabilities', 'runAsGroup', 'runAsUser', 'runtimeClass', 'seLinux',
  'supplementalGroups', 'volumes',
]);
/** Hints for fields people borrow from OpenShift SecurityContextConstraints or invent. */
const HINTS: Record<string, string> = {
  seLinuxContext: 'seLinuxContext is a SecurityContextConstraints (OpenShift) field; PodSecurityPolicy uses seLinux: {rule: MustRunAs|RunAsAny, seLinuxOptions: {...}}',
  allowedContainers: 'PodSecurityPolicy has no per-container list; a policy applies to every pod whose creator or service account may `use` it (RBAC), and container settings are constrained by the other fields',
  allowPrivilegedContainer: 'allowPrivilegedContainer is an SCC field; PodSecurityPolicy uses privileged: true|false',
  allowHostNetwork: 'allowHostNetwork is an SCC field; PodSecurityPolicy uses hostNetwork',
};
const STRATEGY_FIELDS: Record<string, string[]> = {
  runAsUser: ['MustRunAs', 'MustRunAsNonRoot', 'RunAsAny'],
  runAsGroup: ['MustRunAs', 'MayRunAs', 'RunAsAny'],
  fsGroup: ['MustRunAs', 'MayRunAs', 'RunAsAny'],
  supplementalGroups: ['MustRunAs', 'MayRunAs', 'RunAsAny'],
};
const BASELINE_CAPS = new Set(['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT']);
const RESTRICTED_VOLUMES = new Set(['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret']);

function describeRanges(v: JsonValue | undefined, at: string, problems: [string, string][]): void {
  if (v === undefined) return;
  if (!Array.isArray(v)) {
    problems.push([at, `${at} must be a list of {min, max}`]);
    return;
  }
  v.forEach((r, i) => {
    const o = asObject(r);
    if (typeof r === 'string') {
      problems.push([at, `${at}[${i}] is the string ${JSON.stringify(r)}: \`[${r}]\` without a comma is a one-element YAML list of a string, not a range; write ranges: [{min: ${r.split(/\s+/)[0]}, max: ${r.split(/\s+/)[1] ?? '…'}}]`]);
    } else if (!o || typeof o.min !== 'number' || typeof o.max !== 'number') {
      problems.push([at, `${at}[${i}] must be {min: <int>, max: <int>}`]);
    } else if (o.min > o.max) {
      problems.push([at, `${at}[${i}] has min ${o.min} above max ${o.max}`]);
    }
  });
}

/** Validates a PSP object and maps it to a PSS level. Returns problems (path, message), what it allows, and the level. */
export function reviewPsp(o: K8sObject): { problems: [string, string][]; allows: string[]; level: PssLevel } {
  const problems: [string, string][] = [];
  if (o.apiVersion !== 'policy/v1beta1' && o.apiVersion !== 'extensions/v1beta1') {
    problems.push(['apiVersion', `apiVersion ${o.apiVersion} does not serve PodSecurityPolicy (only policy/v1beta1, and extensions/v1beta1 before 1.16; removed entirely in 1.25)${o.apiVersion.startsWith('security.openshift.io') ? '; security.openshift.io/v1 serves SecurityContextConstraints, a different object with different fields' : ''}`]);
  }
  const spec = asObject(o.raw.spec);
  if (!spec) return { problems: [...problems, ['spec', 'spec is missing or not an object']], allows: [], level: 'privileged' };
  for (const k of Object.keys(spec)) if (!SPEC_FIELDS.has(k)) problems.push([`spec.${k}`, `spec.${k} is not a PodSecurityPolicy field${HINTS[k] ? `: ${HINTS[k]}` : ''}`]);
  for (const [k, rules] of Object.entries(STRATEGY_FIELDS)) {
    const s = spec[k];
    if (s === undefined) {
      if (k !== 'runAsGroup') problems.push([`spec`, `spec.${k} is required (with a rule: ${rules.join('|')})`]);
      continue;
    }
    const so = asObject(s);
    if (!so) {
      problems.push([`spec.${k}`, `spec.${k} must be an object`]);
      continue;
    }
    for (const f of Object.keys(so)) if (f !== 'rule' && f !== 'ranges') problems.push([`spec.${k}.${f}`, `spec.${k}.${f} is not a field${f === 'range' ? '; the field is ranges: [{min, max}]' : ''}`]);
    if (!rules.includes(asString(so.rule) ?? '')) problems.push([`spec.${k}`, `spec.${k}.rule must be one of ${rules.join(', ')} (is ${so.rule === undefined ? 'missing' : JSON.stringify(so.rule)})`]);
    describeRanges(so.ranges ?? so.range, `spec.${k}.${so.ranges !== undefined ? 'ranges' : 'range'}`, problems);
  }
  const se = asObject(spec.seLinux);
  if (spec.seLinux === undefined) problems.push(['spec', 'spec.seLinux is required (rule: MustRunAs|RunAsAny)']);
  else for (const f of Object.keys(se ?? {})) if (f !== 'rule' && f !== 'seLinuxOptions') problems.push([`spec.seLinux.${f}`, `spec.seLinux.${f} is not a field`]);

  // What it allows, and the PSS level it corresponds to (psp-to-pod-security-standards mapping).
  const allows: string[] = [];
  let baselineOk = true;
  let restrictedOk = true;
  const flag = (cond: boolean, text: string, breaks: 'baseline' | 'restricted'): void => {
    if (!cond) return;
    allows.push(text);
    if (breaks === 'baseline') baselineOk = false;
    restrictedOk = false;
  };
  flag(spec.privileged === true, 'privileged containers', 'baseline');
  flag(spec.hostNetwork === true, 'host network', 'baseline');
  flag(spec.hostPID === true, 'host PID namespace', 'baseline');
  flag(spec.hostIPC === true, 'host IPC namespace', 'baseline');
  flag(asArray(spec.hostPorts).length > 0, 'host ports', 'baseline');
  const caps = asArray(spec.allowedCapabilities).map(String);
  flag(caps.some((c) => !BASELINE_CAPS.has(c)), `capabilities ${caps.join(', ')}`, 'baseline');
  const volumes = asArray(spec.volumes).map(String);
  flag(volumes.includes('*') || volumes.includes('hostPath'), `volumes ${volumes.join(', ')} (including host paths)`, 'baseline');
  flag(asArray(spec.allowedUnsafeSysctls).length > 0, 'unsafe sysctls', 'baseline');
  flag(asArray(spec.allowedProcMountTypes).some((p) => p !== 'Default'), 'unmasked /proc', 'baseline');
  flag(volumes.some((v) => v !== '*' && v !== 'hostPath' && !RESTRICTED_VOLUMES.has(v)), 'volume types outside the restricted set', 'restricted');
  flag(spec.allowPrivilegeEscalation !== false, 'privilege escalation (allowPrivilegeEscalation not false)', 'restricted');
  flag(!asArray(spec.requiredDropCapabilities).includes('ALL'), 'keeping default capabilities (requiredDropCapabilities lacks ALL)', 'restricted');
  const ru = asObject(spec.runAsUser);
  const nonRoot = ru?.rule === 'MustRunAsNonRoot' || (ru?.rule === 'MustRunAs' && asArray(ru.ranges).every((r) => typeof asObject(r)?.min === 'number' && (asObject(r)!.min as number) > 0) && asArray(ru.ranges).length > 0);
  flag(!nonRoot, 'running as root (runAsUser does not force non-root)', 'restricted');
  const level: PssLevel = !baselineOk ? 'privileged' : restrictedOk ? 'restricted' : 'baseline';
  return { problems, allows, level };
}

/** Findings for every PodSecurityPolicy among the objects. */
export function checkPsp(objects: readonly K8sObject[]): K8sFinding[] {
  const out: K8sFinding[] = [];
  for (const o of objects) {
    if (o.kind !== 'PodSecurityPolicy') continue;
    const r = reviewPsp(o);
    const object = { kind: o.kind, name: o.name, namespace: o.namespace };
    for (const [path, message] of r.problems) {
      out.push({ ruleId: 'K8S-PSP-INVALID', severity: 'medium', category: 'psp', title: 'Invalid PodSecurityPolicy', message, object, source: { ...o.source, line: o.lines.get(path) ?? o.source.line }, path });
    }
    const sev: Severity = r.level === 'privileged' ? 'high' : r.level === 'baseline' ? 'low' : 'info';
    out.push({
      ruleId: 'K8S-PSP-LEVEL', severity: sev, category: 'psp', title: `PodSecurityPolicy corresponds to PSS ${r.level}`,
      message: `${r.allows.length > 0 ? `allows ${r.allows.join('; ')}` : 'allows nothing beyond restricted'}; closest Pod Security Standards level: ${r.level}. PodSecurityPolicy was removed in Kubernetes 1.25: use Pod Security Admission labels`,
      object, source: o.source,
    });
  }
  return out;
}
