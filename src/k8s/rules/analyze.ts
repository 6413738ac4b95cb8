/**
 * The pure entry point of static posture analysis: objects in, findings and a per-workload summary out.
 * It does not care where objects came from (files, stdin or a live cluster).
 */
import type { K8sFinding, K8sObject, ManifestIssue } from '../types.js';
import { asString } from './manifest.js';
import type { PssLevel } from './pss.js';
import { checkNetwork } from './netpol/findings.js';
import { checkPsp } from './psp.js';
import { checkRbac } from './rbac.js';
import { checkStorageAndSecrets } from './storage.js';
import { checkWorkload } from './workload-checks.js';
import { containersOf, toWorkload } from './workloads.js';

export interface WorkloadSummary {
  kind: string;
  name: string;
  namespace: string | undefined;
  /** Highest Pod Security Standards level met at the evaluated version. */
  pssLevel: PssLevel;
  images: string[];
  file: string;
  line: number;
}

export interface AnalyzeOptions {
  /** PSS version (`latest`, `v1.25`). */
  pssVersion?: string;
  /** Extra analyzers (RBAC, network, PSP) contribute findings through this hook list. */
  analyzers?: ((objects: readonly K8sObject[]) => K8sFinding[])[];
}

export interface AnalyzeResult {
  findings: K8sFinding[];
  workloads: WorkloadSummary[];
  issues: ManifestIssue[];
}

/** Runs every static check over the objects. */
export function analyzeObjects(objects: readonly K8sObject[], options: AnalyzeOptions = {}): AnalyzeResult {
  const findings: K8sFinding[] = [];
  const workloads: WorkloadSummary[] = [];
  for (const o of objects) {
    const w = toWorkload(o);
    if (!w) continue;
    const r = checkWorkload(w, options.pssVersion);
    findings.push(...r.findings);
    workloads.push({
      kind: o.kind, name: o.name, namespace: o.namespace, pssLevel: r.pss.level,
      images: containersOf(w).map((c) => asString(c.container.image)).filter((x): x is string => x !== undefined),
      file: o.source.file, line: o.source.line,
    });
  }
  findings.push(...checkStorageAndSecrets(objects));
  findings.push(...checkNetwork(objects));
  findings.push(...checkRbac(objects));
  findings.push(...checkPsp(objects));
  for (const a of options.analyzers ?? []) findings.push(...a(objects));
  return { findings, workloads, issues: [] };
}

/** Every image the manifests run, de-duplicated and sorted. */
export function listImages(result: AnalyzeResult): string[] {
  return [...new Set(result.workloads.flatMap((w) => w.images))].sort();
}

