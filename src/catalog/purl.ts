/**
 * Package URL construction for catalogers, through packageurl-js.
 * Spec: https://github.com/package-url/purl-spec/blob/master/PURL-SPECIFICATION.rst
 */
import { PackageURL } from 'packageurl-js';

export type PurlQualifiers = Record<string, string | undefined>;

/**
 * Build a canonical purl string. Undefined or empty qualifiers are left out.
 * @example buildPurl('deb', 'debian', 'curl', '7.88.1-10+deb12u8', { arch: 'amd64', distro: 'debian-12' })
 */
export function buildPurl(
  type: string,
  namespace: string | undefined,
  name: string,
  version: string | undefined,
  qualifiers: PurlQualifiers = {},
  subpath?: string,
): string {
  const q: Record<string, string> = {};
  for (const [k, v] of Object.entries(qualifiers)) {
    if (v !== undefined && v !== '') q[k] = v;
  }
  return new PackageURL(type, namespace || undefined, name, version || undefined, Object.keys(q).length ? q : undefined, subpath || undefined).toString();
}
