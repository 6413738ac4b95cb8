/**
 * Installed npm packages: `node_modules/<name>/package.json` and `node_modules/@scope/<name>/package.json`.
 * Only a package.json directly inside such a folder is an installed package; the application's own package.json
 * and package.json files deeper inside a package (test fixtures, sub-path exports) are not.
 * Format: https://docs.npmjs.com/cli/v10/configuring-npm/package-json
 */
import type { FileParseResult } from '../types.js';
import { npmIssue } from './errors.js';
import { isRecord, isValidNpmName, makeNpmPackage, nonEmptyString, readNpmLicenses } from './npm-package.js';

// The folder name must not start with "." (node_modules/.bin, .cache, .pnpm) or "@" unless it is a scope.
const INSTALLED_RE = /\/node_modules\/(?:@[^/.][^/]*\/)?[^/.@][^/]*\/package\.json$/;

/** True for a package.json that sits directly in `node_modules/<name>/` or `node_modules/@scope/<name>/`. */
export function isInstalledPackageJson(path: string): boolean {
  return INSTALLED_RE.test(path);
}

/** The folder name a package is installed under ("@scope/name" or "name"), from its package.json path. */
export function installedFolderName(path: string): string | undefined {
  const m = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\/package\.json$/.exec(path);
  return m?.[1];
}

/**
 * Parse one installed package.json into at most one package.
 * A malformed file, or one without a name or version, gives an issue and no package.
 * @example parseInstalledPackageJson('/app/node_modules/ms/package.json', '{"name":"ms","version":"2.1.3"}')
 */
export function parseInstalledPackageJson(path: string, text: string): FileParseResult {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return { packages: [], issues: [npmIssue('NPM_MALFORMED_JSON', `not valid JSON (${(e as Error).message})`, path)] };
  }
  if (!isRecord(doc)) {
    return { packages: [], issues: [npmIssue('NPM_MALFORMED_JSON', 'top level is not a JSON object', path)] };
  }
  const name = nonEmptyString(doc.name);
  if (!name) return { packages: [], issues: [npmIssue('NPM_MISSING_NAME', 'package.json has no "name"', path)] };
  if (!isValidNpmName(name)) {
    return { packages: [], issues: [npmIssue('NPM_INVALID_NAME', `invalid package name ${JSON.stringify(name.slice(0, 100))}`, path)] };
  }
  const version = nonEmptyString(doc.version);
  if (!version) return { packages: [], issues: [npmIssue('NPM_MISSING_VERSION', `package ${name} has no "version"`, path)] };
  const extra: Record<string, unknown> = {};
  if (doc.private === true) extra.private = true;
  // An aliased install (npm i alias@npm:real@1) lives under the alias folder but keeps the real name inside.
  const folder = installedFolderName(path);
  if (folder && folder !== name) extra.installedAs = folder;
  return {
    packages: [makeNpmPackage({ name, version, location: path, source: 'installed', licenses: readNpmLicenses(doc), extra })],
    issues: [],
  };
}
