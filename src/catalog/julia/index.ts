/**
 * julia cataloger: Julia packages from an environment's manifest (`Manifest.toml`, `JuliaManifest.toml` and the
 * versioned `Manifest-v1.11.toml`), in both formats: 1.0 (a `[[Name]]` table per package at the top level) and 2.0
 * (`manifest_format = "2.0"`, `julia_version`, and `[[deps.Name]]`). A package has `uuid` and, when it is a registered
 * release, `version`. A standard library has no `version` and no `path`, `repo-url` or `git-tree-sha1`: it is the
 * Julia release's own, so it gets `julia_version`. A package checked out from a path or a repository without a
 * version (`Pkg.develop`) is not a release: it is reported without a version. Sub-tables (`[deps.Name.deps]`,
 * `extensions`, `weakdeps`) are not packages. Read with a line reader: Pkg writes one `key = value` per line.
 * Format: https://pkgdocs.julialang.org/v1/toml-files/#Manifest.toml
 */
import type { InventoryIssue, Package } from '../../model/index.js';
import { buildPurl } from '../purl.js';
import { tomlString } from '../toml-line.js';
import type { Cataloger, FileInfo, FileParseResult } from '../types.js';

export const id = 'julia';
export const displayName = 'Julia packages (Manifest.toml)';
export const specs = ['https://pkgdocs.julialang.org/v1/toml-files/#Manifest.toml', 'https://github.com/package-url/purl-spec/blob/main/types-doc/julia-definition.md'] as const;

const FILE_RE = /^(?:Julia)?Manifest(?:-v\d+\.\d+)?\.toml$/;
const NAME_RE = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const KEYS = new Set(['uuid', 'version', 'path', 'repo-url', 'git-tree-sha1']);

function issue(code: 'JULIA_BAD_ENTRY' | 'JULIA_MALFORMED_MANIFEST', message: string, path: string): InventoryIssue {
  return { code, message: `${path}: ${message}`, path };
}

interface Entry { name: string; line: number; fields: Map<string, string> }

/**
 * The package name of an array-of-tables header (`[[JSON]]`, `[[deps.JSON]]`, `[[deps."JSON"]]`), or undefined for
 * any other line. String operations only: the line comes from the image, and a backtracking pattern over a long
 * header of blanks took seconds.
 */
function arrayTableName(line: string): string | undefined {
  if (!line.startsWith('[[')) return undefined;
  const end = line.indexOf(']]', 2);
  if (end < 0) return undefined;
  const rest = line.slice(end + 2).trim();
  if (rest !== '' && !rest.startsWith('#')) return undefined;
  let inner = line.slice(2, end).trim();
  if (inner.startsWith('deps.')) inner = inner.slice(5);
  if (inner.length >= 2 && inner.startsWith('"') && inner.endsWith('"')) inner = inner.slice(1, -1);
  return inner === '' || inner.includes('.') || inner.includes('"') ? undefined : inner;
}

/**
 * Parse a Julia manifest into packages; an entry without a valid name or uuid is skipped with an issue.
 * @example parseJuliaManifest('/app/Manifest.toml', 'julia_version = "1.9.0"\n[[deps.JSON]]\nuuid = "682c06a0-de6a-54ab-a142-c8b1cf79cde6"\nversion = "0.21.4"\n')
 */
export function parseJuliaManifest(path: string, text: string): FileParseResult {
  const issues: InventoryIssue[] = [];
  const entries: Entry[] = [];
  let juliaVersion: string | undefined;
  let current: Entry | undefined;
  let topLevel = true;
  let sawTable = false;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (line.startsWith('[')) {
      sawTable = true;
      topLevel = false;
      // [[Name]] (format 1.0) or [[deps.Name]] (2.0) opens a package; any other header is a sub-table or [deps].
      const name = arrayTableName(line);
      current = name !== undefined ? { name, line: i + 1, fields: new Map() } : undefined;
      if (current) entries.push(current);
      continue;
    }
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const key = line.slice(0, eq).trim();
    if (topLevel && key === 'julia_version') juliaVersion = tomlString(line.slice(eq + 1));
    if (!current || !KEYS.has(key)) continue;
    const value = tomlString(line.slice(eq + 1));
    if (value !== undefined) current.fields.set(key, value);
  }
  if (!sawTable && lines.some((l) => l.trim() !== '' && !l.trim().startsWith('#') && !/^\s*(julia_version|manifest_format|project_hash)\s*=/.test(l))) {
    issues.push(issue('JULIA_MALFORMED_MANIFEST', 'no TOML tables found', path));
  }
  const packages: Package[] = [];
  for (const e of entries) {
    const uuid = e.fields.get('uuid');
    if (!NAME_RE.test(e.name) || !uuid || !UUID_RE.test(uuid)) {
      issues.push(issue('JULIA_BAD_ENTRY', `[[${e.name.slice(0, 80)}]] at line ${e.line} has no valid name or uuid; skipped`, path));
      continue;
    }
    const checkedOut = e.fields.has('path') || e.fields.has('repo-url') || e.fields.has('git-tree-sha1');
    const version = e.fields.get('version') ?? (checkedOut ? '' : (juliaVersion ?? ''));
    const metadata: Record<string, unknown> = { uuid };
    if (!e.fields.has('version') && !checkedOut) metadata.stdlib = true;
    for (const k of ['path', 'repo-url', 'git-tree-sha1'] as const) {
      const v = e.fields.get(k);
      if (v !== undefined) metadata[k === 'repo-url' ? 'repoUrl' : k === 'git-tree-sha1' ? 'gitTreeSha1' : 'path'] = v;
    }
    packages.push({ type: 'julia', name: e.name, version, purl: buildPurl('julia', undefined, e.name, version || undefined, { uuid }), locations: [path], metadata });
  }
  return { packages, issues };
}

export const cataloger: Cataloger = {
  id,
  displayName,
  version: 1,
  packageType: 'julia',
  specs,
  pathHints: { names: ['Manifest.toml', 'JuliaManifest.toml'], suffixes: ['.toml'] },
  matches(file: FileInfo): boolean {
    return FILE_RE.test(file.path.slice(file.path.lastIndexOf('/') + 1));
  },
  parse(file: FileInfo, bytes: Uint8Array): FileParseResult {
    return parseJuliaManifest(file.path, new TextDecoder().decode(bytes));
  },
};
