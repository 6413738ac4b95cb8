/**
 * A tar file on disk read by member name, with random access (docker save archives and OCI archives). Members
 * are located by one pass over the headers; bodies are read by offset. Symlinked members (older `docker save`
 * writes `<id>/layer.tar` as a link to another layer's file) are resolved inside the archive only.
 */
import { ImageError } from '../errors.js';
import { readTarAt, type TarIndexEntry } from '../layers/tar.js';
import { normalizeEntryPath, dirnameOf } from '../layers/paths.js';
import { openRandomAccess, type RandomAccessFile } from './files.js';
import { syncRange } from './sync-range.js';

export interface ArchiveReader {
  path: string;
  has(name: string): boolean;
  /** Read a whole member (bounded by `maxBytes`). */
  read(name: string, maxBytes?: number): Promise<Uint8Array>;
  stream(name: string): AsyncIterable<Uint8Array>;
  /** Where a member's bytes are in the archive file, for random access (the fd is valid until close). */
  range(name: string): { fd: number; offset: number; size: number };
  size(name: string): number;
  names(): string[];
  close(): Promise<void>;
}

const MAX_JSON = 64 * 1024 * 1024;

export async function openArchive(path: string): Promise<ArchiveReader> {
  let file: RandomAccessFile;
  try {
    file = await openRandomAccess(path);
  } catch (err) {
    throw new ImageError('SOURCE_NOT_FOUND', `cannot open ${path}: ${(err as Error).message}`, { cause: err });
  }
  const members = new Map<string, TarIndexEntry>();
  try {
    // Only the member headers are read; the members themselves are read by offset later.
    for (const e of readTarAt(syncRange(file.fd, 0, file.size, path))) {
      members.set(normalizeEntryPath(e.name), e);
    }
  } catch (err) {
    await file.close();
    const msg = err instanceof Error ? err.message : String(err);
    throw new ImageError(err instanceof ImageError ? err.code : 'TAR_CORRUPT', `${path}: ${msg}`, { cause: err });
  }
  const resolve = (name: string): TarIndexEntry => {
    let key = normalizeEntryPath(name);
    for (let hops = 0; hops < 16; hops++) {
      const e = members.get(key);
      if (!e) throw new ImageError('INVALID_MANIFEST', `${path} has no member ${name}`);
      if (e.type === 'file') return e;
      if (e.type === 'symlink') {
        key = normalizeEntryPath(e.linkname.startsWith('/') ? e.linkname : `${dirnameOf(key)}/${e.linkname}`);
        continue;
      }
      if (e.type === 'hardlink') {
        key = normalizeEntryPath(e.linkname);
        continue;
      }
      throw new ImageError('INVALID_MANIFEST', `${path}: member ${name} is not a regular file`);
    }
    throw new ImageError('INVALID_MANIFEST', `${path}: member ${name} is a link loop`);
  };
  return {
    path,
    has: (name) => members.has(normalizeEntryPath(name)),
    names: () => [...members.keys()],
    size: (name) => resolve(name).size,
    async read(name, maxBytes = MAX_JSON) {
      const e = resolve(name);
      if (e.size > maxBytes) throw new ImageError('LIMIT_EXCEEDED', `${path}: member ${name} is ${e.size} bytes, more than the ${maxBytes} allowed`);
      return file.readAt(e.offset, e.size);
    },
    stream(name) {
      const e = resolve(name);
      return file.stream(e.offset, e.size);
    },
    range(name) {
      const e = resolve(name);
      return { fd: file.fd, offset: e.offset, size: e.size };
    },
    close: () => file.close(),
  };
}
