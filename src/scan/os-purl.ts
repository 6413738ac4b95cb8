/**
 * OS package purls carry the distribution: catalogers do not know it while parsing one file, so the pipeline sets
 * the namespace (debian, ubuntu, alpine, rhel, …) and a `distro` qualifier (`debian-12`) once the OS is known,
 * as the purl spec's deb/rpm/apk types describe.
 */
import { PackageURL } from 'packageurl-js';
import type { OsInfo, Package } from '../model/index.js';

const PURL_TYPE: Record<string, string> = { dpkg: 'deb', apk: 'apk', rpm: 'rpm' };

export function qualifyOsPurls(packages: Package[], os: OsInfo | undefined): Package[] {
  if (!os) return packages;
  const distro = os.version ? `${os.family}-${os.version}` : os.family;
  return packages.map((p) => {
    const type = PURL_TYPE[p.type];
    if (!type) return p;
    // rpm packages in a non-rpm distro (an rpm db inside a Debian image) keep their own namespace.
    const sameFamily = !(p.type === 'rpm' && (os.family === 'debian' || os.family === 'ubuntu' || os.family === 'alpine'));
    try {
      const u = PackageURL.fromString(p.purl);
      const q = { ...(u.qualifiers ?? {}) };
      if (sameFamily) q.distro = distro;
      const ns = sameFamily && type !== 'rpm' ? os.family : u.namespace;
      const purl = new PackageURL(u.type, ns, u.name, u.version, q, u.subpath).toString();
      return { ...p, purl };
    } catch {
      return p;
    }
  });
}
