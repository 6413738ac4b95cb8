/**
 * Workload hardening checks beyond the Pod Security Standards levels: securityContext details, resources, host
 * access, service-account tokens, runtime class. Each rule lists the equivalent trivy check id (KSV-xxxx) as an alias so
 * reports can be cross-referenced and the peer cases in ../shared/peer/6-misconfig/trivy-checks can be run against us.
 * Securing a pod: https://kubernetes.io/docs/tasks/configure-pod-container/security-context/
 */
import type { JsonObject, JsonValue, K8sFinding, Severity } from '../types.js';
import { asArray, asObject, asString, lineOf } from './manifest.js';
import { evaluatePodSecurity } from './pss.js';
import type { PssResult } from './pss.js';
import { containersOf } from './workloads.js';
import type { Workload } from './workloads.js';

interface Hit {
  message: string;
  path: string;
}

export interface WorkloadRule {
  id: string;
  aliases: string[];
  severity: Severity;
  title: string;
  check(w: Workload, pss: PssResult): Hit[];
}

function fromControl(id: string) {
  return (_w: Workload, pss: PssResult): Hit[] => pss.controls.find((c) => c.control.id === id)?.violations ?? [];
}

/**
 * Runs a check on each container. Ephemeral (debug) containers take a securityContext like any other, so they are
 * checked too, except by `withoutEphemeral` checks: the API forbids resources on them.
 */
function perContainer(fn: (c: JsonObject, sc: JsonObject | undefined, podSc: JsonObject | undefined, name: string, path: string) => Hit | undefined, withoutEphemeral = false) {
  return (w: Workload): Hit[] => {
    const podSc = asObject(w.spec.securityContext);
    const out: Hit[] = [];
    for (const c of containersOf(w)) {
      if (withoutEphemeral && c.kind === 'ephemeralContainers') continue;
      const hit = fn(c.container, asObject(c.container.securityContext), podSc, c.name, c.path);
      if (hit) out.push(hit);
    }
    return out;
  };
}

function resource(kind: 'limits' | 'requests', res: 'cpu' | 'memory') {
  return perContainer((c, _sc, _p, name, path) => {
    const v = asObject(asObject(c.resources)?.[kind])?.[res];
    return v === undefined || v === null || v === '' ? { message: `container ${name} has no ${res} ${kind === 'limits' ? 'limit' : 'request'}`, path: `${path}.resources` } : undefined;
  }, true);
}

function volumesWith(w: Workload, pred: (v: JsonObject) => string | undefined): Hit[] {
  const out: Hit[] = [];
  asArray(w.spec.volumes).forEach((v, i) => {
    const vol = asObject(v);
    const msg = vol ? pred(vol) : undefined;
    if (msg) out.push({ message: msg, path: `${w.specPath}.volumes.${i}` });
  });
  return out;
}

function hasCap(list: JsonValue | undefined, cap: string): boolean {
  return asArray(list).some((x) => typeof x === 'string' && (x.toUpperCase() === cap || x.toUpperCase() === `CAP_${cap}`));
}

