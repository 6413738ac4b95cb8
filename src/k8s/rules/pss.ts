/**
 * Pod Security Standards, evaluated control by control the way the PodSecurity admission plugin does.
 * Standard: https://kubernetes.io/docs/concepts/security/pod-security-standards/
 * Each control carries the first standard version it applies from (and the version where its rule changed), so
 * `evaluatePodSecurity(w, '1.22')` answers what `pod-security.kubernetes.io/enforce-version: v1.22` would.
 * Written from the published standard; no code is taken from the admission plugin.
 */
import type { JsonObject, JsonValue } from '../types.js';
import { asArray, asObject, asString } from './manifest.js';
import { containersOf } from './workloads.js';
import type { Workload } from './workloads.js';

export type PssLevel = 'privileged' | 'baseline' | 'restricted';

/** The newest standard version this evaluator knows; `latest` means this. */
export const LATEST_PSS_MINOR = 34;

export interface PssViolation {
  message: string;
  /** Dotted path of the offending field, relative to the object. */
  path: string;
}

export interface PssControl {
  id: string;
  title: string;
  level: Exclude<PssLevel, 'privileged'>;
  /** First Kubernetes minor version (1.x) whose standard contains the control. */
  since: number;
  check(w: Workload, minor: number): PssViolation[];
}

export interface PssControlResult {
  control: PssControl;
  violations: PssViolation[];
}

export interface PssResult {
  /** The highest level the pod meets. */
  level: PssLevel;
  version: string;
  /** Results of every control that applies at `version` (passed controls have no violations). */
  controls: PssControlResult[];
}

const sc = (o: JsonObject | undefined): JsonObject | undefined => asObject(o?.securityContext);

/** Containers with their securityContext, for the container-level checks. */
function eachContainer(w: Workload): { path: string; name: string; sc: JsonObject | undefined }[] {
  return containersOf(w).map((c) => ({ path: c.path, name: c.name, sc: sc(c.container) }));
}

function isWindows(w: Workload, minor: number): boolean {
  // From v1.25 the restricted checks on privilege escalation, seccomp and capabilities skip pods declaring Windows.
  return minor >= 25 && asString(asObject(w.spec.os)?.name) === 'windows';
}

const BASELINE_CAPS = new Set([
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID',
  'SETPCAP', 'SETUID', 'SYS_CHROOT',
]);

const RESTRICTED_VOLUMES = new Set(['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret']);

