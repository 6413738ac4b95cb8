/**
 * Analyse one layer: read its tar entries once, record every entry (the layer's file table), its whiteouts, and
 * hand the files that catalogers want to them. The result is plain JSON and is what the per-layer cache stores.
 *
 * Whiteouts follow the OCI image spec (image-spec/layer.md, "Whiteouts"): `.wh.<name>` deletes <name> from lower
 * layers, `.wh..wh..opq` makes its directory opaque (lower contents hidden). Other `.wh..wh.` names are aufs
 * bookkeeping and are ignored.
 *
 * Threats: entry names that climb above the root are refused (PATH_TRAVERSAL); hardlinks whose target climbs above
 * the root are refused (LINK_ESCAPE); symlinks are recorded, never followed here; device nodes and fifos are
 * recorded and skipped. Nothing is written to the host.
 */
import type { InventoryIssue } from '../../model/index.js';
import { bytesSource, type ByteSource, type Cataloger, type FileInfo, type FileParseResult } from '../../catalog/types.js';
import { buildCandidateIndex, interestedCatalogers } from '../../catalog/hints.js';
import { ImageError } from '../errors.js';
import type { TarEntry, TarEntryType } from './tar.js';
import { basenameOf, dirnameOf, normalizeEntryPath } from './paths.js';

export type LayerFileType = 'file' | 'dir' | 'symlink' | 'hardlink' | 'device' | 'other';

/** One entry of a layer, as recorded in the layer's file table. */
export interface LayerFile {
  path: string;
  type: LayerFileType;
  size: number;
  mode: number;
  /** Symlink target as written, or the normalised hardlink target. */
  link?: string;
}

export interface CatalogHit {
  cataloger: string;
  path: string;
  result: FileParseResult;
}

export interface LayerAnalysis {
  /** sha256:… of the uncompressed layer, as computed while reading (the source verifies it). */
  diffId: string;
  files: LayerFile[];
  /** Paths deleted from lower layers by `.wh.<name>` entries. */
  whiteouts: string[];
  /** Directories made opaque by `.wh..wh..opq`. */
  opaqueDirs: string[];
  hits: CatalogHit[];
  issues: InventoryIssue[];
  /** What cache-aware file visitors kept for this layer (`FileVisitor.saveLayer`), by visitor id. Plain JSON. */
  visitorData?: Record<string, unknown>;
}

/** A visitor that sees every regular file of a layer (secret scanning, hygiene checks). */
export interface FileVisitor {
  id: string;
  /** Return true to receive the body of this file. */
  wants(file: FileInfo): boolean;
  /**
   * Called with the whole body of a wanted file (files above `maxFileSize` are not passed) and the index of the
   * layer being walked (undefined for a walk without layer numbers).
   */
  visit(file: FileInfo, bytes: Uint8Array, layer?: number): void | Promise<void>;
  maxFileSize: number;
  /**
   * For the per-layer cache: a visitor that can hand back what it found in one layer as plain JSON (`saveLayer`)
   * and take it back for a layer read from the cache (`loadLayer`) lets the pipeline keep using the cache.
   * `version` goes into the cache key: bump it when the output for the same input changes.
   */
  version?: number | string;
  saveLayer?(layer: number): unknown;
  loadLayer?(layer: number, data: unknown): void;
}

export interface WalkOptions {
  catalogers: readonly Cataloger[];
  visitors?: readonly FileVisitor[];
  /** Name used in errors and issues (e.g. "2 (sha256:ab12…)"). */
  layerName: string;
  layerIndex?: number;
  /** Largest number of entries in one layer (default 5,000,000). */
  maxEntries?: number;
}

const SNIFF_BYTES = 4096;
const DEFAULT_MAX_FILE = 64 * 1024 * 1024;
const KEEP_MAX_FILE = 256 * 1024;
const KEEP_MAX_TOTAL = 4 * 1024 * 1024;

function fileType(t: TarEntryType): LayerFileType {
  switch (t) {
    case 'file': case 'dir': case 'symlink': case 'hardlink': return t;
    case 'char': case 'block': case 'fifo': return 'device';
    default: return 'other';
  }
}

/**
 * A file body read into one buffer of its declared size (no chunk list plus a concatenated copy: the peak for a
 * large binary is its size once). `fill(n)` reads until at least n bytes are in, or the body ends.
 */
class BodyBuffer {
  readonly bytes: Uint8Array;
  length = 0;
  constructor(private readonly it: AsyncIterator<Uint8Array>, size: number) {
    this.bytes = new Uint8Array(size);
  }