/** Workload rules, alphabetical by id. */
export const WORKLOAD_RULES: readonly WorkloadRule[] = [
  { id: 'K8S-WL-APPARMOR', aliases: ['KSV-0002'], severity: 'low', title: 'AppArmor profile overridden', check: fromControl('apparmor') },
  {
    id: 'K8S-WL-AUTOMOUNT-SA-TOKEN', aliases: ['KSV-0036'], severity: 'medium', title: 'Service account token mounted explicitly',
    check: (w) => (w.spec.automountServiceAccountToken === true ? [{ message: 'automountServiceAccountToken: true gives every container an API token; set false unless the pod calls the API', path: `${w.specPath}.automountServiceAccountToken` }] : []),
  },
  { id: 'K8S-WL-CAP-ADDED', aliases: ['KSV-0022'], severity: 'medium', title: 'Capabilities added',
    check: perContainer((_c, sc, _p, name, path) => {
      const add = asArray(asObject(sc?.capabilities)?.add);
      return add.length > 0 ? { message: `container ${name} adds capabilities ${add.map(String).join(', ')}`, path: `${path}.securityContext.capabilities.add` } : undefined;
    }) },
  { id: 'K8S-WL-CAP-NO-DROP-ALL', aliases: ['KSV-0003'], severity: 'low', title: 'Capabilities not dropped',
    check: perContainer((_c, sc, _p, name, path) => (hasCap(asObject(sc?.capabilities)?.drop, 'ALL') ? undefined : { message: `container ${name} does not drop ALL capabilities`, path: `${path}.securityContext` })) },
  { id: 'K8S-WL-CAP-SYS-ADMIN', aliases: ['KSV-0005'], severity: 'high', title: 'SYS_ADMIN capability added',
    check: perContainer((_c, sc, _p, name, path) => (hasCap(asObject(sc?.capabilities)?.add, 'SYS_ADMIN') ? { message: `container ${name} adds SYS_ADMIN, which is close to root on the node`, path: `${path}.securityContext.capabilities.add` } : undefined)) },
  { id: 'K8S-WL-CPU-LIMIT', aliases: ['KSV-0011'], severity: 'low', title: 'CPU not limited', check: resource('limits', 'cpu') },
  { id: 'K8S-WL-CPU-REQUEST', aliases: ['KSV-0015'], severity: 'low', title: 'CPU request not set', check: resource('requests', 'cpu') },
  { id: 'K8S-WL-DEFAULT-NAMESPACE', aliases: ['KSV-0110'], severity: 'low', title: 'Workload in the default namespace',
    check: (w) => (w.object.namespace === 'default' ? [{ message: 'workload is in the default namespace; use a dedicated namespace so policies can target it', path: 'metadata.namespace' }] : []) },
  { id: 'K8S-WL-DOCKER-SOCKET', aliases: ['KSV-0006'], severity: 'high', title: 'Container runtime socket mounted',
    check: (w) => volumesWith(w, (v) => {
      const p = asString(asObject(v.hostPath)?.path);
      return p && /\/(docker|containerd|crio)\.sock$|^\/var\/run\/docker\.sock$/.test(p) ? `volume ${String(v.name)} mounts the runtime socket ${p}: full control of the node` : undefined;
    }) },
  { id: 'K8S-WL-ESCALATION', aliases: ['KSV-0001'], severity: 'medium', title: 'Privilege escalation allowed',
    check: perContainer((_c, sc, _p, name, path) => (sc?.allowPrivilegeEscalation === false ? undefined : { message: `container ${name} does not set allowPrivilegeEscalation: false (setuid binaries can gain privileges)`, path: `${path}.securityContext` })) },
  { id: 'K8S-WL-HOST-IPC', aliases: ['KSV-0008'], severity: 'high', title: 'Host IPC namespace',
    check: (w) => (w.spec.hostIPC === true ? [{ message: 'hostIPC: true shares the node IPC namespace', path: `${w.specPath}.hostIPC` }] : []) },
  { id: 'K8S-WL-HOST-NETWORK', aliases: ['KSV-0009'], severity: 'high', title: 'Host network namespace',
    check: (w) => (w.spec.hostNetwork === true ? [{ message: 'hostNetwork: true shares the node network namespace and bypasses NetworkPolicy', path: `${w.specPath}.hostNetwork` }] : []) },
  { id: 'K8S-WL-HOST-PID', aliases: ['KSV-0010'], severity: 'high', title: 'Host PID namespace',
    check: (w) => (w.spec.hostPID === true ? [{ message: 'hostPID: true shows every node process to the pod', path: `${w.specPath}.hostPID` }] : []) },
  { id: 'K8S-WL-HOST-PATH', aliases: ['KSV-0023'], severity: 'medium', title: 'hostPath volume', check: fromControl('host-path-volumes') },
  { id: 'K8S-WL-HOST-PORT', aliases: ['KSV-0024'], severity: 'high', title: 'Host port', check: fromControl('host-ports') },
  { id: 'K8S-WL-IMAGE-LATEST', aliases: ['KSV-0013'], severity: 'medium', title: 'Image without a fixed tag',
    check: perContainer((c, _sc, _p, name, path) => {
      const image = asString(c.image);
      if (image === undefined || image.includes('@')) return undefined;
      const last = image.split('/').pop() ?? image;
      const tag = last.includes(':') ? last.split(':').pop() : undefined;
      return tag === undefined || tag === 'latest' ? { message: `container ${name} runs ${image}, which is not pinned to a tag or digest`, path: `${path}.image` } : undefined;
    }) },
  { id: 'K8S-WL-KUBE-SYSTEM', aliases: ['KSV-0037'], severity: 'medium', title: 'Workload in kube-system',
    check: (w) => (w.object.namespace === 'kube-system' ? [{ message: 'user workloads in kube-system share it with control-plane components', path: 'metadata.namespace' }] : []) },
  { id: 'K8S-WL-MEMORY-LIMIT', aliases: ['KSV-0018'], severity: 'low', title: 'Memory not limited', check: resource('limits', 'memory') },
  { id: 'K8S-WL-MEMORY-REQUEST', aliases: ['KSV-0016'], severity: 'low', title: 'Memory request not set', check: resource('requests', 'memory') },
  { id: 'K8S-WL-PRIVILEGED', aliases: ['KSV-0017'], severity: 'high', title: 'Privileged container', check: fromControl('privileged') },
  { id: 'K8S-WL-PROC-MOUNT', aliases: ['KSV-0027'], severity: 'medium', title: 'Non-default /proc mount', check: fromControl('proc-mount') },
  { id: 'K8S-WL-READONLY-ROOTFS', aliases: ['KSV-0014'], severity: 'high', title: 'Root filesystem writable',
    check: perContainer((_c, sc, _p, name, path) => (sc?.readOnlyRootFilesystem === true ? undefined : { message: `container ${name} does not set readOnlyRootFilesystem: true`, path: `${path}.securityContext` })) },
  { id: 'K8S-WL-RUN-AS-ROOT', aliases: ['KSV-0012'], severity: 'medium', title: 'May run as root',
    check: perContainer((_c, sc, podSc, name, path) => {
      const v = sc?.runAsNonRoot ?? podSc?.runAsNonRoot;
      return v === true ? undefined : { message: `container ${name} does not require a non-root user (runAsNonRoot: true)`, path: `${path}.securityContext` };
    }) },
  { id: 'K8S-WL-RUNTIME-CLASS', aliases: [], severity: 'info', title: 'No sandboxed runtime',
    check: (w) => (w.spec.runtimeClassName === undefined
      ? [{ message: 'no runtimeClassName: for untrusted code, run it under a sandboxed runtime (gVisor runsc, Kata Containers) via a RuntimeClass (https://kubernetes.io/docs/concepts/containers/runtime-class/)', path: w.specPath }]
      : []) },
  { id: 'K8S-WL-SECCOMP', aliases: ['KSV-0030'], severity: 'low', title: 'Seccomp profile not RuntimeDefault/Localhost',
    check: perContainer((_c, sc, podSc, name, path) => {
      const t = asObject(sc?.seccompProfile)?.type ?? asObject(podSc?.seccompProfile)?.type;
      return t === 'RuntimeDefault' || t === 'Localhost' ? undefined : { message: `container ${name} seccomp profile is ${t === undefined ? 'unset' : JSON.stringify(t)}; use RuntimeDefault`, path: `${path}.securityContext` };
    }) },
  { id: 'K8S-WL-SELINUX', aliases: ['KSV-0025'], severity: 'medium', title: 'Custom SELinux options', check: fromControl('selinux') },
  { id: 'K8S-WL-SYSCTL', aliases: ['KSV-0026'], severity: 'medium', title: 'Unsafe sysctl', check: fromControl('sysctls') },
  { id: 'K8S-WL-UID-LOW', aliases: ['KSV-0020'], severity: 'low', title: 'UID not above 10000',
    check: perContainer((_c, sc, podSc, name, path) => {
      const uid = sc?.runAsUser ?? podSc?.runAsUser;
      // A UID above 10000 avoids colliding with host users if the container ever escapes.
      return typeof uid === 'number' && uid > 10000 ? undefined : { message: `container ${name} runs as UID ${uid === undefined ? '(image default)' : String(uid)}, not above 10000`, path: `${path}.securityContext` };
    }) },
  { id: 'K8S-WL-GID-LOW', aliases: ['KSV-0021'], severity: 'low', title: 'GID not above 10000',
    check: perContainer((_c, sc, podSc, name, path) => {
      const gid = sc?.runAsGroup ?? podSc?.runAsGroup;
      return typeof gid === 'number' && gid > 10000 ? undefined : { message: `container ${name} runs with GID ${gid === undefined ? '(image default)' : String(gid)}, not above 10000`, path: `${path}.securityContext` };
    }) },
  { id: 'K8S-WL-VOLUME-TYPES', aliases: ['KSV-0028'], severity: 'low', title: 'Non-core volume type', check: fromControl('volume-types') },
];

