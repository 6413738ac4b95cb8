/**
 * Mark language packages whose files belong to an OS package (Debian's jars in /usr/share/java, dist-info under
 * /usr/lib/python3): they stay in the inventory, and matching later uses the distro's advisories for them.
 */
import { isOsPackageType, type Package } from '../model/index.js';

export function markOwnedPackages(packages: Package[]): Package[] {
  const owners = new Map<string, Package>();
  for (const p of packages) {
    if (!isOsPackageType(p.type)) continue;
    for (const f of p.files ?? []) if (!owners.has(f)) owners.set(f, p);
  }
  if (owners.size === 0) return packages;
  return packages.map((p) => {
    if (isOsPackageType(p.type)) return p;
    for (const loc of p.locations) {
      // A nested archive (outer.jar!/BOOT-INF/lib/x.jar) is owned by whoever owns the outer file.
      const onDisk = loc.split('!')[0]!;
      const owner = owners.get(onDisk);
      if (owner) return { ...p, ownedBy: { type: owner.type, name: owner.name, version: owner.version } };
    }
    return p;
  });
}