  async fill(n: number): Promise<void> {
    while (this.length < n) {
      const r = await this.it.next();
      if (r.done) return;
      const room = this.bytes.length - this.length;
      // A body longer than its header said cannot happen with our tar reader; guard anyway.
      this.bytes.set(r.value.length > room ? r.value.subarray(0, room) : r.value, this.length);
      this.length += Math.min(r.value.length, room);
    }
  }

  view(): Uint8Array {
    return this.bytes.subarray(0, this.length);
  }
}

const NONE: never[] = [];

/**
 * Walk the entries of one (already decompressed) layer tar.
 * @throws ImageError PATH_TRAVERSAL, LINK_ESCAPE, LIMIT_EXCEEDED, and the tar reader's errors
 */
export async function walkLayer(entries: AsyncIterable<TarEntry> | Iterable<TarEntry>, opts: WalkOptions): Promise<Omit<LayerAnalysis, 'diffId'>> {
  const files: LayerFile[] = [];
  const whiteouts: string[] = [];
  const opaqueDirs: string[] = [];
  const hits: CatalogHit[] = [];
  const issues: InventoryIssue[] = [];
  const maxEntries = opts.maxEntries ?? 5_000_000;
  const visitors = opts.visitors ?? [];
  // Bodies of files that catalogers read in this layer, for hardlinks to them later in the same layer.
  const kept = new Map<string, ByteSource>();
  let keptBytes = 0;
  // Streamed files whose bodies were not kept: the content-only catalogers (Cataloger.contentOnly) that found nothing
  // in them, so that a hardlink to one needs no bytes for those.
  const foundNothing = new Map<string, Set<string>>();
  const rememberNothing = (path: string, ids: readonly string[]): void => {
    if (ids.length) foundNothing.set(path, new Set(ids));
  };
  const layer = opts.layerIndex;
  // Which catalogers to ask about a file, from its name and folder (src/catalog/hints.ts).
  const candidates = buildCandidateIndex(opts.catalogers);

  /**
   * Run catalogers on one file: `parse` on the bytes when they are in memory, else `parseAt` where offered.
   * Returns the ids of the content-only catalogers that found nothing (their sniff said no, or an empty result).
   */
  const runCatalogers = async (info: FileInfo, wanted: Cataloger[], source: ByteSource, inMemory?: Uint8Array): Promise<string[]> => {
    let bytes = inMemory;
    const nothing: string[] = [];
    const head = wanted.some((c) => c.sniff) ? source.read(0, Math.min(SNIFF_BYTES, source.size)) : undefined;
    for (const c of wanted) {
      if (c.sniff && !c.sniff(head!, info)) {
        if (c.contentOnly) nothing.push(c.id);
        continue;
      }
      try {
        const result = !bytes && c.parseAt ? await c.parseAt(info, source) : await c.parse(info, (bytes ??= source.read(0, source.size)));
        if (result.packages.length || result.issues.length || result.os || result.facts !== undefined) {
          hits.push({ cataloger: c.id, path: info.path, result });
        } else if (c.contentOnly) {
          nothing.push(c.id);
        }
      } catch (err) {
        issues.push({
          code: err instanceof Error && 'code' in err && typeof err.code === 'string' ? err.code : 'CATALOGER_FAILED',
          message: `${c.id} could not read ${info.path}: ${err instanceof Error ? err.message : String(err)}`,
          path: info.path,
          ...(layer !== undefined ? { layer } : {}),
        });
      }
    }
    return nothing;
  };

  let count = 0;
  for await (const e of entries) {
    if (++count > maxEntries) {
      throw new ImageError('LIMIT_EXCEEDED', `layer ${opts.layerName} has more than ${maxEntries} entries`);
    }
    let path: string;
    try {
      path = normalizeEntryPath(e.name);
    } catch (err) {
      throw new ImageError('PATH_TRAVERSAL', `layer ${opts.layerName}: ${(err as Error).message}`, { cause: err });
    }
    if (path === '/') continue; // the root directory entry itself
    const base = basenameOf(path);
    if (base.startsWith('.wh.')) {
      const dir = dirnameOf(path);
      if (base === '.wh..wh..opq') opaqueDirs.push(dir);
      else if (!base.startsWith('.wh..wh.')) whiteouts.push(dir === '/' ? `/${base.slice(4)}` : `${dir}/${base.slice(4)}`);
      continue;
    }
    const type = fileType(e.type);
    const rec: LayerFile = { path, type, size: type === 'file' ? e.size : 0, mode: e.mode };
    if (type === 'symlink') rec.link = e.linkname;
    if (type === 'hardlink') {
      try {
        rec.link = normalizeEntryPath(e.linkname);
      } catch {
        throw new ImageError('LINK_ESCAPE', `layer ${opts.layerName}: hardlink ${path} points above the image root ("${e.linkname.slice(0, 200)}")`);
      }
    }
    files.push(rec);
    if (type !== 'file' && type !== 'hardlink') continue;

    const info: FileInfo = { path, size: e.size, mode: e.mode };
    if (type === 'hardlink') {
      // A hardlink shares its target's content; catalogers see it under its own name when we kept the target.
      const wanted = interestedCatalogers(candidates, info);
      if (wanted.length === 0) continue;
      const target = kept.get(rec.link!);
      if (target) {
        await runCatalogers({ ...info, size: target.size }, wanted, target);
        continue;
      }
      // The same bytes under another name: content-only catalogers that found nothing in the target find nothing here.
      const nothing = foundNothing.get(rec.link!);
      const unread = nothing ? wanted.filter((c) => !(c.contentOnly && nothing.has(c.id))) : wanted;
      if (unread.length) {
        issues.push({ code: 'HARDLINK_TARGET_UNREAD', message: `hardlink ${path} → ${rec.link}: target content not available to catalogers`, path, ...(layer !== undefined ? { layer } : {}) });
      }
      continue;
    }

    // A later entry at the same path replaces the earlier one: a hardlink made after it must not see the old content.
    if (kept.size) kept.delete(path);
    if (foundNothing.size) foundNothing.delete(path);
    // Most files interest nobody: find that out without allocating.
    const wanted = interestedCatalogers(candidates, info);
    const wantedVisitors = visitors.length ? visitors.filter((v) => v.wants(info)) : NONE;
    if (wanted.length === 0 && wantedVisitors.length === 0) continue;
    const maxSize = Math.max(
      ...wanted.map((c) => c.maxFileSize ?? DEFAULT_MAX_FILE),
      ...wantedVisitors.map((v) => v.maxFileSize),
    );
    const tooLarge = wanted.filter((c) => e.size > (c.maxFileSize ?? DEFAULT_MAX_FILE));
    for (const c of tooLarge) {
      issues.push({ code: 'FILE_TOO_LARGE', message: `${c.id}: ${path} is ${e.size} bytes, above its limit of ${c.maxFileSize ?? DEFAULT_MAX_FILE}`, path, ...(layer !== undefined ? { layer } : {}) });
    }
    let readers = wanted.filter((c) => !tooLarge.includes(c));
    const readVisitors = wantedVisitors.filter((v) => e.size <= v.maxFileSize);
    if (readers.length === 0 && readVisitors.length === 0) continue;
    if (e.size > maxSize) continue;

    if (e.readBody) {
      // Random access: catalogers with parseAt read only what they need (an executable's tables, one section).
      const readBody = e.readBody;
      const source: ByteSource = { size: e.size, read: readBody };
      const bytes = readVisitors.length ? readBody(0, e.size) : undefined;
      for (const v of readVisitors) await v.visit(info, bytes!, layer);
      if (readers.length) {
        await runCatalogers(info, readers, source, bytes);
        kept.set(path, source); // costs nothing: the body is read again on demand
      }
      continue;
    }
    // A stream: sniff first when every interested party is a sniffing cataloger (most binaries go after the head).
    const body = new BodyBuffer(e.body[Symbol.asyncIterator](), e.size);
    const rejected: string[] = [];
    if (readVisitors.length === 0 && readers.every((c) => c.sniff)) {
      await body.fill(Math.min(SNIFF_BYTES, e.size));
      const head = body.view().subarray(0, SNIFF_BYTES);
      readers = readers.filter((c) => {
        if (c.sniff!(head, info)) return true;
        if (c.contentOnly) rejected.push(c.id);
        return false;
      });
      if (readers.length === 0) {
        rememberNothing(path, rejected);
        continue;
      }
    }
    await body.fill(e.size);
    const bytes = body.view();
    for (const v of readVisitors) await v.visit(info, bytes, layer);
    if (readers.length) {
      const nothing = await runCatalogers(info, readers, bytesSource(bytes), bytes);
      // Keep small bodies for hardlinks later in this layer; bounded so memory does not grow with the layer.
      if (bytes.length <= KEEP_MAX_FILE && keptBytes + bytes.length <= KEEP_MAX_TOTAL) {
        kept.set(path, bytesSource(bytes));
        keptBytes += bytes.length;
      } else {
        rememberNothing(path, [...rejected, ...nothing]);
      }
    }
  }
  return { files, whiteouts, opaqueDirs, hits, issues };
}
