import { describe, expect, it } from 'vitest';
import { parseManifests } from './manifest.js';
import { checkStorageAndSecrets, classEncryption } from './storage.js';

describe('checkStorageAndSecrets()', () => {
  it('flags the brief PV: `encrypted` is not a PV field, local volume, with lines', () => {
    const pv = 'apiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: pv01\nspec:\n  capacity:\n    storage: 5Gi\n  accessModes:\n    - ReadWriteOnce\n  persistentVolumeReclaimPolicy: Retain\n  storageClassName: slow\n  local:\n    path: /mnt/data\n  encrypted: true\n';
    const f = checkStorageAndSecrets(parseManifests(pv, 'pv.yaml').objects);
    expect(f.map((x) => [x.ruleId, x.source.line])).toEqual([['K8S-STORAGE-PV-UNKNOWN-FIELD', 14], ['K8S-STORAGE-PV-LOCAL', 12]]);
    expect(f[0]!.message).toContain('does not encrypt the volume');
  });

  it.each`
    provisioner                       | params                                       | state
    ${'ebs.csi.aws.com'}              | ${{}}                                        | ${'unencrypted'}
    ${'kubernetes.io/aws-ebs'}        | ${{ encrypted: 'true' }}                     | ${'encrypted'}
    ${'pd.csi.storage.gke.io'}        | ${{}}                                        | ${'provider-default'}
    ${'pd.csi.storage.gke.io'}        | ${{ 'disk-encryption-kms-key': 'k' }}        | ${'encrypted'}
    ${'disk.csi.azure.com'}           | ${{ diskEncryptionSetID: 'x' }}              | ${'encrypted'}
    ${'rook-ceph.rbd.csi.ceph.com'}   | ${{ encrypted: 'false' }}                    | ${'unencrypted'}
    ${'rook-ceph.rbd.csi.ceph.com'}   | ${{ encrypted: 'true' }}                     | ${'encrypted'}
    ${'example.com/thing'}            | ${{}}                                        | ${'unknown'}
  `('classEncryption($provisioner, $params) is $state', ({ provisioner, params, state }: { provisioner: string; params: Record<string, string>; state: string }) => {
    expect(classEncryption(provisioner, params).state).toBe(state);
  });

  it.each`
    name                        | yaml                                                                                                                               | rule
    ${'identity first'}         | ${'apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources: [{resources: [secrets], providers: [{identity: {}}, {aescbc: {}}]}]'} | ${'K8S-ETCD-IDENTITY-FIRST'}
    ${'secrets not covered'}    | ${'apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources: [{resources: [configmaps], providers: [{secretbox: {}}]}]'}       | ${'K8S-ETCD-SECRETS-NOT-COVERED'}
    ${'secret in env'}          | ${'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, env: [{name: P, valueFrom: {secretKeyRef: {name: s, key: k}}}]}]}'} | ${'K8S-SECRET-IN-ENV'}
    ${'PVC on unencrypted'}     | ${'apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata: {name: gp2}\nprovisioner: ebs.csi.aws.com\n---\napiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: c}\nspec: {storageClassName: gp2}'} | ${'K8S-STORAGE-PVC-UNENCRYPTED'}
  `('$name → $rule', ({ yaml, rule }: { yaml: string; rule: string }) => {
    expect(checkStorageAndSecrets(parseManifests(yaml, 'x.yaml').objects).map((f) => f.ruleId)).toContain(rule);
  });

  it('does not flag a kms v2 configuration covering secrets', () => {
    const y = 'apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources: [{resources: [secrets], providers: [{kms: {apiVersion: v2, name: k}}, {identity: {}}]}]';
    expect(checkStorageAndSecrets(parseManifests(y, 'e.yaml').objects)).toEqual([]);
  });
});
