// Small builders for match tests: packages, inventories and advisories with only the fields a test cares about.
import type { Advisory, AffectedPackage, Inventory, OsInfo, Package } from '../../model/index.js';

export function pkg(p: Partial<Package> & Pick<Package, 'type' | 'name' | 'version'>): Package {
  return { purl: `pkg:${p.type}/${p.name}@${p.version}`, locations: ['/x'], ...p };
}

export function inventory(packages: Package[], os?: OsInfo, history?: { createdBy?: string; emptyLayer?: boolean }[]): Inventory {
  return {
    schema: 'drydock-inventory/1',
    tool: { name: 'drydock', version: '0.0.0' },
    createdAt: '2025-01-01T00:00:00Z',
    image: { reference: 'test', sourceKind: 'rootfs', layers: [], config: history ? { history } : undefined },
    os,
    packages,
    issues: [],
  };
}

export function advisory(id: string, affected: AffectedPackage[], extra: Partial<Advisory> = {}): Advisory {
  return { id, aliases: [], source: 'test', severities: [], affected, ...extra };
}

export function fixedIn(ecosystem: string, name: string, fixed: string, extra: Partial<AffectedPackage> = {}): AffectedPackage {
  return { ecosystem, name, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed }] }], ...extra };
}

export function unfixed(ecosystem: string, name: string, extra: Partial<AffectedPackage> = {}): AffectedPackage {
  return { ecosystem, name, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }] }], ...extra };
}
