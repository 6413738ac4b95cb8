/**
 * The walker's index of catalogers' path hints: which catalogers can want a file, found from its name, extension
 * and folder with three map lookups, instead of asking every cataloger's `matches` about every file of every layer
 * (13 catalogers × ~10,000 files in a Debian image, most of them regular-expression tests). `matches` stays the
 * judge: the index only decides whom to ask.
 */
import type { Cataloger, FileInfo } from './types.js';

export interface CandidateIndex {
  readonly catalogers: readonly Cataloger[];
  /** Bit i set: catalogers[i] has no hints and is asked about every file. */
  readonly always: number;
  readonly byName: ReadonlyMap<string, number>;
  /** Keyed by the suffix's own extension (from its last dot, lower case); each entry lists the full suffixes. */
  readonly byExtension: ReadonlyMap<string, readonly { suffix: string; bit: number }[]>;
  readonly byDir: ReadonlyMap<string, number>;
}

const MAX_CATALOGERS = 31;

/** Lower-case extension of a file name from its last dot ("" when there is none, or only a leading one). */
function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot).toLowerCase() : '';
}

function orInto(map: Map<string, number>, key: string, bit: number): void {
  map.set(key, (map.get(key) ?? 0) | bit);
}

/** Build the index for a list of catalogers (their order is kept in every answer). */
export function buildCandidateIndex(catalogers: readonly Cataloger[]): CandidateIndex {
  if (catalogers.length > MAX_CATALOGERS) throw new RangeError(`at most ${MAX_CATALOGERS} catalogers can be indexed, got ${catalogers.length}`);
  let always = 0;
  const byName = new Map<string, number>();
  const byExtension = new Map<string, { suffix: string; bit: number }[]>();
  const byDir = new Map<string, number>();
  catalogers.forEach((c, i) => {
    const bit = 1 << i;
    const h = c.pathHints;
    if (!h) {
      always |= bit;
      return;
    }
    for (const n of h.names ?? []) orInto(byName, n, bit);
    for (const d of h.dirs ?? []) orInto(byDir, d.endsWith('/') && d !== '/' ? d.slice(0, -1) : d, bit);
    for (const s of h.suffixes ?? []) {
      const suffix = s.toLowerCase();
      const ext = extensionOf(`x${suffix}`);
      if (!ext) throw new RangeError(`${c.id}: path hint suffix "${s}" has no extension`);
      const list = byExtension.get(ext) ?? [];
      list.push({ suffix, bit });
      byExtension.set(ext, list);
    }
  });
  return { catalogers, always, byName, byExtension, byDir };
}

/** The bit set of catalogers that may want `path`, before asking `matches`. */
export function candidateBits(index: CandidateIndex, path: string): number {
  const slash = path.lastIndexOf('/');
  const name = path.slice(slash + 1);
  let bits = index.always | (index.byName.get(name) ?? 0);
  if (index.byDir.size) bits |= index.byDir.get(slash <= 0 ? '/' : path.slice(0, slash)) ?? 0;
  const ext = extensionOf(name);
  if (ext) {
    const list = index.byExtension.get(ext);
    if (list) {
      const lower = name.toLowerCase();
      for (const { suffix, bit } of list) if (lower.endsWith(suffix)) bits |= bit;
    }
  }
  return bits;
}

const NONE: never[] = [];

/** The catalogers whose `matches` takes this file, in index order (a shared empty array when none does). */
export function interestedCatalogers(index: CandidateIndex, info: FileInfo): Cataloger[] {
  let bits = candidateBits(index, info.path);
  let out: Cataloger[] | undefined;
  for (let i = 0; bits !== 0; i++, bits >>>= 1) {
    if ((bits & 1) === 0) continue;
    const c = index.catalogers[i]!;
    if (c.matches(info)) (out ??= []).push(c);
  }
  return out ?? NONE;
}
