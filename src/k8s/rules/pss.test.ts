import { describe, expect, it } from 'vitest';
import { parseManifests } from './manifest.js';
import { evaluatePodSecurity } from './pss.js';
import { toWorkload } from './workloads.js';
import type { Workload } from './workloads.js';

const RESTRICTED_CONTAINER = {
  name: 'app', image: 'nginx',
  securityContext: { allowPrivilegeEscalation: false, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' }, capabilities: { drop: ['ALL'] } },
};

function pod(spec: Record<string, unknown>, meta: Record<string, unknown> = {}): Workload {
  const text = JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', ...meta }, spec });
  return toWorkload(parseManifests(text, 'p.json').objects[0]!)!;
}
function withSc(extra: Record<string, unknown>, podExtra: Record<string, unknown> = {}): Workload {
  return pod({ ...podExtra, containers: [{ ...RESTRICTED_CONTAINER, securityContext: { ...RESTRICTED_CONTAINER.securityContext, ...extra } }] });
}

describe('evaluatePodSecurity()', () => {
  it.each`
    name                               | w                                                                                   | version     | level           | control
    ${'restricted pod'}                | ${withSc({})}                                                                       | ${'latest'} | ${'restricted'} | ${''}
    ${'hostNetwork'}                   | ${withSc({}, { hostNetwork: true })}                                                | ${'latest'} | ${'privileged'} | ${'host-namespaces'}
    ${'privileged'}                    | ${withSc({ privileged: true })}                                                     | ${'latest'} | ${'privileged'} | ${'privileged'}
    ${'SYS_ADMIN added'}               | ${withSc({ capabilities: { drop: ['ALL'], add: ['SYS_ADMIN'] } })}                  | ${'latest'} | ${'privileged'} | ${'capabilities-baseline'}
    ${'CHOWN added'}                   | ${withSc({ capabilities: { drop: ['ALL'], add: ['CHOWN'] } })}                      | ${'latest'} | ${'baseline'}   | ${'capabilities-restricted'}
    ${'CHOWN added at v1.21'}          | ${withSc({ capabilities: { add: ['CHOWN'] } })}                                     | ${'v1.21'}  | ${'restricted'} | ${''}
    ${'no drop ALL at v1.22'}          | ${withSc({ capabilities: {} })}                                                     | ${'v1.22'}  | ${'baseline'}   | ${'capabilities-restricted'}
    ${'escalation allowed'}            | ${withSc({ allowPrivilegeEscalation: true })}                                       | ${'latest'} | ${'baseline'}   | ${'privilege-escalation'}
    ${'escalation before v1.8'}        | ${withSc({ allowPrivilegeEscalation: true })}                                       | ${'v1.7'}   | ${'restricted'} | ${''}
    ${'runAsUser 0'}                   | ${withSc({ runAsUser: 0 })}                                                         | ${'latest'} | ${'baseline'}   | ${'run-as-user'}
    ${'runAsUser 0 before v1.23'}      | ${withSc({ runAsUser: 0 })}                                                         | ${'v1.22'}  | ${'restricted'} | ${''}
    ${'runAsNonRoot false'}            | ${withSc({ runAsNonRoot: false })}                                                  | ${'latest'} | ${'baseline'}   | ${'run-as-non-root'}
    ${'seccomp Unconfined'}            | ${withSc({ seccompProfile: { type: 'Unconfined' } })}                               | ${'latest'} | ${'privileged'} | ${'seccomp-baseline'}
    ${'seccomp unset'}                 | ${withSc({ seccompProfile: undefined })}                                            | ${'latest'} | ${'baseline'}   | ${'seccomp-restricted'}
    ${'seccomp set at pod level'}      | ${withSc({ seccompProfile: undefined }, { securityContext: { seccompProfile: { type: 'Localhost' } } })} | ${'latest'} | ${'restricted'} | ${''}
    ${'windows exempt from v1.25'}     | ${withSc({ allowPrivilegeEscalation: true, capabilities: {} }, { os: { name: 'windows' } })} | ${'latest'} | ${'restricted'} | ${''}
    ${'windows not exempt at v1.24'}   | ${withSc({ allowPrivilegeEscalation: true }, { os: { name: 'windows' } })}          | ${'v1.24'}  | ${'baseline'}   | ${'privilege-escalation'}
    ${'hostPath volume'}               | ${withSc({}, { volumes: [{ name: 'h', hostPath: { path: '/' } }] })}                | ${'latest'} | ${'privileged'} | ${'host-path-volumes'}
    ${'nfs volume'}                    | ${withSc({}, { volumes: [{ name: 'n', nfs: { server: 's', path: '/' } }] })}        | ${'latest'} | ${'baseline'}   | ${'volume-types'}
    ${'unsafe sysctl'}                 | ${withSc({}, { securityContext: { sysctls: [{ name: 'kernel.msgmax', value: '1' }] } })} | ${'latest'} | ${'privileged'} | ${'sysctls'}
    ${'keepalive sysctl at v1.29'}     | ${withSc({}, { securityContext: { sysctls: [{ name: 'net.ipv4.tcp_keepalive_time', value: '1' }] } })} | ${'v1.29'} | ${'restricted'} | ${''}
    ${'keepalive sysctl at v1.28'}     | ${withSc({}, { securityContext: { sysctls: [{ name: 'net.ipv4.tcp_keepalive_time', value: '1' }] } })} | ${'v1.28'} | ${'privileged'} | ${'sysctls'}
    ${'SELinux custom user'}           | ${withSc({ seLinuxOptions: { user: 'system_u' } })}                                 | ${'latest'} | ${'privileged'} | ${'selinux'}
    ${'SELinux container_engine_t 1.31'} | ${withSc({ seLinuxOptions: { type: 'container_engine_t' } })}                     | ${'v1.31'}  | ${'restricted'} | ${''}
    ${'SELinux container_engine_t 1.30'} | ${withSc({ seLinuxOptions: { type: 'container_engine_t' } })}                     | ${'v1.30'}  | ${'privileged'} | ${'selinux'}
    ${'procMount Unmasked'}            | ${withSc({ procMount: 'Unmasked' })}                                                | ${'latest'} | ${'privileged'} | ${'proc-mount'}
    ${'AppArmor unconfined field'}     | ${withSc({ appArmorProfile: { type: 'Unconfined' } })}                              | ${'latest'} | ${'privileged'} | ${'apparmor'}
    ${'AppArmor field before v1.30'}   | ${withSc({ appArmorProfile: { type: 'Unconfined' } })}                              | ${'v1.29'}  | ${'restricted'} | ${''}
    ${'hostProcess'}                   | ${withSc({ windowsOptions: { hostProcess: true } })}                                | ${'latest'} | ${'privileged'} | ${'host-process'}
    ${'wrong type: containers string'} | ${pod({ containers: 'oops' })}                                                      | ${'latest'} | ${'restricted'} | ${''}
  `('$name → $level at $version', ({ w, version, level, control }: { w: Workload; version: string; level: string; control: string }) => {
    const r = evaluatePodSecurity(w, version);
    expect(r.level).toBe(level);
    const failed = r.controls.filter((c) => c.violations.length > 0).map((c) => c.control.id);
    if (control === '') expect(failed).toEqual([]);
    else expect(failed).toContain(control);
  });

  it('flags hostPort and AppArmor annotations with their paths', () => {
    const w = pod({ containers: [{ name: 'c', ports: [{ containerPort: 80, hostPort: 8080 }] }] }, { annotations: { 'container.apparmor.security.beta.kubernetes.io/c': 'unconfined' } });
    const r = evaluatePodSecurity(w);
    const v = r.controls.flatMap((c) => c.violations.map((x) => [c.control.id, x.path]));
    expect(v).toContainEqual(['host-ports', 'spec.containers.0.ports.0.hostPort']);
    expect(v).toContainEqual(['apparmor', 'metadata.annotations']);
  });

  it('reads the pod template of a CronJob', () => {
    const text = 'apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          hostPID: true\n          containers: [{name: a, image: x}]\n';
    const w = toWorkload(parseManifests(text, 'c.yaml').objects[0]!)!;
    const r = evaluatePodSecurity(w);
    expect(r.level).toBe('privileged');
    expect(r.controls.find((c) => c.control.id === 'host-namespaces')?.violations[0]?.path).toBe('spec.jobTemplate.spec.template.spec.hostPID');
  });
});
