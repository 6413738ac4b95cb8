/** Read one member of a ../shared/vulndata zip for parser tests (whole archive in memory: tests only). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bufferAccess, listZip, readZipEntry } from '../../src/vulndb/zip/read-zip.js';
import { vulndataDir } from './shared.js';

const cache = new Map<string, Buffer>();

export function vulndataMember(zipPath: string, member: string): Buffer {
  let bytes = cache.get(zipPath);
  if (!bytes) {
    bytes = readFileSync(join(vulndataDir, zipPath));
    cache.set(zipPath, bytes);
  }
  const src = bufferAccess(bytes);
  const entry = listZip(src, zipPath).find((e) => e.name === member);
  if (!entry) throw new Error(`${zipPath} has no ${member}`);
  return readZipEntry(src, entry, zipPath, 1 << 28);
}
