/** Finds the pod template inside each workload kind, so every check reads one shape: a pod spec and its metadata. */
import type { JsonObject, JsonValue, K8sObject } from '../types.js';
import { asArray, asObject } from './manifest.js';

/** Workload kinds and the path of their pod template (`''` for a bare Pod). */
const TEMPLATE_PATH: Record<string, string> = {
  Pod: '',
  Deployment: 'spec.template',
  StatefulSet: 'spec.template',
  DaemonSet: 'spec.template',
  ReplicaSet: 'spec.template',
  ReplicationController: 'spec.template',
  Job: 'spec.template',
  CronJob: 'spec.jobTemplate.spec.template',
  PodTemplate: 'template',
};

/** One pod (template) of a workload object. Paths are relative to the object, for line lookup. */
export interface Workload {
  object: K8sObject;
  /** Pod metadata (labels, annotations); `{}` when absent. */
  meta: JsonObject;
  /** Pod spec; `{}` when absent. */
  spec: JsonObject;
  metaPath: string;
  specPath: string;
}

/** One container of a pod, with its path (`spec.template.spec.containers.0`). */
export interface ContainerRef {
  container: JsonObject;
  path: string;
  kind: 'containers' | 'initContainers' | 'ephemeralContainers';
  name: string;
}

function join(prefix: string, key: string): string {
  return prefix === '' ? key : `${prefix}.${key}`;
}

function dig(obj: JsonObject, path: string): JsonValue | undefined {
  let cur: JsonValue | undefined = obj;
  for (const part of path.split('.')) cur = asObject(cur)?.[part];
  return cur;
}

/** True when the kind carries a pod template. */
export function isWorkloadKind(kind: string): boolean {
  return kind in TEMPLATE_PATH;
}

/** The pod view of a workload object, or undefined for other kinds. */
export function toWorkload(object: K8sObject): Workload | undefined {
  const tp = TEMPLATE_PATH[object.kind];
  if (tp === undefined) return undefined;
  const template = tp === '' ? object.raw : asObject(dig(object.raw, tp));
  const metaPath = join(tp, 'metadata');
  const specPath = join(tp, 'spec');
  return { object, meta: asObject(template?.metadata) ?? {}, spec: asObject(template?.spec) ?? {}, metaPath, specPath };
}

/** Every container (regular, init, ephemeral) of a pod spec; entries that are not objects are skipped. */
export function containersOf(w: Workload): ContainerRef[] {
  const out: ContainerRef[] = [];
  for (const kind of ['initContainers', 'containers', 'ephemeralContainers'] as const) {
    asArray(w.spec[kind]).forEach((c, i) => {
      const container = asObject(c);
      if (!container) return;
      out.push({ container, path: `${w.specPath}.${kind}.${i}`, kind, name: typeof container.name === 'string' ? container.name : `#${i}` });
    });
  }
  return out;
}

/** Labels of the pod template as a string map (non-string values dropped: the API server rejects them). */
export function podLabels(w: Workload): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(asObject(w.meta.labels) ?? {})) if (typeof v === 'string') out[k] = v;
  return out;
}
