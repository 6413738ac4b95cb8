/**
 * python cataloger: installed Python distributions, from `*.dist-info/METADATA`, `*.egg-info/PKG-INFO`, single-file
 * `*.egg-info`, egg directories (`*.egg/EGG-INFO/PKG-INFO`) and zipped eggs (`*.egg` files, whose
 * `EGG-INFO/PKG-INFO` is read from the zip). Files from a dist-info `RECORD` are added in `finalize`.
 * Specs: https://packaging.python.org/en/latest/specifications/core-metadata/,
 * https://packaging.python.org/en/latest/specifications/recording-installed-packages/
 */
import type { Package } from '../../model/index.js';
import { buildPurl } from '../purl.js';
import type { Cataloger, FileInfo, FileParseResult, FinalizeResult } from '../types.js';
import { pythonIssue } from './errors.js';
import { headerValue, normalizePythonName, readMetadataHeaders, readPythonLicenses } from './metadata.js';
import { parseRecord, type RecordFacts } from './record.js';
// The bounded, hostile-input-safe zip reader of the java cataloger (zipped eggs are zip files too).
import { JavaArchiveError } from '../java/errors.js';
import { readZipDirectory, readZipEntry } from '../java/zip.js';

export const id = 'python';
export const displayName = 'Python packages (dist-info, egg-info, eggs)';
export const specs = [
  'https://packaging.python.org/en/latest/specifications/core-metadata/',
  'https://packaging.python.org/en/latest/specifications/recording-installed-packages/',
  'https://peps.python.org/pep-0503/#normalized-names',
] as const;

/** The kind of metadata file, as the truth files name it. */
export type PythonMetadataKind = 'dist-info' | 'egg-info';

/** Which metadata file a path is, if any. */
export function classifyPythonPath(path: string): { kind: PythonMetadataKind; dir: string; role: 'metadata' | 'record' } | undefined {
  if (/\.dist-info\/METADATA$/.test(path)) return { kind: 'dist-info', dir: path.slice(0, -'/METADATA'.length), role: 'metadata' };
  if (/\.dist-info\/RECORD$/.test(path)) return { kind: 'dist-info', dir: path.slice(0, -'/RECORD'.length), role: 'record' };
  if (/\.egg-info\/PKG-INFO$/.test(path)) return { kind: 'egg-info', dir: path.slice(0, -'/PKG-INFO'.length), role: 'metadata' };
  // A single-file egg-info (distutils' install_egg_info): the file itself holds PKG-INFO.
  if (/\/[^/]+\.egg-info$/.test(path)) return { kind: 'egg-info', dir: path, role: 'metadata' };
  // An egg installed as a directory (easy_install): foo-1.0-py3.8.egg/EGG-INFO/PKG-INFO.
  if (/\/[^/]+\.egg\/EGG-INFO\/PKG-INFO$/.test(path)) return { kind: 'egg-info', dir: path.slice(0, -'/EGG-INFO/PKG-INFO'.length), role: 'metadata' };
  return undefined;
}

/** A zipped egg: one file holding EGG-INFO/PKG-INFO among the package's modules. */
function isEggZip(path: string): boolean {
  return /\/[^/]+\.egg$/.test(path);
}

/** Inflated bytes allowed for one egg's PKG-INFO (a zip bomb costs at most this). */
const EGG_INFO_BUDGET = 4 * 1024 * 1024;

/**
 * Read a zipped egg's `EGG-INFO/PKG-INFO` (with the java cataloger's bounded zip reader); an unreadable zip or a
 * missing PKG-INFO is an issue naming the egg.
 */
