/**
 * Facts the SBOM formats derive from a `Package` in the same way: the full version string, the supplier and
 * originator parties recorded in cataloger metadata, the purl of the OS package that owns a language package.
 */
import { PackageURL } from 'packageurl-js';
import type { Package, PackageType } from '../model/index.js';
import { comparePackages } from './package-order.js';

/**
 * The version as the package manager prints it. rpm keeps epoch and release apart in the model; the SBOM version
 * is `[epoch:]version-release` (rpm(8) EVR). Other types carry their full version in `version` already.
 * @example displayVersion({ type: 'rpm', version: '3.0.7', release: '27.el9', epoch: 1, … }) // '1:3.0.7-27.el9'
 */
export function displayVersion(p: Package): string {
  if (p.type !== 'rpm') return p.version;
  let v = p.version;
  // Be tolerant of a cataloger that already put the release (or the epoch) into `version`.
  if (p.release && !v.endsWith(`-${p.release}`)) v = `${v}-${p.release}`;
  if (p.epoch !== undefined && p.epoch !== 0 && !/^\d+:/.test(v)) v = `${p.epoch}:${v}`;
  return v;
}

/** A person or organisation named in package metadata. */
export interface Party {
  kind: 'Person' | 'Organization';
  name: string;
  email?: string;
}

/** Parse "Name <email>" (dpkg Maintainer, npm author strings). */
export function parseParty(text: string, kind: Party['kind']): Party | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  const m = /^(.*?)\s*<([^<>]*)>\s*$/.exec(t);
  if (m && m[1]) return m[2] ? { kind, name: m[1], email: m[2] } : { kind, name: m[1] };
  return { kind, name: t };
}

function metaString(p: Package, key: string): string | undefined {
  const v = p.metadata?.[key];
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}

/**
 * Who supplied the package to the image: metadata `vendor` (rpm Vendor, an organisation) or `maintainer`
 * (dpkg/apk Maintainer, a person or team). Undefined when the cataloger recorded neither.
 */
export function packageSupplier(p: Package): Party | undefined {
  const vendor = metaString(p, 'vendor');
  if (vendor) return parseParty(vendor, 'Organization');
  const maintainer = metaString(p, 'maintainer');
  return maintainer ? parseParty(maintainer, 'Person') : undefined;
}

/** Who originally wrote the package: metadata `author` (npm, PyPI, gem authors). */
export function packageOriginator(p: Package): Party | undefined {
  const author = metaString(p, 'author');
  return author ? parseParty(author, 'Person') : undefined;
}

const OS_PURL_TYPE: Partial<Record<PackageType, string>> = { dpkg: 'deb', apk: 'apk', rpm: 'rpm' };

/**
 * The purl of the OS package that owns `p`'s files: the inventory's own record of that package when present
 * (first in report order), else a purl built from the owner reference alone (no namespace or qualifiers).
 */
export function ownerPurl(p: Package, all: readonly Package[]): string | undefined {
  const o = p.ownedBy;
  if (!o) return undefined;
  const found = all.filter((q) => q.type === o.type && q.name === o.name && q.version === o.version).sort(comparePackages)[0];
  if (found) return found.purl;
  return new PackageURL(OS_PURL_TYPE[o.type] ?? o.type, undefined, o.name, o.version, undefined, undefined).toString();
}

/**
 * The purl's type read from its prefix (`pkg:<type>/…`, lower-cased as the purl spec says types compare), without
 * parsing the rest; undefined when the string does not start that way. For choosing which purls to parse whole.
 */
export function purlTypeOf(purl: string): string | undefined {
  if (!purl.startsWith('pkg:')) return undefined;
  const slash = purl.indexOf('/', 4);
  return slash > 4 ? purl.slice(4, slash).toLowerCase() : undefined;
}

/** The purl's type, namespace and name, or undefined when the purl does not parse. */
export function splitPurl(purl: string): { type: string; namespace?: string; name: string } | undefined {
  try {
    const u = PackageURL.fromString(purl);
    return u.namespace ? { type: u.type, namespace: u.namespace, name: u.name } : { type: u.type, name: u.name };
  } catch {
    return undefined;
  }
}
