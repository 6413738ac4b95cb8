import { describe, expect, it } from 'vitest';
import type { Inventory, Package } from '../../model/index.js';
import { makeInventory } from '../__fixtures__/inventory.js';
import { comparePackages } from '../package-order.js';
import { renderInventoryJson } from './index.js';

describe('renderInventoryJson()', () => {
  const text = renderInventoryJson(makeInventory());
  const out = JSON.parse(text) as Inventory;

  it('is the inventory model: nothing added, nothing lost', () => {
    const inv = makeInventory();
    expect(out.schema).toBe('drydock-inventory/1');
    expect({ ...out, packages: [], issues: [] }).toEqual({ ...inv, packages: [], issues: [] });
    expect(out.packages).toHaveLength(inv.packages.length);
    for (const p of inv.packages) expect(out.packages).toContainEqual(p);
    for (const i of inv.issues) expect(out.issues).toContainEqual(i);
  });

  it('sorts packages by type, name, version, first location', () => {
    const keys = out.packages.map((p) => `${p.type} ${p.name} ${p.version} ${p.locations[0]}`);
    expect(keys.slice(0, 4)).toEqual([
      'apk musl 1.2.4-r2 /lib/apk/db/installed',
      'dpkg bsdutils 1:2.38.1-5+deb12u1 /var/lib/dpkg/status',
      'dpkg libc6 2.36-9+deb12u8 /var/lib/dpkg/status',
      'dpkg python3-yaml 6.0-3+b2 /var/lib/dpkg/status',
    ]);
    const lodash = out.packages.filter((p) => p.name === 'lodash').map((p) => p.locations[0]);
    expect(lodash).toEqual(['/app/node_modules/lodash/package.json', '/srv/tools/node_modules/lodash/package.json']);
    expect([...out.packages].sort(comparePackages)).toEqual(out.packages);
  });

  it('writes keys in the documented order and sorts free-form keys', () => {
    expect(Object.keys(out)).toEqual(['schema', 'tool', 'createdAt', 'image', 'os', 'packages', 'issues']);
    const rpm = out.packages.find((p) => p.type === 'rpm') as Package;
    expect(Object.keys(rpm)).toEqual(['type', 'name', 'version', 'epoch', 'release', 'arch', 'purl', 'source', 'licenses', 'locations', 'layer', 'metadata']);
    expect(Object.keys(rpm.metadata ?? {})).toEqual(['modularityLabel', 'vendor']);
    expect(Object.keys(out.image.config?.labels ?? {})).toEqual(['a', 'org.opencontainers.image.source']);
  });

  it('sorts issues by layer, path and code', () => {
    expect(out.issues.map((i) => i.code)).toEqual(['DPKG_BAD_VERSION', 'JAVA_BAD_MANIFEST']);
  });

  it('keeps fields the model does not know (after the known ones) and drops undefined ones', () => {
    const inv = makeInventory() as Inventory & { extra?: unknown };
    inv.extra = { z: 1, a: 2 };
    inv.packages[0] = { ...inv.packages[0]!, arch: undefined };
    const again = JSON.parse(renderInventoryJson(inv)) as Record<string, unknown>;
    expect(Object.keys(again).at(-1)).toBe('extra');
    expect(Object.keys(again.extra as object)).toEqual(['a', 'z']);
    expect(renderInventoryJson(inv)).not.toContain('"arch": null');
  });

  it('renders the same bytes whatever the input order, and ends with a newline', () => {
    const inv = makeInventory();
    inv.packages.reverse();
    inv.issues.reverse();
    expect(renderInventoryJson(inv)).toBe(text);
    expect(text.endsWith('}\n')).toBe(true);
  });

  it('leaves its input unchanged', () => {
    const inv = makeInventory();
    const before = JSON.stringify(inv);
    renderInventoryJson(inv);
    expect(JSON.stringify(inv)).toBe(before);
  });
});
