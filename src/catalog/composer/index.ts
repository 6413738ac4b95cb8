/**
 * composer cataloger: PHP packages from `vendor/composer/installed.json` (Composer 1: a JSON array; Composer 2:
 * `{ "packages": [...], "dev-package-names": [...] }`) and `composer.lock` (`packages` and `packages-dev`).
 * Docs: https://getcomposer.org/doc/01-basic-usage.md#installing-dependencies (lock), the installed.json layout
 * is Composer's InstalledFilesystemRepository.
 */
import type { InventoryIssue, Package } from '../../model/index.js';
import { buildPurl } from '../purl.js';
import type { Cataloger, FileInfo, FileParseResult } from '../types.js';

export const id = 'composer';
export const displayName = 'PHP Composer packages (installed.json, composer.lock)';
export const specs = ['https://getcomposer.org/doc/01-basic-usage.md', 'https://getcomposer.org/doc/04-schema.md'] as const;

export type ComposerIssueCode = 'COMPOSER_MALFORMED_JSON' | 'COMPOSER_BAD_ENTRY';

function issue(code: ComposerIssueCode, message: string, path: string): InventoryIssue {
  return { code, message: `${path}: ${message}`, path };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// "vendor/name", lower case by Composer's rules (https://getcomposer.org/doc/04-schema.md#name).
const NAME_RE = /^[a-z0-9]([_.-]?[a-z0-9]+)*\/[a-z0-9](([_.]|-{1,2})?[a-z0-9]+)*$/i;

/** Licences: Composer's `license` is a string or an array of SPDX ids. */
function readLicenses(v: unknown): string[] {
  const list = Array.isArray(v) ? v : [v];
  return list.filter((x): x is string => typeof x === 'string' && x.trim() !== '').map((x) => x.trim());
}

/**
 * Parse installed.json or composer.lock.
 * @example parseComposer('/app/composer.lock', '{"packages":[{"name":"psr/log","version":"1.1.4"}]}')
 */
export function parseComposer(path: string, text: string): FileParseResult {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return { packages: [], issues: [issue('COMPOSER_MALFORMED_JSON', `not valid JSON (${(e as Error).message})`, path)] };
  }
  const issues: InventoryIssue[] = [];
  const lists: { items: unknown; dev: boolean | undefined }[] = [];
  let devNames = new Set<string>();
  if (Array.isArray(doc)) lists.push({ items: doc, dev: undefined });
  else if (isRecord(doc)) {
    lists.push({ items: doc.packages, dev: path.endsWith('composer.lock') ? false : undefined });
    if (doc['packages-dev'] !== undefined && doc['packages-dev'] !== null) lists.push({ items: doc['packages-dev'], dev: true });
    if (Array.isArray(doc['dev-package-names'])) devNames = new Set(doc['dev-package-names'].filter((x): x is string => typeof x === 'string'));
  } else {
    return { packages: [], issues: [issue('COMPOSER_MALFORMED_JSON', 'top level is neither an array nor an object', path)] };
  }
  const packages: Package[] = [];
  for (const { items, dev } of lists) {
    if (items === undefined || items === null) continue;
    if (!Array.isArray(items)) {
      issues.push(issue('COMPOSER_MALFORMED_JSON', 'package list is not an array', path));
      continue;
    }
    items.forEach((raw, i) => {
      const name = isRecord(raw) && typeof raw.name === 'string' ? raw.name : undefined;
      const version = isRecord(raw) && typeof raw.version === 'string' ? raw.version : undefined;
      if (!isRecord(raw) || !name || !version || !NAME_RE.test(name) || name.length > 214 || version.length > 200) {
        issues.push(issue('COMPOSER_BAD_ENTRY', `package #${i} has no usable name or version; skipped`, path));
        return;
      }
      const slash = name.indexOf('/');
      const isDev = dev ?? (devNames.size > 0 ? devNames.has(name) : undefined);
      const metadata: Record<string, unknown> = {};
      if (isDev !== undefined) metadata.dev = isDev;
      const pkg: Package = {
        type: 'composer',
        name,
        version,
        purl: buildPurl('composer', name.slice(0, slash), name.slice(slash + 1), version),
        locations: [path],
        metadata,
      };
      const licenses = readLicenses(raw.license);
      if (licenses.length > 0) pkg.licenses = licenses;
      packages.push(pkg);
    });
  }
  return { packages, issues };
}

export const cataloger: Cataloger = {
  id,
  displayName,
  version: 1,
  packageType: 'composer',
  specs,
  pathHints: { names: ['installed.json', 'composer.lock'] },
  matches(file: FileInfo): boolean {
    return file.path.endsWith('/vendor/composer/installed.json') || (file.path.endsWith('/composer.lock') && !file.path.includes('/vendor/'));
  },
  parse(file: FileInfo, bytes: Uint8Array): FileParseResult {
    return parseComposer(file.path, new TextDecoder().decode(bytes));
  },
};