/** The PSS level finding severities: failing baseline is worse than failing restricted. */
const PSS_SEVERITY = { baseline: 'high', restricted: 'medium' } as const;

/** Evaluates PSS plus the workload rules for one workload. */
export function checkWorkload(w: Workload, pssVersion = 'latest'): { pss: PssResult; findings: K8sFinding[] } {
  const pss = evaluatePodSecurity(w, pssVersion);
  const o = w.object;
  const object = { kind: o.kind, name: o.name, namespace: o.namespace };
  const findings: K8sFinding[] = [];
  for (const r of pss.controls) {
    for (const v of r.violations) {
      findings.push({
        ruleId: `K8S-PSS-${r.control.id.toUpperCase()}`, severity: PSS_SEVERITY[r.control.level], category: 'workload',
        title: `PSS ${r.control.level}: ${r.control.title}`, message: v.message, object,
        source: { ...o.source, line: lineOf(o, v.path) }, path: v.path,
      });
    }
  }
  for (const rule of WORKLOAD_RULES) {
    for (const hit of rule.check(w, pss)) {
      findings.push({
        ruleId: rule.id, aliases: rule.aliases, severity: rule.severity, category: 'workload', title: rule.title, message: hit.message, object,
        source: { ...o.source, line: lineOf(o, hit.path) }, path: hit.path,
      });
    }
  }
  return { pss, findings };
}
