/**
 * pnpm-lock.yaml, lockfile versions 5.x, 6.x and 9.x.
 * - 5.x: `packages` keys `/name/1.0.0` or `/@scope/name/1.0.0_peer@2.0.0`, entries carry `dev`.
 * - 6.x: keys `/name@1.0.0(peer@2.0.0)`, entries carry `dev`.
 * - 9.x: keys `name@1.0.0` in `packages`, peer variants in `snapshots`; no `dev` flag, so dev-ness is worked out
 *   from the importers' `devDependencies` through the snapshot graph.
 * Non-registry entries (tarball URLs, git, file:, link:) carry `name`/`version` fields or a URL in place of the
 * version; those without a plain version are skipped.
 * Format: https://github.com/pnpm/spec/tree/master/lockfile
 */
import { parseAllDocuments } from 'yaml';
import type { FileParseResult } from '../types.js';
import { npmIssue } from './errors.js';
import { isRecord, isValidNpmName, makeNpmPackage } from './npm-package.js';

interface PnpmEntry {
  name: string;
  version: string;
  dev: boolean | undefined;
}

/**
 * Parse a pnpm-lock.yaml.
 * @example parsePnpmLock('/app/pnpm-lock.yaml', "lockfileVersion: '9.0'\npackages:\n  ms@2.1.3: {}\n")
 */
export function parsePnpmLock(path: string, text: string): FileParseResult {
  let doc: unknown;
  try {
    // pnpm may write a second YAML document (the env lockfile) before the main one; take the one with packages.
    const docs = parseAllDocuments(text, { uniqueKeys: false });
    if (!Array.isArray(docs)) throw new Error('not a YAML stream');
    const values: unknown[] = [];
    for (const d of docs) {
      if (d.errors.length > 0) throw d.errors[0] as Error;
      values.push(d.toJS({ maxAliasCount: 100 }));
    }
    // pnpm 10+ may write the package-manager "env" lockfile as a first document; the project's lock comes last.
    doc = values.filter((v) => isRecord(v) && (isRecord(v.packages) || v.lockfileVersion !== undefined)).pop() ?? values[0];
  } catch (e) {
    return { packages: [], issues: [npmIssue('NPM_MALFORMED_YAML', `not valid YAML (${(e as Error).message.split('\n')[0]})`, path)] };
  }
  if (doc === undefined || doc === null) return { packages: [], issues: [] };
  if (!isRecord(doc)) return { packages: [], issues: [npmIssue('NPM_MALFORMED_LOCK', 'top level is not a mapping', path)] };
  const issues: FileParseResult['issues'] = [];
  const major = Number.parseInt(String(doc.lockfileVersion ?? ''), 10);
  if (!Number.isFinite(major)) {
    issues.push(npmIssue('NPM_MALFORMED_LOCK', 'no lockfileVersion', path));
  } else if (major < 5 || major > 9) {
    issues.push(npmIssue('NPM_UNSUPPORTED_LOCK_VERSION', `lockfileVersion ${String(doc.lockfileVersion)} is not 5, 6 or 9; read as best as possible`, path));
  }
  const packages = doc.packages;
  if (packages !== undefined && packages !== null && !isRecord(packages)) return { packages: [], issues: [...issues, npmIssue('NPM_MALFORMED_LOCK', '"packages" is not a mapping', path)] };

  const entries = new Map<string, PnpmEntry>();
  // packages key (without "/" and peer suffix) → name@version, for the v9 graph walk
  const keyToId = new Map<string, string>();
  for (const [key, raw] of Object.entries(isRecord(packages) ? packages : {})) {
    const entry = isRecord(raw) ? raw : {};
    const parsed = parsePackageKey(key, major >= 6 || !Number.isFinite(major));
    const name = typeof entry.name === 'string' && entry.name ? entry.name : parsed?.name;
    const version = typeof entry.version === 'string' && entry.version ? entry.version : parsed?.version;
    if (!name || !version) {
      issues.push(npmIssue('NPM_BAD_ENTRY', `package key ${JSON.stringify(key.slice(0, 200))} gives no name and version; skipped`, path));
      continue;
    }
    if (!isPlainVersion(version)) continue; // tarball URL, git or file: resolution: no registry identity
    if (!isValidNpmName(name)) {
      issues.push(npmIssue('NPM_BAD_ENTRY', `package key ${JSON.stringify(key.slice(0, 200))} has an invalid name; skipped`, path));
      continue;
    }
    const dev = entry.dev === true ? true : entry.dev === false ? false : undefined;
    const id = `${name}@${version}`;
    keyToId.set(stripKey(key), id);
    const seen = entries.get(id);
    if (!seen) entries.set(id, { name, version, dev });
    else if (seen.dev !== dev) seen.dev = seen.dev === false || dev === false ? false : seen.dev ?? dev;
  }
  addDirectDependencies(doc, entries);
  if (major >= 9) markDevV9(doc, entries, keyToId);
  return {
    packages: [...entries.values()].map((e) =>
      makeNpmPackage({ name: e.name, version: e.version, location: path, source: 'lockfile', lock: 'pnpm', dev: e.dev }),
    ),
    issues,
  };
}

/**
 * Direct dependencies listed at the top level (single-project v5/v6 locks) or under `importers` that have no
 * `packages` entry of their own are still installed packages; add them. (Dev-only ones are left out: a complete
 * lock lists them in `packages` with `dev: true`.)
 */
