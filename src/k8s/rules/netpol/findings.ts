/** Network posture findings: unisolated workloads, rules open to the whole internet, invalid policy fields. */
import type { K8sFinding, K8sObject } from '../../types.js';
import { applyingCalicoPolicies, selectingPolicies } from './engine.js';
import { openRules } from './matrix.js';
import { buildNetworkModel } from './model.js';

/** Findings over the workloads and NetworkPolicies among the objects. */
export function checkNetwork(objects: readonly K8sObject[]): K8sFinding[] {
  const model = buildNetworkModel(objects);
  const out: K8sFinding[] = [];
  for (const pod of model.pods) {
    const ingress = selectingPolicies(model, pod, 'ingress').length > 0 || applyingCalicoPolicies(model, pod, 'ingress').length > 0;
    const egress = selectingPolicies(model, pod, 'egress').length > 0 || applyingCalicoPolicies(model, pod, 'egress').length > 0;
    if (ingress && egress) continue;
    const sides = [ingress ? '' : 'ingress', egress ? '' : 'egress'].filter(Boolean).join(' and ');
    out.push({
      ruleId: 'K8S-NET-UNISOLATED', severity: ingress ? 'low' : 'medium', category: 'network', title: 'Workload not isolated by NetworkPolicy',
      message: `${pod.id} has no NetworkPolicy selecting it for ${sides}: all ${sides} traffic is allowed`,
      object: { kind: pod.source ? 'Workload' : 'Pod', name: pod.name, namespace: pod.namespace },
      source: pod.source ?? { file: '', document: 0, line: 0 },
    });
  }
  for (const r of openRules(model)) {
    out.push({
      ruleId: 'K8S-NET-OPEN-TO-ALL', severity: r.direction === 'ingress' ? 'high' : 'medium', category: 'network', title: 'Policy allows any address',
      message: `NetworkPolicy ${r.policy.namespace}/${r.policy.name} ${r.direction} rule ${r.rule} allows traffic ${r.what}`,
      object: { kind: 'NetworkPolicy', name: r.policy.name, namespace: r.policy.namespace },
      source: r.policy.source ?? { file: '', document: 0, line: 0 }, path: `spec.${r.direction}.${r.rule}`,
    });
  }
  for (const p of model.problems) {
    out.push({
      ruleId: 'K8S-NET-INVALID-POLICY', severity: 'medium', category: 'network', title: 'Invalid NetworkPolicy field',
      message: p.message.startsWith('Calico') ? p.message : `${p.message} (the API server rejects this; as written it matches nothing)`, object: { kind: 'NetworkPolicy', name: '', namespace: undefined },
      source: p.source ?? { file: '', document: 0, line: 0 },
    });
  }
  return out;
}
