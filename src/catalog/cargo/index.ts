/**
 * cargo cataloger: Rust crates from `Cargo.lock` (format versions 1 to 4).
 * Every version writes one `[[package]]` table per crate with `name`, `version` and, for crates not in the
 * workspace, `source` ("registry+…", "git+…"). The file is TOML; only those tables and their string keys are read,
 * with a small line reader (no TOML dependency): Cargo writes one `key = value` per line.
 * Format: https://doc.rust-lang.org/cargo/guide/cargo-toml-vs-cargo-lock.html (no formal spec; the layout is
 * cargo's `EncodableResolve`, https://github.com/rust-lang/cargo/blob/master/src/cargo/core/resolver/encode.rs).
 */
import { tomlString } from '../toml-line.js';
import type { InventoryIssue, Package } from '../../model/index.js';
import { buildPurl } from '../purl.js';
import type { Cataloger, FileInfo, FileParseResult } from '../types.js';

export const id = 'cargo';
export const displayName = 'Rust crates (Cargo.lock)';
export const specs = ['https://doc.rust-lang.org/cargo/guide/cargo-toml-vs-cargo-lock.html'] as const;

export type CargoIssueCode = 'CARGO_BAD_ENTRY' | 'CARGO_MALFORMED_LOCK';

function issue(code: CargoIssueCode, message: string, path: string): InventoryIssue {
  return { code, message: `${path}: ${message}`, path };
}

const NAME_RE = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Parse a Cargo.lock into packages; a `[[package]]` without a usable name or version is skipped with an issue.
 * @example parseCargoLock('/src/Cargo.lock', '[[package]]\nname = "libc"\nversion = "0.2.140"\n')
 */
export function parseCargoLock(path: string, text: string): FileParseResult {
  const packages: Package[] = [];
  const issues: InventoryIssue[] = [];
  const seen = new Set<string>();
  let current: { line: number; fields: Map<string, string> } | undefined;
  let sawTable = false;
  const flush = (): void => {
    if (!current) return;
    const name = current.fields.get('name');
    const version = current.fields.get('version');
    if (!name || !version || !NAME_RE.test(name) || version.length > 200) {
      issues.push(issue('CARGO_BAD_ENTRY', `[[package]] at line ${current.line} has no usable name or version; skipped`, path));
    } else if (!seen.has(`${name}@${version}`)) {
      seen.add(`${name}@${version}`);
      const source = current.fields.get('source');
      const metadata: Record<string, unknown> = { source: source ?? 'local' };
      const checksum = current.fields.get('checksum');
      if (checksum) metadata.checksum = checksum;
      packages.push({ type: 'cargo', name, version, purl: buildPurl('cargo', undefined, name, version), locations: [path], metadata });
    }
    current = undefined;
  };
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (line === '' || line.startsWith('#')) continue;
    if (line.startsWith('[')) {
      flush();
      sawTable = true;
      if (line === '[[package]]') current = { line: i + 1, fields: new Map() };
      continue;
    }
    if (!current) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const key = line.slice(0, eq).trim();
    if (key !== 'name' && key !== 'version' && key !== 'source' && key !== 'checksum') continue;
    const value = tomlString(line.slice(eq + 1));
    if (value !== undefined) current.fields.set(key, value);
  }
  flush();
  if (!sawTable && lines.some((l) => l.trim() !== '' && !l.trim().startsWith('#'))) {
    issues.push(issue('CARGO_MALFORMED_LOCK', 'no TOML tables found', path));
  }
  return { packages, issues };
}

export const cataloger: Cataloger = {
  id,
  displayName,
  version: 1,
  packageType: 'cargo',
  specs,
  pathHints: { names: ['Cargo.lock'] },
  matches(file: FileInfo): boolean {
    return file.path.endsWith('/Cargo.lock');
  },
  parse(file: FileInfo, bytes: Uint8Array): FileParseResult {
    return parseCargoLock(file.path, new TextDecoder().decode(bytes));
  },
};