function addDirectDependencies(doc: Record<string, unknown>, entries: Map<string, PnpmEntry>): void {
  const holders: Record<string, unknown>[] = [doc];
  if (isRecord(doc.importers)) for (const imp of Object.values(doc.importers)) if (isRecord(imp)) holders.push(imp);
  for (const holder of holders) {
    for (const [field, dev] of [['dependencies', false], ['optionalDependencies', false]] as const) {
      const deps = holder[field];
      if (!isRecord(deps)) continue;
      for (const [name, spec] of Object.entries(deps)) {
        const ref = isRecord(spec) ? spec.version : spec;
        if (typeof ref !== 'string') continue;
        const version = ref.replace(/[(_].*$/, '');
        if (!isPlainVersion(version) || !isValidNpmName(name)) continue;
        const id = `${name}@${version}`;
        if (!entries.has(id)) entries.set(id, { name, version, dev });
      }
    }
  }
}

/** Parse a `packages` key into name and version, without the peer suffix. */
export function parsePackageKey(key: string, atForm: boolean): { name: string; version: string } | undefined {
  let k = key.startsWith('/') ? key.slice(1) : key;
  const paren = k.indexOf('(');
  if (paren > 0) k = k.slice(0, paren);
  if (atForm || !/^(?:@[^/]+\/)?[^/@]+\/\d/.test(k)) {
    // v6+/v9 "name@version"; also v5 keys of the form "name@version" (non-registry entries)
    const at = k.indexOf('@', k.startsWith('@') ? 1 : 0);
    if (at > 0) return { name: k.slice(0, at), version: k.slice(at + 1) };
    if (atForm) return undefined;
  }
  // v5 "name/version_peer@1" or "@scope/name/version_peer@1"
  const parts = k.split('/');
  const nameParts = k.startsWith('@') ? 2 : 1;
  if (parts.length < nameParts + 1) return undefined;
  const name = parts.slice(0, nameParts).join('/');
  let version = parts.slice(nameParts).join('/');
  const underscore = version.indexOf('_');
  if (underscore > 0) version = version.slice(0, underscore);
  return { name, version };
}

/** A semver-looking version, not a URL, path or git reference. */
function isPlainVersion(v: string): boolean {
  return /^\d/.test(v) && !v.includes('/') && !v.includes(':');
}

/**
 * v9 has no `dev` flag: a package is dev when it is reachable only from importers' `devDependencies`.
 * The graph is walked iteratively (no recursion) through `snapshots`.
 */
function markDevV9(doc: Record<string, unknown>, entries: Map<string, PnpmEntry>, keyToId: Map<string, string>): void {
  const snapshots = isRecord(doc.snapshots) ? doc.snapshots : {};
  const importers = isRecord(doc.importers) ? doc.importers : {};
  const edges = new Map<string, string[]>();
  for (const [key, raw] of Object.entries(snapshots)) {
    const deps: string[] = [];
    if (isRecord(raw)) {
      for (const field of ['dependencies', 'optionalDependencies']) {
        const d = raw[field];
        if (!isRecord(d)) continue;
        for (const [depName, ref] of Object.entries(d)) if (typeof ref === 'string') deps.push(snapshotKey(depName, ref));
      }
    }
    edges.set(key, deps);
  }
  const reach = (roots: string[]): Set<string> => {
    const seen = new Set<string>();
    const stack = [...roots];
    while (stack.length > 0) {
      const k = stack.pop() as string;
      if (seen.has(k)) continue;
      seen.add(k);
      for (const next of edges.get(k) ?? []) if (!seen.has(next)) stack.push(next);
    }
    return seen;
  };
  const prodRoots: string[] = [];
  const devRoots: string[] = [];
  for (const imp of Object.values(importers)) {
    if (!isRecord(imp)) continue;
    for (const [field, list] of [['dependencies', prodRoots], ['optionalDependencies', prodRoots], ['devDependencies', devRoots]] as const) {
      const d = imp[field];
      if (!isRecord(d)) continue;
      for (const [depName, spec] of Object.entries(d)) {
        const ref = isRecord(spec) ? spec.version : spec;
        if (typeof ref === 'string') list.push(snapshotKey(depName, ref));
      }
    }
  }
  const prod = reach(prodRoots);
  const dev = reach(devRoots);
  const idOf = (snap: string): string | undefined => {
    const known = keyToId.get(stripKey(snap));
    if (known) return known;
    const p = parsePackageKey(snap, true);
    return p ? `${p.name}@${p.version}` : undefined;
  };
  const prodIds = new Set([...prod].map(idOf));
  const devIds = new Set([...dev].map(idOf));
  for (const [id, e] of entries) {
    if (prodIds.has(id)) e.dev = false;
    else if (devIds.has(id)) e.dev = true;
  }
}

/** A dependency reference "1.0.0(peer@2)", "file:x.tgz" or an alias "real-name@1.0.0" → the snapshot key. */
function snapshotKey(depName: string, ref: string): string {
  // The peer suffix "(peer@2)" has "@" in it too, so look only before it.
  const head = ref.split('(')[0] ?? '';
  if (/^(?:@[^/@:]+\/)?[^/@:]+@/.test(head)) return ref; // alias
  return `${depName}@${ref}`;
}

/** "/name@1.0.0(peer@2)" → "name@1.0.0" */
function stripKey(key: string): string {
  const k = key.startsWith('/') ? key.slice(1) : key;
  const paren = k.indexOf('(');
  return paren > 0 ? k.slice(0, paren) : k;
}
