/**
 * Apply analysed layers in order to get the final filesystem view and the inventory with, for each package, the
 * layer that introduced it. A package's layer is the last layer after which it is present without a break: a
 * package installed in layer 1, purged in layer 2 and installed again in layer 4 belongs to layer 4; a version
 * change counts as a removal and an addition (the same rule as the test images' truth files).
 *
 * Order inside one layer (OCI image-spec layer.md, "Whiteouts"): whiteouts and opaque markers hide lower-layer
 * content only, then the layer's own entries are added.
 */
import type { InventoryIssue, LayerRef, OsInfo, Package } from '../../model/index.js';
import type { Cataloger, FileParseResult } from '../../catalog/types.js';
import { PathMap } from './path-map.js';
import type { LayerAnalysis, LayerFile } from './walk.js';

export interface ViewEntry extends LayerFile {
  /** Index of the layer that last added or changed this path. */
  layer: number;
}

export interface DeletedEntry {
  path: string;
  /** Index of the layer that deleted it (whiteout, opaque directory or replacement). */
  layer: number;
  /** Index of the layer the deleted content came from. */
  from: number;
}

export interface MergeResult {
  packages: Package[];
  /** OS facts of the final view, by file path (the caller picks one with selectOs). */
  osFacts: Map<string, OsInfo>;
  issues: InventoryIssue[];
  /** The final filesystem view: every path with the layer that last added or changed it. */
  view: Map<string, ViewEntry>;
  /** Files present in some layer but not in the final view (still readable from the image's layers). */
  deleted: DeletedEntry[];
}

interface Held {
  result: FileParseResult;
  layer: number;
}

function packageKey(p: Package): string {
  return `${p.type}\u0000${p.name}\u0000${p.version}\u0000${p.arch ?? ''}\u0000${p.locations[0] ?? ''}`;
}

/**
 * Merge layer analyses (index order) into the final view and inventory.
 * @param layers the analyses, bottom layer first
 * @param refs the layer references to stamp on packages, same order
 */
export function mergeLayers(layers: readonly LayerAnalysis[], refs: readonly LayerRef[], catalogers: readonly Cataloger[]): MergeResult {
  const view = new PathMap<ViewEntry>();
  const deleted: DeletedEntry[] = [];
  const issues: InventoryIssue[] = [];
  // cataloger id → path → result held in the current view
  const held = new Map<string, PathMap<Held>>();
  for (const c of catalogers) held.set(c.id, new PathMap());
  const since = new Map<string, number>();
  let previousKeys = new Set<string>();

  for (let i = 0; i < layers.length; i++) {
    const layer = layers[i]!;
    let changed = false;
    const hide = (dir: string, exactOnly: boolean): void => {
      const record = (path: string, v: ViewEntry): void => { deleted.push({ path, layer: i, from: v.layer }); };
      // A whiteout of something the view holds as a file or link has nothing below it. One of a directory, or of a
      // path the view has no entry for (tars need not list directories), removes everything below it too.
      let below = true;
      if (exactOnly) {
        const v = view.get(dir);
        if (v && v.type !== 'dir') {
          record(dir, v);
          view.delete(dir);
          below = false;
        } else {
          view.removeUnder(dir, true, record);
        }
      } else {
        view.removeUnder(dir, false, record); // opaque: everything below the directory, not the directory itself
      }
      for (const m of held.values()) {
        const before = m.size;
        if (exactOnly && !below) m.delete(dir);
        else m.removeUnder(dir, exactOnly);
        if (m.size !== before) changed = true;
      }
    };
    for (const w of layer.whiteouts) hide(w, true);
    for (const d of layer.opaqueDirs) hide(d, false);

    const hitPaths = new Set<string>();
    for (const h of layer.hits) hitPaths.add(`${h.cataloger}\u0000${h.path}`);
    for (const f of layer.files) {
      const prev = view.get(f.path);
      if (prev && prev.type === 'dir' && f.type !== 'dir') {
        // a directory replaced by a file or link: its contents are gone
        view.removeUnder(f.path, true, (path, v) => { if (path !== f.path) deleted.push({ path, layer: i, from: v.layer }); });
        for (const m of held.values()) {
          const before = m.size;
          m.removeUnder(f.path, true);
          if (m.size !== before) changed = true;
        }
      } else if (prev && prev.type !== 'dir') {
        // replaced in this layer: lower catalog results for the path no longer hold unless this layer has its own
        for (const [cid, m] of held) {
          if (m.has(f.path) && !hitPaths.has(`${cid}\u0000${f.path}`)) {
            m.delete(f.path);
            changed = true;
          }
        }
      }
      view.set(f.path, { ...f, layer: i });
    }
    for (const h of layer.hits) {
      const m = held.get(h.cataloger);
      if (!m) continue; // a cataloger no longer registered (old cache entry): ignore
      m.set(h.path, { result: h.result, layer: i });
      changed = true;
    }
    for (const issue of layer.issues) issues.push({ ...issue, layer: i });

    if (changed || i === 0) {
      const keys = new Set<string>();
      for (const m of held.values()) for (const h of m.values()) for (const p of h.result.packages) keys.add(packageKey(p));
      for (const k of keys) if (!previousKeys.has(k)) since.set(k, i);
      for (const k of previousKeys) if (!keys.has(k)) since.delete(k);
      previousKeys = keys;
    }
  }

  const packages: Package[] = [];
  const osFacts = new Map<string, OsInfo>();
  for (const c of catalogers) {
    const m = held.get(c.id)!;
    const sorted = new Map([...m.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
    const results = new Map<string, FileParseResult>();
    for (const [path, h] of sorted) {
      results.set(path, h.result);
      if (h.result.os) osFacts.set(path, h.result.os);
      for (const issue of h.result.issues) issues.push({ ...issue, layer: issue.layer ?? h.layer });
    }
    const finalized = c.finalize
      ? c.finalize(results)
      : { packages: [...results.values()].flatMap((r) => r.packages), issues: [] };
    issues.push(...finalized.issues);
    for (const p of finalized.packages) {
      const fromFile = sorted.get(p.locations[0] ?? '')?.layer;
      const index = since.get(packageKey(p)) ?? fromFile;
      const ref = index !== undefined ? refs[index] : undefined;
      packages.push(ref ? { ...p, layer: { ...ref } } : p);
    }
  }
  return { packages, osFacts, issues, view, deleted };
}

/**
 * Resolve a path through symlinks inside the image root only (as the kernel does under a chroot: ".." at the root
 * stays at the root). Returns undefined for a dangling link, a loop (more than 40 links), or a missing path.
 */
export function resolveInView(view: ReadonlyMap<string, LayerFile>, path: string, maxLinks = 40): string | undefined {
  let links = 0;
  let parts = path.split('/').filter(Boolean);
  let done: string[] = [];
  while (parts.length) {
    const seg = parts.shift()!;
    if (seg === '.') continue;
    if (seg === '..') { done.pop(); continue; }
    const cur = `/${[...done, seg].join('/')}`;
    const e = view.get(cur);
    if (!e) return undefined;
    if (e.type === 'symlink' && e.link !== undefined) {
      if (++links > maxLinks) return undefined;
      const target = e.link.split('/').filter(Boolean);
      if (e.link.startsWith('/')) done = [];
      parts = [...target, ...parts];
      continue;
    }
    done.push(seg);
  }
  const out = `/${done.join('/')}`;
  return out === '/' || view.has(out) ? out : undefined;
}

