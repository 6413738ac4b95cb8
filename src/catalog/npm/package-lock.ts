/**
 * package-lock.json and npm-shrinkwrap.json, lockfileVersion 1, 2 and 3.
 * v1 nests `dependencies` objects; v2 carries both `packages` (keyed by install path) and the v1 tree; v3 only
 * `packages`. When `packages` exists it is read and the v1 tree ignored.
 * Format: https://docs.npmjs.com/cli/v10/configuring-npm/package-lock-json
 */
import type { Package } from '../../model/index.js';
import type { FileParseResult } from '../types.js';
import { npmIssue } from './errors.js';
import { isRecord, isValidNpmName, makeNpmPackage, nonEmptyString, readNpmLicenses } from './npm-package.js';

interface LockEntry {
  name: string;
  version: string;
  dev: boolean;
  licenses: string[];
  /** Install path inside the lock ("node_modules/a/node_modules/b"), v2+ only. */
  lockPath?: string;
}

/**
 * Parse a package-lock.json / npm-shrinkwrap.json.
 * @example parsePackageLock('/app/package-lock.json', text).packages.map((p) => p.name)
 */
export function parsePackageLock(path: string, text: string): FileParseResult {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return { packages: [], issues: [npmIssue('NPM_MALFORMED_JSON', `not valid JSON (${(e as Error).message})`, path)] };
  }
  if (!isRecord(doc)) return { packages: [], issues: [npmIssue('NPM_MALFORMED_LOCK', 'top level is not a JSON object', path)] };
  const issues: FileParseResult['issues'] = [];
  const lockVersion = doc.lockfileVersion;
  if (lockVersion !== undefined && lockVersion !== 1 && lockVersion !== 2 && lockVersion !== 3) {
    issues.push(npmIssue('NPM_UNSUPPORTED_LOCK_VERSION', `lockfileVersion ${JSON.stringify(lockVersion)} is not 1, 2 or 3; read as best as possible`, path));
  }
  let entries: LockEntry[];
  if (isRecord(doc.packages)) entries = readPackagesMap(path, doc.packages, issues);
  else if (isRecord(doc.dependencies)) entries = readV1Tree(path, doc.dependencies, issues);
  else if (doc.packages === undefined && doc.dependencies === undefined) entries = [];
  else return { packages: [], issues: [npmIssue('NPM_MALFORMED_LOCK', '"packages" / "dependencies" is not an object', path)] };
  return { packages: mergeEntries(path, entries), issues };
}

/** v2/v3 `packages`: keys are install paths; "" is the project itself; `link: true` entries point to workspaces. */
function readPackagesMap(path: string, packages: Record<string, unknown>, issues: FileParseResult['issues']): LockEntry[] {
  const out: LockEntry[] = [];
  // Workspace folders (keys without node_modules) are reported under the name of the link that points to them.
  const linkNames = new Map<string, string>();
  for (const [key, raw] of Object.entries(packages)) {
    if (isRecord(raw) && raw.link === true && typeof raw.resolved === 'string' && raw.resolved) {
      linkNames.set(raw.resolved, nameFromInstallPath(key) ?? key);
    }
  }
  for (const [key, raw] of Object.entries(packages)) {
    if (key === '') continue;
    if (!isRecord(raw)) {
      issues.push(npmIssue('NPM_BAD_ENTRY', `entry ${JSON.stringify(key.slice(0, 200))} is not an object; skipped`, path));
      continue;
    }
    if (raw.link === true) continue; // the target folder's own entry carries the version
    const fromPath = nameFromInstallPath(key);
    const name = nonEmptyString(raw.name) ?? fromPath ?? linkNames.get(key);
    if (!name) continue; // a folder in the project that nothing links to (not installed)
    if (!isValidNpmName(name)) {
      issues.push(npmIssue('NPM_BAD_ENTRY', `entry ${JSON.stringify(key.slice(0, 200))} has an invalid name; skipped`, path));
      continue;
    }
    const version = typeof raw.version === 'string' ? raw.version : '';
    if (!version && fromPath) {
      issues.push(npmIssue('NPM_BAD_ENTRY', `entry ${JSON.stringify(key.slice(0, 200))} has no version; skipped`, path));
      continue;
    }
    out.push({ name, version, dev: raw.dev === true, licenses: readNpmLicenses(raw), lockPath: key });
  }
  return out;
}

/** "node_modules/@s/a/node_modules/b" → "b"; undefined when the key has no node_modules segment. */
function nameFromInstallPath(key: string): string | undefined {
  const i = key.lastIndexOf('node_modules/');
  if (i < 0 || (i > 0 && key[i - 1] !== '/')) return undefined;
  const rest = key.slice(i + 'node_modules/'.length);
  return rest || undefined;
}

/** v1 `dependencies`: nested objects; walked with an explicit stack so deep nesting cannot overflow the call stack. */
function readV1Tree(path: string, root: Record<string, unknown>, issues: FileParseResult['issues']): LockEntry[] {
  const out: LockEntry[] = [];
  // A package nested under a dev package is dev as well, even when the lock leaves the flag off.
  const stack: [Record<string, unknown>, boolean][] = [[root, false]];
  while (stack.length > 0) {
    const [deps, parentDev] = stack.pop() as [Record<string, unknown>, boolean];
    for (const [key, raw] of Object.entries(deps)) {
      if (!isRecord(raw) || typeof raw.version !== 'string' || !raw.version) {
        issues.push(npmIssue('NPM_BAD_ENTRY', `dependency ${JSON.stringify(key.slice(0, 200))} has no version; skipped`, path));
        continue;
      }
      let name = key;
      let version = raw.version;
      // An alias is recorded as "npm:<real-name>@<version>".
      const alias = /^npm:((?:@[^/@]+\/)?[^/@]+)@(.+)$/.exec(version);
      if (alias) {
        name = alias[1] as string;
        version = alias[2] as string;
      }
      if (!isValidNpmName(name)) {
        issues.push(npmIssue('NPM_BAD_ENTRY', `dependency ${JSON.stringify(key.slice(0, 200))} has an invalid name; skipped`, path));
      } else {
        out.push({ name, version, dev: raw.dev === true || parentDev, licenses: [] });
      }
      if (isRecord(raw.dependencies)) stack.push([raw.dependencies, raw.dev === true || parentDev]);
    }
  }
  return out;
}

/** One package per name@version: a package is dev only when every copy of it is dev. */
function mergeEntries(path: string, entries: LockEntry[]): Package[] {
  const byId = new Map<string, { entry: LockEntry; paths: string[] }>();
  for (const e of entries) {
    const id = `${e.name}@${e.version}`;
    const seen = byId.get(id);
    if (!seen) {
      byId.set(id, { entry: { ...e }, paths: e.lockPath === undefined ? [] : [e.lockPath] });
      continue;
    }
    seen.entry.dev = seen.entry.dev && e.dev;
    if (seen.entry.licenses.length === 0) seen.entry.licenses = e.licenses;
    if (e.lockPath !== undefined) seen.paths.push(e.lockPath);
  }
  return [...byId.values()]
    .sort((a, b) => (a.entry.name === b.entry.name ? cmp(a.entry.version, b.entry.version) : cmp(a.entry.name, b.entry.name)))
    .map(({ entry, paths }) =>
      makeNpmPackage({
        name: entry.name,
        version: entry.version,
        location: path,
        source: 'lockfile',
        lock: 'package-lock',
        licenses: entry.licenses,
        dev: entry.dev,
        extra: paths.length > 0 ? { lockPaths: paths } : undefined,
      }),
    );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
