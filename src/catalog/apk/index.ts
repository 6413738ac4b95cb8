/**
 * apk cataloger: Alpine (and other apk-tools based distributions') packages from `/lib/apk/db/installed`.
 * Spec: https://wiki.alpinelinux.org/wiki/Apk_spec
 */
import type { Cataloger, FileInfo, FileParseResult } from '../types.js';
import { parseApkInstalled } from './installed.js';

export { parseApkInstalled } from './installed.js';
export type { ApkInstalledResult } from './installed.js';

export const id = 'apk';
export const displayName = 'Alpine packages (apk installed database)';

const INSTALLED = '/lib/apk/db/installed';

export const cataloger: Cataloger = {
  id,
  displayName,
  version: 1,
  packageType: 'apk',
  specs: ['https://wiki.alpinelinux.org/wiki/Apk_spec'],
  maxFileSize: 64 * 1024 * 1024,
  pathHints: { names: [INSTALLED.slice(INSTALLED.lastIndexOf('/') + 1)] },
  matches(file: FileInfo): boolean {
    return file.path === INSTALLED;
  },
  parse(file: FileInfo, bytes: Uint8Array): FileParseResult {
    return parseApkInstalled(file.path, new TextDecoder().decode(bytes));
  },
};