export function parseEggZip(path: string, bytes: Uint8Array): FileParseResult {
  let text: string;
  try {
    const dir = readZipDirectory(bytes, { maxEntries: 100_000, select: (n) => n === 'EGG-INFO/PKG-INFO' });
    const entry = dir.entries[0];
    if (!entry) return { packages: [], issues: [pythonIssue('PYTHON_BAD_EGG', 'no EGG-INFO/PKG-INFO in the egg', path)] };
    text = new TextDecoder().decode(readZipEntry(bytes, entry, { remaining: EGG_INFO_BUDGET }));
  } catch (err) {
    if (!(err instanceof JavaArchiveError)) throw err;
    return { packages: [], issues: [pythonIssue('PYTHON_BAD_EGG', `not a readable egg: ${err.message}`, path)] };
  }
  return parsePythonMetadata(path, text, 'egg-info', path);
}

/**
 * Parse one METADATA / PKG-INFO text into a package.
 * @example parsePythonMetadata('/usr/lib/python3/dist-packages/six-1.16.0.egg-info', 'Name: six\nVersion: 1.16.0\n')
 */
export function parsePythonMetadata(path: string, text: string, kind: PythonMetadataKind, dir: string): FileParseResult {
  const headers = readMetadataHeaders(text);
  if (headers.length === 0) {
    return { packages: [], issues: [pythonIssue('PYTHON_MALFORMED_METADATA', 'no metadata header fields', path)] };
  }
  const name = headerValue(headers, 'Name');
  if (!name || name.length > 500) return { packages: [], issues: [pythonIssue('PYTHON_MISSING_NAME', 'no usable "Name" field', path)] };
  const version = headerValue(headers, 'Version');
  if (!version || version.length > 200) {
    return { packages: [], issues: [pythonIssue('PYTHON_MISSING_VERSION', `distribution ${name.slice(0, 100)} has no usable "Version" field`, path)] };
  }
  const pkg: Package = {
    type: 'python',
    name,
    version,
    purl: buildPurl('pypi', undefined, normalizePythonName(name), version),
    locations: [path],
    metadata: { kind, path: dir },
  };
  const licenses = readPythonLicenses(headers);
  if (licenses.length > 0) pkg.licenses = licenses;
  return { packages: [pkg], issues: [] };
}

export const cataloger: Cataloger = {
  id,
  displayName,
  version: 2,
  packageType: 'python',
  specs,
  pathHints: { names: ['METADATA', 'RECORD', 'PKG-INFO'], suffixes: ['.egg-info', '.egg'] },
  matches(file: FileInfo): boolean {
    return classifyPythonPath(file.path) !== undefined || isEggZip(file.path);
  },
  sniff(head: Uint8Array, file: FileInfo): boolean {
    // A zipped egg starts with a local file header; the metadata files are text.
    return !isEggZip(file.path) || (head[0] === 0x50 && head[1] === 0x4b);
  },
  parse(file: FileInfo, bytes: Uint8Array): FileParseResult {
    if (isEggZip(file.path)) return parseEggZip(file.path, bytes);
    const c = classifyPythonPath(file.path);
    if (!c) return { packages: [], issues: [] };
    const text = new TextDecoder().decode(bytes);
    if (c.role === 'record') return parseRecord(file.path, text, c.dir);
    return parsePythonMetadata(file.path, text, c.kind, c.dir);
  },
  finalize(results: ReadonlyMap<string, FileParseResult>): FinalizeResult {
    const paths = [...results.keys()].sort();
    const filesByDir = new Map<string, string[]>();
    for (const p of paths) {
      const facts = results.get(p)?.facts as RecordFacts | undefined;
      if (facts && facts.kind === 'python-record') filesByDir.set(facts.dir, facts.files);
    }
    const packages: Package[] = [];
    const issues: FinalizeResult['issues'] = [];
    for (const p of paths) {
      const r = results.get(p);
      if (!r) continue;
      issues.push(...r.issues);
      for (const pkg of r.packages) {
        const dir = typeof pkg.metadata?.path === 'string' ? pkg.metadata.path : undefined;
        const files = dir ? filesByDir.get(dir) : undefined;
        packages.push(files ? { ...pkg, files } : pkg);
      }
    }
    return { packages, issues };
  },
};
