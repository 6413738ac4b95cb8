/**
 * nuget cataloger: .NET packages from `*.deps.json` (the runtime dependency manifest written beside an app) and
 * `packages.lock.json` (NuGet's lock file).
 * deps.json: `libraries` keyed by "Name/Version" with `type` "package" (NuGet packages), "project" (the app and its
 * projects) or "reference"; only packages are reported.
 * https://github.com/dotnet/runtime/blob/main/docs/design/features/host-probing.md,
 * https://github.com/dotnet/sdk/blob/main/documentation/specs/runtime-configuration-file.md
 * packages.lock.json: `dependencies` → target framework → package → `{type, resolved}`; "Project" entries skipped.
 * https://learn.microsoft.com/en-us/nuget/consume-packages/package-references-in-project-files#locking-dependencies
 */
import type { InventoryIssue, Package } from '../../model/index.js';
import { buildPurl } from '../purl.js';
import type { Cataloger, FileInfo, FileParseResult } from '../types.js';

export const id = 'nuget';
export const displayName = '.NET NuGet packages (deps.json, packages.lock.json)';
export const specs = [
  'https://github.com/dotnet/sdk/blob/main/documentation/specs/runtime-configuration-file.md',
  'https://learn.microsoft.com/en-us/nuget/consume-packages/package-references-in-project-files#locking-dependencies',
] as const;

export type NugetIssueCode = 'NUGET_MALFORMED_JSON' | 'NUGET_BAD_ENTRY';

function issue(code: NugetIssueCode, message: string, path: string): InventoryIssue {
  return { code, message: `${path}: ${message}`, path };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// NuGet ids: letters, digits, ".", "_", "-" (https://learn.microsoft.com/en-us/nuget/create-packages/package-authoring-best-practices#package-id).
const ID_RE = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,199}$/;

function makePackage(name: string, version: string, path: string, metadata: Record<string, unknown>): Package {
  return { type: 'nuget', name, version, purl: buildPurl('nuget', undefined, name, version), locations: [path], metadata };
}

function parseJson(path: string, text: string): { doc?: Record<string, unknown>; issue?: InventoryIssue } {
  try {
    const doc: unknown = JSON.parse(text);
    return isRecord(doc) ? { doc } : { issue: issue('NUGET_MALFORMED_JSON', 'top level is not a JSON object', path) };
  } catch (e) {
    return { issue: issue('NUGET_MALFORMED_JSON', `not valid JSON (${(e as Error).message})`, path) };
  }
}

/**
 * Parse a `*.deps.json`.
 * @example parseDepsJson('/app/app.deps.json', '{"libraries":{"Newtonsoft.Json/13.0.1":{"type":"package"}}}')
 */
export function parseDepsJson(path: string, text: string): FileParseResult {
  const { doc, issue: bad } = parseJson(path, text);
  if (!doc) return { packages: [], issues: bad ? [bad] : [] };
  const issues: InventoryIssue[] = [];
  const packages: Package[] = [];
  if (doc.libraries === undefined) return { packages, issues };
  if (!isRecord(doc.libraries)) return { packages, issues: [issue('NUGET_MALFORMED_JSON', '"libraries" is not an object', path)] };
  const assets = targetAssets(doc.targets);
  for (const [rawKey, lib] of Object.entries(doc.libraries)) {
    if (!isRecord(lib)) {
      issues.push(issue('NUGET_BAD_ENTRY', `library ${JSON.stringify(rawKey.slice(0, 200))} is not an object; skipped`, path));
      continue;
    }
    // project / reference: the app itself or framework references. A runtimepack is the .NET runtime bundled into a
    // self-contained app: report it under its package name (Microsoft.NETCore.App.Runtime.<rid>).
    if (lib.type !== 'package' && lib.type !== 'runtimepack') continue;
    // A package listed in a target with no runtime, native or resource assets ships no code (a meta-package).
    if (assets.get(rawKey) === false) continue;
    const key = lib.type === 'runtimepack' && rawKey.startsWith('runtimepack.') ? rawKey.slice('runtimepack.'.length) : rawKey;
    const slash = key.indexOf('/');
    const name = slash > 0 ? key.slice(0, slash) : '';
    const version = slash > 0 ? key.slice(slash + 1) : '';
    if (!ID_RE.test(name) || !version || version.length > 100 || version.includes('/')) {
      issues.push(issue('NUGET_BAD_ENTRY', `library key ${JSON.stringify(key.slice(0, 200))} is not "Name/Version"; skipped`, path));
      continue;
    }
    const metadata: Record<string, unknown> = { source: 'deps.json' };
    if (typeof lib.sha512 === 'string' && lib.sha512) metadata.sha512 = lib.sha512;
    packages.push(makePackage(name, version, path, metadata));
  }
  return { packages, issues };
}

