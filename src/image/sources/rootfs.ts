/**
 * A root filesystem directory (an unpacked image, a mounted volume). It is walked without following symlinks —
 * a link is recorded as a link, exactly as a layer would record it — and becomes one pseudo-layer.
 * The kernel's virtual trees /proc, /sys and /dev at the root are not descended into.
 */
import { createReadStream } from 'node:fs';
import { lstat, opendir, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { ImageError } from '../errors.js';
import type { TarEntry, TarEntryType } from '../layers/tar.js';
import type { OpenedImage } from './types.js';

const SKIP_AT_ROOT = new Set(['proc', 'sys', 'dev']);

/** The body opens the file only when it is read: most files of a walk are never read. */
function lazyFile(abs: string | undefined): AsyncIterable<Uint8Array> {
  return {
    [Symbol.asyncIterator]: async function* () {
      if (abs) yield* createReadStream(abs, { highWaterMark: 256 * 1024 });
    },
  };
}

async function* walk(root: string): AsyncGenerator<TarEntry> {
  // Iterative depth-first walk; a stack of relative directory paths keeps memory bounded by depth × breadth.
  const stack: string[] = [''];
  while (stack.length) {
    const rel = stack.pop()!;
    let dir;
    try {
      dir = await opendir(join(root, rel));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EACCES' || code === 'ENOENT') continue;
      throw err;
    }
    const subdirs: string[] = [];
    for await (const d of dir) {
      const relPath = rel ? `${rel}/${d.name}` : d.name;
      if (!rel && SKIP_AT_ROOT.has(d.name)) continue;
      const abs = join(root, relPath);
      const st = await lstat(abs).catch(() => undefined);
      if (!st) continue;
      let type: TarEntryType = 'other';
      if (st.isFile()) type = 'file';
      else if (st.isDirectory()) type = 'dir';
      else if (st.isSymbolicLink()) type = 'symlink';
      else if (st.isCharacterDevice()) type = 'char';
      else if (st.isBlockDevice()) type = 'block';
      else if (st.isFIFO()) type = 'fifo';
      const linkname = type === 'symlink' ? await readlink(abs).catch(() => '') : '';
      yield {
        name: relPath,
        type,
        typeflag: '',
        size: type === 'file' ? st.size : 0,
        mode: st.mode,
        uid: st.uid,
        gid: st.gid,
        mtime: Math.floor(st.mtimeMs / 1000),
        linkname,
        body: lazyFile(type === 'file' ? abs : undefined),
      };
      if (type === 'dir') subdirs.push(relPath);
    }
    // Visit in name order for stable output.
    subdirs.sort().reverse();
    stack.push(...subdirs);
  }
}

export async function openRootfs(path: string): Promise<OpenedImage> {
  const st = await lstat(path).catch(() => undefined);
  if (!st?.isDirectory()) throw new ImageError('SOURCE_NOT_FOUND', `${path} is not a directory`);
  return {
    info: {
      reference: path,
      sourceKind: 'rootfs',
      layers: [{ index: 0, diffId: '' }],
    },
    entries: () => walk(path),
    close: async () => undefined,
  };
}