function safeSysctls(minor: number): Set<string> {
  const s = new Set(['kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_unprivileged_port_start', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range']);
  if (minor >= 27) s.add('net.ipv4.ip_local_reserved_ports');
  if (minor >= 29) for (const k of ['net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes']) s.add(k);
  return s;
}

function seLinuxTypes(minor: number): Set<string> {
  const s = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t']);
  if (minor >= 31) s.add('container_engine_t');
  return s;
}

function checkSeLinux(opts: JsonValue | undefined, path: string, minor: number, out: PssViolation[]): void {
  const o = asObject(opts);
  if (!o) return;
  const type = o.type;
  if (type !== undefined && !(typeof type === 'string' && seLinuxTypes(minor).has(type))) out.push({ message: `seLinuxOptions.type ${JSON.stringify(type)} is not allowed`, path: `${path}.type` });
  for (const k of ['user', 'role'] as const) {
    if (o[k] !== undefined && o[k] !== '') out.push({ message: `seLinuxOptions.${k} must not be set (is ${JSON.stringify(o[k])})`, path: `${path}.${k}` });
  }
}

function annotations(w: Workload): JsonObject {
  return asObject(w.meta.annotations) ?? {};
}

/** The controls of the standard, in the order of the documentation page. */
export const PSS_CONTROLS: readonly PssControl[] = [
  {
    id: 'host-process', title: 'HostProcess', level: 'baseline', since: 0,
    check(w) {
      const out: PssViolation[] = [];
      const podWin = asObject(asObject(w.spec.securityContext)?.windowsOptions);
      if (podWin?.hostProcess === true) out.push({ message: 'pod sets windowsOptions.hostProcess: true', path: `${w.specPath}.securityContext.windowsOptions.hostProcess` });
      for (const c of eachContainer(w)) {
        if (asObject(c.sc?.windowsOptions)?.hostProcess === true) out.push({ message: `container ${c.name} sets windowsOptions.hostProcess: true`, path: `${c.path}.securityContext.windowsOptions.hostProcess` });
      }
      return out;
    },
  },
  {
    id: 'host-namespaces', title: 'Host Namespaces', level: 'baseline', since: 0,
    check(w) {
      return (['hostNetwork', 'hostPID', 'hostIPC'] as const)
        .filter((k) => w.spec[k] === true)
        .map((k) => ({ message: `${k}: true shares the node's namespace`, path: `${w.specPath}.${k}` }));
    },
  },
  {
    id: 'privileged', title: 'Privileged Containers', level: 'baseline', since: 0,
    check(w) {
      return eachContainer(w)
        .filter((c) => c.sc?.privileged === true)
        .map((c) => ({ message: `container ${c.name} is privileged`, path: `${c.path}.securityContext.privileged` }));
    },
  },
  {
    id: 'capabilities-baseline', title: 'Capabilities', level: 'baseline', since: 0,
    check(w) {
      const out: PssViolation[] = [];
      for (const c of eachContainer(w)) {
        const add = asArray(asObject(c.sc?.capabilities)?.add);
        const bad = add.filter((a) => !(typeof a === 'string' && BASELINE_CAPS.has(a)));
        if (bad.length > 0) out.push({ message: `container ${c.name} adds capabilities ${bad.map(String).join(', ')} beyond the baseline set`, path: `${c.path}.securityContext.capabilities.add` });
      }
      return out;
    },
  },
  {
    id: 'host-path-volumes', title: 'HostPath Volumes', level: 'baseline', since: 0,
    check(w) {
      const out: PssViolation[] = [];
      asArray(w.spec.volumes).forEach((v, i) => {
        const vol = asObject(v);
        if (vol?.hostPath !== undefined) out.push({ message: `volume ${String(vol.name)} mounts host path ${String(asObject(vol.hostPath)?.path)}`, path: `${w.specPath}.volumes.${i}.hostPath` });
      });
      return out;
    },
  },
  {
    id: 'host-ports', title: 'Host Ports', level: 'baseline', since: 0,
    check(w) {
      const out: PssViolation[] = [];
      for (const c of containersOf(w)) {
        asArray(c.container.ports).forEach((p, i) => {
          const hp = asObject(p)?.hostPort;
          if (hp !== undefined && hp !== 0) out.push({ message: `container ${c.name} uses hostPort ${String(hp)}`, path: `${c.path}.ports.${i}.hostPort` });
        });
      }
      return out;
    },
  },
  {
    id: 'host-probes', title: 'Host Probes / Lifecycle Hooks', level: 'baseline', since: 34,
    check(w) {
      const out: PssViolation[] = [];
      for (const c of containersOf(w)) {
        const handlers: [string, JsonValue | undefined][] = [
          ['livenessProbe', c.container.livenessProbe], ['readinessProbe', c.container.readinessProbe], ['startupProbe', c.container.startupProbe],
          ['lifecycle.postStart', asObject(c.container.lifecycle)?.postStart], ['lifecycle.preStop', asObject(c.container.lifecycle)?.preStop],
        ];
        for (const [name, h] of handlers) {
          for (const kind of ['httpGet', 'tcpSocket']) {
            const host = asObject(asObject(h)?.[kind])?.host;
            if (host !== undefined && host !== '') out.push({ message: `container ${c.name} ${name}.${kind}.host is ${JSON.stringify(host)}`, path: `${c.path}.${name}.${kind}.host` });
          }
        }
      }
      return out;
    },
  },
  {
    id: 'apparmor', title: 'AppArmor', level: 'baseline', since: 0,
    check(w, minor) {
      const out: PssViolation[] = [];
      for (const [k, v] of Object.entries(annotations(w))) {
        if (k.startsWith('container.apparmor.security.beta.kubernetes.io/') && typeof v === 'string' && v !== 'runtime/default' && !v.startsWith('localhost/')) {
          out.push({ message: `annotation ${k}=${v} overrides the default AppArmor profile`, path: `${w.metaPath}.annotations` });
        }
      }
      if (minor >= 30) {
        const check = (p: JsonValue | undefined, path: string, who: string): void => {
          const t = asObject(p)?.type;
          if (t !== undefined && t !== 'RuntimeDefault' && t !== 'Localhost') out.push({ message: `${who} appArmorProfile.type is ${JSON.stringify(t)}`, path: `${path}.type` });
        };
        check(asObject(w.spec.securityContext)?.appArmorProfile, `${w.specPath}.securityContext.appArmorProfile`, 'pod');
        for (const c of eachContainer(w)) check(c.sc?.appArmorProfile, `${c.path}.securityContext.appArmorProfile`, `container ${c.name}`);
      }
      return out;
    },
  },
  {
    id: 'selinux', title: 'SELinux', level: 'baseline', since: 0,
    check(w, minor) {
      const out: PssViolation[] = [];
      checkSeLinux(asObject(w.spec.securityContext)?.seLinuxOptions, `${w.specPath}.securityContext.seLinuxOptions`, minor, out);
      for (const c of eachContainer(w)) checkSeLinux(c.sc?.seLinuxOptions, `${c.path}.securityContext.seLinuxOptions`, minor, out);
      return out;
    },
  },
  {
    id: 'proc-mount', title: '/proc Mount Type', level: 'baseline', since: 0,
    check(w) {
      return eachContainer(w)
        .filter((c) => c.sc?.procMount !== undefined && c.sc.procMount !== 'Default')
        .map((c) => ({ message: `container ${c.name} sets procMount ${JSON.stringify(c.sc?.procMount)}`, path: `${c.path}.securityContext.procMount` }));
    },
  },
  {
    id: 'seccomp-baseline', title: 'Seccomp', level: 'baseline', since: 0,
    check(w, minor) {
      const out: PssViolation[] = [];
      if (minor < 19) {
        // Before v1.19 the standard reads the alpha annotations (the seccompProfile field did not exist).
        for (const [k, v] of Object.entries(annotations(w))) {
          if ((k === 'seccomp.security.alpha.kubernetes.io/pod' || k.startsWith('container.seccomp.security.alpha.kubernetes.io/')) && v === 'unconfined') {
            out.push({ message: `annotation ${k}=unconfined`, path: `${w.metaPath}.annotations` });
          }
        }
        return out;
      }
      if (asObject(asObject(w.spec.securityContext)?.seccompProfile)?.type === 'Unconfined') out.push({ message: 'pod seccompProfile.type is Unconfined', path: `${w.specPath}.securityContext.seccompProfile.type` });
      for (const c of eachContainer(w)) {
        if (asObject(c.sc?.seccompProfile)?.type === 'Unconfined') out.push({ message: `container ${c.name} seccompProfile.type is Unconfined`, path: `${c.path}.securityContext.seccompProfile.type` });
      }
      return out;
    },
  },
  {
    id: 'sysctls', title: 'Sysctls', level: 'baseline', since: 0,
    check(w, minor) {
      const safe = safeSysctls(minor);
      const out: PssViolation[] = [];
      asArray(asObject(w.spec.securityContext)?.sysctls).forEach((s, i) => {
        const name = asObject(s)?.name;
        if (!(typeof name === 'string' && safe.has(name))) out.push({ message: `sysctl ${String(name)} is not in the safe set`, path: `${w.specPath}.securityContext.sysctls.${i}` });
      });
      return out;
    },
  },
  {
    id: 'volume-types', title: 'Volume Types', level: 'restricted', since: 0,
    check(w) {
      const out: PssViolation[] = [];
      asArray(w.spec.volumes).forEach((v, i) => {
        const vol = asObject(v);
        if (!vol) return;
        const types = Object.keys(vol).filter((k) => k !== 'name');
        const bad = types.filter((t) => !RESTRICTED_VOLUMES.has(t));
        if (bad.length > 0) out.push({ message: `volume ${String(vol.name)} has type ${bad.join(', ')}, not allowed in restricted`, path: `${w.specPath}.volumes.${i}` });
      });
      return out;
    },
  },
  {
    id: 'privilege-escalation', title: 'Privilege Escalation', level: 'restricted', since: 8,
    check(w, minor) {
      if (isWindows(w, minor)) return [];
      return eachContainer(w)
        .filter((c) => c.sc?.allowPrivilegeEscalation !== false)
        .map((c) => ({ message: `container ${c.name} must set allowPrivilegeEscalation: false`, path: `${c.path}.securityContext.allowPrivilegeEscalation` }));
    },
  },
  {
    id: 'run-as-non-root', title: 'Running as Non-root', level: 'restricted', since: 0,
    check(w) {
      const out: PssViolation[] = [];
      const pod = asObject(w.spec.securityContext)?.runAsNonRoot;
      if (pod === false) out.push({ message: 'pod sets runAsNonRoot: false', path: `${w.specPath}.securityContext.runAsNonRoot` });
      for (const c of eachContainer(w)) {
        const v = c.sc?.runAsNonRoot;
        if (v === false) out.push({ message: `container ${c.name} sets runAsNonRoot: false`, path: `${c.path}.securityContext.runAsNonRoot` });
        else if (v === undefined && pod !== true) out.push({ message: `container ${c.name} does not set runAsNonRoot: true (nor does the pod)`, path: `${c.path}.securityContext` });
      }
      return out;
    },
  },
  {
    id: 'run-as-user', title: 'Running as Non-root user', level: 'restricted', since: 23,
    check(w) {
      const out: PssViolation[] = [];
      if (asObject(w.spec.securityContext)?.runAsUser === 0) out.push({ message: 'pod sets runAsUser: 0', path: `${w.specPath}.securityContext.runAsUser` });
      for (const c of eachContainer(w)) if (c.sc?.runAsUser === 0) out.push({ message: `container ${c.name} sets runAsUser: 0`, path: `${c.path}.securityContext.runAsUser` });
      return out;
    },
  },
  {
    id: 'seccomp-restricted', title: 'Seccomp (restricted)', level: 'restricted', since: 19,
    check(w, minor) {
      if (isWindows(w, minor)) return [];
      const ok = (t: JsonValue | undefined): boolean => t === 'RuntimeDefault' || t === 'Localhost';
      const out: PssViolation[] = [];
      const podType = asObject(asObject(w.spec.securityContext)?.seccompProfile)?.type;
      if (podType !== undefined && !ok(podType)) out.push({ message: `pod seccompProfile.type is ${JSON.stringify(podType)}`, path: `${w.specPath}.securityContext.seccompProfile.type` });
      for (const c of eachContainer(w)) {
        const t = asObject(c.sc?.seccompProfile)?.type;
        if (t === undefined ? !ok(podType) : !ok(t)) {
          out.push({ message: `container ${c.name} needs seccompProfile.type RuntimeDefault or Localhost (is ${t === undefined ? 'unset' : JSON.stringify(t)})`, path: `${c.path}.securityContext` });
        }
      }
      return out;
    },
  },
  {
    id: 'capabilities-restricted', title: 'Capabilities (restricted)', level: 'restricted', since: 22,
    check(w, minor) {
      if (isWindows(w, minor)) return [];
      const out: PssViolation[] = [];
      for (const c of eachContainer(w)) {
        const caps = asObject(c.sc?.capabilities);
        if (!asArray(caps?.drop).includes('ALL')) out.push({ message: `container ${c.name} must drop ALL capabilities`, path: `${c.path}.securityContext.capabilities` });
        const extra = asArray(caps?.add).filter((a) => a !== 'NET_BIND_SERVICE');
        if (extra.length > 0) out.push({ message: `container ${c.name} may only add NET_BIND_SERVICE (adds ${extra.map(String).join(', ')})`, path: `${c.path}.securityContext.capabilities.add` });
      }
      return out;
    },
  },
];

/** Parses `latest`, `v1.25` or `1.25` into a minor version number. Returns undefined for anything else. */
export function parsePssVersion(v: string): number | undefined {
  if (v === 'latest') return LATEST_PSS_MINOR;
  const m = /^v?1\.(\d{1,2})$/.exec(v);
  return m ? Number(m[1]) : undefined;
}

/**
 * Evaluates every control that applies at the given standard version and returns the highest level met.
 * @example evaluatePodSecurity(workload).level // 'baseline'
 */
export function evaluatePodSecurity(w: Workload, version = 'latest'): PssResult {
  const minor = parsePssVersion(version) ?? LATEST_PSS_MINOR;
  const controls = PSS_CONTROLS.filter((c) => c.since <= minor).map((control) => ({ control, violations: control.check(w, minor) }));
  const failed = (level: PssLevel): boolean => controls.some((r) => r.control.level === level && r.violations.length > 0);
  const level: PssLevel = failed('baseline') ? 'privileged' : failed('restricted') ? 'baseline' : 'restricted';
  return { level, version: version === 'latest' ? `latest (v1.${LATEST_PSS_MINOR})` : `v1.${minor}`, controls };
}