/** library key → whether any target gives it deployable assets (absent when no target lists it). */
function targetAssets(targets: unknown): Map<string, boolean> {
  const out = new Map<string, boolean>();
  if (!isRecord(targets)) return out;
  for (const libs of Object.values(targets)) {
    if (!isRecord(libs)) continue;
    for (const [key, entry] of Object.entries(libs)) {
      const has = isRecord(entry) && ['runtime', 'runtimeTargets', 'native', 'resources'].some((f) => isRecord(entry[f]) && Object.keys(entry[f] as object).length > 0);
      out.set(key, (out.get(key) ?? false) || has);
    }
  }
  return out;
}

/**
 * Parse a NuGet `packages.lock.json` (version 1 and 2).
 * @example parsePackagesLock('/src/packages.lock.json', '{"version":1,"dependencies":{"net6.0":{"Newtonsoft.Json":{"type":"Direct","resolved":"13.0.1"}}}}')
 */
export function parsePackagesLock(path: string, text: string): FileParseResult {
  const { doc, issue: bad } = parseJson(path, text);
  if (!doc) return { packages: [], issues: bad ? [bad] : [] };
  const issues: InventoryIssue[] = [];
  const byId = new Map<string, Package>();
  if (!isRecord(doc.dependencies)) {
    return { packages: [], issues: doc.dependencies === undefined ? [] : [issue('NUGET_MALFORMED_JSON', '"dependencies" is not an object', path)] };
  }
  for (const [framework, deps] of Object.entries(doc.dependencies)) {
    if (!isRecord(deps)) {
      issues.push(issue('NUGET_BAD_ENTRY', `framework ${JSON.stringify(framework.slice(0, 100))} is not an object; skipped`, path));
      continue;
    }
    for (const [name, dep] of Object.entries(deps)) {
      if (!isRecord(dep)) {
        issues.push(issue('NUGET_BAD_ENTRY', `dependency ${JSON.stringify(name.slice(0, 200))} is not an object; skipped`, path));
        continue;
      }
      if (dep.type === 'Project') continue; // a project of the same solution
      const version = dep.resolved;
      if (!ID_RE.test(name) || typeof version !== 'string' || !version || version.length > 100) {
        issues.push(issue('NUGET_BAD_ENTRY', `dependency ${JSON.stringify(name.slice(0, 200))} has no usable name or resolved version; skipped`, path));
        continue;
      }
      const key = `${name}@${version}`;
      if (!byId.has(key)) byId.set(key, makePackage(name, version, path, { source: 'packages.lock.json', direct: dep.type === 'Direct' }));
      else if (dep.type === 'Direct') (byId.get(key) as Package).metadata = { source: 'packages.lock.json', direct: true };
    }
  }
  return { packages: [...byId.values()], issues };
}

export const cataloger: Cataloger = {
  id,
  displayName,
  version: 1,
  packageType: 'nuget',
  specs,
  pathHints: { names: ['packages.lock.json'], suffixes: ['.deps.json'] },
  matches(file: FileInfo): boolean {
    return /\/[^/]+\.deps\.json$/.test(file.path) || file.path.endsWith('/packages.lock.json');
  },
  parse(file: FileInfo, bytes: Uint8Array): FileParseResult {
    const text = new TextDecoder().decode(bytes);
    return file.path.endsWith('/packages.lock.json') ? parsePackagesLock(file.path, text) : parseDepsJson(file.path, text);
  },
};
