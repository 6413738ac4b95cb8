import { describe, expect, it } from 'vitest';
import { parseManifests } from './manifest.js';
import { checkPsp, reviewPsp } from './psp.js';

// The product brief's example (issue 5), verbatim.
const BRIEF = `apiVersion: security.openshift.io/v1
kind: PodSecurityPolicy
metadata:
  name: restricted
spec:
  allowedContainers:
  - name: nginx
    securityContext:
      runAsUser: 1000
  seLinuxContext:
    allowedRole: run_as_user
  fsGroup:
    range: [1000 65534]
  supplementalGroups:
    range: [1000 65534]
  seLinuxContext:
    allowedRole: run_as_user
`;

describe('reviewPsp()', () => {
  it('says precisely what is wrong with the brief example', () => {
    const { objects, issues } = parseManifests(BRIEF, 'brief.yaml');
    expect(issues).toMatchObject([{ code: 'DUPLICATE_KEY', source: { line: 16 } }]);
    const r = reviewPsp(objects[0]!);
    const text = r.problems.map(([, m]) => m).join('\n');
    expect(text).toContain('security.openshift.io/v1 serves SecurityContextConstraints');
    expect(text).toContain('spec.allowedContainers is not a PodSecurityPolicy field');
    expect(text).toContain('spec.seLinuxContext is not a PodSecurityPolicy field');
    expect(text).toContain('spec.fsGroup.range is not a field; the field is ranges: [{min, max}]');
    expect(text).toContain('one-element YAML list of a string');
    expect(text).toContain('spec.runAsUser is required');
    expect(text).toContain('spec.seLinux is required');
    expect(text).toContain('spec.fsGroup.rule must be one of');
    const lines = checkPsp(objects).filter((f) => f.ruleId === 'K8S-PSP-INVALID').map((f) => [f.path, f.source.line]);
    expect(lines).toContainEqual(['spec.allowedContainers', 6]);
    expect(lines).toContainEqual(['spec.fsGroup.range', 13]);
  });

  it.each`
    name            | spec                                                                                                                                                                                  | level
    ${'privileged'} | ${'{privileged: true, seLinux: {rule: RunAsAny}, runAsUser: {rule: RunAsAny}, fsGroup: {rule: RunAsAny}, supplementalGroups: {rule: RunAsAny}, volumes: ["*"]}'}                        | ${'privileged'}
    ${'baseline'}   | ${'{seLinux: {rule: RunAsAny}, runAsUser: {rule: RunAsAny}, fsGroup: {rule: RunAsAny}, supplementalGroups: {rule: RunAsAny}, volumes: [configMap, secret]}'}                             | ${'baseline'}
    ${'restricted'} | ${'{allowPrivilegeEscalation: false, requiredDropCapabilities: [ALL], seLinux: {rule: RunAsAny}, runAsUser: {rule: MustRunAsNonRoot}, fsGroup: {rule: MustRunAs, ranges: [{min: 1, max: 65535}]}, supplementalGroups: {rule: MustRunAs, ranges: [{min: 1, max: 65535}]}, volumes: [configMap, secret, emptyDir]}'} | ${'restricted'}
  `('maps $name to $level without problems', ({ spec, level }: { spec: string; level: string }) => {
    const { objects } = parseManifests(`apiVersion: policy/v1beta1\nkind: PodSecurityPolicy\nmetadata: {name: p}\nspec: ${spec}\n`, 'p.yaml');
    const r = reviewPsp(objects[0]!);
    expect(r.problems).toEqual([]);
    expect(r.level).toBe(level);
  });
});
