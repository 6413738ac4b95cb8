/**
 * The inventory of every shared test image, read from every local source kind, must equal the ground truth that
 * the native tools recorded at build time: the same packages, the packages removed in a later layer absent, and
 * each package's layer right. Needs the images from ../shared/images/build-all.sh (.ci/run builds them).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listCatalogers } from '../../src/catalog/registry.js';
import { openTarget } from '../../src/image/sources/open.js';
import { buildInventory } from '../../src/scan/inventory.js';
import type { Inventory } from '../../src/model/index.js';
import { archivesDir, hasTestImage, imagesRoot, testImageNames, type TestImageName } from '../helpers/shared.js';
import { inventoryRows, javaGavProblems, loadTruth, truthLayerOf, truthRows } from './truth.js';

const TYPES = ['dpkg', 'apk', 'rpm', 'npm', 'python', 'java', 'go'] as const;
const tmp = mkdtempSync(join(tmpdir(), 'drydock-truth-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function target(name: TestImageName, kind: string): string {
  switch (kind) {
    case 'docker-archive': return join(archivesDir, `${name}.docker.tar`);
    case 'oci-dir': return `oci-dir:${join(imagesRoot, 'oci', name)}`;
    case 'oci-archive': {
      const out = join(tmp, `${name}.oci.tar`);
      execFileSync('tar', ['-cf', out, '-C', join(imagesRoot, 'oci', name), '.']);
      return out;
    }
    default: return join(imagesRoot, 'rootfs', name);
  }
}

async function inventoryOf(t: string, catalogers = listCatalogers()): Promise<Inventory> {
  const img = await openTarget(t);
  try {
    return (await buildInventory(img, { catalogers, toolVersion: 'test', now: () => new Date(0) })).inventory;
  } finally {
    await img.close();
  }
}

for (const name of testImageNames) {
  describe.skipIf(!hasTestImage(name))(`${name}`, () => {
    for (const kind of ['docker-archive', 'oci-dir', 'oci-archive', 'rootfs']) {
      it(`inventory from ${kind} equals the truth`, async () => {
        const truth = loadTruth(name);
        const inv = await inventoryOf(target(name, kind));
        expect(inv.os?.family).toBe(truth.os.id);
        expect(inv.os?.version).toBe(truth.os.version_id);
        for (const type of TYPES) {
          expect(inventoryRows(inv, type).sort(), `${type} packages`).toEqual(truthRows(truth, type).sort());
        }
        expect(javaGavProblems(truth, inv)).toEqual([]);
        if (kind !== 'rootfs') {
          expect(inv.image.layers.map((l) => l.diffId)).toEqual(truth.layers.map((l) => l.diff_id));
          if (kind !== 'docker-archive') expect(inv.image.manifestDigest).toBe(truth.manifest_digest);
          expect(inv.image.configDigest).toBe(truth.config_digest);
          for (const type of TYPES) {
            const rows = inventoryRows(inv, type);
            const pk = inv.packages.filter((p) => p.type === type && !(type === 'npm' && p.metadata?.source === 'lockfile') && !(type === 'java' && p.metadata?.embedded));
            const wrong = pk
              .map((p, i) => ({ row: rows[i]!, got: p.layer?.index, want: truthLayerOf(truth, type, rows[i]!) }))
              .filter((x) => x.got !== x.want);
            expect(wrong, `${type} packages with the wrong layer`).toEqual([]);
          }
        }
      });
    }
  });
}

// The walker asks a cataloger about a file only when its path hints let the file through (src/catalog/hints.ts).
// Without any hints every cataloger is asked about every file: the whole inventory, issues included, must not change.
describe('path hints lose nothing', () => {
  for (const name of testImageNames) {
    it.skipIf(!hasTestImage(name))(`${name}: the same inventory with and without the catalogers' path hints`, async () => {
      const unhinted = listCatalogers().map((c) => ({ ...c, pathHints: undefined }));
      const t = target(name, 'docker-archive');
      expect(await inventoryOf(t, unhinted)).toEqual(await inventoryOf(t));
    });
  }
});
