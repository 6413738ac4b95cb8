/**
 * Secret scanning wired into the inventory pipeline: a layer-walker visitor that reads text files of every layer
 * (deleted ones included: the walker sees every layer's files), and a resolver that, after the merge, says which
 * layer each finding came from and whether the file is still in the final view.
 *
 * @example
 * const secrets = createSecretVisitor();
 * const inv = await buildInventory(image, { catalogers, toolVersion, visitors: [secrets.visitor] });
 * const findings = [...secrets.results(inv), ...scanConfigForSecrets(inv.inventory.image)];
 */
import type { ImageInfo } from '../model/index.js';
import type { FileInfo } from '../catalog/types.js';
import type { FileVisitor, LayerAnalysis } from '../image/layers/walk.js';
import type { MergeResult } from '../image/layers/merge.js';
import {
  DEFAULT_MAX_SECRET_FILE_SIZE, isSecretScanPath, looksBinary, decodeForScan, scanImageConfig, scanText,
  SecretsError, type AllowList, type SecretFinding, type TextFinding,
} from '../secrets/index.js';
import { deletedSentence } from '../secrets/finding.js';

/** Options of {@link createSecretVisitor}. */
export interface SecretVisitorOptions {
  /** Largest file read, in bytes (default 10 MiB). */
  maxFileSize?: number;
  allowList?: AllowList;
  /** Skip the built-in allow-list of placeholders, public examples and test directories. */
  noDefaultAllowList?: boolean;
  /** Read documentation, locale and CA-bundle paths too (skipped by default). */
  includeNoisePaths?: boolean;
}

/** Counters for reports and the benchmark. */
export interface SecretScanStats {
  /** Files whose body was read and scanned as text. */
  filesScanned: number;
  bytesScanned: number;
  /** Files read but skipped as binary (NUL in the first 8 KiB). */
  binarySkipped: number;
}

/** What the walker must hand back to place findings: the layer analyses and the merge of the same build. */
export interface SecretResolveInput {
  analyses: readonly LayerAnalysis[];
  merge: Pick<MergeResult, 'view' | 'deleted'>;
}

/** The visitor to pass to buildInventory, and how to read its findings after the inventory is built. */
export interface SecretVisitor {
  visitor: FileVisitor;
  /** Findings in files, with layer and `deleted` set from the merge. Call once buildInventory has returned. */
  results(input: SecretResolveInput): SecretFinding[];
  stats(): SecretScanStats;
}

interface Visit {
  seq: number;
  path: string;
  size: number;
  mode: number;
  layer?: number;
  findings: TextFinding[];
}

/**
 * Make a secret-scanning visitor for buildInventory.
 * @throws SecretsError INVALID_OPTIONS for a non-positive maxFileSize
 */
