/**
 * Live clusters: list the objects the posture checks read, from the API server named by a kubeconfig, and hand them
 * to the same pure analysis as manifest files (rules/analyze.ts does not know where objects came from).
 *
 * `@kubernetes/client-node` does the kubeconfig part: contexts, CA data, client certificates, tokens, exec and
 * auth-provider plugins (`KubeConfig.applyToHTTPSOptions`). The list calls themselves read the API's JSON as sent,
 * because the typed clients rename fields for TypeScript (`from` becomes `_from` in NetworkPolicy rules) and turn
 * timestamps into Dates, and the checks read Kubernetes field names. Lists are paged with `limit`/`continue`
 * (https://kubernetes.io/docs/reference/using-api/api-concepts/#retrieving-large-results-sets-in-chunks).
 *
 * What is not taken out of the cluster: Secrets are listed as metadata only (PartialObjectMetadataList, so the API
 * server never sends their data), and ConfigMap values are dropped as soon as they arrive (keys are kept: a key
 * named `password` is itself a finding).
 */
import { request } from 'node:https';
import type { RequestOptions } from 'node:https';
import { KubeConfig } from '@kubernetes/client-node';
import { K8sError } from '../errors.js';
import type { JsonObject, K8sObject, ManifestIssue } from '../types.js';

/** One list call: the API path and the kind of its items (list items carry no apiVersion/kind of their own). */
interface ListedResource {
  path: string;
  apiVersion: string;
  kind: string;
  /** Ask only for metadata (Secrets). */
  metadataOnly?: boolean;
  /** APIs that may not be served (CRDs, removed APIs): a 404 is not an issue. */
  optional?: boolean;
}

