/**
 * Combining installed packages and lock files of the final filesystem view.
 * An image usually holds both `/app/node_modules/**\/package.json` and `/app/package-lock.json`: a lock entry whose
 * installed copy (same name and version) sits in the node_modules tree beside the lock is the same package and is
 * dropped, so the installed record (with its exact location) wins. Lock entries without an installed copy stay,
 * marked `metadata.source: 'lockfile'`.
 */
import type { Package } from '../../model/index.js';
import type { FileParseResult, FinalizeResult } from '../types.js';

/** The project folder a package.json under node_modules belongs to: "/app" for "/app/node_modules/a/…". */
export function projectRootOf(installedPath: string): string | undefined {
  const i = installedPath.indexOf('/node_modules/');
  return i < 0 ? undefined : installedPath.slice(0, i);
}

function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '' : path.slice(0, i);
}

/** Merge per-file results: installed packages first-class, lock entries only when not installed beside the lock. */
export function finalizeNpm(results: ReadonlyMap<string, FileParseResult>): FinalizeResult {
  const paths = [...results.keys()].sort();
  const installed = new Set<string>();
  for (const path of paths) {
    for (const p of results.get(path)?.packages ?? []) {
      if (p.metadata?.source !== 'installed') continue;
      const root = projectRootOf(p.locations[0] ?? path);
      if (root !== undefined) installed.add(`${root}\u0000${p.name}@${p.version}`);
    }
  }
  const packages: Package[] = [];
  const issues: FinalizeResult['issues'] = [];
  for (const path of paths) {
    const r = results.get(path);
    if (!r) continue;
    issues.push(...r.issues);
    for (const p of r.packages) {
      if (p.metadata?.source === 'lockfile' && installed.has(`${dirOf(p.locations[0] ?? path)}\u0000${p.name}@${p.version}`)) continue;
      packages.push(p);
    }
  }
  return { packages, issues };
}