export function createSecretVisitor(options: SecretVisitorOptions = {}): SecretVisitor {
  const maxFileSize = options.maxFileSize ?? DEFAULT_MAX_SECRET_FILE_SIZE;
  if (!(maxFileSize > 0)) throw new SecretsError('INVALID_OPTIONS', `maxFileSize must be a positive number of bytes (got ${maxFileSize})`);
  const visits: Visit[] = [];
  const stats: SecretScanStats = { filesScanned: 0, bytesScanned: 0, binarySkipped: 0 };
  let seq = 0;
  const scanOpts = { ...(options.allowList ? { allowList: options.allowList } : {}), ...(options.noDefaultAllowList ? { noDefaultAllowList: true } : {}) };

  const visitor: FileVisitor = {
    id: 'secrets',
    // Part of the layer cache key, with the options that change what is found.
    version: `1;${maxFileSize};${options.includeNoisePaths ? 1 : 0};${options.noDefaultAllowList ? 1 : 0};${JSON.stringify(options.allowList ?? {}, (_k, v: unknown) => (v instanceof RegExp ? String(v) : v))}`,
    maxFileSize,
    saveLayer(layer: number): unknown {
      return visits.filter((v) => v.layer === layer).map(({ seq: _seq, ...rest }) => rest);
    },
    loadLayer(layer: number, data: unknown): void {
      if (!Array.isArray(data)) return;
      for (const v of data as Omit<Visit, 'seq'>[]) visits.push({ ...v, layer, seq: seq++ });
    },
    wants(file: FileInfo): boolean {
      if (file.size === 0 || file.size > maxFileSize) return false;
      return options.includeNoisePaths === true || isSecretScanPath(file.path);
    },
    // `layer` is taken when the walker passes it (a third argument it does not give yet); without it the layer is
    // worked out from the analyses in results().
    visit(file: FileInfo, bytes: Uint8Array, layer?: number): void {
      const n = seq++;
      if (looksBinary(bytes)) {
        stats.binarySkipped++;
        return;
      }
      stats.filesScanned++;
      stats.bytesScanned += bytes.length;
      const findings = scanText(decodeForScan(bytes), { ...scanOpts, path: file.path });
      // Only files with findings are kept: memory stays flat however large the image.
      if (findings.length) visits.push({ seq: n, path: file.path, size: file.size, mode: file.mode, ...(typeof layer === 'number' ? { layer } : {}), findings });
    },
  };

  return {
    visitor,
    stats: () => ({ ...stats }),
    results: (input) => resolveFindings(visits, input),
  };
}

/**
 * Place each visit in its layer and mark findings whose file is gone from the final view.
 * Layers are read concurrently, so visit order does not give the layer: a visit is matched to the layers whose
 * file table has a regular file at the same path with the same size and mode. When several layers qualify (the
 * same file re-added), visits are given to them in order.
 */
function resolveFindings(visits: readonly Visit[], input: SecretResolveInput): SecretFinding[] {
  const wanted = new Set(visits.filter((v) => v.layer === undefined).map((v) => v.path));
  const candidates = new Map<string, number[]>();
  if (wanted.size) {
    input.analyses.forEach((a, i) => {
      for (const f of a.files) {
        if (f.type !== 'file' || !wanted.has(f.path)) continue;
        const key = `${f.path}\u0000${f.size}\u0000${f.mode}`;
        const list = candidates.get(key) ?? [];
        list.push(i);
        candidates.set(key, list);
      }
    });
  }
  const used = new Map<string, number>();
  const out: SecretFinding[] = [];
  for (const v of [...visits].sort((a, b) => a.seq - b.seq)) {
    let layer = v.layer;
    if (layer === undefined) {
      const key = `${v.path}\u0000${v.size}\u0000${v.mode}`;
      const list = candidates.get(key) ?? [];
      const k = used.get(key) ?? 0;
      used.set(key, k + 1);
      layer = list[Math.min(k, list.length - 1)];
    }
    const inView = input.merge.view.get(v.path);
    const deleted = layer !== undefined && (!inView || inView.layer !== layer);
    let deletedInLayer: number | undefined;
    if (deleted) {
      deletedInLayer = input.merge.deleted.find((d) => d.path === v.path && d.from === layer)?.layer ?? (inView ? inView.layer : undefined);
    }
    for (const f of v.findings) {
      const finding: SecretFinding = { ...f, source: 'file', ...(layer !== undefined ? { layer } : {}) };
      if (deleted) {
        finding.deleted = true;
        if (deletedInLayer !== undefined) finding.deletedInLayer = deletedInLayer;
        finding.message = `${f.message}. ${deletedSentence(finding)}`;
      }
      out.push(finding);
    }
  }
  return out;
}

/**
 * Scan the image config (ENV, labels, history) for secrets.
 * @example scanConfigForSecrets(inventory.image).map((f) => f.source) // ['env', 'history', …]
 */
export function scanConfigForSecrets(info: ImageInfo, options: Pick<SecretVisitorOptions, 'allowList' | 'noDefaultAllowList'> = {}): SecretFinding[] {
  return scanImageConfig(info, options);
}
