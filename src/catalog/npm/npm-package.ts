/**
 * Building npm `Package` records shared by the package.json and lock file parsers.
 * purl: https://github.com/package-url/purl-spec/blob/master/types-doc/npm-definition.md (scope is the namespace,
 * its "@" percent-encoded).
 */
import type { Package } from '../../model/index.js';
import { buildPurl } from '../purl.js';

/** Where an npm record came from: an installed package.json or one of the lock formats. */
export type NpmSource = 'installed' | 'lockfile';
export type NpmLockKind = 'package-lock' | 'yarn' | 'pnpm';

/** Longest package name npm accepts (validate-npm-package-name). */
export const MAX_NAME_LENGTH = 214;

// npm's rules (validate-npm-package-name): URL-safe characters, no leading "." or "_", optional "@scope/".
// Upper case is allowed here because old packages (JSONStream, …) still carry it.
const NAME_RE = /^(?:@[a-z0-9~-][a-z0-9._~-]*\/)?[a-z0-9~-][a-z0-9._~-]*$/i;

/** True when `name` is a plausible npm package name (scoped or not). */
export function isValidNpmName(name: string): boolean {
  return name.length > 0 && name.length <= MAX_NAME_LENGTH && NAME_RE.test(name);
}

/** Split "@scope/name" into the purl namespace and name. */
export function npmPurl(name: string, version: string): string {
  const slash = name.startsWith('@') ? name.indexOf('/') : -1;
  if (slash > 0) return buildPurl('npm', name.slice(0, slash), name.slice(slash + 1), version);
  return buildPurl('npm', undefined, name, version);
}

export interface NpmPackageInput {
  name: string;
  version: string;
  location: string;
  source: NpmSource;
  lock?: NpmLockKind;
  licenses?: string[];
  dev?: boolean;
  /** Extra plain-JSON facts. */
  extra?: Record<string, unknown>;
}

/** Make an npm `Package`. */
export function makeNpmPackage(input: NpmPackageInput): Package {
  const metadata: Record<string, unknown> = { source: input.source };
  if (input.lock) metadata.lockfile = input.lock;
  if (input.dev !== undefined) metadata.dev = input.dev;
  if (input.extra) Object.assign(metadata, input.extra);
  const pkg: Package = {
    type: 'npm',
    name: input.name,
    version: input.version,
    purl: npmPurl(input.name, input.version),
    locations: [input.location],
    metadata,
  };
  if (input.licenses && input.licenses.length > 0) pkg.licenses = input.licenses;
  return pkg;
}

/** Narrow an unknown JSON value to a plain object. */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A non-empty string, or undefined. */
export function nonEmptyString(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

/**
 * Licences from package.json `license` / `licenses` (and the same fields copied into package-lock v2+ entries).
 * Accepts the SPDX string form, the deprecated `{type, url}` object and arrays of either
 * (https://docs.npmjs.com/cli/v10/configuring-npm/package-json#license). Other shapes give nothing.
 */
export function readNpmLicenses(doc: Record<string, unknown>): string[] {
  const out: string[] = [];
  const add = (v: unknown): void => {
    if (typeof v === 'string') {
      const s = v.trim();
      if (s) out.push(s);
    } else if (isRecord(v)) {
      const t = v.type;
      if (typeof t === 'string' && t.trim()) out.push(t.trim());
    }
  };
  for (const field of [doc.license, doc.licenses]) {
    if (Array.isArray(field)) field.forEach(add);
    else add(field);
  }
  return [...new Set(out)];
}
