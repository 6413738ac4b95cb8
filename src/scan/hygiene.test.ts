import { describe, expect, it } from 'vitest';
import type { OpenedImage } from '../image/sources/types.js';
import { chunked, makeTar } from '../../test/helpers/tar.js';
import { buildInventory } from './inventory.js';
import { evaluateImageHygiene } from './hygiene.js';

describe('evaluateImageHygiene()', () => {
  it('checks the merged view: a setuid file removed in a later layer is not reported', async () => {
    const tars = [
      makeTar([{ name: 'usr/', type: 'dir' }, { name: 'usr/local/', type: 'dir' }, { name: 'usr/local/bin/', type: 'dir' }, { name: 'usr/local/bin/a', body: 'x', mode: 0o4755 }, { name: 'usr/local/bin/b', body: 'y', mode: 0o4755 }]),
      makeTar([{ name: 'usr/local/bin/.wh.a' }, { name: 'etc/', type: 'dir' }, { name: 'etc/ssh/', type: 'dir' }, { name: 'etc/ssh/ssh_host_rsa_key', body: 'k', mode: 0o600 }]),
    ];
    const image: OpenedImage = {
      info: { reference: 'test', sourceKind: 'oci-dir', layers: tars.map((_, index) => ({ index, diffId: '' })), config: { user: 'app', exposedPorts: ['22/tcp'] } },
      openLayer: (i) => chunked(tars[i]!),
      close: async () => {},
    };
    const inv = await buildInventory(image, { catalogers: [], toolVersion: 't' });
    const f = evaluateImageHygiene(inv);
    expect(f.map((x) => [x.ruleId, x.file, x.layer])).toEqual([
      ['DD-IMG-005', '/usr/local/bin/b', 0],
      ['DD-IMG-007', '/etc/ssh/ssh_host_rsa_key', 1],
      ['DD-IMG-009', '<image config>', undefined],
    ]);
  });
});
