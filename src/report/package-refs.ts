/**
 * Identifiers for package instances inside one report. The same purl can occur at several places in an image
 * (the same jar in two applications, a wheel in two virtualenvs): each occurrence is its own SBOM element, so the
 * identifier is the purl when that purl is unique in the inventory and the purl plus the first location otherwise.
 */
import { createHash } from 'node:crypto';
import type { Package } from '../model/index.js';

/**
 * One unique reference per package, in the order given (pass packages already sorted for stable results).
 * @example assignPackageRefs(sorted).get(pkg) // 'pkg:npm/left-pad@1.3.0' or 'pkg:npm/left-pad@1.3.0|/app/node_modules/left-pad/package.json'
 */
export function assignPackageRefs(packages: readonly Package[]): Map<Package, string> {
  const purlCount = new Map<string, number>();
  for (const p of packages) purlCount.set(p.purl, (purlCount.get(p.purl) ?? 0) + 1);
  const used = new Set<string>();
  const refs = new Map<Package, string>();
  for (const p of packages) {
    let ref = (purlCount.get(p.purl) ?? 0) > 1 ? `${p.purl}|${p.locations[0] ?? ''}` : p.purl;
    // Two records with the same purl and the same first location: number the later ones.
    for (let n = 2; used.has(ref); n++) ref = `${p.purl}|${p.locations[0] ?? ''}|${n}`;
    used.add(ref);
    refs.set(p, ref);
  }
  return refs;
}

/** Lower-case hex sha256 of a UTF-8 string. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
