/**
 * Open an image from a target string. Explicit prefixes: `docker-archive:`, `oci-dir:`, `oci-archive:`,
 * `registry:`, `rootfs:`. Without one, an existing path is inspected (a directory with `oci-layout` is an OCI
 * layout, any other directory a root filesystem; a tar with `manifest.json` a docker archive, with `oci-layout`
 * an OCI archive) and anything else is read as a registry reference.
 * A `:TAG` suffix on an archive or layout path picks an image inside it (`images.tar:app:1.2`).
 */
import { stat } from 'node:fs/promises';
import { ImageError } from '../errors.js';
import { openArchive } from './archive.js';
import { openDockerArchive } from './docker-archive.js';
import { openOciArchive, openOciDir } from './oci-layout.js';
import type { RegistryOptions } from './registry/open.js';
import { openRootfs } from './rootfs.js';
import type { OpenedImage, OpenOptions } from './types.js';
import type { SourceKind } from '../../model/index.js';

export const SOURCE_PREFIXES: readonly SourceKind[] = ['docker-archive', 'oci-dir', 'oci-archive', 'registry', 'rootfs'];

export interface TargetSpec {
  kind?: SourceKind;
  location: string;
  tag?: string;
}

/** Split an explicit prefix off a target. */
export function parseTarget(target: string): TargetSpec {
  for (const p of SOURCE_PREFIXES) {
    if (target.startsWith(`${p}:`)) return { kind: p, location: target.slice(p.length + 1) };
  }
  return { location: target };
}

async function exists(path: string): Promise<'file' | 'dir' | undefined> {
  const s = await stat(path).catch(() => undefined);
  if (!s) return undefined;
  return s.isDirectory() ? 'dir' : 'file';
}

/** For an archive/layout, "path:tag" names an image inside: find the longest existing path prefix. */
async function splitPathTag(location: string): Promise<{ path: string; tag?: string } | undefined> {
  if (await exists(location)) return { path: location };
  let i = location.indexOf(':');
  while (i > 0) {
    const path = location.slice(0, i);
    if (await exists(path)) return { path, tag: location.slice(i + 1) };
    i = location.indexOf(':', i + 1);
  }
  return undefined;
}

async function sniffArchive(path: string): Promise<'docker-archive' | 'oci-archive' | undefined> {
  let ar;
  try {
    ar = await openArchive(path);
  } catch {
    return undefined;
  }
  try {
    if (ar.has('oci-layout') && ar.has('index.json') && !ar.has('manifest.json')) return 'oci-archive';
    if (ar.has('manifest.json')) return 'docker-archive';
    if (ar.has('oci-layout')) return 'oci-archive';
    return undefined;
  } finally {
    await ar.close();
  }
}

/** The registry client (and undici) load only when a registry is used. */
async function openRegistryImage(ref: string, opts: RegistryOptions): Promise<OpenedImage> {
  const { openRegistryImage: open } = await import('./registry/open.js');
  return open(ref, opts);
}

export interface OpenTargetOptions extends OpenOptions {
  registry?: RegistryOptions;
}

/**
 * Open any supported target.
 * @throws ImageError SOURCE_NOT_FOUND, UNSUPPORTED_SOURCE, INVALID_REFERENCE, and the sources' own errors
 */
export async function openTarget(target: string, opts: OpenTargetOptions = {}): Promise<OpenedImage> {
  const spec = parseTarget(target);
  if (spec.kind === 'registry') return openRegistryImage(spec.location, { ...opts.registry, platform: opts.platform });
  const local = await splitPathTag(spec.location);
  if (!local) {
    if (spec.kind) throw new ImageError('SOURCE_NOT_FOUND', `${spec.location} does not exist`);
    // An image reference never starts with '/', '.' or '~': such a target is a path that is not there.
    if (/^[/.~]/.test(spec.location)) throw new ImageError('SOURCE_NOT_FOUND', `${spec.location}: no such file or directory`);
    try {
      return await openRegistryImage(spec.location, { ...opts.registry, platform: opts.platform });
    } catch (err) {
      if (err instanceof ImageError && err.code === 'INVALID_REFERENCE') {
        throw new ImageError('INVALID_REFERENCE', `${spec.location} is neither a file or directory here nor an image reference (${err.message})`);
      }
      throw err;
    }
  }
  const tag = opts.tag ?? local.tag;
  const o: OpenOptions = { ...opts, ...(tag ? { tag } : {}) };
  const what = await exists(local.path);
  let kind = spec.kind;
  if (!kind) {
    if (what === 'dir') kind = (await exists(`${local.path}/oci-layout`)) ? 'oci-dir' : 'rootfs';
    else kind = await sniffArchive(local.path);
    if (!kind) throw new ImageError('UNSUPPORTED_SOURCE', `${local.path} is neither a docker save archive, an OCI archive, an OCI layout nor a directory`);
  }
  switch (kind) {
    case 'docker-archive': return openDockerArchive(local.path, o);
    case 'oci-archive': return openOciArchive(local.path, o);
    case 'oci-dir': return openOciDir(local.path, o);
    case 'rootfs': return openRootfs(local.path);
    default: throw new ImageError('UNSUPPORTED_SOURCE', `unknown source kind ${String(kind)}`);
  }
}
