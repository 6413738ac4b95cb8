/**
 * Reads a directory of `drydock scan -f json` outputs for the admission webhook and keeps the index fresh: the
 * directory is listed again at most every `refreshMs`, and only files whose size or mtime changed are re-read, so a
 * CI job can drop new results in while the server runs.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { K8sError } from '../errors.js';
import { buildScanIndex, parseScanResult } from '../rules/admission/scan-index.js';
import type { NamedScan, ScanIndex } from '../rules/admission/scan-index.js';

/** Where the webhook gets scan results from; `current()` may do I/O. */
export interface ScanSource {
  current(): Promise<ScanIndex>;
  /** Files that could not be used, with why (printed by the CLI). */
  issues(): string[];
}

export interface ScanDirOptions {
  refreshMs?: number;
  /** Scan results of large images are big; anything above this is skipped with an issue (default 512 MiB). */
  maxFileBytes?: number;
  now?: () => number;
}

interface Entry {
  key: string;
  scan?: NamedScan;
  issue?: string;
}

/**
 * Opens a scan-results directory. The first `current()` reads every `*.json` file in it (not recursively).
 * @throws {K8sError} INPUT_NOT_FOUND when the directory cannot be listed
 */
export async function openScanResultsDir(dir: string, options: ScanDirOptions = {}): Promise<ScanSource> {
  const refreshMs = options.refreshMs ?? 10_000;
  const maxBytes = options.maxFileBytes ?? 512 * 1024 * 1024;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  let index: ScanIndex | undefined;
  let loadedAt = 0;
  let pending: Promise<ScanIndex> | undefined;

  async function load(): Promise<ScanIndex> {
    let names: string[];
    try {
      names = (await readdir(dir)).filter((n) => n.endsWith('.json')).sort();
    } catch (cause) {
      throw new K8sError('INPUT_NOT_FOUND', `cannot list --scan-results ${dir}: ${(cause as Error).message}`, { cause });
    }
    let changed = names.length !== entries.size || names.some((n) => !entries.has(n));
    for (const n of [...entries.keys()]) if (!names.includes(n)) entries.delete(n);
    for (const n of names) {
      const p = join(dir, n);
      const st = await stat(p).catch(() => undefined);
      if (!st?.isFile()) continue;
      const key = `${st.size}:${st.mtimeMs}`;
      if (entries.get(n)?.key === key) continue;
      changed = true;
      if (st.size > maxBytes) {
        entries.set(n, { key, issue: `${n}: ${st.size} bytes, over the ${maxBytes}-byte limit; skipped` });
        continue;
      }
      try {
        const result = parseScanResult(JSON.parse(await readFile(p, 'utf8')), n);
        entries.set(n, { key, scan: { name: n, result } });
      } catch (err) {
        entries.set(n, { key, issue: `${n}: ${(err as Error).message}` });
      }
    }
    if (changed || !index) index = buildScanIndex([...entries.values()].flatMap((e) => (e.scan ? [e.scan] : [])));
    loadedAt = now();
    return index;
  }

  await load();
  return {
    async current() {
      if (index && now() - loadedAt < refreshMs) return index;
      // One reload at a time; concurrent requests share it.
      pending ??= load().finally(() => {
        pending = undefined;
      });
      return pending;
    },
    issues: () => [...entries.values()].flatMap((e) => (e.issue ? [e.issue] : [])),
  };
}
