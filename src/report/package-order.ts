/**
 * The one package order every report uses, so that output is deterministic whatever order the catalogers and the
 * layer merge produced: type, name, version, first location, then purl, arch and the remaining locations as
 * tie-breakers. Strings compare by UTF-16 code units (never `localeCompare`, whose result depends on the machine's
 * locale data).
 */
import type { Package } from '../model/index.js';

/** Code-unit string comparison: -1, 0 or 1. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Compare two packages in report order.
 * @example [b, a].sort(comparePackages)
 */
export function comparePackages(a: Package, b: Package): number {
  return (
    compareStrings(a.type, b.type) ||
    compareStrings(a.name, b.name) ||
    compareStrings(a.version, b.version) ||
    compareStrings(a.locations[0] ?? '', b.locations[0] ?? '') ||
    compareStrings(a.purl, b.purl) ||
    compareStrings(a.arch ?? '', b.arch ?? '') ||
    compareStrings(a.locations.join('\n'), b.locations.join('\n'))
  );
}

/** A sorted copy of `packages` (the input is left as it is). */
export function sortPackages(packages: readonly Package[]): Package[] {
  return [...packages].sort(comparePackages);
}
