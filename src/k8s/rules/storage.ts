/**
 * Data protection: StorageClass encryption by provisioner, PersistentVolumes (hostPath/local, reclaim policy, fields
 * that do not exist), PVCs on unencrypted classes, Secrets in environment variables, credentials in ConfigMaps,
 * Secrets committed in manifests, and the API server's EncryptionConfiguration for etcd.
 * Storage classes: https://kubernetes.io/docs/concepts/storage/storage-classes/
 * Encrypting data at rest: https://kubernetes.io/docs/tasks/administer-cluster/encrypt-data/
 */
import type { JsonObject, K8sFinding, K8sObject, Severity } from '../types.js';
import { asArray, asObject, asString, lineOf } from './manifest.js';
import { containersOf, toWorkload } from './workloads.js';

type Emit = (o: K8sObject, ruleId: string, severity: Severity, title: string, message: string, path?: string, aliases?: string[]) => void;

function makeEmitter(out: K8sFinding[], category: K8sFinding['category']): Emit {
  return (o, ruleId, severity, title, message, path, aliases) => {
    out.push({
      ruleId, severity, category, title, message, object: { kind: o.kind, name: o.name, namespace: o.namespace },
      source: { ...o.source, line: path ? lineOf(o, path) : o.source.line }, ...(path ? { path } : {}), ...(aliases ? { aliases } : {}),
    });
  };
}

/** How a StorageClass provisioner encrypts, judged from its parameters. */
export type ClassEncryption = 'encrypted' | 'provider-default' | 'unencrypted' | 'unknown';

/** Judges a StorageClass's at-rest encryption from provisioner + parameters. Parameter values are strings in the API. */
export function classEncryption(provisioner: string, params: JsonObject): { state: ClassEncryption; why: string } {
  const p = (k: string): string | undefined => {
    const v = params[k];
    return typeof v === 'string' ? v : typeof v === 'boolean' ? String(v) : undefined;
  };
  if (provisioner === 'kubernetes.io/aws-ebs' || provisioner === 'ebs.csi.aws.com') {
    // EBS encrypts only when parameters.encrypted is "true" (or the account enables encryption by default, which a manifest cannot show).
    return p('encrypted') === 'true'
      ? { state: 'encrypted', why: `EBS encrypted${p('kmsKeyId') ? ' with a customer KMS key' : ' with the AWS-managed key'}` }
      : { state: 'unencrypted', why: 'EBS volumes are unencrypted unless parameters.encrypted is "true" (or account-level default encryption is on)' };
  }
  if (provisioner === 'kubernetes.io/gce-pd' || provisioner === 'pd.csi.storage.gke.io') {
    return p('disk-encryption-kms-key')
      ? { state: 'encrypted', why: 'PD encrypted with a customer-managed KMS key' }
      : { state: 'provider-default', why: 'PD is encrypted with Google-managed keys only; set disk-encryption-kms-key for a customer-managed key' };
  }
  if (provisioner === 'kubernetes.io/azure-disk' || provisioner === 'disk.csi.azure.com') {
    return p('diskEncryptionSetID')
      ? { state: 'encrypted', why: 'Azure disk encrypted with a customer-managed key (disk encryption set)' }
      : { state: 'provider-default', why: 'Azure managed disks use platform-managed keys only; set diskEncryptionSetID for a customer-managed key' };
  }
  if (provisioner.endsWith('.rbd.csi.ceph.com') || provisioner === 'kubernetes.io/rbd' || provisioner === 'ceph.rook.io/block') {
    return p('encrypted') === 'true'
      ? { state: 'encrypted', why: `Ceph RBD encrypted (LUKS)${p('encryptionKMSID') ? ` with KMS ${p('encryptionKMSID')}` : ''}` }
      : { state: 'unencrypted', why: 'Ceph RBD images are not encrypted unless parameters.encrypted is "true"' };
  }
  if (provisioner.endsWith('.cephfs.csi.ceph.com')) return { state: 'unencrypted', why: 'CephFS volumes have no per-volume encryption parameter here' };
  if (provisioner === 'kubernetes.io/no-provisioner') return { state: 'unknown', why: 'local volumes: encryption depends on the node disks' };
  return { state: 'unknown', why: `provisioner ${provisioner} is not known to drydock; check its encryption settings` };
}