/** Everything the static checks read; the order is the order objects are reported in. */
export const LISTED_RESOURCES: readonly ListedResource[] = [
  { path: '/api/v1/namespaces', apiVersion: 'v1', kind: 'Namespace' },
  { path: '/api/v1/pods', apiVersion: 'v1', kind: 'Pod' },
  { path: '/api/v1/replicationcontrollers', apiVersion: 'v1', kind: 'ReplicationController' },
  { path: '/apis/apps/v1/deployments', apiVersion: 'apps/v1', kind: 'Deployment' },
  { path: '/apis/apps/v1/statefulsets', apiVersion: 'apps/v1', kind: 'StatefulSet' },
  { path: '/apis/apps/v1/daemonsets', apiVersion: 'apps/v1', kind: 'DaemonSet' },
  { path: '/apis/apps/v1/replicasets', apiVersion: 'apps/v1', kind: 'ReplicaSet' },
  { path: '/apis/batch/v1/jobs', apiVersion: 'batch/v1', kind: 'Job' },
  { path: '/apis/batch/v1/cronjobs', apiVersion: 'batch/v1', kind: 'CronJob' },
  { path: '/apis/rbac.authorization.k8s.io/v1/roles', apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role' },
  { path: '/apis/rbac.authorization.k8s.io/v1/rolebindings', apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding' },
  { path: '/apis/rbac.authorization.k8s.io/v1/clusterroles', apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole' },
  { path: '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding' },
  { path: '/apis/networking.k8s.io/v1/networkpolicies', apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy' },
  { path: '/apis/projectcalico.org/v3/networkpolicies', apiVersion: 'projectcalico.org/v3', kind: 'NetworkPolicy', optional: true },
  { path: '/apis/projectcalico.org/v3/globalnetworkpolicies', apiVersion: 'projectcalico.org/v3', kind: 'GlobalNetworkPolicy', optional: true },
  { path: '/apis/storage.k8s.io/v1/storageclasses', apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass' },
  { path: '/api/v1/persistentvolumes', apiVersion: 'v1', kind: 'PersistentVolume' },
  { path: '/api/v1/persistentvolumeclaims', apiVersion: 'v1', kind: 'PersistentVolumeClaim' },
  { path: '/api/v1/configmaps', apiVersion: 'v1', kind: 'ConfigMap' },
  { path: '/api/v1/secrets', apiVersion: 'v1', kind: 'Secret', metadataOnly: true },
  // Removed in Kubernetes 1.25; older clusters still serve it.
  { path: '/apis/policy/v1beta1/podsecuritypolicies', apiVersion: 'policy/v1beta1', kind: 'PodSecurityPolicy', optional: true },
];

export interface ClusterLoadOptions {
  /** Kubeconfig file; undefined = the client library's default (KUBECONFIG, ~/.kube/config, in-cluster). */
  kubeconfig?: string;
  context?: string;
  /** Items per page (default 500). */
  pageSize?: number;
  /** Stop after this many objects in all (a guard for huge clusters; default 500,000). */
  maxObjects?: number;
  /** Per-request time limit, ms (default 30 s). */
  timeoutMs?: number;
  /** Largest response page accepted, bytes (default 256 MiB). */
  maxPageBytes?: number;
}

export interface ClusterObjects {
  objects: K8sObject[];
  issues: ManifestIssue[];
  /** The context used, for the report. */
  context: string;
  server: string;
  /** Pods, ReplicaSets and Jobs skipped because a listed controller owns them (its template is checked instead). */
  ownedSkipped: number;
}

const METADATA_ACCEPT = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json;q=0.9';

function getJson(url: URL, opts: RequestOptions, accept: string, timeoutMs: number, maxBytes: number): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ...opts, method: 'GET', headers: { ...(opts.headers ?? {}), accept } }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > maxBytes) {
          req.destroy(new K8sError('INPUT_TOO_LARGE', `${url.pathname}: response over ${maxBytes} bytes`));
          return;
        }
        chunks.push(c);
      });
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          body = text.slice(0, 300);
        }
        resolve({ status: res.statusCode ?? 0, body });
      });
      res.on('error', reject);
    });
    req.setTimeout(timeoutMs, () => req.destroy(new K8sError('CLUSTER_UNREACHABLE', `${url.host}: no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function statusMessage(body: unknown): string {
  return isObject(body) && typeof body.message === 'string' ? body.message : typeof body === 'string' ? body : '';
}

/** Controller kinds whose children are skipped: their pod template stands for the pods they create. */
const OWNER_KINDS = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'ReplicationController']);

function ownedByListedController(raw: JsonObject): boolean {
  const owners = isObject(raw.metadata) && Array.isArray(raw.metadata.ownerReferences) ? raw.metadata.ownerReferences : [];
  return owners.some((o) => isObject(o) && o.controller === true && typeof o.kind === 'string' && OWNER_KINDS.has(o.kind));
}

/**
 * Loads the kubeconfig and lists every resource in LISTED_RESOURCES across all namespaces.
 * A 403 on one list becomes an issue (the other lists still run); a 404 on an optional API is skipped.
 * @throws {K8sError} BAD_KUBECONFIG when the file or context is unusable, CLUSTER_UNREACHABLE when the server cannot
 *   be reached, CLUSTER_FORBIDDEN when every list was refused (bad credentials)
 */
export async function loadClusterObjects(options: ClusterLoadOptions = {}): Promise<ClusterObjects> {
  const kc = new KubeConfig();
  try {
    if (options.kubeconfig) kc.loadFromFile(options.kubeconfig);
    else kc.loadFromDefault();
    if (options.context) {
      if (!kc.getContexts().some((c) => c.name === options.context)) throw new Error(`no context "${options.context}" (contexts: ${kc.getContexts().map((c) => c.name).join(', ') || 'none'})`);
      kc.setCurrentContext(options.context);
    }
  } catch (cause) {
    throw new K8sError('BAD_KUBECONFIG', `kubeconfig ${options.kubeconfig ?? '(default)'}: ${(cause as Error).message}`, { cause });
  }
  const cluster = kc.getCurrentCluster();
  if (!cluster?.server) throw new K8sError('BAD_KUBECONFIG', `kubeconfig ${options.kubeconfig ?? '(default)'}: the current context has no cluster server`);
  const context = kc.getCurrentContext();
  const base = new URL(cluster.server);
  const httpsOpts: RequestOptions = {};
  try {
    await kc.applyToHTTPSOptions(httpsOpts);
  } catch (cause) {
    throw new K8sError('BAD_KUBECONFIG', `cannot get credentials for context ${context}: ${(cause as Error).message}`, { cause });
  }
  const pageSize = options.pageSize ?? 500;
  const maxObjects = options.maxObjects ?? 500_000;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxPageBytes = options.maxPageBytes ?? 256 * 1024 * 1024;
  const out: ClusterObjects = { objects: [], issues: [], context, server: cluster.server, ownedSkipped: 0 };
  const file = `cluster:${context}`;
  let forbidden = 0;
  let notServed = 0;
  let document = 0;

  for (const res of LISTED_RESOURCES) {
    let cont: string | undefined;
    do {
      const url = new URL(base.pathname.replace(/\/$/, '') + res.path, base);
      url.searchParams.set('limit', String(pageSize));
      if (cont) url.searchParams.set('continue', cont);
      let reply;
      try {
        reply = await getJson(url, httpsOpts, res.metadataOnly ? METADATA_ACCEPT : 'application/json', timeoutMs, maxPageBytes);
      } catch (cause) {
        if (cause instanceof K8sError && cause.code !== 'CLUSTER_UNREACHABLE') throw cause;
        throw new K8sError('CLUSTER_UNREACHABLE', `cannot reach ${cluster.server} (context ${context}): ${(cause as Error).message}`, { cause });
      }
      if (reply.status === 404 && res.optional) {
        notServed++;
        break;
      }
      if (reply.status === 401 || reply.status === 403) {
        forbidden++;
        out.issues.push({ code: 'UNREADABLE', message: `cannot list ${res.kind} (${res.apiVersion}): HTTP ${reply.status} ${statusMessage(reply.body)}`.trim(), source: { file, document: 0, line: 0 } });
        break;
      }
      if (reply.status !== 200 || !isObject(reply.body) || !Array.isArray(reply.body.items)) {
        out.issues.push({ code: 'UNREADABLE', message: `cannot list ${res.kind} (${res.apiVersion}): HTTP ${reply.status} ${statusMessage(reply.body)}`.trim(), source: { file, document: 0, line: 0 } });
        break;
      }
      for (const item of reply.body.items) {
        if (!isObject(item)) continue;
        if ((res.kind === 'Pod' || res.kind === 'ReplicaSet' || res.kind === 'Job') && ownedByListedController(item)) {
          out.ownedSkipped++;
          continue;
        }
        const raw: JsonObject = { ...item, apiVersion: res.apiVersion, kind: res.kind };
        if (res.kind === 'ConfigMap') {
          // Keys only: values never leave this function.
          for (const field of ['data', 'binaryData'] as const) {
            if (isObject(raw[field])) raw[field] = Object.fromEntries(Object.keys(raw[field]).map((k) => [k, '']));
          }
        }
        if (res.kind === 'Secret') {
          delete raw.data;
          delete raw.stringData;
        }
        const meta = isObject(raw.metadata) ? raw.metadata : {};
        out.objects.push({
          apiVersion: res.apiVersion, kind: res.kind,
          name: typeof meta.name === 'string' ? meta.name : '',
          namespace: typeof meta.namespace === 'string' ? meta.namespace : undefined,
          raw, source: { file, document: ++document, line: 0 }, lines: new Map(),
        });
        if (out.objects.length > maxObjects) throw new K8sError('INPUT_TOO_LARGE', `the cluster has more than ${maxObjects} objects of the listed kinds`);
      }
      const next = isObject(reply.body.metadata) ? reply.body.metadata.continue : undefined;
      cont = typeof next === 'string' && next !== '' ? next : undefined;
    } while (cont);
  }
  if (forbidden > 0 && forbidden === LISTED_RESOURCES.length - notServed) {
    throw new K8sError('CLUSTER_FORBIDDEN', `${cluster.server} refused every list call for context ${context}: ${out.issues[0]?.message ?? ''}`);
  }
  return out;
}
