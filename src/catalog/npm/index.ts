/**
 * npm cataloger: JavaScript packages installed in `node_modules` and those listed in lock files
 * (package-lock.json v1–v3, npm-shrinkwrap.json, yarn.lock v1 and berry, pnpm-lock.yaml 5/6/9).
 * `finalize` drops lock entries that are installed beside the lock (see finalize.ts).
 */
import type { Cataloger, FileInfo, FileParseResult, FinalizeResult } from '../types.js';
import { finalizeNpm } from './finalize.js';
import { isInstalledPackageJson, parseInstalledPackageJson } from './package-json.js';
import { parsePackageLock } from './package-lock.js';
import { parsePnpmLock } from './pnpm-lock.js';
import { parseYarnLock } from './yarn-lock.js';

export const id = 'npm';
export const displayName = 'npm packages (node_modules, package-lock, yarn.lock, pnpm-lock)';
export const specs = [
  'https://docs.npmjs.com/cli/v10/configuring-npm/package-json',
  'https://docs.npmjs.com/cli/v10/configuring-npm/package-lock-json',
  'https://classic.yarnpkg.com/lang/en/docs/yarn-lock/',
  'https://yarnpkg.com/protocols',
  'https://github.com/pnpm/spec/tree/master/lockfile',
] as const;

type LockParser = (path: string, text: string) => FileParseResult;

const LOCK_PARSERS: Record<string, LockParser> = {
  'package-lock.json': parsePackageLock,
  'npm-shrinkwrap.json': parsePackageLock,
  'yarn.lock': parseYarnLock,
  'pnpm-lock.yaml': parsePnpmLock,
};

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** The lock parser for a path, or undefined. Locks inside node_modules belong to published packages, not the app. */
function lockParserFor(path: string): LockParser | undefined {
  if (path.includes('/node_modules/')) return undefined;
  const name = baseName(path);
  return Object.hasOwn(LOCK_PARSERS, name) ? LOCK_PARSERS[name] : undefined;
}

export const cataloger: Cataloger = {
  id,
  displayName,
  version: 2,
  packageType: 'npm',
  specs,
  pathHints: { names: ['package.json', ...Object.keys(LOCK_PARSERS)] },
  matches(file: FileInfo): boolean {
    return isInstalledPackageJson(file.path) || lockParserFor(file.path) !== undefined;
  },
  parse(file: FileInfo, bytes: Uint8Array): FileParseResult {
    const text = new TextDecoder().decode(bytes);
    const lock = lockParserFor(file.path);
    if (lock) return lock(file.path, text);
    return parseInstalledPackageJson(file.path, text);
  },
  finalize(results: ReadonlyMap<string, FileParseResult>): FinalizeResult {
    return finalizeNpm(results);
  },
};