/** Field names of PersistentVolumeSpec (core/v1); anything else is not part of the API and is ignored by the server. */
const PV_SPEC_FIELDS = new Set([
  'accessModes', 'awsElasticBlockStore', 'azureDisk', 'azureFile', 'capacity', 'cephfs', 'cinder', 'claimRef', 'csi', 'fc', 'flexVolume',
  'flocker', 'gcePersistentDisk', 'glusterfs', 'hostPath', 'iscsi', 'local', 'mountOptions', 'nfs', 'nodeAffinity', 'persistentVolumeReclaimPolicy',
  'photonPersistentDisk', 'portworxVolume', 'quobyte', 'rbd', 'scaleIO', 'storageClassName', 'storageos', 'volumeAttributesClassName', 'volumeMode',
  'vsphereVolume',
]);

const SECRET_KEY = /(pass(word|wd)?|secret|token|api[-_]?key|private[-_]?key|credential|auth)/i;

function looksLikeCredential(key: string, value: string): string | undefined {
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(value)) return 'a PEM private key';
  if (/\bAKIA[0-9A-Z]{16}\b/.test(value)) return 'an AWS access key id';
  if (SECRET_KEY.test(key) && value.trim() !== '' && !/^\$\{?[A-Za-z_]/.test(value.trim())) return `a value under the credential-like key "${key}"`;
  // KEY=value lines inside a config blob; `${VAR}` references and empty values are not credentials.
  for (const m of value.matchAll(/^\s*([A-Za-z0-9_.-]+)\s*[=:]\s*(\S+)\s*$/gm)) {
    const [, k, v] = m;
    if (k && v && SECRET_KEY.test(k) && !/^\$\{?[A-Za-z_]/.test(v) && !/^["']{2}$/.test(v)) return `a value for "${k}"`;
  }
  return undefined;
}

/** Storage and secret findings over all objects (PVCs are cross-checked against the StorageClasses given). */
export function checkStorageAndSecrets(objects: readonly K8sObject[]): K8sFinding[] {
  const out: K8sFinding[] = [];
  const storage = makeEmitter(out, 'storage');
  const secrets = makeEmitter(out, 'secrets');
  const classes = new Map<string, ClassEncryption>();
  let defaultClass: string | undefined;

  for (const o of objects) {
    if (o.kind !== 'StorageClass') continue;
    const provisioner = asString(o.raw.provisioner) ?? '';
    const { state, why } = classEncryption(provisioner, asObject(o.raw.parameters) ?? {});
    classes.set(o.name, state);
    if (asObject(asObject(o.raw.metadata)?.annotations)?.['storageclass.kubernetes.io/is-default-class'] === 'true') defaultClass = o.name;
    const sev: Severity = state === 'unencrypted' ? 'high' : state === 'provider-default' ? 'low' : 'info';
    if (state !== 'encrypted') storage(o, `K8S-STORAGE-CLASS-${state.toUpperCase()}`, sev, 'StorageClass encryption', why, 'parameters');
    const reclaim = o.raw.reclaimPolicy;
    if (reclaim === undefined || reclaim === 'Delete') storage(o, 'K8S-STORAGE-RECLAIM-DELETE', 'info', 'Volumes deleted with their claim', 'reclaimPolicy is Delete (the default): deleting a PVC destroys its data; use Retain for data you must keep', 'reclaimPolicy');
  }

  for (const o of objects) {
    if (o.kind === 'PersistentVolume') {
      const spec = asObject(o.raw.spec) ?? {};
      for (const k of Object.keys(spec)) {
        if (PV_SPEC_FIELDS.has(k)) continue;
        const extra = k === 'encrypted' ? '; it does not encrypt the volume — encryption comes from the StorageClass/provisioner or the backing disk' : '';
        storage(o, 'K8S-STORAGE-PV-UNKNOWN-FIELD', 'medium', 'Field not in PersistentVolumeSpec', `spec.${k} is not a PersistentVolume field; the API server rejects or drops it${extra}`, `spec.${k}`);
      }
      if (spec.hostPath !== undefined) storage(o, 'K8S-STORAGE-PV-HOSTPATH', 'high', 'hostPath PersistentVolume', `PV exposes node path ${String(asObject(spec.hostPath)?.path)}: data is unencrypted on the node and reachable by anything on it`, 'spec.hostPath');
      if (spec.local !== undefined) storage(o, 'K8S-STORAGE-PV-LOCAL', 'medium', 'local PersistentVolume', `PV uses node-local disk ${String(asObject(spec.local)?.path)}; it is encrypted only if that disk is (nothing in the manifest says so)`, 'spec.local');
      if (spec.persistentVolumeReclaimPolicy === 'Recycle') storage(o, 'K8S-STORAGE-PV-RECYCLE', 'medium', 'Recycle reclaim policy', 'Recycle (deprecated) only runs rm -rf on the volume before reuse; data of the previous claim may be recoverable', 'spec.persistentVolumeReclaimPolicy');
      const cls = asString(spec.storageClassName);
      if (cls !== undefined && classes.get(cls) === 'unencrypted') storage(o, 'K8S-STORAGE-PV-UNENCRYPTED-CLASS', 'medium', 'PV of an unencrypted class', `storage class ${cls} is unencrypted`, 'spec.storageClassName');
    }
    if (o.kind === 'PersistentVolumeClaim') {
      const cls = asString(asObject(o.raw.spec)?.storageClassName) ?? defaultClass;
      if (cls !== undefined && classes.get(cls) === 'unencrypted') storage(o, 'K8S-STORAGE-PVC-UNENCRYPTED', 'high', 'Claim on an unencrypted class', `claim uses storage class ${cls}, which does not encrypt volumes`, 'spec');
    }
    if (o.kind === 'ConfigMap') {
      for (const [k, v] of Object.entries(asObject(o.raw.data) ?? {})) {
        if (typeof v !== 'string') continue;
        const what = looksLikeCredential(k, v);
        if (what) secrets(o, 'K8S-SECRET-IN-CONFIGMAP', 'high', 'Credential in ConfigMap', `data.${k} holds ${what}; ConfigMaps are not protected like Secrets (no encryption at rest, wide read access)`, `data.${k}`, ['KSV-0109']);
      }
    }
    if (o.kind === 'Secret' && (o.raw.data !== undefined || o.raw.stringData !== undefined)) {
      secrets(o, 'K8S-SECRET-IN-MANIFEST', 'medium', 'Secret value in a manifest', 'this Secret carries its values in the manifest (base64 is not encryption); keep them in a secret store (sealed-secrets, external-secrets, SOPS)', o.raw.stringData !== undefined ? 'stringData' : 'data');
    }
    if (o.kind === 'EncryptionConfiguration') reviewEncryptionConfig(o, secrets);
    const w = toWorkload(o);
    if (w) {
      for (const c of containersOf(w)) {
        asArray(c.container.env).forEach((e, i) => {
          const ref = asObject(asObject(asObject(e)?.valueFrom)?.secretKeyRef);
          if (ref) secrets(o, 'K8S-SECRET-IN-ENV', 'low', 'Secret in environment variable', `container ${c.name} env ${String(asObject(e)?.name)} reads secret ${String(ref.name)}; environment variables leak through logs, crash dumps and child processes — mount the secret as a file`, `${c.path}.env.${i}`);
        });
        asArray(c.container.envFrom).forEach((e, i) => {
          const ref = asObject(asObject(e)?.secretRef);
          if (ref) secrets(o, 'K8S-SECRET-IN-ENV', 'low', 'Secret in environment variables', `container ${c.name} imports all of secret ${String(ref.name)} as environment variables`, `${c.path}.envFrom.${i}`);
        });
      }
    }
  }
  return out;
}

/** Reviews an apiserver EncryptionConfiguration: the first provider encrypts new writes, so `identity` first means clear text. */
function reviewEncryptionConfig(o: K8sObject, emit: Emit): void {
  let coversSecrets = false;
  asArray(o.raw.resources).forEach((r, i) => {
    const res = asObject(r);
    const names = asArray(res?.resources).filter((x): x is string => typeof x === 'string');
    if (names.some((n) => n === 'secrets' || n === '*.*' || n === '*.')) coversSecrets = true;
    const providers = asArray(res?.providers).map((p) => Object.keys(asObject(p) ?? {})[0] ?? '?');
    const first = providers[0];
    const path = `resources.${i}.providers`;
    if (first === undefined) emit(o, 'K8S-ETCD-NO-PROVIDER', 'high', 'No encryption provider', `resources[${i}] lists no providers`, `resources.${i}`);
    else if (first === 'identity') emit(o, 'K8S-ETCD-IDENTITY-FIRST', 'high', 'Resources stored in clear', `resources[${i}] (${names.join(', ')}) has identity as its first provider: new writes are stored unencrypted in etcd`, path);
    else if (first === 'aescbc') emit(o, 'K8S-ETCD-AESCBC', 'low', 'Weak encryption provider', 'aescbc is not recommended (CBC padding-oracle weakness); prefer kms v2', path);
    else if (first === 'kms') {
      const kms = asObject(asObject(asArray(res?.providers)[0])?.kms);
      if (kms?.apiVersion !== 'v2') emit(o, 'K8S-ETCD-KMS-V1', 'low', 'KMS v1 provider', 'KMS v1 is deprecated; use apiVersion: v2', path);
    }
  });
  if (!coversSecrets) emit(o, 'K8S-ETCD-SECRETS-NOT-COVERED', 'high', 'Secrets not encrypted at rest', 'no resources entry covers secrets, so Secrets are stored in clear in etcd', 'resources');
}
